FROM rockylinux:9
ARG GIT_VERSION
RUN yum install -y git-core-${GIT_VERSION} openssl-1:3.0.7 gcc-c++-11.4.1 && yum module install -y nodejs:20 && yum clean all
