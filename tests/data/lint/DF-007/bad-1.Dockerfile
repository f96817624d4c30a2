# expect: DF-007 @5
# expect: DF-007 @7
FROM golang:1.22 AS build
WORKDIR /src
COPY --from=build /src/go.mod /tmp/
FROM alpine:3.20
COPY --from=1 /etc/hosts /tmp/
