/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile RUN rules for language package managers: pip, npm, yarn, gem and go (pinning
 * and caches). */
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
static const struct run_opt_spec pip_opts = {.short_val = "bcefirt", .long_val = pip_long_vals};

/* A pip command as a view starting at the pip word: pip, pip3, pip3.11, pipx, `python -m pip`.
 * *ret_wrapper is set for pipx (and `python -m pipx`). */
static bool pip_view(const struct sh_cmd *c, struct sh_cmd *ret, bool *ret_wrapper)
{
	const char *n = run_cmd_name(c);

	*ret = *c;
	*ret_wrapper = false;
	if (run_name_versioned(n, "pip"))
		return true;
	if (strcmp(n, "pipx") == 0) {
		*ret_wrapper = true;
		return true;
	}
	if (run_name_versioned(n, "python") || run_name_versioned(n, "pypy")) {
		for (size_t i = 1; i + 1 < c->argc; i++) {
			const char *t = c->argv[i].text;

			if (strcmp(t, "-m") != 0)
				continue;
			t = c->argv[i + 1].text;
			if (run_name_versioned(t, "pip") || strcmp(t, "pipx") == 0) {
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
	const char *sub = run_cmd_sub(p, &pip_opts);

	return sub && strcmp(sub, "install") == 0;
}

static bool pip_is_vcs(const char *p)
{
	static const char *const vcs[] = {"git+", "hg+", "svn+", "bzr+", "git:", "svn:", NULL};

	return run_str_has_prefix_in(p, vcs);
}

static bool pip_pinned(const struct run_pin_cmd *pc, const char *p)
{
	static const char *const archives[] = {".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", NULL};

	(void)pc;
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

/* Packages of `pip install`; requirements and constraints files (and the project itself,
 * `pip install .`) pin versions themselves. */
static bool pip_packages(struct run_pin_cmd *pc)
{
	struct sh_cmd p;
	bool wrapper;
	const struct sh_word *wd;

	if (!pc->c.argc || !pip_view(&pc->c, &p, &wrapper) || !pip_is_install(&p))
		return false;
	if (run_has_opt(&p, &pip_opts, 'r', "requirement") ||
	    run_has_opt(&p, &pip_opts, 'c', "constraint"))
		return false;
	pc->c = p;
	if (!run_oper_after(&pc->it, &pc->c, &pip_opts, "install"))
		return false;
	while ((wd = run_oper_next(&pc->it)))
		if (strcmp(wd->text, ".") == 0)
			return false;
	(void)run_oper_after(&pc->it, &pc->c, &pip_opts, "install");
	(void)snprintf(pc->what, sizeof(pc->what), "%.40s install", run_cmd_name(&pc->c));
	return true;
}

static const struct run_pin_spec pip_pin = {.packages = pip_packages, .pinned = pip_pinned};

int run_check_pip_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &pip_pin);
}

static bool truthy(const char *v)
{
	static const char *const yes[] = {"1",	"true", "True", "TRUE", "on", "On",
					  "ON", "yes",	"Yes",	"YES",	NULL};

	return v && run_str_in(v, yes);
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

static int each_pip_cache(const struct run_ctx *x, const struct run *r)
{
	static const char *const pip_caches[] = {"/root/.cache/pip", "~/.cache/pip",
						 "$HOME/.cache/pip", "${HOME}/.cache/pip", NULL};
	const struct df_subject *s = x->s;

	if (!run_cache_matters(s->df, r))
		return 0;
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k], p;
		bool wrapper, cleaned = false;
		const char *env;

		if (!c.argc || !pip_view(&c, &p, &wrapper) || wrapper || !pip_is_install(&p))
			continue;
		if (run_has_opt(&p, &pip_opts, 0, "no-cache-dir"))
			continue;
		env = run_env_lookup(s->df, r->index, "PIP_NO_CACHE_DIR",
				     strlen("PIP_NO_CACHE_DIR"));
		if (truthy(env) || text_sets_pip_no_cache(r->text))
			continue;
		if (run_mounts(r, ".cache/pip", true) ||
		    run_last_removal(r, k + 1, pip_caches) >= 0)
			continue;
		for (size_t j = k + 1; j < r->n_cmds && !cleaned; j++) {
			struct sh_cmd d = r->calls[j], q;
			bool wr;

			cleaned = d.argc && pip_view(&d, &q, &wr) &&
				  run_cmd_has_word(&q, "cache") && run_cmd_has_word(&q, "purge");
		}
		if (cleaned)
			continue;
		return run_report(x->self, r, x->out,
				  "'%s install' keeps downloaded packages in the pip cache "
				  "(no '--no-cache-dir')",
				  run_cmd_name(&p));
	}
	return 0;
}

int run_check_pip_cache(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_pip_cache);
}

/* ---- npm, yarn, gem, go ---- */

static bool npm_pinned(const struct run_pin_cmd *pc, const char *p)
{
	static const char *const git[] = {"git://", "git+ssh://", "git+http://", "git+https://",
					  NULL};
	static const char *const tarballs[] = {".tar", ".tar.gz", ".tgz", NULL};
	static const char *const folders[] = {"/", "./", "../", "~/", NULL};
	const char *name = p;

	(void)pc;
	if (run_str_has_prefix_in(p, git))
		return strchr(p, '#') != NULL;
	for (const char *const *t = tarballs; *t; t++)
		if (bw_str_endswith(p, *t))
			return true;
	if (run_str_has_prefix_in(p, folders) || strcmp(p, ".") == 0 || strstr(p, "://"))
		return true;
	if (name[0] == '@') {
		name = strchr(name, '/');
		if (!name)
			return false;
	}
	return strchr(name, '@') != NULL;
}

static const char *const npm_long_vals[] = {
	"loglevel", "registry", "prefix",  "cache",	"userconfig",	    "tag",
	"only",	    "omit",	"include", "workspace", "install-strategy", "globalconfig",
	NULL};
static const struct run_opt_spec npm_opts = {.short_val = "w", .long_val = npm_long_vals};

static bool npm_packages(struct run_pin_cmd *pc)
{
	static const char *const installs[] = {"install", "i", "add", NULL};
	const char *sub;

	if (strcmp(run_cmd_name(&pc->c), "npm") != 0)
		return false;
	sub = run_cmd_sub(&pc->c, &npm_opts);
	return sub && run_str_in(sub, installs) && run_oper_after(&pc->it, &pc->c, &npm_opts, sub);
}

static const struct run_pin_spec npm_pin = {
	.what = "npm install", .packages = npm_packages, .pinned = npm_pinned};

int run_check_npm_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &npm_pin);
}

static bool is_yarn_install(const struct sh_cmd *c)
{
	const char *sub;

	if (strcmp(run_cmd_name(c), "yarn") != 0)
		return false;
	sub = run_cmd_sub(c, NULL);
	return sub && strcmp(sub, "install") == 0;
}

static int each_yarn_cache(const struct run_ctx *x, const struct run *r)
{
	static const char *const yarn_caches[] = {"/usr/local/share/.cache/yarn",
						  "/root/.cache/yarn",
						  "~/.cache/yarn",
						  "$HOME/.cache/yarn",
						  "${HOME}/.cache/yarn",
						  "/tmp/.yarn-cache",
						  "/root/.yarn",
						  NULL};
	const struct df_subject *s = x->s;

	long last = -1;
	bool cleaned = false;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];

		if (is_yarn_install(&c))
			last = (long)k;
	}
	if (last < 0 || run_mounts(r, "yarn", true))
		return 0;
	for (size_t k = (size_t)last + 1; k < r->n_cmds && !cleaned; k++) {
		struct sh_cmd c = r->calls[k];

		cleaned = strcmp(run_cmd_name(&c), "yarn") == 0 && run_cmd_has_word(&c, "cache") &&
			  run_cmd_has_word(&c, "clean");
	}
	if (cleaned || run_last_removal(r, (size_t)last + 1, yarn_caches) >= 0)
		return 0;
	if (!run_cache_matters(s->df, r))
		return 0;
	return run_report(x->self, r, x->out,
			  "'yarn install' is not followed by 'yarn cache clean' in the same RUN");
}

int run_check_yarn_cache(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_yarn_cache);
}

static const char *const gem_long_vals[] = {"install-dir", "bindir", "source",	   "platform",
					    "http-proxy",  "file",   "build-root", "trust-policy",
					    "config-file", "target", "document",   NULL};
static const struct run_opt_spec gem_opts = {
	.short_val = "insgpP", .long_val = gem_long_vals, .stop_at_dashdash = true};

/* Packages of `gem install` without -v (which pins them all). */
static bool gem_packages(struct run_pin_cmd *pc)
{
	const char *sub;

	if (strcmp(run_cmd_name(&pc->c), "gem") != 0)
		return false;
	sub = run_cmd_sub(&pc->c, &gem_opts);
	if (!sub || (strcmp(sub, "install") != 0 && strcmp(sub, "i") != 0))
		return false;
	if (run_has_opt(&pc->c, &gem_opts, 'v', "version"))
		return false;
	return run_oper_after(&pc->it, &pc->c, &gem_opts, sub);
}

/* name:version pins; values of unknown boolean-ish flags (`--use-system-libraries true`)
 * and local .gem files are no packages to pin. */
static bool gem_pinned(const struct run_pin_cmd *pc, const char *p)
{
	(void)pc;
	return strchr(p, ':') || strcmp(p, "true") == 0 || strcmp(p, "false") == 0 ||
	       bw_str_endswith(p, ".gem");
}

static const struct run_pin_spec gem_pin = {
	.what = "gem install", .packages = gem_packages, .pinned = gem_pinned};

int run_check_gem_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &gem_pin);
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

			if (strcmp(run_base_name(src), "go.mod") == 0 || strcmp(src, ".") == 0 ||
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
	return at && at[1] && !run_str_in(at + 1, floating);
}

static int each_go_pin(const struct run_ctx *x, const struct run *r)
{
	static const char *const go_long_vals[] = {
		"o",	     "ldflags",	 "gcflags",    "asmflags", "tags",	 "mod",
		"modfile",   "p",	 "C",	       "exec",	   "toolexec",	 "pkgdir",
		"overlay",   "pgo",	 "buildmode",  "compiler", "gccgoflags", "installsuffix",
		"covermode", "coverpkg", "modcacherw", NULL};
	const struct df_subject *s = x->s;
	int ret;

	const char *first = NULL, *what = NULL;
	size_t n = 0;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *sub;
		bool run_cmd;

		if (strcmp(run_cmd_name(&c), "go") != 0 || c.argc < 2)
			continue;
		sub = c.argv[1].text;
		run_cmd = strcmp(sub, "run") == 0;
		if (!run_cmd && strcmp(sub, "install") != 0 && strcmp(sub, "get") != 0)
			continue;
		/* inside a module, install and run resolve versions through go.mod */
		if (strcmp(sub, "get") != 0 && stage_copies_go_module(s->df, r->index))
			continue;
		for (size_t i = 2; i < c.argc; i++) {
			const char *p = c.argv[i].text;

			if (p[0] == '-') {
				/* Go flags take one dash or two; -flag value unless
				 * -flag=value */
				const char *f = p + 1 + (p[1] == '-');

				if (!strchr(f, '=') && run_str_in(f, go_long_vals))
					i++;
				continue;
			}
			if (!run_is_unknown_word(p) && !go_pinned(p)) {
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
		return 0;
	{
		char label[32];

		(void)snprintf(label, sizeof(label), "go %s", what);
		ret = run_report_unpinned(x->self, r, x->out, label, first, n);
	}
	if (ret < 0)
		return ret;
	return 0;
}

int run_check_go_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_go_pin);
}
