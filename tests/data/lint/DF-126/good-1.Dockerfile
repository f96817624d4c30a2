FROM ruby:3.3-slim
RUN gem install bundler -v 2.5.11 && gem install nokogiri:1.16.6 -- --use-system-libraries
