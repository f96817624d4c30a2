# expect: DF-124 @3
FROM node:20-alpine
RUN npm install -g pm2 typescript@5.5.4
