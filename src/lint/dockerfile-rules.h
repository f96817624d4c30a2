/* SPDX-License-Identifier: Apache-2.0 */
/* The Dockerfile rule tables. Each table is sorted by id; ids are partitioned between the
 * tables: dockerfile-rules-image.c holds DF-001..DF-099 (instructions, base images, users,
 * ports, secrets), dockerfile-rules-run.c holds DF-100..DF-199 (what RUN commands do). */
#ifndef BW_LINT_DOCKERFILE_RULES_H
#define BW_LINT_DOCKERFILE_RULES_H

#include "core/config.h"
#include "core/rule.h"
#include "lint/dockerfile.h"

/* What every Dockerfile check receives as its `subject`. */
struct df_subject {
	struct df_file *df;          /* parsed file; df_expand may allocate in its arena */
	const struct bw_config *cfg; /* user configuration (.bulwark.yaml), never NULL */
};

extern const struct bw_ruleset df_image_ruleset; /* kind "dockerfile", DF-001..DF-099 */
extern const struct bw_ruleset df_run_ruleset;   /* kind "dockerfile", DF-100..DF-199 */

#endif
