# expect: DF-034 @5
FROM nginx:1.27 AS base
FROM base AS prod
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
FROM base AS dev
