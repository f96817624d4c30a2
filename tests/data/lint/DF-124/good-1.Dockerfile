FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit dev && npm install -g @angular/cli@18.1.0 ./tools/local-pkg
