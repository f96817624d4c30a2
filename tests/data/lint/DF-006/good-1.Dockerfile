FROM node:20-alpine AS deps
RUN npm ci
FROM node:20-alpine AS build
COPY --from=deps /app/node_modules ./node_modules
