# expect: DF-122 @3
FROM python:3.12-slim
RUN pip install --no-cache-dir flask gunicorn==22.0.0
