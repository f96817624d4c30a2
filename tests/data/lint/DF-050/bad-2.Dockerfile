# expect: DF-050 @5
# expect: DF-050 @6
# expect: DF-050 @7
FROM alpine:3.20
CMD ["app", "--slack-token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"]
ONBUILD ENV STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc
RUN git clone https://ci-bot:Zx81-qqPl@git.corp.test/app.git /src
