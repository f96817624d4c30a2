/* SPDX-License-Identifier: Apache-2.0 */
/* Report writers: one per format, all driven by the same report and options. Writers only
 * format; filtering (ignore, --severity) happened before, in the report's `suppressed` flags
 * and in `visible`. */
#ifndef BW_OUT_OUT_H
#define BW_OUT_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/report.h"

#define BW_FORMAT_LIST(X)                                                                          \
	X(TABLE, "table")                                                                          \
	X(JSON, "json")                                                                            \
	X(SARIF, "sarif")                                                                          \
	X(JUNIT, "junit")

enum bw_format {
#define BW_FORMAT_ENUM(id, name) BW_FORMAT_##id,
	BW_FORMAT_LIST(BW_FORMAT_ENUM)
#undef BW_FORMAT_ENUM
		BW_FORMAT_COUNT
};

struct bw_out_opts {
	bool color;		/* ANSI colours (table only; set when stdout is a terminal) */
	bool show_suppressed;	/* include suppressed findings, marked as such */
	bool quiet;		/* table: no summary line when there is nothing to report */
	const char *command;	/* "lint", "image" ...: names the run in JSON / SARIF / JUnit */
	unsigned severity_mask; /* findings whose severity bit is not set are left out */
	/* Adds command-specific keys to the JSON report's root object (a json_t *), such as
	 * `bulwark image`'s "image" and "packages"; NULL for none. 0 or -ENOMEM. */
	int (*json_extra)(void *root, const void *arg);
	const void *json_extra_arg;
};

/* True when this finding is to be written under these options. */
bool bw_out_visible(const struct bw_finding *f, const struct bw_out_opts *o);

/* Each writer returns 0, or -EIO when writing failed. */
int bw_out_table(FILE *f, const struct bw_report *r, const struct bw_out_opts *o);
int bw_out_json(FILE *f, const struct bw_report *r, const struct bw_out_opts *o);
int bw_out_sarif(FILE *f, const struct bw_report *r, const struct bw_out_opts *o);
int bw_out_junit(FILE *f, const struct bw_report *r, const struct bw_out_opts *o);

/* Dispatches on the format. */
int bw_out_write(enum bw_format fmt, FILE *f, const struct bw_report *r,
		 const struct bw_out_opts *o);
const char *bw_format_name(enum bw_format fmt);
int bw_format_parse(const char *s, enum bw_format *ret);

#endif
