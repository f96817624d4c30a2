FROM debian:12-slim AS base
ENTRYPOINT ["/docker-entrypoint.sh"]
FROM base
ENTRYPOINT ["/entrypoint.sh"]
