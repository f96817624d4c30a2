/* SPDX-License-Identifier: Apache-2.0 */
/* Matches an image's packages against the vulnerability database: Debian/Ubuntu by source
 * package, source version and release; Alpine by origin and branch; OSV by ecosystem,
 * normalised name and ranges. Language packages whose files an OS package owns are left to
 * the OS feed. The one entry point for `bulwark image` is vuln_scan_report. */
#ifndef BW_VULN_MATCH_H
#define BW_VULN_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/report.h"
#include "core/severity.h"
#include "pkg/pkg.h"
#include "vuln/db.h"

/* One vulnerable package. Strings are owned by the match. */
struct vuln_match {
	size_t pkg;	   /* index into the inventory's packages */
	char *vuln_id;	   /* "CVE-2023-4911" */
	char *aliases;	   /* space-separated; NULL */
	char *installed;   /* the version compared (the source version for deb) */
	char *fixed;	   /* the version that fixes it; NULL: no fix */
	char *ecosystem;   /* where the advisory was found: "debian:bookworm", "PyPI" */
	char *source_kind; /* "debian", "alpine", "osv" */
	char *vendor_sev;  /* the feed's own word ("medium**"); NULL */
	char *cvss;	   /* CVSS vector; NULL */
	char *title;	   /* one line; NULL */
	char *link;	   /* NULL */
	enum vuln_status status;
	enum bw_severity severity; /* see vuln_severity */
	const char *severity_from; /* "vendor", "cvss" or "none" (static) */
};

struct vuln_match_result {
	struct vuln_match *items;
	size_t len, cap;
	char *warning;	       /* owned: OS release without data (end of life?), or NULL */
	bool no_data;	       /* the warning says the OS packages were not checked (VULN-001) */
	size_t skipped_os;     /* language packages left to the OS feed */
	size_t no_feed;	       /* packages whose ecosystem has no data at all */
	size_t packages;       /* packages looked up */
	size_t hidden;	       /* findings hidden as unimportant or undetermined */
	struct bw_rule *rules; /* one per reported match (vulnerability ids as rule ids) */
	size_t *rule_match;    /* rules[i] reports items[rule_match[i]] */
	size_t n_rules;
};

struct vuln_match_options {
	bool include_undetermined; /* also report tracker "undetermined" entries */
	/* True when an OS package owns the language package's files (its path is in dpkg's
	 * file lists or the apk/rpm databases): it is then left to the OS feed. NULL: the
	 * package's os_owner, which the image walk sets. */
	bool (*owned_by_os)(const struct pkg_package *p, void *arg);
	void *owned_arg;
};

/* Looks every package of inv up. 0, -ENOMEM, or -EIO with err. */
int vuln_match_inventory(struct vuln_db *db, const struct pkg_inventory *inv,
			 const struct vuln_match_options *o, struct vuln_match_result *out,
			 struct bw_error *err);
void vuln_match_result_release(struct vuln_match_result *r);

/* Severity of a match: the vendor's word first (Debian urgency, Ubuntu priority, GHSA
 * severity: unimportant/negligible -> INFO, low, medium/moderate, high, critical), then
 * the CVSS v3 base score of the record (0.1-3.9 LOW, 4-6.9 MEDIUM, 7-8.9 HIGH, 9+
 * CRITICAL), else UNKNOWN. *ret_from says which ("vendor", "cvss", "none"). */
enum bw_severity vuln_severity(const char *vendor, const char *cvss, const char **ret_from);
/* CVSS v3.x base score of a vector ("CVSS:3.1/AV:N/..."), times ten (98 for 9.8); -1 when the
 * vector is not a complete v3 vector. */
int vuln_cvss3_score10(const char *vector);

/* Whether a package is affected by an advisory's data: the version is in `versions`
 * (newline-separated, may be NULL) or in one of the intervals. *ret_fixed: the fixed bound
 * of the interval that holds it, else (listed versions only) the lowest fixed bound above
 * it, else NULL (PYSEC-2023-11 lists 38.0.4 and has the range [1.8, 39.0.1)). */
bool vuln_version_affected(enum vuln_scheme s, const char *version, const struct vuln_range *r,
			   size_t n, const char *versions, const char **ret_fixed);

/* What `bulwark image` calls: opens the database, matches the inventory and adds one finding
 * per vulnerable package to report (rule id = vulnerability id, so ignore files and
 * --severity/--fail-on apply), warning on stderr when the database is older than
 * max_age_days (0 = never) or the OS release has no data. `res` keeps the findings' rules
 * alive: release it after the report is written. -ENOENT when there is no database (a
 * warning is printed; the scan goes on without vulnerabilities). Matches the vendor rates
 * unimportant/negligible, and tracker "undetermined" ones, are added as suppressed findings
 * (--show-suppressed lists them) unless o asks to include them. */
/* The rules of vulnerability scanning that are not vulnerabilities: VULN-001, an OS release
 * the database has no data for. */
extern const struct bw_ruleset vuln_ruleset;

struct vuln_scan_options {
	const char *db_path;	   /* NULL: the default path */
	unsigned max_age_days;	   /* warn past this age; 0 = never */
	bool ignore_unfixed;	   /* drop matches without a fixed version */
	bool include_undetermined; /* report tracker "undetermined" entries (else hidden) */
	bool include_unimportant;  /* report vendor-unimportant/negligible ones (else hidden) */
	const char *vex_path;	   /* OpenVEX document: not_affected statements suppress */
	bool quiet;
};

/* Suppresses the findings an OpenVEX document (openvex.dev spec v0.2) declares
 * `not_affected` (or `fixed`): a statement applies to a match when its vulnerability name (or
 * one of its aliases) is the match's id or an alias, and it names no products, or a product
 * that is the image (pkg:oci/...) or the package's purl (with or without version). Returns
 * the number of findings suppressed, or -errno with err (unreadable or malformed file). */
int vuln_vex_apply(const char *path, const struct pkg_inventory *inv,
		   const struct vuln_match_result *res, struct bw_report *report,
		   struct bw_error *err);
int vuln_scan_report(const struct pkg_inventory *inv, const struct vuln_scan_options *o,
		     struct bw_report *report, struct vuln_match_result *res);

#endif
