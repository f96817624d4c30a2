/* SPDX-License-Identifier: Apache-2.0 */
/* Debian version comparison, as dpkg does it (lib/dpkg/version.c, deb-version(7)): epochs as
 * numbers, then upstream and revision by verrevcmp, where '~' sorts before everything and digit
 * runs compare by value at any length. Parsing follows dpkg's parseversion. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "vuln/version.h"
#include "util/banned.h"

struct deb_ver {
	const char *epoch; /* digits, without leading blanks; epoch_len 0 = epoch 0 */
	size_t epoch_len;
	const char *upstream;
	size_t upstream_len;
	const char *revision; /* "" when none */
	size_t revision_len;
};

/* Splits v (surrounding blanks trimmed) into its parts, as dpkg's parseversion: the epoch is
 * the text before the first ':' when that is all digits; the revision follows the last '-'. */
static void deb_split(const char *v, struct deb_ver *out)
{
	size_t len;
	const char *colon, *hyphen;

	while (*v == ' ' || *v == '\t' || *v == '\n')
		v++;
	len = strlen(v);
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\n'))
		len--;
	*out = (struct deb_ver){.epoch = "", .revision = ""};
	colon = memchr(v, ':', len);
	if (colon && colon > v && colon + 1 < v + len &&
	    strspn(v, "0123456789") == (size_t)(colon - v)) {
		out->epoch = v;
		out->epoch_len = (size_t)(colon - v);
		len -= out->epoch_len + 1;
		v = colon + 1;
	}
	hyphen = memrchr(v, '-', len);
	if (hyphen && hyphen + 1 < v + len) {
		out->revision = hyphen + 1;
		out->revision_len = (size_t)(v + len - hyphen - 1);
		len = (size_t)(hyphen - v);
	}
	out->upstream = v;
	out->upstream_len = len;
}

/* dpkg's order of one non-digit character; 0 for the end of the part. */
static int deb_order(const char *s, size_t i, size_t len)
{
	if (i >= len)
		return 0;
	unsigned char c = (unsigned char)s[i];
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

static int verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen || j < blen) {
		while ((i < alen && !isdigit((unsigned char)a[i])) ||
		       (j < blen && !isdigit((unsigned char)b[j]))) {
			int ac = deb_order(a, i, alen), bc = deb_order(b, j, blen);
			if (ac != bc)
				return ac < bc ? -1 : 1;
			if (i < alen)
				i++;
			if (j < blen)
				j++;
		}
		size_t ai = i, bj = j;
		while (i < alen && isdigit((unsigned char)a[i]))
			i++;
		while (j < blen && isdigit((unsigned char)b[j]))
			j++;
		int r = vuln_digits_cmp(a + ai, i - ai, b + bj, j - bj);
		if (r)
			return r;
	}
	return 0;
}

int vuln_deb_cmp(const char *a, const char *b)
{
	struct deb_ver va, vb;
	int r;

	deb_split(a, &va);
	deb_split(b, &vb);
	r = vuln_digits_cmp(va.epoch, va.epoch_len, vb.epoch, vb.epoch_len);
	if (r)
		return r;
	r = verrevcmp(va.upstream, va.upstream_len, vb.upstream, vb.upstream_len);
	if (r)
		return r;
	return verrevcmp(va.revision, va.revision_len, vb.revision, vb.revision_len);
}

/* What dpkg accepts without error: no embedded blanks, a numeric epoch when there is a ':',
 * a non-empty upstream starting with a digit, no empty revision after a '-', and only the
 * characters deb-version(7) allows. */
bool vuln_deb_valid(const char *v)
{
	struct deb_ver d;
	size_t len = strlen(v);

	if (len == 0 || strpbrk(v, " \t\n"))
		return false;
	if (v[len - 1] == '-')
		return false;
	deb_split(v, &d);
	if (memchr(v, ':', len) && d.epoch_len == 0)
		return false; /* ":1.0", "1:", "a:1" or "1.0:1": dpkg wants a numeric epoch */
	if (vuln_digits_cmp(d.epoch, d.epoch_len, "2147483647", 10) > 0)
		return false; /* dpkg limits epochs to INT_MAX */
	if (d.upstream_len == 0 || !isdigit((unsigned char)d.upstream[0]))
		return false;
	for (size_t i = 0; i < d.upstream_len; i++)
		if (!isalnum((unsigned char)d.upstream[i]) && !strchr(".+~:-", d.upstream[i]))
			return false;
	for (size_t i = 0; i < d.revision_len; i++)
		if (!isalnum((unsigned char)d.revision[i]) && !strchr(".+~", d.revision[i]))
			return false;
	return true;
}
