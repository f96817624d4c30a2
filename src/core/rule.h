/* SPDX-License-Identifier: Apache-2.0 */
/* Declarative rule tables and the registry that `bulwark rules`, ignore files and the writers
 * look rules up in. core knows no concrete analyzer: rule sets are registered by cmd/. */
#ifndef BW_CORE_RULE_H
#define BW_CORE_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/severity.h"

struct bw_report;

enum bw_rule_flags {
	BW_RULE_DEFAULT_OFF = 1u << 0,	/* runs only when enabled in configuration */
	BW_RULE_EXPERIMENTAL = 1u << 1, /* may change; flagged in `bulwark rules` */
};

struct bw_rule {
	const char *id;		   /* "DF-002": stable forever, never renumbered or reused */
	enum bw_severity severity; /* default severity */
	const char *title;	   /* <= 72 chars, names the problem, not the fix */
	const char *aliases;	   /* space-separated peer/CIS ids, usable in ignore files */
	const char *fix;	   /* one imperative sentence a user can act on */
	const char *help_uri;	   /* optional link; NULL when none */
	unsigned flags;		   /* enum bw_rule_flags */
	/* Reads the subject and adds findings; 0 or -errno (-ENOMEM only, checks do no I/O). */
	int (*check)(const struct bw_rule *self, const void *subject, struct bw_report *out);
};

struct bw_ruleset {
	const char *name;	     /* unique: "dockerfile-image", "compose" ... */
	const char *kind;	     /* the input kind it applies to: "dockerfile", "compose" */
	const char *prefix;	     /* "DF-" */
	const struct bw_rule *rules; /* sorted by id */
	size_t len;
};

/* Adds a rule set to the registry (at most 32); the set must outlive the program. */
void bw_ruleset_register(const struct bw_ruleset *set);
/* The registered sets, in registration order. */
size_t bw_rulesets(const struct bw_ruleset *const **ret_sets);
/* The rule whose id or any alias equals `id` (case-insensitive), or NULL. */
const struct bw_rule *bw_rule_lookup(const char *id);
/* True when `id` names this rule by its id or an alias (case-insensitive). */
bool bw_rule_matches(const struct bw_rule *rule, const char *id);
/* True for "PFX-NNN" ids (upper-case letters, a dash, three or more digits) and for
 * benchmark-numbered ids like "CIS-5.2" or "CIS-1.1.3". */
bool bw_rule_id_is_valid(const char *id);

#endif
