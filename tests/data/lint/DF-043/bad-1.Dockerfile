# expect: DF-043 @5
# expect: DF-043 @6
# expect: DF-043 @7
FROM alpine:3.20
LABEL com.docker.compose.project=demo
LABEL Version=1.0
LABEL build_date=2024-01-01
