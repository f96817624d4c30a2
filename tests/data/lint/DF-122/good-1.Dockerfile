FROM python:3.12-slim
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt \
 && pip install --no-cache-dir uvicorn -c constraints.txt \
 && pip install --no-cache-dir 'httpx>=0.27,<0.28' ./vendor/lib-1.0-py3-none-any.whl \
 && pip install --no-cache-dir git+https://github.com/psf/black.git@24.4.2#egg=black
