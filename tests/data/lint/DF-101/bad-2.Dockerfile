# expect: DF-101 @3
FROM python:3.12-slim
RUN chmod o+w /etc/passwd
