FROM debian:12-slim
RUN useradd -l -u 1000000 -m app && useradd --uid 1001 worker
