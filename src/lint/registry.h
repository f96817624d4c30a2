/* SPDX-License-Identifier: Apache-2.0 */
/* Image references and the trusted_registries policy of .bulwark.yaml, shared by the
 * Dockerfile (DF-004), compose (CMP-031) and Kubernetes (K8S-026) rules. Pure functions over
 * strings; no allocation, no I/O. Does not resolve variables: callers pass expanded values. */
#ifndef BW_LINT_REGISTRY_H
#define BW_LINT_REGISTRY_H

#include <stdbool.h>

#include "core/config.h"

/* Longest image reference we judge; longer ones are skipped, not truncated. */
#define REGISTRY_MAX_REF 512u

struct registry_ref {
	char registry[256];	     /* lower-case host[:port]; "docker.io" when none is written */
	char repo[REGISTRY_MAX_REF]; /* path without registry, tag and digest */
	char tag[160];		     /* "" when none */
	char digest[160];	     /* "sha256:..." or "" */
	bool host_given; /* the reference names its registry ("ghcr.io/x", "localhost/x") */
};

/* Splits "[host[:port]/]path[:tag][@digest]" as Docker does: the first component is a host
 * when it has a '.' or ':' or is "localhost"; Docker Hub's other names become "docker.io".
 * 0, or -EINVAL when a part does not fit or the name is empty or malformed ("a//b", "x:"). */
int registry_ref_parse(const char *ref, struct registry_ref *ret);

/* True when cfg's trusted_registries admits `r`. Entries: "*" (any), "*.example.com" (its
 * subdomains), "host" (that registry; "index.docker.io" means "docker.io"), "host/path" (a
 * repository prefix, matched at a '/' boundary; "library/x" is a Docker Hub prefix). With no
 * list configured every registry is trusted. */
bool registry_trusted(const struct bw_config *cfg, const struct registry_ref *r);

#endif
