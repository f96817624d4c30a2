FROM nginx:1.27 AS base
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
FROM base
HEALTHCHECK NONE
