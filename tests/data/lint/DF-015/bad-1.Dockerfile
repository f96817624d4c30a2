# expect: DF-015 @5
# expect: DF-015 @7
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
EXPOSE 22/tcp
ENV SSH_PORT=22
EXPOSE 8080 $SSH_PORT
