/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark fix` for compose files: from a parsed compose file, writes a hardening override
 * (compose.bulwark.yaml) that `docker compose -f compose.yaml -f compose.bulwark.yaml` merges
 * in, and lists what it changed and what an override cannot change. It edits nothing. */
#ifndef BW_LINT_COMPOSE_FIX_H
#define BW_LINT_COMPOSE_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "lint/compose.h"
#include "util/buf.h"

struct compose_fix_opts {
	bool bind_local;  /* rebind published ports to 127.0.0.1 (needs Compose >= 2.24.4) */
	const char *mem;  /* memory limit to set where none is ("512m"), or NULL */
	const char *cpus; /* CPU limit ("1.5"), or NULL */
	const char *pids; /* PIDs limit ("200"), or NULL */
};

struct compose_fix_note {
	char *text;   /* owned: "service 'web': added cap_drop [ALL] (keeps cap_add: NET_ADMIN)" */
	bool changed; /* true: written into the override; false: left for a person */
};

struct compose_fix {
	struct bw_buf yaml; /* the override file's text */
	struct compose_fix_note *notes;
	size_t n_notes;
	size_t n_changed;
};

/* Builds the override for `cf` into fix (initialised here; release with compose_fix_release).
 * `base_name` is the compose file's name as the override's comment should give it. Returns
 * 0, -EINVAL with err filled when the file cannot take an override (legacy v1 format, a value
 * such as --mem that would not parse as YAML scalar), or -ENOMEM. */
int compose_fix_build(const struct compose_file *cf, const char *base_name,
		      const struct compose_fix_opts *opts, struct compose_fix *fix,
		      struct bw_error *err);
void compose_fix_release(struct compose_fix *fix);

#endif
