# expect: DF-106 @3
FROM debian:11
RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*
