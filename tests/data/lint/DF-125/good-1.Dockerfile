FROM node:20-alpine AS deps
WORKDIR /app
# only the built files leave this stage
RUN yarn install --frozen-lockfile
FROM node:20-alpine
WORKDIR /app
RUN yarn install --production --frozen-lockfile && yarn cache clean
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
