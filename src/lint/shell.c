/* SPDX-License-Identifier: Apache-2.0 */
/* The shell reader behind RUN rules (see shell.h): one pass over the script that cuts it into
 * simple commands, descending into $(...), `...`, ( ... ), { ...; } and case items. It never
 * expands or runs anything, and reads odd or broken shell without failing. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "lint/shell.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/banned.h"

/* Words of a command being read; the array lives in the arena and doubles when full. */
struct wvec {
	struct sh_word *v;
	size_t len;
	size_t cap;
};

/* A command being read. Its slot in the output is taken when its first word starts, so a
 * command comes before the commands of the $(...) inside its words. */
struct cmd_build {
	size_t slot; /* SIZE_MAX until the command begins */
	struct wvec argv, assigns, redirs;
};

struct pending_heredoc {
	const char *delim;
	bool strip_tabs;
};

struct sh_ctx {
	struct bw_arena *arena;
	const char *s; /* the text being read (the script, or a `...` body) */
	size_t n;
	size_t i;
	int line;	     /* line of s[i] within the script, 0-based */
	unsigned nest;	     /* readers active (recursion), against BW_MAX_SH_DEPTH */
	size_t n_words;	     /* words made, against BW_MAX_DF_WORDS */
	int err;	     /* first -ENOMEM / -E2BIG; reading stops */
	struct sh_cmd *cmds; /* malloc'd; copied into the arena at the end */
	size_t n_cmds, cap_cmds;
	struct pending_heredoc *hd; /* malloc'd: heredocs whose bodies start at the next newline */
	size_t n_hd, cap_hd;
	struct bw_buf word; /* text of the words being read, innermost last */
};

/* How a list ended. */
enum list_end {
	LIST_EOF,   /* end of the text */
	LIST_CLOSE, /* the ')' or '}' it was waiting for */
	LIST_ITEM,  /* ";;" (or ";&", ";;&") in a case item */
	LIST_ESAC,  /* `esac` in a case item */
};

enum list_term {
	TERM_NONE,
	TERM_PAREN, /* $( ... ) or ( ... ) */
	TERM_BRACE, /* { ...; } */
	TERM_CASE,  /* pattern) ... ;; */
};

static enum list_end read_list(struct sh_ctx *c, int depth, enum list_term term, size_t *ret_last);

static void set_err(struct sh_ctx *c, int r)
{
	if (!c->err)
		c->err = r;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* 1: ends a word (blanks, newline, operator characters); 2: read_word looks closer. */
static const unsigned char sh_class[256] = {
	[' '] = 1,  ['\t'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1, ['\n'] = 1, [';'] = 1,
	['&'] = 1,  ['|'] = 1,	['<'] = 1,  ['>'] = 1,	['('] = 1,  [')'] = 1,	['\\'] = 2,
	['\''] = 2, ['"'] = 2,	['`'] = 2,  ['$'] = 2,	['='] = 2,  ['+'] = 2,
};

static bool is_meta(char ch)
{
	return sh_class[(unsigned char)ch] == 1;
}

static char peek(const struct sh_ctx *c, size_t k)
{
	return c->i + k < c->n ? c->s[c->i + k] : '\0';
}

/* Skips blanks and backslash-newline continuations. */
static void skip_blanks(struct sh_ctx *c)
{
	while (c->i < c->n) {
		if (is_blank(c->s[c->i])) {
			c->i++;
		} else if (c->s[c->i] == '\\' && peek(c, 1) == '\n') {
			c->i += 2;
			c->line++;
		} else {
			break;
		}
	}
}

static void wvec_push(struct sh_ctx *c, struct wvec *w, const struct sh_word *word)
{
	if (c->err)
		return;
	if (w->len == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4;
		struct sh_word *v = bw_arena_calloc(c->arena, cap, sizeof(*v));

		if (!v) {
			set_err(c, -ENOMEM);
			return;
		}
		if (w->len)
			memcpy(v, w->v, w->len * sizeof(*v));
		w->v = v;
		w->cap = cap;
	}
	w->v[w->len++] = *word;
}

static bool cmd_empty(const struct cmd_build *cb)
{
	return cb->argv.len == 0 && cb->assigns.len == 0 && cb->redirs.len == 0;
}

/* Takes the output slot of cb if it has none yet. */
static void cmd_begin(struct sh_ctx *c, struct cmd_build *cb)
{
	if (cb->slot != SIZE_MAX || c->err)
		return;
	if (c->n_cmds == c->cap_cmds) {
		size_t cap = c->cap_cmds ? c->cap_cmds * 2 : 16;
		struct sh_cmd *p;

		if (c->n_cmds >= BW_MAX_DF_WORDS) {
			set_err(c, -E2BIG);
			return;
		}
		p = reallocarray(c->cmds, cap, sizeof(*p));
		if (!p) {
			set_err(c, -ENOMEM);
			return;
		}
		c->cmds = p;
		c->cap_cmds = cap;
	}
	c->cmds[c->n_cmds] = (struct sh_cmd){0};
	cb->slot = c->n_cmds++;
}

/* Ends the command being read with operator `op`. An empty one that follows a group passes
 * the operator to the group's last command: `(a && b) || c` gives a &&, b ||, c. */
static void cmd_finish(struct sh_ctx *c, struct cmd_build *cb, enum sh_op op, int depth,
		       size_t *last, size_t *group_last)
{
	if (c->err)
		return;
	if (!cmd_empty(cb) && cb->slot != SIZE_MAX) {
		c->cmds[cb->slot] = (struct sh_cmd){
			.argv = cb->argv.v,
			.argc = cb->argv.len,
			.assigns = cb->assigns.v,
			.n_assigns = cb->assigns.len,
			.redirs = cb->redirs.v,
			.n_redirs = cb->redirs.len,
			.op = op,
			.depth = depth,
		};
		*last = cb->slot;
		*group_last = SIZE_MAX;
	} else if (*group_last != SIZE_MAX) {
		c->cmds[*group_last].op = op;
		*last = *group_last;
		*group_last = SIZE_MAX;
	}
	*cb = (struct cmd_build){.slot = SIZE_MAX}; /* an unused slot is dropped at the end */
}

static void word_add(struct sh_ctx *c, const char *s, size_t n)
{
	int r;

	if (c->err || n == 0)
		return;
	r = bw_buf_add(&c->word, s, n);
	if (r < 0)
		set_err(c, r);
}

static void word_addc(struct sh_ctx *c, char ch)
{
	struct bw_buf *b = &c->word;

	/* the common case, inlined: most characters of a script land here one by one */
	if (!c->err && b->len + 1 < b->cap && b->len < b->max) {
		b->data[b->len++] = ch;
		b->data[b->len] = '\0';
		return;
	}
	word_add(c, &ch, 1);
}

/* Copies a balanced `open ... close` region raw (used for ${...}, $((...)), arrays and for
 * substitutions past the depth limit). s[c->i] is just after the first `open`. */
static void copy_balanced(struct sh_ctx *c, char open, char close)
{
	size_t start = c->i;
	unsigned level = 1;
	char quote = 0;

	while (c->i < c->n && level > 0) {
		char ch = c->s[c->i];

		if (ch == '\n')
			c->line++;
		if (quote) {
			if (ch == quote)
				quote = 0;
			else if (ch == '\\' && quote == '"' && c->i + 1 < c->n)
				c->i++;
		} else if (ch == '\\' && c->i + 1 < c->n) {
			c->i++;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == open) {
			level++;
		} else if (ch == close) {
			level--;
		}
		c->i++;
	}
	word_add(c, c->s + start, c->i - start);
}

/* $( ... ): the commands inside at depth+1; the word keeps the text as written. s[c->i]
 * is the '(' after '$' (or after '<'/'>' for process substitution). */
static void read_subst(struct sh_ctx *c, int depth, size_t text_start)
{
	size_t last;

	c->i++;
	if (c->nest >= BW_MAX_SH_DEPTH) {
		word_add(c, c->s + text_start, c->i - text_start);
		copy_balanced(c, '(', ')');
		return;
	}
	/* The word's own text is on c->word; inner words stack above it and are taken off. */
	(void)read_list(c, depth + 1, TERM_PAREN, &last);
	word_add(c, c->s + text_start, c->i - text_start);
}

/* `...`: the body with \` \\ \$ unescaped is read as a script of its own, at depth+1. */
static void read_backticks(struct sh_ctx *c, int depth)
{
	size_t start = c->i, k = c->i + 1, lines = 0, last;
	BW_CLEANUP(bw_freep) char *body = NULL;
	size_t bn = 0;

	while (k < c->n && c->s[k] != '`') {
		if (c->s[k] == '\\' && k + 1 < c->n)
			k++;
		k++;
	}
	body = malloc(k - start);
	if (!body) {
		set_err(c, -ENOMEM);
		return;
	}
	for (size_t j = start + 1; j < k; j++) {
		if (c->s[j] == '\n')
			lines++;
		if (c->s[j] == '\\' && j + 1 < k &&
		    (c->s[j + 1] == '`' || c->s[j + 1] == '\\' || c->s[j + 1] == '$'))
			j++;
		body[bn++] = c->s[j];
	}
	if (k < c->n)
		k++; /* the closing backtick */
	if (c->nest < BW_MAX_SH_DEPTH) {
		const char *s = c->s;
		size_t n = c->n;
		int line = c->line;

		c->s = body;
		c->n = bn;
		c->i = 0;
		(void)read_list(c, depth + 1, TERM_NONE, &last);
		c->s = s;
		c->n = n;
		c->line = line;
	}
	c->i = k;
	c->line += (int)lines;
	word_add(c, c->s + start, k - start);
}

/* "...": backslash escapes only \ $ ` " and newline; substitutions are read. */
static void read_dquote(struct sh_ctx *c, int depth)
{
	c->i++;
	while (c->i < c->n && !c->err) {
		char ch = c->s[c->i];

		if (ch == '"') {
			c->i++;
			return;
		}
		if (ch == '\\' && c->i + 1 < c->n) {
			char d = c->s[c->i + 1];

			if (d == '\n') {
				c->line++;
				c->i += 2;
				continue;
			}
			if (d == '\\' || d == '$' || d == '`' || d == '"') {
				word_addc(c, d);
				c->i += 2;
				continue;
			}
		}
		if (ch == '$' && peek(c, 1) == '(' && peek(c, 2) != '(') {
			size_t start = c->i++;

			read_subst(c, depth, start);
			continue;
		}
		if (ch == '$' && (peek(c, 1) == '{' || peek(c, 1) == '(')) {
			char open = peek(c, 1);

			word_add(c, c->s + c->i, 2);
			c->i += 2;
			copy_balanced(c, open, open == '{' ? '}' : ')');
			continue;
		}
		if (ch == '`') {
			read_backticks(c, depth);
			continue;
		}
		if (ch == '\n')
			c->line++;
		word_addc(c, ch);
		c->i++;
	}
}

static bool is_name_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_name_char(char ch)
{
	return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

/* What read_word found besides the text. */
struct word_info {
	bool quoted;
	bool assign; /* NAME=... or NAME+=... with the name unquoted */
	bool fd;     /* only digits, right before '<' or '>': a redirection's fd */
	bool empty;  /* nothing was read (a stray character was skipped) */
};

static const char *word_base(const char *text)
{
	const char *slash = strrchr(text, '/');

	return slash ? slash + 1 : text;
}

/* Reads one word at s[c->i] into *w (text in the arena). */
static void read_word(struct sh_ctx *c, int depth, struct sh_word *w, struct word_info *info)
{
	size_t base = c->word.len, start = c->i;
	bool plain = true; /* everything so far unquoted name characters */

	*info = (struct word_info){0};
	*w = (struct sh_word){.line = c->line};
	if ((c->s[c->i] == '<' || c->s[c->i] == '>') && peek(c, 1) == '(') {
		size_t t = c->i++;

		read_subst(c, depth, t);
	}
	while (c->i < c->n && !c->err) {
		char ch = c->s[c->i];

		if (sh_class[(unsigned char)ch] == 0) { /* a run of ordinary bytes, in one piece */
			size_t run = c->i;

			for (; run < c->n && sh_class[(unsigned char)c->s[run]] == 0; run++)
				if (plain && !info->assign && !is_name_char(c->s[run]))
					plain = false;
			word_add(c, c->s + c->i, run - c->i);
			c->i = run;
			continue;
		}
		if (is_meta(ch))
			break;
		if (ch == '\\') {
			if (peek(c, 1) == '\n') {
				c->i += 2;
				c->line++;
				continue;
			}
			info->quoted = true;
			plain = false;
			if (c->i + 1 < c->n)
				word_addc(c, c->s[c->i + 1]);
			c->i += 2;
			continue;
		}
		if (ch == '\'') {
			size_t e = c->i + 1;

			while (e < c->n && c->s[e] != '\'') {
				if (c->s[e] == '\n')
					c->line++;
				e++;
			}
			word_add(c, c->s + c->i + 1, e - c->i - 1);
			c->i = e < c->n ? e + 1 : e;
			info->quoted = true;
			plain = false;
			continue;
		}
		if (ch == '"') {
			read_dquote(c, depth);
			info->quoted = true;
			plain = false;
			continue;
		}
		if (ch == '`') {
			read_backticks(c, depth);
			plain = false;
			continue;
		}
		if (ch == '$') {
			char d = peek(c, 1);

			plain = false;
			if (d == '(' && peek(c, 2) == '(') { /* $(( arithmetic )) */
				word_add(c, c->s + c->i, 2);
				c->i += 2;
				copy_balanced(c, '(', ')');
				continue;
			}
			if (d == '(') {
				size_t t = c->i++;

				read_subst(c, depth, t);
				continue;
			}
			if (d == '{') {
				word_add(c, c->s + c->i, 2);
				c->i += 2;
				copy_balanced(c, '{', '}');
				continue;
			}
			if (d == '\'') { /* $'...': ANSI-C quoting, escapes kept as written */
				size_t e = c->i + 2;

				while (e < c->n && c->s[e] != '\'') {
					if (c->s[e] == '\\' && e + 1 < c->n)
						e++;
					e++;
				}
				word_add(c, c->s + c->i + 2, (e < c->n ? e : c->n) - c->i - 2);
				c->i = e < c->n ? e + 1 : e;
				info->quoted = true;
				continue;
			}
		}
		if (ch == '=' && plain && !info->assign && c->i > start &&
		    is_name_start(c->s[start])) {
			info->assign = true;
			word_addc(c, ch);
			c->i++;
			if (peek(c, 0) == '(') { /* NAME=( array ) */
				word_addc(c, '(');
				c->i++;
				copy_balanced(c, '(', ')');
			}
			continue;
		}
		if (plain && !info->assign) {
			bool plus_eq = ch == '+' && peek(c, 1) == '=' && c->i > start;

			if (!is_name_char(ch) && !plus_eq)
				plain = false;
		}
		word_addc(c, ch);
		c->i++;
	}
	if (c->i == start) { /* a character no word can start with: skip it */
		info->empty = true;
		if (c->i < c->n)
			c->i++;
		return;
	}
	if (c->err)
		return;
	if (!info->quoted && c->word.len > base &&
	    strspn(c->word.data + base, "0123456789") == c->word.len - base && c->i < c->n &&
	    (c->s[c->i] == '<' || c->s[c->i] == '>'))
		info->fd = true;
	w->quoted = info->quoted;
	w->text = bw_arena_strndup(c->arena, c->word.data ? c->word.data + base : "",
				   c->word.len - base);
	if (!w->text)
		set_err(c, -ENOMEM);
	else
		w->base = word_base(w->text);
	if (++c->n_words > BW_MAX_DF_WORDS)
		set_err(c, -E2BIG);
	/* inner words were taken off already; this one goes too */
	c->word.len = base;
	if (c->word.data)
		c->word.data[base] = '\0';
}

/* A redirection operator at s[c->i] and its target word. */
static void read_redir(struct sh_ctx *c, struct cmd_build *cb, int depth)
{
	bool heredoc = false, strip = false, dup = false;
	struct word_info info;
	struct sh_word w;
	char ch = c->s[c->i];

	if (ch == '&') { /* &> and &>> */
		c->i += peek(c, 2) == '>' ? 3 : 2;
	} else if (ch == '<') {
		if (peek(c, 1) == '<' && peek(c, 2) == '<') {
			c->i += 3;
		} else if (peek(c, 1) == '<') {
			heredoc = true;
			strip = peek(c, 2) == '-';
			c->i += strip ? 3 : 2;
		} else if (peek(c, 1) == '&') {
			dup = true;
			c->i += 2;
		} else {
			c->i += peek(c, 1) == '>' ? 2 : 1;
		}
	} else { /* > >> >| >& */
		if (peek(c, 1) == '&')
			dup = true;
		c->i += peek(c, 1) == '>' || peek(c, 1) == '|' || peek(c, 1) == '&' ? 2 : 1;
	}
	skip_blanks(c);
	if (c->i >= c->n || is_meta(c->s[c->i]))
		return;
	cmd_begin(c, cb);
	read_word(c, depth, &w, &info);
	if (info.empty || c->err)
		return;
	if (dup && (w.text[0] == '-' || (w.text[0] >= '0' && w.text[0] <= '9'))) {
		const char *t = bw_arena_printf(c->arena, "&%s", w.text);

		if (!t) {
			set_err(c, -ENOMEM);
			return;
		}
		w.text = t;
		w.base = word_base(t);
	}
	wvec_push(c, &cb->redirs, &w);
	if (heredoc) {
		if (c->n_hd == c->cap_hd) {
			size_t cap = c->cap_hd ? c->cap_hd * 2 : 4;
			struct pending_heredoc *p = reallocarray(c->hd, cap, sizeof(*p));

			if (!p) {
				set_err(c, -ENOMEM);
				return;
			}
			c->hd = p;
			c->cap_hd = cap;
		}
		c->hd[c->n_hd++] = (struct pending_heredoc){.delim = w.text, .strip_tabs = strip};
	}
}

/* After a newline: skips the bodies of the heredocs opened on the line before. */
static void skip_heredoc_bodies(struct sh_ctx *c)
{
	for (size_t h = 0; h < c->n_hd; h++) {
		size_t dl = strlen(c->hd[h].delim);

		while (c->i < c->n) {
			const char *s = c->s + c->i, *nl = memchr(s, '\n', c->n - c->i);
			size_t n = nl ? (size_t)(nl - s) : c->n - c->i;

			c->i += nl ? n + 1 : n;
			if (nl)
				c->line++;
			if (c->hd[h].strip_tabs) {
				while (n > 0 && *s == '\t') {
					s++;
					n--;
				}
			}
			if (n > 0 && s[n - 1] == '\r')
				n--;
			if (n == dl && memcmp(s, c->hd[h].delim, dl) == 0)
				break;
		}
	}
	c->n_hd = 0;
}

static bool word_is(const struct sh_word *w, const char *s)
{
	return !w->quoted && strcmp(w->text, s) == 0;
}

/* `case WORD in pattern) list ;; ... esac`; `case` was read into cb. */
static void read_case(struct sh_ctx *c, struct cmd_build *cb, int depth, size_t *last,
		      size_t *group_last)
{
	struct word_info info;
	struct sh_word w;

	/* the subject, up to `in` */
	for (;;) {
		skip_blanks(c);
		if (c->i >= c->n || is_meta(c->s[c->i]) || c->err)
			break;
		read_word(c, depth, &w, &info);
		if (info.empty)
			continue;
		wvec_push(c, &cb->argv, &w);
		if (word_is(&w, "in"))
			break;
	}
	cmd_finish(c, cb, SH_OP_SEMI, depth, last, group_last);
	if (c->nest >= BW_MAX_SH_DEPTH)
		return; /* items are read as plain commands */

	while (c->i < c->n && !c->err) {
		enum list_end end;
		size_t item_last;

		/* white space, newlines and comments before a pattern */
		if (is_blank(c->s[c->i]) || c->s[c->i] == ';') {
			c->i++;
			continue;
		}
		if (c->s[c->i] == '\n') {
			c->i++;
			c->line++;
			skip_heredoc_bodies(c);
			continue;
		}
		if (c->s[c->i] == '#') {
			while (c->i < c->n && c->s[c->i] != '\n')
				c->i++;
			continue;
		}
		if (c->s[c->i] == '(')
			c->i++;
		/* the pattern, alternatives split by '|', up to ')' */
		while (c->i < c->n && !c->err) {
			skip_blanks(c);
			if (c->i >= c->n || c->s[c->i] == '\n')
				break;
			if (c->s[c->i] == ')') {
				c->i++;
				break;
			}
			if (c->s[c->i] == '|' || c->s[c->i] == '(' || c->s[c->i] == ';' ||
			    c->s[c->i] == '&' || c->s[c->i] == '<' || c->s[c->i] == '>') {
				c->i++;
				continue;
			}
			read_word(c, depth, &w, &info);
			if (!info.empty && word_is(&w, "esac"))
				return;
		}
		end = read_list(c, depth, TERM_CASE, &item_last);
		if (end != LIST_ITEM)
			return;
	}
}

/* Reads commands until the end of the text or the terminator of `term`. *ret_last is the
 * last command finished at this level (SIZE_MAX: none). */
static enum list_end read_list(struct sh_ctx *c, int depth, enum list_term term, size_t *ret_last)
{
	struct cmd_build cb = {.slot = SIZE_MAX};
	size_t last = SIZE_MAX, group_last = SIZE_MAX;
	enum list_end end = LIST_EOF;

	c->nest++;
	while (!c->err) {
		struct word_info info;
		struct sh_word w;
		char ch;

		skip_blanks(c);
		if (c->i >= c->n) {
			cmd_finish(c, &cb, SH_OP_END, depth, &last, &group_last);
			break;
		}
		ch = c->s[c->i];
		if (ch == '#') {
			while (c->i < c->n && c->s[c->i] != '\n')
				c->i++;
			continue;
		}
		if (ch == '\n') {
			c->i++;
			c->line++;
			cmd_finish(c, &cb, SH_OP_SEMI, depth, &last, &group_last);
			skip_heredoc_bodies(c);
			continue;
		}
		if (ch == ';') {
			bool item = peek(c, 1) == ';' || peek(c, 1) == '&';

			c->i += peek(c, 1) == ';' && peek(c, 2) == '&' ? 3 : item ? 2 : 1;
			cmd_finish(c, &cb, SH_OP_SEMI, depth, &last, &group_last);
			if (item && term == TERM_CASE) {
				end = LIST_ITEM;
				break;
			}
			continue;
		}
		if (ch == '&' && peek(c, 1) == '&') {
			c->i += 2;
			cmd_finish(c, &cb, SH_OP_AND, depth, &last, &group_last);
			continue;
		}
		if (ch == '&' && peek(c, 1) == '>') {
			read_redir(c, &cb, depth);
			continue;
		}
		if (ch == '&') {
			c->i++;
			cmd_finish(c, &cb, SH_OP_BG, depth, &last, &group_last);
			continue;
		}
		if (ch == '|') {
			bool or = peek(c, 1) == '|';

			c->i += or || peek(c, 1) == '&' ? 2 : 1;
			cmd_finish(c, &cb, or ? SH_OP_OR : SH_OP_PIPE, depth, &last, &group_last);
			continue;
		}
		if (ch == ')') {
			c->i++;
			if (term == TERM_PAREN) {
				cmd_finish(c, &cb, SH_OP_END, depth, &last, &group_last);
				end = LIST_CLOSE;
				break;
			}
			continue; /* stray, or a case pattern's end outside read_case */
		}
		if (ch == '(') {
			size_t inner;

			if (cb.argv.len == 1 && cb.assigns.len == 0) {
				size_t k = c->i + 1;

				while (k < c->n && is_blank(c->s[k]))
					k++;
				if (k < c->n &&
				    c->s[k] == ')') { /* name() { ...; }: a definition */
					c->i = k + 1;
					cb = (struct cmd_build){.slot = SIZE_MAX};
					continue;
				}
			}
			c->i++;
			if (cmd_empty(&cb))
				cb.slot = SIZE_MAX; /* the group's commands come first */
			if (c->nest >= BW_MAX_SH_DEPTH)
				continue; /* too deep: read on at this level */
			(void)read_list(c, depth + 1, TERM_PAREN, &inner);
			group_last = inner;
			continue;
		}
		if ((ch == '<' || ch == '>') && peek(c, 1) != '(') {
			read_redir(c, &cb, depth);
			continue;
		}

		bool first = cb.argv.len == 0 && cb.assigns.len == 0;

		cmd_begin(c, &cb);
		read_word(c, depth, &w, &info);
		if (info.empty || c->err)
			continue;
		if (info.fd) {
			read_redir(c, &cb, depth);
			continue;
		}
		if (first && cb.redirs.len == 0 && !w.quoted) {
			if (strcmp(w.text, "{") == 0) {
				size_t inner;

				if (c->nest >= BW_MAX_SH_DEPTH)
					continue;
				cb.slot = SIZE_MAX; /* the group's commands come first */
				(void)read_list(c, depth + 1, TERM_BRACE, &inner);
				group_last = inner;
				continue;
			}
			if (strcmp(w.text, "}") == 0) {
				if (term == TERM_BRACE) {
					cmd_finish(c, &cb, SH_OP_END, depth, &last, &group_last);
					end = LIST_CLOSE;
					break;
				}
				continue;
			}
			if (strcmp(w.text, "esac") == 0 && term == TERM_CASE) {
				cmd_finish(c, &cb, SH_OP_END, depth, &last, &group_last);
				end = LIST_ESAC;
				break;
			}
			if (strcmp(w.text, "!") == 0 || strcmp(w.text, "if") == 0 ||
			    strcmp(w.text, "then") == 0 || strcmp(w.text, "else") == 0 ||
			    strcmp(w.text, "elif") == 0 || strcmp(w.text, "fi") == 0 ||
			    strcmp(w.text, "while") == 0 || strcmp(w.text, "until") == 0 ||
			    strcmp(w.text, "do") == 0 || strcmp(w.text, "done") == 0 ||
			    strcmp(w.text, "esac") == 0)
				continue; /* grammar, not a command: the next word starts it */
			if (strcmp(w.text, "case") == 0) {
				wvec_push(c, &cb.argv, &w);
				read_case(c, &cb, depth, &last, &group_last);
				continue;
			}
		}
		if (cb.argv.len == 0 && info.assign)
			wvec_push(c, &cb.assigns, &w);
		else
			wvec_push(c, &cb.argv, &w);
	}
	c->nest--;
	*ret_last = last;
	return end;
}

int sh_parse(struct bw_arena *arena, const char *script, struct sh_script *ret)
{
	struct sh_ctx c = {.arena = arena, .s = script ? script : ""};
	struct sh_cmd *out = NULL;
	size_t last, n = 0;

	c.n = strlen(c.s);
	bw_buf_init(&c.word, BW_MAX_CONFIG_FILE);
	while (c.i < c.n && !c.err) /* a stray ')' or '}' ends no list at the top */
		(void)read_list(&c, 0, TERM_NONE, &last);
	for (size_t k = 0; k < c.n_cmds && !c.err; k++)
		n += c.cmds[k].argc || c.cmds[k].n_assigns || c.cmds[k].n_redirs;
	if (!c.err && n > 0) {
		out = bw_arena_calloc(arena, n, sizeof(*out));
		if (!out)
			c.err = -ENOMEM;
		for (size_t k = 0, j = 0; out && k < c.n_cmds; k++)
			if (c.cmds[k].argc || c.cmds[k].n_assigns || c.cmds[k].n_redirs)
				out[j++] = c.cmds[k];
	}
	free(c.cmds);
	free(c.hd);
	bw_buf_release(&c.word);
	if (c.err)
		return c.err;
	*ret = (struct sh_script){.cmds = out, .n_cmds = n};
	return 0;
}

static const char *base_name(const char *s)
{
	const char *b = strrchr(s, '/');

	return b ? b + 1 : s;
}

bool sh_cmd_is(const struct sh_cmd *c, const char *name)
{
	if (!c || c->argc == 0 || !name)
		return false;
	return strcmp(c->argv[0].text, name) == 0 || strcmp(base_name(c->argv[0].text), name) == 0;
}

bool sh_cmd_has_arg(const struct sh_cmd *c, const char *arg)
{
	for (size_t i = 1; c && arg && i < c->argc; i++)
		if (strcmp(c->argv[i].text, arg) == 0)
			return true;
	return false;
}

bool sh_cmd_has_opt(const struct sh_cmd *c, char opt, const char *longopt)
{
	size_t ll = 0;

	if (longopt) {
		if (longopt[0] == '-' && longopt[1] == '-')
			longopt += 2;
		ll = strlen(longopt);
	}
	for (size_t i = 1; c && i < c->argc; i++) {
		const char *t = c->argv[i].text;

		if (strcmp(t, "--") == 0)
			break;
		if (t[0] != '-' || t[1] == '\0')
			continue;
		if (t[1] == '-') {
			if (ll && strncmp(t + 2, longopt, ll) == 0 &&
			    (t[2 + ll] == '\0' || t[2 + ll] == '='))
				return true;
		} else if (opt && strchr(t + 1, opt)) {
			return true;
		}
	}
	return false;
}

const char *sh_cmd_subcommand(const struct sh_cmd *c)
{
	for (size_t i = 1; c && i < c->argc; i++)
		if (c->argv[i].text[0] != '-')
			return c->argv[i].text;
	return NULL;
}
