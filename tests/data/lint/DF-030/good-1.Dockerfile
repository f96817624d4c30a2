FROM node:20-alpine
HEALTHCHECK --interval=30s CMD ["wget", "-qO-", "http://localhost:3000/health"]
ENTRYPOINT ["node", "server.js"]
CMD [ "--port", \
      "3000" ]
