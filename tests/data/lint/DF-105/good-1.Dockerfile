FROM ubuntu:24.04
RUN apt-get update && apt-get install -y -o APT::Install-Recommends=false make=4.3-4.1build2 \
 && rm -rf /var/lib/apt/lists/*
