FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends -t bookworm-backports curl=7.88.1-10+deb12u5 ./vendor/tool_1.0_amd64.deb \
 && rm -rf /var/lib/apt/lists/*
