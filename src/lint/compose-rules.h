/* SPDX-License-Identifier: Apache-2.0 */
/* The compose rule table (CMP-001..), run on every compose file the lint driver finds. */
#ifndef BW_LINT_COMPOSE_RULES_H
#define BW_LINT_COMPOSE_RULES_H

#include "core/config.h"
#include "core/rule.h"
#include "lint/compose.h"

/* What every compose check receives as its `subject`. */
struct compose_subject {
	const struct compose_file *cf; /* parsed, interpolated and resolved model */
	const struct bw_config *cfg;   /* user configuration (.bulwark.yaml), never NULL */
};

extern const struct bw_ruleset compose_ruleset; /* kind "compose", CMP-001.. */

#endif
