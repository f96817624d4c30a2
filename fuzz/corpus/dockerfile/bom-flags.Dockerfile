FROM scratch
ADD --checksum=sha256:0123 https://example.com/x.tgz /x.tgz
COPY --parents --exclude=*.md --link ./src/ /src/
