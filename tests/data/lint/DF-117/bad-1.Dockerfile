# expect: DF-117 @3
FROM fedora:40
RUN dnf install -y rpm-sign && dnf clean all
