FROM debian:12-slim
WORKDIR /app
RUN curl -fsSL https://example.com/src.tar.gz | tar xz && cd src && make install && cd / && rm -rf /app/src
