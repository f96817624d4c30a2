# expect: DF-050 @8
# expect: DF-050 @9
# expect: DF-050 @10
# expect: DF-050 @11
# expect: DF-050 @12
# expect: DF-050 @13
FROM python:3.12-slim
ENV AWS_ACCESS_KEY_ID=AKIAZ7QRSTUVWXYZ2345 \
    AWS_SECRET_ACCESS_KEY=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
ARG GITHUB_TOKEN=ghp_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R
ENV DATABASE_URL=postgres://app:Zx81-qqPl@db.internal:5432/app
ENV DJANGO_SECRET_KEY="k8#2n!v0q@z5x^r7w1m9p3t6y4u8i2o0a5s7d9f1g3h"
LABEL ci.token=glpat-Ab3dEf6hIj9kLm2nOp5q
