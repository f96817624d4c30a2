# expect: DF-030 @5
# expect: DF-030 @6
# expect: DF-030 @7
FROM node:20-alpine
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:3000/health || exit 1
ENTRYPOINT node server.js
CMD npm start
