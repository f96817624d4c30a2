# expect: DF-020 @4
# expect: DF-020 @5
FROM nginx:1.27
ADD nginx.conf /etc/nginx/nginx.conf
ADD ["site.zip", "/srv/"]
