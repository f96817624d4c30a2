ARG TAG
FROM redis:${TAG}
FROM scratch
