# expect: DF-123 @3
FROM python:3.12-slim
RUN pip install flask==3.0.3
