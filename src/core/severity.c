/* SPDX-License-Identifier: Apache-2.0 */
/* Severity names, generated from the X-macro list. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "core/severity.h"
#include "util/banned.h"

static const struct {
	const char *name;
	const char *sarif;
} severities[BW_SEV_COUNT] = {
#define BW_SEV_ROW(id, n, s) [BW_SEV_##id] = {n, s},
	BW_SEVERITY_LIST(BW_SEV_ROW)
#undef BW_SEV_ROW
};

const char *bw_severity_name(enum bw_severity s)
{
	return (unsigned)s < BW_SEV_COUNT ? severities[s].name : "UNKNOWN";
}

const char *bw_severity_sarif_level(enum bw_severity s)
{
	return (unsigned)s < BW_SEV_COUNT ? severities[s].sarif : "note";
}

int bw_severity_parse(const char *s, enum bw_severity *ret)
{
	for (unsigned i = 0; i < BW_SEV_COUNT; i++) {
		if (strcasecmp(s, severities[i].name) == 0) {
			*ret = (enum bw_severity)i;
			return 0;
		}
	}
	return -EINVAL;
}

int bw_severity_parse_list(const char *s, unsigned *ret_mask)
{
	unsigned mask = 0;
	const char *p = s;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char word[16];
		enum bw_severity sev;

		if (n == 0 || n >= sizeof(word))
			return -EINVAL;
		memcpy(word, p, n);
		word[n] = '\0';
		if (bw_severity_parse(word, &sev) < 0)
			return -EINVAL;
		mask |= 1u << sev;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!mask)
		return -EINVAL;
	*ret_mask = mask;
	return 0;
}
