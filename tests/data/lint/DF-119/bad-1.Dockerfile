# expect: DF-119 @3
FROM opensuse/leap:15.6
RUN zypper -n install apache2=2.4.58
