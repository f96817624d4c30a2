FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends openssh-client vim-tiny && rm -rf /var/lib/apt/lists/*
