/* SPDX-License-Identifier: Apache-2.0 */
/* Importer for Alpine's secdb (secdb.alpinelinux.org/vX.Y/{main,community}.json, and the older
 * YAML form): { distroversion, reponame, packages: [ { pkg: { name: <origin>, secfixes:
 * { <fixed apk version>: [ids...] } } } ] }. A fixed version "0" means never affected. Ids keep
 * non-CVE names (XSA-..., GHSA-...) and lose trailing remarks ("CVE-X (+ regression fix)").
 * Wolfi's and Chainguard's security.json use the same format without distroversion. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "vuln/import.h"
#include "vuln/vuln-internal.h"
#include "util/cleanup.h"
#include "util/banned.h"

struct secdb_ctx {
	const char *path;
	const char *data; /* JSON text, NULL for YAML */
	const struct vuln_sink *sink;
	struct vuln_import_stats *st;
	char eco[64]; /* "alpine:v3.18" */
};

int vuln_secdb_id(const char *text, char *out, size_t outlen)
{
	const char *best = NULL;
	size_t best_len = 0;

	for (const char *p = text; *p;) {
		while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == '('))
			p++;
		const char *w = p;
		while (*p && !isspace((unsigned char)*p) && *p != ',' && *p != '(' && *p != ')')
			p++;
		size_t n = (size_t)(p - w);
		if (*p == ')')
			p++;
		if (n == 0)
			continue;
		bool cve = n > 4 && (strncmp(w, "CVE-", 4) == 0 || strncmp(w, "CVE_", 4) == 0);
		if (cve) {
			best = w;
			best_len = n;
			break;
		}
		/* "CVE 2018-16859": a typo for "CVE-2018-16859" */
		if (n == 3 && strncmp(w, "CVE", 3) == 0 && *p == ' ' &&
		    isdigit((unsigned char)p[1]) && strspn(p + 1, "0123456789-") > 6) {
			size_t m = 1 + strspn(p + 1, "0123456789-");
			if (m + 3 + 1 > outlen)
				return -EINVAL;
			memcpy(out, "CVE-", 4);
			memcpy(out + 4, p + 1, m - 1);
			out[m + 3] = '\0';
			return 0;
		}
		if (!best && isalpha((unsigned char)*w) && memchr(w, '-', n)) {
			best = w;
			best_len = n;
		}
	}
	if (!best || best_len + 1 > outlen)
		return -EINVAL;
	memcpy(out, best, best_len);
	out[best_len] = '\0';
	for (char *q = out; *q; q++)
		if (*q == '_')
			*q = '-';
	return 0;
}

/* One `pkg` entry; line/col locate it for warnings. */
static int secdb_pkg(struct secdb_ctx *c, const json_t *entry, int line, int col)
{
	const json_t *pkg = json_object_get(entry, "pkg");
	const char *name = vjson_str(pkg, "name");
	const json_t *fixes = json_object_get(pkg, "secfixes");
	const char *fixed;
	json_t *ids;
	int r;

	if (!name || !*name || (fixes && !json_is_object(fixes) && !json_is_null(fixes))) {
		vimport_warn(
			c->sink, c->st, c->path, line, col,
			"package entry without a name or with malformed secfixes, skipping it");
		return 0;
	}
	json_object_foreach((json_t *)fixes, fixed, ids)
	{
		if (!json_is_array(ids) || !*fixed) {
			if (json_is_null(ids))
				continue;
			vimport_warn(c->sink, c->st, c->path, line, col,
				     "package '%s': fixes of '%s' are not a list, skipping them",
				     name, fixed);
			continue;
		}
		bool never = strcmp(fixed, "0") == 0;
		size_t i;
		json_t *idj;
		json_array_foreach(ids, i, idj)
		{
			char id[128];
			const char *text = json_string_value(idj);
			if (!text || vuln_secdb_id(text, id, sizeof(id)) < 0) {
				vimport_warn(
					c->sink, c->st, c->path, line, col,
					"package '%s': no vulnerability id in '%s', skipping it",
					name, text ? text : "(not a string)");
				continue;
			}
			struct vuln_range range = {.fixed = fixed};
			struct vuln_record rec = {.id = id};
			struct vuln_advisory a = {
				.vuln_id = id,
				.ecosystem = c->eco,
				.package = name,
				.scheme = VULN_SCHEME_APK,
				.status = never ? VULN_STATUS_NOT_AFFECTED : VULN_STATUS_FIXED,
				.fixed = never ? NULL : fixed,
				.ranges = &range,
				.n_ranges = never ? 0 : 1,
			};
			c->st->records++;
			c->st->advisories++;
			c->st->not_affected += never;
			if ((r = c->sink->record(c->sink->arg, &rec)) < 0 ||
			    (r = c->sink->advisory(c->sink->arg, &a)) < 0)
				return r;
		}
	}
	return 0;
}

/* The ecosystem: "alpine:v3.18" from the file's distroversion; "wolfi" or "chainguard" for
 * their secdb (packages.wolfi.dev/os/security.json, packages.cgr.dev/chainguard/...), which
 * has no distroversion (rolling) but a reponame and urlprefix; else "alpine:vX.Y" from a
 * "vX.Y" folder in the path. */
static void secdb_release(struct secdb_ctx *c, const char *distroversion, const char *reponame,
			  const char *urlprefix)
{
	const char *v = distroversion;
	char from_path[32] = "";

	if ((!v || !*v) && ((urlprefix && strstr(urlprefix, "wolfi.dev")) ||
			    (reponame && strcmp(reponame, "chainguard") == 0))) {
		(void)snprintf(c->eco, sizeof(c->eco), "%s",
			       urlprefix && strstr(urlprefix, "wolfi.dev") ? "wolfi"
									   : "chainguard");
		return;
	}
	if (!v || !*v) {
		for (const char *p = c->path; (p = strchr(p, 'v')) != NULL; p++) {
			size_t n = 1 + strspn(p + 1, "0123456789.");
			if (n > 1 && n < sizeof(from_path) && isdigit((unsigned char)p[1]) &&
			    (p == c->path || p[-1] == '/')) {
				memcpy(from_path, p, n);
				from_path[n] = '\0';
				break;
			}
		}
		v = from_path[0] ? from_path : "unknown";
	}
	/* "v3.18" and "3.18" -> "alpine:v3.18"; "edge" stays "alpine:edge" */
	(void)snprintf(c->eco, sizeof(c->eco), "alpine:%s%s",
		       isdigit((unsigned char)v[0]) ? "v" : "", v);
}

static int secdb_json_pkg(void *arg, const struct vjson_span *s)
{
	struct secdb_ctx *c = arg;
	struct bw_error e = {0};
	int line, col, r;
	json_t *j = vjson_load(c->path, c->data, s, &e);

	if (!j) {
		vimport_warn(c->sink, c->st, c->path, e.line, e.col, "%s", e.msg);
		return 0;
	}
	vjson_position(c->data, s->offset, &line, &col);
	r = secdb_pkg(c, j, line, col);
	json_decref(j);
	return r;
}

/* The string member `key` of the top-level object, parsed alone (NULL when absent or not a
 * string; the caller json_decref()s it). 0 or the splitter's -EINVAL. */
static int secdb_json_str(struct secdb_ctx *c, size_t len, const char *key, json_t **ret,
			  struct bw_error *err)
{
	struct vjson_span sp;
	struct bw_error ignored = {0}; /* a malformed value counts as absent */
	int r = vjson_member(c->path, c->data, len, 0, key, &sp, err);

	*ret = NULL;
	if (r == -ENOENT)
		return 0;
	if (r == 0 && sp.val[0] == '"')
		*ret = vjson_load(c->path, c->data, &sp, &ignored);
	return r;
}

static int secdb_json(struct secdb_ctx *c, size_t len, struct bw_error *err)
{
	struct vjson_span pk;
	json_t *v[3] = {NULL, NULL, NULL};
	static const char *const keys[3] = {"distroversion", "reponame", "urlprefix"};
	int r = 0;

	for (unsigned k = 0; r == 0 && k < 3; k++)
		r = secdb_json_str(c, len, keys[k], &v[k], err);
	if (r == 0)
		secdb_release(c, json_string_value(v[0]), json_string_value(v[1]),
			      json_string_value(v[2]));
	for (unsigned k = 0; k < 3; k++)
		json_decref(v[k]);
	if (r < 0)
		return r;
	r = vjson_member(c->path, c->data, len, 0, "packages", &pk, err);
	if (r == -ENOENT)
		return bw_errorf(err, -EINVAL, c->path, 1, 1, "no 'packages' in this secdb file");
	if (r < 0)
		return r;
	if (pk.val[0] == 'n') /* "packages": null */
		return 0;
	return vjson_each(c->path, c->data, len, pk.offset, secdb_json_pkg, c, err);
}

static int secdb_yaml(struct secdb_ctx *c, const char *data, size_t len, struct bw_error *err)
{
	BW_CLEANUP(ydoc_file_freep) struct ydoc_file *f = NULL;
	const struct ydoc_node *root, *pkgs;
	int r = ydoc_parse_mem(c->path, data, len, &f, err);

	if (r < 0)
		return r;
	root = f->n_docs ? f->docs[0].root : NULL;
	if (!root || root->kind != YDOC_MAP)
		return bw_errorf(err, -EINVAL, c->path, 1, 1, "not an Alpine secdb file");
	secdb_release(c, ydoc_str(ydoc_map_get(root, "distroversion")),
		      ydoc_str(ydoc_map_get(root, "reponame")),
		      ydoc_str(ydoc_map_get(root, "urlprefix")));
	pkgs = ydoc_map_get(root, "packages");
	if (!pkgs || ydoc_is_null(pkgs))
		return 0;
	if (pkgs->kind != YDOC_SEQ)
		return bw_errorf(err, -EINVAL, c->path, pkgs->line, pkgs->col,
				 "'packages' is not a list");
	for (size_t i = 0; i < pkgs->n_items; i++) {
		const struct ydoc_node *n = pkgs->items[i];
		json_t *j = vyaml_to_json(n);
		if (!j)
			return -ENOMEM;
		r = secdb_pkg(c, j, n->line, n->col);
		json_decref(j);
		if (r < 0)
			return r;
	}
	return 0;
}

int vuln_import_secdb(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		      struct vuln_import_stats *st, struct bw_error *err)
{
	struct secdb_ctx c = {.path = path, .sink = sink, .st = st};
	size_t i = 0;

	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (i < len && data[i] == '{') {
		c.data = data;
		return secdb_json(&c, len, err);
	}
	return secdb_yaml(&c, data, len, err);
}
