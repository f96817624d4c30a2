FROM alpine
RUN echo a \
# a comment inside

   \
    && echo b
RUN echo final-line-no-newline