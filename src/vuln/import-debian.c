/* SPDX-License-Identifier: Apache-2.0 */
/* Importer for the Debian security tracker JSON (security-tracker.debian.org/tracker/data/json):
 * { source-package: { CVE/TEMP id: { description, releases: { codename: { status,
 * fixed_version, urgency, nodsa, nodsa_reason } } } } }. Each package is parsed on its own, so
 * a malformed one is reported at its position and skipped. Statuses follow VULNMATCH.md §1.4:
 * resolved with fixed_version "0" is not-affected, resolved is fixed at fixed_version, open is
 * affected (will-not-fix, deferred or end-of-life by its notes), undetermined is kept as such. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "vuln/import.h"
#include "vuln/vuln-internal.h"
#include "util/banned.h"

struct deb_ctx {
	const char *path;
	const char *data;
	const struct vuln_sink *sink;
	struct vuln_import_stats *st;
};

/* The advisory of one (package, id, release) entry; false when the entry is unusable. */
static bool deb_release(const char *pkg, const char *id, const char *codename, const json_t *rel,
			struct vuln_advisory *a, struct vuln_range *range, char *eco, size_t ecolen)
{
	const char *status = vjson_str(rel, "status");
	const char *fixed = vjson_str(rel, "fixed_version");
	const char *urgency = vjson_str(rel, "urgency");
	const char *reason = vjson_str(rel, "nodsa_reason");

	if (!json_is_object(rel) || !status)
		return false;
	(void)snprintf(eco, ecolen, "debian:%s", codename);
	*a = (struct vuln_advisory){
		.vuln_id = id,
		.ecosystem = eco,
		.package = pkg,
		.scheme = VULN_SCHEME_DEB,
		.severity = urgency,
		.note = vjson_str(rel, "nodsa"),
		.ranges = range,
		.n_ranges = 1,
	};
	*range = (struct vuln_range){0};
	if (strcmp(status, "resolved") == 0) {
		if (fixed && strcmp(fixed, "0") == 0) {
			a->status = VULN_STATUS_NOT_AFFECTED;
			a->n_ranges = 0;
		} else if (fixed && *fixed) {
			a->status = VULN_STATUS_FIXED;
			a->fixed = fixed;
			range->fixed = fixed;
		} else {
			/* resolved without a version: treated as unfixed (as vunnel does) */
			a->status = VULN_STATUS_AFFECTED;
			a->note = "resolved in the tracker without a fixed version";
		}
	} else if (strcmp(status, "open") == 0) {
		if (reason && strcmp(reason, "ignored") == 0)
			a->status = VULN_STATUS_WILL_NOT_FIX;
		else if (reason && strcmp(reason, "postponed") == 0)
			a->status = VULN_STATUS_DEFERRED;
		else if (urgency && strcmp(urgency, "end-of-life") == 0)
			a->status = VULN_STATUS_END_OF_LIFE;
		else
			a->status = VULN_STATUS_AFFECTED;
	} else if (strcmp(status, "undetermined") == 0) {
		a->status = VULN_STATUS_UNDETERMINED;
	} else {
		return false;
	}
	return true;
}

static int deb_package(void *arg, const struct vjson_span *s)
{
	struct deb_ctx *c = arg;
	struct bw_error e = {0};
	char pkg[256], eco[96], link[160];
	int line, col, r = 0;
	const char *id;
	json_t *cves, *v;

	bool control = false;
	for (size_t i = 0; i < s->key_len; i++)
		control |= (unsigned char)s->key[i] < 0x20;
	if (s->key_len == 0 || s->key_len >= sizeof(pkg) || memchr(s->key, '\\', s->key_len) ||
	    control) {
		vjson_position(c->data, s->offset, &line, &col);
		vimport_warn(c->sink, c->st, c->path, line, col,
			     "package name is empty, too long, escaped or has control characters, "
			     "skipping the package");
		return 0;
	}
	memcpy(pkg, s->key, s->key_len);
	pkg[s->key_len] = '\0';
	cves = vjson_load(c->path, c->data, s, &e);
	if (!cves) {
		vimport_warn(c->sink, c->st, c->path, e.line, e.col, "package '%s': %s", pkg,
			     e.msg);
		return 0;
	}
	if (!json_is_object(cves)) {
		vjson_position(c->data, s->offset, &line, &col);
		vimport_warn(c->sink, c->st, c->path, line, col,
			     "package '%s' is not an object, skipping it", pkg);
		json_decref(cves);
		return 0;
	}
	json_object_foreach(cves, id, v)
	{
		const json_t *rels = json_object_get(v, "releases");
		const char *codename;
		json_t *rel;
		if (!json_is_object(v) || !*id ||
		    (rels && !json_is_object(rels) && !json_is_array(rels))) {
			vjson_position(c->data, s->offset, &line, &col);
			vimport_warn(c->sink, c->st, c->path, line, col,
				     "package '%s': entry '%s' is malformed, skipping it", pkg, id);
			continue;
		}
		(void)snprintf(link, sizeof(link), "https://security-tracker.debian.org/tracker/%s",
			       id);
		struct vuln_record rec = {
			.id = id,
			.description = vjson_str(v, "description"),
			.link = link,
		};
		c->st->records++;
		if ((r = c->sink->record(c->sink->arg, &rec)) < 0)
			break;
		if (!json_is_object(rels))
			continue; /* "releases": [] in some fixtures: nothing to say */
		json_object_foreach((json_t *)rels, codename, rel)
		{
			struct vuln_advisory a;
			struct vuln_range range;
			if (!deb_release(pkg, id, codename, rel, &a, &range, eco, sizeof(eco))) {
				vjson_position(c->data, s->offset, &line, &col);
				vimport_warn(c->sink, c->st, c->path, line, col,
					     "package '%s': '%s' in '%s' has no known status, "
					     "skipping it",
					     pkg, id, codename);
				continue;
			}
			if (a.status == VULN_STATUS_NOT_AFFECTED)
				c->st->not_affected++;
			c->st->advisories++;
			if ((r = c->sink->advisory(c->sink->arg, &a)) < 0)
				break;
		}
		if (r < 0)
			break;
	}
	json_decref(cves);
	return r;
}

int vuln_import_debian(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		       struct vuln_import_stats *st, struct bw_error *err)
{
	struct deb_ctx c = {.path = path, .data = data, .sink = sink, .st = st};
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r'))
		i++;
	if (i >= len || data[i] != '{')
		return bw_errorf(err, -EINVAL, path, 1, 1,
				 "not a Debian security tracker file (expected a JSON object)");
	return vjson_each(path, data, len, i, deb_package, &c, err);
}
