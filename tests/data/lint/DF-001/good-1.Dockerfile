# a stage named latest-builder and a digest-pinned latest are fine
FROM node:20.11-bookworm-slim AS latest-builder
RUN npm ci
FROM hub.docker.io/library/nginx:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb
COPY --from=latest-builder /app/dist /usr/share/nginx/html
