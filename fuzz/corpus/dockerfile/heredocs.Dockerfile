FROM debian:12
RUN <<EOF
set -e
apt-get update
EOF
COPY <<-"CONF" <<APP /etc/
	key=$value
	CONF
echo app
APP
