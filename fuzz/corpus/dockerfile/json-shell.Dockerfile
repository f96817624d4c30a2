FROM alpine
HEALTHCHECK NONE
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN wget -qO- https://x | tar -xz -C /opt
RUN ["echo", "\u00e9\ud83d\ude00", "tab\there"]
CMD [ "not json
MAINTAINER someone <a@b.c>
