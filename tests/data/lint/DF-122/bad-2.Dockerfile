# expect: DF-122 @3
FROM python:3.12-slim
RUN python3 -m pip install --no-cache-dir --index-url https://pypi.example.com/simple requests
