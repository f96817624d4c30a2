# expect: DF-104 @4
FROM debian:12-slim
RUN apt-get update
RUN ["apt-get", "install", "--no-install-recommends", "curl=7.88.1-10+deb12u5"]
