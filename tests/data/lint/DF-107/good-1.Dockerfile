FROM debian:12-slim AS build
# a build stage nothing is built FROM: its layers never reach the image
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
