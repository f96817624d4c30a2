# expect: DF-132 @3
FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
