FROM node:20-alpine AS build
USER node
RUN npm ci
FROM node:20-alpine
COPY --from=build /app /app
USER 1000:1000
