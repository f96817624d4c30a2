FROM debian:12-slim
# the heredoc is a file's content, not a script
RUN cat <<EOT > /usr/local/share/notes.txt
apt-get install -y curl
EOT
