# expect: DF-051 @5
# expect: DF-051 @7
# expect: DF-051 @8
FROM node:20-alpine
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
ENV NPM_TOKEN=${NPM_TOKEN}
ENV ADMIN_PASSWORD=admin123
USER node
