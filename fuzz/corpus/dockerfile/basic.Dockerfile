FROM alpine:3.20
RUN apk add --no-cache curl \
    && rm -rf /var/cache/apk
USER nobody
CMD ["curl", "--version"]
