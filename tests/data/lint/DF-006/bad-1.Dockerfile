# expect: DF-006 @4
FROM node:20-alpine AS build
RUN npm ci
FROM node:20-alpine AS Build
RUN npm run build
