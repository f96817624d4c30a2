/* SPDX-License-Identifier: Apache-2.0 */
/* The Dockerfile rule tables. Each table is sorted by id; ids are partitioned between the
 * tables: dockerfile-rules-image.c holds DF-001..DF-099 (instructions, base images, users,
 * ports, secrets), dockerfile-rules-run.c holds DF-100..DF-199 (what RUN commands do). */
#ifndef BW_LINT_DOCKERFILE_RULES_H
#define BW_LINT_DOCKERFILE_RULES_H

#include "core/config.h"
#include "core/rule.h"
#include "lint/dockerfile.h"

/* The RUN commands of one file, shell-parsed once and shared by every RUN check (the parse
 * is most of a lint's cost). The lint driver zeroes it; dockerfile-rules-run.c fills it, in
 * the file's arena, the first time a check walks the RUNs. */
struct df_run_cache {
	void *runs; /* the run rules' own records, in df's arena */
	size_t n;
	bool loaded;
};

/* What every Dockerfile check receives as its `subject`. */
struct df_subject {
	struct df_file *df;	     /* parsed file; df_expand may allocate in its arena */
	const struct bw_config *cfg; /* user configuration (.bulwark.yaml), never NULL */
	struct df_run_cache *runs;   /* NULL: every RUN check parses for itself */
};

extern const struct bw_ruleset df_image_ruleset; /* kind "dockerfile", DF-001..DF-099 */
extern const struct bw_ruleset df_run_ruleset;	 /* kind "dockerfile", DF-100..DF-199 */

#endif
