FROM node:20-alpine
WORKDIR /app
WORKDIR ${HOME}
WORKDIR "C:/build"
