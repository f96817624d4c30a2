# expect: DF-103 @3
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*
