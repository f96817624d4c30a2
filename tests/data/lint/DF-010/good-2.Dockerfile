ARG RUN_AS
FROM jenkins/jenkins:2.440-jdk17
USER root
RUN apt-get update && apt-get install -y --no-install-recommends make
USER ${RUN_AS}
