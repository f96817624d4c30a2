/* SPDX-License-Identifier: Apache-2.0 */
/* SemVer 2.0 precedence (semver.org §11) for npm, crates.io and Go modules: major.minor.patch
 * by value, a pre-release below its release, identifiers numeric-before-alphanumeric, build
 * metadata ignored. Accepts a leading 'v' or '=' and missing minor/patch (taken as 0). */
#include <stdbool.h>
#include <string.h>

#include "vuln/version.h"
#include "util/banned.h"

struct semver {
	const char *num[3]; /* digit runs; NULL = 0 */
	size_t num_len[3];
	const char *pre; /* after '-', up to '+' or the end; NULL when none */
	size_t pre_len;
	bool valid;
};

static bool sv_ident_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-';
}

static void semver_parse(const char *s, struct semver *out)
{
	*out = (struct semver){.valid = true};
	while (*s == ' ')
		s++;
	if (*s == 'v' || *s == 'V' || *s == '=')
		s++;
	for (int i = 0; i < 3; i++) {
		size_t n = strspn(s, "0123456789");
		if (n == 0) {
			out->valid = false;
			break;
		}
		out->num[i] = s;
		out->num_len[i] = n;
		s += n;
		if (i < 2 && *s == '.') {
			s++;
			continue;
		}
		if (i < 2)
			out->valid = false; /* "1" or "1.2": accepted, with 0s */
		break;
	}
	if (*s == '-') {
		out->pre = ++s;
		while (*s && *s != '+')
			s++;
		out->pre_len = (size_t)(s - out->pre);
		if (out->pre_len == 0)
			out->valid = false;
		for (size_t i = 0; i < out->pre_len; i++)
			if (!sv_ident_char(out->pre[i]) && out->pre[i] != '.')
				out->valid = false;
	}
	if (*s == '+') {
		s++;
		if (!*s)
			out->valid = false;
		for (; *s; s++)
			if (!sv_ident_char(*s) && *s != '.')
				out->valid = false;
	}
	if (*s)
		out->valid = false;
}

static bool sv_numeric(const char *s, size_t n)
{
	return n > 0 && strspn(s, "0123456789") >= n;
}

/* Compares dot-separated pre-release identifier lists. */
static int semver_pre_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		const char *ea = memchr(a + i, '.', alen - i), *eb = memchr(b + j, '.', blen - j);
		size_t la = ea ? (size_t)(ea - (a + i)) : alen - i;
		size_t lb = eb ? (size_t)(eb - (b + j)) : blen - j;
		bool na = sv_numeric(a + i, la), nb = sv_numeric(b + j, lb);
		int r;
		if (na && nb) {
			r = vuln_digits_cmp(a + i, la, b + j, lb);
		} else if (na != nb) {
			r = na ? -1 : 1;
		} else {
			r = memcmp(a + i, b + j, la < lb ? la : lb);
			if (r == 0 && la != lb)
				r = la < lb ? -1 : 1;
		}
		if (r)
			return r < 0 ? -1 : 1;
		i += la + 1;
		j += lb + 1;
	}
	if (i >= alen && j >= blen)
		return 0;
	return i >= alen ? -1 : 1;
}

int vuln_semver_cmp(const char *a, const char *b)
{
	struct semver va, vb;

	semver_parse(a, &va);
	semver_parse(b, &vb);
	if (!va.num[0] || !vb.num[0]) {
		/* not a version at all: order the text, after every real version */
		if (va.num[0] || vb.num[0])
			return va.num[0] ? -1 : 1;
		return vuln_generic_cmp(a, b);
	}
	for (int i = 0; i < 3; i++) {
		int r = vuln_digits_cmp(va.num[i] ? va.num[i] : "", va.num_len[i],
					vb.num[i] ? vb.num[i] : "", vb.num_len[i]);
		if (r)
			return r;
	}
	if (!va.pre || !vb.pre)
		return va.pre ? -1 : vb.pre ? 1 : 0;
	return semver_pre_cmp(va.pre, va.pre_len, vb.pre, vb.pre_len);
}

bool vuln_semver_valid(const char *v)
{
	struct semver s;

	semver_parse(v, &s);
	return s.valid;
}
