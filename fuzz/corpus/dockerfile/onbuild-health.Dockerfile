FROM node:20
ONBUILD COPY . /app
ONBUILD RUN npm ci && npm run build
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1
STOPSIGNAL SIGTERM
EXPOSE 80/tcp 443
VOLUME ["/data", "/logs"]
