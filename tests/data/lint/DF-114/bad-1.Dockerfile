# expect: DF-114 @3
FROM centos:7
RUN yum install -y epel-release nginx-1.20.1 && yum clean all
