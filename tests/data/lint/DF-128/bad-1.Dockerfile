# expect: DF-128 @4
FROM debian:12-slim
RUN wget -q https://example.com/a.tar.gz
RUN curl -fsSLO https://example.com/b.tar.gz
