/* SPDX-License-Identifier: Apache-2.0 */
/* The Dockerfile parser (BuildKit's syntax, see dockerfile.h) and df_expand. It builds the
 * instruction list, stages and variable tables; it does not validate flag names or judge. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "lint/dockerfile.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

static const char *const kind_names[DF_KIND_COUNT] = {
#define DF_KIND_NAME(id, name) [DF_##id] = name,
	DF_KIND_LIST(DF_KIND_NAME)
#undef DF_KIND_NAME
};

/* What BuildKit demands of an instruction's arguments (FROM has checks of its own). */
struct args_need {
	const char *what; /* the demand, for "<KIND> requires <what>"; NULL: none */
	size_t words;	  /* at least this many words; 0: some argument text */
	bool json;	  /* the arguments must be in JSON form */
};

static const struct args_need args_needs[DF_KIND_COUNT] = {
	[DF_ADD] = {"at least two arguments: a source and a destination", 2, false},
	[DF_COPY] = {"at least two arguments: a source and a destination", 2, false},
	[DF_SHELL] = {"the arguments to be in JSON form", 1, true},
	[DF_EXPOSE] = {"at least one argument", 0, false},
	[DF_VOLUME] = {"at least one argument", 0, false},
	[DF_ONBUILD] = {"at least one argument", 0, false},
	[DF_MAINTAINER] = {"exactly one argument", 0, false},
	[DF_STOPSIGNAL] = {"exactly one argument", 0, false},
	[DF_USER] = {"exactly one argument", 0, false},
	[DF_WORKDIR] = {"exactly one argument", 0, false},
};

/* ---- small helpers ---- */

/* BuildKit's reWhitespace: what separates a keyword from its arguments. */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* unicode.IsSpace on ASCII: what trims lines and separates words. */
static bool is_space(char c)
{
	return is_ws(c) || c == '\n';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* A scratch array that grows with realloc; the parse copies it into the arena when done. */
struct vec {
	void *data;
	size_t len; /* elements used */
	size_t cap; /* elements allocated */
};

static void vec_release(struct vec *v)
{
	free(v->data);
	*v = (struct vec){0};
}

/* Appends one element of `size` bytes; 0, -E2BIG past `max` elements, or -ENOMEM. */
static int vec_push(struct vec *v, const void *item, size_t size, size_t max)
{
	if (v->len >= max)
		return -E2BIG;
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16, bytes;
		void *p;

		if (cap > max)
			cap = max;
		if (__builtin_mul_overflow(cap, size, &bytes))
			return -E2BIG;
		p = realloc(v->data, bytes);
		if (!p)
			return -ENOMEM;
		v->data = p;
		v->cap = cap;
	}
	memcpy((char *)v->data + v->len * size, item, size);
	v->len++;
	return 0;
}

/* Copies the used part of v into the arena; *ret is NULL for an empty vector. */
static int vec_to_arena(struct bw_arena *a, const struct vec *v, size_t size, void *ret)
{
	void *p = NULL;

	if (v->len > 0) {
		p = bw_arena_calloc(a, v->len, size);
		if (!p)
			return -ENOMEM;
		memcpy(p, v->data, v->len * size);
	}
	memcpy(ret, &p, sizeof(p));
	return 0;
}

/* `s` (n bytes) made printable for a message: at most 40 bytes, control bytes as '?'. */
static const char *shown(char *buf, size_t bufsz, const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 4 < bufsz && i < 40; i++)
		buf[k++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (n > 40 && k + 4 < bufsz) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

/* ---- variable tables ---- */

/* One variable, or one stage name (key -2). Names and values point into the file's arena. */
struct var {
	const char *name;
	size_t len;
	const char *value; /* NULL: declared without a value (`ARG X`) */
	int key;	   /* stage index; -1: the global ARGs; -2: stage names */
	int num;	   /* stage names: the stage's index */
	bool env;	   /* set by ENV, which wins over ARG */
	bool used;
};

/* Open addressing, linear probing, at most half full. */
struct vartab {
	struct var *slots;
	size_t cap; /* 0 or a power of two */
	size_t n;
};

static size_t var_hash(int key, const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull ^ (uint64_t)(uint32_t)key;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

static struct var *vartab_find(const struct vartab *t, int key, const char *s, size_t n)
{
	size_t m, i;

	if (t->cap == 0)
		return NULL;
	m = t->cap - 1;
	for (i = var_hash(key, s, n) & m;; i = (i + 1) & m) {
		struct var *v = &t->slots[i];

		if (!v->used)
			return NULL;
		if (v->key == key && v->len == n && memcmp(v->name, s, n) == 0)
			return v;
	}
}

static int vartab_grow(struct vartab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 16;
	struct var *slots;

	if (cap < t->cap)
		return -E2BIG;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		const struct var *v = &t->slots[i];
		size_t j;

		if (!v->used)
			continue;
		for (j = var_hash(v->key, v->name, v->len) & (cap - 1); slots[j].used;
		     j = (j + 1) & (cap - 1))
			;
		slots[j] = *v;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

/* The entry for (key, name), added empty when missing. `s` must outlive the table. */
static int vartab_get(struct vartab *t, int key, const char *s, size_t n, struct var **ret)
{
	struct var *v = vartab_find(t, key, s, n);
	size_t i;

	if (!v) {
		if ((t->n + 1) * 2 > t->cap) {
			int r = vartab_grow(t);

			if (r < 0)
				return r;
		}
		for (i = var_hash(key, s, n) & (t->cap - 1); t->slots[i].used;
		     i = (i + 1) & (t->cap - 1))
			;
		v = &t->slots[i];
		*v = (struct var){.name = s, .len = n, .key = key, .used = true};
		t->n++;
	}
	*ret = v;
	return 0;
}

/* Empties the table. A table far bigger than what it held is dropped instead of cleared, so
 * clearing costs at most a few times the inserts it undoes (a big stage, then many FROMs). */
static void vartab_clear(struct vartab *t)
{
	if (t->cap > 64 && t->n < t->cap / 8) {
		free(t->slots);
		*t = (struct vartab){0};
	} else if (t->n) {
		memset(t->slots, 0, t->cap * sizeof(*t->slots));
	}
	t->n = 0;
}

/* What df_expand needs beyond the parse tree. `cur` is a cursor: the variables of one stage
 * just before instruction `cur_next`, moved forward by replaying ARG and ENV. */
struct df_vars {
	struct vartab fin;   /* final ENV values of each stage; key -1: the global ARGs */
	struct vartab cur;   /* ARG and ENV of stage cur_stage before instruction cur_next */
	struct vartab names; /* stage names (key -2) for FROM lookups */
	int cur_stage;	     /* -1: the global ARGs */
	size_t cur_next;     /* first instruction not applied to cur */
	struct vec parents;  /* int: parent stage of each stage, -1 for none */
	size_t expanded;     /* bytes of values expanded while parsing (BW_MAX_DF_EXPANDED) */
	struct bw_buf out;   /* expansion output */
};

static struct df_vars *df_vars_free(struct df_vars *v)
{
	if (!v)
		return NULL;
	free(v->fin.slots);
	free(v->cur.slots);
	free(v->names.slots);
	vec_release(&v->parents);
	bw_buf_release(&v->out);
	free(v);
	return NULL;
}

/* Where a lookup happens: the global ARGs only, or a stage (cur plus inherited ENV). */
struct lookup_at {
	struct df_vars *v;
	bool global;
	int stage;
};

/* ENV of the stage wins, then ENV inherited from parent stages, then ARG of the stage.
 * *ret_set tells unset (NULL) from declared without value. */
static const char *var_lookup(const struct lookup_at *at, const char *name, size_t len)
{
	struct df_vars *v = at->v;
	const struct var *e;

	if (at->global) {
		e = vartab_find(&v->fin, -1, name, len);
		return e ? e->value : NULL;
	}
	e = vartab_find(&v->cur, v->cur_stage, name, len);
	if (e && e->env)
		return e->value;
	if (at->stage >= 0) {
		const int *parents = v->parents.data;
		int s = parents[at->stage];

		for (unsigned hops = 0; s >= 0 && hops < BW_MAX_DF_STAGE_CHAIN; hops++) {
			const struct var *f = vartab_find(&v->fin, s, name, len);

			if (f)
				return f->value;
			s = parents[s];
		}
	}
	return e ? e->value : NULL;
}

/* ---- expansion and quote removal ---- */

struct xp {
	struct bw_buf *out;
	char esc;		      /* the file's escape character */
	bool keep;		      /* keep quotes and escapes as written (df_expand) */
	const struct lookup_at *vars; /* NULL: no variable expansion, quote removal only */
	int err;		      /* first error from the buffer */
};

static void xp_put(struct xp *x, bool emit, const char *s, size_t n)
{
	if (emit && !x->err && n > 0) {
		int r = bw_buf_add(x->out, s, n);

		if (r < 0)
			x->err = r;
	}
}

static void xp_run(struct xp *x, const char *s, size_t n, size_t *ip, bool in_brace, bool emit,
		   unsigned depth);

/* s[*ip] is '$'. Handles $V, ${V} and ${V<op>word} for op in :- - :+ + :? ?; other ${...}
 * forms give the plain value. Unknown variables give "". */
static void xp_dollar(struct xp *x, const char *s, size_t n, size_t *ip, bool emit, unsigned depth)
{
	size_t i = *ip + 1, ns;
	const char *val;

	if (i < n && s[i] == '{' && depth < BW_MAX_DF_EXPAND_DEPTH) {
		char op = 0;
		bool colon = false, cond;
		size_t nl;

		ns = ++i;
		while (i < n && is_name_char(s[i]))
			i++;
		nl = i - ns;
		val = nl ? var_lookup(x->vars, s + ns, nl) : NULL;
		if (i >= n) { /* no closing brace: what there is */
			xp_put(x, emit, val, val ? strlen(val) : 0);
			*ip = i;
			return;
		}
		if (s[i] == '}') {
			xp_put(x, emit, val, val ? strlen(val) : 0);
			*ip = i + 1;
			return;
		}
		if (s[i] == ':' && i + 1 < n &&
		    (s[i + 1] == '-' || s[i + 1] == '+' || s[i + 1] == '?')) {
			colon = true;
			op = s[i + 1];
			i += 2;
		} else if (s[i] == '-' || s[i] == '+' || s[i] == '?') {
			op = s[i++];
		}
		cond = colon ? val && *val : val != NULL;
		if (nl == 0)
			op = 'x'; /* ${:-x}, ${!x}: no name, nothing comes out */
		switch (op) {
		case '-':
			xp_put(x, emit && cond, val, val ? strlen(val) : 0);
			xp_run(x, s, n, &i, true, emit && !cond, depth + 1);
			break;
		case '+':
			xp_run(x, s, n, &i, true, emit && cond, depth + 1);
			break;
		case 'x':
			xp_run(x, s, n, &i, true, false, depth + 1);
			break;
		default: /* ${V:?msg}, ${V#pat}, ${V%pat}, ${V/a/b}: the value, unmodified */
			xp_put(x, emit && val, val, val ? strlen(val) : 0);
			xp_run(x, s, n, &i, true, false, depth + 1);
			break;
		}
		*ip = i;
		return;
	}
	if (i < n && is_name_char(s[i])) {
		ns = i;
		while (i < n && is_name_char(s[i]))
			i++;
		val = var_lookup(x->vars, s + ns, i - ns);
		xp_put(x, emit, val, val ? strlen(val) : 0);
		*ip = i;
		return;
	}
	xp_put(x, emit, "$", 1);
	*ip += 1;
}

/* Shell-like word processing of s[*ip..n) as BuildKit's lexer does it: '...' literal, "..."
 * with escapes only before " $ and the escape character, the escape character elsewhere
 * taking the next byte literally. Stops at the end or, with in_brace, after an unquoted '}'. */
static void xp_run(struct xp *x, const char *s, size_t n, size_t *ip, bool in_brace, bool emit,
		   unsigned depth)
{
	size_t i = *ip;
	char quote = 0;

	while (i < n) {
		char c = s[i];

		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			if (c != '\'' || x->keep)
				xp_put(x, emit, &c, 1);
			i++;
			continue;
		}
		if (c == x->esc) {
			if (i + 1 >= n) { /* an escape at the very end */
				if (x->keep)
					xp_put(x, emit, &c, 1);
				i++;
				continue;
			}
			char d = s[i + 1];
			if (quote == '"' && d != '"' && d != '$' && d != x->esc) {
				xp_put(x, emit, &c, 1); /* kept; the next byte is read as usual */
				i++;
				continue;
			}
			if (x->keep)
				xp_put(x, emit, s + i, 2);
			else
				xp_put(x, emit, &d, 1);
			i += 2;
			continue;
		}
		if (c == '"' || (c == '\'' && !quote)) {
			quote = quote ? 0 : c;
			if (x->keep)
				xp_put(x, emit, &c, 1);
			i++;
			continue;
		}
		if (c == '}' && in_brace && !quote) {
			*ip = i + 1;
			return;
		}
		if (c == '$' && x->vars) {
			xp_dollar(x, s, n, &i, emit, depth);
			continue;
		}
		/* a run of bytes that mean nothing here goes out in one piece */
		size_t run = i + 1;
		while (run < n && s[run] != x->esc && s[run] != '"' && s[run] != '\'' &&
		       s[run] != '$' && s[run] != '}')
			run++;
		xp_put(x, emit, s + i, run - i);
		i = run;
	}
	*ip = i;
}

/* Runs x over s[0..n) into x->out (cleared first) and copies the result into the arena. */
static int xp_dup(struct xp *x, struct bw_arena *a, const char *s, size_t n, const char **ret)
{
	size_t i = 0;
	char *p;

	bw_buf_clear(x->out);
	xp_run(x, s, n, &i, false, true, 0);
	if (x->err)
		return x->err;
	p = bw_arena_strndup(a, bw_buf_str(x->out), x->out->len);
	if (!p)
		return -ENOMEM;
	*ret = p;
	return 0;
}

/* Runs xp over s[0..n) into v->out and copies the result into the arena. */
static int xp_string(struct df_vars *v, struct bw_arena *a, char esc, bool keep,
		     const struct lookup_at *vars, const char *s, size_t n, const char **ret)
{
	struct xp x = {.out = &v->out, .esc = esc, .keep = keep, .vars = vars};

	return xp_dup(&x, a, s, n, ret);
}

/* Applies one ARG or ENV instruction's pairs (value_expanded already set) to cur. */
static int vars_apply(struct df_vars *v, const struct df_instr *in)
{
	if (in->kind != DF_ARG && in->kind != DF_ENV)
		return 0;
	for (size_t k = 0; k < in->n_kvs; k++) {
		const struct df_kv *kv = &in->kvs[k];
		struct var *e;
		bool had = vartab_find(&v->cur, v->cur_stage, kv->key, strlen(kv->key)) != NULL;
		int r = vartab_get(&v->cur, v->cur_stage, kv->key, strlen(kv->key), &e);

		if (r < 0)
			return r;
		if (in->kind == DF_ENV) {
			e->env = true;
			e->value = kv->value_expanded;
		} else if (kv->value_expanded && !e->env) {
			e->value = kv->value_expanded;
		} else if (!had) {
			e->value = NULL;
		}
	}
	return 0;
}

/* Copies what cur holds that later stages can see into fin: a stage's ENV, or all globals. */
static int vars_finish_stage(struct df_vars *v)
{
	for (size_t i = 0; i < v->cur.cap; i++) {
		const struct var *e = &v->cur.slots[i];
		struct var *f;
		int r;

		if (!e->used || (v->cur_stage >= 0 && !e->env))
			continue;
		r = vartab_get(&v->fin, v->cur_stage, e->name, e->len, &f);
		if (r < 0)
			return r;
		f->value = e->value;
		f->env = e->env;
	}
	return 0;
}

const char *df_expand(struct df_file *df, const struct df_instr *at, const char *text)
{
	struct df_vars *v = df ? df->vars : NULL;
	struct lookup_at la = {.v = v, .global = true, .stage = -1};
	const char *ret = NULL;
	int r;

	if (!df || !text)
		return NULL;
	if (!v || !strchr(text, '$'))
		return bw_arena_strdup(&df->arena, text);
	if (at && at->kind != DF_FROM) {
		int stage = at->stage;

		if (stage >= (int)df->n_stages || at->index >= df->n_instrs)
			return bw_arena_strdup(&df->arena, text);
		if (v->cur_stage != stage || v->cur_next > at->index) {
			vartab_clear(&v->cur);
			v->cur_stage = stage;
			v->cur_next = stage >= 0 ? df->stages[stage].instr + 1 : 0;
		}
		while (v->cur_next < at->index) {
			if (vars_apply(v, &df->instrs[v->cur_next]) < 0) {
				v->cur_stage = INT32_MIN; /* half applied: rebuild next time */
				return NULL;
			}
			v->cur_next++;
		}
		la.global = false;
		la.stage = stage;
	}
	r = xp_string(v, &df->arena, df->escape, true, &la, text, strlen(text), &ret);
	if (r == -E2BIG)
		return bw_arena_strdup(&df->arena, text);
	return r < 0 ? NULL : ret;
}

/* ---- the parser ---- */

/* Where a piece of the joined instruction text came from. */
struct seg {
	size_t off; /* offset in the joined text */
	int line;
	int col;
};

/* A word as written: offset and length in the joined text; len SIZE_MAX for "none". */
struct span {
	size_t off;
	size_t len;
	bool plain; /* no quote or escape character in it: quote removal copies it */
};

struct heredoc_spec {
	const char *delim;
	bool strip_tabs;
	bool quoted;
};

struct df_parser {
	struct df_file *df;
	struct bw_error *err;
	const char *path;
	const char *src;
	size_t len;
	size_t pos;		  /* first unread byte of src */
	int lineno;		  /* last line read, 1-based */
	bool directives_done;	  /* a line that is no parser directive was seen */
	unsigned directives_seen; /* 1u << n for escape, syntax, check */
	struct bw_buf logical;	  /* the current instruction, continuations joined */
	struct bw_buf scratch;	  /* quote removal, JSON strings, heredoc bodies */
	struct vec segs;	  /* struct seg for `logical` */
	struct vec spans;	  /* struct span: words of the current instruction */
	struct vec rawvals;	  /* struct span: kv values as written */
	struct vec words;	  /* const char * */
	struct vec flags;	  /* struct df_flag */
	struct vec kvs;		  /* struct df_kv */
	struct vec hdspecs;	  /* struct heredoc_spec */
	struct vec instrs;	  /* struct df_instr */
	struct vec stages;	  /* struct df_stage */
	struct vec comments;	  /* struct df_comment */
};

static void parser_release(struct df_parser *p)
{
	bw_buf_release(&p->logical);
	bw_buf_release(&p->scratch);
	vec_release(&p->segs);
	vec_release(&p->spans);
	vec_release(&p->rawvals);
	vec_release(&p->words);
	vec_release(&p->flags);
	vec_release(&p->kvs);
	vec_release(&p->hdspecs);
	vec_release(&p->instrs);
	vec_release(&p->stages);
	vec_release(&p->comments);
}

static int perr(struct df_parser *p, int code, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int perr(struct df_parser *p, int code, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = bw_verrorf(p->err, code, p->path, line, col, fmt, ap);
	va_end(ap);
	return code;
}

/* An error that is not about the input's syntax: out of memory or past a limit. */
static int perr_code(struct df_parser *p, int code, int line, int col)
{
	if (code == -ENOMEM)
		return perr(p, code, line, col, "out of memory");
	return perr(p, code, line, col, "more than %u words in one instruction", BW_MAX_DF_WORDS);
}

static char *pstrndup(struct df_parser *p, const char *s, size_t n)
{
	return bw_arena_strndup(&p->df->arena, s, n);
}

/* One physical line: without its line end, and without the BOM on line 1. */
struct line {
	const char *s;
	size_t n;
	int no;
};

static bool line_next(struct df_parser *p, struct line *l)
{
	const char *s, *nl;
	size_t rest, n;

	if (p->pos >= p->len)
		return false;
	s = p->src + p->pos;
	rest = p->len - p->pos;
	nl = memchr(s, '\n', rest);
	n = nl ? (size_t)(nl - s) : rest;
	p->pos += nl ? n + 1 : n;
	p->lineno++;
	if (p->lineno == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	*l = (struct line){.s = s, .n = n, .no = p->lineno};
	return true;
}

static void ltrim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
}

/* RE2's \s, as in BuildKit's directive pattern. */
static bool is_re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Matches `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on a left-trimmed line. */
static bool directive_match(const char *s, size_t n, const char **name, size_t *name_len,
			    const char **val, size_t *val_len)
{
	size_t i = 1, ns;

	if (n == 0 || s[0] != '#')
		return false;
	while (i < n && is_re_space(s[i]))
		i++;
	ns = i;
	if (i >= n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		return false;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9')))
		i++;
	*name = s + ns;
	*name_len = i - ns;
	while (i < n && is_re_space(s[i]))
		i++;
	if (i >= n || s[i] != '=')
		return false;
	i++;
	while (i < n && is_re_space(s[i]))
		i++;
	while (n > i && is_re_space(s[n - 1]))
		n--;
	if (i >= n)
		return false;
	*val = s + i;
	*val_len = n - i;
	return true;
}

static const char *const directive_names[] = {"escape", "syntax", "check"};

/* Index of a known directive name, or -1. */
static int directive_index(const char *name, size_t len)
{
	for (size_t k = 0; k < BW_ARRAY_SIZE(directive_names); k++)
		if (strlen(directive_names[k]) == len &&
		    strncasecmp(directive_names[k], name, len) == 0)
			return (int)k;
	return -1;
}

/* Looks at a left-trimmed line while directives may still come. */
static int directive_line(struct df_parser *p, const char *s, size_t n, int line)
{
	const char *name, *val;
	size_t name_len, val_len;
	char *v;
	int k;

	if (!directive_match(s, n, &name, &name_len, &val, &val_len) ||
	    (k = directive_index(name, name_len)) < 0) {
		p->directives_done = true;
		return 0;
	}
	if (p->directives_seen & (1u << k))
		return perr(p, -EINVAL, line, 1, "only one %s parser directive can be used",
			    directive_names[k]);
	p->directives_seen |= 1u << k;
	v = pstrndup(p, val, val_len);
	if (!v)
		return perr_code(p, -ENOMEM, line, 1);
	if (k == 0) {
		char b[64];

		if (val_len != 1 || (val[0] != '\\' && val[0] != '`'))
			return perr(p, -EINVAL, line, 1,
				    "invalid escape token '%s' does not match ` or \\",
				    shown(b, sizeof(b), val, val_len));
		p->df->escape = val[0];
	} else if (k == 1) {
		p->df->syntax = v;
	} else {
		p->df->check = v;
	}
	return 0;
}

static int comment_add(struct df_parser *p, const char *s, size_t n, int line)
{
	struct df_comment c = {.line = line};
	int r;

	s++;
	n--;
	ltrim(&s, &n);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	c.text = pstrndup(p, s, n);
	if (!c.text)
		return perr_code(p, -ENOMEM, line, 1);
	r = vec_push(&p->comments, &c, sizeof(c), SIZE_MAX / sizeof(c));
	return r < 0 ? perr_code(p, r, line, 1) : 0;
}

/* Appends one physical line's text to the joined instruction; *cont is set when it ends in
 * a line continuation (the escape character, unless escaped itself, then blanks). */
static int seg_add(struct df_parser *p, const char *s, size_t n, int line, int col, bool *cont)
{
	struct seg sg = {.off = p->logical.len, .line = line, .col = col};
	char esc = p->df->escape;
	size_t e = n;
	int r;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	*cont = e > 0 && s[e - 1] == esc && (e == 1 || s[e - 2] != esc);
	if (*cont)
		n = e - 1;
	r = vec_push(&p->segs, &sg, sizeof(sg), SIZE_MAX / sizeof(sg));
	if (r == 0)
		r = bw_buf_add(&p->logical, s, n);
	return r < 0 ? perr_code(p, r, line, col) : 0;
}

/* Source line and column of offset `off` of the joined text. */
static void pos_at(const struct df_parser *p, size_t off, int *line, int *col)
{
	const struct seg *sg = p->segs.data;
	size_t lo = 0, hi = p->segs.len;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (sg[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = sg[lo].line;
	*col = sg[lo].col + (int)(off - sg[lo].off);
}

static int perr_at(struct df_parser *p, int code, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int perr_at(struct df_parser *p, int code, size_t off, const char *fmt, ...)
{
	int line, col;
	va_list ap;

	pos_at(p, off, &line, &col);
	va_start(ap, fmt);
	code = bw_verrorf(p->err, code, p->path, line, col, fmt, ap);
	va_end(ap);
	return code;
}

static int perr_code_at(struct df_parser *p, int code, size_t off)
{
	int line, col;

	pos_at(p, off, &line, &col);
	return perr_code(p, code, line, col);
}

/* Bytes split_words must look at: white space, quotes and both possible escapes. */
static const unsigned char word_special[256] = {
	[' '] = 1,  ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
	['\r'] = 1, ['\''] = 2, ['"'] = 2,  ['\\'] = 2, ['`'] = 2,
};

/* Splits L[a..end) into words on unquoted white space, as BuildKit's parseWords: quotes
 * and escapes are kept in the words (spans). */
static int split_words(struct df_parser *p, size_t a, size_t end)
{
	const char *L = p->logical.data;
	char esc = p->df->escape;
	size_t i = a;

	p->spans.len = 0;
	while (i < end) {
		struct span sp = {.plain = true};
		char quote = 0;
		int r;

		while (i < end && is_space(L[i]))
			i++;
		if (i >= end)
			break;
		sp.off = i;
		while (i < end) {
			char c = L[i];

			if (!quote && !word_special[(unsigned char)c]) {
				i++;
				continue;
			}
			if (!quote && word_special[(unsigned char)c] == 2 && c != '\'' &&
			    c != '"' && c != esc) {
				i++; /* the escape character of the other kind: an ordinary byte */
				continue;
			}
			if (!quote && !is_space(c))
				sp.plain = false;
			if (quote) {
				if (c == quote)
					quote = 0;
				else if (c == esc && quote != '\'' && i + 1 < end)
					i++;
				i++;
				continue;
			}
			if (is_space(c))
				break;
			if (c == '\'' || c == '"')
				quote = c;
			else if (c == esc && i + 1 < end)
				i++;
			i++;
		}
		sp.len = i - sp.off;
		if (sp.len == 1 && L[sp.off] == esc && i == end)
			continue; /* a lone escape at the end is dropped */
		r = vec_push(&p->spans, &sp, sizeof(sp), BW_MAX_DF_WORDS);
		if (r < 0)
			return perr_code_at(p, r, sp.off);
	}
	return 0;
}

/* Quote removal of s[0..n) with escape character esc, into the arena. `plain` says the caller
 * knows there is no quote or escape in it. */
static int unquote_plain(struct df_parser *p, const char *s, size_t n, char esc, bool plain,
			 const char **ret)
{
	struct xp x = {.out = &p->scratch, .esc = esc};
	size_t i = 0;
	char *out;

	for (i = 0; !plain && i < n; i++)
		if (s[i] == '\'' || s[i] == '"' || s[i] == esc)
			break;
	if (!plain && i < n)
		return xp_dup(&x, &p->df->arena, s, n, ret);
	out = pstrndup(p, s, n);
	if (!out)
		return -ENOMEM;
	*ret = out;
	return 0;
}

static int unquote(struct df_parser *p, const char *s, size_t n, char esc, const char **ret)
{
	return unquote_plain(p, s, n, esc, false, ret);
}

static int push_word(struct df_parser *p, const char *w, size_t off)
{
	int r = vec_push(&p->words, &w, sizeof(w), BW_MAX_DF_WORDS);

	return r < 0 ? perr_code_at(p, r, off) : 0;
}

/* Words from the spans, quotes removed. */
static int words_from_spans(struct df_parser *p)
{
	const struct span *sp = p->spans.data;

	for (size_t k = 0; k < p->spans.len; k++) {
		const char *w = NULL;
		int r = unquote_plain(p, p->logical.data + sp[k].off, sp[k].len, p->df->escape,
				      sp[k].plain, &w);

		if (r < 0)
			return perr_code_at(p, r, sp[k].off);
		r = push_word(p, w, sp[k].off);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Flags before the arguments, as BuildKit's extractBuilderFlags: words that start with "--",
 * up to the first other word; a lone "--" ends them. Moves *a past them. */
static int flags_parse(struct df_parser *p, size_t *a, size_t end)
{
	const char *L = p->logical.data;
	size_t i = *a;

	p->flags.len = 0;
	for (;;) {
		struct df_flag fl = {0};
		size_t ws, eq = SIZE_MAX;
		char quote = 0;
		int r;

		while (i < end && is_space(L[i]))
			i++;
		if (i + 1 >= end || L[i] != '-' || L[i + 1] != '-')
			break;
		ws = i;
		while (i < end && (quote || !is_space(L[i]))) {
			if (quote) {
				if (L[i] == quote)
					quote = 0;
				else if (L[i] == '\\' && i + 1 < end)
					i++;
			} else if (L[i] == '\'' || L[i] == '"') {
				quote = L[i];
			} else if (L[i] == '\\' && i + 1 < end) {
				i++;
			} else if (L[i] == '=' && eq == SIZE_MAX) {
				eq = i;
			}
			i++;
		}
		if (i - ws == 2)
			break; /* "--": the end of the flags */
		fl.name = pstrndup(p, L + ws + 2, (eq == SIZE_MAX ? i : eq) - ws - 2);
		if (eq != SIZE_MAX)
			fl.value = pstrndup(p, L + eq + 1, i - eq - 1);
		if (!fl.name || (eq != SIZE_MAX && !fl.value))
			return perr_code_at(p, -ENOMEM, ws);
		r = vec_push(&p->flags, &fl, sizeof(fl), BW_MAX_DF_WORDS);
		if (r < 0)
			return perr_code_at(p, r, ws);
	}
	*a = i;
	return 0;
}

/* ---- JSON arrays (exec form) ---- */

static void json_ws(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' || s[*i] == '\r'))
		(*i)++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads \uXXXX at s[i] (after the backslash is the 'u'); -1 when malformed. */
static long json_u4(const char *s, size_t n, size_t i)
{
	long v = 0;

	if (i + 5 > n || s[i] != 'u')
		return -1;
	for (size_t k = 1; k <= 4; k++) {
		int h = hexval(s[i + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Validates a JSON string at s[*i] (a '"'); when out is set, decodes it there. */
static bool json_string(const char *s, size_t n, size_t *i, struct bw_buf *out, int *err)
{
	size_t k = *i + 1;

	while (k < n) {
		unsigned char c = (unsigned char)s[k];

		if (c == '"') {
			*i = k + 1;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			size_t run = k;

			while (run < n && s[run] != '"' && s[run] != '\\' &&
			       (unsigned char)s[run] >= 0x20)
				run++;
			if (out && bw_buf_add(out, s + k, run - k) < 0)
				*err = -E2BIG;
			k = run;
			continue;
		}
		if (k + 1 >= n)
			return false;
		char e = s[k + 1], d = 0;
		switch (e) {
		case '"':
		case '\\':
		case '/':
			d = e;
			break;
		case 'b':
			d = '\b';
			break;
		case 'f':
			d = '\f';
			break;
		case 'n':
			d = '\n';
			break;
		case 'r':
			d = '\r';
			break;
		case 't':
			d = '\t';
			break;
		case 'u':
			break;
		default:
			return false;
		}
		if (e != 'u') {
			if (out && bw_buf_addc(out, d) < 0)
				*err = -E2BIG;
			k += 2;
			continue;
		}
		long cp = json_u4(s, n, k + 1);
		if (cp < 0)
			return false;
		k += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			long lo = k + 1 < n && s[k] == '\\' ? json_u4(s, n, k + 1) : -1;

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				k += 6;
			} else {
				cp = 0xfffd;
			}
		} else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
			cp = 0xfffd; /* lone surrogate; NUL would cut the C string */
		}
		if (out) {
			char u[4];
			size_t m;

			if (cp < 0x80) {
				u[0] = (char)cp;
				m = 1;
			} else if (cp < 0x800) {
				u[0] = (char)(0xc0 | (cp >> 6));
				u[1] = (char)(0x80 | (cp & 0x3f));
				m = 2;
			} else if (cp < 0x10000) {
				u[0] = (char)(0xe0 | (cp >> 12));
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
				u[2] = (char)(0x80 | (cp & 0x3f));
				m = 3;
			} else {
				u[0] = (char)(0xf0 | (cp >> 18));
				u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
				u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
				u[3] = (char)(0x80 | (cp & 0x3f));
				m = 4;
			}
			if (bw_buf_add(out, u, m) < 0)
				*err = -E2BIG;
		}
	}
	return false;
}

static bool json_digits(const char *s, size_t n, size_t *i)
{
	size_t k = *i;

	while (*i < n && s[*i] >= '0' && s[*i] <= '9')
		(*i)++;
	return *i > k;
}

/* Validates one JSON value at s[*i] (white space before it allowed). */
static bool json_value(const char *s, size_t n, size_t *i, unsigned depth)
{
	json_ws(s, n, i);
	if (*i >= n)
		return false;
	switch (s[*i]) {
	case '[':
	case '{': {
		char close = s[*i] == '[' ? ']' : '}';

		if (depth >= BW_MAX_DF_JSON_DEPTH)
			return false;
		(*i)++;
		json_ws(s, n, i);
		if (*i < n && s[*i] == close) {
			(*i)++;
			return true;
		}
		for (;;) {
			if (close == '}') {
				json_ws(s, n, i);
				if (*i >= n || s[*i] != '"' || !json_string(s, n, i, NULL, NULL))
					return false;
				json_ws(s, n, i);
				if (*i >= n || s[*i] != ':')
					return false;
				(*i)++;
			}
			if (!json_value(s, n, i, depth + 1))
				return false;
			json_ws(s, n, i);
			if (*i < n && s[*i] == ',') {
				(*i)++;
				continue;
			}
			if (*i < n && s[*i] == close) {
				(*i)++;
				return true;
			}
			return false;
		}
	}
	case '"':
		return json_string(s, n, i, NULL, NULL);
	case 't':
	case 'f':
	case 'n': {
		static const char *const lits[] = {"true", "false", "null"};

		for (size_t k = 0; k < BW_ARRAY_SIZE(lits); k++) {
			size_t l = strlen(lits[k]);

			if (n - *i >= l && memcmp(s + *i, lits[k], l) == 0) {
				*i += l;
				return true;
			}
		}
		return false;
	}
	default:
		if (s[*i] == '-')
			(*i)++;
		if (*i < n && s[*i] == '0')
			(*i)++;
		else if (!json_digits(s, n, i))
			return false;
		if (*i < n && s[*i] == '.') {
			(*i)++;
			if (!json_digits(s, n, i))
				return false;
		}
		if (*i < n && (s[*i] == 'e' || s[*i] == 'E')) {
			(*i)++;
			if (*i < n && (s[*i] == '+' || s[*i] == '-'))
				(*i)++;
			if (!json_digits(s, n, i))
				return false;
		}
		return true;
	}
}

/* Exec form: L[a..end) as a JSON array of strings. Returns 1 with the items in p->words,
 * 0 when it is no valid JSON (shell form, as BuildKit), or an error for a valid array with
 * items that are not strings. */
static int json_form(struct df_parser *p, size_t a, size_t end)
{
	const char *L = p->logical.data;
	size_t i = a;

	if (a >= end || L[a] != '[')
		return 0;
	if (!json_value(L, end, &i, 0))
		return 0;
	json_ws(L, end, &i);
	if (i != end)
		return 0;
	i = a + 1;
	json_ws(L, end, &i);
	if (L[i] == ']')
		return 1;
	for (;;) {
		int err = 0, r;
		const char *w;

		json_ws(L, end, &i);
		if (L[i] != '"')
			return perr_at(p, -EINVAL, i,
				       "when using JSON array syntax, arrays must be comprised of "
				       "strings only");
		bw_buf_clear(&p->scratch);
		size_t start = i;
		(void)json_string(L, end, &i, &p->scratch, &err);
		if (err)
			return perr_code_at(p, err, start);
		w = pstrndup(p, bw_buf_str(&p->scratch), p->scratch.len);
		if (!w)
			return perr_code_at(p, -ENOMEM, start);
		r = push_word(p, w, start);
		if (r < 0)
			return r;
		json_ws(L, end, &i);
		if (L[i] == ',') {
			i++;
			continue;
		}
		return 1; /* ']': validated above */
	}
}

/* ---- instructions ---- */

static int kind_lookup(const char *s, size_t n)
{
	for (int k = 0; k < DF_KIND_COUNT; k++)
		if (strlen(kind_names[k]) == n && strncasecmp(kind_names[k], s, n) == 0)
			return k;
	return -1;
}

/* split_words for ENV, LABEL and ARG, which need at least one argument. */
static int split_pairs(struct df_parser *p, size_t a, size_t end, const struct df_instr *in)
{
	int r = split_words(p, a, end);

	if (r == 0 && p->spans.len == 0)
		r = perr(p, -EINVAL, in->line, in->col, "%s requires at least one argument",
			 kind_names[in->kind]);
	return r;
}

/* Ends one ENV, LABEL or ARG pair written at offset `at` of instruction `name`: `r` is what
 * reading its key and value returned; keeps the pair and the raw text of its value. */
static int kv_add(struct df_parser *p, int r, struct df_kv *kv, const struct span *raw, size_t at,
		  const char *name)
{
	if (r < 0)
		return perr_code_at(p, r, at);
	if (!kv->key[0])
		return perr_at(p, -EINVAL, at, "%s names can not be blank", name);
	pos_at(p, at, &kv->line, &(int){0});
	r = vec_push(&p->kvs, kv, sizeof(*kv), BW_MAX_DF_WORDS);
	if (r == 0)
		r = vec_push(&p->rawvals, raw, sizeof(*raw), BW_MAX_DF_WORDS);
	return r < 0 ? perr_code_at(p, r, at) : 0;
}

/* ENV and LABEL: `K=V ...` or the legacy `K V V...` (BuildKit's parseNameVal). */
static int kv_name_val(struct df_parser *p, size_t a, size_t end, struct df_instr *in)
{
	const char *L = p->logical.data, *name = kind_names[in->kind];
	const struct span *sp;
	char esc = p->df->escape;
	char b[64];
	int r;

	r = split_pairs(p, a, end, in);
	if (r < 0)
		return r;
	sp = p->spans.data;
	if (!memchr(L + sp[0].off, '=', sp[0].len)) {
		size_t k = a, v;
		struct df_kv kv = {0};
		struct span raw;

		while (k < end && !is_ws(L[k]))
			k++;
		v = k;
		while (v < end && is_ws(L[v]))
			v++;
		if (v >= end)
			return perr_at(p, -EINVAL, a, "%s must have two arguments", name);
		raw = (struct span){.off = v, .len = end - v};
		r = unquote(p, L + a, k - a, esc, &kv.key);
		if (r == 0)
			r = unquote(p, L + v, end - v, esc, &kv.value);
		r = kv_add(p, r, &kv, &raw, a, name);
		return r < 0 ? r : words_from_spans(p);
	}
	for (size_t w = 0; w < p->spans.len; w++) {
		const char *s = L + sp[w].off, *eq = memchr(s, '=', sp[w].len);
		struct df_kv kv = {0};
		struct span raw;

		if (!eq)
			return perr_at(p, -EINVAL, sp[w].off,
				       "syntax error - can't find = in '%s', must be of the form "
				       "name=value",
				       shown(b, sizeof(b), s, sp[w].len));
		raw = (struct span){.off = (size_t)(eq + 1 - L),
				    .len = sp[w].len - (size_t)(eq + 1 - s)};
		r = unquote(p, s, (size_t)(eq - s), esc, &kv.key);
		if (r == 0)
			r = unquote(p, eq + 1, raw.len, esc, &kv.value);
		r = kv_add(p, r, &kv, &raw, sp[w].off, name);
		if (r < 0)
			return r;
	}
	return words_from_spans(p);
}

/* ARG: `NAME` or `NAME=value`, one or more. */
static int kv_arg(struct df_parser *p, size_t a, size_t end, const struct df_instr *in)
{
	const char *L = p->logical.data;
	const struct span *sp;
	int r;

	r = split_pairs(p, a, end, in);
	if (r < 0)
		return r;
	sp = p->spans.data;
	for (size_t w = 0; w < p->spans.len; w++) {
		const char *s = L + sp[w].off, *eq = memchr(s, '=', sp[w].len);
		struct df_kv kv = {0};
		struct span raw = {.len = SIZE_MAX};

		r = unquote(p, s, eq ? (size_t)(eq - s) : sp[w].len, p->df->escape, &kv.key);
		if (r == 0 && eq) {
			raw = (struct span){.off = (size_t)(eq + 1 - L),
					    .len = sp[w].len - (size_t)(eq + 1 - s)};
			r = unquote(p, eq + 1, raw.len, p->df->escape, &kv.value);
		}
		r = kv_add(p, r, &kv, &raw, sp[w].off, "ARG");
		if (r < 0)
			return r;
	}
	return words_from_spans(p);
}

static int healthcheck_parse(struct df_parser *p, size_t a, size_t end, struct df_instr *in)
{
	const char *L = p->logical.data;
	size_t t = a, c;
	const char *type;
	char b[64];
	int r;

	while (t < end && !is_space(L[t]))
		t++;
	if (t == a)
		return perr(p, -EINVAL, in->line, in->col,
			    "HEALTHCHECK requires at least one argument");
	type = pstrndup(p, L + a, t - a);
	if (!type)
		return perr_code_at(p, -ENOMEM, a);
	r = push_word(p, type, a);
	if (r < 0)
		return r;
	c = t;
	while (c < end && is_space(L[c]))
		c++;
	if (strcasecmp(type, "NONE") == 0) {
		if (c < end)
			return perr_at(p, -EINVAL, c, "HEALTHCHECK NONE takes no arguments");
		return 0;
	}
	if (strcasecmp(type, "CMD") != 0)
		return perr_at(p, -EINVAL, a, "unknown type '%s' in HEALTHCHECK (try CMD)",
			       shown(b, sizeof(b), L + a, t - a));
	if (c >= end)
		return perr_at(p, -EINVAL, a, "missing command after HEALTHCHECK CMD");
	r = json_form(p, c, end);
	if (r < 0)
		return r;
	if (r == 1) {
		in->json_form = true;
		if (p->words.len == 1)
			return perr_at(p, -EINVAL, a, "missing command after HEALTHCHECK CMD");
		return 0;
	}
	r = split_words(p, c, end);
	return r < 0 ? r : words_from_spans(p);
}

/* Checks BuildKit applies to FROM: one or three words, a valid stage name. */
static int from_check(struct df_parser *p, size_t off, size_t a)
{
	const char *const *w = p->words.data;
	char b[64];

	if (p->words.len == 3 && strcasecmp(w[1], "as") == 0) {
		const char *n = w[2];
		bool ok = (n[0] >= 'a' && n[0] <= 'z') || (n[0] >= 'A' && n[0] <= 'Z');

		for (const char *c = n + 1; ok && *c; c++)
			ok = is_name_char(*c) || *c == '-' || *c == '.';
		if (!ok)
			return perr_at(p, -EINVAL, ((const struct span *)p->spans.data)[2].off,
				       "invalid name for build stage '%s', name can't start with a "
				       "number or "
				       "contain symbols",
				       shown(b, sizeof(b), n, strlen(n)));
		return 0;
	}
	if (p->words.len != 1)
		return perr_at(p, -EINVAL, p->words.len ? a : off,
			       "FROM requires either one or three arguments");
	return 0;
}

static bool may_have_heredocs(const struct df_instr *in)
{
	return (in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD) && !in->json_form;
}

/* True when "<<" occurs in s[0..n). */
static bool has_double_lt(const char *s, size_t n)
{
	const char *e = s + n;

	for (const char *c = s; c < e && (c = memchr(c, '<', (size_t)(e - c))); c++)
		if (c + 1 < e && c[1] == '<')
			return true;
	return false;
}

/* Finds `<<EOF`-style words in L[a..end) as BuildKit does (its shell lexer with raw quotes,
 * backslash escapes, then `^\d*<<-?[^<]*$`), into p->hdspecs. */
static int heredocs_find(struct df_parser *p, size_t a, size_t end)
{
	const char *L = p->logical.data;
	size_t i = a;

	p->hdspecs.len = 0;
	if (!has_double_lt(L + a, end - a))
		return 0;
	while (i < end) {
		struct heredoc_spec hs = {0};
		size_t ws, k, q_raw = 0, q_name = 0;
		char quote = 0;
		int r;

		while (i < end && is_space(L[i]))
			i++;
		ws = i;
		while (i < end && (quote || !is_space(L[i]))) {
			if (quote) {
				if (L[i] == quote)
					quote = 0;
				else if (L[i] == '\\' && quote == '"' && i + 1 < end)
					i++;
			} else if (L[i] == '\'' || L[i] == '"') {
				quote = L[i];
			} else if (L[i] == '\\' && i + 1 < end) {
				i++;
			}
			i++;
		}
		k = ws;
		while (k < i && L[k] >= '0' && L[k] <= '9')
			k++;
		if (i - k < 3 || L[k] != '<' || L[k + 1] != '<')
			continue;
		k += 2;
		if (L[k] == '-') {
			hs.strip_tabs = true;
			k++;
		}
		if (k >= i || memchr(L + k, '<', i - k))
			continue;
		r = unquote(p, L + k, i - k, '\\', &hs.delim);
		if (r < 0)
			return perr_code_at(p, r, ws);
		if (!hs.delim[0])
			continue;
		for (size_t c = k; c < i; c++)
			q_raw += L[c] == '\'' || L[c] == '"';
		for (const char *c = hs.delim; *c; c++)
			q_name += *c == '\'' || *c == '"';
		hs.quoted = q_name != q_raw;
		r = vec_push(&p->hdspecs, &hs, sizeof(hs), BW_MAX_DF_WORDS);
		if (r < 0)
			return perr_code_at(p, r, ws);
	}
	return 0;
}

/* Reads the bodies of the heredocs in p->hdspecs from the lines that follow. */
static int heredocs_read(struct df_parser *p, struct df_instr *in)
{
	const struct heredoc_spec *hs = p->hdspecs.data;
	struct df_heredoc *hd;
	char b[64];

	if (p->hdspecs.len == 0)
		return 0;
	hd = bw_arena_calloc(&p->df->arena, p->hdspecs.len, sizeof(*hd));
	if (!hd)
		return perr_code(p, -ENOMEM, in->line, in->col);
	for (size_t h = 0; h < p->hdspecs.len; h++) {
		size_t dl = strlen(hs[h].delim);
		bool done = false;
		struct line l;

		hd[h] = (struct df_heredoc){.delim = hs[h].delim,
					    .strip_tabs = hs[h].strip_tabs,
					    .quoted = hs[h].quoted,
					    .line = p->lineno + 1};
		bw_buf_clear(&p->scratch);
		while (!done && line_next(p, &l)) {
			const char *s = l.s;
			size_t n = l.n;
			int r;

			if (hs[h].strip_tabs) {
				while (n > 0 && *s == '\t') {
					s++;
					n--;
				}
			}
			if (n == dl && memcmp(s, hs[h].delim, dl) == 0) {
				done = true;
				break;
			}
			r = bw_buf_add(&p->scratch, s, n);
			if (r == 0)
				r = bw_buf_addc(&p->scratch, '\n');
			if (r < 0)
				return perr_code(p, r, l.no, 1);
		}
		if (!done)
			return perr(p, -EINVAL, in->line, in->col, "unterminated heredoc '%s'",
				    shown(b, sizeof(b), hs[h].delim, dl));
		hd[h].body = pstrndup(p, bw_buf_str(&p->scratch), p->scratch.len);
		if (!hd[h].body)
			return perr_code(p, -ENOMEM, in->line, in->col);
	}
	in->heredocs = hd;
	in->n_heredocs = p->hdspecs.len;
	return 0;
}

static int instr_parse(struct df_parser *p, size_t off, size_t end, struct df_instr *in,
		       bool wrapped);

/* Moves the scratch vectors into the arena-owned arrays of `in`. */
static int instr_take_vectors(struct df_parser *p, struct df_instr *in, size_t off)
{
	struct bw_arena *a = &p->df->arena;
	int r;

	r = vec_to_arena(a, &p->words, sizeof(const char *), &in->words);
	if (r == 0)
		r = vec_to_arena(a, &p->flags, sizeof(struct df_flag), &in->flags);
	if (r == 0)
		r = vec_to_arena(a, &p->kvs, sizeof(struct df_kv), &in->kvs);
	if (r < 0)
		return perr_code_at(p, r, off);
	in->n_words = p->words.len;
	in->n_flags = p->flags.len;
	in->n_kvs = p->kvs.len;
	return 0;
}

/* Parses the instruction in L[off..end) (trimmed here) into `in`. */
static int instr_parse(struct df_parser *p, size_t off, size_t end, struct df_instr *in,
		       bool wrapped)
{
	const char *L = p->logical.data;
	size_t k, a;
	char b[64];
	int kind, r = 0;

	while (off < end && is_space(L[off]))
		off++;
	while (end > off && is_space(L[end - 1]))
		end--;
	for (k = off; k < end && !is_ws(L[k]); k++)
		;
	pos_at(p, off, &in->line, &in->col);
	kind = kind_lookup(L + off, k - off);
	if (kind < 0) {
		bool letters = true;

		for (size_t c = off; c < k; c++)
			letters &= (L[c] >= 'a' && L[c] <= 'z') || (L[c] >= 'A' && L[c] <= 'Z');
		if (p->instrs.len == 0 && !wrapped && !letters)
			return perr_at(
				p, -EINVAL, off,
				"unknown instruction '%s', this does not look like a Dockerfile",
				shown(b, sizeof(b), L + off, k - off));
		return perr_at(p, -EINVAL, off, "unknown instruction '%s'",
			       shown(b, sizeof(b), L + off, k - off));
	}
	in->kind = (enum df_kind)kind;
	in->keyword = pstrndup(p, L + off, k - off);
	if (!in->keyword)
		return perr_code_at(p, -ENOMEM, off);
	/* BuildKit refuses ONBUILD ONBUILD/FROM/MAINTAINER; a linter keeps parsing so that the
	 * rule that reports it (DF-041) can point at it with a fix. */

	a = k;
	r = flags_parse(p, &a, end);
	if (r < 0)
		return r;
	while (a < end && is_space(L[a]))
		a++;
	in->args_text = pstrndup(p, L + a, end - a);
	if (!in->args_text)
		return perr_code_at(p, -ENOMEM, a);

	p->words.len = 0;
	p->kvs.len = 0;
	p->rawvals.len = 0;
	p->spans.len = 0;
	switch (in->kind) {
	case DF_RUN:
	case DF_CMD:
	case DF_ENTRYPOINT:
	case DF_SHELL:
	case DF_COPY:
	case DF_ADD:
	case DF_VOLUME:
		r = json_form(p, a, end);
		if (r == 1)
			in->json_form = true;
		else if (r == 0 && (r = split_words(p, a, end)) == 0)
			r = words_from_spans(p);
		break;
	case DF_HEALTHCHECK:
		r = healthcheck_parse(p, a, end, in);
		break;
	case DF_ENV:
	case DF_LABEL:
		r = kv_name_val(p, a, end, in);
		break;
	case DF_ARG:
		r = kv_arg(p, a, end, in);
		break;
	case DF_EXPOSE:
	case DF_FROM:
	case DF_MAINTAINER:
	case DF_ONBUILD:
	case DF_STOPSIGNAL:
	case DF_USER:
	case DF_WORKDIR:
	case DF_KIND_COUNT:
		r = split_words(p, a, end);
		if (r == 0)
			r = words_from_spans(p);
		break;
	}
	if (r < 0)
		return r;

	/* The argument checks BuildKit makes when it turns the tree into instructions. */
	if (in->kind == DF_FROM) {
		r = from_check(p, off, a);
	} else if (args_needs[in->kind].what) {
		const struct args_need *need = &args_needs[in->kind];
		bool ok = need->words ? p->words.len >= need->words : a < end;

		if (!ok || (need->json && !in->json_form))
			r = perr_at(p, -EINVAL, off, "%s requires %s", kind_names[kind],
				    need->what);
	}
	if (r < 0)
		return r;
	r = instr_take_vectors(p, in, off);
	if (r < 0)
		return r;
	if (wrapped) { /* runs in a later build: nothing to expand against here */
		for (size_t i = 0; i < in->n_kvs; i++)
			in->kvs[i].value_expanded = in->kvs[i].value;
	}

	/* One level only: in `ONBUILD ONBUILD x` (which BuildKit refuses) the inner ONBUILD keeps
	 * its words but wraps nothing, so a long chain costs neither stack nor quadratic time. */
	if (in->kind == DF_ONBUILD && !wrapped) {
		in->onbuild = bw_arena_calloc(&p->df->arena, 1, sizeof(*in->onbuild));
		if (!in->onbuild)
			return perr_code_at(p, -ENOMEM, a);
		r = instr_parse(p, a, end, in->onbuild, true);
		if (r < 0)
			return r;
		if (may_have_heredocs(in->onbuild))
			r = heredocs_find(p, off, end);
		return r;
	}
	if (!wrapped && may_have_heredocs(in))
		return heredocs_find(p, off, end);
	return 0;
}

/* Expands the kv values of an ARG, ENV or LABEL and, when `apply`, applies ARG and ENV to
 * the tables (not for an ENV or LABEL kept before the first FROM: it sets nothing). */
static int vars_note_kvs(struct df_parser *p, struct df_instr *in, bool apply)
{
	struct df_vars *v = p->df->vars;
	struct lookup_at la = {.v = v, .global = false, .stage = in->stage};
	const struct span *raw = p->rawvals.data;

	if (in->kind != DF_ARG && in->kind != DF_ENV && in->kind != DF_LABEL)
		return 0;
	for (size_t k = 0; k < in->n_kvs; k++) {
		struct df_kv *kv = &in->kvs[k];
		int r = 0;

		if (raw[k].len != SIZE_MAX) {
			r = xp_string(v, &p->df->arena, p->df->escape, false, &la,
				      p->logical.data + raw[k].off, raw[k].len,
				      &kv->value_expanded);
			if (r == 0) {
				v->expanded += strlen(kv->value_expanded);
				if (v->expanded > BW_MAX_DF_EXPANDED)
					r = -E2BIG;
			}
		} else if (in->stage >= 0) {
			const struct var *g = vartab_find(&v->fin, -1, kv->key, strlen(kv->key));

			kv->value_expanded = g ? g->value : NULL;
		}
		if (r < 0)
			return perr(p, r, kv->line, 0, "%s",
				    r == -E2BIG ? "variable expansion too large" : "out of memory");
		if (apply && in->kind == DF_ARG) { /* each pair sees the ones before it */
			struct df_instr one = *in;

			one.kvs = kv;
			one.n_kvs = 1;
			r = vars_apply(v, &one);
			if (r < 0)
				return perr_code(p, r, kv->line, 0);
		}
	}
	if (apply && in->kind == DF_ENV) { /* all pairs see the values before the instruction */
		int r = vars_apply(v, in);

		if (r < 0)
			return perr_code(p, r, in->line, in->col);
	}
	return 0;
}

/* The earlier stage a FROM image names, by name (case-insensitive) or by index, or -1. */
static int stage_parent(struct df_parser *p, const char *image, int *ret)
{
	size_t n = strlen(image);
	char *low = bw_arena_strndup(&p->df->arena, image, n);
	const struct var *e;

	if (!low)
		return -ENOMEM;
	for (char *c = low; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	*ret = -1;
	e = vartab_find(&p->df->vars->names, -2, low, n);
	if (e) {
		*ret = e->num;
	} else if (n > 0 && n <= 9 && strspn(low, "0123456789") == n) {
		long idx = strtol(low, NULL, 10);

		if (idx < (long)p->stages.len)
			*ret = (int)idx;
	}
	return 0;
}

/* A FROM: a new stage, its expanded image and parent. */
static int stage_begin(struct df_parser *p, struct df_instr *in)
{
	struct df_vars *v = p->df->vars;
	struct lookup_at la = {.v = v, .global = true, .stage = -1};
	const struct span *sp = p->spans.data;
	const char *const *w = in->words;
	struct df_stage st = {.index = (int)p->stages.len,
			      .line = in->line,
			      .instr = in->index,
			      .image = w[0],
			      .parent = -1};
	const char *plat = df_instr_flag(in, "platform");
	int r;

	if (p->stages.len >= BW_MAX_DF_STAGES)
		return perr(p, -E2BIG, in->line, in->col, "more than %u build stages",
			    BW_MAX_DF_STAGES);
	r = vars_finish_stage(v);
	if (r < 0)
		return perr_code(p, r, in->line, in->col);
	if (plat && plat[0])
		st.platform = plat;
	if (in->n_words == 3) {
		char *name = pstrndup(p, w[2], strlen(w[2]));

		if (!name)
			return perr_code(p, -ENOMEM, in->line, in->col);
		for (char *c = name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		st.name = name;
	}
	r = xp_string(v, &p->df->arena, p->df->escape, false, &la, p->logical.data + sp[0].off,
		      sp[0].len, &st.image_expanded);
	if (r < 0)
		return perr(p, r, in->line, in->col, "%s",
			    r == -E2BIG ? "variable expansion too large" : "out of memory");

	r = stage_parent(p, st.image_expanded, &st.parent);
	if (r < 0)
		return perr_code(p, r, in->line, in->col);
	if (st.name && !vartab_find(&v->names, -2, st.name, strlen(st.name))) {
		struct var *e;

		r = vartab_get(&v->names, -2, st.name, strlen(st.name), &e);
		if (r < 0)
			return perr_code(p, r, in->line, in->col);
		e->num = st.index;
	}
	r = vec_push(&p->stages, &st, sizeof(st), BW_MAX_DF_STAGES);
	if (r == 0)
		r = vec_push(&v->parents, &st.parent, sizeof(st.parent), BW_MAX_DF_STAGES);
	if (r < 0)
		return perr_code(p, r, in->line, in->col);
	vartab_clear(&v->cur);
	v->cur_stage = st.index;
	in->stage = st.index;
	return 0;
}

/* Reads one instruction starting at the left-trimmed first line `t`. */
static int instr_read(struct df_parser *p, const struct line *first, const char *t, size_t n)
{
	struct df_instr in = {0};
	struct line l;
	bool cont;
	int r;

	bw_buf_clear(&p->logical);
	p->segs.len = 0;
	p->hdspecs.len = 0;
	r = seg_add(p, t, n, first->no, (int)(t - first->s) + 1, &cont);
	while (r == 0 && cont && line_next(p, &l)) {
		const char *s = l.s;
		size_t m = l.n;

		ltrim(&s, &m);
		if (m == 0 || s[0] == '#')
			continue; /* comments and empty lines inside continuations are dropped */
		r = seg_add(p, l.s, l.n, l.no, 1, &cont);
	}
	if (r < 0)
		return r;
	if (p->logical.len == 0 || strspn(p->logical.data, " \t\v\f\r\n") == p->logical.len)
		return 0; /* only a continuation character */

	in.index = p->instrs.len;
	in.stage = p->stages.len ? (int)p->stages.len - 1 : -1;
	r = instr_parse(p, 0, p->logical.len, &in, false);
	if (r < 0)
		return r;
	r = heredocs_read(p, in.onbuild ? in.onbuild : &in);
	if (r < 0)
		return r;
	in.end_line = p->lineno;
	if (in.onbuild) {
		in.onbuild->end_line = in.end_line;
		in.onbuild->index = in.index;
	}

	if (in.kind == DF_FROM) {
		r = stage_begin(p, &in);
	} else if (in.stage < 0 && in.kind != DF_ARG) {
		/* BuildKit refuses anything but ARG before the first FROM; we keep it in stage -1
		 * so DF-044 reports it and the other rules still see the instruction (fragments
		 * and Hadolint's test snippets have no FROM at all). */
		r = vars_note_kvs(p, &in, false);
	} else {
		r = vars_note_kvs(p, &in, true);
	}
	if (r < 0)
		return r;
	if (in.onbuild)
		in.onbuild->stage = in.stage;
	r = vec_push(&p->instrs, &in, sizeof(in), BW_MAX_DF_INSTRUCTIONS);
	if (r == -E2BIG)
		return perr(p, r, in.line, in.col, "more than %u instructions",
			    BW_MAX_DF_INSTRUCTIONS);
	return r < 0 ? perr_code(p, r, in.line, in.col) : 0;
}

static int parse_all(struct df_parser *p)
{
	struct line l;
	int r;

	while (line_next(p, &l)) {
		const char *t = l.s;
		size_t n = l.n;

		ltrim(&t, &n);
		if (!p->directives_done) {
			r = directive_line(p, t, n, l.no);
			if (r < 0)
				return r;
		}
		if (n > 0 && t[0] == '#') {
			r = comment_add(p, t, n, l.no);
			if (r < 0)
				return r;
			continue;
		}
		if (n == 0)
			continue;
		p->directives_done = true;
		r = instr_read(p, &l, t, n);
		if (r < 0)
			return r;
	}
	if (p->instrs.len == 0)
		return perr(p, -EINVAL, 1, 0, "file with no instructions");
	/* A file without FROM is a fragment (or a Hadolint test snippet): it is linted as
	 * written, with its instructions in stage -1. */
	return vars_finish_stage(p->df->vars) < 0 ? perr_code(p, -ENOMEM, p->lineno, 0) : 0;
}

/* Moves the parse into the file: arrays into the arena, stage sizes. */
static int parse_finish(struct df_parser *p)
{
	struct df_file *df = p->df;
	int r;

	r = vec_to_arena(&df->arena, &p->instrs, sizeof(struct df_instr), &df->instrs);
	if (r == 0)
		r = vec_to_arena(&df->arena, &p->stages, sizeof(struct df_stage), &df->stages);
	if (r == 0)
		r = vec_to_arena(&df->arena, &p->comments, sizeof(struct df_comment),
				 &df->comments);
	if (r < 0)
		return perr_code(p, r, 0, 0);
	df->n_instrs = p->instrs.len;
	df->n_stages = p->stages.len;
	df->n_comments = p->comments.len;
	for (size_t s = 0; s < df->n_stages; s++) {
		size_t next = s + 1 < df->n_stages ? df->stages[s + 1].instr : df->n_instrs;

		df->stages[s].n_instrs = next - df->stages[s].instr;
	}
	return 0;
}

int df_file_parse_mem(const char *path, const char *src, size_t len, struct df_file **ret_df,
		      struct bw_error *err)
{
	BW_CLEANUP(df_file_freep) struct df_file *df = NULL;
	BW_CLEANUP(parser_release) struct df_parser p = {0};
	const char *nul;
	int r;

	if (!path)
		path = "";
	if (!src && len > 0)
		return bw_errorf(err, -EINVAL, path, 0, 0, "no input");
	if (len > BW_MAX_CONFIG_FILE)
		return bw_errorf(err, -E2BIG, path, 0, 0, "file is larger than %u bytes",
				 BW_MAX_CONFIG_FILE);
	nul = len ? memchr(src, '\0', len) : NULL;
	if (nul) {
		const char *ls = src;
		int line = 1;

		for (const char *c = src; c < nul; c++) {
			if (*c == '\n') {
				line++;
				ls = c + 1;
			}
		}
		return bw_errorf(err, -EINVAL, path, line, (int)(nul - ls) + 1,
				 "unexpected NUL byte: this is a binary file, not a Dockerfile");
	}

	df = calloc(1, sizeof(*df));
	if (!df)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	bw_arena_init(&df->arena, BW_MAX_PARSE_ARENA);
	df->escape = '\\';
	df->vars = calloc(1, sizeof(*df->vars));
	df->path = bw_arena_strdup(&df->arena, path);
	if (!df->vars || !df->path)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	df->vars->cur_stage = -1;
	bw_buf_init(&df->vars->out, BW_MAX_CONFIG_FILE);

	p.df = df;
	p.err = err;
	p.path = path;
	p.src = src;
	p.len = len;
	bw_buf_init(&p.logical, BW_MAX_CONFIG_FILE);
	bw_buf_init(&p.scratch, BW_MAX_CONFIG_FILE);

	r = parse_all(&p);
	if (r == 0)
		r = parse_finish(&p);
	if (r < 0)
		return r;
	df->vars->cur_next = df->n_instrs;
	*ret_df = BW_TAKE(df);
	return 0;
}

int df_file_parse_path(const char *path, struct df_file **ret_df, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len = 0;
	int r;

	r = bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len);
	if (r == -EFBIG)
		return bw_errorf(err, r, path, 0, 0, "file is larger than %u bytes",
				 BW_MAX_CONFIG_FILE);
	if (r < 0)
		return bw_errorf(err, r, path, 0, 0, "cannot read file: %s", strerror(-r));
	return df_file_parse_mem(path, data, len, ret_df, err);
}

struct df_file *df_file_free(struct df_file *df)
{
	if (!df)
		return NULL;
	(void)df_vars_free(df->vars);
	bw_arena_release(&df->arena);
	free(df);
	return NULL;
}

const char *df_kind_name(enum df_kind kind)
{
	if ((unsigned)kind >= DF_KIND_COUNT)
		return "?";
	return kind_names[kind];
}

const char *df_instr_flag(const struct df_instr *in, const char *name)
{
	for (size_t i = 0; in && i < in->n_flags; i++)
		if (strcmp(in->flags[i].name, name) == 0)
			return in->flags[i].value ? in->flags[i].value : "";
	return NULL;
}

bool df_looks_like_dockerfile(const char *src, size_t len)
{
	size_t i = 0, limit = len < BW_MAX_CONFIG_FILE ? len : BW_MAX_CONFIG_FILE;

	if (!src)
		return false;
	if (limit >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < limit) {
		const char *s = src + i, *nl = memchr(s, '\n', limit - i);
		size_t n = nl ? (size_t)(nl - s) : limit - i;
		const char *name, *val;
		size_t name_len, val_len, k = 0;

		i += nl ? n + 1 : n;
		if (memchr(s, '\0', n))
			return false;
		ltrim(&s, &n);
		while (n > 0 && is_space(s[n - 1]))
			n--;
		if (n == 0)
			continue;
		if (s[0] == '#') {
			if (directive_match(s, n, &name, &name_len, &val, &val_len) &&
			    directive_index(name, name_len) >= 0)
				return true;
			continue;
		}
		while (k < n && !is_ws(s[k]))
			k++;
		return k < n && ((k == 4 && strncasecmp(s, "FROM", 4) == 0) ||
				 (k == 3 && strncasecmp(s, "ARG", 3) == 0));
	}
	return false;
}
