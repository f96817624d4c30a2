FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json src /app/build/
COPY index.js .
COPY a.js b.js .
