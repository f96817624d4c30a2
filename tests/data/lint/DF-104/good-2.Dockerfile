FROM debian:12-slim
# a simulated install (-s) only answers whether the package exists
RUN apt-get update \
 && if apt-get install -s "postgresql-16-jit" > /dev/null 2>&1; then apt-get install -y --no-install-recommends postgresql-16-jit=16.4-1; fi \
 && rm -rf /var/lib/apt/lists/*
