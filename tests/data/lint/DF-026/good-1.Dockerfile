FROM alpine:3.20
WORKDIR /devops
WORKDIR /srv/proc
WORKDIR /app
