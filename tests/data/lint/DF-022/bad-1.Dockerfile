# expect: DF-022 @3
FROM debian:12-slim
COPY dist/app-1.4.2.tar.gz /tmp/
RUN tar -xzf /tmp/app-1.4.2.tar.gz -C /opt && rm /tmp/app-1.4.2.tar.gz
