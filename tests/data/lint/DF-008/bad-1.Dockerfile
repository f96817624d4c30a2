# expect: DF-008 @4
# expect: DF-008 @5
FROM alpine:3.20
COPY --from=builder /out/app /app
COPY --from=3 /out/app /app2
FROM golang:1.22 AS builder
