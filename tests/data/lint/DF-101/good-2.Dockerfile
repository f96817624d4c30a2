# A sticky world-writable folder (the /tmp pattern) is deliberate in official images
FROM php:8.3-apache
RUN chmod 1777 /var/www/html
