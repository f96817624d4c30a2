# syntax=docker/dockerfile:1
# expect: DF-108 @4
FROM debian:12-slim
RUN <<EOT
set -eux
apt-get update
apt-get install -y --no-install-recommends git make=4.3-4.1
rm -rf /var/lib/apt/lists/*
EOT
