FROM debian:trixie-slim
# apt 2.7+ removes the lists and caches with dist-clean
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates=20250419; \
	apt-get dist-clean
