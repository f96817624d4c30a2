# expect: DF-031 @5
FROM python:3.12-slim
CMD ["python", "-m", "http.server"]
RUN pip install --no-cache-dir gunicorn
CMD ["gunicorn", "app:app"]
