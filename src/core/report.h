/* SPDX-License-Identifier: Apache-2.0 */
/* The one finding model, the report that collects findings, and the suppressions
 * (ignore file, inline pragmas) that the filter applies to it. */
#ifndef BW_CORE_REPORT_H
#define BW_CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"
#include "core/severity.h"

struct bw_finding {
	const struct bw_rule *rule; /* the rule that found it */
	enum bw_severity severity;  /* the rule's, unless configuration overrode it */
	char *message;		    /* owned; secrets already masked */
	char *path;		    /* owned; file the finding is in */
	int line;		    /* 1-based; 0 for the whole file */
	int col;		    /* 1-based; 0 when unknown */
	int end_line;		    /* last line of the instruction; >= line */
	bool suppressed;	    /* set by the filter */
	char *suppressed_by;	    /* owned; where the suppression came from */
};

/* A file (or other target) that was checked, with the kind of rule sets run on it. */
struct bw_target {
	char *path;	  /* owned */
	const char *kind; /* static: "dockerfile"...; the rule sets of this kind were run */
	char *error;	  /* owned; parse error message, or NULL when it was checked */
};

/* An inline pragma: ids suppressed for lines [from, to] of path (from = 0: whole file). */
struct bw_pragma {
	char *path; /* owned */
	int from;
	int to;
	char *ids; /* owned; space-separated */
	int at;	   /* line of the pragma comment itself */
};

struct bw_report {
	struct bw_finding *findings;
	size_t len, cap;
	struct bw_target *targets;
	size_t targets_len, targets_cap;
	struct bw_pragma *pragmas;
	size_t pragmas_len, pragmas_cap;
	const char *current_path; /* borrowed: path for findings added by checks */
};

void bw_report_init(struct bw_report *r);
void bw_report_release(struct bw_report *r);
/* Adds a finding at the current path. 0 or -ENOMEM. */
int bw_report_add(struct bw_report *r, const struct bw_rule *rule, int line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Like bw_report_add, with the instruction's last line for pragma ranges. */
int bw_report_add_span(struct bw_report *r, const struct bw_rule *rule, int line, int end_line,
		       int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int bw_report_add_target(struct bw_report *r, const char *path, const char *kind,
			 const char *error);
int bw_report_add_pragma(struct bw_report *r, const char *path, int from, int to, int at,
			 const char *ids);
/* Sorts findings by path, line, column, rule id: stable output for every writer. */
void bw_report_sort(struct bw_report *r);

#endif
