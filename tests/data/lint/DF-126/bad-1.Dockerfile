# expect: DF-126 @3
FROM ruby:3.3-slim
RUN gem install bundler:2.5.11 rails
