# expect: DF-012 @4
FROM node:20-alpine
WORKDIR /app
USER node
CMD ["node", "server.js"]
