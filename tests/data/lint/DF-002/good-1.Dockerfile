ARG BASE_IMAGE
ARG VERSION=3.12
FROM ${BASE_IMAGE}
FROM python:${VERSION}-slim AS builder
FROM builder AS test
FROM ruby@sha256:f1dbca0f5dbc9f1dbca0f5dbc9f1dbca0f5dbc9f1dbca0f5dbc9f1dbca0f5dbc9a
FROM scratch
COPY --from=builder /app /app
