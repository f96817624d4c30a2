/* SPDX-License-Identifier: Apache-2.0 */
/* Builds a ydoc tree from libyaml's event stream with an explicit stack (no recursion), an
 * anchor table per document, and merge keys resolved when their mapping closes. Aliases share
 * the anchored node; every alias adds the anchored subtree's weight to a budget, so expansion
 * bombs fail early while the tree itself stays small. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "core/limits.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/ydoc.h"
#include "util/banned.h"

#define ANCHOR_BUCKETS 256u
/* Maps up to this size find duplicate keys pairwise; larger ones sort. */
#define DEDUP_PAIRWISE_MAX 16u

static const char merge_tag[] = "tag:yaml.org,2002:merge";
static const char bool_tag[] = "tag:yaml.org,2002:bool";
static const char null_tag[] = "tag:yaml.org,2002:null";

struct anchor {
	struct anchor *next;
	const char *name;
	struct ydoc_node *node;
};

struct frame {
	struct ydoc_node *node;
	struct ydoc_node **kids; /* malloc'd: items, or keys and values alternately */
	size_t n, cap;
};

struct builder {
	struct ydoc_file *f;
	struct bw_error *err;
	struct frame *stack; /* malloc'd */
	size_t depth, cap;
	struct anchor *anchors[ANCHOR_BUCKETS];
	struct ydoc_doc *docs; /* malloc'd until the end */
	size_t n_docs, docs_cap;
	struct ydoc_node *root;
	int doc_line;
};

static int fail(struct builder *b, int code, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(struct builder *b, int code, int line, int col, const char *fmt, ...)
{
	char msg[sizeof(b->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bw_errorf(b->err, code, b->f->path, line, col, "%s", msg);
}

static int clamp_int(size_t v)
{
	return v >= (size_t)INT_MAX ? INT_MAX : (int)v;
}

static size_t sat_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

/* A key for messages: printable, at most 60 bytes. */
static void show_key(const struct ydoc_node *k, char *out, size_t outlen)
{
	size_t n = 0;

	if (k->kind != YDOC_SCALAR) {
		(void)snprintf(out, outlen, "<%s>", ydoc_kind_name(k->kind));
		return;
	}
	for (size_t i = 0; i < k->len && n + 4 < outlen && i < 60; i++) {
		unsigned char c = (unsigned char)k->str[i];
		out[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (k->len > 60 && n + 4 < outlen) {
		out[n++] = '.';
		out[n++] = '.';
		out[n++] = '.';
	}
	out[n] = '\0';
}

static unsigned anchor_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % ANCHOR_BUCKETS;
}

static int anchor_set(struct builder *b, const char *name, struct ydoc_node *node)
{
	struct anchor *a = bw_arena_alloc(&b->f->arena, sizeof(*a));

	if (!a)
		return -ENOMEM;
	a->name = name;
	a->node = node;
	unsigned h = anchor_hash(name);
	a->next = b->anchors[h]; /* newest first: a redefined anchor wins from here on */
	b->anchors[h] = a;
	return 0;
}

static struct ydoc_node *anchor_get(struct builder *b, const char *name)
{
	for (struct anchor *a = b->anchors[anchor_hash(name)]; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->node;
	return NULL;
}

static int count_nodes(struct builder *b, size_t n, int line, int col)
{
	b->f->n_nodes = sat_add(b->f->n_nodes, n);
	if (b->f->n_nodes > BW_MAX_YAML_NODES)
		return fail(b, -E2BIG, line, col,
			    "document expands to more than %u nodes through aliases or size "
			    "(an alias bomb?)",
			    BW_MAX_YAML_NODES);
	return 0;
}

static struct ydoc_node *node_new(struct builder *b, enum ydoc_kind kind, const yaml_mark_t *start,
				  const yaml_char_t *tag, const yaml_char_t *anchor)
{
	struct ydoc_node *n = bw_arena_alloc(&b->f->arena, sizeof(*n));

	if (!n)
		return NULL;
	n->kind = kind;
	n->line = clamp_int(start->line + 1);
	n->col = clamp_int(start->column + 1);
	n->end_line = n->line;
	n->weight = 1;
	if (tag) {
		n->tag = bw_arena_strdup(&b->f->arena, (const char *)tag);
		if (!n->tag)
			return NULL;
	}
	if (anchor) {
		n->anchor = bw_arena_strdup(&b->f->arena, (const char *)anchor);
		if (!n->anchor)
			return NULL;
	}
	return n;
}

/* Adds a finished node (new or aliased) to the open collection, or makes it the root. */
static int add_child(struct builder *b, struct ydoc_node *n, int line, int col)
{
	if (b->depth + n->height > BW_MAX_YAML_DEPTH)
		return fail(b, -E2BIG, line, col, "nesting deeper than %u levels",
			    BW_MAX_YAML_DEPTH);
	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	struct frame *fr = &b->stack[b->depth - 1];
	if (fr->n == fr->cap) {
		size_t cap = fr->cap ? fr->cap * 2 : 8;
		struct ydoc_node **k = reallocarray(fr->kids, cap, sizeof(*k));
		if (!k)
			return -ENOMEM;
		fr->kids = k;
		fr->cap = cap;
	}
	fr->kids[fr->n++] = n;
	return 0;
}

static int push(struct builder *b, struct ydoc_node *n)
{
	if (b->depth + 1 > BW_MAX_YAML_DEPTH)
		return fail(b, -E2BIG, n->line, n->col, "nesting deeper than %u levels",
			    BW_MAX_YAML_DEPTH);
	if (b->depth == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct frame *s = reallocarray(b->stack, cap, sizeof(*s));
		if (!s)
			return -ENOMEM;
		b->stack = s;
		b->cap = cap;
	}
	b->stack[b->depth++] = (struct frame){.node = n};
	n->open = true;
	return 0;
}

static void account(struct ydoc_node *parent, const struct ydoc_node *kid)
{
	parent->weight = sat_add(parent->weight, kid->weight);
	if (kid->height + 1 > parent->height)
		parent->height = kid->height + 1;
	if (kid->end_line > parent->end_line)
		parent->end_line = kid->end_line;
}

static bool is_merge_key(const struct ydoc_node *k)
{
	if (k->kind != YDOC_SCALAR || k->len != 2 || memcmp(k->str, "<<", 2) != 0)
		return false;
	if (k->tag)
		return strcmp(k->tag, merge_tag) == 0;
	return k->style == YDOC_STYLE_PLAIN;
}

static bool keys_equal(const struct ydoc_node *a, const struct ydoc_node *b)
{
	return a->kind == YDOC_SCALAR && b->kind == YDOC_SCALAR && a->len == b->len &&
	       memcmp(a->str, b->str, a->len) == 0;
}

struct keyref {
	const struct ydoc_node *key;
	size_t idx;
};

static int keyref_cmp(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
	int c = memcmp(a->key->str, b->key->str, n);

	if (c)
		return c;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int report_dup(struct builder *b, const struct ydoc_pair *first, const struct ydoc_pair *dup)
{
	char k[80];

	show_key(dup->key, k, sizeof(k));
	return fail(b, -EINVAL, dup->key->line, dup->key->col,
		    "duplicate key '%s' (first at line %d)", k, first->key->line);
}

/* Marks drop[i] for every pair whose key appeared earlier; explicit pairs (the first
 * n_explicit) may not repeat each other. */
static int dedup(struct builder *b, const struct ydoc_pair *all, size_t n, size_t n_explicit,
		 bool *drop)
{
	if (n <= DEDUP_PAIRWISE_MAX) {
		for (size_t i = 1; i < n; i++)
			for (size_t j = 0; j < i && !drop[i]; j++) {
				if (drop[j] || !keys_equal(all[i].key, all[j].key))
					continue;
				if (i < n_explicit)
					return report_dup(b, &all[j], &all[i]);
				drop[i] = true;
			}
		return 0;
	}
	BW_CLEANUP(bw_freep) struct keyref *refs = calloc(n, sizeof(*refs));
	size_t m = 0;

	if (!refs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (all[i].key->kind == YDOC_SCALAR)
			refs[m++] = (struct keyref){.key = all[i].key, .idx = i};
	qsort(refs, m, sizeof(*refs), keyref_cmp);
	for (size_t i = 1; i < m; i++) {
		if (!keys_equal(refs[i].key, refs[i - 1].key))
			continue;
		/* refs[i-1] is the earliest of the run so far (sorted by index within a run). */
		size_t first = refs[i - 1].idx;
		size_t j = i;
		while (j < m && keys_equal(refs[j].key, refs[i - 1].key)) {
			if (refs[j].idx < n_explicit)
				return report_dup(b, &all[first], &all[refs[j].idx]);
			drop[refs[j].idx] = true;
			j++;
		}
		i = j - 1;
	}
	return 0;
}

/* Merge sources named by the value of a `<<` key, appended to *srcs. */
static int merge_sources(struct builder *b, const struct ydoc_node *v, struct ydoc_node ***srcs,
			 size_t *n, size_t *cap)
{
	struct ydoc_node *const *list = (struct ydoc_node *const *)&v;
	size_t len = 1;

	if (v->kind == YDOC_SEQ) {
		list = v->items;
		len = v->n_items;
	}
	for (size_t i = 0; i < len; i++) {
		if (list[i]->kind != YDOC_MAP)
			return fail(
				b, -EINVAL, list[i]->line, list[i]->col,
				"merge key '<<' needs a mapping or a list of mappings, not a %s",
				ydoc_kind_name(list[i]->kind));
		if (*n == *cap) {
			size_t c = *cap ? *cap * 2 : 4;
			struct ydoc_node **s = reallocarray(*srcs, c, sizeof(*s));
			if (!s)
				return -ENOMEM;
			*srcs = s;
			*cap = c;
		}
		(*srcs)[(*n)++] = list[i];
	}
	return 0;
}

static int finish_map(struct builder *b, struct frame *fr)
{
	struct ydoc_node *map = fr->node;
	size_t n_kv = fr->n / 2, n_explicit = 0, n_all;
	BW_CLEANUP(bw_freep) struct ydoc_node **srcs = NULL;
	size_t n_srcs = 0, srcs_cap = 0;
	int ret;

	for (size_t i = 0; i < n_kv; i++) {
		if (is_merge_key(fr->kids[2 * i])) {
			ret = merge_sources(b, fr->kids[2 * i + 1], &srcs, &n_srcs, &srcs_cap);
			if (ret < 0)
				return ret;
		} else {
			n_explicit++;
		}
	}
	n_all = n_explicit;
	for (size_t s = 0; s < n_srcs; s++) {
		n_all = sat_add(n_all, srcs[s]->n_pairs);
		ret = count_nodes(b, srcs[s]->n_pairs, map->line, map->col);
		if (ret < 0)
			return ret;
	}
	BW_CLEANUP(bw_freep) struct ydoc_pair *all = calloc(n_all ? n_all : 1, sizeof(*all));
	BW_CLEANUP(bw_freep) bool *drop = calloc(n_all ? n_all : 1, sizeof(*drop));
	if (!all || !drop)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n_kv; i++)
		if (!is_merge_key(fr->kids[2 * i]))
			all[k++] = (struct ydoc_pair){fr->kids[2 * i], fr->kids[2 * i + 1]};
	for (size_t s = 0; s < n_srcs; s++)
		for (size_t i = 0; i < srcs[s]->n_pairs; i++)
			all[k++] = srcs[s]->pairs[i];
	ret = dedup(b, all, n_all, n_explicit, drop);
	if (ret < 0)
		return ret;
	size_t n_keep = 0;
	for (size_t i = 0; i < n_all; i++)
		n_keep += !drop[i];
	map->pairs = bw_arena_calloc(&b->f->arena, n_keep ? n_keep : 1, sizeof(*map->pairs));
	if (!map->pairs)
		return -ENOMEM;
	for (size_t i = 0; i < n_all; i++) {
		if (drop[i])
			continue;
		map->pairs[map->n_pairs++] = all[i];
		account(map, all[i].key);
		account(map, all[i].value);
	}
	/* The `<<` values were written here: the map spans them even when all keys were shadowed.
	 */
	for (size_t i = 0; i < fr->n; i++)
		if (fr->kids[i]->end_line > map->end_line && fr->kids[i]->line >= map->line)
			map->end_line = fr->kids[i]->end_line;
	return 0;
}

static int finish_seq(struct builder *b, struct frame *fr)
{
	struct ydoc_node *seq = fr->node;

	seq->items = bw_arena_calloc(&b->f->arena, fr->n ? fr->n : 1, sizeof(*seq->items));
	if (!seq->items)
		return -ENOMEM;
	for (size_t i = 0; i < fr->n; i++) {
		seq->items[i] = fr->kids[i];
		account(seq, fr->kids[i]);
	}
	seq->n_items = fr->n;
	return 0;
}

static int pop(struct builder *b)
{
	struct frame fr = b->stack[--b->depth];
	struct ydoc_node *n = fr.node;
	int ret;

	n->height = 1;
	ret = n->kind == YDOC_MAP ? finish_map(b, &fr) : finish_seq(b, &fr);
	free(fr.kids);
	if (ret < 0)
		return ret;
	n->open = false;
	return add_child(b, n, n->line, n->col);
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ydoc_node *n = node_new(b, YDOC_SCALAR, &ev->start_mark, ev->data.scalar.tag,
				       ev->data.scalar.anchor);
	int ret;

	if (!n)
		return -ENOMEM;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		n->style = YDOC_STYLE_SINGLE;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = YDOC_STYLE_DOUBLE;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
		n->style = YDOC_STYLE_LITERAL;
		break;
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = YDOC_STYLE_FOLDED;
		break;
	case YAML_ANY_SCALAR_STYLE:
	case YAML_PLAIN_SCALAR_STYLE:
		n->style = YDOC_STYLE_PLAIN;
		break;
	}
	n->len = ev->data.scalar.length;
	n->str = bw_arena_alloc(&b->f->arena, sat_add(n->len, 1));
	if (!n->str)
		return -ENOMEM;
	if (n->len)
		memcpy(n->str, ev->data.scalar.value, n->len);
	size_t end = ev->end_mark.line;
	if (ev->end_mark.column == 0 && end > ev->start_mark.line)
		end--; /* block scalars end at the start of the next line */
	n->end_line = clamp_int(end + 1);
	ret = count_nodes(b, 1, n->line, n->col);
	if (ret == 0 && n->anchor)
		ret = anchor_set(b, n->anchor, n);
	if (ret == 0)
		ret = add_child(b, n, n->line, n->col);
	return ret;
}

static int on_collection(struct builder *b, const yaml_event_t *ev, enum ydoc_kind kind)
{
	const yaml_char_t *tag =
		kind == YDOC_MAP ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	const yaml_char_t *anchor =
		kind == YDOC_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	struct ydoc_node *n = node_new(b, kind, &ev->start_mark, tag, anchor);
	int ret;

	if (!n)
		return -ENOMEM;
	ret = count_nodes(b, 1, n->line, n->col);
	if (ret == 0 && n->anchor)
		ret = anchor_set(b, n->anchor, n);
	if (ret == 0)
		ret = push(b, n);
	return ret;
}

static int on_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	int line = clamp_int(ev->start_mark.line + 1), col = clamp_int(ev->start_mark.column + 1);
	struct ydoc_node *n = anchor_get(b, name);
	int ret;

	if (!n)
		return fail(b, -EINVAL, line, col, "unknown alias '*%.100s'", name);
	if (n->open)
		return fail(b, -EINVAL, line, col,
			    "alias '*%.100s' refers to a node that contains it (a cycle)", name);
	ret = count_nodes(b, n->weight, line, col);
	if (ret == 0)
		ret = add_child(b, n, line, col);
	return ret;
}

static int on_document_end(struct builder *b)
{
	struct ydoc_node *root = b->root;

	if (b->n_docs >= BW_MAX_YAML_DOCS)
		return fail(b, -E2BIG, b->doc_line, 1, "more than %u documents", BW_MAX_YAML_DOCS);
	if (!root) {
		yaml_mark_t m = {.line = (size_t)(b->doc_line > 0 ? b->doc_line - 1 : 0)};
		root = node_new(b, YDOC_SCALAR, &m, NULL, NULL);
		if (!root)
			return -ENOMEM;
		root->str = bw_arena_strdup(&b->f->arena, "");
		if (!root->str)
			return -ENOMEM;
	}
	if (b->n_docs == b->docs_cap) {
		size_t cap = b->docs_cap ? b->docs_cap * 2 : 4;
		struct ydoc_doc *d = reallocarray(b->docs, cap, sizeof(*d));
		if (!d)
			return -ENOMEM;
		b->docs = d;
		b->docs_cap = cap;
	}
	b->docs[b->n_docs++] = (struct ydoc_doc){.root = root, .line = b->doc_line};
	b->root = NULL;
	return 0;
}

/* The text of 0-based line `line`, for explaining syntax errors. */
static const char *line_start(const char *text, size_t len, size_t line, size_t *ret_len)
{
	const char *p = text, *end = text + len;

	while (line > 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
		line--;
	}
	if (line > 0)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*ret_len = (size_t)((nl ? nl : end) - p);
	return p;
}

/* Column (1-based) of a tab in the line's indentation, 0 when none. */
static int indent_tab(const char *text, size_t len, size_t line)
{
	size_t n;
	const char *p = line_start(text, len, line, &n);

	for (size_t i = 0; p && i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '-'); i++)
		if (p[i] == '\t')
			return clamp_int(i + 1);
	return 0;
}

static int syntax_error(struct builder *b, const yaml_parser_t *p)
{
	size_t line = p->problem_mark.line, col = p->problem_mark.column;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	int tab;

	if (p->error == YAML_MEMORY_ERROR)
		return -ENOMEM;
	/* libyaml reports a tab in indentation as "found character that cannot start any
	 * token" or a mapping error near it: name the real cause. */
	tab = indent_tab(b->f->text, b->f->text_len, line);
	if (tab == 0 && line > 0)
		tab = indent_tab(b->f->text, b->f->text_len, --line);
	if (tab > 0)
		return fail(b, -EINVAL, clamp_int(line + 1), tab,
			    "tab character used for indentation (YAML allows only spaces)");
	line = p->problem_mark.line;
	if (p->context) {
		const char *hint = "";
		if (strstr(problem, "alphabetic or numeric") && strstr(p->context, "alias"))
			hint = " (a value starting with '*' must be quoted)";
		else if (strstr(problem, "alphabetic or numeric") && strstr(p->context, "anchor"))
			hint = " (a value starting with '&' must be quoted)";
		char where[48] = "";
		if (p->context_mark.line != line)
			(void)snprintf(where, sizeof(where), " started at line %d",
				       clamp_int(p->context_mark.line + 1));
		return fail(b, -EINVAL, clamp_int(line + 1), clamp_int(col + 1), "%s %s%s%s",
			    problem, p->context, where, hint);
	}
	return fail(b, -EINVAL, clamp_int(line + 1), clamp_int(col + 1), "%s", problem);
}

static int build(struct builder *b, yaml_parser_t *p)
{
	for (;;) {
		yaml_event_t ev;
		int ret = 0;
		bool done = false;

		if (!yaml_parser_parse(p, &ev))
			return syntax_error(b, p);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			memset(b->anchors, 0, sizeof(b->anchors)); /* anchors are per document */
			b->root = NULL;
			b->doc_line = clamp_int(ev.start_mark.line + 1);
			break;
		case YAML_DOCUMENT_END_EVENT:
			ret = on_document_end(b);
			break;
		case YAML_SCALAR_EVENT:
			ret = on_scalar(b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			ret = on_collection(b, &ev, YDOC_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			ret = on_collection(b, &ev, YDOC_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			ret = b->depth ? pop(b) : -EINVAL;
			break;
		case YAML_ALIAS_EVENT:
			ret = on_alias(b, &ev);
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
			break;
		}
		yaml_event_delete(&ev);
		if (ret < 0)
			return ret == -ENOMEM ? bw_errorf(b->err, -ENOMEM, b->f->path, 0, 0,
							  "out of memory")
					      : ret;
		if (done)
			return 0;
	}
}

int ydoc_parse_mem(const char *path, const char *data, size_t len, struct ydoc_file **ret_file,
		   struct bw_error *err)
{
	BW_CLEANUP(ydoc_file_freep) struct ydoc_file *f = calloc(1, sizeof(*f));
	struct builder b = {.err = err};
	yaml_parser_t parser;
	int ret;

	if (!f)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	bw_arena_init(&f->arena, BW_MAX_PARSE_ARENA);
	b.f = f;
	f->path = bw_arena_strdup(&f->arena, path ? path : "");
	f->text = bw_arena_alloc(&f->arena, sat_add(len, 1));
	if (!f->path || !f->text)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	if (len)
		memcpy(f->text, data, len);
	f->text_len = len;
	if (!yaml_parser_initialize(&parser))
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)f->text, len);
	ret = build(&b, &parser);
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < b.depth; i++)
		free(b.stack[i].kids);
	free(b.stack);
	if (ret == 0) {
		f->docs = bw_arena_calloc(&f->arena, b.n_docs ? b.n_docs : 1, sizeof(*f->docs));
		if (!f->docs)
			ret = bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
		else if (b.n_docs)
			memcpy(f->docs, b.docs, b.n_docs * sizeof(*f->docs));
		f->n_docs = b.n_docs;
	}
	free(b.docs);
	if (ret < 0)
		return ret;
	*ret_file = BW_TAKE(f);
	return 0;
}

int ydoc_parse_path(const char *path, struct ydoc_file **ret_file, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len = 0;
	int ret = bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len);

	if (ret == -EFBIG)
		return bw_errorf(err, ret, path, 0, 0, "file larger than %u bytes",
				 BW_MAX_CONFIG_FILE);
	if (ret < 0)
		return bw_errorf(err, ret, path, 0, 0, "cannot read: %s", strerror(-ret));
	return ydoc_parse_mem(path, data, len, ret_file, err);
}

struct ydoc_file *ydoc_file_free(struct ydoc_file *f)
{
	if (!f)
		return NULL;
	bw_arena_release(&f->arena);
	free(f);
	return NULL;
}

void ydoc_file_freep(struct ydoc_file **f)
{
	*f = ydoc_file_free(*f);
}

const char *ydoc_kind_name(enum ydoc_kind kind)
{
	switch (kind) {
	case YDOC_SCALAR:
		return "scalar";
	case YDOC_SEQ:
		return "sequence";
	case YDOC_MAP:
		return "mapping";
	case YDOC_KIND_COUNT:
		break;
	}
	return "node";
}

const struct ydoc_pair *ydoc_map_pair(const struct ydoc_node *map, const char *key)
{
	size_t kl = strlen(key);

	if (!map || map->kind != YDOC_MAP)
		return NULL;
	for (size_t i = 0; i < map->n_pairs; i++) {
		const struct ydoc_node *k = map->pairs[i].key;
		if (k->kind == YDOC_SCALAR && k->len == kl && memcmp(k->str, key, kl) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

const struct ydoc_node *ydoc_map_get(const struct ydoc_node *map, const char *key)
{
	const struct ydoc_pair *p = ydoc_map_pair(map, key);

	return p ? p->value : NULL;
}

const char *ydoc_str(const struct ydoc_node *n)
{
	return n && n->kind == YDOC_SCALAR ? n->str : NULL;
}

bool ydoc_is_null(const struct ydoc_node *n)
{
	if (!n || n->kind != YDOC_SCALAR)
		return false;
	if (n->tag)
		return strcmp(n->tag, null_tag) == 0;
	if (n->style != YDOC_STYLE_PLAIN)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	       strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

int ydoc_bool(const struct ydoc_node *n, bool *ret)
{
	static const char *const yes[] = {"true", "yes", "on", NULL};
	static const char *const no[] = {"false", "no", "off", NULL};

	if (!n || n->kind != YDOC_SCALAR)
		return -EINVAL;
	if (n->tag ? strcmp(n->tag, bool_tag) != 0 : n->style != YDOC_STYLE_PLAIN)
		return -EINVAL;
	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(n->str, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(n->str, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	if (strcmp(n->str, "y") == 0 || strcmp(n->str, "Y") == 0) {
		*ret = true;
		return 0;
	}
	if (strcmp(n->str, "n") == 0 || strcmp(n->str, "N") == 0) {
		*ret = false;
		return 0;
	}
	return -EINVAL;
}

int ydoc_int(const struct ydoc_node *n, int64_t *ret)
{
	const char *s = ydoc_str(n);
	bool neg = false;
	uint64_t v;
	int r;

	if (!s || n->style != YDOC_STYLE_PLAIN || n->len != strlen(s))
		return -EINVAL;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	r = bw_parse_u64(s, &v);
	if (r < 0)
		return r;
	if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
		return -ERANGE;
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}
