/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the linter's fuzz targets (Dockerfile, compose, YAML/Kubernetes): the trap on a
 * broken invariant, the parse-failure contract every parser keeps, and a run of one rule set
 * whose findings must all carry a message. */
#ifndef BW_FUZZ_LINT_H
#define BW_FUZZ_LINT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz-check.h"
#include "core/config.h"
#include "core/error.h"
#include "core/report.h"
#include "core/rule.h"

/* True when a parse failed (r < 0), after checking how: ret_ left untouched (`parsed` still
 * NULL), a known error code, and that code with a message in err. */
static inline bool fuzz_parse_failed(int r, const void *parsed, const struct bw_error *err)
{
	if (r >= 0)
		return false;
	CHECK(parsed == NULL);
	CHECK(r == -EINVAL || r == -E2BIG || r == -ENOMEM);
	CHECK(err->code == r && err->msg[0] != '\0');
	return true;
}

/* The configuration rule runs get: a trusted_registries list, so the rules it turns on
 * (DF-004, CMP-031, K8S-026) run too. */
static inline const struct bw_config *fuzz_config(void)
{
	static char *trusted[] = {"*.example.com", "ghcr.io/acme", "docker.io/library",
				  "localhost:5000"};
	static const struct bw_config cfg = {
		.trusted_registries = trusted,
		.n_trusted_registries = sizeof(trusted) / sizeof(trusted[0]),
	};

	return &cfg;
}

/* Runs every rule of `set` on `subject`; each must succeed and every finding must have a
 * message and a line of at least `min_line`. */
static inline void fuzz_run_rules(const struct bw_ruleset *set, const void *subject, int min_line)
{
	struct bw_report rep;

	bw_report_init(&rep);
	rep.current_path = "fuzz";
	for (size_t i = 0; i < set->len; i++)
		CHECK(set->rules[i].check(&set->rules[i], subject, &rep) == 0);
	for (size_t i = 0; i < rep.len; i++)
		CHECK(rep.findings[i].line >= min_line && rep.findings[i].message[0]);
	bw_report_release(&rep);
}

#endif
