FROM python:3.12-slim AS base
WORKDIR /srv
FROM base
COPY app.py app.py
FROM python:3.12-slim
COPY requirements.txt /srv/
COPY config.yaml $APP_HOME
