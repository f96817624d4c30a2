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
#include "util/grow.h"
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

/* The rpm distributions matched, by os-release ID: OSV ecosystem "<osv>:<major>", by source
 * package name and EVR (VULNMATCH.md §3, §4). Others (rhel, centos, fedora, amzn, ol, SUSE)
 * have no feed here: their rpm packages get a warning and VULN-001, not a clean result. */
static const struct {
	const char *id, *osv;
} rpm_distros[] = {
	{"almalinux", "AlmaLinux"},
	{"rocky", "Rocky Linux"},
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

/* The fix to show for a version affected only through an explicit `versions` list: the
 * lowest `fixed` bound above it (OSV records list versions beside their ranges, and the
 * lists often name versions the ranges' GIT half covers). NULL when none is. */
static const char *fix_above(enum vuln_scheme s, const char *version, const struct vuln_range *r,
			     size_t n)
{
	const char *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (r[i].fixed && vuln_version_cmp(s, version, r[i].fixed) < 0 &&
		    (!best || vuln_version_cmp(s, r[i].fixed, best) < 0))
			best = r[i].fixed;
	return best;
}

bool vuln_version_affected(enum vuln_scheme s, const char *version, const struct vuln_range *r,
			   size_t n, const char *versions, const char **ret_fixed)
{
	*ret_fixed = NULL;
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
	for (const char *p = versions; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (strlen(version) == l && strncmp(p, version, l) == 0) {
			*ret_fixed = fix_above(s, version, r, n);
			return true;
		}
		p += l + (e ? 1 : 0);
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

/* The Alpine branch whose secdb applies, "edge" or "3.18" (VULNMATCH.md §2.1, §6, §9 #32): the
 * one etc/apk/repositories uses (an image on 3.18 that pulls from edge has edge packages), else
 * "edge" for an edge os-release (VERSION_ID "3.22.0_alpha20250108", PRETTY_NAME "... edge"),
 * else major.minor of VERSION_ID. */
static void alpine_branch(const struct pkg_os *os, char *out, size_t outlen)
{
	const char *pn = os->pretty_name;
	size_t pl = pn ? strlen(pn) : 0;

	if (os->apk_branch)
		(void)snprintf(out, outlen, "%s",
			       os->apk_branch + (os->apk_branch[0] == 'v' ? 1 : 0));
	else if ((os->version_id && strstr(os->version_id, "_alpha")) ||
		 (pl > 5 && strcmp(pn + pl - 5, " edge") == 0))
		(void)snprintf(out, outlen, "edge");
	else
		major_minor_of(os->version_id, out, outlen);
}

/* The OSV ecosystem of an rpm distribution release ("AlmaLinux:9") into out; returns the
 * distribution's name, or NULL when bulwark has no feed for it. */
static const char *rpm_ecosystem(const struct pkg_os *os, char *out, size_t outlen)
{
	char major[16];

	major_of(os->version_id, major, sizeof(major));
	for (size_t i = 0; i < sizeof(rpm_distros) / sizeof(rpm_distros[0]); i++)
		if (os_is(os, rpm_distros[i].id)) {
			(void)snprintf(out, outlen, "%s:%s", rpm_distros[i].osv, major);
			return rpm_distros[i].osv;
		}
	return NULL;
}

/* The secdb ecosystem of a branch: "alpine:edge", "alpine:v3.18". */
static void alpine_ecosystem(const char *branch, char *out, size_t outlen)
{
	(void)snprintf(out, outlen, "alpine:%s%s", strcmp(branch, "edge") ? "v" : "", branch);
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
		if (os_is(os, "wolfi")) { /* the vendor's secdb, then its OSV records */
			(void)snprintf(l->eco[l->n++], 96, "wolfi");
			(void)snprintf(l->eco[l->n++], 96, "Wolfi");
		} else if (os_is(os, "chainguard")) {
			(void)snprintf(l->eco[l->n++], 96, "chainguard");
			(void)snprintf(l->eco[l->n++], 96, "Chainguard");
		} else { /* the secdb, then OSV (which has no edge) */
			alpine_branch(os, mm, sizeof(mm));
			alpine_ecosystem(mm, l->eco[l->n++], 96);
			if (strcmp(mm, "edge") != 0)
				(void)snprintf(l->eco[l->n++], 96, "Alpine:v%s", mm);
		}
		break;
	case PKG_TYPE_RPM: /* the source package's name and EVR */
		name = p->source_name ? p->source_name : p->name;
		ver = p->source_version ? p->source_version : p->version;
		if (rpm_ecosystem(os, l->eco[l->n], 96))
			l->n++;
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
				if (bw_grow((void **)&m->out->items, &m->out->cap, m->out->len,
					    sizeof(*m->out->items)) < 0)
					r = -ENOMEM;
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

/* A release the tracker JSON does not carry but whose newest DSA/DLA is at most this many days
 * older than the lists' newest advisory is in security support: the lists cover it (an active
 * release gets several advisories a month; an end-of-life one none after its end). */
#define DSA_CURRENT_DAYS 90

/* The date of the newest DSA/DLA with a line for ecosystem eco into date ("" when none), and
 * whether it is recent (DSA_CURRENT_DAYS) against the lists' newest. */
static bool dsa_recent(struct vuln_db *db, const char *eco, char *date, size_t datelen)
{
	sqlite3_stmt *st = NULL;
	bool recent = false;

	date[0] = '\0';
	if (sqlite3_prepare_v2(vuln_db_handle(db),
			       "SELECT max(CASE WHEN a.ecosystem = ?1 THEN v.published END), "
			       "julianday(max(v.published)) - "
			       "julianday(max(CASE WHEN a.ecosystem = ?1 THEN v.published END)) "
			       "FROM advisories a JOIN sources s ON s.id = a.source_id "
			       "JOIN vulns v ON v.id = a.vuln_id AND v.source_id = a.source_id "
			       "WHERE s.kind = 'debian-dsa'",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
		(void)snprintf(date, datelen, "%s", (const char *)sqlite3_column_text(st, 0));
		recent = sqlite3_column_type(st, 1) != SQLITE_NULL &&
			 sqlite3_column_double(st, 1) <= DSA_CURRENT_DAYS;
	}
	sqlite3_finalize(st);
	return recent;
}

/* A warning when the OS release has no data although the feed for the OS is present (end of
 * life: the Debian tracker drops old releases), or when there is no feed for it at all
 * (out->no_data), or when only the DSA/DLA lists cover it (checked, but open issues without an
 * advisory are not known). */
static int release_warning(struct vuln_db *db, const struct pkg_inventory *inv,
			   struct vuln_match_result *out)
{
	const struct pkg_os *os = &inv->os;
	char eco[96] = "", mm[32], dsa[32] = "";
	const char *name = NULL;
	bool has_deb = false, has_apk = false, has_rpm = false;

	for (size_t i = 0; i < inv->len; i++) {
		has_deb |= inv->pkgs[i].type == PKG_TYPE_DEB;
		has_apk |= inv->pkgs[i].type == PKG_TYPE_APK;
		has_rpm |= inv->pkgs[i].type == PKG_TYPE_RPM;
	}
	if (has_deb && os_is(os, "debian")) {
		const char *cn = debian_codename(os);
		(void)snprintf(eco, sizeof(eco), "debian:%s", cn ? cn : "?");
		name = "Debian";
	} else if (has_deb && os_is(os, "ubuntu")) {
		/* OSV keys a release "Ubuntu:22.04:LTS" or, between LTS releases, "Ubuntu:23.10" */
		const char *v = os->version_id ? os->version_id : "?";
		char alt[96];
		(void)snprintf(alt, sizeof(alt), "Ubuntu:%s", v);
		(void)snprintf(eco, sizeof(eco), "Ubuntu:%s:LTS", v);
		if (vuln_db_has_ecosystem(db, alt))
			return 0;
		(void)snprintf(alt, sizeof(alt), "Ubuntu:Pro:%s:LTS", v);
		if (vuln_db_has_ecosystem(db, alt))
			return 0;
		name = "Ubuntu";
	} else if (has_apk && os_is(os, "alpine")) {
		alpine_branch(os, mm, sizeof(mm));
		alpine_ecosystem(mm, eco, sizeof(eco));
		name = "Alpine";
	} else if (has_rpm && (name = rpm_ecosystem(os, eco, sizeof(eco)))) {
		/* AlmaLinux, Rocky Linux */
	} else if (has_rpm) {
		out->no_data = true;
		if (asprintf(&out->warning,
			     "no vulnerability feed for the rpm packages of '%s' (bulwark matches "
			     "AlmaLinux and Rocky Linux through OSV): they were not checked",
			     os->id ? os->id : "an unknown OS") < 0) {
			out->warning = NULL;
			return -ENOMEM;
		}
		return 0;
	}
	if (!name || vuln_db_has_ecosystem(db, eco))
		return 0;
	const char *rel = os->version_id ? os->version_id : (os->codename ? os->codename : "?");
	bool lists = strcmp(name, "Debian") == 0 && dsa_recent(db, eco, dsa, sizeof(dsa));
	int r;
	if (lists)
		r = asprintf(&out->warning,
			     "only the advisory lists (DSA/DLA) have data for %s %s ('%s'): its "
			     "packages were checked against them, but open issues without an "
			     "advisory are not known; import the security tracker JSON for those",
			     name, rel, eco);
	else
		r = asprintf(
			&out->warning,
			"the vulnerability database has no data for %s %s ('%s'): the release "
			"may be end of life or its feed not imported; its OS packages were %s%s",
			name, rel, eco,
			dsa[0] ? "checked only against the DSA/DLA lists, whose newest advisory "
				 "for it is from "
			       : "not checked",
			dsa);
	if (r < 0) {
		out->warning = NULL;
		return -ENOMEM;
	}
	out->no_data = !lists;
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
		    /* per-CVE tracker entries before the DSA lists' coarser per-advisory ones,
		     * whatever the import order: a DSA whose CVEs matched is then left out */
		    "WHERE a.ecosystem = ?1 AND a.package = ?2 "
		    "ORDER BY s.kind = 'debian-dsa', a.id",
		    -1, &m.adv, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m.db,
			       "SELECT introduced, fixed, last_affected, lim FROM ranges "
			       "WHERE advisory_id = ?1",
			       -1, &m.rng, NULL) != SQLITE_OK) {
		r = bw_errorf(err, -EIO, "", 0, 0, "cannot query the vulnerability database: %s",
			      sqlite3_errmsg(m.db));
		goto out;
	}
	r = release_warning(db, inv, out);
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

/* Why a match is hidden by default (a suppressed finding, listed by --show-suppressed), or
 * NULL when it is reported: the vendor rates it unimportant/negligible (Debian: "not affected
 * in practice"), or has not decided yet (tracker "undetermined"). VULNMATCH.md §8, §10. */
static const char *hidden_why(const struct vuln_match *m, const struct vuln_scan_options *o)
{
	if (m->status == VULN_STATUS_UNDETERMINED && !o->include_undetermined)
		return "hidden: the vendor has not decided whether it is affected (undetermined); "
		       "--include-undetermined reports it";
	if (m->severity == BW_SEV_INFO && strcmp(m->severity_from, "vendor") == 0 &&
	    !o->include_unimportant)
		return "hidden: the vendor rates it unimportant (not affected in practice); "
		       "--include-unimportant reports it";
	return NULL;
}

static int add_findings(struct vuln_match_result *res, const struct pkg_inventory *inv,
			const struct vuln_scan_options *o, struct bw_report *report)
{
	if (res->warning && res->no_data) {
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
		if (o->ignore_unfixed && !m->fixed)
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
			r = asprintf(&fix, "Upgrade '%s' to %s or later%s.", p->name, m->fixed,
				     bw_str_startswith(m->ecosystem, "Ubuntu:Pro:")
					     ? " (an Ubuntu Pro update: needs a subscription)"
					     : "");
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
		bool os_pkg = pkg_type_is_os(p->type);
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
		struct bw_finding *f = &report->findings[report->len - 1];
		const char *why = hidden_why(m, o);
		f->severity = m->severity;
		if (why) {
			f->suppressed = true;
			f->suppressed_by = strdup(why);
			if (!f->suppressed_by)
				return -ENOMEM;
			res->hidden++;
		}
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
	/* undetermined entries are matched always, and hidden (not dropped) by add_findings */
	struct vuln_match_options mo = {.include_undetermined = true};
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
	r = add_findings(res, inv, o, report);
	if (r == 0 && !o->quiet)
		fprintf(stderr,
			"bulwark: %zu vulnerabilities in %zu packages looked up (%zu language "
			"packages left to the OS feed; %zu unimportant or undetermined hidden, "
			"--show-suppressed lists them)\n",
			res->len, res->packages, res->skipped_os, res->hidden);
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
