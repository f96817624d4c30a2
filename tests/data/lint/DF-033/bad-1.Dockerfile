# expect: DF-033 @4
FROM nginx:1.27
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
HEALTHCHECK NONE
