FROM alpine
RUN if [ -f /x ]; then apk add y; else echo "$(id -u) `whoami`"; fi; \
  case "$A" in a|b) echo ab ;; *) exit 1 ;; esac; \
  { cd /tmp && make; } || (echo fail >&2; exit 1) 2>&1 | tee /log &
