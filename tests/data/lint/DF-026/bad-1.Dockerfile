# expect: DF-026 @4
# expect: DF-026 @6
FROM alpine:3.20
WORKDIR /proc/self
ENV D=/dev
WORKDIR ${D}/shm
