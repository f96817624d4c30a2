/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile RUN rules for the RPM family: yum, dnf/microdnf and zypper (assume-yes, cache
 * cleaning, pinning, dist-upgrade). */
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

/* ---- yum, dnf, microdnf ---- */

/* x->arg of the checks shared by yum and dnf rules: which family a rule judges. */
static const bool rpm_yum = false, rpm_dnf = true;

/* The subcommand of a yum (`dnf` false) or dnf/microdnf (`dnf` true) command, or NULL. */
static const char *rpm_sub(const struct sh_cmd *c, bool dnf)
{
	const char *n = run_cmd_name(c);

	if (dnf ? !run_is_dnf(n) : strcmp(n, "yum") != 0)
		return NULL;
	return run_cmd_sub(c, &run_rpm_opts);
}

static bool rpm_assumes_yes(const struct run *r, size_t k, const struct sh_cmd *c)
{
	return run_has_opt(c, &run_rpm_opts, 'y', "assumeyes") ||
	       run_has_opt(c, &run_rpm_opts, 0, "yes") || run_piped_from_yes(r, k);
}

static int each_rpm_yes(const struct run_ctx *x, const struct run *r)
{
	const bool dnf = *(const bool *)x->arg;
	static const char *const prompting[] = {
		"install",   "in",     "groupinstall", "localinstall",
		"reinstall", "update", "upgrade",      "up",
		"remove",    "erase",  "rm",	       "downgrade",
		"group",     "module", "distro-sync",  NULL};
	const struct df_subject *s = x->s;

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *sub = rpm_sub(&c, dnf);

		if (!sub || !run_str_in(sub, prompting) || rpm_assumes_yes(r, k, &c))
			continue;
		if (run_file_runs_mention(s->df, r->index, "assumeyes="))
			continue;
		return run_report(x->self, r, x->out,
				  "'%s %s' runs without '-y' and stops at the confirmation prompt",
				  run_cmd_name(&c), sub);
	}
	return 0;
}

int run_check_yum_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each_with(self, subject, out, each_rpm_yes, &rpm_yum);
}

int run_check_dnf_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each_with(self, subject, out, each_rpm_yes, &rpm_dnf);
}

/* Installs that fill the package cache. */
static const char *const rpm_fills_cache[] = {
	"install",	"in",	       "reinstall", "rei",    "groupinstall",
	"localinstall", "update",      "upgrade",   "up",     "upgrade-minimal",
	"up-min",	"distro-sync", "group",	    "module", NULL};

static int each_rpm_clean(const struct run_ctx *x, const struct run *r)
{
	const bool dnf = *(const bool *)x->arg;
	static const char *const caches[] = {"/var/cache/yum", "/var/cache/dnf",
					     "/var/cache/libdnf5", NULL};
	const struct df_subject *s = x->s;
	long last_install = -1;
	const char *name = NULL, *sub = NULL;
	bool cleaned = false;

	if (!run_cache_matters(s->df, r))
		return 0;
	if (run_mounts(r, "/var/cache/yum", false) || run_mounts(r, "/var/cache/dnf", false) ||
	    run_mounts(r, "/var/cache/libdnf5", false))
		return 0;
	/* each command name needs its own clean: `dnf install` is not cleaned by `microdnf
	 * clean` */
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *s2 = rpm_sub(&c, dnf);

		if (!s2 || !run_str_in(s2, rpm_fills_cache))
			continue;
		if (strcmp(s2, "group") == 0 || strcmp(s2, "module") == 0) {
			if (!run_cmd_has_word(&c, "install") && !run_cmd_has_word(&c, "update") &&
			    !run_cmd_has_word(&c, "upgrade"))
				continue;
		}
		last_install = (long)k;
		name = run_cmd_name(&c);
		sub = s2;
	}
	if (last_install < 0)
		return 0;
	for (size_t k = (size_t)last_install + 1; k < r->n_cmds && !cleaned; k++) {
		struct sh_cmd c = r->calls[k];
		const char *s2 = rpm_sub(&c, dnf);

		cleaned = s2 && strcmp(s2, "clean") == 0 && strcmp(run_cmd_name(&c), name) == 0;
	}
	if (cleaned || run_last_removal(r, (size_t)last_install + 1, caches) >= 0)
		return 0;
	return run_report(x->self, r, x->out,
			  "'%s %s' is not followed by '%s clean all' in the same RUN", name, sub,
			  name);
}

int run_check_yum_clean(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each_with(self, subject, out, each_rpm_clean, &rpm_yum);
}

int run_check_dnf_clean(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each_with(self, subject, out, each_rpm_clean, &rpm_dnf);
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

/* Packages of `yum|dnf install` and streams of `dnf module install`; groups have no versions. */
static bool rpm_packages(struct run_pin_cmd *pc, bool dnf)
{
	const char *sub = rpm_sub(&pc->c, dnf);

	if (!sub || strcmp(sub, "group") == 0 || strcmp(sub, "groupinstall") == 0)
		return false;
	pc->module = strcmp(sub, "module") == 0;
	if (!pc->module && strcmp(sub, "install") != 0 && !(dnf && strcmp(sub, "in") == 0))
		return false;
	(void)snprintf(pc->what, sizeof(pc->what), "%s %s", dnf ? "dnf" : "yum",
		       pc->module ? "module install" : "install");
	return run_oper_after(&pc->it, &pc->c, &run_rpm_opts, pc->module ? "install" : sub);
}

static bool yum_packages(struct run_pin_cmd *pc)
{
	return rpm_packages(pc, false);
}

static bool dnf_packages(struct run_pin_cmd *pc)
{
	return rpm_packages(pc, true);
}

static bool rpm_pinned(const struct run_pin_cmd *pc, const char *p)
{
	if (p[0] == '@' || bw_str_endswith(p, ".rpm"))
		return true;
	if (pc->module ? strchr(p, ':') != NULL : rpm_version_like(p))
		return true;
	return strchr(p, '$') && run_vars_may_pin(pc->df, pc->index, p);
}

static const struct run_pin_spec yum_pin = {.packages = yum_packages, .pinned = rpm_pinned};
static const struct run_pin_spec dnf_pin = {.packages = dnf_packages, .pinned = rpm_pinned};

int run_check_yum_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &yum_pin);
}

int run_check_dnf_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &dnf_pin);
}

/* ---- zypper ---- */

static const char *zypper_sub(const struct sh_cmd *c)
{
	if (strcmp(run_cmd_name(c), "zypper") != 0)
		return NULL;
	return run_cmd_sub(c, &run_zypper_opts);
}

static int each_zypper_yes(const struct run_ctx *x, const struct run *r)
{
	static const char *const prompting[] = {
		"install", "in",    "remove", "rm", "source-install",
		"si",	   "patch", "update", "up", "dist-upgrade",
		"dup",	   NULL};

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *sub = zypper_sub(&c);

		if (!sub || !run_str_in(sub, prompting))
			continue;
		if (run_has_opt(&c, &run_zypper_opts, 'n', "non-interactive") ||
		    run_has_opt(&c, &run_zypper_opts, 'y', "no-confirm") ||
		    run_piped_from_yes(r, k))
			continue;
		return run_report(x->self, r, x->out,
				  "'zypper %s' runs without '--non-interactive' and stops "
				  "at a prompt",
				  sub);
	}
	return 0;
}

int run_check_zypper_yes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_zypper_yes);
}

static int each_zypper_clean(const struct run_ctx *x, const struct run *r)
{
	static const char *const fills[] = {"install",	    "in",  "update", "up",
					    "dist-upgrade", "dup", "patch",  "source-install",
					    "si",	    NULL};
	static const char *const caches[] = {"/var/cache/zypp", NULL};
	const struct df_subject *s = x->s;

	long last = -1;
	const char *sub = NULL;
	bool cleaned = false;

	if (!run_cache_matters(s->df, r) || run_mounts(r, "/var/cache/zypp", false))
		return 0;
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *s2 = zypper_sub(&c);

		if (s2 && run_str_in(s2, fills)) {
			last = (long)k;
			sub = s2;
		}
	}
	if (last < 0)
		return 0;
	for (size_t k = (size_t)last + 1; k < r->n_cmds && !cleaned; k++) {
		struct sh_cmd c = r->calls[k];
		const char *s2 = zypper_sub(&c);

		cleaned = s2 && (strcmp(s2, "clean") == 0 || strcmp(s2, "cc") == 0);
	}
	if (cleaned || run_last_removal(r, (size_t)last + 1, caches) >= 0)
		return 0;
	return run_report(x->self, r, x->out,
			  "'zypper %s' is not followed by 'zypper clean' in the same RUN", sub);
}

int run_check_zypper_clean(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_zypper_clean);
}

/* Packages of `zypper install`; patterns, products and patches (-t) have no versions. */
static bool zypper_packages(struct run_pin_cmd *pc)
{
	const struct sh_cmd *c = &pc->c;
	const char *sub = zypper_sub(c);

	if (!sub || (strcmp(sub, "install") != 0 && strcmp(sub, "in") != 0))
		return false;
	if (run_opt_value_has(c, 't', "type", "pattern") ||
	    run_opt_value_has(c, 't', "type", "product") ||
	    run_opt_value_has(c, 't', "type", "patch"))
		return false;
	return run_oper_after(&pc->it, c, &run_zypper_opts, sub);
}

static const struct run_pin_spec zypper_pin = {
	.what = "zypper install",
	.packages = zypper_packages,
	.pin_chars = "=<>",
	.file_suffix = ".rpm",
};

int run_check_zypper_pin(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_pin_check(self, subject, out, &zypper_pin);
}

static int each_zypper_dist_upgrade(const struct run_ctx *x, const struct run *r)
{
	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *sub = zypper_sub(&c);

		if (!sub || (strcmp(sub, "dist-upgrade") != 0 && strcmp(sub, "dup") != 0))
			continue;
		return run_report(x->self, r, x->out,
				  "'zypper %s' may move the image to another distribution release",
				  sub);
	}
	return 0;
}

int run_check_zypper_dist_upgrade(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	return run_each(self, subject, out, each_zypper_dist_upgrade);
}
