# expect: DF-121 @3
FROM opensuse/tumbleweed
RUN zypper -n dup && zypper clean
