# expect: DF-001 @3
ARG BASE=python:latest
FROM ${BASE}
USER 1000
CMD ["python3", "-m", "http.server"]
