/* SPDX-License-Identifier: Apache-2.0 */
/* The one severity scale, lowest first. */
#ifndef BW_CORE_SEVERITY_H
#define BW_CORE_SEVERITY_H

#include <stdbool.h>

#define BW_SEVERITY_LIST(X)                                                                        \
	X(UNKNOWN, "UNKNOWN", "note")                                                              \
	X(INFO, "INFO", "note")                                                                    \
	X(LOW, "LOW", "note")                                                                      \
	X(MEDIUM, "MEDIUM", "warning")                                                             \
	X(HIGH, "HIGH", "error")                                                                   \
	X(CRITICAL, "CRITICAL", "error")

enum bw_severity {
#define BW_SEV_ENUM(id, name, sarif) BW_SEV_##id,
	BW_SEVERITY_LIST(BW_SEV_ENUM)
#undef BW_SEV_ENUM
		BW_SEV_COUNT
};

/* "HIGH" etc.; "UNKNOWN" for out-of-range values. */
const char *bw_severity_name(enum bw_severity s);
/* SARIF result level: error, warning or note. */
const char *bw_severity_sarif_level(enum bw_severity s);
/* Case-insensitive name to severity; 0 or -EINVAL. */
int bw_severity_parse(const char *s, enum bw_severity *ret);
/* Comma-separated list to a bit mask (1u << severity); 0 or -EINVAL naming nothing. */
int bw_severity_parse_list(const char *s, unsigned *ret_mask);

#endif
