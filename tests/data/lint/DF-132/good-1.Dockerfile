FROM debian:12-slim
SHELL ["/bin/bash", "-c"]
RUN ln -sf /bin/true /sbin/initctl && ln -s /bin/sh /usr/local/bin/mysh
