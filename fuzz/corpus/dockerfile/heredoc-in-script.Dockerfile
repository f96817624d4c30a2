FROM alpine
RUN cat <<EOF > /etc/motd && echo done
  apt-get install should-not-count
EOF
RUN python3 <<PY
print("hi")
PY
