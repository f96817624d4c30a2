# expect: DF-044 @3
ARG VERSION=1.2
LABEL org.opencontainers.image.version=$VERSION
FROM alpine:3.20
