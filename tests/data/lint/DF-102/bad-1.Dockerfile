# expect: DF-102 @4
FROM ubuntu:24.04
USER ubuntu
RUN sudo apt-get update
