/* SPDX-License-Identifier: Apache-2.0 */
/* Linux audit rules, read for the paths they watch: `-w PATH`, `-F dir=PATH` (a tree) and
 * `-F path=PATH` (one file). Rules with a `never` action watch nothing. Pure text parsing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host-internal.h"
#include "util/str.h"
#include "util/banned.h"

/* Appends a copy of path (trailing slashes dropped) to *list. */
static int add_path(char ***list, size_t *n, const char *path, size_t len)
{
	char **grown, *p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 0 || path[0] != '/')
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (strlen((*list)[i]) == len && memcmp((*list)[i], path, len) == 0)
			return 0;
	if (*n >= HOST_MAX_AUDIT_PATHS)
		return -E2BIG;
	grown = realloc(*list, (*n + 1) * sizeof(**list));
	if (!grown)
		return -ENOMEM;
	*list = grown;
	p = strndup(path, len);
	if (!p)
		return -ENOMEM;
	(*list)[(*n)++] = p;
	return 0;
}

/* Parses one rule line. */
static int parse_line(struct host_audit *a, const char *line, size_t len)
{
	char buf[4096];
	char *save = NULL, *tok, *words[256];
	size_t n = 0;
	int r = 0;

	if (len >= sizeof(buf))
		return 0; /* no real rule is this long */
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (tok = strtok_r(buf, " \t\r", &save); tok && n < 256;
	     tok = strtok_r(NULL, " \t\r", &save))
		words[n++] = tok;
	if (n == 0 || words[0][0] == '#')
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		if ((strcmp(words[i], "-a") == 0 || strcmp(words[i], "-A") == 0) &&
		    strstr(words[i + 1], "never"))
			return 0;
	for (size_t i = 0; i + 1 < n && r == 0; i++) {
		const char *v = words[i + 1];

		if (strcmp(words[i], "-w") == 0)
			r = add_path(&a->trees, &a->n_trees, v, strlen(v));
		else if (strcmp(words[i], "-F") == 0 && bw_str_startswith(v, "dir="))
			r = add_path(&a->trees, &a->n_trees, v + 4, strlen(v + 4));
		else if (strcmp(words[i], "-F") == 0 && bw_str_startswith(v, "path="))
			r = add_path(&a->exact, &a->n_exact, v + 5, strlen(v + 5));
	}
	return r;
}

int host_audit_parse(struct host_audit *a, const char *text)
{
	const char *p = text;
	int r = 0;

	while (*p && r == 0) {
		const char *e = strchrnul(p, '\n');
		r = parse_line(a, p, (size_t)(e - p));
		p = *e ? e + 1 : e;
	}
	return r;
}

static bool under(const char *tree, const char *path)
{
	size_t n = strlen(tree);

	if (strcmp(tree, "/") == 0)
		return path[0] == '/';
	return strncmp(path, tree, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool covers_one(const struct host_audit *a, const char *path)
{
	for (size_t i = 0; i < a->n_exact; i++)
		if (strcmp(a->exact[i], path) == 0)
			return true;
	for (size_t i = 0; i < a->n_trees; i++)
		if (under(a->trees[i], path))
			return true;
	return false;
}

/* Also tries the other spelling of /run, which /var/run links to on every modern system. */
static bool covers_spelled(const struct host_audit *a, const char *path)
{
	char alt[4096];

	if (covers_one(a, path))
		return true;
	if (bw_str_startswith(path, "/var/run/"))
		(void)snprintf(alt, sizeof(alt), "%s", path + 4);
	else if (bw_str_startswith(path, "/run/"))
		(void)snprintf(alt, sizeof(alt), "/var%s", path);
	else
		return false;
	return covers_one(a, alt);
}

bool host_audit_covers(const struct host_audit *a, const char *path, const char *real)
{
	return (path && covers_spelled(a, path)) || (real && covers_spelled(a, real));
}

void host_audit_release(struct host_audit *a)
{
	for (size_t i = 0; i < a->n_trees; i++)
		free(a->trees[i]);
	for (size_t i = 0; i < a->n_exact; i++)
		free(a->exact[i]);
	free(a->trees);
	free(a->exact);
	free(a->source);
	*a = (struct host_audit){0};
}
