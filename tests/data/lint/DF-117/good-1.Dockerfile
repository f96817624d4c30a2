FROM fedora:40
RUN dnf -y group install "Development Tools" && dnf install -y rpm-sign-4.19.1.1 && dnf clean all
