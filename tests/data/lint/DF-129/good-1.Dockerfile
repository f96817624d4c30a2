FROM debian:12-slim
RUN wget -nv https://example.com/a.tar.gz && wget --progress=dot:giga https://example.com/b.tar.gz && wget -qO- https://example.com/c
