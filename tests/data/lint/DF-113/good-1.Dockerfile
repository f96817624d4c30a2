FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all && rm -rf /var/cache/yum
RUN yum install -y mod_ssl-2.4.6 && rm -rf /var/cache/yum/*
