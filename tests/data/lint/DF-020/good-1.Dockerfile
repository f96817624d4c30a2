FROM debian:12-slim
ADD rootfs.tar.xz /
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.org/tool.tgz /opt/
ADD https://github.com/org/repo.git#v1.2.3 /src
COPY nginx.conf /etc/nginx/nginx.conf
