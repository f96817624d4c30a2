/* SPDX-License-Identifier: Apache-2.0 */
/* Importer for OSV records (ossf/osv-schema), JSON or YAML, one record per file or a JSON
 * array of records: every ecosystem OSV carries (Go, PyPI, npm, Maven, crates.io, RubyGems,
 * Debian, Ubuntu, Alpine, Chainguard, Wolfi...). ECOSYSTEM and SEMVER ranges are cut into
 * intervals in version order; GIT ranges are skipped (counted); withdrawn records skipped. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/cleanup.h"
#include "vuln/import.h"
#include "vuln/vuln-internal.h"
#include "util/banned.h"

/* Intervals kept per affected entry; real entries have a few dozen at most. */
#define OSV_MAX_INTERVALS 1024u
/* Explicit versions kept per affected entry (PyPI lists reach a few thousand). */
#define OSV_MAX_VERSIONS 100000u

struct osv_ctx {
	const char *path;
	const struct vuln_sink *sink;
	struct vuln_import_stats *st;
	int line, col; /* where the record starts, for warnings */
};

/* "Debian:12", "PyPI"...: the ecosystem key advisories are stored under. */
static void osv_package_name(const char *ecosystem, const char *name, char *out, size_t outlen)
{
	if (strcmp(ecosystem, "PyPI") == 0)
		vuln_pep503_name(name, out, outlen);
	else
		(void)snprintf(out, outlen, "%s", name);
}

/* The record's CVSS vector: v3 first, then v4, then v2. */
static const char *osv_cvss(const json_t *sev)
{
	static const char *const types[] = {"CVSS_V3", "CVSS_V4", "CVSS_V2"};
	size_t i;
	json_t *s;

	for (unsigned t = 0; t < 3; t++)
		json_array_foreach(sev, i, s)
		{
			const char *type = vjson_str(s, "type");
			if (type && strcmp(type, types[t]) == 0 && vjson_str(s, "score"))
				return vjson_str(s, "score");
		}
	return NULL;
}

/* A vendor severity word of the record or the entry (GHSA "HIGH", Ubuntu "medium", Debian
 * urgency in ecosystem_specific), NULL when none. */
static const char *osv_vendor_severity(const json_t *rec, const json_t *aff)
{
	const char *s;
	size_t i;
	json_t *e;

	if ((s = vjson_str(json_object_get(aff, "ecosystem_specific"), "urgency")) ||
	    (s = vjson_str(json_object_get(aff, "ecosystem_specific"), "severity")) ||
	    (s = vjson_str(json_object_get(aff, "database_specific"), "severity")) ||
	    (s = vjson_str(json_object_get(rec, "database_specific"), "severity")))
		return s;
	json_array_foreach(json_object_get(rec, "severity"), i, e)
	{
		const char *type = vjson_str(e, "type");
		if (type && strncmp(type, "CVSS", 4) != 0 && vjson_str(e, "score"))
			return vjson_str(e, "score");
	}
	return NULL;
}

static const char *osv_link(const json_t *rec, const char *id, char *buf, size_t buflen)
{
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(rec, "references"), i, r)
	{
		const char *type = vjson_str(r, "type");
		if (type && strcmp(type, "ADVISORY") == 0 && vjson_str(r, "url"))
			return vjson_str(r, "url");
	}
	if (vjson_str(json_object_get(rec, "database_specific"), "url"))
		return vjson_str(json_object_get(rec, "database_specific"), "url");
	(void)snprintf(buf, buflen, "https://osv.dev/vulnerability/%s", id);
	return buf;
}

static int osv_affected(struct osv_ctx *c, const json_t *rec, const char *id, const json_t *aff,
			struct vuln_range *iv)
{
	const json_t *pkg = json_object_get(aff, "package");
	const char *eco = vjson_str(pkg, "ecosystem"), *name = vjson_str(pkg, "name");
	const json_t *ranges = json_object_get(aff, "ranges"),
		     *vers = json_object_get(aff, "versions");
	BW_CLEANUP(bw_freep) const char **versions = NULL;
	size_t n_iv = 0, n_vers = 0, git = 0, i;
	enum vuln_scheme scheme;
	char pname[512];
	json_t *rg, *v;

	if (!eco || !*eco || !name || !*name || (ranges && !json_is_array(ranges)) ||
	    (vers && !json_is_array(vers))) {
		vimport_warn(c->sink, c->st, c->path, c->line, c->col,
			     "'%s': affected entry without package ecosystem and name, or with "
			     "malformed ranges, skipping it",
			     id);
		return 0;
	}
	scheme = vuln_ecosystem_scheme(eco);
	json_array_foreach(ranges, i, rg)
	{
		const char *type = vjson_str(rg, "type");
		enum vuln_scheme rs = scheme;
		if (type && strcmp(type, "GIT") == 0) {
			git++;
			continue;
		}
		if (type && strcmp(type, "SEMVER") == 0)
			rs = scheme == VULN_SCHEME_GO ? VULN_SCHEME_GO : VULN_SCHEME_SEMVER;
		else if (!type || strcmp(type, "ECOSYSTEM") != 0) {
			vimport_warn(c->sink, c->st, c->path, c->line, c->col,
				     "'%s': range type '%s' is unknown, skipping the range", id,
				     type ? type : "(none)");
			continue;
		}
		scheme = rs;
		int k = vosv_intervals(rs, json_object_get(rg, "events"), iv + n_iv,
				       OSV_MAX_INTERVALS - n_iv);
		if (k == -ENOMEM)
			return k;
		if (k < 0) {
			vimport_warn(c->sink, c->st, c->path, c->line, c->col,
				     "'%s': malformed or too many range events for '%s', skipping "
				     "the range",
				     id, name);
			continue;
		}
		n_iv += (size_t)k;
	}
	c->st->git_ranges += git;
	if (json_array_size(vers) > OSV_MAX_VERSIONS) {
		vimport_warn(c->sink, c->st, c->path, c->line, c->col,
			     "'%s': more than %u versions listed, skipping the list", id,
			     OSV_MAX_VERSIONS);
		vers = NULL;
	}
	if (json_array_size(vers)) {
		versions = calloc(json_array_size(vers), sizeof(*versions));
		if (!versions)
			return -ENOMEM;
		json_array_foreach(vers, i, v) if (json_string_value(v) && *json_string_value(v))
			versions[n_vers++] = json_string_value(v);
	}
	if (n_iv == 0 && n_vers == 0) {
		if (git || json_array_size(ranges))
			return 0; /* only GIT (or unusable) ranges: nothing we can match */
		iv[n_iv++] = (struct vuln_range){0}; /* no ranges, no versions: every version */
	}
	osv_package_name(eco, name, pname, sizeof(pname));
	struct vuln_advisory a = {
		.vuln_id = id,
		.ecosystem = eco,
		.package = pname,
		.scheme = scheme,
		.status = VULN_STATUS_FIXED,
		.severity = osv_vendor_severity(rec, aff),
		.ranges = iv,
		.n_ranges = n_iv,
		.versions = versions,
		.n_versions = n_vers,
	};
	size_t fixed_zero = 0;
	for (i = 0; i < n_iv; i++) {
		if (!iv[i].fixed && !iv[i].last_affected)
			a.status = VULN_STATUS_AFFECTED;
		if (iv[i].fixed)
			a.fixed = iv[i].fixed;
		fixed_zero += iv[i].fixed && strcmp(iv[i].fixed, "0") == 0;
	}
	if (n_iv == 0)
		a.status = VULN_STATUS_AFFECTED;
	if (n_iv && fixed_zero == n_iv && n_vers == 0) {
		/* Chainguard and Wolfi write "fixed": "0" for a package never affected */
		a.status = VULN_STATUS_NOT_AFFECTED;
		a.fixed = NULL;
		a.n_ranges = 0;
		c->st->not_affected++;
	}
	c->st->advisories++;
	return c->sink->advisory(c->sink->arg, &a);
}

/* One OSV record. */
static int osv_record(struct osv_ctx *c, const json_t *rec)
{
	const char *id = vjson_str(rec, "id");
	const json_t *aff = json_object_get(rec, "affected");
	BW_CLEANUP(bw_buf_releasep) struct bw_buf aliases = {0};
	struct vuln_range *iv;
	char link[256];
	size_t i;
	json_t *a;
	int r = 0;

	if (!json_is_object(rec) || !id || !*id || (aff && !json_is_array(aff))) {
		vimport_warn(
			c->sink, c->st, c->path, c->line, c->col,
			"not an OSV record (no 'id', or 'affected' is not a list), skipping it");
		return 0;
	}
	if (vjson_str(rec, "withdrawn") && *vjson_str(rec, "withdrawn")) {
		c->st->withdrawn++;
		return 0;
	}
	bw_buf_init(&aliases, 1u << 20);
	static const char *const alias_keys[] = {"aliases", "upstream"};
	for (unsigned k = 0; k < 2; k++)
		json_array_foreach(
			json_object_get(rec, alias_keys[k]), i,
			a) if (json_string_value(a) && strcmp(json_string_value(a), id) != 0 &&
			       !strstr(bw_buf_str(&aliases), json_string_value(a)) &&
			       bw_buf_printf(&aliases, "%s%s", aliases.len ? " " : "",
					     json_string_value(a)) == -ENOMEM) return -ENOMEM;
	struct vuln_record vr = {
		.id = id,
		.aliases = aliases.len ? bw_buf_str(&aliases) : NULL,
		.title = vjson_str(rec, "summary"),
		.description = vjson_str(rec, "details"),
		.cvss = osv_cvss(json_object_get(rec, "severity")),
		.published = vjson_str(rec, "published"),
		.modified = vjson_str(rec, "modified"),
		.link = osv_link(rec, id, link, sizeof(link)),
	};
	c->st->records++;
	if ((r = c->sink->record(c->sink->arg, &vr)) < 0)
		return r;
	iv = calloc(OSV_MAX_INTERVALS, sizeof(*iv));
	if (!iv)
		return -ENOMEM;
	json_array_foreach(aff, i, a)
	{
		if (!json_is_object(a)) {
			vimport_warn(c->sink, c->st, c->path, c->line, c->col,
				     "'%s': affected entry is not an object, skipping it", id);
			continue;
		}
		if ((r = osv_affected(c, rec, id, a, iv)) < 0)
			break;
	}
	free(iv);
	return r;
}

struct osv_array_ctx {
	struct osv_ctx *c;
	const char *data;
};

static int osv_array_item(void *arg, const struct vjson_span *s)
{
	struct osv_array_ctx *ac = arg;
	struct bw_error e = {0};
	json_t *j = vjson_load(ac->c->path, ac->data, s, &e);
	int r;

	if (!j) {
		vimport_warn(ac->c->sink, ac->c->st, ac->c->path, e.line, e.col, "%s", e.msg);
		return 0;
	}
	vjson_position(ac->data, s->offset, &ac->c->line, &ac->c->col);
	r = osv_record(ac->c, j);
	json_decref(j);
	return r;
}

int vuln_import_osv(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		    struct vuln_import_stats *st, struct bw_error *err)
{
	struct osv_ctx c = {.path = path, .sink = sink, .st = st, .line = 1, .col = 1};
	size_t i = 0;
	int r;

	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (i < len && data[i] == '[') {
		struct osv_array_ctx ac = {.c = &c, .data = data};
		return vjson_each(path, data, len, i, osv_array_item, &ac, err);
	}
	if (i < len && data[i] == '{') {
		struct vjson_span s = {.val = data + i, .val_len = len - i, .offset = i};
		json_t *j = vjson_load(path, data, &s, err);
		if (!j)
			return -EINVAL;
		vjson_position(data, i, &c.line, &c.col);
		r = osv_record(&c, j);
		json_decref(j);
		return r;
	}
	BW_CLEANUP(ydoc_file_freep) struct ydoc_file *f = NULL;
	r = ydoc_parse_mem(path, data, len, &f, err);
	if (r < 0)
		return r;
	for (size_t d = 0; d < f->n_docs; d++) {
		const struct ydoc_node *root = f->docs[d].root;
		if (ydoc_is_null(root))
			continue;
		json_t *j = vyaml_to_json(root);
		if (!j)
			return -ENOMEM;
		c.line = root->line;
		c.col = root->col;
		r = osv_record(&c, j);
		json_decref(j);
		if (r < 0)
			return r;
	}
	return 0;
}
