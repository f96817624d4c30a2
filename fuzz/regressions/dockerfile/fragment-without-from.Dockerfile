ARG A
ARG B=1 \
  C="x
