/* SPDX-License-Identifier: Apache-2.0 */
/* Suppressions: the ignore file (`ID [path-glob] [exp:YYYY-MM-DD]` per line) and the inline
 * pragmas recorded in the report, applied to a report's findings. */
#ifndef BW_CORE_IGNORE_H
#define BW_CORE_IGNORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/error.h"
#include "core/report.h"

struct bw_ignore_entry {
	char *id;	/* owned; a rule id, an alias, or a vulnerability id */
	char *glob;	/* owned; fnmatch pattern on the finding's path, NULL = any */
	time_t expires; /* 0 = never; else the first second after the expiry day (UTC) */
	int line;	/* line in the ignore file */
	bool expired;	/* expiry already passed when loaded: no longer suppresses */
};

struct bw_ignore {
	char *path; /* owned; the file it came from */
	struct bw_ignore_entry *entries;
	size_t len, cap;
};

/* Loads `path`. When `optional` and the file does not exist, leaves an empty list and returns 0.
 * Expired entries are kept (marked) and reported on stderr by the caller through
 * bw_ignore_warn_expired. `now` decides expiry. 0, -errno, or -EINVAL with err at the line. */
int bw_ignore_load(const char *path, bool optional, time_t now, struct bw_ignore *ign,
		   struct bw_error *err);
void bw_ignore_release(struct bw_ignore *ign);
/* Prints one line on stderr per expired entry. */
void bw_ignore_warn_expired(const struct bw_ignore *ign);
/* Marks suppressed findings (pragmas of the report first, then the ignore list, which may be
 * NULL). Returns 0 or -ENOMEM. */
int bw_report_apply_suppressions(struct bw_report *r, const struct bw_ignore *ign);

#endif
