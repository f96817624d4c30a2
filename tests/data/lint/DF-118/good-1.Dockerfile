FROM opensuse/leap:15.6
RUN zypper --non-interactive install apache2=2.4.58 && zypper -n remove vim && zypper clean
