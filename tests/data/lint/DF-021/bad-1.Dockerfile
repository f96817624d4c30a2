# expect: DF-021 @4
# expect: DF-021 @5
FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD git@github.com:moby/buildkit.git#v0.14.0 /src/buildkit
