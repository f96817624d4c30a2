# expect: DF-125 @4
FROM node:20-alpine
WORKDIR /app
RUN yarn install --frozen-lockfile
