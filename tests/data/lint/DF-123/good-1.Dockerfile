FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
RUN pip install flask==3.0.3
FROM python:3.12-slim AS other
RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
RUN pip install --no-cache-dir gunicorn==22.0.0 && pipx install black==24.4.2
