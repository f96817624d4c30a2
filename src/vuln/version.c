/* SPDX-License-Identifier: Apache-2.0 */
/* The scheme table and dispatch of src/vuln/version.h, the OSV ecosystem to scheme map, the
 * shared digit-string comparison, the generic fallback order and Go toolchain names. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vuln/version.h"
#include "util/banned.h"

static const char *const scheme_names[VULN_SCHEME_COUNT] = {
#define VULN_SCHEME_NAME(id, name) [VULN_SCHEME_##id] = name,
	VULN_SCHEME_LIST(VULN_SCHEME_NAME)
#undef VULN_SCHEME_NAME
};

const char *vuln_scheme_name(enum vuln_scheme s)
{
	return (unsigned)s < VULN_SCHEME_COUNT ? scheme_names[s] : "?";
}

int vuln_scheme_parse(const char *name, enum vuln_scheme *ret)
{
	for (unsigned i = 0; i < VULN_SCHEME_COUNT; i++)
		if (name && strcmp(name, scheme_names[i]) == 0) {
			*ret = (enum vuln_scheme)i;
			return 0;
		}
	return -EINVAL;
}

/* OSV ecosystem names (ossf/osv-schema docs/schema.md), compared up to the first ':'. */
static const struct {
	const char *ecosystem;
	enum vuln_scheme scheme;
} ecosystems[] = {
	{"AlmaLinux", VULN_SCHEME_RPM},	    {"Alpine", VULN_SCHEME_APK},
	{"Chainguard", VULN_SCHEME_APK},    {"crates.io", VULN_SCHEME_SEMVER},
	{"Debian", VULN_SCHEME_DEB},	    {"Go", VULN_SCHEME_GO},
	{"Mageia", VULN_SCHEME_RPM},	    {"Maven", VULN_SCHEME_MAVEN},
	{"npm", VULN_SCHEME_SEMVER},	    {"openSUSE", VULN_SCHEME_RPM},
	{"PyPI", VULN_SCHEME_PEP440},	    {"Red Hat", VULN_SCHEME_RPM},
	{"Rocky Linux", VULN_SCHEME_RPM},   {"RubyGems", VULN_SCHEME_GEM},
	{"SUSE", VULN_SCHEME_RPM},	    {"Ubuntu", VULN_SCHEME_DEB},
	{"Wolfi", VULN_SCHEME_APK},	    {"Hex", VULN_SCHEME_SEMVER},
	{"Pub", VULN_SCHEME_SEMVER},	    {"SwiftURL", VULN_SCHEME_SEMVER},
	{"Packagist", VULN_SCHEME_GENERIC}, {"NuGet", VULN_SCHEME_SEMVER},
};

enum vuln_scheme vuln_ecosystem_scheme(const char *ecosystem)
{
	size_t n;

	if (!ecosystem)
		return VULN_SCHEME_GENERIC;
	n = strcspn(ecosystem, ":");
	for (size_t i = 0; i < sizeof(ecosystems) / sizeof(ecosystems[0]); i++)
		if (strlen(ecosystems[i].ecosystem) == n &&
		    strncmp(ecosystems[i].ecosystem, ecosystem, n) == 0)
			return ecosystems[i].scheme;
	return VULN_SCHEME_GENERIC;
}

int vuln_digits_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen && *a == '0') {
		a++;
		alen--;
	}
	while (blen && *b == '0') {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	if (alen == 0)
		return 0;
	int r = memcmp(a, b, alen);
	return r < 0 ? -1 : r > 0;
}

int vuln_generic_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
			int r = vuln_digits_cmp(a, na, b, nb);
			if (r)
				return r;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return 0;
}

int vuln_version_cmp(enum vuln_scheme s, const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	switch (s) {
	case VULN_SCHEME_DEB:
		return vuln_deb_cmp(a, b);
	case VULN_SCHEME_APK:
		return vuln_apk_cmp(a, b);
	case VULN_SCHEME_RPM:
		return vuln_rpm_cmp(a, b);
	case VULN_SCHEME_SEMVER:
	case VULN_SCHEME_GO:
		return vuln_semver_cmp(a, b);
	case VULN_SCHEME_PEP440:
		return vuln_pep440_cmp(a, b);
	case VULN_SCHEME_MAVEN:
		return vuln_maven_cmp(a, b);
	case VULN_SCHEME_GEM:
		return vuln_gem_cmp(a, b);
	case VULN_SCHEME_GENERIC:
	case VULN_SCHEME_COUNT:
		break;
	}
	return vuln_generic_cmp(a, b);
}

bool vuln_version_valid(enum vuln_scheme s, const char *v)
{
	if (!v || !*v)
		return false;
	switch (s) {
	case VULN_SCHEME_DEB:
		return vuln_deb_valid(v);
	case VULN_SCHEME_APK:
		return vuln_apk_valid(v);
	case VULN_SCHEME_RPM:
		return vuln_rpm_valid(v);
	case VULN_SCHEME_SEMVER:
	case VULN_SCHEME_GO:
		return vuln_semver_valid(v);
	case VULN_SCHEME_PEP440:
		return vuln_pep440_valid(v);
	case VULN_SCHEME_GEM:
		return vuln_gem_valid(v);
	case VULN_SCHEME_MAVEN:
	case VULN_SCHEME_GENERIC:
	case VULN_SCHEME_COUNT:
		break;
	}
	return true;
}

int vuln_go_toolchain_semver(const char *v, char *out, size_t outlen)
{
	char major[32] = "", minor[32] = "0", patch[32] = "0", pre[32] = "";
	const char *p = v;
	size_t n;
	int w;

	if (strncmp(p, "go", 2) == 0)
		p += 2;
	/* major.minor[.patch][(rc|beta)N], cut at a space or an experiment suffix (-X:...) */
	n = strspn(p, "0123456789");
	if (n == 0 || n >= sizeof(major))
		return -EINVAL;
	memcpy(major, p, n);
	major[n] = '\0';
	p += n;
	if (*p == '.') {
		n = strspn(++p, "0123456789");
		if (n == 0 || n >= sizeof(minor))
			return -EINVAL;
		memcpy(minor, p, n);
		minor[n] = '\0';
		p += n;
		if (*p == '.') {
			n = strspn(++p, "0123456789");
			if (n == 0 || n >= sizeof(patch))
				return -EINVAL;
			memcpy(patch, p, n);
			patch[n] = '\0';
			p += n;
		}
	}
	if (strncmp(p, "rc", 2) == 0 || strncmp(p, "beta", 4) == 0) {
		size_t l = p[0] == 'r' ? 2 : 4;
		n = strspn(p + l, "0123456789");
		if (n == 0 || n >= sizeof(pre) - 8)
			return -EINVAL;
		(void)snprintf(pre, sizeof(pre), "-%.*s.%.*s", (int)l, p, (int)n, p + l);
		p += l + n;
	}
	if (*p && *p != ' ' && *p != '-' && *p != '+')
		return -EINVAL;
	w = snprintf(out, outlen, "%s.%s.%s%s", major, minor, patch, pre);
	if (w < 0 || (size_t)w >= outlen)
		return -ENAMETOOLONG;
	return 0;
}
