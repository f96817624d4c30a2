FROM debian:12-slim
RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommends
RUN apt-get update && apt-get install -y git=1:2.39.2-1.1 && rm -rf /var/lib/apt/lists/*
