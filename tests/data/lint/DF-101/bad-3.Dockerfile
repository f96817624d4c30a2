# expect: DF-101 @3
FROM php:8.3-apache
RUN chmod 1777 /var/www/html
