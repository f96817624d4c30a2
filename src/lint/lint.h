/* SPDX-License-Identifier: Apache-2.0 */
/* The lint driver: finds the files under the paths it is given, detects each file's kind,
 * parses it, records its pragmas and runs the rule sets of that kind. */
#ifndef BW_LINT_LINT_H
#define BW_LINT_LINT_H

#include <stdbool.h>

#include "core/config.h"
#include "core/error.h"
#include "core/report.h"

enum lint_kind {
	LINT_KIND_NONE,
	LINT_KIND_DOCKERFILE,
	LINT_KIND_COMPOSE, /* docker-compose / Compose Specification files */
	LINT_KIND_K8S,	   /* Kubernetes manifests */
	LINT_KIND_COUNT
};

/* The kind of a file from its name alone (LINT_KIND_NONE when the name says nothing). */
enum lint_kind lint_kind_from_name(const char *path);

/* Lints one path (file or folder, walked without following symlinks, skipping .git and
 * node_modules). A file named explicitly whose name says nothing is sniffed by content.
 * Parse errors are recorded as the target's error and counted in *n_errors (and printed on
 * stderr); they do not stop the walk. Returns 0, or -errno for errors that stop the run
 * (a path that does not exist, out of memory) with err filled. */
int lint_path(const char *path, const struct bw_config *cfg, struct bw_report *r,
	      unsigned *n_errors, struct bw_error *err);

#endif
