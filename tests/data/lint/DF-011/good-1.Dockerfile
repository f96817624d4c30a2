FROM node:20-alpine AS base
USER node
FROM base
CMD ["node", "server.js"]
