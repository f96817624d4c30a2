# an artifact export: nothing runs from this image
FROM golang:1.22 AS build
USER 1000
RUN go build -o /out/app .
FROM scratch AS binaries
COPY --from=build /out/ /
