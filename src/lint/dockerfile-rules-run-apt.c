/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile RUN rules for Debian and Alpine package managers: apt-get/apt (assume-yes,
 * recommends, dist-upgrade, package lists, pinning, apt front end) and apk (cache, pinning). */
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

/* ---- apt-get ---- */

/* An apt-get command whose subcommand is `sub`; a simulation (-s) installs nothing. */
static bool is_apt_get(const struct sh_cmd *c, const char *sub)
{
	const char *s;

	if (strcmp(run_cmd_name(c), "apt-get") != 0)
		return false;
	s = run_cmd_sub(c, &run_apt_opts);
	if (!s || strcmp(s, sub) != 0)
		return false;
	return !run_has_opt(c, &run_apt_opts, 's', "simulate") &&
	       !run_has_opt(c, &run_apt_opts, 0, "dry-run") &&
	       !run_has_opt(c, &run_apt_opts, 0, "just-print") &&
	       !run_has_opt(c, &run_apt_opts, 0, "no-act") &&
	       !run_has_opt(c, &run_apt_opts, 0, "recon");
}

/* Assume-yes level of an apt-get command: -y, --yes, --assume-yes, or -qq (quiet level 2). */
static bool apt_assumes_yes(const struct sh_cmd *c)
{
	unsigned quiet = 0;

	if (run_has_opt(c, &run_apt_opts, 'y', "yes") ||
	    run_has_opt(c, &run_apt_opts, 0, "assume-yes") ||
	    run_has_opt(c, &run_apt_opts, 0, "force-yes") ||
	    run_opt_value_has(c, 'o', "option", "Assume-Yes=true") ||
	    run_opt_value_has(c, 'o', "option", "Assume-Yes=1"))
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
				if (strchr(run_apt_opts.short_val, *p)) {
					if (p[1] == '\0')
						i++;
					break;
				}
			}
		}
	}
	return quiet >= 2;
}

static int each_apt_yes(const struct run_ctx *x, const struct run *r)
{
	const struct df_subject *s = x->s;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];

		if (!is_apt_get(&c, "install") || apt_assumes_yes(&c) || run_piped_from_yes(r, k))
			continue;
		if (run_file_runs_mention(s->df, r->index + 1, "::Assume-Yes"))
			continue;
		return run_report(x->self, r, x->out,
				  "'apt-get install' runs without '-y' and stops at the "
				  "confirmation prompt");
	}
	return 0;
}

int run_check_apt_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_apt_yes);
}

/* The first package operand after the subcommand `sub`; counts them in *ret_n. */
static const char *first_package(const struct sh_cmd *c, const struct run_opt_spec *o,
				 const char *sub, size_t *ret_n)
{
	struct run_oper_it it;
	const struct sh_word *w;
	const char *first = NULL;

	*ret_n = 0;
	if (!run_oper_after(&it, c, o, sub))
		return NULL;
	while ((w = run_oper_next(&it))) {
		if (!first)
			first = w->text;
		(*ret_n)++;
	}
	return first;
}

static int each_apt_recommends(const struct run_ctx *x, const struct run *r)
{
	const struct df_subject *s = x->s;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		size_t n;
		const char *first;

		if (!is_apt_get(&c, "install"))
			continue;
		if (run_has_opt(&c, &run_apt_opts, 0, "no-install-recommends") ||
		    run_opt_value_has(&c, 'o', "option", "Install-Recommends=false") ||
		    run_opt_value_has(&c, 'o', "option", "Install-Recommends=0") ||
		    run_opt_value_has(&c, 'o', "option", "Install-Recommends=no"))
			continue;
		first = first_package(&c, &run_apt_opts, "install", &n);
		if (!first)
			continue;
		if (run_file_runs_mention(s->df, r->index + 1, "::Install-Recommends"))
			continue;
		return run_report(x->self, r, x->out,
				  "'apt-get install %.80s%s' also installs recommended packages",
				  first, n > 1 ? " ..." : "");
	}
	return 0;
}

int run_check_apt_recommends(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_apt_recommends);
}

static int each_apt_dist_upgrade(const struct run_ctx *x, const struct run *r)
{
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *n = run_cmd_name(&c), *sub;

		if (!run_is_apt(n))
			continue;
		sub = run_cmd_sub(&c, &run_apt_opts);
		if (!sub || (strcmp(sub, "dist-upgrade") != 0 &&
			     (strcmp(sub, "full-upgrade") != 0 || strcmp(n, "apt-get") == 0)))
			continue;
		return run_report(x->self, r, x->out,
				  "'%s %s' may move the image to another distribution release", n,
				  sub);
	}
	return 0;
}

int run_check_apt_dist_upgrade(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	return run_each(self, subject, out, each_apt_dist_upgrade);
}

/* `apt-get dist-clean` (apt 2.7+) removes the package lists too. */
static bool apt_dist_cleans(const struct run *r)
{
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *sub;

		if (!run_is_apt(run_cmd_name(&c)))
			continue;
		sub = run_cmd_sub(&c, &run_apt_opts);
		if (sub && strcmp(sub, "dist-clean") == 0)
			return true;
	}
	return false;
}

static int each_apt_lists(const struct run_ctx *x, const struct run *r)
{
	static const char *const lists[] = {"/var/lib/apt/lists", NULL};
	static const char *const lib_apt[] = {"/var/lib/apt/*", NULL};
	const struct df_subject *s = x->s;

	const char *mgr = NULL;

	for (size_t k = 0; k < r->n_cmds && !mgr; k++) {
		struct sh_cmd c = r->calls[k];
		const char *n = run_cmd_name(&c), *sub;

		if (!run_is_apt(n))
			continue;
		sub = run_cmd_sub(&c, &run_apt_opts);
		if (sub && strcmp(sub, "update") == 0)
			mgr = n;
	}
	if (!mgr)
		return 0;
	if (run_last_removal(r, 0, lists) >= 0 || run_last_removal(r, 0, lib_apt) >= 0 ||
	    apt_dist_cleans(r))
		return 0;
	if (run_mounts(r, "/var/lib/apt/lists", false) ||
	    (run_mounts(r, "/var/lib/apt", false) && run_mounts(r, "/var/cache/apt", false)))
		return 0;
	if (!run_cache_matters(s->df, r))
		return 0; /* a build stage the image is not built FROM: its layers are
			     thrown away */
	return run_report(x->self, r, x->out,
			  "'%s update' leaves the package lists in the layer (no 'rm -rf "
			  "/var/lib/apt/lists/*')",
			  mgr);
}

int run_check_apt_lists(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_apt_lists);
}

static bool apt_packages(struct run_pin_cmd *pc)
{
	return is_apt_get(&pc->c, "install") &&
	       run_oper_after(&pc->it, &pc->c, &run_apt_opts, "install");
}

static const struct run_pin_spec apt_pin = {
	.what = "apt-get install",
	.packages = apt_packages,
	.pin_chars = "=/",
	.file_suffix = ".deb",
};

int run_check_apt_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &apt_pin);
}

static int each_apt_front_end(const struct run_ctx *x, const struct run *r)
{
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *sub;

		if (strcmp(run_cmd_name(&c), "apt") != 0)
			continue;
		sub = run_cmd_sub(&c, &run_apt_opts);
		return run_report(x->self, r, x->out,
				  "'apt%s%.40s' uses apt, whose command line is not stable "
				  "for scripts",
				  sub ? " " : "", sub ? sub : "");
	}
	return 0;
}

int run_check_apt_front_end(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_apt_front_end);
}

/* ---- apk ---- */

static bool is_apk(const struct sh_cmd *c, const char *sub)
{
	const char *s;

	if (strcmp(run_cmd_name(c), "apk") != 0)
		return false;
	s = run_cmd_sub(c, &run_apk_opts);
	return s && strcmp(s, sub) == 0;
}

static int each_apk_cache(const struct run_ctx *x, const struct run *r)
{
	static const char *const apk_cache[] = {"/var/cache/apk", NULL};
	const struct df_subject *s = x->s;

	if (!run_cache_matters(s->df, r))
		return 0;
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		bool cleaned = false;

		/* --no-network fetches nothing, so nothing is cached either */
		if (!is_apk(&c, "add") || run_has_opt(&c, &run_apk_opts, 0, "no-cache") ||
		    run_has_opt(&c, &run_apk_opts, 0, "no-network"))
			continue;
		if (run_mounts(r, "/var/cache/apk", false) ||
		    run_last_removal(r, k + 1, apk_cache) >= 0)
			continue;
		for (size_t j = k + 1; j < r->n_cmds && !cleaned; j++) {
			struct sh_cmd d = r->calls[j];

			cleaned = is_apk(&d, "cache") &&
				  (run_cmd_has_word(&d, "clean") || run_cmd_has_word(&d, "purge"));
		}
		if (cleaned)
			continue;
		return run_report(x->self, r, x->out,
				  "'apk add' without '--no-cache' leaves the package index "
				  "in the layer");
	}
	return 0;
}

int run_check_apk_cache(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_apk_cache);
}

static bool apk_packages(struct run_pin_cmd *pc)
{
	return is_apk(&pc->c, "add") && run_oper_after(&pc->it, &pc->c, &run_apk_opts, "add");
}

static const struct run_pin_spec apk_pin = {
	.what = "apk add",
	.packages = apk_packages,
	.pin_chars = "=~<>",
	.file_suffix = ".apk",
};

int run_check_apk_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &apk_pin);
}
