/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the Dockerfile RUN rules: RUN instructions (also ONBUILD RUN, exec form running a
 * shell, heredoc scripts, `sh -c` arguments) as parsed commands, cached per file, and the
 * helpers that read their names, options and operands. Nothing runs. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/report.h"
#include "core/rule.h"
#include "lint/dockerfile-rules.h"
#include "lint/dockerfile.h"
#include "lint/run-walk.h"
#include "lint/shell.h"
#include "util/arena.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

/* Scripts one RUN may carry: its own text plus heredoc bodies. */
#define RUN_MAX_SCRIPTS 64
/* `sh -c '...'` arguments parsed as scripts of their own, per RUN. */
#define RUN_MAX_NESTED 64

/* ---- small string helpers ---- */

const char *run_base_name(const char *s)
{
	const char *p = strrchr(s, '/');

	return p ? p + 1 : s;
}

bool run_str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

bool run_str_has_prefix_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (bw_str_startswith(s, *list))
			return true;
	return false;
}

/* "python", "python3", "python3.11", "pip3.9": `prefix` followed only by digits and dots. */
bool run_name_versioned(const char *name, const char *prefix)
{
	if (!bw_str_startswith(name, prefix))
		return false;
	for (const char *p = name + strlen(prefix); *p; p++)
		if (!(*p >= '0' && *p <= '9') && *p != '.')
			return false;
	return true;
}

static const char *const shell_names[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", NULL};

bool run_is_shell(const char *name)
{
	return run_str_in(run_base_name(name), shell_names);
}

/* A word we cannot judge: a variable or command substitution standing for the whole value. */
bool run_is_unknown_word(const char *w)
{
	return w[0] == '$' || w[0] == '`';
}

/* ---- commands and options ---- */

const char *run_cmd_name(const struct sh_cmd *c)
{
	return c->argc ? c->argv[0].base : "";
}

/* Skips the options of a wrapper command; `vals` lists short options taking a value. */
static size_t skip_wrapper_opts(const struct sh_cmd *c, size_t i, const char *vals, bool assigns)
{
	while (i < c->argc) {
		const char *w = c->argv[i].text;

		if (strcmp(w, "--") == 0)
			return i + 1;
		if (w[0] == '-' && w[1] != '\0') {
			i++;
			if (w[1] != '-' && w[2] == '\0' && vals && strchr(vals, w[1]))
				i++;
			continue;
		}
		if (assigns && strchr(w, '=') && w[0] != '=') {
			i++;
			continue;
		}
		break;
	}
	return i;
}

/* The command a wrapper runs: `sudo -E apt-get ...`, `env A=1 pip ...`, `xargs apt-get ...`.
 * Returns a view of c (same words) starting at the wrapped command. */
struct sh_cmd run_cmd_unwrap(const struct sh_cmd *c)
{
	struct sh_cmd v = *c;

	for (int round = 0; round < 8 && v.argc > 0; round++) {
		const char *n = run_cmd_name(&v);
		size_t i;

		/* every check unwraps every command: let most names out on their first letter */
		if (!strchr("cdegintsx", n[0]) || n[0] == '\0')
			break;
		if (strcmp(n, "sudo") == 0 || strcmp(n, "doas") == 0)
			i = skip_wrapper_opts(&v, 1, "ugpCDhRrtTU", false);
		else if (strcmp(n, "env") == 0)
			i = skip_wrapper_opts(&v, 1, "uCS", true);
		else if (strcmp(n, "xargs") == 0)
			i = skip_wrapper_opts(&v, 1, "adEeIiLlnPs", false);
		else if (strcmp(n, "nice") == 0 || strcmp(n, "ionice") == 0 ||
			 strcmp(n, "stdbuf") == 0)
			i = skip_wrapper_opts(&v, 1, "ncpioe", false);
		else if (strcmp(n, "time") == 0 || strcmp(n, "nohup") == 0 ||
			 strcmp(n, "exec") == 0 || strcmp(n, "eatmydata") == 0 ||
			 strcmp(n, "chronic") == 0)
			i = skip_wrapper_opts(&v, 1, NULL, false);
		else if (strcmp(n, "command") == 0) {
			if (v.argc > 1 && (strcmp(v.argv[1].text, "-v") == 0 ||
					   strcmp(v.argv[1].text, "-V") == 0))
				break; /* a lookup, not a run */
			i = skip_wrapper_opts(&v, 1, NULL, false);
		} else if (strcmp(n, "timeout") == 0) {
			i = skip_wrapper_opts(&v, 1, "sk", false);
			if (i < v.argc)
				i++; /* the duration */
		} else if (strcmp(n, "gosu") == 0 || strcmp(n, "su-exec") == 0) {
			i = 2; /* the user */
		} else {
			break;
		}
		if (i >= v.argc) {
			v.argc = 0;
			break;
		}
		v.argv += i;
		v.argc -= i;
	}
	return v;
}

static bool long_takes_value(const struct run_opt_spec *o, const char *name)
{
	return o && o->long_val && run_str_in(name, o->long_val);
}

void run_oper_init(struct run_oper_it *it, const struct sh_cmd *c, const struct run_opt_spec *o)
{
	*it = (struct run_oper_it){.c = c, .o = o, .pos = 1};
}

/* The next operand (a word that is neither an option nor an option's value), or NULL. */
const struct sh_word *run_oper_next(struct run_oper_it *it)
{
	while (it->pos < it->c->argc) {
		const struct sh_word *w = &it->c->argv[it->pos++];
		const char *t = w->text;

		if (it->dashdash || t[0] != '-' || t[1] == '\0')
			return w;
		if (strcmp(t, "--") == 0) {
			if (it->o && it->o->stop_at_dashdash) {
				it->pos = it->c->argc;
				return NULL;
			}
			it->dashdash = true;
			continue;
		}
		if (t[1] == '-') {
			if (!strchr(t, '=') && long_takes_value(it->o, t + 2))
				it->pos++;
			continue;
		}
		for (const char *p = t + 1; *p && *p != '='; p++) {
			if (it->o && it->o->short_val && strchr(it->o->short_val, *p)) {
				if (p[1] == '\0')
					it->pos++;
				break;
			}
		}
	}
	return NULL;
}

/* The first operand: the subcommand of apt-get, apk, yum, pip... or NULL. */
const char *run_cmd_sub(const struct sh_cmd *c, const struct run_opt_spec *o)
{
	struct run_oper_it it;
	const struct sh_word *w;

	run_oper_init(&it, c, o);
	w = run_oper_next(&it);
	return w ? w->text : NULL;
}

/* Positions `it` just after the operand `sub` (the subcommand); false when absent. */
bool run_oper_after(struct run_oper_it *it, const struct sh_cmd *c, const struct run_opt_spec *o,
		    const char *sub)
{
	const struct sh_word *w;

	run_oper_init(it, c, o);
	while ((w = run_oper_next(it)))
		if (strcmp(w->text, sub) == 0)
			return true;
	return false;
}

/* True when c has the short option `s` (alone or in a cluster such as -yq) or the long option
 * `l` (as --l or --l=value) before any "--"; either may be 0/NULL. Values are skipped. */
bool run_has_opt(const struct sh_cmd *c, const struct run_opt_spec *o, char s, const char *l)
{
	for (size_t i = 1; i < c->argc; i++) {
		const char *t = c->argv[i].text;

		if (t[0] != '-' || t[1] == '\0')
			continue;
		if (strcmp(t, "--") == 0)
			return false;
		if (t[1] == '-') {
			size_t n = strcspn(t + 2, "=");

			if (l && strlen(l) == n && strncmp(t + 2, l, n) == 0)
				return true;
			if (!strchr(t, '=') && long_takes_value(o, t + 2))
				i++;
			continue;
		}
		for (const char *p = t + 1; *p && *p != '='; p++) {
			if (s && *p == s)
				return true;
			if (o && o->short_val && strchr(o->short_val, *p)) {
				if (p[1] == '\0')
					i++;
				break;
			}
		}
	}
	return false;
}

/* True when a value of option -s / --l (separate, attached or after '=') contains `needle`,
 * ignoring case. */
bool run_opt_value_has(const struct sh_cmd *c, char s, const char *l, const char *needle)
{
	size_t ll = l ? strlen(l) : 0;

	for (size_t i = 1; i < c->argc; i++) {
		const char *t = c->argv[i].text, *v = NULL;

		if (t[0] != '-')
			continue;
		if (t[1] == s && s) {
			v = t[2] ? t + 2 + (t[2] == '=')
				 : (i + 1 < c->argc ? c->argv[i + 1].text : NULL);
		} else if (l && t[1] == '-' && strncmp(t + 2, l, ll) == 0) {
			if (t[2 + ll] == '=')
				v = t + 3 + ll;
			else if (t[2 + ll] == '\0' && i + 1 < c->argc)
				v = c->argv[i + 1].text;
		}
		if (v && strcasestr(v, needle))
			return true;
	}
	return false;
}

bool run_cmd_has_word(const struct sh_cmd *c, const char *w)
{
	for (size_t i = 1; i < c->argc; i++)
		if (strcmp(c->argv[i].text, w) == 0)
			return true;
	return false;
}

/* ---- RUN instructions as scripts ---- */

void run_walk_init(struct run_walk *w, const struct df_subject *s)
{
	w->s = s;
	w->next = 0;
	bw_arena_init(&w->arena, BW_MAX_PARSE_ARENA);
}

void run_walk_releasep(struct run_walk *w)
{
	bw_arena_release(&w->arena);
}

static int run_append(struct bw_arena *a, struct run *r, const struct sh_script *sc, bool nested)
{
	if (r->n_cmds + sc->n_cmds > r->cap) {
		size_t cap = (r->cap ? r->cap : 16);
		struct sh_cmd *cmds;
		bool *nest;

		while (cap < r->n_cmds + sc->n_cmds)
			cap *= 2;
		if (cap > BW_MAX_DF_WORDS)
			return -E2BIG;
		cmds = bw_arena_calloc(a, cap, sizeof(*cmds));
		nest = bw_arena_calloc(a, cap, sizeof(*nest));
		if (!cmds || !nest)
			return -ENOMEM;
		if (r->n_cmds) {
			memcpy(cmds, r->cmds, r->n_cmds * sizeof(*cmds));
			memcpy(nest, r->nested, r->n_cmds * sizeof(*nest));
		}
		r->cmds = cmds;
		r->nested = nest;
		r->cap = cap;
	}
	for (size_t i = 0; i < sc->n_cmds; i++) {
		r->cmds[r->n_cmds] = sc->cmds[i];
		r->nested[r->n_cmds++] = nested;
	}
	return 0;
}

/* Exec-form words as one shell command line, each word single-quoted. */
static char *quote_words(struct bw_arena *a, const char *const *w, size_t n)
{
	size_t len = 1;
	char *out, *p;

	for (size_t i = 0; i < n; i++) {
		len += strlen(w[i]) + 3;
		for (const char *q = w[i]; *q; q++)
			if (*q == '\'')
				len += 3;
	}
	out = bw_arena_alloc(a, len);
	if (!out)
		return NULL;
	p = out;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ' ';
		*p++ = '\'';
		for (const char *q = w[i]; *q; q++) {
			if (*q == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *q;
			}
		}
		*p++ = '\'';
	}
	*p = '\0';
	return out;
}

/* `-o pipefail` (also -eo pipefail, -euxo pipefail) among words[from..n). */
bool run_words_set_pipefail(const struct sh_word *argv, size_t n, size_t from)
{
	for (size_t i = from; i + 1 < n; i++) {
		const char *t = argv[i].text;

		if (t[0] == '-' && t[1] != '-' && strchr(t, 'o') &&
		    strcmp(argv[i + 1].text, "pipefail") == 0)
			return true;
	}
	return false;
}

/* The SHELL instruction in effect at instruction `index` (own stage, then parent stages). */
const struct df_instr *run_active_shell(const struct df_file *df, size_t index)
{
	int stage = df->instrs[index].stage;
	size_t end = index;

	for (int hops = 0; hops < 64; hops++) {
		size_t lo = stage >= 0 ? df->stages[stage].instr : 0;

		for (size_t j = end; j > lo; j--)
			if (df->instrs[j - 1].kind == DF_SHELL && df->instrs[j - 1].n_words > 0)
				return &df->instrs[j - 1];
		if (stage < 0 || df->stages[stage].parent < 0 || df->stages[stage].parent >= stage)
			return NULL;
		stage = df->stages[stage].parent;
		end = df->stages[stage].instr + df->stages[stage].n_instrs;
	}
	return NULL;
}

static bool shell_is_non_posix(const char *word)
{
	const char *b = run_base_name(word);

	return bw_str_casestartswith(b, "pwsh") || bw_str_casestartswith(b, "powershell") ||
	       bw_str_casestartswith(b, "cmd");
}

/* True when RUN at `index` runs in PowerShell or cmd (SHELL, or a Windows base image). */
static bool run_is_non_posix(const struct df_file *df, size_t index)
{
	const struct df_instr *sh = run_active_shell(df, index);
	int stage = df->instrs[index].stage;

	if (sh)
		return shell_is_non_posix(sh->words[0]);
	for (int hops = 0; hops < 64 && stage >= 0; hops++) {
		const struct df_stage *st = &df->stages[stage];
		const char *img = st->image_expanded ? st->image_expanded : st->image;

		if (st->parent < 0 || st->parent >= stage) {
			return img &&
			       (strcasestr(img, "mcr.microsoft.com/windows") ||
				strcasestr(img, "servercore") || strcasestr(img, "nanoserver"));
		}
		stage = st->parent;
	}
	return false;
}

/* A heredoc body is a shell script unless its shebang names another interpreter. */
static bool body_is_shell(const char *body)
{
	const char *p, *e;
	char interp[64];

	if (!bw_str_startswith(body, "#!"))
		return true;
	p = body + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strcspn(p, " \t\n");
	if ((size_t)(e - p) >= sizeof(interp))
		return false;
	memcpy(interp, p, (size_t)(e - p));
	interp[e - p] = '\0';
	if (strcmp(run_base_name(interp), "env") == 0) {
		p = e + strspn(e, " \t");
		if (bw_str_startswith(p, "-S"))
			p += 2 + strspn(p + 2, " \t");
		e = p + strcspn(p, " \t\n");
		if ((size_t)(e - p) >= sizeof(interp))
			return false;
		memcpy(interp, p, (size_t)(e - p));
		interp[e - p] = '\0';
	}
	return run_is_shell(interp);
}

/* Parses the `sh -c '...'` arguments of r's commands (one level) as scripts of their own. */
static int run_parse_nested(struct bw_arena *a, struct run *r)
{
	size_t n = r->n_cmds, done = 0;

	for (size_t k = 0; k < n && done < RUN_MAX_NESTED; k++) {
		struct sh_cmd c = run_cmd_unwrap(&r->cmds[k]);
		struct sh_script sc;
		int ret;

		if (!c.argc || !run_is_shell(c.argv[0].text))
			continue;
		for (size_t i = 1; i + 1 < c.argc; i++) {
			const char *t = c.argv[i].text;

			if (t[0] != '-' || t[1] == '-' || !strchr(t, 'c'))
				continue;
			ret = sh_parse(a, c.argv[i + 1].text, &sc);
			if (ret < 0)
				return ret;
			ret = run_append(a, r, &sc, true);
			if (ret < 0)
				return ret;
			done++;
			break;
		}
	}
	return 0;
}

/* Loads instruction `index` as a RUN. Returns 1 when it is one (r filled), 0 when it is not
 * a RUN (or runs in a non-POSIX shell), or a negative errno. */
int run_load(struct bw_arena *a, struct df_file *df, size_t index, struct run *r)
{
	const struct df_instr *at = &df->instrs[index], *in = at;
	const char *scripts[RUN_MAX_SCRIPTS];
	size_t n_scripts = 0, text_len = 0;
	struct sh_script sc;
	char *text;
	int ret;

	if (at->kind == DF_ONBUILD)
		in = at->onbuild;
	if (!in || in->kind != DF_RUN)
		return 0;
	if (run_is_non_posix(df, index))
		return 0;
	*r = (struct run){.at = at, .in = in, .index = index, .onbuild = at != in};

	if (in->json_form) {
		size_t c = 0;

		if (in->n_words == 0)
			return 0;
		if (run_is_shell(in->words[0])) {
			for (size_t i = 1; i + 1 < in->n_words; i++) {
				const char *t = in->words[i];

				if (t[0] == '-' && t[1] != '-' && strchr(t, 'c')) {
					c = i + 1;
					break;
				}
				if (t[0] == '-' && t[1] != '-' && strchr(t, 'o') &&
				    strcmp(in->words[i + 1], "pipefail") == 0)
					r->exec_pipefail = true;
			}
		}
		if (c) {
			scripts[n_scripts++] = in->words[c];
		} else {
			char *q = quote_words(a, in->words, in->n_words);

			if (!q)
				return -ENOMEM;
			scripts[n_scripts++] = q;
		}
		if (!run_is_shell(in->words[0]))
			r->exec_pipefail = false;
	} else if (in->args_text) {
		scripts[n_scripts++] = in->args_text;
	}

	for (size_t s = 0; s < n_scripts; s++) {
		ret = sh_parse(a, scripts[s], &sc);
		if (ret < 0)
			return ret;
		ret = run_append(a, r, &sc, false);
		if (ret < 0)
			return ret;
	}

	if (in->n_heredocs > 0 && !in->json_form) {
		/* `RUN <<EOF` and `RUN bash <<EOF` run the body; `RUN cat <<EOF >f` does not. */
		bool shell_body = true;

		for (size_t k = 0; k < r->n_cmds; k++) {
			if (r->cmds[k].argc > 0 && r->cmds[k].depth == 0) {
				shell_body = run_is_shell(r->cmds[k].argv[0].text);
				break;
			}
		}
		for (size_t h = 0; shell_body && h < in->n_heredocs && n_scripts < RUN_MAX_SCRIPTS;
		     h++) {
			const char *body = in->heredocs[h].body;

			if (!body || !body_is_shell(body))
				continue;
			scripts[n_scripts++] = body;
			ret = sh_parse(a, body, &sc);
			if (ret < 0)
				return ret;
			ret = run_append(a, r, &sc, false);
			if (ret < 0)
				return ret;
		}
	}

	ret = run_parse_nested(a, r);
	if (ret < 0)
		return ret;
	r->calls = bw_arena_calloc(a, r->n_cmds ? r->n_cmds : 1, sizeof(*r->calls));
	if (!r->calls)
		return -ENOMEM;
	for (size_t k = 0; k < r->n_cmds; k++)
		r->calls[k] = run_cmd_unwrap(&r->cmds[k]);

	for (size_t s = 0; s < n_scripts; s++)
		text_len += strlen(scripts[s]) + 1;
	text = bw_arena_alloc(a, text_len + 1);
	if (!text)
		return -ENOMEM;
	text[0] = '\0';
	for (size_t s = 0, off = 0; s < n_scripts; s++) {
		size_t l = strlen(scripts[s]);

		memcpy(text + off, scripts[s], l);
		off += l;
		text[off++] = '\n';
		text[off] = '\0';
	}
	r->text = text;
	return 1;
}

/* Parses every RUN of the file once into the subject's cache (in the file's arena). */
static int run_cache_fill(const struct df_subject *s)
{
	struct df_run_cache *c = s->runs;
	struct run *runs;
	size_t n = 0;

	if (c->loaded)
		return 0;
	runs = bw_arena_calloc(&s->df->arena, s->df->n_instrs ? s->df->n_instrs : 1, sizeof(*runs));
	if (!runs)
		return -ENOMEM;
	for (size_t i = 0; i < s->df->n_instrs; i++) {
		int ret = run_load(&s->df->arena, s->df, i, &runs[n]);

		if (ret < 0)
			return ret;
		n += ret > 0;
	}
	c->runs = runs;
	c->n = n;
	c->loaded = true;
	return 0;
}

/* The next RUN of the file: 1 with r filled, 0 at the end, or a negative errno. */
int run_next(struct run_walk *w, struct run *r)
{
	if (w->s->runs) {
		int ret = run_cache_fill(w->s);

		if (ret < 0)
			return ret;
		if (w->next >= w->s->runs->n)
			return 0;
		*r = ((const struct run *)w->s->runs->runs)[w->next++];
		return 1;
	}
	while (w->next < w->s->df->n_instrs) {
		int ret = run_load(&w->arena, w->s->df, w->next++, r);

		if (ret != 0)
			return ret;
	}
	return 0;
}

int run_each(const struct bw_rule *self, const void *subject, struct bw_report *out,
	     int (*fn)(const struct run_ctx *x, const struct run *r))
{
	return run_each_with(self, subject, out, fn, NULL);
}

int run_each_with(const struct bw_rule *self, const void *subject, struct bw_report *out,
		  int (*fn)(const struct run_ctx *x, const struct run *r), const void *arg)
{
	const struct run_ctx x = {.self = self, .s = subject, .out = out, .arg = arg};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		ret = fn(&x, &r);
		if (ret < 0)
			return ret;
	}
	return ret;
}

int run_report(const struct bw_rule *self, const struct run *r, struct bw_report *out,
	       const char *fmt, ...)
{
	char msg[BW_MAX_MESSAGE];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bw_report_add_span(out, self, r->at->line, r->at->end_line, r->at->col, "%s", msg);
}

/* ---- Dockerfile context ---- */

/* True when stage `stage` ends up in the image: it is the last stage or one the last stage
 * is built FROM (directly or through other stages). Stages only copied from (COPY --from)
 * leave their layers behind. Instructions before any FROM count as the image. */
static bool stage_reaches_image(const struct df_file *df, int stage)
{
	int s;

	if (stage < 0 || df->n_stages == 0)
		return true;
	s = (int)df->n_stages - 1;
	for (int hops = 0; hops < 64 && s >= 0; hops++) {
		if (s == stage)
			return true;
		if (df->stages[s].parent >= s)
			break;
		s = df->stages[s].parent;
	}
	return false;
}

/* Cache left in a stage that never reaches the image costs nothing: skip those RUNs. */
bool run_cache_matters(const struct df_file *df, const struct run *r)
{
	return r->onbuild || stage_reaches_image(df, r->at->stage);
}

/* The value of ENV/ARG `name` visible at instruction `index` ("" for ARG without default),
 * looking through the stage and its parent stages; NULL when not declared there. */
const char *run_env_lookup(const struct df_file *df, size_t index, const char *name, size_t len)
{
	int stage = df->instrs[index].stage;
	size_t end = index;

	for (int hops = 0; hops < 64; hops++) {
		size_t lo = stage >= 0 ? df->stages[stage].instr : 0;

		for (size_t j = end; j > lo; j--) {
			const struct df_instr *p = &df->instrs[j - 1];

			if (p->kind != DF_ENV && p->kind != DF_ARG)
				continue;
			for (size_t k = p->n_kvs; k > 0; k--) {
				const struct df_kv *kv = &p->kvs[k - 1];

				if (strlen(kv->key) == len && strncmp(kv->key, name, len) == 0)
					return kv->value ? kv->value : "";
			}
		}
		if (stage < 0 || df->stages[stage].parent < 0 || df->stages[stage].parent >= stage)
			return NULL;
		stage = df->stages[stage].parent;
		end = df->stages[stage].instr + df->stages[stage].n_instrs;
	}
	return NULL;
}

/* True when some instruction of `kind` (ARG or ENV) anywhere in the file declares `name`. */
static bool var_declared(const struct df_file *df, enum df_kind kind, const char *name, size_t len)
{
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *p = &df->instrs[i];

		if (p->kind != kind)
			continue;
		for (size_t k = 0; k < p->n_kvs; k++)
			if (strlen(p->kvs[k].key) == len && strncmp(p->kvs[k].key, name, len) == 0)
				return true;
	}
	return false;
}

/* True when every $VAR in `w` may carry a version: declared as a build ARG (set with
 * --build-arg), visible as ENV here, or declared nowhere (base image or shell variable).
 * False when a variable is an ENV of an unrelated stage, which is empty here. */
bool run_vars_may_pin(const struct df_file *df, size_t index, const char *w)
{
	bool any = false;

	for (const char *p = strchr(w, '$'); p; p = strchr(p + 1, '$')) {
		const char *n = p + 1 + (p[1] == '{');
		size_t len = 0;

		while ((n[len] >= 'A' && n[len] <= 'Z') || (n[len] >= 'a' && n[len] <= 'z') ||
		       (n[len] >= '0' && n[len] <= '9') || n[len] == '_')
			len++;
		if (len == 0)
			continue;
		any = true;
		if (var_declared(df, DF_ARG, n, len) || run_env_lookup(df, index, n, len))
			continue;
		if (var_declared(df, DF_ENV, n, len))
			return false;
	}
	return any;
}

/* Any RUN (or ONBUILD RUN) of the file mentions `needle`: configuration written to
 * /etc/apt/apt.conf.d or /etc/yum.conf applies to the later commands. */
bool run_file_runs_mention(const struct df_file *df, size_t before, const char *needle)
{
	for (size_t i = 0; i < before && i < df->n_instrs; i++) {
		const struct df_instr *p = &df->instrs[i];

		if (p->kind == DF_ONBUILD)
			p = p->onbuild;
		if (!p || p->kind != DF_RUN)
			continue;
		if (p->args_text && strcasestr(p->args_text, needle))
			return true;
		for (size_t h = 0; h < p->n_heredocs; h++)
			if (p->heredocs[h].body && strcasestr(p->heredocs[h].body, needle))
				return true;
	}
	return false;
}

/* A `--mount=type=cache|tmpfs,target=...` of the RUN whose target starts with (or, when
 * `anywhere`, contains) `dir`. */
bool run_mounts(const struct run *r, const char *dir, bool anywhere)
{
	for (size_t f = 0; f < r->in->n_flags; f++) {
		const struct df_flag *fl = &r->in->flags[f];
		char buf[512];
		bool cache = false;
		const char *target = NULL;
		size_t n;

		if (strcmp(fl->name, "mount") != 0 || !fl->value)
			continue;
		n = strlen(fl->value);
		if (n >= sizeof(buf))
			continue;
		memcpy(buf, fl->value, n + 1);
		/* quotes may wrap the whole value or one field: target="/var/cache/apt" */
		for (char *src = buf, *dst = buf;; src++) {
			if (*src != '"' && *src != '\'')
				*dst++ = *src;
			if (!*src)
				break;
		}
		for (char *save = NULL, *kv = strtok_r(buf, ",", &save); kv;
		     kv = strtok_r(NULL, ",", &save)) {
			while (*kv == ' ')
				kv++;
			if (strcmp(kv, "type=cache") == 0 || strcmp(kv, "type=tmpfs") == 0)
				cache = true;
			else if (bw_str_startswith(kv, "target="))
				target = kv + 7;
			else if (bw_str_startswith(kv, "dst="))
				target = kv + 4;
			else if (bw_str_startswith(kv, "destination="))
				target = kv + 12;
		}
		if (cache && target &&
		    (anywhere ? strstr(target, dir) != NULL : bw_str_startswith(target, dir)))
			return true;
	}
	return false;
}

/* Index of the last command (at or after `from`) that removes a path starting with one of
 * `paths` (rm, or find ... -delete); -1 when none. */
long run_last_removal(const struct run *r, size_t from, const char *const *paths)
{
	long last = -1;

	for (size_t k = from; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *n = run_cmd_name(&c);

		if (strcmp(n, "rm") != 0 && strcmp(n, "find") != 0)
			continue;
		if (strcmp(n, "find") == 0 && !run_cmd_has_word(&c, "-delete") &&
		    !run_cmd_has_word(&c, "-exec"))
			continue;
		for (size_t i = 1; i < c.argc; i++)
			if (run_str_has_prefix_in(c.argv[i].text, paths))
				last = (long)k;
	}
	return last;
}
