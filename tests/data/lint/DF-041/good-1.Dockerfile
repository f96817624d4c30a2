FROM node:20-alpine
ONBUILD COPY package.json /app/
ONBUILD RUN npm ci
ONBUILD USER node
