/* SPDX-License-Identifier: Apache-2.0 */
/* Version comparison for every scheme an advisory feed uses: dpkg, apk, rpm, SemVer 2.0 (npm,
 * crates.io, Go), PEP 440 (PyPI), Maven and RubyGems. Each comparator is total (any two
 * strings compare, invalid ones by a documented fallback) and never converts digit runs to
 * machine integers, so versions of any length compare without overflow. */
#ifndef BW_VULN_VERSION_H
#define BW_VULN_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define VULN_SCHEME_LIST(X)                                                                        \
	X(DEB, "deb")                                                                              \
	X(APK, "apk")                                                                              \
	X(RPM, "rpm")                                                                              \
	X(SEMVER, "semver")                                                                        \
	X(GO, "go")                                                                                \
	X(PEP440, "pep440")                                                                        \
	X(MAVEN, "maven")                                                                          \
	X(GEM, "gem")                                                                              \
	X(GENERIC, "generic")

enum vuln_scheme {
#define VULN_SCHEME_ENUM(id, name) VULN_SCHEME_##id,
	VULN_SCHEME_LIST(VULN_SCHEME_ENUM)
#undef VULN_SCHEME_ENUM
		VULN_SCHEME_COUNT
};

/* "deb" etc.; "?" when out of range. */
const char *vuln_scheme_name(enum vuln_scheme s);
/* Name to scheme; 0 or -EINVAL. */
int vuln_scheme_parse(const char *name, enum vuln_scheme *ret);
/* The scheme of an OSV ecosystem ("PyPI", "Debian:12", "Alpine:v3.18", "crates.io"...), the
 * part before the first ':' deciding; VULN_SCHEME_GENERIC when unknown. */
enum vuln_scheme vuln_ecosystem_scheme(const char *ecosystem);

/* Compares two versions of scheme s: negative, 0 or positive. NULL sorts before everything. */
int vuln_version_cmp(enum vuln_scheme s, const char *a, const char *b);
/* True when v is well-formed in scheme s (invalid versions still compare, by fallback). */
bool vuln_version_valid(enum vuln_scheme s, const char *v);

/* dpkg: [epoch:]upstream[-revision], exactly as dpkg's verrevcmp (deb-version(7)). An epoch that
 * is not a number makes the whole string the upstream part, as dpkg would reject it. */
int vuln_deb_cmp(const char *a, const char *b);
bool vuln_deb_valid(const char *v);
/* apk-tools: digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}. */
int vuln_apk_cmp(const char *a, const char *b);
bool vuln_apk_valid(const char *v);
/* rpmvercmp on one version or release string. */
int vuln_rpmvercmp(const char *a, const char *b);
/* [epoch:]version[-release]: epochs (missing = 0), versions, then releases when both have one
 * (rpm's rpmverCmp). */
int vuln_rpm_cmp(const char *a, const char *b);
bool vuln_rpm_valid(const char *v);
/* SemVer 2.0 precedence; a leading 'v' and missing minor/patch are accepted, build metadata
 * ignored. Go module versions (v-prefixed, pseudo-versions, +incompatible) are SemVer. */
int vuln_semver_cmp(const char *a, const char *b);
bool vuln_semver_valid(const char *v);
/* PEP 440 (as the `packaging` library orders versions). */
int vuln_pep440_cmp(const char *a, const char *b);
bool vuln_pep440_valid(const char *v);
/* Maven's ComparableVersion. Every string is a valid Maven version. */
int vuln_maven_cmp(const char *a, const char *b);
/* RubyGems' Gem::Version. */
int vuln_gem_cmp(const char *a, const char *b);
bool vuln_gem_valid(const char *v);
/* A natural order for unknown schemes: digit runs numerically, other runs bytewise. */
int vuln_generic_cmp(const char *a, const char *b);

/* Compares digit strings of any length (leading zeros ignored): negative, 0 or positive. */
int vuln_digits_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* A Go toolchain version ("go1.22.1", "go1.21rc2", "1.20") as the SemVer the Go vulnerability
 * database uses ("1.22.1", "1.21.0-rc.2"), written into out; 0, or -EINVAL when v is not a Go
 * release name, -ENAMETOOLONG when out is too small. */
int vuln_go_toolchain_semver(const char *v, char *out, size_t outlen);

#endif
