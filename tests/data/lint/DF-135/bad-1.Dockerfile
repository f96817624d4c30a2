# expect: DF-135 @3
FROM debian:12-slim
RUN useradd -u 1000000 -m app
