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
#include "lint/compose-rules.h"
#include "lint/dockerfile-rules.h"
#include "lint/k8s-rules.h"
#include "lint/lint.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

static const char *const kind_names[LINT_KIND_COUNT] = {
	[LINT_KIND_NONE] = NULL,
	[LINT_KIND_DOCKERFILE] = "dockerfile",
	[LINT_KIND_COMPOSE] = "compose",
	[LINT_KIND_K8S] = "k8s",
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

enum lint_kind lint_kind_from_name(const char *path)
{
	const char *b = base_name(path);

	/* `Dockerfile.dev` is a Dockerfile, `dockerfile.c` is not: the prefix form is matched
	 * with its capital, as Docker's own tooling names such files. */
	if (strcasecmp(b, "Dockerfile") == 0 || strcasecmp(b, "Containerfile") == 0 ||
	    bw_str_startswith(b, "Dockerfile.") || bw_str_startswith(b, "Containerfile.") ||
	    (strlen(b) > 11 && strcasecmp(b + strlen(b) - 11, ".dockerfile") == 0) ||
	    (strlen(b) > 14 && strcasecmp(b + strlen(b) - 14, ".containerfile") == 0))
		return LINT_KIND_DOCKERFILE;
	if (compose_name_matches(b))
		return LINT_KIND_COMPOSE;
	return LINT_KIND_NONE;
}

enum pragma_scope {
	PRAGMA_NEXT,   /* the next instruction */
	PRAGMA_STAGE,  /* the rest of the stage the next instruction is in */
	PRAGMA_GLOBAL, /* the whole file */
};

/* Parses `bulwark [global|stage] ignore=A,B` (or `hadolint ...`) into a space-separated id
 * list in `ids`; false when the comment is not such a pragma. Spaces around '=' and ','
 * are allowed; a trailing `# comment` ends the list. */
static bool pragma_parse(const char *text, enum pragma_scope *scope, char *ids, size_t ids_len)
{
	const char *p;
	size_t n = 0;

	if (bw_str_startswith(text, "bulwark "))
		p = text + 8;
	else if (bw_str_startswith(text, "hadolint "))
		p = text + 9;
	else
		return false;
	p += strspn(p, " \t");
	*scope = PRAGMA_NEXT;
	if (bw_str_startswith(p, "global ")) {
		*scope = PRAGMA_GLOBAL;
		p += 7;
	} else if (bw_str_startswith(p, "stage ")) {
		*scope = PRAGMA_STAGE;
		p += 6;
	}
	p += strspn(p, " \t");
	if (!bw_str_startswith(p, "ignore"))
		return false;
	p += 6;
	p += strspn(p, " \t");
	if (*p++ != '=')
		return false;
	for (; *p && *p != '#'; p++) {
		char c = (*p == ',' || *p == '\t') ? ' ' : *p;
		if (c == ' ' && (n == 0 || ids[n - 1] == ' '))
			continue;
		if (n + 1 >= ids_len)
			return false;
		ids[n++] = c;
	}
	while (n > 0 && ids[n - 1] == ' ')
		n--;
	ids[n] = '\0';
	return n > 0;
}

/* True when every id of the list names a known rule; Hadolint drops a pragma that names an
 * unknown rule, and so do we, with a warning. */
static bool pragma_ids_known(const char *path, int line, const char *ids)
{
	char copy[512], *save = NULL;

	(void)snprintf(copy, sizeof(copy), "%s", ids);
	for (char *id = strtok_r(copy, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
		/* ShellCheck codes (SC2086) are valid in Hadolint pragmas; bulwark has no such
		 * rules, so they suppress nothing and need no warning. */
		bool shellcheck = id[0] == 'S' && id[1] == 'C' && id[2] &&
				  strspn(id + 2, "0123456789") == strlen(id + 2);
		if (!shellcheck && !bw_rule_lookup(id)) {
			fprintf(stderr,
				"bulwark: '%s' line %d: pragma names unknown rule '%s', ignoring\n",
				path, line, id);
			return false;
		}
	}
	return true;
}

static int record_pragmas(const struct df_file *df, struct bw_report *r)
{
	size_t next = 0;

	for (size_t i = 0; i < df->n_comments; i++) {
		const struct df_comment *c = &df->comments[i];
		enum pragma_scope scope;
		char ids[512];
		int from = 0, to = 0;

		if (!pragma_parse(c->text, &scope, ids, sizeof(ids)) ||
		    !pragma_ids_known(df->path, c->line, ids))
			continue;
		if (scope != PRAGMA_GLOBAL) {
			while (next < df->n_instrs && df->instrs[next].line <= c->line)
				next++;
			if (next == df->n_instrs)
				continue;
			const struct df_instr *in = &df->instrs[next];
			from = in->line;
			to = in->end_line;
			if (scope == PRAGMA_STAGE && in->stage >= 0 &&
			    (size_t)in->stage < df->n_stages) {
				const struct df_stage *st = &df->stages[in->stage];
				to = df->instrs[st->instr + st->n_instrs - 1].end_line;
			}
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
	struct bw_error perr = {0};
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
	struct df_run_cache runs = {0};
	struct df_subject subject = {.df = df, .cfg = cfg, .runs = &runs};
	r->current_path = path;
	ret = run_rulesets(kind_names[LINT_KIND_DOCKERFILE], &subject, r);
	r->current_path = NULL;
	return ret;
}

/* ---- YAML (compose files, Kubernetes manifests) ---- */

static int yaml_parse_error(const char *path, enum lint_kind kind, const struct bw_error *perr,
			    struct bw_report *r, unsigned *n_errors)
{
	char msg[1200];

	bw_error_format(perr, msg, sizeof(msg));
	fprintf(stderr, "bulwark: cannot parse %s\n", msg);
	(*n_errors)++;
	return bw_report_add_target(r, path, kind_names[kind], msg);
}

static size_t yaml_indent(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && l[i] == ' ')
		i++;
	return i;
}

static bool yaml_blank_or_comment(const char *l, size_t n)
{
	size_t i = yaml_indent(l, n);

	while (i < n && (l[i] == '\t' || l[i] == '\r'))
		i++;
	return i == n || l[i] == '#';
}

/* For every line, the last content line of the block it opens (the lines after it indented
 * deeper, blank and comment lines aside); one pass with a stack. */
static int yaml_block_ends(const char *const *starts, const size_t *lens, size_t k,
			   size_t **ret_ends)
{
	BW_CLEANUP(bw_freep) size_t *ends = calloc(k ? k : 1, sizeof(*ends));
	BW_CLEANUP(bw_freep) size_t *stack = calloc(k ? k : 1, sizeof(*stack));
	size_t sp = 0, last = 0;

	if (!ends || !stack)
		return -ENOMEM;
	for (size_t j = 0; j < k; j++) {
		ends[j] = j;
		if (yaml_blank_or_comment(starts[j], lens[j]))
			continue;
		size_t d = yaml_indent(starts[j], lens[j]);
		while (sp > 0 && yaml_indent(starts[stack[sp - 1]], lens[stack[sp - 1]]) >= d)
			ends[stack[--sp]] = last;
		stack[sp++] = j;
		last = j;
	}
	while (sp > 0)
		ends[stack[--sp]] = last;
	*ret_ends = BW_TAKE(ends);
	return 0;
}

/* Inline pragmas in YAML comments (libyaml drops comments, so this scans the text). `# bulwark
 * ignore=ID` on a line of its own covers the next content line and the block indented under
 * it (a service, a list item); at the end of a line it covers that line and its block;
 * `# bulwark global ignore=ID` covers the file. */
static int record_yaml_pragmas(const char *path, const char *text, size_t len, struct bw_report *r)
{
	size_t n_lines = 1;

	for (size_t i = 0; i < len; i++)
		n_lines += text[i] == '\n';
	BW_CLEANUP(bw_freep) const char **starts = calloc(n_lines, sizeof(*starts));
	BW_CLEANUP(bw_freep) size_t *lens = calloc(n_lines, sizeof(*lens));
	BW_CLEANUP(bw_freep) size_t *ends = NULL;
	if (!starts || !lens)
		return -ENOMEM;
	size_t k = 0;
	for (const char *p = text, *end = text + len; k < n_lines; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		starts[k] = p;
		lens[k] = (size_t)((nl ? nl : end) - p);
		p = nl ? nl + 1 : end;
	}
	for (size_t i = 0; i < k; i++) {
		const char *l = starts[i], *hash = NULL;
		size_t n = lens[i];
		for (size_t j = 0; j < n && !hash; j++)
			if (l[j] == '#' && (j == 0 || l[j - 1] == ' ' || l[j - 1] == '\t'))
				hash = l + j;
		if (!hash)
			continue;
		char comment[1024];
		size_t cl = n - (size_t)(hash - l) - 1;
		const char *c = hash + 1;
		while (cl > 0 && (*c == ' ' || *c == '\t')) {
			c++;
			cl--;
		}
		if (cl >= sizeof(comment))
			cl = sizeof(comment) - 1;
		memcpy(comment, c, cl);
		comment[cl] = '\0';
		while (cl > 0 && (comment[cl - 1] == '\r' || comment[cl - 1] == ' '))
			comment[--cl] = '\0';
		enum pragma_scope scope;
		char ids[512];
		int from = 0, to = 0;
		if (!pragma_parse(comment, &scope, ids, sizeof(ids)) ||
		    !pragma_ids_known(path, (int)i + 1, ids))
			continue;
		if (scope != PRAGMA_GLOBAL) { /* `stage` means nothing in YAML: as the next line */
			size_t a = i;
			if (yaml_blank_or_comment(l, n)) { /* own line: the next content line */
				for (a = i + 1; a < k && yaml_blank_or_comment(starts[a], lens[a]);
				     a++)
					;
				if (a == k)
					continue;
			}
			if (!ends) {
				int ret = yaml_block_ends(starts, lens, k, &ends);
				if (ret < 0)
					return ret;
			}
			from = (int)a + 1;
			to = (int)ends[a] + 1;
		}
		int ret = bw_report_add_pragma(r, path, from, to, (int)i + 1, ids);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* The next byte of p as paths are compared: "./" is skipped, and so are the slashes after
 * a slash. Moves *pp past what it read; 0 at the end. */
static char path_step(const char **pp)
{
	const char *p = *pp;
	char c;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	c = *p;
	if (c) {
		p++;
		if (c == '/')
			while (*p == '/')
				p++;
	}
	*pp = p;
	return c;
}

/* Compares two paths ignoring "./" components and repeated slashes. */
static bool same_path(const char *a, const char *b)
{
	char c;

	do {
		c = path_step(&a);
		if (c != path_step(&b))
			return false;
	} while (c);
	return true;
}

/* p as paths are compared, into out (strlen(p) + 1 bytes). */
static void path_norm(const char *p, char *out)
{
	char c;

	do {
		c = path_step(&p);
		*out++ = c;
	} while (c);
}

static bool already_linted(const struct bw_report *r, const char *path)
{
	BW_CLEANUP(bw_freep) char *norm = malloc(strlen(path) + 1);

	if (norm)
		path_norm(path, norm);
	for (size_t i = 0; i < r->targets_len; i++) {
		const char *t = r->targets[i].path;

		/* a path without "./" or "//" is its own compared form: one strcmp decides (a
		 * run of many files compares each with every earlier one) */
		if (norm && !strstr(t, "./") && !strstr(t, "//") ? strcmp(norm, t) == 0
								 : same_path(t, path))
			return true;
	}
	return false;
}

static int lint_compose(const char *path, const struct bw_config *cfg, struct bw_report *r,
			unsigned *n_errors, unsigned depth)
{
	BW_CLEANUP(compose_file_freep) struct compose_file *cf = NULL;
	struct bw_error perr = {0};
	int ret;

	if (already_linted(r, path))
		return 0; /* included by a file linted earlier, or named twice */
	ret = compose_file_parse_path(path, &cf, &perr);
	if (ret == -ENOMEM)
		return ret;
	if (ret < 0)
		return yaml_parse_error(path, LINT_KIND_COMPOSE, &perr, r, n_errors);
	ret = bw_report_add_target(r, path, kind_names[LINT_KIND_COMPOSE], NULL);
	if (ret == 0)
		ret = record_yaml_pragmas(path, cf->ydoc->text, cf->ydoc->text_len, r);
	if (ret < 0)
		return ret;
	struct compose_subject subject = {.cf = cf, .cfg = cfg};
	r->current_path = path;
	ret = run_rulesets(kind_names[LINT_KIND_COMPOSE], &subject, r);
	r->current_path = NULL;
	/* An included file is a compose project of its own (its folder, its .env): it is linted
	 * as a target of its own. */
	for (size_t i = 0; ret == 0 && i < cf->n_includes && depth < BW_MAX_COMPOSE_INCLUDE_DEPTH;
	     i++)
		ret = lint_compose(cf->includes[i].path, cfg, r, n_errors, depth + 1);
	return ret;
}

static int lint_k8s(const char *path, const struct bw_config *cfg, struct bw_report *r,
		    unsigned *n_errors)
{
	BW_CLEANUP(k8s_file_freep) struct k8s_file *kf = NULL;
	struct bw_error perr = {0};
	int ret = k8s_file_parse_path(path, &kf, &perr);

	if (ret == -ENOMEM)
		return ret;
	if (ret < 0)
		return yaml_parse_error(path, LINT_KIND_K8S, &perr, r, n_errors);
	ret = bw_report_add_target(r, path, kind_names[LINT_KIND_K8S], NULL);
	if (ret == 0)
		ret = record_yaml_pragmas(path, kf->ydoc->text, kf->ydoc->text_len, r);
	if (ret < 0)
		return ret;
	struct k8s_subject subject = {.kf = kf, .cfg = cfg};
	r->current_path = path;
	ret = run_rulesets(kind_names[LINT_KIND_K8S], &subject, r);
	r->current_path = NULL;
	return ret;
}

static bool yaml_name(const char *path)
{
	size_t n = strlen(path);

	return (n > 4 && strcasecmp(path + n - 4, ".yml") == 0) ||
	       (n > 5 && strcasecmp(path + n - 5, ".yaml") == 0);
}

/* The kind of a YAML file by content: Kubernetes (`apiVersion:` and `kind:`) or compose (a
 * `services:` mapping); templates (Helm's `{{ }}`) are left alone. */
static enum lint_kind yaml_content_kind(const char *data, size_t len)
{
	if (memmem(data, len, "{{", 2))
		return LINT_KIND_NONE;
	if (k8s_looks_like(data, len))
		return LINT_KIND_K8S;
	if (compose_looks_like(data, len))
		return LINT_KIND_COMPOSE;
	return LINT_KIND_NONE;
}

/* Kind of a file met in a folder walk: by name, and YAML files by content. */
static enum lint_kind walk_kind(const char *path, const char *name)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len;
	enum lint_kind k = lint_kind_from_name(name);

	if (k != LINT_KIND_NONE || !yaml_name(name))
		return k;
	if (bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len) < 0)
		return LINT_KIND_NONE;
	return yaml_content_kind(data, len);
}

static int lint_file(const char *path, enum lint_kind kind, const struct bw_config *cfg,
		     struct bw_report *r, unsigned *n_errors)
{
	switch (kind) {
	case LINT_KIND_DOCKERFILE:
		return lint_dockerfile(path, cfg, r, n_errors);
	case LINT_KIND_COMPOSE:
		return lint_compose(path, cfg, r, n_errors, 0);
	case LINT_KIND_K8S:
		return lint_k8s(path, cfg, r, n_errors);

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
	k = yaml_content_kind(data, len);
	if (k != LINT_KIND_NONE)
		return k;
	/* Other YAML named explicitly: the compose parser's error says what is wrong. */
	if (yaml_name(path))
		return LINT_KIND_COMPOSE;
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
		return bw_errorf(err, -ELOOP, dir, 0, 0, "folder nesting deeper than %u",
				 BW_MAX_WALK_DEPTH);
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
		if (bw_buf_printf(&p, "%s%s%s", dir, bw_str_endswith(dir, "/") ? "" : "/",
				  names[i]) < 0) {
			bw_buf_release(&p);
			ret = bw_errorf(err, -ENAMETOOLONG, dir, 0, 0, "path too long");
			break;
		}
		if (lstat(bw_buf_str(&p), &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				ret = walk(bw_buf_str(&p), depth + 1, n_files, cfg, r, n_errors,
					   err);
			} else if (S_ISREG(st.st_mode)) {
				enum lint_kind k = walk_kind(bw_buf_str(&p), names[i]);
				if (k != LINT_KIND_NONE && ++*n_files > BW_MAX_WALK_FILES)
					ret = bw_errorf(err, -E2BIG, dir, 0, 0,
							"more than %u files to lint",
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

int lint_path(const char *path, const struct bw_config *cfg, struct bw_report *r,
	      unsigned *n_errors, struct bw_error *err)
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
