# expect: DF-131 @3
FROM debian:12-slim
RUN service nginx start
