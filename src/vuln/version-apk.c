/* SPDX-License-Identifier: Apache-2.0 */
/* Alpine version comparison, as apk-tools orders versions: a token walk over
 * digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}, where pre-release suffixes sort before
 * the bare version and a later number with a leading zero compares as a string. */
#include <stdbool.h>
#include <string.h>

#include "vuln/version.h"
#include "util/banned.h"

/* Token kinds; their order decides when two versions run out of common tokens. */
enum apk_tok {
	APK_TOK_INITIAL_DIGIT,
	APK_TOK_DIGIT,
	APK_TOK_LETTER,
	APK_TOK_SUFFIX,
	APK_TOK_SUFFIX_NO,
	APK_TOK_COMMIT_HASH,
	APK_TOK_REVISION_NO,
	APK_TOK_END,
	APK_TOK_INVALID,
};

/* Suffix ranks: the pre-release ones sort below NONE, the others above. */
enum apk_suffix {
	APK_SUF_INVALID,
	APK_SUF_ALPHA,
	APK_SUF_BETA,
	APK_SUF_PRE,
	APK_SUF_RC,
	APK_SUF_NONE,
	APK_SUF_CVS,
	APK_SUF_SVN,
	APK_SUF_GIT,
	APK_SUF_HG,
	APK_SUF_P,
};

static const char *const apk_suffix_names[] = {
	[APK_SUF_ALPHA] = "alpha", [APK_SUF_BETA] = "beta", [APK_SUF_PRE] = "pre",
	[APK_SUF_RC] = "rc",	   [APK_SUF_CVS] = "cvs",   [APK_SUF_SVN] = "svn",
	[APK_SUF_GIT] = "git",	   [APK_SUF_HG] = "hg",	    [APK_SUF_P] = "p",
};

struct apk_token {
	enum apk_tok kind;
	enum apk_suffix suffix;
	const char *val; /* the token's text (digits, letter, suffix word, hash) */
	size_t len;
};

static enum apk_suffix apk_suffix_of(const char *s, size_t n)
{
	for (unsigned i = 0; i < sizeof(apk_suffix_names) / sizeof(apk_suffix_names[0]); i++)
		if (apk_suffix_names[i] && strlen(apk_suffix_names[i]) == n &&
		    memcmp(apk_suffix_names[i], s, n) == 0)
			return (enum apk_suffix)i;
	return APK_SUF_INVALID;
}

static void apk_digits(struct apk_token *t, const char **p)
{
	t->val = *p;
	t->len = strspn(*p, "0123456789");
	*p += t->len;
	if (t->len == 0)
		t->kind = APK_TOK_INVALID;
}

static void apk_first(struct apk_token *t, const char **p)
{
	t->kind = APK_TOK_INITIAL_DIGIT;
	apk_digits(t, p);
}

/* Reads the next token after t (whose kind says what may follow). */
static void apk_next(struct apk_token *t, const char **p)
{
	const char *s = *p;

	if (*s == '\0') {
		t->kind = APK_TOK_END;
		return;
	}
	if (*s >= 'a' && *s <= 'z') {
		if (t->kind > APK_TOK_DIGIT)
			goto invalid;
		t->val = s;
		t->len = 1;
		t->kind = APK_TOK_LETTER;
		*p = s + 1;
		return;
	}
	if (*s == '.' || (*s >= '0' && *s <= '9')) {
		if (*s == '.') {
			if (t->kind > APK_TOK_DIGIT)
				goto invalid;
			s++;
		}
		if (t->kind == APK_TOK_INITIAL_DIGIT || t->kind == APK_TOK_DIGIT)
			t->kind = APK_TOK_DIGIT;
		else if (t->kind == APK_TOK_SUFFIX)
			t->kind = APK_TOK_SUFFIX_NO;
		else
			goto invalid;
		*p = s;
		apk_digits(t, p);
		return;
	}
	if (*s == '_') {
		if (t->kind > APK_TOK_SUFFIX_NO)
			goto invalid;
		s++;
		t->val = s;
		while (*s >= 'a' && *s <= 'z')
			s++;
		t->len = (size_t)(s - t->val);
		t->suffix = apk_suffix_of(t->val, t->len);
		if (t->suffix == APK_SUF_INVALID)
			goto invalid;
		t->kind = APK_TOK_SUFFIX;
		*p = s;
		return;
	}
	if (*s == '~') {
		if (t->kind >= APK_TOK_COMMIT_HASH)
			goto invalid;
		s++;
		t->val = s;
		t->len = strspn(s, "0123456789abcdefABCDEF");
		if (t->len == 0)
			goto invalid;
		t->kind = APK_TOK_COMMIT_HASH;
		*p = s + t->len;
		return;
	}
	if (*s == '-') {
		if (t->kind >= APK_TOK_REVISION_NO || s[1] != 'r')
			goto invalid;
		t->kind = APK_TOK_REVISION_NO;
		*p = s + 2;
		apk_digits(t, p);
		return;
	}
invalid:
	t->kind = APK_TOK_INVALID;
}

/* apk's blob sort: bytes, then the shorter first. */
static int apk_bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return r < 0 ? -1 : 1;
	return alen == blen ? 0 : alen < blen ? -1 : 1;
}

static int apk_token_cmp(const struct apk_token *a, const struct apk_token *b)
{
	switch (a->kind) {
	case APK_TOK_DIGIT:
		if (a->val[0] == '0' || b->val[0] == '0')
			return apk_bytes_cmp(a->val, a->len, b->val, b->len);
		/* fall through */
	case APK_TOK_INITIAL_DIGIT:
	case APK_TOK_SUFFIX_NO:
	case APK_TOK_REVISION_NO:
		return vuln_digits_cmp(a->val, a->len, b->val, b->len);
	case APK_TOK_LETTER:
		return a->val[0] == b->val[0] ? 0 : a->val[0] < b->val[0] ? -1 : 1;
	case APK_TOK_SUFFIX:
		return a->suffix == b->suffix ? 0 : a->suffix < b->suffix ? -1 : 1;
	case APK_TOK_COMMIT_HASH:
	case APK_TOK_END:
	case APK_TOK_INVALID:
		break;
	}
	return apk_bytes_cmp(a->val, a->len, b->val, b->len);
}

int vuln_apk_cmp(const char *a, const char *b)
{
	struct apk_token ta = {0}, tb = {0};
	const char *pa = a, *pb = b;

	for (apk_first(&ta, &pa), apk_first(&tb, &pb); ta.kind == tb.kind && ta.kind < APK_TOK_END;
	     apk_next(&ta, &pa), apk_next(&tb, &pb)) {
		int r = apk_token_cmp(&ta, &tb);
		if (r)
			return r;
	}
	if (ta.kind == tb.kind)
		return 0;
	/* equal so far: the longer one is greater unless it goes on with a pre-release suffix */
	if (ta.kind == APK_TOK_SUFFIX && ta.suffix < APK_SUF_NONE)
		return -1;
	if (tb.kind == APK_TOK_SUFFIX && tb.suffix < APK_SUF_NONE)
		return 1;
	return ta.kind > tb.kind ? -1 : 1;
}

bool vuln_apk_valid(const char *v)
{
	struct apk_token t = {0};
	const char *p = v;

	for (apk_first(&t, &p); t.kind < APK_TOK_END; apk_next(&t, &p))
		;
	return t.kind == APK_TOK_END;
}
