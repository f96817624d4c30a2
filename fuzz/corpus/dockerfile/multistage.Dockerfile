ARG BASE=golang
ARG VERSION
FROM ${BASE}:${VERSION:-1.22} AS build
ENV CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app ./...
FROM build AS test
RUN go test ./...
FROM gcr.io/distroless/static
COPY --from=build --chown=65532:65532 /out/app /app
ENTRYPOINT ["/app"]
