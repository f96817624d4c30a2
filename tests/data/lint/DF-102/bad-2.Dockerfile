# expect: DF-102 @4
FROM ubuntu:24.04
# runs in every image built FROM this one
ONBUILD RUN sudo chown -R app /srv/app
