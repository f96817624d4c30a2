# expect: DF-100 @3
FROM ubuntu:24.04
RUN wget -O - https://get.example.com/install | sudo -E sh
