FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils-4.9 && microdnf clean all
RUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y git-2.46.0
