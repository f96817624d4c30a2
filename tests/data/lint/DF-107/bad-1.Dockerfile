# expect: DF-107 @3
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311
