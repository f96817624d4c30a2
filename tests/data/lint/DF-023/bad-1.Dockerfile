# expect: DF-023 @5
# expect: DF-023 @6
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json /app
COPY ["tsconfig.json", "src", "/app/build"]
