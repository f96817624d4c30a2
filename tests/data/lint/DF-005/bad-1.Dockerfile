# expect: DF-005 @2
FROM --platform=linux/amd64 node:20-bookworm AS build
RUN npm ci
