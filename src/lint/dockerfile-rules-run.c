/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile rules DF-100..DF-199: what RUN commands do (package managers, downloads piped
 * into shells, permissions, caches). Each RUN (also under ONBUILD, in exec form running a
 * shell, and its heredoc scripts) is split into simple commands with sh_parse; nothing runs. */
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

static const char *base_name(const char *s)
{
	const char *p = strrchr(s, '/');

	return p ? p + 1 : s;
}

static bool str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool str_has_prefix_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (bw_str_startswith(s, *list))
			return true;
	return false;
}

/* "python", "python3", "python3.11", "pip3.9": `prefix` followed only by digits and dots. */
static bool name_versioned(const char *name, const char *prefix)
{
	if (!bw_str_startswith(name, prefix))
		return false;
	for (const char *p = name + strlen(prefix); *p; p++)
		if (!(*p >= '0' && *p <= '9') && *p != '.')
			return false;
	return true;
}

static const char *const shell_names[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", NULL};

static bool is_shell(const char *name)
{
	return str_in(base_name(name), shell_names);
}

/* A word we cannot judge: a variable or command substitution standing for the whole value. */
static bool is_unknown_word(const char *w)
{
	return w[0] == '$' || w[0] == '`';
}

/* ---- commands and options ---- */

static const char *cmd_name(const struct sh_cmd *c)
{
	return c->argc ? base_name(c->argv[0].text) : "";
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
static struct sh_cmd cmd_unwrap(const struct sh_cmd *c)
{
	struct sh_cmd v = *c;

	for (int round = 0; round < 8 && v.argc > 0; round++) {
		const char *n = cmd_name(&v);
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

/* How a command's options are spelled: which take a separate value. */
struct opt_spec {
	const char *short_val;	     /* short options taking a value ("ot") */
	const char *const *long_val; /* long options taking a value, NULL-terminated */
	bool stop_at_dashdash;	     /* words after "--" belong to something else (gem) */
};

struct oper_it {
	const struct sh_cmd *c;
	const struct opt_spec *o;
	size_t pos;
	bool dashdash;
};

static bool long_takes_value(const struct opt_spec *o, const char *name)
{
	return o && o->long_val && str_in(name, o->long_val);
}

static void oper_init(struct oper_it *it, const struct sh_cmd *c, const struct opt_spec *o)
{
	*it = (struct oper_it){.c = c, .o = o, .pos = 1};
}

/* The next operand (a word that is neither an option nor an option's value), or NULL. */
static const struct sh_word *oper_next(struct oper_it *it)
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
static const char *cmd_sub(const struct sh_cmd *c, const struct opt_spec *o)
{
	struct oper_it it;
	const struct sh_word *w;

	oper_init(&it, c, o);
	w = oper_next(&it);
	return w ? w->text : NULL;
}

/* Positions `it` just after the operand `sub` (the subcommand); false when absent. */
static bool oper_after(struct oper_it *it, const struct sh_cmd *c, const struct opt_spec *o,
		       const char *sub)
{
	const struct sh_word *w;

	oper_init(it, c, o);
	while ((w = oper_next(it)))
		if (strcmp(w->text, sub) == 0)
			return true;
	return false;
}

/* True when c has the short option `s` (alone or in a cluster such as -yq) or the long option
 * `l` (as --l or --l=value) before any "--"; either may be 0/NULL. Values are skipped. */
static bool has_opt(const struct sh_cmd *c, const struct opt_spec *o, char s, const char *l)
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
static bool opt_value_has(const struct sh_cmd *c, char s, const char *l, const char *needle)
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

static bool cmd_has_word(const struct sh_cmd *c, const char *w)
{
	for (size_t i = 1; i < c->argc; i++)
		if (strcmp(c->argv[i].text, w) == 0)
			return true;
	return false;
}

/* ---- RUN instructions as scripts ---- */

struct run {
	const struct df_instr *at; /* where findings point: the RUN, or the ONBUILD wrapping it */
	const struct df_instr *in; /* the RUN itself */
	size_t index;		   /* of `at` in df->instrs */
	bool onbuild;		   /* `at` is ONBUILD RUN: it runs in images built FROM this one */
	bool exec_pipefail;	   /* exec form ["bash", "-o", "pipefail", "-c", "..."] */
	struct sh_cmd *cmds;	   /* every script's commands, in order */
	bool *nested;		   /* cmds[i] came from parsing an `sh -c '...'` argument */
	size_t n_cmds, cap;
	const char *text; /* the scripts joined with newlines, for substring checks */
};

struct run_walk {
	const struct df_subject *s;
	struct bw_arena arena; /* parse results of the current rule's walk */
	size_t next;
};

static void run_walk_init(struct run_walk *w, const struct df_subject *s)
{
	w->s = s;
	w->next = 0;
	bw_arena_init(&w->arena, BW_MAX_PARSE_ARENA);
}

static void run_walk_releasep(struct run_walk *w)
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
static bool words_set_pipefail(const struct sh_word *argv, size_t n, size_t from)
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
static const struct df_instr *active_shell(const struct df_file *df, size_t index)
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
	const char *b = base_name(word);

	return bw_str_casestartswith(b, "pwsh") || bw_str_casestartswith(b, "powershell") ||
	       bw_str_casestartswith(b, "cmd");
}

/* True when RUN at `index` runs in PowerShell or cmd (SHELL, or a Windows base image). */
static bool run_is_non_posix(const struct df_file *df, size_t index)
{
	const struct df_instr *sh = active_shell(df, index);
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
	if (strcmp(base_name(interp), "env") == 0) {
		p = e + strspn(e, " \t");
		if (bw_str_startswith(p, "-S"))
			p += 2 + strspn(p + 2, " \t");
		e = p + strcspn(p, " \t\n");
		if ((size_t)(e - p) >= sizeof(interp))
			return false;
		memcpy(interp, p, (size_t)(e - p));
		interp[e - p] = '\0';
	}
	return is_shell(interp);
}

/* Parses the `sh -c '...'` arguments of r's commands (one level) as scripts of their own. */
static int run_parse_nested(struct bw_arena *a, struct run *r)
{
	size_t n = r->n_cmds, done = 0;

	for (size_t k = 0; k < n && done < RUN_MAX_NESTED; k++) {
		struct sh_cmd c = cmd_unwrap(&r->cmds[k]);
		struct sh_script sc;
		int ret;

		if (!c.argc || !is_shell(c.argv[0].text))
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
static int run_load(struct bw_arena *a, struct df_file *df, size_t index, struct run *r)
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
		if (is_shell(in->words[0])) {
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
		if (!is_shell(in->words[0]))
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
				shell_body = is_shell(r->cmds[k].argv[0].text);
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
static int run_next(struct run_walk *w, struct run *r)
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

static int run_report(const struct bw_rule *self, const struct run *r, struct bw_report *out,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int run_report(const struct bw_rule *self, const struct run *r, struct bw_report *out,
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
static bool run_cache_matters(const struct df_file *df, const struct run *r)
{
	return r->onbuild || stage_reaches_image(df, r->at->stage);
}

/* The value of ENV/ARG `name` visible at instruction `index` ("" for ARG without default),
 * looking through the stage and its parent stages; NULL when not declared there. */
static const char *env_lookup(const struct df_file *df, size_t index, const char *name, size_t len)
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
static bool vars_may_pin(const struct df_file *df, size_t index, const char *w)
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
		if (var_declared(df, DF_ARG, n, len) || env_lookup(df, index, n, len))
			continue;
		if (var_declared(df, DF_ENV, n, len))
			return false;
	}
	return any;
}

/* Any RUN (or ONBUILD RUN) of the file mentions `needle`: configuration written to
 * /etc/apt/apt.conf.d or /etc/yum.conf applies to the later commands. */
static bool file_runs_mention(const struct df_file *df, size_t before, const char *needle)
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
static bool run_mounts(const struct run *r, const char *dir, bool anywhere)
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
static long last_removal(const struct run *r, size_t from, const char *const *paths)
{
	long last = -1;

	for (size_t k = from; k < r->n_cmds; k++) {
		struct sh_cmd c = cmd_unwrap(&r->cmds[k]);
		const char *n = cmd_name(&c);

		if (strcmp(n, "rm") != 0 && strcmp(n, "find") != 0)
			continue;
		if (strcmp(n, "find") == 0 && !cmd_has_word(&c, "-delete") &&
		    !cmd_has_word(&c, "-exec"))
			continue;
		for (size_t i = 1; i < c.argc; i++)
			if (str_has_prefix_in(c.argv[i].text, paths))
				last = (long)k;
	}
	return last;
}

/* ---- package manager vocabulary ---- */

static const char *const apt_long_vals[] = {"option", "target-release", "default-release",
					    "config-file", NULL};
static const struct opt_spec apt_opts = {.short_val = "otc", .long_val = apt_long_vals};

static const char *const apk_long_vals[] = {
	"virtual",   "repository",	  "root", "arch", "keys-dir",
	"cache-dir", "repositories-file", NULL};
static const struct opt_spec apk_opts = {.short_val = "tXp", .long_val = apk_long_vals};

static const char *const rpm_long_vals[] = {
	"installroot", "releasever",   "repo",	     "repoid",	    "enablerepo",   "disablerepo",
	"exclude",     "setopt",       "config",     "downloaddir", "destdir",	    "color",
	"forcearch",   "rpmverbosity", "debuglevel", "errorlevel",  "repofrompath", NULL,
};
static const struct opt_spec rpm_opts = {.short_val = "cxdeR", .long_val = rpm_long_vals};

static const char *const zypper_long_vals[] = {"repo",		"from",		 "type",
					       "root",		"config",	 "reposd-path",
					       "cache-dir",	"raw-cache-dir", "solv-cache-dir",
					       "pkg-cache-dir", "installroot",	 NULL};
static const struct opt_spec zypper_opts = {.short_val = "rtcDR", .long_val = zypper_long_vals};

static bool is_apt(const char *n)
{
	return strcmp(n, "apt-get") == 0 || strcmp(n, "apt") == 0 || strcmp(n, "aptitude") == 0;
}

static bool is_dnf(const char *n)
{
	return strcmp(n, "dnf") == 0 || strcmp(n, "microdnf") == 0 || name_versioned(n, "dnf");
}

/* The subcommand of an apt-get/apt/aptitude/apk/yum/dnf/zypper command, or NULL. */
static const char *pkg_sub(const struct sh_cmd *c, const char **ret_manager)
{
	const char *n = cmd_name(c);
	const struct opt_spec *o;

	if (is_apt(n))
		o = &apt_opts;
	else if (strcmp(n, "apk") == 0)
		o = &apk_opts;
	else if (strcmp(n, "yum") == 0 || is_dnf(n))
		o = &rpm_opts;
	else if (strcmp(n, "zypper") == 0)
		o = &zypper_opts;
	else
		return NULL;
	*ret_manager = n;
	return cmd_sub(c, o);
}

/* ---- DF-100: download piped into a shell ---- */

/* True when interpreter command c would execute what arrives on its standard input. */
static bool runs_stdin(const struct sh_cmd *c)
{
	const char *n = cmd_name(c);
	const char *code_opts; /* options whose presence means the program comes from an argument */
	const char *vals;      /* short options taking a value */
	struct opt_spec o = {0};
	struct oper_it it;
	const struct sh_word *w;

	if (is_shell(n)) {
		code_opts = "c";
		vals = "oO";
	} else if (name_versioned(n, "python") || name_versioned(n, "pypy")) {
		code_opts = "cm";
		vals = "WXQ";
	} else if (strcmp(n, "perl") == 0 || strcmp(n, "ruby") == 0) {
		code_opts = "eE";
		vals = "IrM";
	} else if (strcmp(n, "node") == 0 || strcmp(n, "nodejs") == 0) {
		code_opts = "ep";
		vals = "r";
	} else if (name_versioned(n, "php")) {
		code_opts = "rRBEF";
		vals = "cdz";
	} else {
		return false;
	}
	for (const char *p = code_opts; *p; p++)
		if (has_opt(c, NULL, *p, NULL))
			return false;
	if (has_opt(c, NULL, 0, "eval") || has_opt(c, NULL, 0, "print"))
		return false;
	o.short_val = vals;
	oper_init(&it, c, &o);
	w = oper_next(&it);
	return !w || strcmp(w->text, "-") == 0 || (is_shell(n) && has_opt(c, NULL, 's', NULL));
}

static bool is_interpreter(const char *n)
{
	return is_shell(n) || name_versioned(n, "python") || name_versioned(n, "pypy") ||
	       strcmp(n, "perl") == 0 || strcmp(n, "ruby") == 0 || strcmp(n, "node") == 0 ||
	       strcmp(n, "nodejs") == 0 || name_versioned(n, "php");
}

static bool is_downloader(const char *n)
{
	return strcmp(n, "curl") == 0 || strcmp(n, "wget") == 0;
}

/* curl writes to stdout unless -o FILE / -O; wget writes to a file unless -O - (-qO-). */
static bool downloads_to_stdout(const struct sh_cmd *c)
{
	bool curl = strcmp(cmd_name(c), "curl") == 0;

	for (size_t i = 1; i < c->argc; i++) {
		const char *t = c->argv[i].text, *v = NULL;

		if (t[0] != '-' || t[1] == '\0')
			continue;
		if (t[1] == '-') {
			if (curl && (strcmp(t, "--remote-name") == 0 ||
				     strcmp(t, "--remote-name-all") == 0))
				return false;
			if (strcmp(t, curl ? "--output" : "--output-document") == 0)
				v = i + 1 < c->argc ? c->argv[i + 1].text : "";
			else if (bw_str_startswith(t, curl ? "--output=" : "--output-document="))
				v = strchr(t, '=') + 1;
			if (v)
				return strcmp(v, "-") == 0 || strcmp(v, "/dev/stdout") == 0;
			continue;
		}
		/* a short cluster: -fsSLo FILE, -qO-, -O - */
		for (const char *p = t + 1; *p; p++) {
			char want = curl ? 'o' : 'O';

			if (curl && *p == 'O')
				return false;
			if (*p != want)
				continue;
			v = p[1] ? p + 1 : (i + 1 < c->argc ? c->argv[i + 1].text : "");
			return strcmp(v, "-") == 0 || strcmp(v, "/dev/stdout") == 0;
		}
	}
	return curl;
}

/* "$(curl ...", "`wget ...", "<(curl ..." in s: a download substituted into a command line. */
static const char *download_subst(const char *s, const char *open)
{
	for (const char *p = strstr(s, open); p; p = strstr(p + 1, open)) {
		const char *q = p + strlen(open), *e;
		char word[64];

		q += strspn(q, " \t");
		e = q + strcspn(q, " \t)`\n;|&");
		if ((size_t)(e - q) >= sizeof(word))
			continue;
		memcpy(word, q, (size_t)(e - q));
		word[e - q] = '\0';
		if (is_downloader(base_name(word)))
			return base_name(word)[0] == 'c' ? "curl" : "wget";
	}
	return NULL;
}

/* `bash <(curl ...)`, `source <(wget -O- ...)`: the word before "<(" runs the download. */
static const char *process_subst_runner(const char *text, const char **ret_dl, char *buf,
					size_t bufsz)
{
	for (const char *p = strstr(text, "<("); p; p = strstr(p + 2, "<(")) {
		const char *dl = download_subst(p, "<(");
		const char *e = p, *b;

		if (!dl)
			continue;
		/* walk back over spaces and options to the command word */
		for (int words = 0; words < 4 && e > text; words++) {
			while (e > text && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			b = e;
			while (b > text && !strchr(" \t\n;&|(", b[-1]))
				b--;
			if (b == e)
				break;
			if (b[0] == '-') {
				e = b;
				continue;
			}
			if ((size_t)(e - b) >= bufsz)
				break;
			memcpy(buf, b, (size_t)(e - b));
			buf[e - b] = '\0';
			if (is_interpreter(base_name(buf)) || strcmp(buf, "source") == 0 ||
			    strcmp(buf, ".") == 0) {
				*ret_dl = dl;
				return base_name(buf);
			}
			break;
		}
	}
	return NULL;
}

static int check_curl_pipe_shell(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *dl = NULL, *runner = NULL, *how = NULL;
		char buf[64];

		for (size_t k = 0; k < r.n_cmds && !runner; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *n = cmd_name(&c);

			if (!c.argc)
				continue;
			if (is_downloader(n) && r.cmds[k].op == SH_OP_PIPE &&
			    downloads_to_stdout(&c)) {
				int d = r.cmds[k].depth;

				for (size_t j = k + 1; j < r.n_cmds; j++) {
					struct sh_cmd rc;

					if (r.cmds[j].depth > d)
						continue;
					if (r.cmds[j].depth < d)
						break;
					rc = cmd_unwrap(&r.cmds[j]);
					if (rc.argc && runs_stdin(&rc)) {
						dl = n;
						runner = cmd_name(&rc);
						how = "pipe";
						break;
					}
					if (r.cmds[j].op != SH_OP_PIPE)
						break;
				}
				continue;
			}
			/* sh -c "$(curl ...)", eval "$(wget -O- ...)", python3 -c "$(curl ...)" */
			if (is_interpreter(n) || strcmp(n, "eval") == 0) {
				for (size_t i = 1; i < c.argc && !runner; i++) {
					const char *t = c.argv[i].text;
					const char *d1 = download_subst(t, "$(");

					if (!d1)
						d1 = download_subst(t, "`");
					if (d1) {
						dl = d1;
						runner = n;
						how = "subst";
					}
				}
			}
		}
		if (!runner) {
			runner = process_subst_runner(r.text, &dl, buf, sizeof(buf));
			how = "procsubst";
		}
		if (!runner)
			continue;
		if (strcmp(how, "pipe") == 0)
			ret = run_report(self, &r, out,
					 "'%s' output is piped into '%s', which runs whatever the "
					 "server sends",
					 dl, runner);
		else
			ret = run_report(self, &r, out,
					 "'%s' runs code fetched by '%s' without checking it",
					 runner, dl);
		if (ret < 0)
			return ret;
	}
	return ret;
}

/* ---- DF-101: world-writable permissions ---- */

static bool is_tmp_dir(const char *p)
{
	static const char *const tmp[] = {"/tmp", "/var/tmp", "/dev/shm", NULL};

	for (const char *const *t = tmp; *t; t++) {
		size_t n = strlen(*t);

		if (strncmp(p, *t, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return true;
	}
	return false;
}

/* Mode grants write to others? Sets *sticky for the sticky bit. False for unknown modes. */
static bool mode_world_writable(const char *m, bool *sticky)
{
	*sticky = false;
	if (m[0] >= '0' && m[0] <= '7') {
		unsigned v = 0;
		size_t n = 0;

		for (const char *p = m; *p; p++, n++) {
			if (*p < '0' || *p > '7' || n >= 5)
				return false;
			v = v * 8 + (unsigned)(*p - '0');
		}
		*sticky = (v & 01000) != 0;
		return (v & 02) != 0;
	}
	/* symbolic: clauses [ugoa]*([-+=][rwxXst]*)+ separated by commas */
	{
		bool ww = false;
		const char *p = m;

		while (*p) {
			bool others = false;

			while (*p && strchr("ugoa", *p)) {
				if (*p == 'o' || *p == 'a')
					others = true;
				p++;
			}
			if (!*p || !strchr("+-=", *p))
				return false;
			while (*p && strchr("+-=", *p)) {
				char op = *p++;
				bool w = false, t = false;

				while (*p && strchr("rwxXstugo", *p)) {
					w |= *p == 'w';
					t |= *p == 't';
					p++;
				}
				if (op != '-') {
					if (w && others)
						ww = true;
					if (t)
						*sticky = true;
				}
			}
			if (*p == ',')
				p++;
			else if (*p)
				return false;
		}
		return ww;
	}
}

static int check_world_writable(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	static const char *const chmod_long_vals[] = {"reference", NULL};
	static const struct opt_spec chmod_opts = {.long_val = chmod_long_vals};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *n = cmd_name(&c), *mode = NULL, *target = NULL;
			bool sticky, all_tmp = true;
			struct oper_it it;
			const struct sh_word *wd;

			if (strcmp(n, "chmod") == 0) {
				oper_init(&it, &c, &chmod_opts);
				/* chmod also accepts modes such as -w that look like options */
				wd = oper_next(&it);
				if (!wd)
					continue;
				mode = wd->text;
				while ((wd = oper_next(&it))) {
					if (!target)
						target = wd->text;
					all_tmp &= is_tmp_dir(wd->text);
				}
			} else if (strcmp(n, "mkdir") == 0 || strcmp(n, "install") == 0) {
				for (size_t i = 1; i < c.argc && !mode; i++) {
					const char *t = c.argv[i].text;

					if (strcmp(t, "-m") == 0 || strcmp(t, "--mode") == 0)
						mode = i + 1 < c.argc ? c.argv[i + 1].text : NULL;
					else if (bw_str_startswith(t, "--mode="))
						mode = t + 7;
					else if (bw_str_startswith(t, "-m"))
						mode = t + 2;
				}
				if (!mode)
					continue;
				{
					static const char *const mk_long_vals[] = {
						"mode",	   "owner",  "group",
						"context", "suffix", "target-directory",
						NULL};
					static const struct opt_spec mk_opts = {
						.short_val = "mogSt", .long_val = mk_long_vals};

					oper_init(&it, &c, &mk_opts);
					while ((wd = oper_next(&it))) {
						target = wd->text; /* install: the destination is
								      last */
						all_tmp &= is_tmp_dir(wd->text);
					}
				}
			} else {
				continue;
			}
			if (!mode || !target || !mode_world_writable(mode, &sticky))
				continue;
			if (sticky && all_tmp)
				continue; /* 1777 on /tmp is what /tmp is */
			ret = run_report(
				self, &r, out, "'%s%s %s' makes '%.200s' writable by every user%s",
				n, strcmp(n, "chmod") == 0 ? "" : " -m", mode, target,
				sticky ? " (sticky: they cannot remove each other's files)" : "");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- DF-102: sudo ---- */

static int check_sudo(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			const struct sh_cmd *c = &r.cmds[k];
			struct sh_cmd v;

			if (!c->argc || strcmp(cmd_name(c), "sudo") != 0)
				continue;
			v = cmd_unwrap(c);
			ret = run_report(self, &r, out,
					 "'sudo%s%.80s' is used in RUN, which already runs as the "
					 "image user",
					 v.argc ? " " : "", v.argc ? cmd_name(&v) : "");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- DF-103: package index update alone ---- */

/* The package family an index refresh or install belongs to ("apt", "apk", "rpm", "zypper"),
 * and whether the command refreshes the index (update) or installs/upgrades packages. */
static const char *pkg_action(const struct sh_cmd *c, bool *ret_update, bool *ret_install)
{
	static const char *const apt_inst[] = {"install",      "upgrade",      "dist-upgrade",
					       "full-upgrade", "build-dep",    "reinstall",
					       "satisfy",      "safe-upgrade", "download",
					       "source",       "dist-clean",   NULL};
	static const char *const apk_inst[] = {"add", "upgrade", "fix", NULL};
	static const char *const rpm_inst[] = {
		"install", "in",	"update",	"upgrade",
		"up",	   "reinstall", "groupinstall", "localinstall",
		"group",   "module",	"distro-sync",	"upgrade-minimal",
		NULL};
	static const char *const zyp_inst[] = {"install",      "in",  "update", "up",
					       "dist-upgrade", "dup", "patch",	"source-install",
					       "si",	       NULL};
	const char *mgr = NULL, *sub = pkg_sub(c, &mgr);

	*ret_update = *ret_install = false;
	if (!sub)
		return NULL;
	if (is_apt(mgr)) {
		*ret_update = strcmp(sub, "update") == 0;
		*ret_install = str_in(sub, apt_inst);
		return "apt";
	}
	if (strcmp(mgr, "apk") == 0) {
		*ret_update = strcmp(sub, "update") == 0;
		*ret_install = str_in(sub, apk_inst);
		return "apk";
	}
	if (strcmp(mgr, "zypper") == 0) {
		*ret_update = strcmp(sub, "refresh") == 0 || strcmp(sub, "ref") == 0;
		*ret_install = str_in(sub, zyp_inst);
		return "zypper";
	}
	/* yum/dnf `update` upgrades packages; only makecache is a bare index refresh */
	*ret_update = strcmp(sub, "makecache") == 0;
	*ret_install = str_in(sub, rpm_inst);
	return "rpm";
}

/* A command that runs a script of the build (`bash /tmp/setup.sh`, `./install.sh`), which
 * may well install what the index update was for. */
static bool runs_script(const struct sh_cmd *c)
{
	struct oper_it it;
	const struct sh_word *w;

	if (!c->argc)
		return false;
	if (strchr(c->argv[0].text, '/') && !is_interpreter(cmd_name(c)))
		return true;
	if (!is_shell(cmd_name(c)) && strcmp(cmd_name(c), ".") != 0 &&
	    strcmp(cmd_name(c), "source") != 0)
		return false;
	if (has_opt(c, NULL, 'c', NULL))
		return false;
	oper_init(&it, c, NULL);
	w = oper_next(&it);
	return w && strcmp(w->text, "-") != 0;
}

static int check_update_alone(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	static const char *const apt_lists[] = {"/var/lib/apt/lists", NULL};
	static const char *const apk_index[] = {"/var/cache/apk", NULL};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			bool upd, inst, followed = false;
			const char *fam = pkg_action(&c, &upd, &inst), *sub;

			if (!fam || !upd)
				continue;
			for (size_t j = k + 1; j < r.n_cmds && !followed; j++) {
				struct sh_cmd d = cmd_unwrap(&r.cmds[j]);
				bool u2, i2;
				const char *f2 = pkg_action(&d, &u2, &i2);

				followed = (f2 && i2 && strcmp(f2, fam) == 0) || runs_script(&d);
			}
			/* the index removed again in the same RUN leaves nothing stale behind */
			if (followed ||
			    (strcmp(fam, "apt") == 0 && last_removal(&r, k + 1, apt_lists) >= 0) ||
			    (strcmp(fam, "apk") == 0 && last_removal(&r, k + 1, apk_index) >= 0))
				continue;
			sub = cmd_sub(&c, NULL);
			ret = run_report(self, &r, out,
					 "'%s %s' is not followed by an install in the same RUN",
					 cmd_name(&c), sub ? sub : "update");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- apt-get ---- */

/* An apt-get command whose subcommand is `sub`; a simulation (-s) installs nothing. */
static bool is_apt_get(const struct sh_cmd *c, const char *sub)
{
	const char *s;

	if (strcmp(cmd_name(c), "apt-get") != 0)
		return false;
	s = cmd_sub(c, &apt_opts);
	if (!s || strcmp(s, sub) != 0)
		return false;
	return !has_opt(c, &apt_opts, 's', "simulate") && !has_opt(c, &apt_opts, 0, "dry-run") &&
	       !has_opt(c, &apt_opts, 0, "just-print") && !has_opt(c, &apt_opts, 0, "no-act") &&
	       !has_opt(c, &apt_opts, 0, "recon");
}

/* Assume-yes level of an apt-get command: -y, --yes, --assume-yes, or -qq (quiet level 2). */
static bool apt_assumes_yes(const struct sh_cmd *c)
{
	unsigned quiet = 0;

	if (has_opt(c, &apt_opts, 'y', "yes") || has_opt(c, &apt_opts, 0, "assume-yes") ||
	    has_opt(c, &apt_opts, 0, "force-yes") ||
	    opt_value_has(c, 'o', "option", "Assume-Yes=true") ||
	    opt_value_has(c, 'o', "option", "Assume-Yes=1"))
		return true;
	for (size_t i = 1; i < c->argc; i++) {
		const char *t = c->argv[i].text;

		if (strcmp(t, "--") == 0)
			break;
		if (strcmp(t, "--quiet") == 0) {
			quiet++;
		} else if (bw_str_startswith(t, "--quiet=") || bw_str_startswith(t, "-q=")) {
			quiet += (unsigned)strtoul(strchr(t, '=') + 1, NULL, 10);
		} else if (t[0] == '-' && t[1] != '-') {
			for (const char *p = t + 1; *p && *p != '='; p++) {
				if (*p == 'q')
					quiet++;
				if (strchr(apt_opts.short_val, *p)) {
					if (p[1] == '\0')
						i++;
					break;
				}
			}
		}
	}
	return quiet >= 2;
}

/* True when the command before k in a pipeline is `yes`. */
static bool piped_from_yes(const struct run *r, size_t k)
{
	for (size_t j = k; j > 0; j--) {
		const struct sh_cmd *p = &r->cmds[j - 1];

		if (p->depth > r->cmds[k].depth)
			continue;
		return p->op == SH_OP_PIPE && p->depth == r->cmds[k].depth &&
		       strcmp(cmd_name(p), "yes") == 0;
	}
	return false;
}

static int check_apt_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);

			if (!is_apt_get(&c, "install") || apt_assumes_yes(&c) ||
			    piped_from_yes(&r, k))
				continue;
			if (file_runs_mention(s->df, r.index + 1, "::Assume-Yes"))
				continue;
			ret = run_report(self, &r, out,
					 "'apt-get install' runs without '-y' and stops at the "
					 "confirmation prompt");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* The first package operand after the subcommand `sub`; counts them in *ret_n. */
static const char *first_package(const struct sh_cmd *c, const struct opt_spec *o, const char *sub,
				 size_t *ret_n)
{
	struct oper_it it;
	const struct sh_word *w;
	const char *first = NULL;

	*ret_n = 0;
	if (!oper_after(&it, c, o, sub))
		return NULL;
	while ((w = oper_next(&it))) {
		if (!first)
			first = w->text;
		(*ret_n)++;
	}
	return first;
}

static int check_apt_recommends(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			size_t n;
			const char *first;

			if (!is_apt_get(&c, "install"))
				continue;
			if (has_opt(&c, &apt_opts, 0, "no-install-recommends") ||
			    opt_value_has(&c, 'o', "option", "Install-Recommends=false") ||
			    opt_value_has(&c, 'o', "option", "Install-Recommends=0") ||
			    opt_value_has(&c, 'o', "option", "Install-Recommends=no"))
				continue;
			first = first_package(&c, &apt_opts, "install", &n);
			if (!first)
				continue;
			if (file_runs_mention(s->df, r.index + 1, "::Install-Recommends"))
				continue;
			ret = run_report(
				self, &r, out,
				"'apt-get install %.80s%s' also installs recommended packages",
				first, n > 1 ? " ..." : "");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

static int check_apt_dist_upgrade(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *n = cmd_name(&c), *sub;

			if (!is_apt(n))
				continue;
			sub = cmd_sub(&c, &apt_opts);
			if (!sub ||
			    (strcmp(sub, "dist-upgrade") != 0 &&
			     (strcmp(sub, "full-upgrade") != 0 || strcmp(n, "apt-get") == 0)))
				continue;
			ret = run_report(
				self, &r, out,
				"'%s %s' may move the image to another distribution release", n,
				sub);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* `apt-get dist-clean` (apt 2.7+) removes the package lists too. */
static bool apt_dist_cleans(const struct run *r)
{
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = cmd_unwrap(&r->cmds[k]);
		const char *sub;

		if (!is_apt(cmd_name(&c)))
			continue;
		sub = cmd_sub(&c, &apt_opts);
		if (sub && strcmp(sub, "dist-clean") == 0)
			return true;
	}
	return false;
}

static int check_apt_lists(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const lists[] = {"/var/lib/apt/lists", NULL};
	static const char *const lib_apt[] = {"/var/lib/apt/*", NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *mgr = NULL;

		for (size_t k = 0; k < r.n_cmds && !mgr; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *n = cmd_name(&c), *sub;

			if (!is_apt(n))
				continue;
			sub = cmd_sub(&c, &apt_opts);
			if (sub && strcmp(sub, "update") == 0)
				mgr = n;
		}
		if (!mgr)
			continue;
		if (last_removal(&r, 0, lists) >= 0 || last_removal(&r, 0, lib_apt) >= 0 ||
		    apt_dist_cleans(&r))
			continue;
		if (run_mounts(&r, "/var/lib/apt/lists", false) ||
		    (run_mounts(&r, "/var/lib/apt", false) &&
		     run_mounts(&r, "/var/cache/apt", false)))
			continue;
		if (!run_cache_matters(s->df, &r))
			continue; /* a build stage the image is not built FROM: its layers are
				     thrown away */
		ret = run_report(self, &r, out,
				 "'%s update' leaves the package lists in the layer (no 'rm -rf "
				 "/var/lib/apt/lists/*')",
				 mgr);
		if (ret < 0)
			return ret;
	}
	return ret;
}

/* Reports the first unpinned package of a RUN, naming how many there are. */
static int report_unpinned(const struct bw_rule *self, const struct run *r, struct bw_report *out,
			   const char *what, const char *first, size_t n)
{
	if (n > 1)
		return run_report(
			self, r, out,
			"'%s' installs '%.80s' and %zu more package%s without a pinned version",
			what, first, n - 1, n > 2 ? "s" : "");
	return run_report(self, r, out, "'%s' installs '%.80s' without a pinned version", what,
			  first);
}

static int check_apt_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			struct oper_it it;
			const struct sh_word *wd;

			if (!is_apt_get(&c, "install") ||
			    !oper_after(&it, &c, &apt_opts, "install"))
				continue;
			while ((wd = oper_next(&it))) {
				const char *p = wd->text;

				if (is_unknown_word(p) || strchr(p, '=') || strchr(p, '/') ||
				    bw_str_endswith(p, ".deb"))
					continue;
				if (!first)
					first = p;
				n++;
			}
		}
		if (!first)
			continue;
		ret = report_unpinned(self, &r, out, "apt-get install", first, n);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_apt_front_end(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub;

			if (strcmp(cmd_name(&c), "apt") != 0)
				continue;
			sub = cmd_sub(&c, &apt_opts);
			ret = run_report(self, &r, out,
					 "'apt%s%.40s' uses apt, whose command line is not stable "
					 "for scripts",
					 sub ? " " : "", sub ? sub : "");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- apk ---- */

static bool is_apk(const struct sh_cmd *c, const char *sub)
{
	const char *s;

	if (strcmp(cmd_name(c), "apk") != 0)
		return false;
	s = cmd_sub(c, &apk_opts);
	return s && strcmp(s, sub) == 0;
}

static int check_apk_cache(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const apk_cache[] = {"/var/cache/apk", NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		if (!run_cache_matters(s->df, &r))
			continue;
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			bool cleaned = false;

			/* --no-network fetches nothing, so nothing is cached either */
			if (!is_apk(&c, "add") || has_opt(&c, &apk_opts, 0, "no-cache") ||
			    has_opt(&c, &apk_opts, 0, "no-network"))
				continue;
			if (run_mounts(&r, "/var/cache/apk", false) ||
			    last_removal(&r, k + 1, apk_cache) >= 0)
				continue;
			for (size_t j = k + 1; j < r.n_cmds && !cleaned; j++) {
				struct sh_cmd d = cmd_unwrap(&r.cmds[j]);

				cleaned = is_apk(&d, "cache") &&
					  (cmd_has_word(&d, "clean") || cmd_has_word(&d, "purge"));
			}
			if (cleaned)
				continue;
			ret = run_report(self, &r, out,
					 "'apk add' without '--no-cache' leaves the package index "
					 "in the layer");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

static int check_apk_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			struct oper_it it;
			const struct sh_word *wd;

			if (!is_apk(&c, "add") || !oper_after(&it, &c, &apk_opts, "add"))
				continue;
			while ((wd = oper_next(&it))) {
				const char *p = wd->text;

				if (is_unknown_word(p) || strpbrk(p, "=~<>") ||
				    bw_str_endswith(p, ".apk"))
					continue;
				if (!first)
					first = p;
				n++;
			}
		}
		if (!first)
			continue;
		ret = report_unpinned(self, &r, out, "apk add", first, n);
		if (ret < 0)
			return ret;
	}
	return ret;
}

/* ---- yum, dnf, microdnf ---- */

/* The subcommand of a yum (`dnf` false) or dnf/microdnf (`dnf` true) command, or NULL. */
static const char *rpm_sub(const struct sh_cmd *c, bool dnf)
{
	const char *n = cmd_name(c);

	if (dnf ? !is_dnf(n) : strcmp(n, "yum") != 0)
		return NULL;
	return cmd_sub(c, &rpm_opts);
}

static bool rpm_assumes_yes(const struct run *r, size_t k, const struct sh_cmd *c)
{
	return has_opt(c, &rpm_opts, 'y', "assumeyes") || has_opt(c, &rpm_opts, 0, "yes") ||
	       piped_from_yes(r, k);
}

static int check_rpm_yes(const struct bw_rule *self, const void *subject, struct bw_report *out,
			 bool dnf)
{
	static const char *const prompting[] = {
		"install",   "in",     "groupinstall", "localinstall",
		"reinstall", "update", "upgrade",      "up",
		"remove",    "erase",  "rm",	       "downgrade",
		"group",     "module", "distro-sync",  NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub = rpm_sub(&c, dnf);

			if (!sub || !str_in(sub, prompting) || rpm_assumes_yes(&r, k, &c))
				continue;
			if (file_runs_mention(s->df, r.index, "assumeyes="))
				continue;
			ret = run_report(
				self, &r, out,
				"'%s %s' runs without '-y' and stops at the confirmation prompt",
				cmd_name(&c), sub);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

static int check_yum_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_rpm_yes(self, subject, out, false);
}

static int check_dnf_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_rpm_yes(self, subject, out, true);
}

/* Installs that fill the package cache. */
static const char *const rpm_fills_cache[] = {
	"install",	"in",	       "reinstall", "rei",    "groupinstall",
	"localinstall", "update",      "upgrade",   "up",     "upgrade-minimal",
	"up-min",	"distro-sync", "group",	    "module", NULL};

static int check_rpm_clean(const struct bw_rule *self, const void *subject, struct bw_report *out,
			   bool dnf)
{
	static const char *const caches[] = {"/var/cache/yum", "/var/cache/dnf",
					     "/var/cache/libdnf5", NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		long last_install = -1;
		const char *name = NULL, *sub = NULL;
		bool cleaned = false;

		if (!run_cache_matters(s->df, &r))
			continue;
		if (run_mounts(&r, "/var/cache/yum", false) ||
		    run_mounts(&r, "/var/cache/dnf", false) ||
		    run_mounts(&r, "/var/cache/libdnf5", false))
			continue;
		/* each command name needs its own clean: `dnf install` is not cleaned by `microdnf
		 * clean` */
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *s2 = rpm_sub(&c, dnf);

			if (!s2 || !str_in(s2, rpm_fills_cache))
				continue;
			if (strcmp(s2, "group") == 0 || strcmp(s2, "module") == 0) {
				if (!cmd_has_word(&c, "install") && !cmd_has_word(&c, "update") &&
				    !cmd_has_word(&c, "upgrade"))
					continue;
			}
			last_install = (long)k;
			name = cmd_name(&c);
			sub = s2;
		}
		if (last_install < 0)
			continue;
		for (size_t k = (size_t)last_install + 1; k < r.n_cmds && !cleaned; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *s2 = rpm_sub(&c, dnf);

			cleaned = s2 && strcmp(s2, "clean") == 0 && strcmp(cmd_name(&c), name) == 0;
		}
		if (cleaned || last_removal(&r, (size_t)last_install + 1, caches) >= 0)
			continue;
		ret = run_report(self, &r, out,
				 "'%s %s' is not followed by '%s clean all' in the same RUN", name,
				 sub, name);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_yum_clean(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_rpm_clean(self, subject, out, false);
}

static int check_dnf_clean(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_rpm_clean(self, subject, out, true);
}

static bool rpm_version_char(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       strchr(".~^_:+", ch) != NULL;
}

/* name-version[-release]: some dash-separated part after the first starts with a digit and
 * every part after the first is made of version characters. */
static bool rpm_version_like(const char *p)
{
	const char *dash = strchr(p, '-');
	bool digit = false;

	if (!dash)
		return false;
	for (const char *q = dash + 1; *q; q++) {
		if (*q == '-')
			continue;
		if (!rpm_version_char(*q))
			return false;
		if (q[-1] == '-' && *q >= '0' && *q <= '9')
			digit = true;
	}
	return digit;
}

static int check_rpm_pin(const struct bw_rule *self, const void *subject, struct bw_report *out,
			 bool dnf)
{
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL, *what = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub = rpm_sub(&c, dnf);
			bool module;
			struct oper_it it;
			const struct sh_word *wd;

			if (!sub)
				continue;
			module = strcmp(sub, "module") == 0;
			if (strcmp(sub, "group") == 0 || strcmp(sub, "groupinstall") == 0)
				continue;
			if (!module && strcmp(sub, "install") != 0 &&
			    !(dnf && strcmp(sub, "in") == 0))
				continue;
			if (!oper_after(&it, &c, &rpm_opts, module ? "install" : sub))
				continue;
			while ((wd = oper_next(&it))) {
				const char *p = wd->text;

				if (is_unknown_word(p) || p[0] == '@' || bw_str_endswith(p, ".rpm"))
					continue;
				if (module ? strchr(p, ':') != NULL : rpm_version_like(p))
					continue;
				if (strchr(p, '$') && vars_may_pin(s->df, r.index, p))
					continue;
				if (!first) {
					first = p;
					what = module ? "module install" : "install";
				}
				n++;
			}
			if (first && !what)
				what = "install";
		}
		if (!first)
			continue;
		{
			char label[64];

			(void)snprintf(label, sizeof(label), "%s %s", dnf ? "dnf" : "yum", what);
			ret = report_unpinned(self, &r, out, label, first, n);
		}
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_yum_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_rpm_pin(self, subject, out, false);
}

static int check_dnf_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_rpm_pin(self, subject, out, true);
}

/* ---- zypper ---- */

static const char *zypper_sub(const struct sh_cmd *c)
{
	if (strcmp(cmd_name(c), "zypper") != 0)
		return NULL;
	return cmd_sub(c, &zypper_opts);
}

static int check_zypper_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const prompting[] = {
		"install", "in",    "remove", "rm", "source-install",
		"si",	   "patch", "update", "up", "dist-upgrade",
		"dup",	   NULL};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub = zypper_sub(&c);

			if (!sub || !str_in(sub, prompting))
				continue;
			if (has_opt(&c, &zypper_opts, 'n', "non-interactive") ||
			    has_opt(&c, &zypper_opts, 'y', "no-confirm") || piped_from_yes(&r, k))
				continue;
			ret = run_report(self, &r, out,
					 "'zypper %s' runs without '--non-interactive' and stops "
					 "at a prompt",
					 sub);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

static int check_zypper_clean(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	static const char *const fills[] = {"install",	    "in",  "update", "up",
					    "dist-upgrade", "dup", "patch",  "source-install",
					    "si",	    NULL};
	static const char *const caches[] = {"/var/cache/zypp", NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		long last = -1;
		const char *sub = NULL;
		bool cleaned = false;

		if (!run_cache_matters(s->df, &r) || run_mounts(&r, "/var/cache/zypp", false))
			continue;
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *s2 = zypper_sub(&c);

			if (s2 && str_in(s2, fills)) {
				last = (long)k;
				sub = s2;
			}
		}
		if (last < 0)
			continue;
		for (size_t k = (size_t)last + 1; k < r.n_cmds && !cleaned; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *s2 = zypper_sub(&c);

			cleaned = s2 && (strcmp(s2, "clean") == 0 || strcmp(s2, "cc") == 0);
		}
		if (cleaned || last_removal(&r, (size_t)last + 1, caches) >= 0)
			continue;
		ret = run_report(self, &r, out,
				 "'zypper %s' is not followed by 'zypper clean' in the same RUN",
				 sub);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_zypper_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub = zypper_sub(&c);
			struct oper_it it;
			const struct sh_word *wd;

			if (!sub || (strcmp(sub, "install") != 0 && strcmp(sub, "in") != 0))
				continue;
			if (opt_value_has(&c, 't', "type", "pattern") ||
			    opt_value_has(&c, 't', "type", "product") ||
			    opt_value_has(&c, 't', "type", "patch"))
				continue;
			if (!oper_after(&it, &c, &zypper_opts, sub))
				continue;
			while ((wd = oper_next(&it))) {
				const char *p = wd->text;

				if (is_unknown_word(p) || strpbrk(p, "=<>") ||
				    bw_str_endswith(p, ".rpm"))
					continue;
				if (!first)
					first = p;
				n++;
			}
		}
		if (!first)
			continue;
		ret = report_unpinned(self, &r, out, "zypper install", first, n);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_zypper_dist_upgrade(const struct bw_rule *self, const void *subject,
				     struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub = zypper_sub(&c);

			if (!sub || (strcmp(sub, "dist-upgrade") != 0 && strcmp(sub, "dup") != 0))
				continue;
			ret = run_report(
				self, &r, out,
				"'zypper %s' may move the image to another distribution release",
				sub);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- pip ---- */

static const char *const pip_long_vals[] = {"abi",
					    "build",
					    "editable",
					    "extra-index-url",
					    "find-links",
					    "index-url",
					    "implementation",
					    "no-binary",
					    "only-binary",
					    "platform",
					    "prefix",
					    "progress-bar",
					    "proxy",
					    "python-version",
					    "root",
					    "src",
					    "target",
					    "trusted-host",
					    "upgrade-strategy",
					    "root-user-action",
					    "cache-dir",
					    "log",
					    "timeout",
					    "retries",
					    "exists-action",
					    "global-option",
					    "install-option",
					    "config-settings",
					    "report",
					    "cert",
					    "client-cert",
					    "python",
					    "pip-args",
					    "suffix",
					    "spec",
					    "index",
					    "requirement",
					    "constraint",
					    "keyring-provider",
					    "use-feature",
					    NULL};
static const struct opt_spec pip_opts = {.short_val = "bcefirt", .long_val = pip_long_vals};

/* A pip command as a view starting at the pip word: pip, pip3, pip3.11, pipx, `python -m pip`.
 * *ret_wrapper is set for pipx (and `python -m pipx`). */
static bool pip_view(const struct sh_cmd *c, struct sh_cmd *ret, bool *ret_wrapper)
{
	const char *n = cmd_name(c);

	*ret = *c;
	*ret_wrapper = false;
	if (name_versioned(n, "pip"))
		return true;
	if (strcmp(n, "pipx") == 0) {
		*ret_wrapper = true;
		return true;
	}
	if (name_versioned(n, "python") || name_versioned(n, "pypy")) {
		for (size_t i = 1; i + 1 < c->argc; i++) {
			const char *t = c->argv[i].text;

			if (strcmp(t, "-m") != 0)
				continue;
			t = c->argv[i + 1].text;
			if (name_versioned(t, "pip") || strcmp(t, "pipx") == 0) {
				*ret_wrapper = strcmp(t, "pipx") == 0;
				ret->argv += i + 1;
				ret->argc -= i + 1;
				return true;
			}
			return false;
		}
	}
	return false;
}

static bool pip_is_install(const struct sh_cmd *p)
{
	const char *sub = cmd_sub(p, &pip_opts);

	return sub && strcmp(sub, "install") == 0;
}

static bool pip_is_vcs(const char *p)
{
	static const char *const vcs[] = {"git+", "hg+", "svn+", "bzr+", "git:", "svn:", NULL};

	return str_has_prefix_in(p, vcs);
}

static bool pip_pinned(const char *p)
{
	static const char *const archives[] = {".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", NULL};

	if (pip_is_vcs(p)) {
		const char *slash = strrchr(p, '/');

		/* git+https://host/repo.git@v1.0#egg=x: the ref after the last path element */
		return strchr(slash ? slash : p, '@') != NULL;
	}
	if (strpbrk(p, "=<>"))
		return true;
	for (const char *const *a = archives; *a; a++)
		if (bw_str_endswith(p, *a))
			return true;
	return strchr(p, '/') != NULL || strcmp(p, ".") == 0 || strcmp(p, "..") == 0;
}

static int check_pip_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL, *what = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]), p;
			bool wrapper;
			struct oper_it it;
			const struct sh_word *wd;
			bool skip = false;

			if (!c.argc || !pip_view(&c, &p, &wrapper) || !pip_is_install(&p))
				continue;
			/* requirements and constraints files pin versions themselves */
			if (has_opt(&p, &pip_opts, 'r', "requirement") ||
			    has_opt(&p, &pip_opts, 'c', "constraint"))
				continue;
			if (!oper_after(&it, &p, &pip_opts, "install"))
				continue;
			while ((wd = oper_next(&it)) && !skip)
				skip = strcmp(wd->text, ".") == 0;
			if (skip)
				continue;
			(void)oper_after(&it, &p, &pip_opts, "install");
			while ((wd = oper_next(&it))) {
				if (is_unknown_word(wd->text) || pip_pinned(wd->text))
					continue;
				if (!first) {
					first = wd->text;
					what = cmd_name(&p);
				}
				n++;
			}
		}
		if (!first)
			continue;
		{
			char label[64];

			(void)snprintf(label, sizeof(label), "%.40s install", what);
			ret = report_unpinned(self, &r, out, label, first, n);
		}
		if (ret < 0)
			return ret;
	}
	return ret;
}

static bool truthy(const char *v)
{
	static const char *const yes[] = {"1",	"true", "True", "TRUE", "on", "On",
					  "ON", "yes",	"Yes",	"YES",	NULL};

	return v && str_in(v, yes);
}

/* PIP_NO_CACHE_DIR=<truthy> written anywhere in the RUN (prefix, export, env). */
static bool text_sets_pip_no_cache(const char *text)
{
	for (const char *p = strstr(text, "PIP_NO_CACHE_DIR="); p;
	     p = strstr(p + 1, "PIP_NO_CACHE_DIR=")) {
		const char *v = p + strlen("PIP_NO_CACHE_DIR=");
		char val[8];
		size_t n;

		v += strspn(v, "\"'");
		n = strcspn(v, "\"' \t\n;&|");
		if (n >= sizeof(val))
			continue;
		memcpy(val, v, n);
		val[n] = '\0';
		if (truthy(val))
			return true;
	}
	return false;
}

static int check_pip_cache(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const pip_caches[] = {"/root/.cache/pip", "~/.cache/pip",
						 "$HOME/.cache/pip", "${HOME}/.cache/pip", NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		if (!run_cache_matters(s->df, &r))
			continue;
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]), p;
			bool wrapper, cleaned = false;
			const char *env;

			if (!c.argc || !pip_view(&c, &p, &wrapper) || wrapper ||
			    !pip_is_install(&p))
				continue;
			if (has_opt(&p, &pip_opts, 0, "no-cache-dir"))
				continue;
			env = env_lookup(s->df, r.index, "PIP_NO_CACHE_DIR",
					 strlen("PIP_NO_CACHE_DIR"));
			if (truthy(env) || text_sets_pip_no_cache(r.text))
				continue;
			if (run_mounts(&r, ".cache/pip", true) ||
			    last_removal(&r, k + 1, pip_caches) >= 0)
				continue;
			for (size_t j = k + 1; j < r.n_cmds && !cleaned; j++) {
				struct sh_cmd d = cmd_unwrap(&r.cmds[j]), q;
				bool wr;

				cleaned = d.argc && pip_view(&d, &q, &wr) &&
					  cmd_has_word(&q, "cache") && cmd_has_word(&q, "purge");
			}
			if (cleaned)
				continue;
			ret = run_report(self, &r, out,
					 "'%s install' keeps downloaded packages in the pip cache "
					 "(no '--no-cache-dir')",
					 cmd_name(&p));
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- npm, yarn, gem, go ---- */

static bool npm_pinned(const char *p)
{
	static const char *const git[] = {"git://", "git+ssh://", "git+http://", "git+https://",
					  NULL};
	static const char *const tarballs[] = {".tar", ".tar.gz", ".tgz", NULL};
	static const char *const folders[] = {"/", "./", "../", "~/", NULL};
	const char *name = p;

	if (str_has_prefix_in(p, git))
		return strchr(p, '#') != NULL;
	for (const char *const *t = tarballs; *t; t++)
		if (bw_str_endswith(p, *t))
			return true;
	if (str_has_prefix_in(p, folders) || strcmp(p, ".") == 0 || strstr(p, "://"))
		return true;
	if (name[0] == '@') {
		name = strchr(name, '/');
		if (!name)
			return false;
	}
	return strchr(name, '@') != NULL;
}

static int check_npm_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const npm_long_vals[] = {
		"loglevel", "registry", "prefix",  "cache",	"userconfig",	    "tag",
		"only",	    "omit",	"include", "workspace", "install-strategy", "globalconfig",
		NULL};
	static const struct opt_spec npm_opts = {.short_val = "w", .long_val = npm_long_vals};
	static const char *const installs[] = {"install", "i", "add", NULL};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub;
			struct oper_it it;
			const struct sh_word *wd;

			if (strcmp(cmd_name(&c), "npm") != 0)
				continue;
			sub = cmd_sub(&c, &npm_opts);
			if (!sub || !str_in(sub, installs) || !oper_after(&it, &c, &npm_opts, sub))
				continue;
			while ((wd = oper_next(&it))) {
				if (is_unknown_word(wd->text) || npm_pinned(wd->text))
					continue;
				if (!first)
					first = wd->text;
				n++;
			}
		}
		if (!first)
			continue;
		ret = report_unpinned(self, &r, out, "npm install", first, n);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static bool is_yarn_install(const struct sh_cmd *c)
{
	const char *sub;

	if (strcmp(cmd_name(c), "yarn") != 0)
		return false;
	sub = cmd_sub(c, NULL);
	return sub && strcmp(sub, "install") == 0;
}

static int check_yarn_cache(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const yarn_caches[] = {"/usr/local/share/.cache/yarn",
						  "/root/.cache/yarn",
						  "~/.cache/yarn",
						  "$HOME/.cache/yarn",
						  "${HOME}/.cache/yarn",
						  "/tmp/.yarn-cache",
						  "/root/.yarn",
						  NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		long last = -1;
		bool cleaned = false;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);

			if (is_yarn_install(&c))
				last = (long)k;
		}
		if (last < 0 || run_mounts(&r, "yarn", true))
			continue;
		for (size_t k = (size_t)last + 1; k < r.n_cmds && !cleaned; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);

			cleaned = strcmp(cmd_name(&c), "yarn") == 0 && cmd_has_word(&c, "cache") &&
				  cmd_has_word(&c, "clean");
		}
		if (cleaned || last_removal(&r, (size_t)last + 1, yarn_caches) >= 0)
			continue;
		if (!run_cache_matters(s->df, &r))
			continue;
		ret = run_report(
			self, &r, out,
			"'yarn install' is not followed by 'yarn cache clean' in the same RUN");
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_gem_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const gem_long_vals[] = {
		"install-dir", "bindir",       "source",      "platform", "http-proxy", "file",
		"build-root",  "trust-policy", "config-file", "target",	  "document",	NULL};
	static const struct opt_spec gem_opts = {
		.short_val = "insgpP", .long_val = gem_long_vals, .stop_at_dashdash = true};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub;
			struct oper_it it;
			const struct sh_word *wd;

			if (strcmp(cmd_name(&c), "gem") != 0)
				continue;
			sub = cmd_sub(&c, &gem_opts);
			if (!sub || (strcmp(sub, "install") != 0 && strcmp(sub, "i") != 0))
				continue;
			if (has_opt(&c, &gem_opts, 'v', "version"))
				continue;
			if (!oper_after(&it, &c, &gem_opts, sub))
				continue;
			while ((wd = oper_next(&it))) {
				const char *p = wd->text;

				/* values of unknown boolean-ish flags (`--use-system-libraries
				 * true`) */
				if (is_unknown_word(p) || strchr(p, ':') ||
				    strcmp(p, "true") == 0 || strcmp(p, "false") == 0 ||
				    bw_str_endswith(p, ".gem"))
					continue;
				if (!first)
					first = p;
				n++;
			}
		}
		if (!first)
			continue;
		ret = report_unpinned(self, &r, out, "gem install", first, n);
		if (ret < 0)
			return ret;
	}
	return ret;
}

/* A COPY or ADD before instruction `index` in its stage that brings a go.mod along. */
static bool stage_copies_go_module(const struct df_file *df, size_t index)
{
	int stage = df->instrs[index].stage;

	for (size_t j = index; j > 0; j--) {
		const struct df_instr *p = &df->instrs[j - 1];

		if (p->stage != stage)
			break;
		if ((p->kind != DF_COPY && p->kind != DF_ADD) || p->n_words < 2)
			continue;
		for (size_t i = 0; i + 1 < p->n_words; i++) {
			const char *src = p->words[i];

			if (strcmp(base_name(src), "go.mod") == 0 || strcmp(src, ".") == 0 ||
			    strcmp(src, "./") == 0)
				return true;
		}
	}
	return false;
}

static bool go_pinned(const char *p)
{
	const char *at = strrchr(p, '@');
	static const char *const floating[] = {"latest",  "master", "main", "HEAD",
					       "upgrade", "patch",  NULL};

	if (p[0] == '.' || p[0] == '/' || bw_str_endswith(p, ".go") || strstr(p, "..."))
		return true;
	return at && at[1] && !str_in(at + 1, floating);
}

static int check_go_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const go_long_vals[] = {
		"o",	     "ldflags",	 "gcflags",    "asmflags", "tags",	 "mod",
		"modfile",   "p",	 "C",	       "exec",	   "toolexec",	 "pkgdir",
		"overlay",   "pgo",	 "buildmode",  "compiler", "gccgoflags", "installsuffix",
		"covermode", "coverpkg", "modcacherw", NULL};
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const char *first = NULL, *what = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *sub;
			bool run_cmd;

			if (strcmp(cmd_name(&c), "go") != 0 || c.argc < 2)
				continue;
			sub = c.argv[1].text;
			run_cmd = strcmp(sub, "run") == 0;
			if (!run_cmd && strcmp(sub, "install") != 0 && strcmp(sub, "get") != 0)
				continue;
			/* inside a module, install and run resolve versions through go.mod */
			if (strcmp(sub, "get") != 0 && stage_copies_go_module(s->df, r.index))
				continue;
			for (size_t i = 2; i < c.argc; i++) {
				const char *p = c.argv[i].text;

				if (p[0] == '-') {
					/* Go flags take one dash or two; -flag value unless
					 * -flag=value */
					const char *f = p + 1 + (p[1] == '-');

					if (!strchr(f, '=') && str_in(f, go_long_vals))
						i++;
					continue;
				}
				if (!is_unknown_word(p) && !go_pinned(p)) {
					if (!first) {
						first = p;
						what = sub;
					}
					n++;
				}
				if (run_cmd)
					break; /* the rest are the program's arguments */
			}
		}
		if (!first)
			continue;
		{
			char label[32];

			(void)snprintf(label, sizeof(label), "go %s", what);
			ret = report_unpinned(self, &r, out, label, first, n);
		}
		if (ret < 0)
			return ret;
	}
	return ret;
}

/* ---- curl and wget ---- */

static int check_curl_and_wget(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret, stage = -2;
	bool seen_curl = false, seen_wget = false;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		bool curl = false, wget = false;

		if (r.onbuild)
			continue;
		if (r.at->stage != stage) {
			stage = r.at->stage;
			seen_curl = seen_wget = false;
		}
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *n = cmd_name(&c);

			curl |= strcmp(n, "curl") == 0;
			wget |= strcmp(n, "wget") == 0;
		}
		seen_curl |= curl;
		seen_wget |= wget;
		if (!(curl || wget) || !(seen_curl && seen_wget))
			continue;
		ret = run_report(self, &r, out, "'%s' is used in a stage that also uses '%s'",
				 curl ? "curl" : "wget", curl ? "wget" : "curl");
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int check_wget_progress(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	static const char *const wget_long_vals[] = {
		"output-document", "output-file", "append-output", "tries", "user",
		"password",	   "header",	  "timeout",	   NULL};
	static const struct opt_spec wget_opts = {.short_val = "OoaPTtUe",
						  .long_val = wget_long_vals};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);

			if (strcmp(cmd_name(&c), "wget") != 0)
				continue;
			if (has_opt(&c, &wget_opts, 0, "progress") ||
			    has_opt(&c, &wget_opts, 'q', "quiet") ||
			    has_opt(&c, &wget_opts, 'o', "output-file") ||
			    has_opt(&c, &wget_opts, 'a', "append-output") ||
			    has_opt(&c, &wget_opts, 0, "no-verbose") || cmd_has_word(&c, "-nv"))
				continue;
			ret = run_report(self, &r, out,
					 "'wget' without '--progress' or '-q' fills the build log "
					 "with a progress bar");
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- shell usage ---- */

static int check_run_cd(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		/* The first command of the RUN: `RUN cd /app && make` is what WORKDIR replaces;
		 * a cd into a directory the same RUN just unpacked is not. */
		for (size_t k = 0; k < r.n_cmds; k++) {
			const struct sh_cmd *c = &r.cmds[k];

			if (r.nested[k])
				break;
			if (!c->argc || c->depth > 0 || strcmp(cmd_name(c), "set") == 0)
				continue;
			if (strcmp(cmd_name(c), "cd") == 0 && c->argc > 1) {
				ret = run_report(self, &r, out,
						 "'cd %.80s' changes directory inside RUN",
						 c->argv[1].text);
				if (ret < 0)
					return ret;
			}
			break;
		}
	}
	return ret;
}

static int check_pointless_commands(const struct bw_rule *self, const void *subject,
				    struct bw_report *out)
{
	static const char *const pointless[] = {"free",	    "kill", "mount", "ps",  "service",
						"shutdown", "ssh",  "top",   "vim", NULL};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);

			if (!c.argc || !str_in(cmd_name(&c), pointless))
				continue;
			ret = run_report(self, &r, out,
					 "'%s' has no lasting effect in an image build step",
					 cmd_name(&c));
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

static int check_ln_bin_sh(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const struct opt_spec ln_opts = {.short_val = "tS"};
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			struct oper_it it;
			const struct sh_word *wd, *last = NULL;

			if (strcmp(cmd_name(&c), "ln") != 0)
				continue;
			oper_init(&it, &c, &ln_opts);
			while ((wd = oper_next(&it)))
				last = wd;
			if (!last || (strcmp(last->text, "/bin/sh") != 0 &&
				      strcmp(last->text, "/usr/bin/sh") != 0))
				continue;
			ret = run_report(
				self, &r, out,
				"'ln' replaces '%s' instead of using the SHELL instruction",
				last->text);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* Pipes whose left side cannot fail in a way pipefail would report. */
static bool pipe_source_is_trivial(const struct sh_cmd *c)
{
	static const char *const trivial[] = {"echo", "printf", "yes", "true", NULL};
	struct sh_cmd v = cmd_unwrap(c);

	return v.argc && str_in(cmd_name(&v), trivial);
}

static bool shell_words_pipefail(const struct df_instr *sh)
{
	const char *b = base_name(sh->words[0]);

	if (strcmp(b, "bash") != 0 && strcmp(b, "zsh") != 0 && strcmp(b, "ash") != 0 &&
	    strcmp(b, "ksh") != 0)
		return false;
	for (size_t i = 1; i + 1 < sh->n_words; i++) {
		const char *t = sh->words[i];

		if (t[0] == '-' && t[1] != '-' && strchr(t, 'o') &&
		    strcmp(sh->words[i + 1], "pipefail") == 0)
			return true;
	}
	return false;
}

static int check_pipefail(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		const struct df_instr *sh = active_shell(s->df, r.index);
		long set_at = -1;
		const char *left = NULL;

		if (r.exec_pipefail || (sh && shell_words_pipefail(sh)))
			continue;
		for (size_t k = 0; k < r.n_cmds && !left; k++) {
			const struct sh_cmd *c = &r.cmds[k];

			if (r.nested[k])
				break;
			if (c->argc && strcmp(cmd_name(c), "set") == 0 &&
			    words_set_pipefail(c->argv, c->argc, 1)) {
				set_at = (long)k;
				continue;
			}
			/* a pipe inside $(...) computes a value; its failure shows as an empty
			 * value, which pipefail would not stop without set -e either */
			if (c->op == SH_OP_PIPE && c->argc && c->depth == 0 && set_at < 0 &&
			    !pipe_source_is_trivial(c))
				left = cmd_name(c);
		}
		if (!left)
			continue;
		ret = run_report(
			self, &r, out,
			"a pipe from '%.60s' hides its failures: the shell has no '-o pipefail'",
			left);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static bool same_flags(const struct df_instr *a, const struct df_instr *b)
{
	if (a->n_flags != b->n_flags)
		return false;
	for (size_t i = 0; i < a->n_flags; i++) {
		const char *va = a->flags[i].value ? a->flags[i].value : "";
		const char *vb = b->flags[i].value ? b->flags[i].value : "";

		if (strcmp(a->flags[i].name, b->flags[i].name) != 0 || strcmp(va, vb) != 0)
			return false;
	}
	return true;
}

static size_t run_command_count(const struct run *r)
{
	size_t n = 0;

	for (size_t k = 0; k < r->n_cmds; k++)
		if (!r->nested[k] && r->cmds[k].argc)
			n++;
	return n;
}

static int check_consecutive_runs(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	const struct df_instr *prev = NULL;
	size_t prev_n = 0;

	run_walk_init(&w, subject);
	for (size_t i = 0; i < s->df->n_instrs; i++) {
		struct run r;
		int ret = run_load(&w.arena, s->df, i, &r);
		size_t n;

		if (ret < 0)
			return ret;
		/* heredoc scripts are not joined with && */
		if (ret == 0 || r.onbuild || r.in->n_heredocs > 0) {
			prev = NULL;
			continue;
		}
		n = run_command_count(&r);
		if (prev && same_flags(prev, r.in) && prev_n <= 1 && n <= 1) {
			ret = run_report(self, &r, out,
					 "this RUN follows another single-command RUN at line %d",
					 prev->line);
			if (ret < 0)
				return ret;
		}
		prev = r.in;
		prev_n = n;
	}
	return 0;
}

static int check_useradd_uid(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct df_subject *s = subject;
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		for (size_t k = 0; k < r.n_cmds; k++) {
			struct sh_cmd c = cmd_unwrap(&r.cmds[k]);
			const char *uid = NULL;
			uint64_t v;

			if (strcmp(cmd_name(&c), "useradd") != 0)
				continue;
			if (has_opt(&c, NULL, 'l', "no-log-init"))
				continue;
			for (size_t i = 1; i < c.argc && !uid; i++) {
				const char *t = c.argv[i].text;

				if (strcmp(t, "-u") == 0 || strcmp(t, "--uid") == 0)
					uid = i + 1 < c.argc ? c.argv[i + 1].text : NULL;
				else if (bw_str_startswith(t, "--uid="))
					uid = t + 6;
				else if (bw_str_startswith(t, "-u") && t[2])
					uid = t + 2;
			}
			if (!uid)
				continue;
			if (uid[0] == '$') {
				const char *n = uid + 1 + (uid[1] == '{');
				size_t len = strcspn(n, "}:-");

				uid = env_lookup(s->df, r.index, n, len);
				if (!uid)
					continue;
			}
			if (bw_parse_u64(uid, &v) < 0 || v <= 99999)
				continue;
			ret = run_report(
				self, &r, out,
				"'useradd -u %.20s' without '-l' writes a huge sparse lastlog file",
				uid);
			if (ret < 0)
				return ret;
			break;
		}
	}
	return ret;
}

/* ---- the table ---- */

static const struct bw_rule df_run_rules[] = {
	{
		.id = "DF-100",
		.severity = BW_SEV_HIGH,
		.title = "Download piped into a shell or interpreter",
		.aliases = "CIS-4.11",
		.fix = "Download to a file, verify its checksum or signature, then run it.",
		.check = check_curl_pipe_shell,
	},
	{
		.id = "DF-101",
		.severity = BW_SEV_MEDIUM,
		.title = "RUN makes files or directories world-writable",
		.fix = "Give write access to the owning user or group only (e.g. chmod 755 or 775 "
		       "with chown).",
		.check = check_world_writable,
	},
	{
		.id = "DF-102",
		.severity = BW_SEV_MEDIUM,
		.title = "sudo used in RUN",
		.aliases = "DS-0010 DL3004",
		.fix = "Drop sudo: run the step as root with USER root and switch back to the app "
		       "user after it.",
		.check = check_sudo,
	},
	{
		.id = "DF-103",
		.severity = BW_SEV_MEDIUM,
		.title = "Package index update not followed by an install in the same RUN",
		.aliases = "DS-0017 CIS-4.7",
		.fix = "Run the update and the install in one RUN (apt-get update && apt-get "
		       "install ...).",
		.check = check_update_alone,
	},
	{
		.id = "DF-104",
		.severity = BW_SEV_LOW,
		.title = "apt-get install without -y",
		.aliases = "DS-0021 DL3014",
		.fix = "Add -y to apt-get install so the build does not stop at a prompt.",
		.check = check_apt_yes,
	},
	{
		.id = "DF-105",
		.severity = BW_SEV_LOW,
		.title = "apt-get install without --no-install-recommends",
		.aliases = "DS-0029 DL3015 CIS-4.3",
		.fix = "Add --no-install-recommends and list the packages you need explicitly.",
		.check = check_apt_recommends,
	},
	{
		.id = "DF-106",
		.severity = BW_SEV_LOW,
		.title = "apt dist-upgrade in a build step",
		.aliases = "DS-0024 DL3005",
		.fix = "Use a base image of the release you want instead of dist-upgrade.",
		.check = check_apt_dist_upgrade,
	},
	{
		.id = "DF-107",
		.severity = BW_SEV_LOW,
		.title = "apt package lists left in the image",
		.aliases = "DL3009",
		.fix = "End the RUN that runs apt-get update with rm -rf /var/lib/apt/lists/*.",
		.check = check_apt_lists,
	},
	{
		.id = "DF-108",
		.severity = BW_SEV_LOW,
		.title = "apt-get install without pinned versions",
		.aliases = "DL3008",
		.fix = "Pin each package as name=version.",
		.check = check_apt_pin,
	},
	{
		.id = "DF-109",
		.severity = BW_SEV_INFO,
		.title = "apt used instead of apt-get in a script",
		.aliases = "DL3027",
		.fix = "Use apt-get or apt-cache, whose interface is stable for scripts.",
		.check = check_apt_front_end,
	},
	{
		.id = "DF-110",
		.severity = BW_SEV_LOW,
		.title = "apk add without --no-cache",
		.aliases = "DS-0025 DL3019",
		.fix = "Use apk add --no-cache (or a BuildKit cache mount on /var/cache/apk).",
		.check = check_apk_cache,
	},
	{
		.id = "DF-111",
		.severity = BW_SEV_LOW,
		.title = "apk add without pinned versions",
		.aliases = "DL3018",
		.fix = "Pin each package as name=version (or name~version).",
		.check = check_apk_pin,
	},
	{
		.id = "DF-112",
		.severity = BW_SEV_LOW,
		.title = "yum command without -y",
		.aliases = "DL3030",
		.fix = "Add -y to yum so the build does not stop at a prompt.",
		.check = check_yum_yes,
	},
	{
		.id = "DF-113",
		.severity = BW_SEV_LOW,
		.title = "yum install not followed by yum clean all",
		.aliases = "DS-0015 DL3032",
		.fix = "End the RUN with yum clean all (or rm -rf /var/cache/yum).",
		.check = check_yum_clean,
	},
	{
		.id = "DF-114",
		.severity = BW_SEV_LOW,
		.title = "yum install without pinned versions",
		.aliases = "DL3033",
		.fix = "Pin each package as name-version (modules as name:stream).",
		.check = check_yum_pin,
	},
	{
		.id = "DF-115",
		.severity = BW_SEV_LOW,
		.title = "dnf command without -y",
		.aliases = "DL3038",
		.fix = "Add -y to dnf or microdnf so the build does not stop at a prompt.",
		.check = check_dnf_yes,
	},
	{
		.id = "DF-116",
		.severity = BW_SEV_LOW,
		.title = "dnf install not followed by dnf clean all",
		.aliases = "DS-0019 DS-0027 DL3040",
		.fix = "End the RUN with dnf clean all (microdnf clean all for microdnf).",
		.check = check_dnf_clean,
	},
	{
		.id = "DF-117",
		.severity = BW_SEV_LOW,
		.title = "dnf install without pinned versions",
		.aliases = "DL3041",
		.fix = "Pin each package as name-version (modules as name:stream).",
		.check = check_dnf_pin,
	},
	{
		.id = "DF-118",
		.severity = BW_SEV_LOW,
		.title = "zypper command without --non-interactive",
		.aliases = "DL3034",
		.fix = "Add -n (--non-interactive) to zypper so the build does not stop at a "
		       "prompt.",
		.check = check_zypper_yes,
	},
	{
		.id = "DF-119",
		.severity = BW_SEV_LOW,
		.title = "zypper install not followed by zypper clean",
		.aliases = "DS-0020 DL3036",
		.fix = "End the RUN with zypper clean (or a BuildKit cache mount on "
		       "/var/cache/zypp).",
		.check = check_zypper_clean,
	},
	{
		.id = "DF-120",
		.severity = BW_SEV_LOW,
		.title = "zypper install without pinned versions",
		.aliases = "DL3037",
		.fix = "Pin each package as name=version (or with >=, <=).",
		.check = check_zypper_pin,
	},
	{
		.id = "DF-121",
		.severity = BW_SEV_LOW,
		.title = "zypper dist-upgrade in a build step",
		.aliases = "DL3035",
		.fix = "Use a base image of the release you want instead of zypper dist-upgrade.",
		.check = check_zypper_dist_upgrade,
	},
	{
		.id = "DF-122",
		.severity = BW_SEV_LOW,
		.title = "pip install without pinned versions",
		.aliases = "DL3013",
		.fix = "Pin each package as name==version, or install from a requirements or "
		       "constraints file.",
		.check = check_pip_pin,
	},
	{
		.id = "DF-123",
		.severity = BW_SEV_LOW,
		.title = "pip install keeps its download cache",
		.aliases = "DL3042",
		.fix = "Add --no-cache-dir (or set PIP_NO_CACHE_DIR=1, or use a cache mount).",
		.check = check_pip_cache,
	},
	{
		.id = "DF-124",
		.severity = BW_SEV_LOW,
		.title = "npm install without pinned versions",
		.aliases = "DL3016",
		.fix = "Pin each package as name@version, or install from package.json with a "
		       "lockfile.",
		.check = check_npm_pin,
	},
	{
		.id = "DF-125",
		.severity = BW_SEV_LOW,
		.title = "yarn install not followed by yarn cache clean",
		.aliases = "DL3060",
		.fix = "End the RUN with yarn cache clean (or use a BuildKit cache mount for the "
		       "yarn cache).",
		.check = check_yarn_cache,
	},
	{
		.id = "DF-126",
		.severity = BW_SEV_LOW,
		.title = "gem install without pinned versions",
		.aliases = "DL3028",
		.fix = "Pin each gem as name:version or pass -v version.",
		.check = check_gem_pin,
	},
	{
		.id = "DF-127",
		.severity = BW_SEV_LOW,
		.title = "go install, get or run without a pinned module version",
		.aliases = "DL3062",
		.fix = "Name a version (module@v1.2.3) instead of none or @latest.",
		.check = check_go_pin,
	},
	{
		.id = "DF-128",
		.severity = BW_SEV_INFO,
		.title = "Both curl and wget used in one stage",
		.aliases = "DS-0014 DL4001",
		.fix = "Use one download tool throughout the stage.",
		.check = check_curl_and_wget,
	},
	{
		.id = "DF-129",
		.severity = BW_SEV_INFO,
		.title = "wget without --progress or -q",
		.aliases = "DL3047",
		.fix = "Add --progress=dot:giga, -nv or -q to wget.",
		.check = check_wget_progress,
	},
	{
		.id = "DF-130",
		.severity = BW_SEV_INFO,
		.title = "RUN starts with cd instead of using WORKDIR",
		.aliases = "DS-0013 DL3003",
		.fix = "Set the directory with WORKDIR before the RUN.",
		.check = check_run_cd,
	},
	{
		.id = "DF-131",
		.severity = BW_SEV_INFO,
		.title = "Command with no lasting effect in a build step",
		.aliases = "DL3001",
		.fix = "Remove interactive or runtime-only commands (ssh, vim, service, ps, "
		       "top...) from RUN.",
		.check = check_pointless_commands,
	},
	{
		.id = "DF-132",
		.severity = BW_SEV_LOW,
		.title = "RUN replaces /bin/sh with a symlink",
		.aliases = "DL4005",
		.fix = "Use the SHELL instruction to change the shell RUN uses.",
		.check = check_ln_bin_sh,
	},
	{
		.id = "DF-133",
		.severity = BW_SEV_LOW,
		.title = "Pipe in RUN without pipefail",
		.aliases = "DS-0032 DL4006",
		.fix = "Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or start the RUN "
		       "with set -o pipefail.",
		.check = check_pipefail,
	},
	{
		.id = "DF-134",
		.severity = BW_SEV_INFO,
		.title = "Consecutive single-command RUN instructions",
		.aliases = "DL3059",
		.fix = "Join the commands into one RUN with &&.",
		.check = check_consecutive_runs,
	},
	{
		.id = "DF-135",
		.severity = BW_SEV_LOW,
		.title = "useradd with a high UID without -l",
		.aliases = "DL3046",
		.fix = "Add -l (--no-log-init) to useradd when the UID is large.",
		.check = check_useradd_uid,
	},
};

const struct bw_ruleset df_run_ruleset = {
	.name = "dockerfile-run",
	.kind = "dockerfile",
	.prefix = "DF-",
	.rules = df_run_rules,
	.len = BW_ARRAY_SIZE(df_run_rules),
};
