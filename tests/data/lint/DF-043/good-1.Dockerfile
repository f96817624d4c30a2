FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/org/repo" \
      maintainer="team@example.org" \
      com.example.release-channel=stable
