FROM debian:12-slim
# a pipe inside $(...) only computes a value
RUN set -eux; \
	dpkgArch="$(dpkg --print-architecture | awk -F- '{ print $NF }')"; \
	echo "$dpkgArch" > /etc/arch
