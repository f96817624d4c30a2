/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile rules DF-100..DF-199: what RUN commands do (package managers, downloads piped
 * into shells, permissions, caches). This file holds the table and the generic checks; the
 * package-manager families live in dockerfile-rules-run-{apt,rpm,lang,shell}.c. */
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

/* ---- DF-100: download piped into a shell ---- */

/* True when interpreter command c would execute what arrives on its standard input. */
static bool runs_stdin(const struct sh_cmd *c)
{
	const char *n = run_cmd_name(c);
	const char *code_opts; /* options whose presence means the program comes from an argument */
	const char *vals;      /* short options taking a value */
	struct run_opt_spec o = {0};
	struct run_oper_it it;
	const struct sh_word *w;

	if (run_is_shell(n)) {
		code_opts = "c";
		vals = "oO";
	} else if (run_name_versioned(n, "python") || run_name_versioned(n, "pypy")) {
		code_opts = "cm";
		vals = "WXQ";
	} else if (strcmp(n, "perl") == 0 || strcmp(n, "ruby") == 0) {
		code_opts = "eE";
		vals = "IrM";
	} else if (strcmp(n, "node") == 0 || strcmp(n, "nodejs") == 0) {
		code_opts = "ep";
		vals = "r";
	} else if (run_name_versioned(n, "php")) {
		code_opts = "rRBEF";
		vals = "cdz";
	} else {
		return false;
	}
	for (const char *p = code_opts; *p; p++)
		if (run_has_opt(c, NULL, *p, NULL))
			return false;
	if (run_has_opt(c, NULL, 0, "eval") || run_has_opt(c, NULL, 0, "print"))
		return false;
	o.short_val = vals;
	run_oper_init(&it, c, &o);
	w = run_oper_next(&it);
	return !w || strcmp(w->text, "-") == 0 ||
	       (run_is_shell(n) && run_has_opt(c, NULL, 's', NULL));
}

static bool is_interpreter(const char *n)
{
	return run_is_shell(n) || run_name_versioned(n, "python") ||
	       run_name_versioned(n, "pypy") || strcmp(n, "perl") == 0 || strcmp(n, "ruby") == 0 ||
	       strcmp(n, "node") == 0 || strcmp(n, "nodejs") == 0 || run_name_versioned(n, "php");
}

static bool is_downloader(const char *n)
{
	return strcmp(n, "curl") == 0 || strcmp(n, "wget") == 0;
}

/* curl writes to stdout unless -o FILE / -O; wget writes to a file unless -O - (-qO-). */
static bool downloads_to_stdout(const struct sh_cmd *c)
{
	bool curl = strcmp(run_cmd_name(c), "curl") == 0;

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
		if (is_downloader(run_base_name(word)))
			return run_base_name(word)[0] == 'c' ? "curl" : "wget";
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
			if (is_interpreter(run_base_name(buf)) || strcmp(buf, "source") == 0 ||
			    strcmp(buf, ".") == 0) {
				*ret_dl = dl;
				return run_base_name(buf);
			}
			break;
		}
	}
	return NULL;
}

static int each_curl_pipe_shell(const struct run_ctx *x, const struct run *r)
{
	int ret;

	const char *dl = NULL, *runner = NULL, *how = NULL;
	char buf[64];

	for (size_t k = 0; k < r->n_cmds && !runner; k++) {
		struct sh_cmd c = r->calls[k];
		const char *n = run_cmd_name(&c);

		if (!c.argc)
			continue;
		if (is_downloader(n) && r->cmds[k].op == SH_OP_PIPE && downloads_to_stdout(&c)) {
			int d = r->cmds[k].depth;

			for (size_t j = k + 1; j < r->n_cmds; j++) {
				struct sh_cmd rc;

				if (r->cmds[j].depth > d)
					continue;
				if (r->cmds[j].depth < d)
					break;
				rc = r->calls[j];
				if (rc.argc && runs_stdin(&rc)) {
					dl = n;
					runner = run_cmd_name(&rc);
					how = "pipe";
					break;
				}
				if (r->cmds[j].op != SH_OP_PIPE)
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
		runner = process_subst_runner(r->text, &dl, buf, sizeof(buf));
		how = "procsubst";
	}
	if (!runner)
		return 0;
	if (strcmp(how, "pipe") == 0)
		ret = run_report(x->self, r, x->out,
				 "'%s' output is piped into '%s', which runs whatever the "
				 "server sends",
				 dl, runner);
	else
		ret = run_report(x->self, r, x->out,
				 "'%s' runs code fetched by '%s' without checking it", runner, dl);
	if (ret < 0)
		return ret;
	return 0;
}

static int check_curl_pipe_shell(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	return run_each(self, subject, out, each_curl_pipe_shell);
}

/* ---- DF-101: world-writable permissions ---- */

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

static int each_world_writable(const struct run_ctx *x, const struct run *r)
{
	static const char *const chmod_long_vals[] = {"reference", NULL};
	static const struct run_opt_spec chmod_opts = {.long_val = chmod_long_vals};

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		const char *n = run_cmd_name(&c), *mode = NULL, *target = NULL;
		bool sticky;
		struct run_oper_it it;
		const struct sh_word *wd;

		if (strcmp(n, "chmod") == 0) {
			run_oper_init(&it, &c, &chmod_opts);
			/* chmod also accepts modes such as -w that look like options */
			wd = run_oper_next(&it);
			if (!wd)
				continue;
			mode = wd->text;
			while (!target && (wd = run_oper_next(&it)))
				target = wd->text;
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
				static const struct run_opt_spec mk_opts = {
					.short_val = "mogSt", .long_val = mk_long_vals};

				run_oper_init(&it, &c, &mk_opts);
				while ((wd = run_oper_next(&it))) {
					target = wd->text; /* install: the destination is
							      last */
				}
			}
		} else {
			continue;
		}
		if (!mode || !target || !mode_world_writable(mode, &sticky))
			continue;
		/* A sticky world-writable folder (1777) is the /tmp pattern: official
		 * images use it so that any UID can run them, and nobody can remove
		 * another's files. Reporting it flagged hundreds of deliberate cases; a
		 * plain 777 is what this rule is for. */
		if (sticky)
			continue;
		return run_report(x->self, r, x->out,
				  "'%s%s %s' makes '%.200s' writable by every user", n,
				  strcmp(n, "chmod") == 0 ? "" : " -m", mode, target);
	}
	return 0;
}

static int check_world_writable(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	return run_each(self, subject, out, each_world_writable);
}

/* ---- DF-102: sudo ---- */

static int each_sudo(const struct run_ctx *x, const struct run *r)
{
	for (size_t k = 0; k < r->n_cmds; k++) {
		const struct sh_cmd *c = &r->cmds[k];
		struct sh_cmd v;

		if (!c->argc || strcmp(run_cmd_name(c), "sudo") != 0)
			continue;
		v = run_cmd_unwrap(c);
		return run_report(x->self, r, x->out,
				  "'sudo%s%.80s' is used in RUN, which already runs as the "
				  "image user",
				  v.argc ? " " : "", v.argc ? run_cmd_name(&v) : "");
	}
	return 0;
}

static int check_sudo(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return run_each(self, subject, out, each_sudo);
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
	const char *mgr = NULL, *sub = run_pkg_sub(c, &mgr);

	*ret_update = *ret_install = false;
	if (!sub)
		return NULL;
	if (run_is_apt(mgr)) {
		*ret_update = strcmp(sub, "update") == 0;
		*ret_install = run_str_in(sub, apt_inst);
		return "apt";
	}
	if (strcmp(mgr, "apk") == 0) {
		*ret_update = strcmp(sub, "update") == 0;
		*ret_install = run_str_in(sub, apk_inst);
		return "apk";
	}
	if (strcmp(mgr, "zypper") == 0) {
		*ret_update = strcmp(sub, "refresh") == 0 || strcmp(sub, "ref") == 0;
		*ret_install = run_str_in(sub, zyp_inst);
		return "zypper";
	}
	/* yum/dnf `update` upgrades packages; only makecache is a bare index refresh */
	*ret_update = strcmp(sub, "makecache") == 0;
	*ret_install = run_str_in(sub, rpm_inst);
	return "rpm";
}

/* A command that runs a script of the build (`bash /tmp/setup.sh`, `./install.sh`), which
 * may well install what the index update was for. */
static bool runs_script(const struct sh_cmd *c)
{
	struct run_oper_it it;
	const struct sh_word *w;

	if (!c->argc)
		return false;
	if (strchr(c->argv[0].text, '/') && !is_interpreter(run_cmd_name(c)))
		return true;
	if (!run_is_shell(run_cmd_name(c)) && strcmp(run_cmd_name(c), ".") != 0 &&
	    strcmp(run_cmd_name(c), "source") != 0)
		return false;
	if (run_has_opt(c, NULL, 'c', NULL))
		return false;
	run_oper_init(&it, c, NULL);
	w = run_oper_next(&it);
	return w && strcmp(w->text, "-") != 0;
}

static int each_update_alone(const struct run_ctx *x, const struct run *r)
{
	static const char *const apt_lists[] = {"/var/lib/apt/lists", NULL};
	static const char *const apk_index[] = {"/var/cache/apk", NULL};

	for (size_t k = 0; k < r->n_cmds; k++) {
		struct sh_cmd c = r->calls[k];
		bool upd, inst, followed = false;
		const char *fam = pkg_action(&c, &upd, &inst), *sub;

		if (!fam || !upd)
			continue;
		for (size_t j = k + 1; j < r->n_cmds && !followed; j++) {
			struct sh_cmd d = r->calls[j];
			bool u2, i2;
			const char *f2 = pkg_action(&d, &u2, &i2);

			followed = (f2 && i2 && strcmp(f2, fam) == 0) || runs_script(&d);
		}
		/* the index removed again in the same RUN leaves nothing stale behind */
		if (followed ||
		    (strcmp(fam, "apt") == 0 && run_last_removal(r, k + 1, apt_lists) >= 0) ||
		    (strcmp(fam, "apk") == 0 && run_last_removal(r, k + 1, apk_index) >= 0))
			continue;
		sub = run_cmd_sub(&c, NULL);
		return run_report(x->self, r, x->out,
				  "'%s %s' is not followed by an install in the same RUN",
				  run_cmd_name(&c), sub ? sub : "update");
	}
	return 0;
}

static int check_update_alone(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	return run_each(self, subject, out, each_update_alone);
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
		.check = run_check_apt_yes,
	},
	{
		.id = "DF-105",
		.severity = BW_SEV_LOW,
		.title = "apt-get install without --no-install-recommends",
		.aliases = "DS-0029 DL3015 CIS-4.3",
		.fix = "Add --no-install-recommends and list the packages you need explicitly.",
		.check = run_check_apt_recommends,
	},
	{
		.id = "DF-106",
		.severity = BW_SEV_LOW,
		.title = "apt dist-upgrade in a build step",
		.aliases = "DS-0024 DL3005",
		.fix = "Use a base image of the release you want instead of dist-upgrade.",
		.check = run_check_apt_dist_upgrade,
	},
	{
		.id = "DF-107",
		.severity = BW_SEV_LOW,
		.title = "apt package lists left in the image",
		.aliases = "DL3009",
		.fix = "End the RUN that runs apt-get update with rm -rf /var/lib/apt/lists/*.",
		.check = run_check_apt_lists,
	},
	{
		.id = "DF-108",
		.severity = BW_SEV_LOW,
		.title = "apt-get install without pinned versions",
		.aliases = "DL3008",
		.fix = "Pin each package as name=version.",
		.check = run_check_apt_pin,
	},
	{
		.id = "DF-109",
		.severity = BW_SEV_INFO,
		.title = "apt used instead of apt-get in a script",
		.aliases = "DL3027",
		.fix = "Use apt-get or apt-cache, whose interface is stable for scripts.",
		.check = run_check_apt_front_end,
	},
	{
		.id = "DF-110",
		.severity = BW_SEV_LOW,
		.title = "apk add without --no-cache",
		.aliases = "DS-0025 DL3019",
		.fix = "Use apk add --no-cache (or a BuildKit cache mount on /var/cache/apk).",
		.check = run_check_apk_cache,
	},
	{
		.id = "DF-111",
		.severity = BW_SEV_LOW,
		.title = "apk add without pinned versions",
		.aliases = "DL3018",
		.fix = "Pin each package as name=version (or name~version).",
		.check = run_check_apk_pin,
	},
	{
		.id = "DF-112",
		.severity = BW_SEV_LOW,
		.title = "yum command without -y",
		.aliases = "DL3030",
		.fix = "Add -y to yum so the build does not stop at a prompt.",
		.check = run_check_yum_yes,
	},
	{
		.id = "DF-113",
		.severity = BW_SEV_LOW,
		.title = "yum install not followed by yum clean all",
		.aliases = "DS-0015 DL3032",
		.fix = "End the RUN with yum clean all (or rm -rf /var/cache/yum).",
		.check = run_check_yum_clean,
	},
	{
		.id = "DF-114",
		.severity = BW_SEV_LOW,
		.title = "yum install without pinned versions",
		.aliases = "DL3033",
		.fix = "Pin each package as name-version (modules as name:stream).",
		.check = run_check_yum_pin,
	},
	{
		.id = "DF-115",
		.severity = BW_SEV_LOW,
		.title = "dnf command without -y",
		.aliases = "DL3038",
		.fix = "Add -y to dnf or microdnf so the build does not stop at a prompt.",
		.check = run_check_dnf_yes,
	},
	{
		.id = "DF-116",
		.severity = BW_SEV_LOW,
		.title = "dnf install not followed by dnf clean all",
		.aliases = "DS-0019 DS-0027 DL3040",
		.fix = "End the RUN with dnf clean all (microdnf clean all for microdnf).",
		.check = run_check_dnf_clean,
	},
	{
		.id = "DF-117",
		.severity = BW_SEV_LOW,
		.title = "dnf install without pinned versions",
		.aliases = "DL3041",
		.fix = "Pin each package as name-version (modules as name:stream).",
		.check = run_check_dnf_pin,
	},
	{
		.id = "DF-118",
		.severity = BW_SEV_LOW,
		.title = "zypper command without --non-interactive",
		.aliases = "DL3034",
		.fix = "Add -n (--non-interactive) to zypper so the build does not stop at a "
		       "prompt.",
		.check = run_check_zypper_yes,
	},
	{
		.id = "DF-119",
		.severity = BW_SEV_LOW,
		.title = "zypper install not followed by zypper clean",
		.aliases = "DS-0020 DL3036",
		.fix = "End the RUN with zypper clean (or a BuildKit cache mount on "
		       "/var/cache/zypp).",
		.check = run_check_zypper_clean,
	},
	{
		.id = "DF-120",
		.severity = BW_SEV_LOW,
		.title = "zypper install without pinned versions",
		.aliases = "DL3037",
		.fix = "Pin each package as name=version (or with >=, <=).",
		.check = run_check_zypper_pin,
	},
	{
		.id = "DF-121",
		.severity = BW_SEV_LOW,
		.title = "zypper dist-upgrade in a build step",
		.aliases = "DL3035",
		.fix = "Use a base image of the release you want instead of zypper dist-upgrade.",
		.check = run_check_zypper_dist_upgrade,
	},
	{
		.id = "DF-122",
		.severity = BW_SEV_LOW,
		.title = "pip install without pinned versions",
		.aliases = "DL3013",
		.fix = "Pin each package as name==version, or install from a requirements or "
		       "constraints file.",
		.check = run_check_pip_pin,
	},
	{
		.id = "DF-123",
		.severity = BW_SEV_LOW,
		.title = "pip install keeps its download cache",
		.aliases = "DL3042",
		.fix = "Add --no-cache-dir (or set PIP_NO_CACHE_DIR=1, or use a cache mount).",
		.check = run_check_pip_cache,
	},
	{
		.id = "DF-124",
		.severity = BW_SEV_LOW,
		.title = "npm install without pinned versions",
		.aliases = "DL3016",
		.fix = "Pin each package as name@version, or install from package.json with a "
		       "lockfile.",
		.check = run_check_npm_pin,
	},
	{
		.id = "DF-125",
		.severity = BW_SEV_LOW,
		.title = "yarn install not followed by yarn cache clean",
		.aliases = "DL3060",
		.fix = "End the RUN with yarn cache clean (or use a BuildKit cache mount for the "
		       "yarn cache).",
		.check = run_check_yarn_cache,
	},
	{
		.id = "DF-126",
		.severity = BW_SEV_LOW,
		.title = "gem install without pinned versions",
		.aliases = "DL3028",
		.fix = "Pin each gem as name:version or pass -v version.",
		.check = run_check_gem_pin,
	},
	{
		.id = "DF-127",
		.severity = BW_SEV_LOW,
		.title = "go install, get or run without a pinned module version",
		.aliases = "DL3062",
		.fix = "Name a version (module@v1.2.3) instead of none or @latest.",
		.check = run_check_go_pin,
	},
	{
		.id = "DF-128",
		.severity = BW_SEV_INFO,
		.title = "Both curl and wget used in one stage",
		.aliases = "DS-0014 DL4001",
		.fix = "Use one download tool throughout the stage.",
		.check = run_check_curl_and_wget,
	},
	{
		.id = "DF-129",
		.severity = BW_SEV_INFO,
		.title = "wget without --progress or -q",
		.aliases = "DL3047",
		.fix = "Add --progress=dot:giga, -nv or -q to wget.",
		.check = run_check_wget_progress,
	},
	{
		.id = "DF-130",
		.severity = BW_SEV_INFO,
		.title = "RUN starts with cd instead of using WORKDIR",
		.aliases = "DS-0013 DL3003",
		.fix = "Set the directory with WORKDIR before the RUN.",
		.check = run_check_run_cd,
	},
	{
		.id = "DF-131",
		.severity = BW_SEV_INFO,
		.title = "Command with no lasting effect in a build step",
		.aliases = "DL3001",
		.fix = "Remove interactive or runtime-only commands (ssh, vim, service, ps, "
		       "top...) from RUN.",
		.check = run_check_pointless_commands,
	},
	{
		.id = "DF-132",
		.severity = BW_SEV_LOW,
		.title = "RUN replaces /bin/sh with a symlink",
		.aliases = "DL4005",
		.fix = "Use the SHELL instruction to change the shell RUN uses.",
		.check = run_check_ln_bin_sh,
	},
	{
		.id = "DF-133",
		.severity = BW_SEV_LOW,
		.title = "Pipe in RUN without pipefail",
		.aliases = "DS-0032 DL4006",
		.fix = "Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or start the RUN "
		       "with set -o pipefail.",
		.check = run_check_pipefail,
	},
	{
		.id = "DF-134",
		.severity = BW_SEV_INFO,
		.title = "Consecutive single-command RUN instructions",
		.aliases = "DL3059",
		.fix = "Join the commands into one RUN with &&.",
		.check = run_check_consecutive_runs,
	},
	{
		.id = "DF-135",
		.severity = BW_SEV_LOW,
		.title = "useradd with a high UID without -l",
		.aliases = "DL3046",
		.fix = "Add -l (--no-log-init) to useradd when the UID is large.",
		.check = run_check_useradd_uid,
	},
};

const struct bw_ruleset df_run_ruleset = {
	.name = "dockerfile-run",
	.kind = "dockerfile",
	.prefix = "DF-",
	.rules = df_run_rules,
	.len = BW_ARRAY_SIZE(df_run_rules),
};
