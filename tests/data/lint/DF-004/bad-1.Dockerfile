# expect: DF-004 @4
# expect: DF-004 @6
# expect: DF-004 @7
FROM quay.io/prometheus/busybox:1.36 AS tools
FROM registry.corp.example.net/base/debian:12
COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /usr/local/bin/uv
FROM node:20-alpine
