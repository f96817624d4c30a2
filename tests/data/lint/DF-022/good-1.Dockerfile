FROM debian:12-slim AS build
COPY dist/app-1.4.2.tar.gz /tmp/
RUN sha256sum /tmp/app-1.4.2.tar.gz
FROM debian:12-slim
COPY --from=build /tmp/app-1.4.2.tar.gz /tmp/
RUN tar -tzf /tmp/app-1.4.2.tar.gz
