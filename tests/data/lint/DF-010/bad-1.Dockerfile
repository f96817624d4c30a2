# expect: DF-010 @6
FROM debian:12-slim
RUN useradd -u 10001 app
USER app
RUN make install
USER root
CMD ["/usr/local/bin/app"]
