FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && rm -rf /var/lib/apt/lists/*
FROM rockylinux:9
# yum update upgrades packages; it is not an index refresh
RUN yum -y update && yum clean all
