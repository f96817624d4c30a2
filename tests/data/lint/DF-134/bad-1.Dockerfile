# expect: DF-134 @4
FROM debian:12-slim
RUN mkdir -p /app
RUN useradd app
