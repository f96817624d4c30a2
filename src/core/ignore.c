/* SPDX-License-Identifier: Apache-2.0 */
/* Ignore files and inline pragmas. Matching uses any id or alias of a finding's rule. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ignore.h"
#include "core/limits.h"
#include "util/cleanup.h"
#include "util/grow.h"
#include "util/str.h"
#include "util/banned.h"

void bw_ignore_release(struct bw_ignore *ign)
{
	for (size_t i = 0; i < ign->len; i++) {
		free(ign->entries[i].id);
		free(ign->entries[i].glob);
	}
	free(ign->entries);
	free(ign->path);
	*ign = (struct bw_ignore){0};
}

/* "YYYY-MM-DD" to the first second of the next day, UTC. */
static int parse_day_end(const char *s, time_t *ret)
{
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%d", &tm);

	if (!end || *end != '\0' || strlen(s) != 10)
		return -EINVAL;
	tm.tm_mday += 1;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*ret = t;
	return 0;
}

static int ignore_add(struct bw_ignore *ign, struct bw_ignore_entry *e)
{
	if (bw_grow((void **)&ign->entries, &ign->cap, ign->len, sizeof(*ign->entries)) < 0)
		return -ENOMEM;
	ign->entries[ign->len++] = *e;
	return 0;
}

static int parse_line(struct bw_ignore *ign, char *line, int lineno, time_t now,
		      struct bw_error *err)
{
	struct bw_ignore_entry e = {.line = lineno};
	char *save = NULL, *tok;
	int field = 0;

	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (bw_str_startswith(tok, "exp:")) {
			if (parse_day_end(tok + 4, &e.expires) < 0) {
				free(e.id);
				free(e.glob);
				return bw_errorf(err, -EINVAL, ign->path, lineno, 0,
						 "invalid expiry '%s', expected exp:YYYY-MM-DD",
						 tok);
			}
		} else if (field == 0) {
			e.id = strdup(tok);
			field++;
		} else if (field == 1) {
			e.glob = strdup(tok);
			field++;
		} else {
			free(e.id);
			free(e.glob);
			return bw_errorf(err, -EINVAL, ign->path, lineno, 0, "unexpected word '%s'",
					 tok);
		}
	}
	if (field == 0)
		return 0;
	if (!e.id || (field > 1 && !e.glob)) {
		free(e.id);
		free(e.glob);
		return -ENOMEM;
	}
	e.expired = e.expires != 0 && now >= e.expires;
	int r = ignore_add(ign, &e);
	if (r < 0) {
		free(e.id);
		free(e.glob);
	}
	return r;
}

int bw_ignore_load(const char *path, bool optional, time_t now, struct bw_ignore *ign,
		   struct bw_error *err)
{
	BW_CLEANUP(bw_fclosep) FILE *f = NULL;
	char line[BW_MAX_IGNORE_LINE];
	int lineno = 0;

	*ign = (struct bw_ignore){0};
	ign->path = strdup(path);
	if (!ign->path)
		return -ENOMEM;
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && optional)
			return 0;
		return bw_errorf(err, -errno, path, 0, 0, "cannot read ignore file: %s",
				 strerror(errno));
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			return bw_errorf(err, -EINVAL, path, lineno, 0, "line longer than %u bytes",
					 BW_MAX_IGNORE_LINE);
		int r = parse_line(ign, line, lineno, now, err);
		if (r < 0)
			return r;
	}
	if (ferror(f))
		return bw_errorf(err, -EIO, path, 0, 0, "cannot read ignore file");
	return 0;
}

void bw_ignore_warn_expired(const struct bw_ignore *ign)
{
	for (size_t i = 0; i < ign->len; i++)
		if (ign->entries[i].expired)
			fprintf(stderr,
				"bulwark: '%s' line %d: entry for '%s' has expired, no longer "
				"suppressing\n",
				ign->path, ign->entries[i].line, ign->entries[i].id);
}

/* True when `ids` (space or comma separated) names the finding's rule. */
static bool ids_match(const char *ids, const struct bw_rule *rule)
{
	const char *p = ids;

	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != ',')
			e++;
		if (e > p) {
			char id[128];
			size_t n =
				(size_t)(e - p) < sizeof(id) - 1 ? (size_t)(e - p) : sizeof(id) - 1;
			memcpy(id, p, n);
			id[n] = '\0';
			if (bw_rule_matches(rule, id))
				return true;
		}
		p = e;
	}
	return false;
}

static bool glob_match(const char *glob, const char *path)
{
	if (!glob)
		return true;
	if (bw_str_startswith(path, "./"))
		path += 2;
	if (bw_str_startswith(glob, "./"))
		glob += 2;
	if (fnmatch(glob, path, 0) == 0)
		return true;
	const char *base = strrchr(path, '/');
	return base && fnmatch(glob, base + 1, 0) == 0;
}

static int suppress(struct bw_finding *f, const char *why)
{
	f->suppressed = true;
	free(f->suppressed_by);
	f->suppressed_by = strdup(why);
	return f->suppressed_by ? 0 : -ENOMEM;
}

int bw_report_apply_suppressions(struct bw_report *r, const struct bw_ignore *ign)
{
	for (size_t i = 0; i < r->len; i++) {
		struct bw_finding *f = &r->findings[i];
		int ret = 0;

		for (size_t k = 0; k < r->pragmas_len && !f->suppressed; k++) {
			const struct bw_pragma *p = &r->pragmas[k];
			if (strcmp(p->path, f->path) != 0 || !ids_match(p->ids, f->rule))
				continue;
			if (p->from == 0 || (f->line >= p->from && f->line <= p->to)) {
				char why[640];
				(void)snprintf(why, sizeof(why), "inline pragma in '%s' line %d",
					       p->path, p->at);
				ret = suppress(f, why);
			}
		}
		for (size_t k = 0; ign && k < ign->len && !f->suppressed && ret == 0; k++) {
			const struct bw_ignore_entry *e = &ign->entries[k];
			if (!e->expired && glob_match(e->glob, f->path) &&
			    bw_rule_matches(f->rule, e->id)) {
				char why[640];
				(void)snprintf(why, sizeof(why), "'%s' line %d", ign->path,
					       e->line);
				ret = suppress(f, why);
			}
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}
