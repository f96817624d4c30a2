# expect: DF-133 @3
FROM debian:12-slim
RUN curl -fsSL https://example.com/app.tar.gz | tar xz -C /opt
