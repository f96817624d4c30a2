# expect: DF-129 @3
FROM debian:12-slim
RUN wget https://example.com/a.tar.gz
