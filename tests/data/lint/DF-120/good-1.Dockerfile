FROM opensuse/leap:15.6
RUN zypper -n install 'apache2>=2.4' tomcat-9.0.85-1.rpm && zypper -n install -t pattern devel_basis && zypper clean
