# expect: DF-130 @3
FROM node:20-alpine
RUN cd /app && npm ci
