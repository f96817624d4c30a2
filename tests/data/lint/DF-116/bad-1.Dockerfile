# expect: DF-116 @3
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && microdnf clean all
