# expect: DF-024 @5
# expect: DF-024 @7
FROM python:3.12-slim AS base
RUN pip install --no-cache-dir flask
COPY app.py app.py
FROM python:3.12-slim
COPY requirements.txt .
