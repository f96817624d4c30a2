FROM debian:12-slim AS fetch
RUN wget -q https://example.com/a.tar.gz
FROM debian:12-slim
RUN curl -fsSLO https://example.com/b.tar.gz
