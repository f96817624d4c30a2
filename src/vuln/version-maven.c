/* SPDX-License-Identifier: Apache-2.0 */
/* Maven version order (maven-artifact's ComparableVersion): the version is split at '.', '-'
 * and digit/letter transitions into a tree of items (numbers, qualifiers, sub-lists started by
 * '-' or a transition), trailing "null" items are dropped, and trees compare item by item with
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < others. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/version.h"
#include "util/banned.h"

enum mvn_kind {
	MVN_INT,  /* a number (digits without leading zeros; "" = 0) */
	MVN_STR,  /* a qualifier, lower-cased, aliases resolved */
	MVN_LIST, /* a sub-list */
};

/* Items live in one flat array; a list's children are linked through `next`. */
struct mvn_item {
	enum mvn_kind kind;
	const char *s; /* MVN_INT digits / MVN_STR text (points into the lower-cased copy) */
	size_t len;
	int first; /* MVN_LIST: index of the first child, -1 when empty */
	int last;  /* MVN_LIST: index of the last child */
	int next;  /* next sibling, -1 at the end */
	int prev;  /* previous sibling, -1 at the start */
};

#define MVN_MAX_ITEMS 512

struct mvn_tree {
	struct mvn_item items[MVN_MAX_ITEMS];
	int n;
	char *text; /* lower-cased copy of the version */
};

static const char *const mvn_qualifiers[] = {"alpha",	 "beta", "milestone", "rc",
					     "snapshot", "",	 "sp"};
#define MVN_RELEASE_INDEX 5

static int mvn_new(struct mvn_tree *t, enum mvn_kind kind, const char *s, size_t len)
{
	if (t->n >= MVN_MAX_ITEMS)
		return -1;
	t->items[t->n] = (struct mvn_item){
		.kind = kind, .s = s, .len = len, .first = -1, .last = -1, .next = -1, .prev = -1};
	return t->n++;
}

static void mvn_append(struct mvn_tree *t, int list, int item)
{
	struct mvn_item *l = &t->items[list];

	if (item < 0)
		return;
	t->items[item].prev = l->last;
	if (l->last >= 0)
		t->items[l->last].next = item;
	else
		l->first = item;
	l->last = item;
}

static void mvn_remove(struct mvn_tree *t, int list, int item)
{
	struct mvn_item *l = &t->items[list], *it = &t->items[item];

	if (it->prev >= 0)
		t->items[it->prev].next = it->next;
	else
		l->first = it->next;
	if (it->next >= 0)
		t->items[it->next].prev = it->prev;
	else
		l->last = it->prev;
}

/* A number or qualifier token; followed_by_digit turns a/b/m into alpha/beta/milestone. */
static int mvn_token(struct mvn_tree *t, bool digit, const char *s, size_t len,
		     bool followed_by_digit)
{
	if (digit) {
		while (len && *s == '0') {
			s++;
			len--;
		}
		return mvn_new(t, MVN_INT, s, len);
	}
	if (followed_by_digit && len == 1) {
		if (*s == 'a')
			return mvn_new(t, MVN_STR, "alpha", 5);
		if (*s == 'b')
			return mvn_new(t, MVN_STR, "beta", 4);
		if (*s == 'm')
			return mvn_new(t, MVN_STR, "milestone", 9);
	}
	if ((len == 2 && memcmp(s, "ga", 2) == 0) || (len == 5 && memcmp(s, "final", 5) == 0) ||
	    (len == 7 && memcmp(s, "release", 7) == 0))
		return mvn_new(t, MVN_STR, "", 0);
	if (len == 2 && memcmp(s, "cr", 2) == 0)
		return mvn_new(t, MVN_STR, "rc", 2);
	return mvn_new(t, MVN_STR, s, len);
}

static bool mvn_is_null(const struct mvn_tree *t, int i)
{
	const struct mvn_item *it = &t->items[i];

	switch (it->kind) {
	case MVN_INT:
	case MVN_STR:
		return it->len == 0;
	case MVN_LIST:
		return it->first < 0;
	}
	return false;
}

/* Drops trailing null items (0, "", empty lists) before the last non-list item. */
static void mvn_normalize(struct mvn_tree *t, int list)
{
	for (int i = t->items[list].last; i >= 0;) {
		int prev = t->items[i].prev;
		if (mvn_is_null(t, i))
			mvn_remove(t, list, i);
		else if (t->items[i].kind != MVN_LIST)
			break;
		i = prev;
	}
}

/* Appends a new sub-list to `list` and returns it (pushed on the stack); -1 when full. */
static int mvn_descend(struct mvn_tree *t, int list, int *stack, int *depth)
{
	int sub = mvn_new(t, MVN_LIST, NULL, 0);

	if (sub < 0)
		return -1;
	mvn_append(t, list, sub);
	stack[(*depth)++] = sub;
	return sub;
}

/* Builds the tree; -ENOMEM, or -E2BIG past MVN_MAX_ITEMS. */
static int mvn_parse(const char *v, struct mvn_tree *t)
{
	int stack[MVN_MAX_ITEMS], depth = 0, list, item;
	size_t len = strlen(v), start = 0;
	bool digit = false;
	char *s;

	t->n = 0;
	t->text = s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i <= len; i++)
		s[i] = (char)tolower((unsigned char)v[i]);
	list = mvn_new(t, MVN_LIST, NULL, 0);
	stack[depth++] = list;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.' || c == '-') {
			if (i == start)
				item = mvn_new(t, MVN_INT, "", 0);
			else
				item = mvn_token(t, digit, s + start, i - start, false);
			if (item < 0)
				return -E2BIG;
			mvn_append(t, list, item);
			start = i + 1;
			if (c == '-') {
				int sub = mvn_new(t, MVN_LIST, NULL, 0);
				if (sub < 0)
					return -E2BIG;
				mvn_append(t, list, sub);
				list = stack[depth++] = sub;
			}
		} else if (isdigit((unsigned char)c)) {
			if (!digit && i > start) {
				/* ".X1" is read as "-X1" (MNG-5568): a qualifier followed by a
				 * number opens a sub-list unless the list is still empty */
				if (t->items[list].first >= 0 &&
				    (list = mvn_descend(t, list, stack, &depth)) < 0)
					return -E2BIG;
				item = mvn_token(t, false, s + start, i - start, true);
				int sub = mvn_new(t, MVN_LIST, NULL, 0);
				if (item < 0 || sub < 0)
					return -E2BIG;
				mvn_append(t, list, item);
				start = i;
				mvn_append(t, list, sub);
				list = stack[depth++] = sub;
			}
			digit = true;
		} else {
			if (digit && i > start) {
				item = mvn_token(t, true, s + start, i - start, false);
				int sub = mvn_new(t, MVN_LIST, NULL, 0);
				if (item < 0 || sub < 0)
					return -E2BIG;
				mvn_append(t, list, item);
				start = i;
				mvn_append(t, list, sub);
				list = stack[depth++] = sub;
			}
			digit = false;
		}
	}
	if (len > start) {
		/* a trailing ".X" is read as "-X" too */
		if (!digit && t->items[list].first >= 0 &&
		    (list = mvn_descend(t, list, stack, &depth)) < 0)
			return -E2BIG;
		item = mvn_token(t, digit, s + start, len - start, false);
		if (item < 0)
			return -E2BIG;
		mvn_append(t, list, item);
	}
	while (depth > 0)
		mvn_normalize(t, stack[--depth]);
	return 0;
}

/* The rank of a qualifier: its index, or (unknown) after all of them, by text. */
static int mvn_qualifier_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int ia = -1, ib = -1;

	for (int i = 0; i < (int)(sizeof(mvn_qualifiers) / sizeof(mvn_qualifiers[0])); i++) {
		size_t l = strlen(mvn_qualifiers[i]);
		if (l == alen && memcmp(mvn_qualifiers[i], a, l) == 0)
			ia = i;
		if (l == blen && memcmp(mvn_qualifiers[i], b, l) == 0)
			ib = i;
	}
	/* Maven compares "<index>" with "7-<text>" as strings: known < unknown, unknown by
	 * text. */
	if (ia >= 0 && ib >= 0)
		return ia == ib ? 0 : ia < ib ? -1 : 1;
	if (ia >= 0 || ib >= 0)
		return ia >= 0 ? -1 : 1;
	int r = memcmp(a, b, alen < blen ? alen : blen);
	if (r == 0 && alen != blen)
		return alen < blen ? -1 : 1;
	return r < 0 ? -1 : r > 0;
}

static int mvn_cmp(const struct mvn_tree *ta, int a, const struct mvn_tree *tb, int b);

/* Compares item a (never absent) with b, where b < 0 means "absent" (Maven's null). */
static int mvn_cmp_item(const struct mvn_tree *ta, int a, const struct mvn_tree *tb, int b)
{
	const struct mvn_item *x = &ta->items[a];
	const struct mvn_item *y = b >= 0 ? &tb->items[b] : NULL;

	switch (x->kind) {
	case MVN_INT:
		if (!y)
			return x->len == 0 ? 0 : 1;
		if (y->kind == MVN_INT)
			return vuln_digits_cmp(x->s, x->len, y->s, y->len);
		return 1; /* a number beats a qualifier and a list */
	case MVN_STR:
		if (!y)
			return mvn_qualifier_cmp(x->s, x->len, "", 0);
		if (y->kind == MVN_STR)
			return mvn_qualifier_cmp(x->s, x->len, y->s, y->len);
		return -1;
	case MVN_LIST:
		if (!y) {
			/* every item against nothing, not only the first (MNG-6964) */
			for (int i = x->first; i >= 0; i = ta->items[i].next) {
				int c = mvn_cmp_item(ta, i, tb, -1);
				if (c)
					return c;
			}
			return 0;
		}
		if (y->kind == MVN_INT)
			return -1;
		if (y->kind == MVN_STR)
			return 1;
		return mvn_cmp(ta, a, tb, b);
	}
	return 0;
}

/* Compares two lists child by child. */
static int mvn_cmp(const struct mvn_tree *ta, int a, const struct mvn_tree *tb, int b)
{
	int l = ta->items[a].first, r = tb->items[b].first;

	while (l >= 0 || r >= 0) {
		int c;
		if (l < 0)
			c = -mvn_cmp_item(tb, r, ta, -1);
		else
			c = mvn_cmp_item(ta, l, tb, r);
		if (c)
			return c;
		if (l >= 0)
			l = ta->items[l].next;
		if (r >= 0)
			r = tb->items[r].next;
	}
	return 0;
}

int vuln_maven_cmp(const char *a, const char *b)
{
	struct mvn_tree *ta = malloc(sizeof(*ta)), *tb = malloc(sizeof(*tb));
	int r;

	if (!ta || !tb) {
		free(ta);
		free(tb);
		return vuln_generic_cmp(a, b);
	}
	ta->text = tb->text = NULL;
	if (mvn_parse(a, ta) < 0 || mvn_parse(b, tb) < 0)
		r = vuln_generic_cmp(a, b);
	else
		r = mvn_cmp(ta, 0, tb, 0);
	free(ta->text);
	free(tb->text);
	free(ta);
	free(tb);
	return r;
}
