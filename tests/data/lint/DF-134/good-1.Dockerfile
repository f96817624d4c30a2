FROM debian:12-slim
RUN mkdir -p /app && chown 1000 /app
RUN useradd app
WORKDIR /app
RUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc
