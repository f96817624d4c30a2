# expect: DF-003 @3
# expect: DF-003 @5
FROM golang:1.22 AS build
RUN go build ./...
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /go/bin/app /app
