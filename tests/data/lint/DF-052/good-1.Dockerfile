FROM node:20-alpine AS build
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci
FROM node:20-alpine
COPY --from=build /app/node_modules /app/node_modules
COPY certs/server.crt /etc/nginx/tls/
COPY deploy/id_ed25519.pub /root/.ssh/authorized_keys
COPY .env.example /app/
