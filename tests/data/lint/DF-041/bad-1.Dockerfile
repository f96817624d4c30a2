# expect: DF-041 @4
# expect: DF-041 @5
FROM node:20-alpine
ONBUILD FROM debian:12
ONBUILD MAINTAINER someone
