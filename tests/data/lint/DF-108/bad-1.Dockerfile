# expect: DF-108 @3
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.2-1.1 && rm -rf /var/lib/apt/lists/*
