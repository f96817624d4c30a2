FROM debian:12-slim
RUN apt-get update && apt-get -qq install --no-install-recommends git=1:2.39.2-1.1 \
 && DEBIAN_FRONTEND=noninteractive apt-get install --assume-yes --no-install-recommends make=4.3-4.1 \
 && rm -rf /var/lib/apt/lists/*
