FROM python:3.12-slim AS dev
CMD ["flask", "run"]
FROM python:3.12-slim
CMD ["gunicorn", "app:app"]
