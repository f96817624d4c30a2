FROM node:20-alpine AS build
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
FROM node:20-alpine
COPY --from=build /app /app
ENV CLICKHOUSE_PASSWORD=${CLICKHOUSE_PASSWORD}
ENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password
ENV PASSWORD=
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV TOKENIZERS_PARALLELISM=false
