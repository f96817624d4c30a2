/* SPDX-License-Identifier: Apache-2.0 */
/* The human report: findings grouped by file, one aligned line each with its fix below, then
 * a summary line. Colour only when asked; user text is cleaned of control characters so a
 * hostile file cannot drive the terminal. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "out/out-internal.h"
#include "out/out.h"
#include "util/cleanup.h"
#include "util/banned.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_DIM "\033[2m"

static const char *const severity_color[BW_SEV_COUNT] = {
	[BW_SEV_UNKNOWN] = "\033[2m", [BW_SEV_INFO] = "\033[2m",  [BW_SEV_LOW] = "\033[36m",
	[BW_SEV_MEDIUM] = "\033[33m", [BW_SEV_HIGH] = "\033[31m", [BW_SEV_CRITICAL] = "\033[1;31m",
};

struct table_ctx {
	FILE *out;
	const struct bw_out_opts *o;
	size_t shown;		     /* visible, unsuppressed findings */
	size_t by_sev[BW_SEV_COUNT]; /* of those, per severity */
};

static void put_color(const struct table_ctx *t, const char *seq)
{
	if (t->o->color)
		(void)fputs(seq, t->out);
}

/* Writes user text with tabs as spaces, other control characters and bytes that are not UTF-8
 * as '?'. */
static void put_clean(FILE *out, const char *s)
{
	for (const char *p = s ? s : ""; *p;) {
		const char *start = p;
		uint32_t cp;

		while ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F)
			p++;
		if (p > start) { /* a run of printable ASCII in one write */
			(void)fwrite(start, 1, (size_t)(p - start), out);
			continue;
		}
		p += bw_out_utf8_next(p, &cp);
		if (cp == '\t')
			(void)fputc(' ', out);
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
			 (cp == BW_OUT_UTF8_REPLACEMENT && p - start == 1))
			(void)fputc('?', out);
		else
			(void)fwrite(start, 1, (size_t)(p - start), out);
	}
}

/* "12:5", "12", or "-" for the whole file. */
static void format_where(const struct bw_finding *f, char *buf, size_t len)
{
	if (f->line <= 0)
		(void)snprintf(buf, len, "-");
	else if (f->col > 0)
		(void)snprintf(buf, len, "%d:%d", f->line, f->col);
	else
		(void)snprintf(buf, len, "%d", f->line);
}

static enum bw_severity sev_of(const struct bw_finding *f)
{
	return (unsigned)f->severity < BW_SEV_COUNT ? f->severity : BW_SEV_UNKNOWN;
}

/* Prints one file: its header, its parse error if any, then its shown findings. */
static void print_file(struct table_ctx *t, const char *path, const struct bw_target *tg,
		       const struct bw_finding **f, size_t n)
{
	int wwhere = 1, wid = 1;
	size_t shown = 0;
	char where[32];

	for (size_t i = 0; i < n; i++) {
		if (!bw_out_visible(f[i], t->o))
			continue;
		format_where(f[i], where, sizeof(where));
		int lw = (int)strlen(where), li = (int)strlen(f[i]->rule->id);
		wwhere = lw > wwhere ? lw : wwhere;
		wid = li > wid ? li : wid;
		shown++;
	}
	if (!shown && !(tg && tg->error))
		return;

	put_color(t, ANSI_BOLD);
	put_clean(t->out, path);
	put_color(t, ANSI_RESET);
	(void)fputc('\n', t->out);
	if (tg && tg->error) {
		(void)fputs("  ", t->out);
		put_color(t, severity_color[BW_SEV_HIGH]);
		(void)fputs("error", t->out);
		put_color(t, ANSI_RESET);
		(void)fputs(": not checked: ", t->out);
		put_clean(t->out, tg->error);
		(void)fputc('\n', t->out);
	}
	for (size_t i = 0; i < n; i++) {
		const struct bw_finding *fi = f[i];
		enum bw_severity sev = sev_of(fi);

		if (!bw_out_visible(fi, t->o))
			continue;
		if (!fi->suppressed) {
			t->shown++;
			t->by_sev[sev]++;
		}
		format_where(fi, where, sizeof(where));
		(void)fprintf(t->out, "  %-*s  ", wwhere, where);
		put_color(t, fi->suppressed ? ANSI_DIM : severity_color[sev]);
		(void)fprintf(t->out, "%-8s", bw_severity_name(sev));
		put_color(t, ANSI_RESET);
		(void)fputs("  ", t->out);
		put_color(t, fi->suppressed ? ANSI_DIM : "");
		(void)fprintf(t->out, "%-*s  ", wid, fi->rule->id);
		put_clean(t->out, fi->message);
		if (fi->suppressed) {
			(void)fputs(" (suppressed by ", t->out);
			put_clean(t->out, fi->suppressed_by ? fi->suppressed_by : "configuration");
			(void)fputc(')', t->out);
			put_color(t, ANSI_RESET);
		}
		(void)fputc('\n', t->out);
		if (!fi->suppressed && fi->rule->fix && fi->rule->fix[0]) {
			/* under the message: two spaces, where, two, severity, two, id, two */
			(void)fprintf(t->out, "%*s", 2 + wwhere + 2 + 8 + 2 + wid + 2, "");
			put_color(t, ANSI_DIM);
			(void)fputs("fix: ", t->out);
			put_clean(t->out, fi->rule->fix);
			put_color(t, ANSI_RESET);
			(void)fputc('\n', t->out);
		}
	}
	(void)fputc('\n', t->out);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_summary(struct table_ctx *t, const struct bw_report *r, size_t files,
			  size_t errors)
{
	size_t suppressed = 0;
	bool first = true;

	for (size_t i = 0; i < r->len; i++)
		if (r->findings[i].suppressed)
			suppressed++;
	if (t->o->quiet && t->shown == 0 && errors == 0)
		return;
	(void)fprintf(t->out, "%zu %s", t->shown, plural(t->shown, "finding", "findings"));
	for (int s = BW_SEV_COUNT - 1; s >= 0; s--) {
		char name[16];
		size_t k = 0;

		if (!t->by_sev[s])
			continue;
		for (const char *p = bw_severity_name((enum bw_severity)s);
		     *p && k + 1 < sizeof(name); p++)
			name[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		name[k] = '\0';
		(void)fputs(first ? " (" : ", ", t->out);
		put_color(t, severity_color[s]);
		(void)fprintf(t->out, "%zu %s", t->by_sev[s], name);
		put_color(t, ANSI_RESET);
		first = false;
	}
	if (!first)
		(void)fputc(')', t->out);
	(void)fprintf(t->out, ", %zu suppressed, %zu %s", suppressed, files,
		      plural(files, "file", "files"));
	if (errors)
		(void)fprintf(t->out, ", %zu not parsed", errors);
	(void)fputc('\n', t->out);
}

int bw_out_table(FILE *f, const struct bw_report *r, const struct bw_out_opts *o)
{
	BW_CLEANUP(bw_freep) const struct bw_finding **idx = NULL;
	BW_CLEANUP(bw_freep) bool *claimed = NULL;
	BW_CLEANUP(bw_freep) bool *dup = NULL;
	struct table_ctx t = {.out = f, .o = o};
	size_t files = 0, errors = 0;
	int oom;

	idx = bw_out_index_by_path(r, &oom);
	claimed = calloc(r->len ? r->len : 1, sizeof(*claimed));
	dup = bw_out_target_dups(r);
	if (oom || !claimed || !dup)
		return -ENOMEM;
	for (size_t i = 0; i < r->targets_len; i++) {
		const struct bw_target *tg = &r->targets[i];
		size_t lo, hi;

		if (dup[i])
			continue;
		files++;
		errors += tg->error != NULL;
		bw_out_path_range(idx, r->len, tg->path, &lo, &hi);
		for (size_t k = lo; k < hi; k++)
			claimed[k] = true;
		print_file(&t, tg->path, tg, idx + lo, hi - lo);
	}
	for (size_t i = 0; i < r->len;) { /* findings in files no target names */
		size_t lo, hi;

		bw_out_path_range(idx, r->len, idx[i]->path, &lo, &hi);
		if (!claimed[i])
			print_file(&t, idx[i]->path, NULL, idx + lo, hi - lo);
		i = hi;
	}
	print_summary(&t, r, files, errors);
	return ferror(f) ? -EIO : 0;
}
