# expect: DF-101 @4
FROM node:20-alpine
WORKDIR /app
RUN mkdir -p /app/uploads && chmod -R 777 /app/uploads
