/* SPDX-License-Identifier: Apache-2.0 */
/* Walks paths, detects kinds and runs rule sets; pragmas become report suppressions. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/limits.h"
#include "lint/dockerfile-rules.h"
#include "lint/lint.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

static const char *const kind_names[LINT_KIND_COUNT] = {
	[LINT_KIND_NONE] = NULL,
	[LINT_KIND_DOCKERFILE] = "dockerfile",
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

enum lint_kind lint_kind_from_name(const char *path)
{
	const char *b = base_name(path);

	if (strcasecmp(b, "Dockerfile") == 0 || strcasecmp(b, "Containerfile") == 0 ||
	    bw_str_casestartswith(b, "Dockerfile.") || bw_str_casestartswith(b, "Containerfile.") ||
	    (strlen(b) > 11 && strcasecmp(b + strlen(b) - 11, ".dockerfile") == 0) ||
	    (strlen(b) > 14 && strcasecmp(b + strlen(b) - 14, ".containerfile") == 0))
		return LINT_KIND_DOCKERFILE;
	return LINT_KIND_NONE;
}

/* Parses "ignore=A,B" after the tool name in a pragma comment; NULL when not a pragma. */
static const char *pragma_ids(const char *text, bool *global)
{
	const char *p;

	if (bw_str_startswith(text, "bulwark"))
		p = text + 7;
	else if (bw_str_startswith(text, "hadolint"))
		p = text + 8;
	else
		return NULL;
	while (*p == ' ')
		p++;
	*global = bw_str_startswith(p, "global");
	if (*global) {
		p += 6;
		while (*p == ' ')
			p++;
	}
	if (!bw_str_startswith(p, "ignore="))
		return NULL;
	return p + 7;
}

static int record_pragmas(const struct df_file *df, struct bw_report *r)
{
	size_t next = 0;

	for (size_t i = 0; i < df->n_comments; i++) {
		const struct df_comment *c = &df->comments[i];
		bool global;
		const char *ids = pragma_ids(c->text, &global);
		int from = 0, to = 0;

		if (!ids)
			continue;
		if (!global) {
			while (next < df->n_instrs && df->instrs[next].line <= c->line)
				next++;
			if (next == df->n_instrs)
				continue;
			from = df->instrs[next].line;
			to = df->instrs[next].end_line;
		}
		int ret = bw_report_add_pragma(r, df->path, from, to, c->line, ids);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int run_rulesets(const char *kind, const void *subject, struct bw_report *r)
{
	const struct bw_ruleset *const *sets;
	size_t n = bw_rulesets(&sets);

	for (size_t s = 0; s < n; s++) {
		if (strcmp(sets[s]->kind, kind) != 0)
			continue;
		for (size_t i = 0; i < sets[s]->len; i++) {
			const struct bw_rule *rule = &sets[s]->rules[i];
			if (rule->flags & BW_RULE_DEFAULT_OFF)
				continue;
			int ret = rule->check(rule, subject, r);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int lint_dockerfile(const char *path, const struct bw_config *cfg, struct bw_report *r,
			   unsigned *n_errors)
{
	BW_CLEANUP(df_file_freep) struct df_file *df = NULL;
	struct bw_error perr = { 0 };
	int ret = df_file_parse_path(path, &df, &perr);

	if (ret == -ENOMEM)
		return ret;
	if (ret < 0) {
		char msg[1200];
		bw_error_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "bulwark: cannot parse %s\n", msg);
		(*n_errors)++;
		return bw_report_add_target(r, path, kind_names[LINT_KIND_DOCKERFILE], msg);
	}
	ret = bw_report_add_target(r, path, kind_names[LINT_KIND_DOCKERFILE], NULL);
	if (ret == 0)
		ret = record_pragmas(df, r);
	if (ret < 0)
		return ret;
	struct df_subject subject = { .df = df, .cfg = cfg };
	r->current_path = path;
	ret = run_rulesets(kind_names[LINT_KIND_DOCKERFILE], &subject, r);
	r->current_path = NULL;
	return ret;
}

static int lint_file(const char *path, enum lint_kind kind, const struct bw_config *cfg, struct bw_report *r,
		     unsigned *n_errors)
{
	switch (kind) {
	case LINT_KIND_DOCKERFILE:
		return lint_dockerfile(path, cfg, r, n_errors);
	case LINT_KIND_NONE:
	case LINT_KIND_COUNT:
		break;
	}
	return 0;
}

/* Kind of an explicitly named file: by name, else by content. */
static enum lint_kind sniff_kind(const char *path)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len;
	enum lint_kind k = lint_kind_from_name(path);

	if (k != LINT_KIND_NONE)
		return k;
	if (bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len) < 0)
		return LINT_KIND_NONE;
	if (df_looks_like_dockerfile(data, len))
		return LINT_KIND_DOCKERFILE;
	return LINT_KIND_NONE;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const char *dir, unsigned depth, unsigned *n_files, const struct bw_config *cfg,
		struct bw_report *r, unsigned *n_errors, struct bw_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int ret = 0;

	if (depth > BW_MAX_WALK_DEPTH)
		return bw_errorf(err, -ELOOP, dir, 0, 0, "folder nesting deeper than %u", BW_MAX_WALK_DEPTH);
	d = opendir(dir);
	if (!d)
		return bw_errorf(err, -errno, dir, 0, 0, "cannot open folder: %s", strerror(errno));
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0 || strcmp(de->d_name, "node_modules") == 0)
			continue;
		char **nn = reallocarray(names, n + 1, sizeof(*names));
		if (!nn) {
			ret = -ENOMEM;
			break;
		}
		names = nn;
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			ret = -ENOMEM;
			break;
		}
		n++;
	}
	(void)closedir(d);
	if (ret == 0 && n > 1)
		qsort(names, n, sizeof(*names), name_cmp); /* stable order across file systems */
	for (size_t i = 0; i < n && ret == 0; i++) {
		struct bw_buf p;
		struct stat st;

		bw_buf_init(&p, 4096);
		if (bw_buf_printf(&p, "%s%s%s", dir, bw_str_endswith(dir, "/") ? "" : "/", names[i]) < 0) {
			bw_buf_release(&p);
			ret = bw_errorf(err, -ENAMETOOLONG, dir, 0, 0, "path too long");
			break;
		}
		if (lstat(bw_buf_str(&p), &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				ret = walk(bw_buf_str(&p), depth + 1, n_files, cfg, r, n_errors, err);
			} else if (S_ISREG(st.st_mode)) {
				enum lint_kind k = lint_kind_from_name(names[i]);
				if (k != LINT_KIND_NONE && ++*n_files > BW_MAX_WALK_FILES)
					ret = bw_errorf(err, -E2BIG, dir, 0, 0, "more than %u files to lint",
							BW_MAX_WALK_FILES);
				else if (k != LINT_KIND_NONE)
					ret = lint_file(bw_buf_str(&p), k, cfg, r, n_errors);
			}
		}
		bw_buf_release(&p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int lint_path(const char *path, const struct bw_config *cfg, struct bw_report *r, unsigned *n_errors,
	      struct bw_error *err)
{
	struct stat st;
	unsigned n_files = 0;

	if (stat(path, &st) < 0)
		return bw_errorf(err, -errno, path, 0, 0, "cannot open: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return walk(path, 0, &n_files, cfg, r, n_errors, err);
	/* A file named on the command line is linted whatever its name: when neither its name
	 * nor its content tells the kind, the Dockerfile parser's error says what is wrong. */
	enum lint_kind k = sniff_kind(path);
	return lint_file(path, k == LINT_KIND_NONE ? LINT_KIND_DOCKERFILE : k, cfg, r, n_errors);
}
