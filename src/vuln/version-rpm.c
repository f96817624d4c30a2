/* SPDX-License-Identifier: Apache-2.0 */
/* RPM version comparison: rpmvercmp on version and release ('~' sorts before everything, '^'
 * after the end but before any further segment, digits beat letters, other characters only
 * separate), and [epoch:]version[-release] as rpm splits it. */
#include <stdbool.h>
#include <string.h>

#include "vuln/version.h"
#include "util/banned.h"

static bool rpm_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool rpm_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool rpm_separator(char c)
{
	return c && !rpm_digit(c) && !rpm_alpha(c) && c != '~' && c != '^';
}

/* rpmvercmp over [a, a + alen) and [b, b + blen). */
static int rpm_vercmp_n(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *ae = a + alen, *be = b + blen;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return 0;
	while (a < ae || b < be) {
		while (a < ae && rpm_separator(*a))
			a++;
		while (b < be && rpm_separator(*b))
			b++;
		char ca = a < ae ? *a : '\0', cb = b < be ? *b : '\0';
		if (ca == '~' || cb == '~') {
			if (ca != '~')
				return 1;
			if (cb != '~')
				return -1;
			a++;
			b++;
			continue;
		}
		if (ca == '^' || cb == '^') {
			if (!ca)
				return -1;
			if (!cb)
				return 1;
			if (ca != '^')
				return 1;
			if (cb != '^')
				return -1;
			a++;
			b++;
			continue;
		}
		if (!ca || !cb)
			break;
		const char *sa = a, *sb = b;
		bool num = rpm_digit(ca);
		if (num) {
			while (a < ae && rpm_digit(*a))
				a++;
			while (b < be && rpm_digit(*b))
				b++;
		} else {
			while (a < ae && rpm_alpha(*a))
				a++;
			while (b < be && rpm_alpha(*b))
				b++;
		}
		if (b == sb) /* segments of different kinds: the number wins */
			return num ? 1 : -1;
		int r;
		if (num) {
			r = vuln_digits_cmp(sa, (size_t)(a - sa), sb, (size_t)(b - sb));
		} else {
			size_t la = (size_t)(a - sa), lb = (size_t)(b - sb);
			r = memcmp(sa, sb, la < lb ? la : lb);
			if (r == 0 && la != lb)
				r = la < lb ? -1 : 1;
		}
		if (r)
			return r < 0 ? -1 : 1;
	}
	if (a >= ae && b >= be)
		return 0;
	return a >= ae ? -1 : 1;
}

int vuln_rpmvercmp(const char *a, const char *b)
{
	return rpm_vercmp_n(a, strlen(a), b, strlen(b));
}

struct rpm_evr {
	const char *e, *v, *r;
	size_t elen, vlen, rlen;
	bool has_r;
};

static void rpm_split(const char *s, struct rpm_evr *out)
{
	size_t n = strspn(s, "0123456789");
	const char *dash;

	*out = (struct rpm_evr){.e = "0", .elen = 1};
	if (s[n] == ':') {
		if (n) {
			out->e = s;
			out->elen = n;
		}
		s += n + 1;
	}
	dash = strrchr(s, '-');
	out->v = s;
	out->vlen = dash ? (size_t)(dash - s) : strlen(s);
	if (dash) {
		out->r = dash + 1;
		out->rlen = strlen(dash + 1);
		out->has_r = true;
	}
}

int vuln_rpm_cmp(const char *a, const char *b)
{
	struct rpm_evr ea, eb;
	int r;

	rpm_split(a, &ea);
	rpm_split(b, &eb);
	r = rpm_vercmp_n(ea.e, ea.elen, eb.e, eb.elen);
	if (r == 0)
		r = rpm_vercmp_n(ea.v, ea.vlen, eb.v, eb.vlen);
	if (r == 0 && ea.has_r && eb.has_r)
		r = rpm_vercmp_n(ea.r, ea.rlen, eb.r, eb.rlen);
	return r;
}

bool vuln_rpm_valid(const char *v)
{
	struct rpm_evr e;

	rpm_split(v, &e);
	if (e.vlen == 0 || (e.has_r && e.rlen == 0))
		return false;
	for (const char *p = v; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n')
			return false;
	return true;
}
