FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM alpine:3.20 AS runtime
COPY --from=build /out/app /app
COPY --from=0 /out/app /app2
