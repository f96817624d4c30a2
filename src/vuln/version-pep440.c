/* SPDX-License-Identifier: Apache-2.0 */
/* PEP 440 versions (PyPI), ordered as the `packaging` library orders them: epoch, release
 * (trailing zeros ignored), then pre-release, post-release, dev-release and local label, with
 * the spelling variants PEP 440 normalises (alpha/a, c/pre/preview/rc, rev/r/post, -N, case,
 * '-', '_', '.'). A string that is not PEP 440 sorts before every valid version. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "vuln/version.h"
#include "util/banned.h"

#define PEP_MAX_RELEASE 32
#define PEP_MAX_LOCAL 32

struct pep_num {
	const char *s; /* digits */
	size_t len;
};

struct pep440 {
	bool valid;
	struct pep_num epoch;
	struct pep_num release[PEP_MAX_RELEASE];
	size_t n_release;
	int pre_kind; /* 0 none, 1 a, 2 b, 3 rc */
	struct pep_num pre;
	bool has_post, has_dev;
	struct pep_num post, dev;
	struct pep_num local[PEP_MAX_LOCAL]; /* alphanumeric segments */
	size_t n_local;
};

static size_t pep_digits(const char *s, struct pep_num *out)
{
	size_t n = strspn(s, "0123456789");

	out->s = s;
	out->len = n;
	return n;
}

static bool pep_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Length of the word from `words` (longest first) that s starts with, case-insensitive. */
static size_t pep_word(const char *s, const char *const *words, size_t n, size_t *ret_index)
{
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(words[i]);
		if (strncasecmp(s, words[i], l) == 0) {
			*ret_index = i;
			return l;
		}
	}
	return 0;
}

static const char *const pre_words[] = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
static const int pre_kinds[] = {1, 1, 2, 2, 3, 3, 3, 3};
static const char *const post_words[] = {"post", "rev", "r"};
static const char *const dev_words[] = {"dev"};

/* Parses an optional "[sep]word[sep][N]" at *p into ret_num; true when present. */
static bool pep_labelled(const char **p, const char *const *words, size_t nwords, size_t *ret_index,
			 struct pep_num *ret_num)
{
	const char *s = *p;
	size_t l;

	if (pep_sep(*s))
		s++;
	l = pep_word(s, words, nwords, ret_index);
	if (l == 0)
		return false;
	s += l;
	/* the separator after the label is optional and may stand without a number ("1.0a.") */
	if (pep_sep(*s))
		s++;
	s += pep_digits(s, ret_num);
	*p = s;
	return true;
}

static void pep_parse(const char *s, struct pep440 *v)
{
	size_t idx, n;
	const char *p;

	*v = (struct pep440){0};
	while (isspace((unsigned char)*s))
		s++;
	if (*s == 'v' || *s == 'V')
		s++;
	p = s;
	n = strspn(p, "0123456789");
	if (n && p[n] == '!') {
		v->epoch = (struct pep_num){p, n};
		p += n + 1;
	}
	for (;;) {
		struct pep_num d;
		if (pep_digits(p, &d) == 0 || v->n_release == PEP_MAX_RELEASE)
			return;
		v->release[v->n_release++] = d;
		p += d.len;
		if (*p == '.' && isdigit((unsigned char)p[1]))
			p++;
		else
			break;
	}
	if (pep_labelled(&p, pre_words, sizeof(pre_words) / sizeof(pre_words[0]), &idx, &v->pre))
		v->pre_kind = pre_kinds[idx];
	if (*p == '-' && isdigit((unsigned char)p[1])) {
		p++;
		p += pep_digits(p, &v->post);
		v->has_post = true;
	} else if (pep_labelled(&p, post_words, 3, &idx, &v->post)) {
		v->has_post = true;
	}
	if (pep_labelled(&p, dev_words, 1, &idx, &v->dev))
		v->has_dev = true;
	if (*p == '+') {
		p++;
		for (;;) {
			n = 0;
			while (isalnum((unsigned char)p[n]))
				n++;
			if (n == 0 || v->n_local == PEP_MAX_LOCAL)
				return;
			v->local[v->n_local++] = (struct pep_num){p, n};
			p += n;
			if (pep_sep(*p) && isalnum((unsigned char)p[1]))
				p++;
			else
				break;
		}
	}
	while (isspace((unsigned char)*p))
		p++;
	v->valid = *p == '\0';
}

static int pep_num_cmp(struct pep_num a, struct pep_num b)
{
	return vuln_digits_cmp(a.s ? a.s : "", a.len, b.s ? b.s : "", b.len);
}

static bool pep_zero(struct pep_num a)
{
	return vuln_digits_cmp(a.s, a.len, "", 0) == 0;
}

static int pep_release_cmp(const struct pep440 *a, const struct pep440 *b)
{
	size_t na = a->n_release, nb = b->n_release;

	while (na > 0 && pep_zero(a->release[na - 1]))
		na--;
	while (nb > 0 && pep_zero(b->release[nb - 1]))
		nb--;
	for (size_t i = 0; i < na && i < nb; i++) {
		int r = pep_num_cmp(a->release[i], b->release[i]);
		if (r)
			return r;
	}
	return na == nb ? 0 : na < nb ? -1 : 1;
}

/* packaging's pre key: a dev-only release sorts before any pre-release, and a release without
 * pre-release after all of them. Returns a rank and fills the number to compare next. */
static int pep_pre_rank(const struct pep440 *v)
{
	if (!v->pre_kind && !v->has_post && v->has_dev)
		return 0;
	if (!v->pre_kind)
		return 4;
	return v->pre_kind;
}

static int pep_local_cmp(const struct pep440 *a, const struct pep440 *b)
{
	if (!a->n_local || !b->n_local)
		return a->n_local ? 1 : b->n_local ? -1 : 0;
	for (size_t i = 0; i < a->n_local && i < b->n_local; i++) {
		struct pep_num x = a->local[i], y = b->local[i];
		bool nx = strspn(x.s, "0123456789") >= x.len,
		     ny = strspn(y.s, "0123456789") >= y.len;
		int r;
		if (nx && ny) {
			r = vuln_digits_cmp(x.s, x.len, y.s, y.len);
		} else if (nx != ny) {
			r = nx ? 1 : -1; /* numbers sort after strings */
		} else {
			r = strncasecmp(x.s, y.s, x.len < y.len ? x.len : y.len);
			if (r == 0 && x.len != y.len)
				r = x.len < y.len ? -1 : 1;
		}
		if (r)
			return r < 0 ? -1 : 1;
	}
	return a->n_local == b->n_local ? 0 : a->n_local < b->n_local ? -1 : 1;
}

int vuln_pep440_cmp(const char *a, const char *b)
{
	struct pep440 va, vb;
	int r;

	pep_parse(a, &va);
	pep_parse(b, &vb);
	if (!va.valid || !vb.valid) {
		if (va.valid != vb.valid)
			return va.valid ? 1 : -1;
		return vuln_generic_cmp(a, b);
	}
	if ((r = pep_num_cmp(va.epoch, vb.epoch)))
		return r;
	if ((r = pep_release_cmp(&va, &vb)))
		return r;
	int ra = pep_pre_rank(&va), rb = pep_pre_rank(&vb);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra >= 1 && ra <= 3 && (r = pep_num_cmp(va.pre, vb.pre)))
		return r;
	if (va.has_post != vb.has_post)
		return va.has_post ? 1 : -1;
	if (va.has_post && (r = pep_num_cmp(va.post, vb.post)))
		return r;
	if (va.has_dev != vb.has_dev)
		return va.has_dev ? -1 : 1;
	if (va.has_dev && (r = pep_num_cmp(va.dev, vb.dev)))
		return r;
	return pep_local_cmp(&va, &vb);
}

bool vuln_pep440_valid(const char *v)
{
	struct pep440 p;

	pep_parse(v, &p);
	return p.valid;
}
