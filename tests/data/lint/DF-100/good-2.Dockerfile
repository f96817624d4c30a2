FROM debian:12-slim
# curl writes to a file (-o), so nothing reaches the shell on the pipe
RUN curl -fsSL -o /usr/local/bin/wp https://example.com/wp-cli.phar | bash \
 && chmod +x /usr/local/bin/wp
