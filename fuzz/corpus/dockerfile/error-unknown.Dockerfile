FROM alpine
FORM typo
