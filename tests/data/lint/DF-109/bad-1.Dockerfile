# expect: DF-109 @3
FROM ubuntu:24.04
RUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*
