# expect: DF-011 @4
FROM python:3.12-slim AS build
RUN pip wheel -w /wheels .
FROM python:3.12-slim
COPY --from=build /wheels /wheels
CMD ["python", "-m", "app"]
