/* SPDX-License-Identifier: Apache-2.0 */
/* The JUnit XML report that CI servers show as test results: a test suite per checked file and
 * a test case per rule that ran on it, failing with that rule's findings; a file that could
 * not be parsed is one test case in error. Durations are not measured and written as 0. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "out/out-internal.h"
#include "out/out.h"
#include "util/cleanup.h"
#include "util/banned.h"

struct junit_counts {
	size_t tests, failures, errors;
};

/* What one suite is built from: the checked file and its findings, by path. */
struct junit_suite {
	const char *path;
	const struct bw_target *target; /* NULL for findings in a file no target names */
	const struct bw_finding **f;	/* the findings in `path` */
	size_t n;
};

/* True for bytes written as they are: printable ASCII other than XML's markup characters. */
static bool xml_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

/* Writes `s` escaped for XML 1.0 text or attribute values: markup characters as entities,
 * code points XML 1.0 forbids (controls, U+FFFE/U+FFFF) and invalid UTF-8 as U+FFFD. */
static void xml_put(FILE *out, const char *s)
{
	if (!out)
		return;
	for (const char *p = s ? s : ""; *p;) {
		const char *start = p;
		uint32_t cp;
		char enc[4];

		while (xml_plain((unsigned char)*p))
			p++;
		if (p > start) { /* the common case: a run of plain ASCII in one write */
			(void)fwrite(start, 1, (size_t)(p - start), out);
			continue;
		}
		p += bw_out_utf8_next(p, &cp);
		switch (cp) {
		case '&':
			(void)fputs("&amp;", out);
			continue;
		case '<':
			(void)fputs("&lt;", out);
			continue;
		case '>':
			(void)fputs("&gt;", out);
			continue;
		case '"':
			(void)fputs("&quot;", out);
			continue;
		case '\'':
			(void)fputs("&apos;", out);
			continue;
		case '\t':
		case '\n':
		case '\r':
			/* character references survive attribute-value normalisation */
			(void)fprintf(out, "&#%u;", (unsigned)cp);
			continue;
		default:
			break;
		}
		if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
			cp = BW_OUT_UTF8_REPLACEMENT;
		(void)fwrite(enc, 1, bw_out_utf8_put(cp, enc), out);
	}
}

static void xml_raw(FILE *out, const char *s)
{
	if (out)
		(void)fputs(s, out);
}

static void xml_size(FILE *out, size_t n)
{
	if (out)
		(void)fprintf(out, "%zu", n);
}

static void xml_int(FILE *out, int n)
{
	if (out)
		(void)fprintf(out, "%d", n);
}

/* ":3:7", ":3", or nothing for a finding about the whole file. */
static void xml_where(FILE *out, const struct bw_finding *f)
{
	if (!out || f->line <= 0)
		return;
	if (f->col > 0)
		(void)fprintf(out, ":%d:%d", f->line, f->col);
	else
		(void)fprintf(out, ":%d", f->line);
}

/* Rules are rows of the registered tables, so the same rule is the same pointer. */
static bool same_rule(const struct bw_rule *a, const struct bw_rule *b)
{
	return a == b;
}

/* One test case for `rule` in suite `s`; fails with the shown, unsuppressed findings. */
static void write_case(FILE *out, const struct junit_suite *s, const struct bw_rule *rule,
		       const struct bw_out_opts *o, struct junit_counts *c)
{
	const struct bw_finding *first = NULL;
	enum bw_severity worst = BW_SEV_UNKNOWN;
	size_t failed = 0, suppressed = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct bw_finding *f = s->f[i];
		if (!same_rule(f->rule, rule) || !bw_out_visible(f, o))
			continue;
		if (f->suppressed) {
			suppressed++;
			continue;
		}
		if (!first)
			first = f;
		if (f->severity > worst && (unsigned)f->severity < BW_SEV_COUNT)
			worst = f->severity;
		failed++;
	}
	c->tests++;
	if (failed)
		c->failures++;

	xml_raw(out, "    <testcase classname=\"");
	xml_put(out, s->path);
	xml_raw(out, "\" name=\"");
	xml_put(out, rule->id);
	xml_raw(out, ": ");
	xml_put(out, rule->title);
	xml_raw(out, "\" file=\"");
	xml_put(out, s->path);
	if (first && first->line > 0) {
		xml_raw(out, "\" line=\"");
		xml_int(out, first->line);
	}
	xml_raw(out, "\" time=\"0\"");
	if (!failed && !suppressed) {
		xml_raw(out, "/>\n");
		return;
	}
	xml_raw(out, ">\n");
	if (failed) {
		xml_raw(out, "      <failure message=\"");
		if (failed > 1) {
			xml_size(out, failed);
			xml_raw(out, " findings, the first: ");
		}
		if (first->line > 0) {
			xml_raw(out, "line ");
			xml_int(out, first->line);
			xml_raw(out, ": ");
		}
		xml_put(out, first->message);
		xml_raw(out, "\" type=\"");
		xml_put(out, bw_severity_name(worst));
		xml_raw(out, "\">");
		for (size_t i = 0; i < s->n; i++) {
			const struct bw_finding *f = s->f[i];
			if (!same_rule(f->rule, rule) || !bw_out_visible(f, o) || f->suppressed)
				continue;
			xml_put(out, s->path);
			xml_where(out, f);
			xml_raw(out, ": ");
			xml_put(out, bw_severity_name(f->severity));
			xml_raw(out, ": ");
			xml_put(out, f->message);
			xml_raw(out, "\n");
		}
		xml_raw(out, "fix: ");
		xml_put(out, rule->fix);
		xml_raw(out, "</failure>\n");
	}
	if (suppressed) {
		xml_raw(out, "      <system-out>");
		for (size_t i = 0; i < s->n; i++) {
			const struct bw_finding *f = s->f[i];
			if (!same_rule(f->rule, rule) || !bw_out_visible(f, o) || !f->suppressed)
				continue;
			xml_raw(out, "suppressed: ");
			xml_put(out, s->path);
			xml_where(out, f);
			xml_raw(out, ": ");
			xml_put(out, f->message);
			xml_raw(out, " (suppressed by ");
			xml_put(out, f->suppressed_by ? f->suppressed_by : "configuration");
			xml_raw(out, ")\n");
		}
		xml_raw(out, "</system-out>\n");
	}
	xml_raw(out, "    </testcase>\n");
}

/* True when rule sets of `kind` hold `rule`. */
static bool kind_has_rule(const char *kind, const struct bw_rule *rule)
{
	const struct bw_ruleset *const *sets;
	size_t n = bw_rulesets(&sets);

	for (size_t k = 0; kind && k < n; k++) {
		if (strcmp(sets[k]->kind, kind) != 0)
			continue;
		if (rule >= sets[k]->rules && rule < sets[k]->rules + sets[k]->len)
			return true;
	}
	return false;
}

/* True when a finding in s->f[0..before) already has `rule`. */
static bool seen_before(const struct junit_suite *s, size_t before, const struct bw_rule *rule)
{
	for (size_t i = 0; i < before; i++)
		if (same_rule(s->f[i]->rule, rule))
			return true;
	return false;
}

static bool rule_has_finding(const struct junit_suite *s, const struct bw_rule *rule)
{
	return seen_before(s, s->n, rule);
}

/* Writes one suite (or only counts it when out is NULL) and adds its counts to `total`. */
static void write_suite(FILE *out, const struct junit_suite *s, const struct bw_out_opts *o,
			struct junit_counts *total)
{
	const struct bw_ruleset *const *sets;
	size_t nsets = bw_rulesets(&sets);
	struct junit_counts c = {0};
	const char *kind = s->target ? s->target->kind : NULL;
	bool parsed = !(s->target && s->target->error);

	/* First pass counts, so the suite element can carry its totals. */
	for (int pass = 0; pass < 2; pass++) {
		FILE *w = pass ? out : NULL;

		if (pass) {
			if (!out)
				break;
			xml_raw(w, "  <testsuite name=\"");
			xml_put(w, s->path);
			xml_raw(w, "\" tests=\"");
			xml_size(w, c.tests);
			xml_raw(w, "\" failures=\"");
			xml_size(w, c.failures);
			xml_raw(w, "\" errors=\"");
			xml_size(w, c.errors);
			xml_raw(w, "\" skipped=\"0\" time=\"0\">\n");
			c = (struct junit_counts){0};
		}
		if (!parsed) {
			c.tests++;
			c.errors++;
			xml_raw(w, "    <testcase classname=\"");
			xml_put(w, s->path);
			xml_raw(w, "\" name=\"parse\" file=\"");
			xml_put(w, s->path);
			xml_raw(w, "\" time=\"0\">\n      <error message=\"");
			xml_put(w, s->target->error);
			xml_raw(w, "\" type=\"parse-error\">");
			xml_put(w, s->target->error);
			xml_raw(w, "</error>\n    </testcase>\n");
		}
		/* Every rule that ran on the file; rules off by default only when they found
		 * something, since nothing here says whether configuration turned them on. */
		for (size_t k = 0; parsed && kind && k < nsets; k++) {
			if (strcmp(sets[k]->kind, kind) != 0)
				continue;
			for (size_t i = 0; i < sets[k]->len; i++) {
				const struct bw_rule *rule = &sets[k]->rules[i];
				if ((rule->flags & BW_RULE_DEFAULT_OFF) &&
				    !rule_has_finding(s, rule))
					continue;
				write_case(w, s, rule, o, &c);
			}
		}
		/* Rules of other kinds (or none) that reported on this file anyway. */
		for (size_t i = 0; i < s->n; i++) {
			const struct bw_rule *rule = s->f[i]->rule;
			if (seen_before(s, i, rule) || (parsed && kind_has_rule(kind, rule)))
				continue;
			bool shown = false;
			for (size_t j = i; j < s->n && !shown; j++)
				shown = same_rule(s->f[j]->rule, rule) &&
					bw_out_visible(s->f[j], o);
			if (shown)
				write_case(w, s, rule, o, &c);
		}
		if (pass)
			xml_raw(w, "  </testsuite>\n");
	}
	total->tests += c.tests;
	total->failures += c.failures;
	total->errors += c.errors;
}

/* Calls write_suite for every target, then for findings in files no target names. */
static void write_all(FILE *out, const struct bw_report *r, const struct bw_finding **idx,
		      const struct bw_out_opts *o, const bool *dup, bool *claimed,
		      struct junit_counts *total)
{
	for (size_t t = 0; t < r->targets_len; t++) {
		const struct bw_target *tg = &r->targets[t];
		struct junit_suite s = {.path = tg->path, .target = tg};
		size_t lo, hi;

		if (dup[t]) /* a file named twice is reported once */
			continue;
		bw_out_path_range(idx, r->len, tg->path, &lo, &hi);
		s.f = idx + lo;
		s.n = hi - lo;
		for (size_t i = lo; i < hi; i++)
			claimed[i] = true;
		write_suite(out, &s, o, total);
	}
	for (size_t i = 0; i < r->len;) {
		size_t lo, hi;
		bw_out_path_range(idx, r->len, idx[i]->path, &lo, &hi);
		if (!claimed[i]) {
			struct junit_suite s = {.path = idx[i]->path, .f = idx + lo, .n = hi - lo};
			write_suite(out, &s, o, total);
		}
		i = hi;
	}
}

int bw_out_junit(FILE *f, const struct bw_report *r, const struct bw_out_opts *o)
{
	BW_CLEANUP(bw_freep) const struct bw_finding **idx = NULL;
	BW_CLEANUP(bw_freep) bool *claimed = NULL;
	BW_CLEANUP(bw_freep) bool *dup = NULL;
	struct junit_counts total = {0};
	int oom;

	idx = bw_out_index_by_path(r, &oom);
	claimed = calloc(r->len ? r->len : 1, sizeof(*claimed));
	dup = bw_out_target_dups(r);
	if (oom || !claimed || !dup)
		return -ENOMEM;

	write_all(NULL, r, idx, o, dup, claimed, &total);
	(void)fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bulwark");
	if (o->command && o->command[0]) {
		xml_raw(f, " ");
		xml_put(f, o->command);
	}
	(void)fprintf(
		f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" time=\"0\">\n",
		total.tests, total.failures, total.errors);
	memset(claimed, 0, (r->len ? r->len : 1) * sizeof(*claimed));
	total = (struct junit_counts){0};
	write_all(f, r, idx, o, dup, claimed, &total);
	(void)fputs("</testsuites>\n", f);
	return ferror(f) ? -EIO : 0;
}
