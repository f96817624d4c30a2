# expect: DF-103 @3
FROM alpine:3.20
RUN apk update
RUN apk add --no-cache curl=8.9.1-r1
