/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile RUN rules about shell usage: curl and wget, cd, pointless commands, /bin/sh
 * links, pipefail, consecutive RUNs and useradd. */
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

/* ---- curl and wget ---- */

int run_check_curl_and_wget(const struct bw_rule *self, const void *subject, struct bw_report *out)
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
			struct sh_cmd c = r.calls[k];
			const char *n = run_cmd_name(&c);

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

static int each_wget_progress(const struct run_ctx *x, const struct run *r)
{
	static const char *const wget_long_vals[] = {
		"output-document", "output-file", "append-output", "tries", "user",
		"password",	   "header",	  "timeout",	   NULL};
	static const struct run_opt_spec wget_opts = {.short_val = "OoaPTtUe",
						      .long_val = wget_long_vals};

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];

		if (strcmp(run_cmd_name(&c), "wget") != 0)
			continue;
		if (run_has_opt(&c, &wget_opts, 0, "progress") ||
		    run_has_opt(&c, &wget_opts, 'q', "quiet") ||
		    run_has_opt(&c, &wget_opts, 'o', "output-file") ||
		    run_has_opt(&c, &wget_opts, 'a', "append-output") ||
		    run_has_opt(&c, &wget_opts, 0, "no-verbose") || run_cmd_has_word(&c, "-nv"))
			continue;
		return run_report(x->self, r, x->out,
				  "'wget' without '--progress' or '-q' fills the build log "
				  "with a progress bar");
	}
	return 0;
}

int run_check_wget_progress(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_wget_progress);
}

/* ---- shell usage ---- */

static int each_run_cd(const struct run_ctx *x, const struct run *r)
{
	int ret;

	/* The first command of the RUN: `RUN cd /app && make` is what WORKDIR replaces;
	 * a cd into a directory the same RUN just unpacked is not. */
	for (size_t k = 0; k < r->n_cmds; k++) {
		const struct sh_cmd *c = &r->cmds[k];

		if (r->nested[k])
			break;
		if (!c->argc || c->depth > 0 || strcmp(run_cmd_name(c), "set") == 0)
			continue;
		if (strcmp(run_cmd_name(c), "cd") == 0 && c->argc > 1) {
			ret = run_report(x->self, r, x->out,
					 "'cd %.80s' changes directory inside RUN",
					 c->argv[1].text);
			if (ret < 0)
				return ret;
		}
		break;
	}
	return 0;
}

int run_check_run_cd(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_run_cd);
}

static int each_pointless_commands(const struct run_ctx *x, const struct run *r)
{
	static const char *const pointless[] = {"free",	    "kill", "mount", "ps",  "service",
						"shutdown", "ssh",  "top",   "vim", NULL};

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];

		if (!c.argc || !run_str_in(run_cmd_name(&c), pointless))
			continue;
		return run_report(x->self, r, x->out,
				  "'%s' has no lasting effect in an image build step",
				  run_cmd_name(&c));
	}
	return 0;
}

int run_check_pointless_commands(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	return run_each(self, subject, out, each_pointless_commands);
}

static int each_ln_bin_sh(const struct run_ctx *x, const struct run *r)
{
	static const struct run_opt_spec ln_opts = {.short_val = "tS"};

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		struct run_oper_it it;
		const struct sh_word *wd, *last = NULL;

		if (strcmp(run_cmd_name(&c), "ln") != 0)
			continue;
		run_oper_init(&it, &c, &ln_opts);
		while ((wd = run_oper_next(&it)))
			last = wd;
		if (!last ||
		    (strcmp(last->text, "/bin/sh") != 0 && strcmp(last->text, "/usr/bin/sh") != 0))
			continue;
		return run_report(x->self, r, x->out,
				  "'ln' replaces '%s' instead of using the SHELL instruction",
				  last->text);
	}
	return 0;
}

int run_check_ln_bin_sh(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_ln_bin_sh);
}

/* Pipes whose left side cannot fail in a way pipefail would report. */
static bool pipe_source_is_trivial(const struct sh_cmd *c)
{
	static const char *const trivial[] = {"echo", "printf", "yes", "true", NULL};
	struct sh_cmd v = run_cmd_unwrap(c);

	return v.argc && run_str_in(run_cmd_name(&v), trivial);
}

static bool shell_words_pipefail(const struct df_instr *sh)
{
	const char *b = run_base_name(sh->words[0]);

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

static int each_pipefail(const struct run_ctx *x, const struct run *r)
{
	const struct df_subject *s = x->s;

	const struct df_instr *sh = run_active_shell(s->df, r->index);
	long set_at = -1;
	const char *left = NULL;

	if (r->exec_pipefail || (sh && shell_words_pipefail(sh)))
		return 0;
	for (size_t k = 0; k < r->n_cmds && !left; k++) {
		const struct sh_cmd *c = &r->cmds[k];

		if (r->nested[k])
			break;
		if (c->argc && strcmp(run_cmd_name(c), "set") == 0 &&
		    run_words_set_pipefail(c->argv, c->argc, 1)) {
			set_at = (long)k;
			continue;
		}
		/* a pipe inside $(...) computes a value; its failure shows as an empty
		 * value, which pipefail would not stop without set -e either */
		if (c->op == SH_OP_PIPE && c->argc && c->depth == 0 && set_at < 0 &&
		    !pipe_source_is_trivial(c))
			left = run_cmd_name(c);
	}
	if (!left)
		return 0;
	return run_report(x->self, r, x->out,
			  "a pipe from '%.60s' hides its failures: the shell has no '-o pipefail'",
			  left);
}

int run_check_pipefail(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_pipefail);
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

int run_check_consecutive_runs(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	BW_CLEANUP(run_walk_releasep) struct run_walk w;
	const struct df_instr *prev = NULL;
	size_t prev_n = 0, prev_index = 0;
	struct run r;
	int ret;

	run_walk_init(&w, subject);
	while ((ret = run_next(&w, &r)) > 0) {
		size_t n = run_command_count(&r);

		/* another instruction in between; heredoc scripts are not joined with && */
		if (r.index != prev_index + 1 || r.onbuild || r.in->n_heredocs > 0)
			prev = NULL;
		prev_index = r.index;
		if (r.onbuild || r.in->n_heredocs > 0)
			continue;
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
	return ret;
}

static int each_useradd_uid(const struct run_ctx *x, const struct run *r)
{
	const struct df_subject *s = x->s;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *uid = NULL;
		uint64_t v;

		if (strcmp(run_cmd_name(&c), "useradd") != 0)
			continue;
		if (run_has_opt(&c, NULL, 'l', "no-log-init"))
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

			uid = run_env_lookup(s->df, r->index, n, len);
			if (!uid)
				continue;
		}
		if (bw_parse_u64(uid, &v) < 0 || v <= 99999)
			continue;
		return run_report(
			x->self, r, x->out,
			"'useradd -u %.20s' without '-l' writes a huge sparse lastlog file", uid);
	}
	return 0;
}

int run_check_useradd_uid(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_useradd_uid);
}
