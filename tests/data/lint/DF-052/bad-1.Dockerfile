# expect: DF-052 @6
# expect: DF-052 @8
# expect: DF-052 @9
FROM node:20-alpine
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci && rm .npmrc
COPY deploy/id_ed25519 /root/.ssh/id_ed25519
COPY certs/server.key /etc/nginx/tls/
