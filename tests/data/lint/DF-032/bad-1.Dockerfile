# expect: DF-032 @5
FROM debian:12-slim
ENTRYPOINT ["/docker-entrypoint.sh"]
COPY entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
