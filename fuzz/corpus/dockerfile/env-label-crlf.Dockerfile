FROM ubuntu:22.04
ENV PATH=/opt/bin:$PATH QUOTED="not this"
ENV OLD value with spaces
LABEL "com.example.name"="a \"quoted\" label" version=1.0
