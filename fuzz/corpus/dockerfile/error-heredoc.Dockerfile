FROM alpine
RUN <<EOF
never ends
