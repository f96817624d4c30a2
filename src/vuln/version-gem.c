/* SPDX-License-Identifier: Apache-2.0 */
/* RubyGems version order (Gem::Version): '-' means ".pre.", the version is split into number
 * and letter runs, trailing zero numbers are dropped from the release part and from the
 * pre-release part, and segments compare pairwise with a letter run below any number. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "vuln/version.h"
#include "util/banned.h"

#define GEM_MAX_SEGS 64

struct gem_seg {
	const char *s;
	size_t len;
	bool num;
};

struct gem_ver {
	struct gem_seg seg[GEM_MAX_SEGS];
	size_t n;
};

static const struct gem_seg gem_pre = {"pre", 3, false};

/* Splits into segments ('-' counts as ".pre."), then drops trailing zeros of the numeric
 * prefix and of the rest, as canonical_segments does. */
static void gem_parse(const char *v, struct gem_ver *out)
{
	struct gem_seg all[GEM_MAX_SEGS];
	size_t n = 0, first_str, end;

	while (isspace((unsigned char)*v))
		v++;
	while (*v && n < GEM_MAX_SEGS) {
		if (*v == '-') {
			all[n++] = gem_pre;
			v++;
		} else if (isdigit((unsigned char)*v)) {
			size_t l = strspn(v, "0123456789");
			all[n++] = (struct gem_seg){v, l, true};
			v += l;
		} else if (isalpha((unsigned char)*v)) {
			size_t l = 0;
			while (isalpha((unsigned char)v[l]))
				l++;
			all[n++] = (struct gem_seg){v, l, false};
			v += l;
		} else {
			v++;
		}
	}
	for (first_str = 0; first_str < n && all[first_str].num; first_str++)
		;
	out->n = 0;
	end = first_str;
	while (end > 0 && vuln_digits_cmp(all[end - 1].s, all[end - 1].len, "", 0) == 0)
		end--;
	for (size_t i = 0; i < end; i++)
		out->seg[out->n++] = all[i];
	end = n;
	while (end > first_str && all[end - 1].num &&
	       vuln_digits_cmp(all[end - 1].s, all[end - 1].len, "", 0) == 0)
		end--;
	for (size_t i = first_str; i < end; i++)
		out->seg[out->n++] = all[i];
}

int vuln_gem_cmp(const char *a, const char *b)
{
	struct gem_ver va, vb;
	static const struct gem_seg zero = {"0", 1, true};

	gem_parse(a, &va);
	gem_parse(b, &vb);
	for (size_t i = 0; i < va.n || i < vb.n; i++) {
		const struct gem_seg *x = i < va.n ? &va.seg[i] : &zero;
		const struct gem_seg *y = i < vb.n ? &vb.seg[i] : &zero;
		int r;
		if (x->num && y->num) {
			r = vuln_digits_cmp(x->s, x->len, y->s, y->len);
		} else if (x->num != y->num) {
			r = x->num ? 1 : -1;
		} else {
			r = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
			if (r == 0 && x->len != y->len)
				r = x->len < y->len ? -1 : 1;
		}
		if (r)
			return r < 0 ? -1 : 1;
	}
	return 0;
}

/* Gem::Version's pattern: digits, then '.'-separated alphanumeric runs, then an optional
 * '-' pre-release of alphanumerics and '-' in '.'-separated runs. */
bool vuln_gem_valid(const char *v)
{
	const char *p = v;

	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	while (*p == '.' && isalnum((unsigned char)p[1])) {
		p++;
		while (isalnum((unsigned char)*p))
			p++;
	}
	if (*p == '-') {
		do {
			p++;
			if (!isalnum((unsigned char)*p) && *p != '-')
				return false;
			while (isalnum((unsigned char)*p) || *p == '-')
				p++;
		} while (*p == '.');
	}
	while (isspace((unsigned char)*p))
		p++;
	return *p == '\0';
}
