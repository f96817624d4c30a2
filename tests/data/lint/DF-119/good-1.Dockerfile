FROM opensuse/leap:15.6
RUN zypper -n install apache2=2.4.58 && zypper cc -a
