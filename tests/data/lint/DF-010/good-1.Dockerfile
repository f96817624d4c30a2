# a builder stage that runs as root is not the image
FROM golang:1.22 AS build
USER root
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
USER 65532:65532
