FROM debian:12-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.org>"
LABEL maintainer="Jane Doe"
