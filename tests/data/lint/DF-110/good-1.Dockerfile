FROM alpine:3.20
RUN apk --no-cache add curl=8.9.1-r1
RUN apk add --update git=2.45.2-r0 && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add bash=5.2.26-r0
