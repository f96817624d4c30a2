# expect: DF-002 @2
FROM debian AS base
RUN apt-get update
FROM base
USER 1000
