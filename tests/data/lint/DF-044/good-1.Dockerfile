# syntax=docker/dockerfile:1
ARG VERSION=1.2
FROM alpine:3.20
LABEL org.opencontainers.image.version=$VERSION
