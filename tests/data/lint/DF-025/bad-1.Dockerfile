# expect: DF-025 @4
# expect: DF-025 @5
FROM node:20-alpine
WORKDIR app
ONBUILD WORKDIR "build/out"
