/* SPDX-License-Identifier: Apache-2.0 */
/* Package-manager vocabulary shared by the Dockerfile RUN rules: option specs of apt, apk,
 * the RPM family and zypper, their subcommands, and the table-driven "unpinned package"
 * check (struct run_pin_spec). */
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

/* ---- package manager vocabulary ---- */

static const char *const apt_long_vals[] = {"option", "target-release", "default-release",
					    "config-file", NULL};
const struct run_opt_spec run_apt_opts = {.short_val = "otc", .long_val = apt_long_vals};

static const char *const apk_long_vals[] = {
	"virtual",   "repository",	  "root", "arch", "keys-dir",
	"cache-dir", "repositories-file", NULL};
const struct run_opt_spec run_apk_opts = {.short_val = "tXp", .long_val = apk_long_vals};

static const char *const rpm_long_vals[] = {
	"installroot", "releasever",   "repo",	     "repoid",	    "enablerepo",   "disablerepo",
	"exclude",     "setopt",       "config",     "downloaddir", "destdir",	    "color",
	"forcearch",   "rpmverbosity", "debuglevel", "errorlevel",  "repofrompath", NULL,
};
const struct run_opt_spec run_rpm_opts = {.short_val = "cxdeR", .long_val = rpm_long_vals};

static const char *const zypper_long_vals[] = {"repo",		"from",		 "type",
					       "root",		"config",	 "reposd-path",
					       "cache-dir",	"raw-cache-dir", "solv-cache-dir",
					       "pkg-cache-dir", "installroot",	 NULL};
const struct run_opt_spec run_zypper_opts = {.short_val = "rtcDR", .long_val = zypper_long_vals};

bool run_is_apt(const char *n)
{
	return strcmp(n, "apt-get") == 0 || strcmp(n, "apt") == 0 || strcmp(n, "aptitude") == 0;
}

bool run_is_dnf(const char *n)
{
	return strcmp(n, "dnf") == 0 || strcmp(n, "microdnf") == 0 || run_name_versioned(n, "dnf");
}

/* The subcommand of an apt-get/apt/aptitude/apk/yum/dnf/zypper command, or NULL. */
const char *run_pkg_sub(const struct sh_cmd *c, const char **ret_manager)
{
	const char *n = run_cmd_name(c);
	const struct run_opt_spec *o;

	if (run_is_apt(n))
		o = &run_apt_opts;
	else if (strcmp(n, "apk") == 0)
		o = &run_apk_opts;
	else if (strcmp(n, "yum") == 0 || run_is_dnf(n))
		o = &run_rpm_opts;
	else if (strcmp(n, "zypper") == 0)
		o = &run_zypper_opts;
	else
		return NULL;
	*ret_manager = n;
	return run_cmd_sub(c, o);
}

/* ---- shared by the package manager checks ---- */

/* True when the command before k in a pipeline is `yes`. */
bool run_piped_from_yes(const struct run *r, size_t k)
{
	for (size_t j = k; j > 0; j--) {
		const struct sh_cmd *p = &r->cmds[j - 1];

		if (p->depth > r->cmds[k].depth)
			continue;
		return p->op == SH_OP_PIPE && p->depth == r->cmds[k].depth &&
		       strcmp(run_cmd_name(p), "yes") == 0;
	}
	return false;
}

/* Reports the first unpinned package of a RUN, naming how many there are. */
int run_report_unpinned(const struct bw_rule *self, const struct run *r, struct bw_report *out,
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

/* Reports the first package operand of the RUN (of the commands x->arg, a struct
 * run_pin_spec, selects) that is neither pinned by the spec nor an unknown word. */
static int pin_check_run(const struct run_ctx *x, const struct run *r)
{
	const struct run_pin_spec *spec = x->arg;
	const char *first = NULL;
	char label[sizeof(((struct run_pin_cmd *)0)->what)] = "";
	size_t n = 0;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct run_pin_cmd pc = {.c = r->calls[k], .df = x->s->df, .index = r->index};
		const struct sh_word *wd;

		if (!spec->packages(&pc))
			continue;
		while ((wd = run_oper_next(&pc.it))) {
			const char *p = wd->text;

			if (run_is_unknown_word(p))
				continue;
			if (spec->pinned ? spec->pinned(&pc, p)
					 : strpbrk(p, spec->pin_chars) ||
						   bw_str_endswith(p, spec->file_suffix))
				continue;
			if (!first) {
				first = p;
				memcpy(label, pc.what, sizeof(label));
			}
			n++;
		}
	}
	if (!first)
		return 0;
	return run_report_unpinned(x->self, r, x->out, spec->what ? spec->what : label, first, n);
}

int run_pin_check(const struct bw_rule *self, const void *subject, struct bw_report *out,
		  const struct run_pin_spec *spec)
{
	return run_each_with(self, subject, out, pin_check_run, spec);
}
