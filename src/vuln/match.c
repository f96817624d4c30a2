/* SPDX-License-Identifier: Apache-2.0 */
/* Package to advisory matching (VULNMATCH.md §1.3-1.5, §2.2, §4, §5): which ecosystems and
 * names a package is looked up under, whether its version falls in an advisory's ranges,
 * the severity of a match, and the findings `bulwark image` reports. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "vuln/import.h"
#include "vuln/match.h"
#include "util/banned.h"

/* Intervals read for one advisory; the importer stores at most this many. */
#define MATCH_MAX_RANGES 1024u

/* Debian release numbers to codenames (the tracker keys releases by codename). */
static const char *const debian_codenames[] = {
	[7] = "wheezy",	   [8] = "jessie",  [9] = "stretch", [10] = "buster", [11] = "bullseye",
	[12] = "bookworm", [13] = "trixie", [14] = "forky",  [15] = "duke",
};

/* ---- severity ---- */

int vuln_cvss3_score10(const char *vector)
{
	double av = -1, ac = -1, pr = -1, ui = -1, c = -1, in = -1, a = -1;
	int scope = -1; /* 0 unchanged, 1 changed */
	char prv = 0;
	const char *p;

	if (!vector || strncmp(vector, "CVSS:3.", 7) != 0)
		return -1;
	for (p = strchr(vector, '/'); p && *p; p = strchr(p + 1, '/')) {
		const char *m = p + 1, *colon = strchr(m, ':');
		if (!colon || !colon[1])
			return -1;
		size_t kl = (size_t)(colon - m);
		char v = colon[1];
#define KEY(k) (kl == strlen(k) && strncmp(m, k, kl) == 0)
		if (KEY("AV"))
			av = v == 'N'	? 0.85
			     : v == 'A' ? 0.62
			     : v == 'L' ? 0.55
			     : v == 'P' ? 0.2
					: -1;
		else if (KEY("AC"))
			ac = v == 'L' ? 0.77 : v == 'H' ? 0.44 : -1;
		else if (KEY("PR"))
			prv = v;
		else if (KEY("UI"))
			ui = v == 'N' ? 0.85 : v == 'R' ? 0.62 : -1;
		else if (KEY("S"))
			scope = v == 'U' ? 0 : v == 'C' ? 1 : -1;
		else if (KEY("C"))
			c = v == 'H' ? 0.56 : v == 'L' ? 0.22 : v == 'N' ? 0 : -1;
		else if (KEY("I"))
			in = v == 'H' ? 0.56 : v == 'L' ? 0.22 : v == 'N' ? 0 : -1;
		else if (KEY("A"))
			a = v == 'H' ? 0.56 : v == 'L' ? 0.22 : v == 'N' ? 0 : -1;
#undef KEY
	}
	if (scope < 0)
		return -1;
	pr = prv == 'N'	  ? 0.85
	     : prv == 'L' ? (scope ? 0.68 : 0.62)
	     : prv == 'H' ? (scope ? 0.5 : 0.27)
			  : -1;
	if (av < 0 || ac < 0 || pr < 0 || ui < 0 || c < 0 || in < 0 || a < 0)
		return -1;
	double iss = 1 - (1 - c) * (1 - in) * (1 - a), impact, x = 1;
	if (scope) {
		for (int i = 0; i < 15; i++)
			x *= iss - 0.02;
		impact = 7.52 * (iss - 0.029) - 3.25 * x;
	} else {
		impact = 6.42 * iss;
	}
	if (impact <= 0)
		return 0;
	double expl = 8.22 * av * ac * pr * ui;
	double base = scope ? 1.08 * (impact + expl) : impact + expl;
	if (base > 10)
		base = 10;
	/* CVSS 3.1 Roundup: the smallest one-decimal number >= base, robust to float error */
	long n = (long)(base * 100000 + 0.5);
	return n % 10000 == 0 ? (int)(n / 10000) : (int)(n / 10000) + 1;
}

static enum bw_severity severity_word(const char *w)
{
	char buf[32];
	size_t i;

	for (i = 0; w[i] && i + 1 < sizeof(buf) && w[i] != '*'; i++)
		buf[i] = (char)tolower((unsigned char)w[i]);
	buf[i] = '\0';
	if (!strcmp(buf, "unimportant") || !strcmp(buf, "negligible"))
		return BW_SEV_INFO;
	if (!strcmp(buf, "low"))
		return BW_SEV_LOW;
	if (!strcmp(buf, "medium") || !strcmp(buf, "moderate"))
		return BW_SEV_MEDIUM;
	if (!strcmp(buf, "high") || !strcmp(buf, "important"))
		return BW_SEV_HIGH;
	if (!strcmp(buf, "critical"))
		return BW_SEV_CRITICAL;
	return BW_SEV_UNKNOWN; /* "not yet assigned", "end-of-life", unknown words */
}

enum bw_severity vuln_severity(const char *vendor, const char *cvss, const char **ret_from)
{
	enum bw_severity s = vendor ? severity_word(vendor) : BW_SEV_UNKNOWN;
	int score;

	*ret_from = "vendor";
	if (s != BW_SEV_UNKNOWN)
		return s;
	score = vuln_cvss3_score10(cvss);
	*ret_from = score >= 0 ? "cvss" : "none";
	if (score < 0)
		return BW_SEV_UNKNOWN;
	if (score == 0)
		return BW_SEV_INFO;
	return score < 40   ? BW_SEV_LOW
	       : score < 70 ? BW_SEV_MEDIUM
	       : score < 90 ? BW_SEV_HIGH
			    : BW_SEV_CRITICAL;
}

/* ---- ranges ---- */

bool vuln_version_affected(enum vuln_scheme s, const char *version, const struct vuln_range *r,
			   size_t n, const char *versions, const char **ret_fixed)
{
	*ret_fixed = NULL;
	for (const char *p = versions; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (strlen(version) == l && strncmp(p, version, l) == 0)
			return true;
		p += l + (e ? 1 : 0);
	}
	for (size_t i = 0; i < n; i++) {
		const struct vuln_range *g = &r[i];
		if (g->introduced && strcmp(g->introduced, "0") != 0 &&
		    vuln_version_cmp(s, version, g->introduced) < 0)
			continue;
		if (g->fixed && vuln_version_cmp(s, version, g->fixed) >= 0)
			continue;
		if (g->last_affected && vuln_version_cmp(s, version, g->last_affected) > 0)
			continue;
		if (g->limit && vuln_version_cmp(s, version, g->limit) >= 0)
			continue;
		*ret_fixed = g->fixed;
		return true;
	}
	return false;
}

/* ---- lookups ---- */

struct matcher {
	sqlite3 *db;
	sqlite3_stmt *adv, *rng;
	const struct pkg_inventory *inv;
	const struct vuln_match_options *o;
	struct vuln_match_result *out;
};

/* The ecosystems and name a package is looked up under, in order of preference (the
 * distribution's own feed first). Up to 4 keys; returns how many. */
struct lookup {
	char eco[4][96];
	char name[512];
	char version[512];
	size_t n;
};

static void major_of(const char *v, char *out, size_t outlen)
{
	size_t n = v ? strspn(v, "0123456789") : 0;

	(void)snprintf(out, outlen, "%.*s", (int)n, v ? v : "");
}

static void major_minor_of(const char *v, char *out, size_t outlen)
{
	size_t n = v ? strspn(v, "0123456789") : 0;

	if (v && v[n] == '.')
		n += 1 + strspn(v + n + 1, "0123456789");
	(void)snprintf(out, outlen, "%.*s", (int)n, v ? v : "");
}

static const char *debian_codename(const struct pkg_os *os)
{
	char major[16];

	if (os->codename && *os->codename)
		return os->codename;
	major_of(os->version_id, major, sizeof(major));
	unsigned long m = strtoul(major, NULL, 10);
	if (*major && m < sizeof(debian_codenames) / sizeof(debian_codenames[0]))
		return debian_codenames[m];
	return NULL;
}

static bool os_is(const struct pkg_os *os, const char *id)
{
	return os->id && strcmp(os->id, id) == 0;
}

/* The default ownership test: the image walk sets os_owner when an OS package's file list
 * (dpkg *.list, the apk database) holds the language package's file. */
static bool owned_by_os_default(const struct pkg_package *p, void *arg)
{
	(void)arg;
	return p->os_owner != NULL;
}

static bool lookup_for(const struct matcher *m, const struct pkg_package *p, struct lookup *l)
{
	const struct pkg_os *os = &m->inv->os;
	char mm[32], major[16];
	const char *name = p->name, *ver = p->version;

	l->n = 0;
	switch (p->type) {
	case PKG_TYPE_DEB:
		name = p->source_name ? p->source_name : p->name;
		ver = p->source_version ? p->source_version : p->version;
		if (os_is(os, "ubuntu")) {
			(void)snprintf(l->eco[l->n++], 96, "Ubuntu:%s:LTS",
				       os->version_id ? os->version_id : "");
			(void)snprintf(l->eco[l->n++], 96, "Ubuntu:%s",
				       os->version_id ? os->version_id : "");
			(void)snprintf(l->eco[l->n++], 96, "Ubuntu:Pro:%s:LTS",
				       os->version_id ? os->version_id : "");
		} else {
			const char *cn = debian_codename(os);
			if (cn)
				(void)snprintf(l->eco[l->n++], 96, "debian:%s", cn);
			major_of(os->version_id, major, sizeof(major));
			if (*major)
				(void)snprintf(l->eco[l->n++], 96, "Debian:%s", major);
		}
		break;
	case PKG_TYPE_APK:
		name = p->source_name ? p->source_name : p->name;
		if (os_is(os, "wolfi")) {
			(void)snprintf(l->eco[l->n++], 96, "Wolfi");
		} else if (os_is(os, "chainguard")) {
			(void)snprintf(l->eco[l->n++], 96, "Chainguard");
		} else {
			major_minor_of(os->version_id, mm, sizeof(mm));
			if (os->version_id && strstr(os->version_id, "_alpha"))
				(void)snprintf(mm, sizeof(mm), "edge");
			(void)snprintf(l->eco[l->n++], 96, "alpine:v%s", mm);
			(void)snprintf(l->eco[l->n++], 96, "Alpine:v%s", mm);
			if (strcmp(mm, "edge") == 0)
				(void)snprintf(l->eco[0], 96, "alpine:edge");
		}
		break;
	case PKG_TYPE_RPM:
		name = p->source_name ? p->source_name : p->name;
		major_of(os->version_id, major, sizeof(major));
		if (os_is(os, "almalinux"))
			(void)snprintf(l->eco[l->n++], 96, "AlmaLinux:%s", major);
		else if (os_is(os, "rocky"))
			(void)snprintf(l->eco[l->n++], 96, "Rocky Linux:%s", major);
		break;
	case PKG_TYPE_PYPI:
		(void)snprintf(l->eco[l->n++], 96, "PyPI");
		break;
	case PKG_TYPE_NPM:
		(void)snprintf(l->eco[l->n++], 96, "npm");
		break;
	case PKG_TYPE_GOLANG:
		(void)snprintf(l->eco[l->n++], 96, "Go");
		break;
	case PKG_TYPE_MAVEN:
		(void)snprintf(l->eco[l->n++], 96, "Maven");
		break;
	case PKG_TYPE_GEM:
		(void)snprintf(l->eco[l->n++], 96, "RubyGems");
		break;
	case PKG_TYPE_CARGO:
		(void)snprintf(l->eco[l->n++], 96, "crates.io");
		break;
	case PKG_TYPE_COUNT:
		break;
	}
	if (!name || !ver || !*ver || l->n == 0 || strcmp(ver, "(devel)") == 0)
		return false; /* a Go main module built from a checkout has no version */
	/* names as the feeds spell them */
	if (p->type == PKG_TYPE_PYPI) {
		vuln_pep503_name(name, l->name, sizeof(l->name));
	} else if (p->type == PKG_TYPE_MAVEN && p->namespace_) {
		(void)snprintf(l->name, sizeof(l->name), "%s:%s", p->namespace_, name);
	} else if ((p->type == PKG_TYPE_NPM || p->type == PKG_TYPE_GOLANG) && p->namespace_ &&
		   !strchr(name, '/')) {
		(void)snprintf(l->name, sizeof(l->name), "%s/%s", p->namespace_, name);
	} else {
		(void)snprintf(l->name, sizeof(l->name), "%s", name);
	}
	if (p->type == PKG_TYPE_GOLANG && strcmp(l->name, "stdlib") == 0 &&
	    vuln_go_toolchain_semver(ver, l->version, sizeof(l->version)) == 0)
		return true;
	(void)snprintf(l->version, sizeof(l->version), "%s", ver);
	return true;
}

static char *dup_or_null(const unsigned char *s)
{
	return s ? strdup((const char *)s) : NULL;
}

static void match_release(struct vuln_match *m)
{
	free(m->vuln_id);
	free(m->aliases);
	free(m->installed);
	free(m->fixed);
	free(m->ecosystem);
	free(m->source_kind);
	free(m->vendor_sev);
	free(m->cvss);
	free(m->title);
	free(m->link);
}

void vuln_match_result_release(struct vuln_match_result *r)
{
	for (size_t i = 0; i < r->len; i++)
		match_release(&r->items[i]);
	free(r->items);
	for (size_t i = 0; i < r->n_rules; i++) {
		free((char *)r->rules[i].title);
		free((char *)r->rules[i].fix);
	}
	free(r->rules);
	free(r->rule_match);
	free(r->warning);
	*r = (struct vuln_match_result){0};
}

/* True when package pkg already has a match for id, directly or through aliases (OSV's
 * DEBIAN-CVE-X and the tracker's CVE-X are one vulnerability). */
static bool already(const struct vuln_match_result *r, size_t from, size_t pkg, const char *id,
		    const char *aliases)
{
	for (size_t i = from; i < r->len; i++) {
		const struct vuln_match *m = &r->items[i];
		if (m->pkg != pkg)
			continue;
		if (strcmp(m->vuln_id, id) == 0 || (m->aliases && bw_str_in_list(m->aliases, id)) ||
		    (aliases && bw_str_in_list(aliases, m->vuln_id)))
			return true;
	}
	return false;
}

/* Verdicts for one package: vulnerable ones appended to out; "not affected" ones remembered
 * (ids in `seen`) so a later feed cannot contradict the vendor. */
static int match_package(struct matcher *m, size_t idx, struct bw_buf *seen)
{
	const struct pkg_package *p = &m->inv->pkgs[idx];
	struct vuln_range *rg;
	struct lookup l;
	size_t first = m->out->len;
	int rc = SQLITE_DONE;

	if (!lookup_for(m, p, &l))
		return 0;
	if (p->type != PKG_TYPE_DEB && p->type != PKG_TYPE_APK && p->type != PKG_TYPE_RPM) {
		bool (*owned)(const struct pkg_package *, void *) =
			m->o->owned_by_os ? m->o->owned_by_os : owned_by_os_default;
		if (owned(p, m->o->owned_arg)) {
			m->out->skipped_os++;
			return 0;
		}
	}
	m->out->packages++;
	rg = calloc(MATCH_MAX_RANGES, sizeof(*rg));
	if (!rg)
		return -ENOMEM;
	bw_buf_clear(seen);
	for (size_t e = 0; e < l.n; e++) {
		sqlite3_bind_text(m->adv, 1, l.eco[e], -1, SQLITE_STATIC);
		sqlite3_bind_text(m->adv, 2, l.name, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(m->adv)) == SQLITE_ROW) {
			const char *vid = (const char *)sqlite3_column_text(m->adv, 1);
			const char *scheme = (const char *)sqlite3_column_text(m->adv, 2);
			const char *status = (const char *)sqlite3_column_text(m->adv, 3);
			enum vuln_scheme sc = VULN_SCHEME_GENERIC;
			enum vuln_status st = VULN_STATUS_AFFECTED;
			char key[160];
			(void)vuln_scheme_parse(scheme, &sc);
			(void)vuln_status_parse(status, &st);
			(void)snprintf(key, sizeof(key), "\n%s\n", vid);
			if (strstr(bw_buf_str(seen), key) ||
			    already(m->out, first, idx, vid,
				    (const char *)sqlite3_column_text(m->adv, 12)))
				continue;
			if (st == VULN_STATUS_NOT_AFFECTED) {
				if (bw_buf_adds(seen, key) < 0) {
					sqlite3_reset(m->adv);
					free(rg);
					return -ENOMEM;
				}
				continue;
			}
			if (st == VULN_STATUS_UNDETERMINED && !m->o->include_undetermined)
				continue;
			/* the intervals of this advisory */
			size_t n = 0;
			sqlite3_bind_int64(m->rng, 1, sqlite3_column_int64(m->adv, 0));
			while (sqlite3_step(m->rng) == SQLITE_ROW && n < MATCH_MAX_RANGES) {
				rg[n++] = (struct vuln_range){
					.introduced = dup_or_null(sqlite3_column_text(m->rng, 0)),
					.fixed = dup_or_null(sqlite3_column_text(m->rng, 1)),
					.last_affected =
						dup_or_null(sqlite3_column_text(m->rng, 2)),
					.limit = dup_or_null(sqlite3_column_text(m->rng, 3)),
				};
			}
			sqlite3_reset(m->rng);
			const char *fixed = NULL;
			bool hit = vuln_version_affected(
				sc, l.version, rg, n, (const char *)sqlite3_column_text(m->adv, 6),
				&fixed);
			int r = 0;
			if (hit) {
				if (m->out->len == m->out->cap) {
					size_t nc = m->out->cap ? m->out->cap * 2 : 32;
					struct vuln_match *ni =
						reallocarray(m->out->items, nc, sizeof(*ni));
					if (!ni)
						r = -ENOMEM;
					else {
						m->out->items = ni;
						m->out->cap = nc;
					}
				}
				if (r == 0) {
					struct vuln_match *x = &m->out->items[m->out->len++];
					*x = (struct vuln_match){
						.pkg = idx,
						.vuln_id = strdup(vid),
						.aliases = dup_or_null(
							sqlite3_column_text(m->adv, 12)),
						.installed = strdup(l.version),
						.fixed = fixed ? strdup(fixed) : NULL,
						.ecosystem = strdup(l.eco[e]),
						.source_kind =
							dup_or_null(sqlite3_column_text(m->adv, 7)),
						.vendor_sev =
							dup_or_null(sqlite3_column_text(m->adv, 4)),
						.cvss = dup_or_null(
							sqlite3_column_text(m->adv, 10)),
						.title =
							dup_or_null(sqlite3_column_text(m->adv, 8)),
						.link = dup_or_null(
							sqlite3_column_text(m->adv, 11)),
						.status = st,
					};
					if (!x->title)
						x->title =
							dup_or_null(sqlite3_column_text(m->adv, 9));
					x->severity = vuln_severity(x->vendor_sev, x->cvss,
								    &x->severity_from);
					if (!x->vuln_id || !x->installed || !x->ecosystem)
						r = -ENOMEM;
				}
			}
			for (size_t i = 0; i < n; i++) {
				free((char *)rg[i].introduced);
				free((char *)rg[i].fixed);
				free((char *)rg[i].last_affected);
				free((char *)rg[i].limit);
			}
			if (r < 0) {
				sqlite3_reset(m->adv);
				free(rg);
				return r;
			}
		}
		sqlite3_reset(m->adv);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			break;
	}
	free(rg);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -EIO;
}

/* A warning when the OS release has no data although the feed for the OS is present (end of
 * life: the Debian tracker drops old releases), or when there is no feed for it at all. */
static int release_warning(struct vuln_db *db, const struct pkg_inventory *inv, char **ret)
{
	const struct pkg_os *os = &inv->os;
	char eco[96] = "", mm[32];
	const char *name = NULL;
	bool has_deb = false, has_apk = false;

	for (size_t i = 0; i < inv->len; i++) {
		has_deb |= inv->pkgs[i].type == PKG_TYPE_DEB;
		has_apk |= inv->pkgs[i].type == PKG_TYPE_APK;
	}
	if (has_deb && os_is(os, "debian")) {
		const char *cn = debian_codename(os);
		(void)snprintf(eco, sizeof(eco), "debian:%s", cn ? cn : "?");
		name = "Debian";
	} else if (has_apk && os_is(os, "alpine")) {
		major_minor_of(os->version_id, mm, sizeof(mm));
		(void)snprintf(eco, sizeof(eco), "alpine:v%s", mm);
		name = "Alpine";
	}
	if (!name || vuln_db_has_ecosystem(db, eco))
		return 0;
	if (asprintf(ret,
		     "the vulnerability database has no data for %s %s ('%s'): the release may "
		     "be end of life or its feed not imported; its OS packages were not checked",
		     name, os->version_id ? os->version_id : (os->codename ? os->codename : "?"),
		     eco) < 0)
		return -ENOMEM;
	return 0;
}

int vuln_match_inventory(struct vuln_db *db, const struct pkg_inventory *inv,
			 const struct vuln_match_options *o, struct vuln_match_result *out,
			 struct bw_error *err)
{
	static const struct vuln_match_options defaults = {0};
	struct matcher m = {
		.db = vuln_db_handle(db), .inv = inv, .o = o ? o : &defaults, .out = out};
	BW_CLEANUP(bw_buf_releasep) struct bw_buf seen = {0};
	int r = 0;

	bw_buf_init(&seen, 16u << 20);
	if (sqlite3_prepare_v2(
		    m.db,
		    "SELECT a.id, a.vuln_id, a.scheme, a.status, a.severity, a.fixed, "
		    "a.versions, s.kind, v.title, v.description, v.cvss, v.link, "
		    "v.aliases FROM advisories a JOIN sources s ON s.id = a.source_id "
		    "LEFT JOIN vulns v ON v.id = a.vuln_id AND v.source_id = a.source_id "
		    "WHERE a.ecosystem = ?1 AND a.package = ?2 ORDER BY a.id",
		    -1, &m.adv, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m.db,
			       "SELECT introduced, fixed, last_affected, lim FROM ranges "
			       "WHERE advisory_id = ?1",
			       -1, &m.rng, NULL) != SQLITE_OK) {
		r = bw_errorf(err, -EIO, "", 0, 0, "cannot query the vulnerability database: %s",
			      sqlite3_errmsg(m.db));
		goto out;
	}
	r = release_warning(db, inv, &out->warning);
	for (size_t i = 0; r == 0 && i < inv->len; i++)
		r = match_package(&m, i, &seen);
	if (r == -EIO)
		(void)bw_errorf(err, -EIO, "", 0, 0, "cannot query the vulnerability database: %s",
				sqlite3_errmsg(m.db));
out:
	sqlite3_finalize(m.adv);
	sqlite3_finalize(m.rng);
	return r;
}

/* ---- findings ---- */

static int vuln_no_check(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	(void)self;
	(void)subject;
	(void)out;
	return 0; /* reported by vuln_scan_report, which knows the database */
}

const struct bw_rule vuln_rules[] = {
	{
		.id = "VULN-001",
		.severity = BW_SEV_MEDIUM,
		.title = "OS release without vulnerability data (end of life?)",
		.aliases = "EOSL",
		.fix = "Move the image to a supported release of its distribution, or import "
		       "the feed that covers this one.",
		.check = vuln_no_check,
	},
};
const struct bw_ruleset vuln_ruleset = {
	.name = "vuln",
	.kind = "image",
	.prefix = "VULN-",
	.rules = vuln_rules,
	.len = sizeof(vuln_rules) / sizeof(vuln_rules[0]),
};

static int add_findings(struct vuln_match_result *res, const struct pkg_inventory *inv,
			bool ignore_unfixed, struct bw_report *report)
{
	if (res->warning) {
		int r = bw_report_add(report, &vuln_rules[0], 0, 0, "%s", res->warning);
		if (r < 0)
			return r;
	}
	if (res->len == 0)
		return 0;
	res->rules = calloc(res->len, sizeof(*res->rules));
	res->rule_match = calloc(res->len, sizeof(*res->rule_match));
	if (!res->rules || !res->rule_match)
		return -ENOMEM;
	for (size_t i = 0; i < res->len; i++) {
		const struct vuln_match *m = &res->items[i];
		const struct pkg_package *p = &inv->pkgs[m->pkg];
		struct bw_rule *rule = &res->rules[res->n_rules];
		char *title = NULL, *fix = NULL;
		int r;
		if (ignore_unfixed && !m->fixed)
			continue;
		if (asprintf(&title, "%s", m->title ? m->title : m->vuln_id) < 0)
			return -ENOMEM;
		if (strlen(title) > 120) {
			title[117] = '.';
			title[118] = '.';
			title[119] = '.';
			title[120] = '\0';
		}
		for (char *c = title; *c; c++)
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
		if (m->fixed)
			r = asprintf(&fix, "Upgrade '%s' to %s or later.", p->name, m->fixed);
		else
			r = asprintf(&fix,
				     "No fixed version is available yet; remove '%s' or "
				     "mitigate until one is.",
				     p->name);
		if (r < 0) {
			free(title);
			return -ENOMEM;
		}
		*rule = (struct bw_rule){
			.id = m->vuln_id,
			.severity = m->severity,
			.title = title,
			.aliases = m->aliases ? m->aliases : "",
			.fix = fix,
			.help_uri = m->link,
		};
		res->rule_match[res->n_rules++] = i;
		const char *state = "no fix yet";
		if (m->status == VULN_STATUS_WILL_NOT_FIX)
			state = "will not be fixed";
		else if (m->status == VULN_STATUS_DEFERRED)
			state = "fix deferred";
		else if (m->status == VULN_STATUS_END_OF_LIFE)
			state = "no fix: security support ended";
		else if (m->status == VULN_STATUS_UNDETERMINED)
			state = "under investigation";
		bool os_pkg = p->type == PKG_TYPE_DEB || p->type == PKG_TYPE_APK ||
			      p->type == PKG_TYPE_RPM;
		bool src = strcmp(m->installed, p->version) != 0 ||
			   (p->source_name && strcmp(p->source_name, p->name) != 0);
		r = bw_report_add(
			report, rule, 0, 0,
			"%s '%s' %s%s%s%s%s%s%s%s%s (layer %u): %s%s [%s '%s', severity %s%s%s%s]",
			pkg_type_name(p->type), p->name, p->version, src ? " (source '" : "",
			src ? (p->source_name ? p->source_name : p->name) : "", src ? "' " : "",
			src ? m->installed : "", src ? ")" : "", !os_pkg && p->path ? " in '/" : "",
			!os_pkg && p->path ? p->path : "", !os_pkg && p->path ? "'" : "", p->layer,
			m->fixed ? "fixed in " : state, m->fixed ? m->fixed : "",
			m->source_kind ? m->source_kind : "?", m->ecosystem, m->severity_from,
			m->vendor_sev ? " '" : "", m->vendor_sev ? m->vendor_sev : "",
			m->vendor_sev ? "'" : "");
		if (r < 0)
			return r;
		report->findings[report->len - 1].severity = m->severity;
	}
	return 0;
}

/* True when the space-separated list `ids` holds `id` (case-insensitive). */
static bool id_in(const char *ids, const char *id)
{
	return ids && id && bw_str_in_list(ids, id);
}

/* Does purl a (a VEX product) name package purl p? Qualifiers are ignored; a product without
 * a version names every version. */
static bool purl_names(const char *product, const char *p)
{
	size_t pl = strcspn(product, "?#"), ql = strcspn(p, "?#");
	const char *at = memchr(product, '@', pl);

	if (!at) {
		const char *pat = memchr(p, '@', ql);
		ql = pat ? (size_t)(pat - p) : ql;
	}
	return pl == ql && strncmp(product, p, pl) == 0;
}

static bool vex_product_applies(const json_t *products, const struct pkg_package *pkg)
{
	size_t i;
	json_t *pr;

	if (json_array_size(products) == 0)
		return true;
	json_array_foreach(products, i, pr)
	{
		const char *id = json_is_string(pr) ? json_string_value(pr)
						    : json_string_value(json_object_get(pr, "@id"));
		size_t k;
		json_t *sub;
		if (!id)
			continue;
		if (bw_str_startswith(id, "pkg:oci/") || (pkg->purl && purl_names(id, pkg->purl)))
			return true;
		json_array_foreach(json_object_get(pr, "subcomponents"), k, sub)
		{
			const char *sid = json_string_value(json_object_get(sub, "@id"));
			if (sid && pkg->purl && purl_names(sid, pkg->purl))
				return true;
		}
	}
	return false;
}

int vuln_vex_apply(const char *path, const struct pkg_inventory *inv,
		   const struct vuln_match_result *res, struct bw_report *report,
		   struct bw_error *err)
{
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je), *stmts, *st;
	size_t i;
	int n = 0;

	if (!doc)
		return bw_errorf(err, -EINVAL, path, je.line, je.column, "cannot read VEX: %s",
				 je.text);
	stmts = json_object_get(doc, "statements");
	if (!json_is_array(stmts)) {
		json_decref(doc);
		return bw_errorf(err, -EINVAL, path, 0, 0,
				 "not an OpenVEX document (no statements)");
	}
	json_array_foreach(stmts, i, st)
	{
		const char *status = json_string_value(json_object_get(st, "status"));
		const json_t *v = json_object_get(st, "vulnerability");
		const char *name = json_is_string(v)
					   ? json_string_value(v)
					   : json_string_value(json_object_get(v, "name"));
		const json_t *aliases = json_object_get(v, "aliases");
		const char *why = json_string_value(json_object_get(st, "justification"));
		if (!status || !name || (strcmp(status, "not_affected") && strcmp(status, "fixed")))
			continue;
		for (size_t f = 0; f < report->len; f++) {
			struct bw_finding *fi = &report->findings[f];
			if (fi->suppressed || fi->rule < res->rules ||
			    fi->rule >= res->rules + res->n_rules)
				continue;
			const struct vuln_match *m =
				&res->items[res->rule_match[fi->rule - res->rules]];
			bool hit = strcasecmp(name, m->vuln_id) == 0 || id_in(m->aliases, name);
			size_t k;
			json_t *a;
			json_array_foreach(aliases, k, a) hit |=
				json_is_string(a) &&
				(strcasecmp(json_string_value(a), m->vuln_id) == 0 ||
				 id_in(m->aliases, json_string_value(a)));
			if (!hit || !vex_product_applies(json_object_get(st, "products"),
							 &inv->pkgs[m->pkg]))
				continue;
			char *by = NULL;
			if (asprintf(&by, "VEX '%s': %s%s%s", path, status, why ? ", " : "",
				     why ? why : "") < 0) {
				json_decref(doc);
				return -ENOMEM;
			}
			fi->suppressed = true;
			free(fi->suppressed_by);
			fi->suppressed_by = by;
			n++;
		}
	}
	json_decref(doc);
	return n;
}

int vuln_scan_report(const struct pkg_inventory *inv, const struct vuln_scan_options *o,
		     struct bw_report *report, struct vuln_match_result *res)
{
	BW_CLEANUP(bw_freep) char *path = o->db_path ? strdup(o->db_path) : vuln_db_default_path();
	BW_CLEANUP(vuln_db_closep) struct vuln_db *db = NULL;
	struct vuln_match_options mo = {.include_undetermined = o->include_undetermined};
	struct bw_error err = {0};
	char msg[1200];
	int r;

	if (!path)
		return -ENOMEM;
	r = vuln_db_open(path, &db, &err);
	if (r < 0) {
		bw_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "bulwark: %s; vulnerabilities not checked\n", msg);
		return r == -ENOMEM ? r : -ENOENT;
	}
	int64_t updated = vuln_db_updated(db), now = (int64_t)time(NULL);
	if (o->max_age_days && updated > 0 && now - updated > (int64_t)o->max_age_days * 86400)
		fprintf(stderr,
			"bulwark: the vulnerability database is %lld days old (--max-db-age %u): "
			"run 'bulwark db update'\n",
			(long long)((now - updated) / 86400), o->max_age_days);
	r = vuln_match_inventory(db, inv, &mo, res, &err);
	if (r < 0) {
		if (r != -ENOMEM) {
			bw_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "bulwark: %s\n", msg);
		}
		return r;
	}
	if (res->warning)
		fprintf(stderr, "bulwark: warning: %s\n", res->warning);
	if (!o->quiet)
		fprintf(stderr,
			"bulwark: %zu vulnerabilities in %zu packages looked up (%zu language "
			"packages left to the OS feed)\n",
			res->len, res->packages, res->skipped_os);
	r = add_findings(res, inv, o->ignore_unfixed, report);
	if (r == 0 && o->vex_path) {
		r = vuln_vex_apply(o->vex_path, inv, res, report, &err);
		if (r < 0 && r != -ENOMEM) {
			bw_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "bulwark: %s\n", msg);
		} else if (r >= 0 && !o->quiet) {
			fprintf(stderr, "bulwark: VEX '%s' suppressed %d findings\n", o->vex_path,
				r);
		}
		if (r > 0)
			r = 0;
	}
	return r;
}
