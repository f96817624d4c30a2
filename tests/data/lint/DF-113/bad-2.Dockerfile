# expect: DF-113 @3
FROM centos:7
RUN yum clean all && yum install -y httpd-2.4.6
