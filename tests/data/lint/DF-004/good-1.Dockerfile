FROM registry.corp.example.net/base/golang:1.22 AS build
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/app /app
FROM scratch
