# expect: DF-105 @3
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y build-essential=12.10ubuntu1 && rm -rf /var/lib/apt/lists/*
