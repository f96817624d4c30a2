FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tar.gz | tar xz -C /opt
FROM alpine:3.20
RUN set -eo pipefail && wget -qO- https://example.com/app.tar.gz | tar xz -C /opt
RUN echo "deb http://deb.debian.org/debian bookworm main" | tee /etc/apt/sources.list
