FROM debian:12-slim
RUN mkdir -p /var/tmp/build && chmod 1777 /var/tmp/build /tmp
RUN chmod 755 /usr/local/bin/entrypoint.sh && chmod g+w /srv/data && chmod +x /usr/local/bin/run
