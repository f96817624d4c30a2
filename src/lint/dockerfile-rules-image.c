/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile rules DF-001..DF-099: everything but what RUN commands do. Base images and
 * stages, the image's user, ports, ADD/COPY/WORKDIR, CMD/ENTRYPOINT/HEALTHCHECK, labels and
 * secrets in ENV/ARG. What RUN commands do is dockerfile-rules-run.c (DF-100..DF-199). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/report.h"
#include "core/rule.h"
#include "lint/dockerfile-rules.h"
#include "lint/dockerfile.h"
#include "lint/registry.h"
#include "lint/shell.h"
#include "secret/secret.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

/* Longest image reference, path or word we judge; longer ones are skipped, not truncated. */
#define IMG_MAX_REF 512u
/* Stage references we follow from one stage to its ancestors (parents are always earlier,
 * so the walk ends anyway; this only bounds hostile files with thousands of stages). */
#define IMG_MAX_HOPS 1024

/* ---- reporting ---- */

static int report(const struct bw_rule *self, const struct df_instr *at, int line,
		  struct bw_report *out, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Adds a finding at instruction `at` (at `line` when non-zero, e.g. an ENV pair's line). */
static int report(const struct bw_rule *self, const struct df_instr *at, int line,
		  struct bw_report *out, const char *fmt, ...)
{
	char msg[BW_MAX_MESSAGE];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line <= 0 || line < at->line || line > at->end_line)
		line = at->line;
	return bw_report_add_span(out, self, line, at->end_line, at->col, "%s", msg);
}

/* ---- small string helpers ---- */

/* `s` without one pair of surrounding quotes, copied into buf; NULL when it does not fit. */
static const char *unquote(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);

	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	if (n >= len)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* The last path component, after '/' or '\\'. */
static const char *base_name(const char *p)
{
	const char *b = p;

	for (; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

/* `text` for a message: runs of white space made one space, cut after `max` bytes with
 * "...". */
static const char *snippet(const char *text, size_t max, char *buf, size_t len)
{
	const char *p = text;
	size_t o = 0;
	bool space = false;

	if (max + 4 > len)
		max = len - 4;
	for (; *p && o < max; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = o > 0;
			continue;
		}
		if (space && o + 1 < max)
			buf[o++] = ' ';
		space = false;
		buf[o++] = *p;
	}
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	memcpy(buf + o, *p ? "..." : "", *p ? 4 : 1);
	return buf;
}

/* "/x", or a Windows drive: "C:\\x", "C:/x", "C:" (the parser may have taken the backslash
 * of an unquoted "c:\\dir" as an escape, leaving "c:dir"). */
static bool path_is_absolute(const char *p)
{
	if (p[0] == '/')
		return true;
	return ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':';
}

/* Extensions Docker's ADD unpacks (and Hadolint's list for DL3010/DL3020). */
static bool is_archive(const char *p)
{
	static const char *const ext[] = {".tar", ".Z",	  ".bz2", ".gz",   ".lz",  ".lzma",
					  ".tZ",  ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
					  ".tpz", ".txz", ".xz",  NULL};

	for (size_t i = 0; ext[i]; i++)
		if (bw_str_endswith(p, ext[i]))
			return true;
	return false;
}

static bool is_http_url(const char *p)
{
	return bw_str_casestartswith(p, "http://") || bw_str_casestartswith(p, "https://");
}

/* A git source ADD clones: git@host:repo, ssh://..., or an http(s) URL ending in .git. */
static bool is_git_url(const char *p)
{
	char buf[IMG_MAX_REF];
	size_t n;

	if (bw_str_startswith(p, "git@") || bw_str_casestartswith(p, "git://") ||
	    bw_str_casestartswith(p, "ssh://"))
		return true;
	if (!is_http_url(p))
		return false;
	n = strcspn(p, "#?");
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return bw_str_endswith(buf, ".git");
}

/* ---- variables ---- */

/* Calls fn for every $NAME / ${NAME...} in text that has no default (${NAME:-x} and
 * ${NAME-x} always give a value). Stops at the first false and returns it. */
static bool vars_each(const char *text, bool (*fn)(const char *name, const void *data),
		      const void *data)
{
	for (const char *p = strchr(text, '$'); p; p = strchr(p + 1, '$')) {
		const char *n = p + 1 + (p[1] == '{');
		char name[128];
		size_t len = 0;

		while (is_name_char(n[len]))
			len++;
		if (len == 0 || len >= sizeof(name))
			continue;
		if (p[1] == '{' && (n[len] == '-' || (n[len] == ':' && n[len + 1] == '-') ||
				    n[len] == '+' || (n[len] == ':' && n[len + 1] == '+')))
			continue;
		memcpy(name, n, len);
		name[len] = '\0';
		if (!fn(name, data))
			return false;
	}
	return true;
}

struct var_ctx {
	struct df_file *df;
	const struct df_instr *at;
};

/* `name` has a non-empty value at ctx->at (an ARG default or an ENV value in scope); with
 * `at` NULL, a global ARG's default, as FROM sees it. */
static bool var_known(const char *name, const void *data)
{
	const struct var_ctx *c = data;
	char probe[160];
	const char *r;

	if (snprintf(probe, sizeof(probe), "${%s:+x}", name) >= (int)sizeof(probe))
		return false;
	r = df_expand(c->df, c->at, probe);
	return r && strcmp(r, "x") == 0;
}

/* `text` with variables substituted at `at`; NULL when a variable has no known value there
 * (a build argument without default, a variable of the base image) or out of memory. */
static const char *expand_known(struct df_file *df, const struct df_instr *at, const char *text)
{
	struct var_ctx c = {.df = df, .at = at};

	if (!strchr(text, '$'))
		return text;
	if (!vars_each(text, var_known, &c))
		return NULL;
	return df_expand(df, at, text);
}

/* ---- stages ---- */

/* The named stages sorted by (name, index), case-insensitively, so a reference is found in
 * O(log n) even in files with thousands of stages. */
struct stage_index {
	const struct df_stage **by_name;
	size_t n;
};

static int stage_cmp(const void *a, const void *b)
{
	const struct df_stage *x = *(const struct df_stage *const *)a;
	const struct df_stage *y = *(const struct df_stage *const *)b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static void stage_index_release(struct stage_index *ix)
{
	free(ix->by_name);
	ix->by_name = NULL;
}

static int stage_index_load(const struct df_file *df, struct stage_index *ix)
{
	*ix = (struct stage_index){0};
	if (df->n_stages == 0)
		return 0;
	ix->by_name = calloc(df->n_stages, sizeof(*ix->by_name));
	if (!ix->by_name)
		return -ENOMEM;
	for (size_t s = 0; s < df->n_stages; s++)
		if (df->stages[s].name)
			ix->by_name[ix->n++] = &df->stages[s];
	qsort(ix->by_name, ix->n, sizeof(*ix->by_name), stage_cmp);
	return 0;
}

/* Index of the stage `ref` names among stages [0, before): a stage name (case-insensitive;
 * the last of duplicates) or a number. -1 when none. */
static int stage_lookup(const struct stage_index *ix, const struct df_file *df, const char *ref,
			int before)
{
	size_t lo = 0, hi = ix->n;

	if (before > (int)df->n_stages)
		before = (int)df->n_stages;
	if (all_digits(ref)) {
		uint64_t v;

		if (bw_parse_u64(ref, &v) == 0 && v < (uint64_t)(before > 0 ? before : 0))
			return (int)v;
		return -1;
	}
	while (lo < hi) { /* first entry not before (ref, before) */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(ix->by_name[mid]->name, ref);

		if (c < 0 || (c == 0 && ix->by_name[mid]->index < before))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && strcasecmp(ix->by_name[lo - 1]->name, ref) == 0)
		return ix->by_name[lo - 1]->index;
	return -1;
}

/* The `from=` value of a `--mount=...` flag value, copied into buf; NULL when none. */
static const char *mount_from(const char *mount, char *buf, size_t len)
{
	const char *p = mount;

	while (p && *p) {
		while (*p == ',' || *p == '"' || *p == '\'' || *p == ' ')
			p++;
		size_t n = strcspn(p, ",");
		if (n > 5 && strncmp(p, "from=", 5) == 0) {
			n -= 5;
			p += 5;
			while (n > 0 && (p[n - 1] == '"' || p[n - 1] == '\''))
				n--;
			if (n == 0 || n >= len)
				return NULL;
			memcpy(buf, p, n);
			buf[n] = '\0';
			return buf;
		}
		p += n;
	}
	return NULL;
}

/* Which stages an image is made of. A stage is an image when it is the last one, or when no
 * later instruction uses it (FROM, COPY --from, RUN --mount from=): a build target such as
 * `dev` or `test`. A builder stage whose files are copied out is not. in_image marks image
 * stages and their ancestors: their instructions end up in an image. */
struct stage_map {
	bool *is_image;
	bool *in_image;
	size_t n;
	struct stage_index ix;
};

static void stage_map_release(struct stage_map *m)
{
	free(m->is_image);
	free(m->in_image);
	stage_index_release(&m->ix);
}

static void stage_mark_used(const struct df_file *df, const struct stage_index *ix, const char *ref,
			    int at_stage, bool *used)
{
	char buf[IMG_MAX_REF];
	const char *r = unquote(ref, buf, sizeof(buf));
	int s;

	if (!r)
		return;
	s = stage_lookup(ix, df, r, at_stage);
	if (s >= 0 && s != at_stage)
		used[s] = true;
}

static int stage_map_load(const struct df_file *df, struct stage_map *m)
{
	BW_CLEANUP(bw_freep) bool *used = NULL;
	size_t n = df->n_stages;

	*m = (struct stage_map){0};
	if (n == 0)
		return 0;
	used = calloc(n, sizeof(*used));
	m->is_image = calloc(n, sizeof(*m->is_image));
	m->in_image = calloc(n, sizeof(*m->in_image));
	if (!used || !m->is_image || !m->in_image || stage_index_load(df, &m->ix) < 0) {
		stage_map_release(m);
		return -ENOMEM;
	}
	m->n = n;
	for (size_t s = 0; s < n; s++)
		if (df->stages[s].parent >= 0 && (size_t)df->stages[s].parent < s)
			used[df->stages[s].parent] = true;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];

		if (in->stage < 0)
			continue;
		for (size_t f = 0; f < in->n_flags; f++) {
			const struct df_flag *fl = &in->flags[f];
			char buf[IMG_MAX_REF];

			if (!fl->value)
				continue;
			if (strcmp(fl->name, "from") == 0 &&
			    (in->kind == DF_COPY || in->kind == DF_ADD))
				stage_mark_used(df, &m->ix, fl->value, in->stage, used);
			else if (strcmp(fl->name, "mount") == 0 &&
				 mount_from(fl->value, buf, sizeof(buf)))
				stage_mark_used(df, &m->ix, buf, in->stage, used);
		}
	}
	for (size_t s = 0; s < n; s++)
		m->is_image[s] = s + 1 == n || !used[s];
	for (size_t s = n; s > 0; s--) {
		int p = df->stages[s - 1].parent;

		if (m->is_image[s - 1])
			m->in_image[s - 1] = true;
		if (m->in_image[s - 1] && p >= 0 && (size_t)p < s - 1)
			m->in_image[p] = true;
	}
	return 0;
}

/* The last instruction of `kind` in stage s, else in its parent stage, and so on: what the
 * image built from stage s inherits. NULL when none. ONBUILD-wrapped ones do not count. */
static const struct df_instr *stage_last(const struct df_file *df, int s, enum df_kind kind)
{
	for (int hops = 0; s >= 0 && (size_t)s < df->n_stages && hops < IMG_MAX_HOPS; hops++) {
		const struct df_stage *st = &df->stages[s];

		for (size_t i = st->instr + st->n_instrs; i > st->instr; i--)
			if (df->instrs[i - 1].kind == kind)
				return &df->instrs[i - 1];
		if (st->parent >= s)
			break;
		s = st->parent;
	}
	return NULL;
}

/* The first stage of the chain stage s is built on (s itself when its FROM is an image). */
static int stage_root(const struct df_file *df, int s)
{
	for (int hops = 0; hops < IMG_MAX_HOPS; hops++) {
		int p = df->stages[s].parent;

		if (p < 0 || p >= s)
			return s;
		s = p;
	}
	return s;
}

static const struct df_instr *stage_from(const struct df_file *df, int s)
{
	return &df->instrs[df->stages[s].instr];
}

/* The instruction itself, or the one an ONBUILD wraps (NULL when it wraps nothing). */
static const struct df_instr *inner(const struct df_instr *in)
{
	return in->kind == DF_ONBUILD ? in->onbuild : in;
}

/* What a stage's FROM names when it is an image: NULL for an earlier stage, `scratch`, or a
 * reference that depends on a build argument without default. *ret_expanded tells whether
 * ARG defaults were substituted. */
static const char *stage_image(struct df_file *df, int s, bool *ret_expanded)
{
	const struct df_stage *st = &df->stages[s];
	const char *img = st->image;

	*ret_expanded = false;
	if (!img || st->parent >= 0)
		return NULL;
	if (strchr(img, '$')) {
		struct var_ctx c = {.df = df, .at = NULL};

		if (!vars_each(img, var_known, &c) || !st->image_expanded)
			return NULL;
		img = st->image_expanded;
		*ret_expanded = strcmp(img, st->image) != 0;
	}
	if (!*img || strcasecmp(img, "scratch") == 0)
		return NULL;
	return img;
}

/* "'FROM x'" or "'FROM ${BASE}' (resolving to 'x')" for messages. */
static void from_text(const struct df_stage *st, const char *img, bool expanded, char *buf,
		      size_t len)
{
	if (expanded)
		(void)snprintf(buf, len, "'FROM %.200s' (resolving to '%.200s')", st->image, img);
	else
		(void)snprintf(buf, len, "'FROM %.200s'", img);
}

/* ---- DF-001, DF-002, DF-003: tags and digests of base images ---- */

enum pin_kind { PIN_LATEST, PIN_UNTAGGED, PIN_DIGEST };

static int check_pins(const struct bw_rule *self, const struct df_subject *sub,
		      struct bw_report *out, enum pin_kind kind)
{
	struct df_file *df = sub->df;

	for (size_t s = 0; s < df->n_stages; s++) {
		struct registry_ref r;
		bool expanded;
		const char *img = stage_image(df, (int)s, &expanded);
		char what[480];
		int ret = 0;

		if (!img || registry_ref_parse(img, &r) < 0)
			continue;
		from_text(&df->stages[s], img, expanded, what, sizeof(what));
		if (kind == PIN_LATEST && !r.digest[0] && strcmp(r.tag, "latest") == 0)
			ret = report(self, stage_from(df, (int)s), 0, out,
				     "%s uses the 'latest' tag, which moves to new releases", what);
		else if (kind == PIN_UNTAGGED && !r.digest[0] && !r.tag[0])
			ret = report(self, stage_from(df, (int)s), 0, out,
				     "%s has no tag, so it means 'latest'", what);
		else if (kind == PIN_DIGEST && !r.digest[0])
			ret = report(
				self, stage_from(df, (int)s), 0, out,
				"%s is not pinned by digest; the tag can be moved to other content",
				what);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_latest_tag(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_pins(self, subject, out, PIN_LATEST);
}

static int check_untagged(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_pins(self, subject, out, PIN_UNTAGGED);
}

static int check_digest(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_pins(self, subject, out, PIN_DIGEST);
}

/* ---- DF-004: registries outside the trusted list ---- */

/* Reports `ref` (an image reference used by `in`) when its registry is not trusted. */
static int check_one_registry(const struct bw_rule *self, const struct df_subject *sub,
			      const struct df_instr *in, const char *ref, const char *what,
			      struct bw_report *out)
{
	struct registry_ref r;

	if (registry_ref_parse(ref, &r) < 0 || registry_trusted(sub->cfg, &r))
		return 0;
	return report(self, in, 0, out,
		      "%s pulls '%.200s' from registry '%s', which is not trusted", what, ref,
		      r.registry);
}

/* An image reference given to COPY --from or RUN --mount from=: not a stage, no variable. */
static const char *external_ref(const struct df_file *df, const struct stage_index *ix,
				const char *value, char *buf, size_t len)
{
	const char *v = unquote(value, buf, len);

	if (!v || !*v || strchr(v, '$') || all_digits(v) ||
	    stage_lookup(ix, df, v, (int)df->n_stages) >= 0)
		return NULL;
	return v;
}

static int check_registry(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	struct df_file *df = sub->df;
	BW_CLEANUP(stage_index_release) struct stage_index ix = {0};
	int ret;

	if (!sub->cfg->trusted_registries)
		return 0;
	ret = stage_index_load(df, &ix);
	if (ret < 0)
		return ret;
	for (size_t s = 0; s < df->n_stages; s++) {
		bool expanded;
		const char *img = stage_image(df, (int)s, &expanded);
		char what[480];

		if (!img)
			continue;
		from_text(&df->stages[s], img, expanded, what, sizeof(what));
		ret = check_one_registry(self, sub, stage_from(df, (int)s), img, what, out);
		if (ret < 0)
			return ret;
	}
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);

		if (!in)
			continue;
		for (size_t f = 0; f < in->n_flags; f++) {
			const struct df_flag *fl = &in->flags[f];
			char buf[IMG_MAX_REF], mbuf[IMG_MAX_REF], what[IMG_MAX_REF + 32];
			const char *ref = NULL;

			if (!fl->value)
				continue;
			if (strcmp(fl->name, "from") == 0 &&
			    (in->kind == DF_COPY || in->kind == DF_ADD))
				ref = external_ref(df, &ix, fl->value, buf, sizeof(buf));
			else if (strcmp(fl->name, "mount") == 0 &&
				 mount_from(fl->value, mbuf, sizeof(mbuf)))
				ref = external_ref(df, &ix, mbuf, buf, sizeof(buf));
			if (!ref)
				continue;
			(void)snprintf(what, sizeof(what), "'%s --%s'", df_kind_name(in->kind),
				       fl->name);
			ret = check_one_registry(self, sub, &df->instrs[i], ref, what, out);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* ---- DF-005: FROM --platform with a fixed value ---- */

static int check_platform(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t s = 0; s < df->n_stages; s++) {
		const char *p = df->stages[s].platform;
		char buf[256];
		int ret;

		if (!p || !(p = unquote(p, buf, sizeof(buf))) || !*p || strchr(p, '$'))
			continue;
		ret = report(self, stage_from(df, (int)s), 0, out,
			     "'FROM --platform=%s' fixes the platform, so the build cannot target "
			     "others",
			     p);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- DF-006: duplicate stage names ---- */

static int check_duplicate_stage(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;
	BW_CLEANUP(stage_index_release) struct stage_index ix = {0};
	int ret = stage_index_load(df, &ix);

	for (size_t k = 1; ret == 0 && k < ix.n; k++) {
		const struct df_stage *st = ix.by_name[k], *prev = ix.by_name[k - 1];

		if (strcasecmp(st->name, prev->name) == 0)
			ret = report(self, stage_from(df, st->index), 0, out,
				     "stage name '%s' is already used by the FROM at line %d",
				     st->name, prev->line);
	}
	return ret;
}

/* ---- DF-007, DF-008: COPY --from ---- */

static int check_copy_from(const struct bw_rule *self, const struct df_subject *sub,
			   struct bw_report *out, bool self_ref)
{
	const struct df_file *df = sub->df;
	BW_CLEANUP(stage_index_release) struct stage_index ix = {0};

	if (stage_index_load(df, &ix) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		const char *v = in->kind == DF_COPY ? df_instr_flag(in, "from") : NULL;
		char buf[IMG_MAX_REF];
		const char *cur = in->stage >= 0 ? df->stages[in->stage].name : NULL;
		int ret = 0;

		if (!v || !(v = unquote(v, buf, sizeof(buf))) || !*v || strchr(v, '$'))
			continue;
		bool own = (cur && strcasecmp(cur, v) == 0) ||
			   (all_digits(v) && in->stage >= 0 &&
			    strtoul(v, NULL, 10) == (unsigned long)in->stage);
		if (self_ref) {
			if (own)
				ret = report(self, in, 0, out,
					     "'COPY --from=%s' names the stage it is in; a stage "
					     "cannot copy from itself",
					     v);
		} else if (!own && stage_lookup(&ix, df, v, in->stage) < 0 && !strpbrk(v, ":/@")) {
			if (all_digits(v))
				ret = report(self, in, 0, out,
					     "'COPY --from=%s' names no earlier stage (stages are "
					     "numbered from 0)",
					     v);
			else
				ret = report(self, in, 0, out,
					     "'COPY --from=%s' names no earlier stage, so Docker "
					     "pulls an image called '%s'",
					     v, v);
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_copy_from_self(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	return check_copy_from(self, subject, out, true);
}

static int check_copy_from_unknown(const struct bw_rule *self, const void *subject,
				   struct bw_report *out)
{
	return check_copy_from(self, subject, out, false);
}

/* ---- DF-010, DF-011, DF-012: the image's user ---- */

/* The user part of a USER instruction ("app" of "app:staff"), variables substituted; NULL
 * when it depends on an unknown variable. */
static const char *user_of(struct df_file *df, const struct df_instr *in, char *buf, size_t len)
{
	const char *u;
	size_t n;

	if (in->n_words == 0)
		return NULL;
	u = expand_known(df, in, in->words[0]);
	if (!u)
		return NULL;
	n = strcspn(u, ":");
	if (n == 0 || n >= len)
		return NULL;
	memcpy(buf, u, n);
	buf[n] = '\0';
	return buf;
}

/* root, UID 0, or Windows' administrator account. */
static bool user_is_root(const char *u)
{
	return strcmp(u, "root") == 0 || (all_digits(u) && strspn(u, "0") == strlen(u)) ||
	       strcasecmp(u, "ContainerAdministrator") == 0;
}

/* The image of the first stage of s's chain, or NULL (scratch, a variable, a cycle). */
static const char *chain_image(struct df_file *df, int s)
{
	int root = stage_root(df, s);
	bool expanded;

	if (df->stages[root].parent >= 0)
		return NULL;
	return stage_image(df, root, &expanded);
}

/* Windows images: USER names a Windows account, and Kubernetes' runAsNonRoot does not apply. */
static bool stage_is_windows(struct df_file *df, int s)
{
	const char *img = chain_image(df, s);

	return df->escape == '`' ||
	       (img && (strcasestr(img, "nanoserver") || strcasestr(img, "servercore") ||
			strcasestr(img, "windows")));
}

/* An artifact export rather than something that runs: files copied onto scratch, with no
 * CMD or ENTRYPOINT (`FROM scratch AS binaries` + `COPY --from=build /out /`). */
static bool stage_is_export(const struct df_file *df, int s)
{
	int root = stage_root(df, s);
	const char *img = df->stages[root].image;

	return df->stages[root].parent < 0 && img && strcasecmp(img, "scratch") == 0 &&
	       !stage_last(df, s, DF_CMD) && !stage_last(df, s, DF_ENTRYPOINT) &&
	       (stage_last(df, s, DF_COPY) || stage_last(df, s, DF_ADD));
}

/* Image stages whose effective USER is `root` (want_root) or a name without UID. */
static int check_users(const struct bw_rule *self, const struct df_subject *sub,
		       struct bw_report *out, bool want_root)
{
	struct df_file *df = sub->df;
	BW_CLEANUP(stage_map_release) struct stage_map m = {0};
	/* last[s]: the USER stage s runs with (its own last one, else its parent's) */
	BW_CLEANUP(bw_freep) const struct df_instr **last = calloc(df->n_stages + 1, sizeof(*last));
	BW_CLEANUP(bw_freep) bool *done = calloc(df->n_instrs + 1, sizeof(*done));
	int ret = stage_map_load(df, &m);

	if (ret < 0 || !last || !done)
		return ret < 0 ? ret : -ENOMEM;
	for (size_t i = 0; i < df->n_instrs; i++)
		if (df->instrs[i].kind == DF_USER && df->instrs[i].stage >= 0)
			last[df->instrs[i].stage] = &df->instrs[i];
	for (size_t s = 0; s < df->n_stages; s++) {
		int p = df->stages[s].parent;

		if (!last[s] && p >= 0 && (size_t)p < s)
			last[s] = last[p];
	}
	for (size_t s = 0; s < m.n; s++) {
		const struct df_instr *u = last[s];
		char buf[256], shown[320];
		const char *name;

		if (!m.is_image[s] || !u || u->index >= df->n_instrs || done[u->index])
			continue;
		if (!want_root && stage_is_windows(df, (int)s))
			continue;
		done[u->index] = true;
		if (!(name = user_of(df, u, buf, sizeof(buf))))
			continue;
		if (strchr(u->words[0], '$'))
			(void)snprintf(shown, sizeof(shown),
				       "'USER %.120s' (resolving to '%.120s')", u->words[0], name);
		else
			(void)snprintf(shown, sizeof(shown), "'USER %.120s'", u->words[0]);
		if (want_root && user_is_root(name))
			ret = report(self, u, 0, out,
				     "%s makes root the user the container runs as", shown);
		else if (!want_root && !user_is_root(name) && !all_digits(name))
			ret = report(self, u, 0, out,
				     "%s gives a name but no numeric UID: Kubernetes runAsNonRoot "
				     "cannot verify a name and refuses to start the pod",
				     shown);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_root_user(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_users(self, subject, out, true);
}

static int check_user_by_name(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	return check_users(self, subject, out, false);
}

/* Base images known to default to a non-root user. */
static bool image_runs_nonroot(const char *img)
{
	static const char *const marks[] = {"nonroot", "non-root", "unprivileged", "rootless",
					    NULL};

	if (bw_str_startswith(img, "cgr.dev/chainguard/"))
		return true;
	for (size_t i = 0; marks[i]; i++)
		if (strcasestr(img, marks[i]))
			return true;
	return false;
}

static int check_no_user(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	struct df_file *df = sub->df;
	int last, root;
	const char *img;
	bool expanded;

	if (df->n_stages == 0)
		return 0;
	last = (int)df->n_stages - 1;
	if (stage_last(df, last, DF_USER) || stage_is_export(df, last))
		return 0;
	root = stage_root(df, last);
	if (df->stages[root].parent >= 0)
		return 0; /* a cycle in a hostile file */
	img = stage_image(df, root, &expanded);
	if (img && image_runs_nonroot(img))
		return 0;
	if (df->stages[root].image && strcasecmp(df->stages[root].image, "scratch") == 0)
		return report(self, stage_from(df, last), 0, out,
			      "no USER instruction and the image is built from 'scratch', so the "
			      "container runs as root");
	if (!img)
		img = df->stages[root].image ? df->stages[root].image : "?";
	return report(self, stage_from(df, last), 0, out,
		      "no USER instruction: the container runs as the default user of '%.200s', "
		      "usually root (ContainerAdministrator on Windows)",
		      img);
}

/* ---- DF-015, DF-016: EXPOSE ---- */

/* Port words of EXPOSE: "80", "80/tcp", "8000-8010/udp". Fills lo/hi; false when the word
 * is not numbers (a variable without known value, garbage). */
static bool port_range(struct df_file *df, const struct df_instr *at, const char *word,
		       uint64_t *lo, uint64_t *hi)
{
	char buf[64];
	const char *w = expand_known(df, at, word);
	size_t n;
	char *dash;

	if (!w)
		return false;
	n = strcspn(w, "/");
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, w, n);
	buf[n] = '\0';
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (bw_parse_u64(buf, lo) < 0)
		return false;
	if (!dash) {
		*hi = *lo;
		return true;
	}
	return bw_parse_u64(dash + 1, hi) == 0;
}

static int check_expose(const struct bw_rule *self, const struct df_subject *sub,
			struct bw_report *out, bool ssh)
{
	struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);

		if (!in || in->kind != DF_EXPOSE)
			continue;
		for (size_t w = 0; w < in->n_words; w++) {
			uint64_t lo, hi;
			int ret = 0;

			if (!port_range(df, &df->instrs[i], in->words[w], &lo, &hi))
				continue;
			if (ssh && lo <= 22 && hi >= 22)
				ret = report(self, &df->instrs[i], 0, out,
					     "'EXPOSE %s' exposes port 22 (SSH)", in->words[w]);
			else if (!ssh && (lo > 65535 || hi > 65535))
				ret = report(self, &df->instrs[i], 0, out,
					     "'EXPOSE %s' is outside the port range 0-65535",
					     in->words[w]);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int check_port_22(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_expose(self, subject, out, true);
}

static int check_port_range(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_expose(self, subject, out, false);
}

/* ---- DF-020, DF-021: ADD ---- */

/* The sources of ADD/COPY: every word but the last. */
static size_t n_sources(const struct df_instr *in)
{
	return in->n_words > 0 ? in->n_words - 1 : 0;
}

static int check_add(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		const char *plain = NULL;

		if (!in || in->kind != DF_ADD || n_sources(in) == 0)
			continue;
		for (size_t w = 0; w < n_sources(in) && !plain; w++) {
			const char *src = expand_known(df, &df->instrs[i], in->words[w]);

			if (src && !is_archive(src) && !is_http_url(src) && !is_git_url(src))
				plain = in->words[w];
		}
		if (!plain)
			continue;
		int ret = report(self, &df->instrs[i], 0, out,
				 "'ADD %s' copies a plain local file; COPY does the same without "
				 "ADD's implicit unpacking and downloading",
				 plain);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_add_checksum(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct df_subject *sub = subject;
	struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);

		if (!in || in->kind != DF_ADD || df_instr_flag(in, "checksum"))
			continue;
		for (size_t w = 0; w < n_sources(in); w++) {
			const char *src = in->words[w];
			const char *x = expand_known(df, &df->instrs[i], src);
			char masked[IMG_MAX_REF];
			int ret;

			if (!x || (!is_http_url(x) && !is_git_url(x)))
				continue;
			if (secret_classify(NULL, src))
				secret_mask(src, masked, sizeof(masked));
			else
				(void)snprintf(masked, sizeof(masked), "%s", src);
			ret = report(
				self, &df->instrs[i], 0, out,
				"'ADD %s' fetches remote content without --checksum, so nothing "
				"checks that it is what was reviewed",
				masked);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return 0;
}

/* ---- DF-022: COPY of an archive that a RUN then unpacks (DL3010) ---- */

struct archive_seen {
	const struct df_instr *copy; /* the COPY that brought it */
	const char *name;	     /* base name, borrowed from the instruction */
	bool reported;
};

static bool cmd_extracts(const struct sh_cmd *c)
{
	static const char *const unpackers[] = {"unzip", "gunzip",     "bunzip2", "unlzma", "unxz",
						"zgz",	 "uncompress", "zcat",	  "gzcat",  NULL};

	if (c->argc == 0)
		return false;
	if (sh_cmd_is(c, "tar")) {
		for (size_t a = 1; a < c->argc; a++) {
			const char *w = c->argv[a].text;

			if (strcmp(w, "--extract") == 0 || strcmp(w, "--get") == 0)
				return true;
			if (w[0] == '-' && w[1] != '-' && strchr(w, 'x'))
				return true;
			if (a == 1 && w[0] != '-' && strchr(w, 'x') &&
			    strspn(w, "xzjJvfpo") == strlen(w))
				return true; /* old-style "tar xzf file" */
		}
		return false;
	}
	for (size_t k = 0; unpackers[k]; k++)
		if (sh_cmd_is(c, unpackers[k]))
			return true;
	return false;
}

static bool cmd_names(const struct sh_cmd *c, const char *name)
{
	for (size_t a = 1; a < c->argc; a++) {
		const char *w = c->argv[a].text;

		if (w[0] != '-' && strcmp(base_name(w), name) == 0)
			return true;
	}
	return false;
}

static int scan_extracts(struct df_file *df, const char *script, struct archive_seen *seen,
			 size_t n_seen)
{
	struct sh_script sc;
	int ret = sh_parse(&df->arena, script, &sc);

	if (ret < 0)
		return ret;
	for (size_t k = 0; k < sc.n_cmds; k++) {
		if (!cmd_extracts(&sc.cmds[k]))
			continue;
		for (size_t a = 0; a < n_seen; a++)
			if (!seen[a].reported && cmd_names(&sc.cmds[k], seen[a].name))
				seen[a].reported = true;
	}
	return 0;
}

static int check_copy_then_extract(const struct bw_rule *self, const void *subject,
				   struct bw_report *out)
{
	const struct df_subject *sub = subject;
	struct df_file *df = sub->df;
	struct archive_seen seen[64];
	size_t n_seen = 0;
	int ret;

	for (size_t i = 0; i <= df->n_instrs; i++) {
		const struct df_instr *in = i < df->n_instrs ? &df->instrs[i] : NULL;

		if (!in || in->kind == DF_FROM) {
			/* end of a stage: report what was unpacked, once per COPY */
			for (size_t a = 0; a < n_seen; a++) {
				bool first = true;

				for (size_t b = 0; b < a; b++)
					if (seen[b].reported && seen[b].copy == seen[a].copy)
						first = false;
				if (!seen[a].reported || !first)
					continue;
				ret = report(self, seen[a].copy, 0, out,
					     "'%s' is copied in as an archive and unpacked by a "
					     "later RUN, so the image keeps both",
					     seen[a].name);
				if (ret < 0)
					return ret;
			}
			n_seen = 0;
			continue;
		}
		if (in->kind == DF_COPY && !df_instr_flag(in, "from") && in->n_words >= 2) {
			const char *dest = in->words[in->n_words - 1];

			if (is_archive(dest)) {
				if (n_seen < BW_ARRAY_SIZE(seen))
					seen[n_seen++] =
						(struct archive_seen){in, base_name(dest), false};
			} else {
				for (size_t w = 0; w < n_sources(in); w++)
					if (is_archive(in->words[w]) &&
					    n_seen < BW_ARRAY_SIZE(seen))
						seen[n_seen++] = (struct archive_seen){
							in, base_name(in->words[w]), false};
			}
		} else if (in->kind == DF_RUN && n_seen > 0) {
			if (!in->json_form && in->args_text) {
				ret = scan_extracts(df, in->args_text, seen, n_seen);
				if (ret < 0)
					return ret;
			}
			for (size_t h = 0; h < in->n_heredocs; h++) {
				ret = scan_extracts(df, in->heredocs[h].body, seen, n_seen);
				if (ret < 0)
					return ret;
			}
		}
	}
	return 0;
}

/* ---- DF-023, DF-024: COPY destinations ---- */

static int check_copy_multi(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		const char *dest;

		if (!in || (in->kind != DF_COPY && in->kind != DF_ADD) || in->n_words < 3)
			continue;
		dest = expand_known(df, &df->instrs[i], in->words[in->n_words - 1]);
		if (!dest || !*dest || bw_str_endswith(dest, "/") || bw_str_endswith(dest, "\\") ||
		    strcmp(dest, ".") == 0 || strcmp(dest, "..") == 0)
			continue;
		int ret = report(self, &df->instrs[i], 0, out,
				 "'%s' has %zu sources but destination '%s' does not end with '/'",
				 df_kind_name(in->kind), n_sources(in), in->words[in->n_words - 1]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_copy_relative(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;
	/* any[s]: stage s or a stage it is built on has a WORKDIR (ONBUILD ones count) */
	BW_CLEANUP(bw_freep) bool *any = calloc(df->n_stages + 1, sizeof(*any));
	bool here = false; /* a WORKDIR earlier in the current stage */

	if (!any)
		return -ENOMEM;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		int s = df->instrs[i].stage;

		if (in && in->kind == DF_WORKDIR && s >= 0)
			any[s] = true;
	}
	for (size_t s = 0; s < df->n_stages; s++) {
		int p = df->stages[s].parent;

		if (p >= 0 && (size_t)p < s && any[p])
			any[s] = true;
	}
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		int s = df->instrs[i].stage;
		const char *dest;
		char buf[IMG_MAX_REF];

		if (df->instrs[i].kind == DF_FROM) {
			here = false;
			continue;
		}
		if (!in)
			continue;
		if (in->kind == DF_WORKDIR)
			here = true;
		if (in->kind != DF_COPY || in->n_words < 2 || here)
			continue;
		if (s >= 0 && df->stages[s].parent >= 0 && df->stages[s].parent < s &&
		    any[df->stages[s].parent])
			continue;
		dest = unquote(in->words[in->n_words - 1], buf, sizeof(buf));
		if (!dest || !*dest || dest[0] == '$' || path_is_absolute(dest))
			continue;
		int ret = report(self, &df->instrs[i], 0, out,
				 "'COPY' to relative destination '%s' without a WORKDIR: it lands "
				 "wherever the base image's working directory is",
				 dest);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- DF-025, DF-026: WORKDIR ---- */

static int check_workdir(const struct bw_rule *self, const struct df_subject *sub,
			 struct bw_report *out, bool system)
{
	static const char *const sysdirs[] = {"/proc",	 "/sys",	"/dev", "/boot",
					      "/initrd", "/lost+found", NULL};
	struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		char buf[IMG_MAX_REF];
		const char *p;
		int ret = 0;

		if (!in || in->kind != DF_WORKDIR || in->n_words == 0)
			continue;
		p = unquote(in->words[0], buf, sizeof(buf));
		if (!p || !*p)
			continue;
		if (!system) {
			if (p[0] != '$' && !path_is_absolute(p))
				ret = report(
					self, &df->instrs[i], 0, out,
					"'WORKDIR %s' is relative, so it depends on the WORKDIR "
					"before it",
					p);
		} else {
			const char *x = expand_known(df, &df->instrs[i], p);

			for (size_t k = 0; x && sysdirs[k] && ret == 0; k++) {
				size_t n = strlen(sysdirs[k]);

				if (strncmp(x, sysdirs[k], n) == 0 && (x[n] == '\0' || x[n] == '/'))
					ret = report(self, &df->instrs[i], 0, out,
						     "'WORKDIR %s' is inside system directory '%s'",
						     p, sysdirs[k]);
			}
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_workdir_relative(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	return check_workdir(self, subject, out, false);
}

static int check_workdir_system(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	return check_workdir(self, subject, out, true);
}

/* ---- DF-030: shell form of CMD, ENTRYPOINT and HEALTHCHECK CMD ---- */

/* HEALTHCHECK's command after "CMD" (words[0] is the type), or NULL for HEALTHCHECK NONE. */
static const char *healthcheck_cmd(const struct df_instr *in)
{
	const char *p = in->args_text;

	if (in->n_words < 2 || strcasecmp(in->words[0], "CMD") != 0 || !p)
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "CMD", 3) == 0)
		p += 3;
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int check_shell_form(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		const char *cmd;
		char buf[96];
		int ret = 0;

		if (!in)
			continue;
		if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && !in->json_form &&
		    in->args_text && *in->args_text)
			ret = report(
				self, &df->instrs[i], 0, out,
				"'%s %s' is in shell form: /bin/sh -c runs it and signals do not "
				"reach the program",
				df_kind_name(in->kind),
				snippet(in->args_text, 60, buf, sizeof(buf)));
		else if (in->kind == DF_HEALTHCHECK && !in->json_form &&
			 (cmd = healthcheck_cmd(in)))
			ret = report(self, &df->instrs[i], 0, out,
				     "'HEALTHCHECK CMD %s' is in shell form and needs /bin/sh in "
				     "the image",
				     snippet(cmd, 60, buf, sizeof(buf)));
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- DF-031, DF-032, DF-033: repeated CMD, ENTRYPOINT, HEALTHCHECK in a stage ---- */

static int check_repeated(const struct bw_rule *self, const struct df_subject *sub,
			  struct bw_report *out, enum df_kind kind)
{
	const struct df_file *df = sub->df;
	const struct df_instr *prev = NULL;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];

		if (in->kind == DF_FROM) {
			prev = NULL;
			continue;
		}
		if (in->kind != kind)
			continue;
		if (prev) {
			int ret = report(
				self, in, 0, out,
				"%s at line %d is overridden by this one; only the last %s of a "
				"stage takes effect",
				df_kind_name(kind), prev->line, df_kind_name(kind));
			if (ret < 0)
				return ret;
		}
		prev = in;
	}
	return 0;
}

static int check_multi_cmd(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_repeated(self, subject, out, DF_CMD);
}

static int check_multi_entrypoint(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	return check_repeated(self, subject, out, DF_ENTRYPOINT);
}

static int check_multi_healthcheck(const struct bw_rule *self, const void *subject,
				   struct bw_report *out)
{
	return check_repeated(self, subject, out, DF_HEALTHCHECK);
}

/* ---- DF-034: no HEALTHCHECK ---- */

static int check_no_healthcheck(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;
	int last = (int)df->n_stages - 1;

	if (last < 0 || stage_last(df, last, DF_HEALTHCHECK) || stage_is_export(df, last))
		return 0;
	return report(self, stage_from(df, last), 0, out,
		      "the image has no HEALTHCHECK, so a process that hangs without exiting goes "
		      "unnoticed");
}

/* ---- DF-040: MAINTAINER ---- */

static int check_maintainer(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);

		char buf[96];

		if (!in || in->kind != DF_MAINTAINER)
			continue;
		int ret = report(self, &df->instrs[i], 0, out, "'MAINTAINER %s' is deprecated",
				 snippet(in->args_text ? in->args_text : "", 60, buf, sizeof(buf)));
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- DF-041: ONBUILD of ONBUILD, FROM or MAINTAINER ---- */

static int check_onbuild(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];

		if (in->kind != DF_ONBUILD || !in->onbuild)
			continue;
		if (in->onbuild->kind != DF_ONBUILD && in->onbuild->kind != DF_FROM &&
		    in->onbuild->kind != DF_MAINTAINER)
			continue;
		int ret = report(self, in, 0, out, "'ONBUILD %s' is not allowed",
				 df_kind_name(in->onbuild->kind));
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- DF-042: ENV that uses a variable it sets itself ---- */

/* True when `value` mentions $name or ${name...}. */
static bool mentions_var(const char *value, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = strchr(value, '$'); p; p = strchr(p + 1, '$')) {
		const char *n = p + 1 + (p[1] == '{');

		if (strncmp(n, name, len) == 0 && !is_name_char(n[len]))
			return true;
	}
	return false;
}

/* ARG and ENV names with the instruction that sets them, sorted by (name, instruction), so
 * "is it set before here" costs O(log n). Stages follow file order, so the entries of one
 * stage are contiguous within a name. */
struct var_def {
	const char *name;
	size_t index; /* instruction */
};

struct var_defs {
	struct var_def *v;
	size_t n;
};

static int var_def_cmp(const void *a, const void *b)
{
	const struct var_def *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static void var_defs_release(struct var_defs *d)
{
	free(d->v);
	d->v = NULL;
}

/* Loads the ARG names (only_args) or the ARG and ENV names with the ONBUILD-wrapped ones. */
static int var_defs_load(const struct df_file *df, bool only_args, struct var_defs *d)
{
	size_t n = 0;

	*d = (struct var_defs){0};
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = only_args ? &df->instrs[i] : inner(&df->instrs[i]);

		if (in && (in->kind == DF_ARG || (!only_args && in->kind == DF_ENV)))
			n += in->n_kvs;
	}
	if (n == 0)
		return 0;
	d->v = calloc(n, sizeof(*d->v));
	if (!d->v)
		return -ENOMEM;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = only_args ? &df->instrs[i] : inner(&df->instrs[i]);

		if (!in || !(in->kind == DF_ARG || (!only_args && in->kind == DF_ENV)))
			continue;
		for (size_t k = 0; k < in->n_kvs; k++)
			d->v[d->n++] = (struct var_def){.name = in->kvs[k].key, .index = i};
	}
	qsort(d->v, d->n, sizeof(*d->v), var_def_cmp);
	return 0;
}

/* `name` (len bytes) is set at or after instruction `from` and before `before`. */
static bool var_set_between(const struct var_defs *d, const char *name, size_t len, size_t from,
			    size_t before)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) { /* first entry not before (name, from) */
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(d->v[mid].name, name, len);

		if (c == 0 && d->v[mid].name[len])
			c = 1;
		if (c < 0 || (c == 0 && d->v[mid].index < from))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && strncmp(d->v[lo].name, name, len) == 0 && !d->v[lo].name[len] &&
	       d->v[lo].index < before;
}

/* ENVs with more pairs than this are checked for their first ones only (pairs x pairs). */
#define ENV_MAX_PAIRS 256u

static int check_env_self_ref(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;
	BW_CLEANUP(var_defs_release) struct var_defs defs = {0};
	int ret = var_defs_load(df, false, &defs);

	if (ret < 0)
		return ret;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);
		size_t n;
		bool found = false;

		if (!in || in->kind != DF_ENV)
			continue;
		n = in->n_kvs < ENV_MAX_PAIRS ? in->n_kvs : ENV_MAX_PAIRS;
		for (size_t k = 1; k < n && !found; k++) {
			const char *v = in->kvs[k].value;

			for (size_t j = 0; v && j < k && !found; j++) {
				const char *name = in->kvs[j].key;

				if (!mentions_var(v, name) ||
				    var_set_between(&defs, name, strlen(name), 0, i))
					continue;
				found = true;
				ret = report(self, &df->instrs[i], in->kvs[k].line, out,
					     "'%s' uses $%s, which this same ENV sets; it expands "
					     "to the value from before the ENV",
					     in->kvs[k].key, name);
				if (ret < 0)
					return ret;
			}
		}
	}
	return 0;
}

/* ---- DF-043: label keys ---- */

/* Why a label key breaks Docker's key format, or NULL when it does not. */
static const char *label_key_problem(const char *k)
{
	size_t n = strlen(k);

	if (bw_str_startswith(k, "com.docker.") || bw_str_startswith(k, "io.docker.") ||
	    bw_str_startswith(k, "org.dockerproject."))
		return "uses a namespace reserved for Docker";
	if (n == 0 || k[0] < 'a' || k[0] > 'z')
		return "does not start with a lower-case letter";
	if (!((k[n - 1] >= 'a' && k[n - 1] <= 'z') || (k[n - 1] >= '0' && k[n - 1] <= '9')))
		return "does not end with a lower-case letter or digit";
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-'))
			return "has characters other than a-z, 0-9, '.' and '-'";
	if (strstr(k, "..") || strstr(k, "--"))
		return "has consecutive separators";
	return NULL;
}

static int check_label_keys(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = inner(&df->instrs[i]);

		if (!in || in->kind != DF_LABEL)
			continue;
		for (size_t k = 0; k < in->n_kvs; k++) {
			const char *why = label_key_problem(in->kvs[k].key);

			if (!why)
				continue;
			int ret = report(self, &df->instrs[i], in->kvs[k].line, out,
					 "label key '%.120s' %s", in->kvs[k].key, why);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* ---- DF-044: instructions before the first FROM ---- */

static int check_before_from(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];

		if (in->kind == DF_FROM || in->stage >= 0)
			return 0;
		if (in->kind == DF_ARG)
			continue;
		return report(self, in, 0, out, "'%s' comes before the first FROM; only ARG may",
			      df_kind_name(in->kind));
	}
	return 0;
}

/* ---- DF-050, DF-051, DF-052: secrets ---- */

/* A secret value in `value` of `name` at instruction i: reports it masked. */
static int report_secret(const struct bw_rule *self, const struct df_instr *at, int line,
			 const char *what, const char *name, const char *value,
			 struct bw_report *out)
{
	const char *kind = secret_classify(name, value);
	char masked[160];

	if (!kind)
		return 0;
	secret_mask(value, masked, sizeof(masked));
	if (name)
		return report(self, at, line, out, "%s '%.120s' holds a secret (%s: '%s')", what,
			      name, kind, masked);
	return report(self, at, line, out, "%s holds a secret (%s: '%s')", what, kind, masked);
}

static int check_secret_values(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;

	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *at = &df->instrs[i];
		const struct df_instr *in = inner(at);
		int ret = 0;

		if (!in)
			continue;
		if (in->kind == DF_ENV || in->kind == DF_ARG || in->kind == DF_LABEL) {
			for (size_t k = 0; k < in->n_kvs && ret == 0; k++)
				if (in->kvs[k].value)
					ret = report_secret(self, at, in->kvs[k].line,
							    df_kind_name(in->kind), in->kvs[k].key,
							    in->kvs[k].value, out);
		} else if (in->kind == DF_ADD || in->kind == DF_COPY) {
			char what[32];

			(void)snprintf(what, sizeof(what), "'%s' source", df_kind_name(in->kind));
			for (size_t w = 0; w < n_sources(in) && ret == 0; w++)
				ret = report_secret(self, at, 0, what, NULL, in->words[w], out);
		} else if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT ||
			    in->kind == DF_HEALTHCHECK || in->kind == DF_RUN) &&
			   in->args_text) {
			/* shape only: a command line has no variable name to go by */
			char what[32];

			(void)snprintf(what, sizeof(what), "'%s'", df_kind_name(in->kind));
			ret = report_secret(self, at, 0, what, NULL, in->args_text, out);
			for (size_t h = 0; h < in->n_heredocs && ret == 0; h++)
				ret = report_secret(self, at, in->heredocs[h].line, "here-document",
						    NULL, in->heredocs[h].body, out);
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* The first variable `value` uses that an ARG of stage `stage` declares before instruction
 * `before` (a build argument copied into ENV), copied into buf; NULL when none. */
static const char *env_from_arg(const struct df_file *df, const struct var_defs *args, int stage,
				size_t before, const char *value, char *buf, size_t len)
{
	size_t from = stage >= 0 ? df->stages[stage].instr : 0;

	for (const char *p = strchr(value, '$'); p; p = strchr(p + 1, '$')) {
		const char *n = p + 1 + (p[1] == '{');
		size_t l = 0;

		while (is_name_char(n[l]))
			l++;
		if (l == 0 || l >= len || !var_set_between(args, n, l, from, before))
			continue;
		memcpy(buf, n, l);
		buf[l] = '\0';
		return buf;
	}
	return NULL;
}

static int check_secret_names(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;
	BW_CLEANUP(stage_map_release) struct stage_map m = {0};
	BW_CLEANUP(var_defs_release) struct var_defs args = {0};
	int ret = stage_map_load(df, &m);

	if (ret == 0)
		ret = var_defs_load(df, true, &args);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];

		if ((in->kind != DF_ENV && in->kind != DF_ARG) || in->stage < 0 ||
		    (size_t)in->stage >= m.n || !m.in_image[in->stage])
			continue;
		for (size_t k = 0; k < in->n_kvs && ret == 0; k++) {
			const struct df_kv *kv = &in->kvs[k];
			const char *arg;
			char masked[160], name[128];

			if (!secret_name_is_sensitive(kv->key) ||
			    (kv->value && secret_classify(kv->key, kv->value)))
				continue; /* not a credential's name, or DF-050 reports the value */
			if (in->kind == DF_ARG)
				ret = report(self, in, kv->line, out,
					     "ARG '%.120s' takes a credential as a build "
					     "argument; build arguments are recorded in the image "
					     "history",
					     kv->key);
			else if (kv->value && (arg = env_from_arg(df, &args, in->stage, i,
								  kv->value, name, sizeof(name))))
				ret = report(
					self, in, kv->line, out,
					"ENV '%.120s' stores build argument '%.120s' in the image "
					"configuration, where anyone who can pull the image reads "
					"it",
					kv->key, arg);
			else if (kv->value && !secret_value_is_placeholder(kv->value)) {
				secret_mask(kv->value, masked, sizeof(masked));
				ret = report(
					self, in, kv->line, out,
					"ENV '%.120s' sets a fixed credential ('%s') in the image "
					"configuration",
					kv->key, masked);
			}
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* A file name that holds credentials: SSH private keys, registry and package-manager
 * credentials, cloud credentials, key stores, dotenv files. */
static bool credential_file(const char *path)
{
	static const char *const names[] = {
		".npmrc",      ".pypirc",     ".netrc",		  ".git-credentials",
		".dockercfg",  "credentials", "credentials.json", "kubeconfig",
		".htpasswd",   ".env",	      "ipsec.secrets",	  "chap-secrets",
		"pap-secrets", NULL};
	static const char *const keys[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", NULL};
	static const char *const exts[] = {".key", ".p12", ".pfx", ".jks", ".keystore", NULL};
	const char *b = base_name(path);

	if (!*b || strchr(b, '*') || strchr(b, '$'))
		return false;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(b, names[i]) == 0)
			return true;
	if (bw_str_startswith(b, ".env.") && !bw_str_endswith(b, ".example") &&
	    !bw_str_endswith(b, ".sample") && !bw_str_endswith(b, ".template") &&
	    !bw_str_endswith(b, ".dist"))
		return true;
	for (size_t i = 0; keys[i]; i++)
		if (bw_str_endswith(b, keys[i]))
			return true;
	for (size_t i = 0; exts[i]; i++)
		if (bw_str_endswith(b, exts[i]) && strlen(b) > strlen(exts[i]))
			return true;
	return strstr(path, ".docker/config.json") != NULL;
}

static int check_credential_files(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	const struct df_subject *sub = subject;
	const struct df_file *df = sub->df;
	BW_CLEANUP(stage_map_release) struct stage_map m = {0};
	int ret = stage_map_load(df, &m);

	if (ret < 0)
		return ret;
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		const char *hit = NULL;

		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_words < 2 ||
		    (in->stage >= 0 && ((size_t)in->stage >= m.n || !m.in_image[in->stage])))
			continue;
		for (size_t w = 0; w < in->n_words && !hit; w++) {
			const char *p = in->words[w];

			if (is_http_url(p) || bw_str_startswith(p, "<<"))
				continue;
			if (credential_file(p))
				hit = p;
		}
		if (!hit)
			continue;
		ret = report(
			self, in, 0, out,
			"'%s' puts credentials file '%.200s' into an image layer, where it stays "
			"even if a later step deletes it",
			df_kind_name(in->kind), hit);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- the table ---- */

static const struct bw_rule df_image_rules[] = {
	{
		.id = "DF-001",
		.severity = BW_SEV_MEDIUM,
		.title = "Base image uses the 'latest' tag",
		.aliases = "DS-0001 DL3007",
		.fix = "Use a specific version tag (or a digest) in FROM.",
		.check = check_latest_tag,
	},
	{
		.id = "DF-002",
		.severity = BW_SEV_MEDIUM,
		.title = "Base image has no tag",
		.aliases = "DS-0001 DL3006",
		.fix = "Add a specific version tag (or a digest) to the image in FROM.",
		.check = check_untagged,
	},
	{
		.id = "DF-003",
		.severity = BW_SEV_INFO,
		.title = "Base image is not pinned by digest",
		.aliases = "",
		.fix = "Append the image digest (FROM image:tag@sha256:...) and let a bot such as "
		       "Renovate or Dependabot update it.",
		.check = check_digest,
	},
	{
		.id = "DF-004",
		.severity = BW_SEV_HIGH,
		.title = "Image pulled from a registry outside the trusted list",
		.aliases = "DL3026 CIS-4.2",
		.fix = "Pull the image from a trusted registry, or add its registry to "
		       "trusted_registries in .bulwark.yaml.",
		.check = check_registry,
	},
	{
		.id = "DF-005",
		.severity = BW_SEV_LOW,
		.title = "FROM --platform with a fixed platform",
		.aliases = "DL3029",
		.fix = "Drop --platform, or use $BUILDPLATFORM / $TARGETPLATFORM for cross builds.",
		.check = check_platform,
	},
	{
		.id = "DF-006",
		.severity = BW_SEV_LOW,
		.title = "Two stages have the same name",
		.aliases = "DS-0012 DL3024",
		.fix = "Give each stage a unique name after AS.",
		.check = check_duplicate_stage,
	},
	{
		.id = "DF-007",
		.severity = BW_SEV_LOW,
		.title = "COPY --from names the stage it is in",
		.aliases = "DS-0006 DL3023",
		.fix = "Copy from an earlier stage or an image, not from the current stage.",
		.check = check_copy_from_self,
	},
	{
		.id = "DF-008",
		.severity = BW_SEV_MEDIUM,
		.title = "COPY --from names no earlier stage",
		.aliases = "DL3022",
		.fix = "Name a stage defined above (FROM ... AS name), or give an image reference "
		       "with a tag.",
		.check = check_copy_from_unknown,
	},
	{
		.id = "DF-010",
		.severity = BW_SEV_HIGH,
		.title = "Image runs as root",
		.aliases = "DS-0002 DL3002 CIS-4.1",
		.fix = "Create an unprivileged user and switch to it with USER <uid> as the last "
		       "USER of the stage.",
		.check = check_root_user,
	},
	{
		.id = "DF-011",
		.severity = BW_SEV_MEDIUM,
		.title = "No USER instruction: image runs as the base image's user",
		.aliases = "DS-0002 CIS-4.1",
		.fix = "Add a USER <uid> instruction to the final stage so the container does not "
		       "run as root.",
		.check = check_no_user,
	},
	{
		.id = "DF-012",
		.severity = BW_SEV_INFO,
		.title = "USER gives a user name without a numeric UID",
		.aliases = "",
		.fix = "Use the numeric UID (and GID), e.g. USER 10001:10001, so runtimes can "
		       "verify the user is not root.",
		.check = check_user_by_name,
	},
	{
		.id = "DF-015",
		.severity = BW_SEV_MEDIUM,
		.title = "Port 22 (SSH) exposed",
		.aliases = "DS-0004",
		.fix = "Do not run SSH in the container; use docker exec or kubectl exec instead.",
		.check = check_port_22,
	},
	{
		.id = "DF-016",
		.severity = BW_SEV_LOW,
		.title = "EXPOSE port outside 0-65535",
		.aliases = "DS-0008 DL3011",
		.fix = "Use a port number between 0 and 65535.",
		.check = check_port_range,
	},
	{
		.id = "DF-020",
		.severity = BW_SEV_LOW,
		.title = "ADD used where COPY would do",
		.aliases = "DS-0005 DL3020 CIS-4.9",
		.fix = "Use COPY for local files; keep ADD for archives you want unpacked.",
		.check = check_add,
	},
	{
		.id = "DF-021",
		.severity = BW_SEV_MEDIUM,
		.title = "ADD fetches a remote URL without --checksum",
		.aliases = "",
		.fix = "Add --checksum=sha256:<digest> to ADD, or download in a RUN and verify the "
		       "checksum there.",
		.check = check_add_checksum,
	},
	{
		.id = "DF-022",
		.severity = BW_SEV_INFO,
		.title = "Archive copied with COPY and unpacked by RUN",
		.aliases = "DL3010",
		.fix = "Use ADD for a local archive, which unpacks it in one layer.",
		.check = check_copy_then_extract,
	},
	{
		.id = "DF-023",
		.severity = BW_SEV_LOW,
		.title = "Several sources copied to a destination without a trailing '/'",
		.aliases = "DS-0011 DL3021",
		.fix = "End the destination with '/' when copying more than one source.",
		.check = check_copy_multi,
	},
	{
		.id = "DF-024",
		.severity = BW_SEV_LOW,
		.title = "COPY to a relative destination without WORKDIR",
		.aliases = "DL3045",
		.fix = "Set WORKDIR before the COPY or use an absolute destination.",
		.check = check_copy_relative,
	},
	{
		.id = "DF-025",
		.severity = BW_SEV_LOW,
		.title = "WORKDIR path is relative",
		.aliases = "DS-0009 DL3000",
		.fix = "Use an absolute path in WORKDIR.",
		.check = check_workdir_relative,
	},
	{
		.id = "DF-026",
		.severity = BW_SEV_MEDIUM,
		.title = "WORKDIR inside a system directory",
		.aliases = "DS-0030",
		.fix = "Use an application directory such as /app as WORKDIR.",
		.check = check_workdir_system,
	},
	{
		.id = "DF-030",
		.severity = BW_SEV_LOW,
		.title = "CMD, ENTRYPOINT or HEALTHCHECK in shell form",
		.aliases = "DL3025",
		.fix = "Write the command as a JSON array, e.g. CMD [\"app\", \"--flag\"].",
		.check = check_shell_form,
	},
	{
		.id = "DF-031",
		.severity = BW_SEV_LOW,
		.title = "More than one CMD in a stage",
		.aliases = "DS-0016 DL4003",
		.fix = "Keep only the last CMD of the stage.",
		.check = check_multi_cmd,
	},
	{
		.id = "DF-032",
		.severity = BW_SEV_LOW,
		.title = "More than one ENTRYPOINT in a stage",
		.aliases = "DS-0007 DL4004",
		.fix = "Keep only the last ENTRYPOINT of the stage.",
		.check = check_multi_entrypoint,
	},
	{
		.id = "DF-033",
		.severity = BW_SEV_LOW,
		.title = "More than one HEALTHCHECK in a stage",
		.aliases = "DS-0023 DL3012",
		.fix = "Keep only the last HEALTHCHECK of the stage.",
		.check = check_multi_healthcheck,
	},
	{
		.id = "DF-034",
		.severity = BW_SEV_LOW,
		.title = "Image has no HEALTHCHECK",
		.aliases = "DS-0026 DL3057 CIS-4.6",
		.fix = "Add a HEALTHCHECK that probes the service (or HEALTHCHECK NONE when the "
		       "orchestrator checks health).",
		.check = check_no_healthcheck,
	},
	{
		.id = "DF-040",
		.severity = BW_SEV_INFO,
		.title = "MAINTAINER is deprecated",
		.aliases = "DS-0022 DL4000",
		.fix = "Replace MAINTAINER with LABEL org.opencontainers.image.authors=\"...\".",
		.check = check_maintainer,
	},
	{
		.id = "DF-041",
		.severity = BW_SEV_LOW,
		.title = "ONBUILD wraps ONBUILD, FROM or MAINTAINER",
		.aliases = "DL3043",
		.fix = "Remove the ONBUILD; these instructions cannot be triggered.",
		.check = check_onbuild,
	},
	{
		.id = "DF-042",
		.severity = BW_SEV_LOW,
		.title = "ENV uses a variable set in the same ENV",
		.aliases = "DL3044",
		.fix = "Split the ENV in two so the second one sees the new value.",
		.check = check_env_self_ref,
	},
	{
		.id = "DF-043",
		.severity = BW_SEV_INFO,
		.title = "Label key does not follow Docker's key format",
		.aliases = "DL3048",
		.fix = "Use lower-case reverse-DNS keys such as org.opencontainers.image.source.",
		.check = check_label_keys,
	},
	{
		.id = "DF-044",
		.severity = BW_SEV_LOW,
		.title = "Instruction before the first FROM",
		.aliases = "DL3061",
		.fix = "Start the Dockerfile with FROM (only ARG may come before it).",
		.check = check_before_from,
	},
	{
		.id = "DF-050",
		.severity = BW_SEV_CRITICAL,
		.title = "Secret written into the Dockerfile",
		.aliases = "DS-0031 CIS-4.10",
		.fix = "Revoke the secret, remove it from the file and its history, and pass it at "
		       "build time with RUN --mount=type=secret.",
		.check = check_secret_values,
	},
	{
		.id = "DF-051",
		.severity = BW_SEV_HIGH,
		.title = "Credential passed through ARG or ENV",
		.aliases = "DS-0031 CIS-4.10",
		.fix = "Use RUN --mount=type=secret at build time and inject credentials at run "
		       "time, not through ARG or ENV.",
		.check = check_secret_names,
	},
	{
		.id = "DF-052",
		.severity = BW_SEV_MEDIUM,
		.title = "Credentials file copied into the image",
		.aliases = "DS-0031 CIS-4.10",
		.fix = "Mount the file for the one RUN that needs it (RUN --mount=type=secret) or "
		       "provide it at run time.",
		.check = check_credential_files,
	},
};

const struct bw_ruleset df_image_ruleset = {
	.name = "dockerfile-image",
	.kind = "dockerfile",
	.prefix = "DF-",
	.rules = df_image_rules,
	.len = BW_ARRAY_SIZE(df_image_rules),
};
