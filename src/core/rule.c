/* SPDX-License-Identifier: Apache-2.0 */
/* The rule registry. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/rule.h"
#include "util/str.h"
#include "util/banned.h"

#define MAX_RULESETS 32

static const struct bw_ruleset *registry[MAX_RULESETS];
static size_t registry_len;

void bw_ruleset_register(const struct bw_ruleset *set)
{
	for (size_t i = 0; i < registry_len; i++)
		if (registry[i] == set)
			return;
	if (registry_len < MAX_RULESETS)
		registry[registry_len++] = set;
}

size_t bw_rulesets(const struct bw_ruleset *const **ret_sets)
{
	*ret_sets = registry;
	return registry_len;
}

bool bw_rule_matches(const struct bw_rule *rule, const char *id)
{
	return strcasecmp(rule->id, id) == 0 || bw_str_in_list(rule->aliases, id);
}

const struct bw_rule *bw_rule_lookup(const char *id)
{
	for (size_t s = 0; s < registry_len; s++)
		for (size_t i = 0; i < registry[s]->len; i++)
			if (bw_rule_matches(&registry[s]->rules[i], id))
				return &registry[s]->rules[i];
	return NULL;
}

bool bw_rule_id_is_valid(const char *id)
{
	const char *p = id;
	size_t digits = 0;

	if (!isupper((unsigned char)*p))
		return false;
	while (isupper((unsigned char)*p) || isdigit((unsigned char)*p))
		p++;
	if (*p++ != '-')
		return false;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (*p == '\0')
		return digits >= 3;
	/* benchmark numbering: CIS-5.2, CIS-1.1.3 */
	while (digits > 0 && *p == '.' && isdigit((unsigned char)p[1])) {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return digits > 0 && *p == '\0' && strchr(id, '.') != NULL;
}
