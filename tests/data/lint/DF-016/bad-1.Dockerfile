# expect: DF-016 @4
# expect: DF-016 @5
FROM node:20-alpine
EXPOSE 80000
EXPOSE 40000-70000/udp
