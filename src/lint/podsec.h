/* SPDX-License-Identifier: Apache-2.0 */
/* What makes a container setting risky, shared by the compose and Kubernetes rules: added
 * capabilities, host paths, sysctls, well-known database and admin ports, image references;
 * and whether a value shared through a YAML anchor was already reported.
 * Pure functions; no allocation, no I/O. */
#ifndef BW_LINT_PODSEC_H
#define BW_LINT_PODSEC_H

#include <stdbool.h>
#include <stddef.h>

struct bw_report;
struct bw_rule;

enum podsec_path {
	PODSEC_PATH_OK,	       /* nothing we know to be sensitive */
	PODSEC_PATH_SOCKET,    /* a container runtime's API socket (or its folder) */
	PODSEC_PATH_SENSITIVE, /* host system state: /, /etc, /proc, /var/lib/docker ... */
	PODSEC_PATH_COUNT,
};

/* Why adding capability `cap` (any case, with or without "CAP_") is dangerous, or NULL for
 * capabilities this module does not call dangerous (NET_BIND_SERVICE, CHOWN ...). */
const char *podsec_cap_risk(const char *cap);
/* True for "ALL" (any case, with or without "CAP_"). */
bool podsec_cap_is_all(const char *cap);

/* How sensitive host path `path` is once normalised ("//var/run/" is "/var/run"); *ret_what
 * (may be NULL) names what it exposes, for messages. Relative paths are never sensitive. */
enum podsec_path podsec_host_path(const char *path, const char **ret_what);

/* Why setting sysctl `name` to `value` (may be NULL) is risky, or NULL when it is a namespaced
 * tuning knob that stays inside the container. */
const char *podsec_sysctl_risk(const char *name, const char *value);

/* The database or admin product behind a well-known port ("PostgreSQL", "SSH") when the image
 * or service name (either may be NULL) says it runs that product, else NULL: 9092 is Kafka's
 * port in a Kafka image, not in a proxy that happens to use it. */
const char *podsec_port_service(unsigned port, const char *image, const char *name);

/* What is wrong with image reference "[host[:port]/]path[:tag][@digest]" `ref`, as the end of
 * a message ("uses the 'latest' tag"): for want_digest, that no digest pins it; otherwise, that
 * it has no tag or the 'latest' one while no digest pins it. NULL when nothing is wrong. */
const char *podsec_image_problem(const char *ref, bool want_digest);

/* True when check `self` already reported at `line`:`col`: a value written once under an
 * anchor and merged into several services or workloads is reported once, for its first user.
 * Looks back only over the check's own findings (the tail of the report), and at most a few
 * thousand of them, so hostile files with thousands of users stay linear. */
bool podsec_reported(const struct bw_report *out, const struct bw_rule *self, int line, int col);

#endif
