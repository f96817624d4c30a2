FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM alpine:3.20
COPY --from=builder /out/app /app
COPY --from=BUILDER /out/app /app2
COPY --from=0 /out/app /app3
COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
COPY --from=${TOOLS_IMAGE} /tool /bin/tool
