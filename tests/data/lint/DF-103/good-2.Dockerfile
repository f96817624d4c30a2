FROM mcr.microsoft.com/devcontainers/base:bookworm
COPY library-scripts/common-debian.sh /tmp/library-scripts/
# the script run after the update installs packages; the lists go away in the same RUN
RUN apt-get update && /bin/bash /tmp/library-scripts/common-debian.sh \
 && apt-get purge -y imagemagick \
 && rm -rf /var/lib/apt/lists/* /tmp/library-scripts
