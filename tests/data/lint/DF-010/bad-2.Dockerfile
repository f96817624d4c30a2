# expect: DF-010 @3
FROM debian:12 AS base
USER 0:0
RUN apt-get update
FROM base
CMD ["bash"]
