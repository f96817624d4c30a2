/* SPDX-License-Identifier: Apache-2.0 */
/* The report: findings, targets and pragmas in growable arrays. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/report.h"
#include "util/grow.h"
#include "util/banned.h"

void bw_report_init(struct bw_report *r)
{
	*r = (struct bw_report){0};
}

void bw_report_release(struct bw_report *r)
{
	for (size_t i = 0; i < r->len; i++) {
		free(r->findings[i].message);
		free(r->findings[i].path);
		free(r->findings[i].suppressed_by);
	}
	for (size_t i = 0; i < r->targets_len; i++) {
		free(r->targets[i].path);
		free(r->targets[i].error);
	}
	for (size_t i = 0; i < r->pragmas_len; i++) {
		free(r->pragmas[i].path);
		free(r->pragmas[i].ids);
	}
	free(r->findings);
	free(r->targets);
	free(r->pragmas);
	*r = (struct bw_report){0};
}

static int report_vadd(struct bw_report *r, const struct bw_rule *rule, int line, int end_line,
		       int col, const char *fmt, va_list ap)
{
	char msg[BW_MAX_MESSAGE];

	if (bw_grow((void **)&r->findings, &r->cap, r->len, sizeof(*r->findings)) < 0)
		return -ENOMEM;
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	struct bw_finding f = {
		.rule = rule,
		.severity = rule->severity,
		.message = strdup(msg),
		.path = strdup(r->current_path ? r->current_path : ""),
		.line = line,
		.col = col,
		.end_line = end_line > line ? end_line : line,
	};
	if (!f.message || !f.path) {
		free(f.message);
		free(f.path);
		return -ENOMEM;
	}
	r->findings[r->len++] = f;
	return 0;
}

int bw_report_add(struct bw_report *r, const struct bw_rule *rule, int line, int col,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int ret = report_vadd(r, rule, line, line, col, fmt, ap);
	va_end(ap);
	return ret;
}

int bw_report_add_span(struct bw_report *r, const struct bw_rule *rule, int line, int end_line,
		       int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int ret = report_vadd(r, rule, line, end_line, col, fmt, ap);
	va_end(ap);
	return ret;
}

int bw_report_add_target(struct bw_report *r, const char *path, const char *kind, const char *error)
{
	if (bw_grow((void **)&r->targets, &r->targets_cap, r->targets_len, sizeof(*r->targets)) < 0)
		return -ENOMEM;
	struct bw_target t = {
		.path = strdup(path),
		.kind = kind,
		.error = error ? strdup(error) : NULL,
	};
	if (!t.path || (error && !t.error)) {
		free(t.path);
		free(t.error);
		return -ENOMEM;
	}
	r->targets[r->targets_len++] = t;
	return 0;
}

int bw_report_add_pragma(struct bw_report *r, const char *path, int from, int to, int at,
			 const char *ids)
{
	if (bw_grow((void **)&r->pragmas, &r->pragmas_cap, r->pragmas_len, sizeof(*r->pragmas)) < 0)
		return -ENOMEM;
	struct bw_pragma p = {
		.path = strdup(path), .from = from, .to = to, .at = at, .ids = strdup(ids)};
	if (!p.path || !p.ids) {
		free(p.path);
		free(p.ids);
		return -ENOMEM;
	}
	r->pragmas[r->pragmas_len++] = p;
	return 0;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct bw_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	c = strcmp(x->rule->id, y->rule->id);
	if (c)
		return c;
	return strcmp(x->message, y->message);
}

void bw_report_sort(struct bw_report *r)
{
	if (r->len > 1)
		qsort(r->findings, r->len, sizeof(*r->findings), finding_cmp);
}
