# expect: DF-120 @3
FROM opensuse/leap:15.6
RUN zypper -n install apache2 && zypper clean
