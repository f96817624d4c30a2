/* SPDX-License-Identifier: Apache-2.0 */
/* Internal to the Dockerfile RUN rules (dockerfile-rules-run*.c): each RUN parsed once into
 * simple commands, wrappers (sudo, env, xargs) unwrapped, options read by a spec, the
 * package-manager vocabulary, and the checks each family file gives the rule table. */
#ifndef BW_LINT_RUN_WALK_H
#define BW_LINT_RUN_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "lint/dockerfile-rules.h"
#include "lint/dockerfile.h"
#include "lint/shell.h"

struct bw_report;
struct bw_rule;

/* How a command's options are spelled: which take a separate value. */
struct run_opt_spec {
	const char *short_val;	     /* short options taking a value ("ot") */
	const char *const *long_val; /* long options taking a value, NULL-terminated */
	bool stop_at_dashdash;	     /* words after "--" belong to something else (gem) */
};

struct run_oper_it {
	const struct sh_cmd *c;
	const struct run_opt_spec *o;
	size_t pos;
	bool dashdash;
};

struct run {
	const struct df_instr *at; /* where findings point: the RUN, or the ONBUILD wrapping it */
	const struct df_instr *in; /* the RUN itself */
	size_t index;		   /* of `at` in df->instrs */
	bool onbuild;		   /* `at` is ONBUILD RUN: it runs in images built FROM this one */
	bool exec_pipefail;	   /* exec form ["bash", "-o", "pipefail", "-c", "..."] */
	struct sh_cmd *cmds;	   /* every script's commands, in order */
	struct sh_cmd *calls;	   /* cmds[i] with wrappers unwrapped (run_cmd_unwrap), once */
	bool *nested;		   /* cmds[i] came from parsing an `sh -c '...'` argument */
	size_t n_cmds, cap;
	const char *text; /* the scripts joined with newlines, for substring checks */
};

struct run_walk {
	const struct df_subject *s;
	struct bw_arena arena; /* parse results of the current rule's walk */
	size_t next;
};

const char *run_base_name(const char *s);

bool run_str_in(const char *s, const char *const *list);

bool run_str_has_prefix_in(const char *s, const char *const *list);

/* "python", "python3", "python3.11", "pip3.9": `prefix` followed only by digits and dots. */
bool run_name_versioned(const char *name, const char *prefix);

bool run_is_shell(const char *name);

/* A word we cannot judge: a variable or command substitution standing for the whole value. */
bool run_is_unknown_word(const char *w);

const char *run_cmd_name(const struct sh_cmd *c);

/* The command a wrapper runs: `sudo -E apt-get ...`, `env A=1 pip ...`, `xargs apt-get ...`.
 * Returns a view of c (same words) starting at the wrapped command. */
struct sh_cmd run_cmd_unwrap(const struct sh_cmd *c);

void run_oper_init(struct run_oper_it *it, const struct sh_cmd *c, const struct run_opt_spec *o);

/* The next operand (a word that is neither an option nor an option's value), or NULL. */
const struct sh_word *run_oper_next(struct run_oper_it *it);

/* The first operand: the subcommand of apt-get, apk, yum, pip... or NULL. */
const char *run_cmd_sub(const struct sh_cmd *c, const struct run_opt_spec *o);

/* Positions `it` just after the operand `sub` (the subcommand); false when absent. */
bool run_oper_after(struct run_oper_it *it, const struct sh_cmd *c, const struct run_opt_spec *o,
		    const char *sub);

/* True when c has the short option `s` (alone or in a cluster such as -yq) or the long option
 * `l` (as --l or --l=value) before any "--"; either may be 0/NULL. Values are skipped. */
bool run_has_opt(const struct sh_cmd *c, const struct run_opt_spec *o, char s, const char *l);

/* True when a value of option -s / --l (separate, attached or after '=') contains `needle`,
 * ignoring case. */
bool run_opt_value_has(const struct sh_cmd *c, char s, const char *l, const char *needle);

bool run_cmd_has_word(const struct sh_cmd *c, const char *w);

void run_walk_init(struct run_walk *w, const struct df_subject *s);

void run_walk_releasep(struct run_walk *w);

/* `-o pipefail` (also -eo pipefail, -euxo pipefail) among words[from..n). */
bool run_words_set_pipefail(const struct sh_word *argv, size_t n, size_t from);

/* The SHELL instruction in effect at instruction `index` (own stage, then parent stages). */
const struct df_instr *run_active_shell(const struct df_file *df, size_t index);

/* Loads instruction `index` as a RUN. Returns 1 when it is one (r filled), 0 when it is not
 * a RUN (or runs in a non-POSIX shell), or a negative errno. */
int run_load(struct bw_arena *a, struct df_file *df, size_t index, struct run *r);

/* The next RUN of the file: 1 with r filled, 0 at the end, or a negative errno. */
int run_next(struct run_walk *w, struct run *r);

/* What a per-RUN check (run_each) receives besides the RUN. */
struct run_ctx {
	const struct bw_rule *self;
	const struct df_subject *s;
	struct bw_report *out;
	const void *arg; /* run_each_with's `arg`: what one check shared by rules varies by */
};

/* Calls `fn` for every RUN of the file in order, stopping at the first negative errno it
 * returns (or run_next's). Returns 0 or that errno: the body of most RUN checks. */
int run_each(const struct bw_rule *self, const void *subject, struct bw_report *out,
	     int (*fn)(const struct run_ctx *x, const struct run *r));

/* run_each, with `arg` passed on in x->arg. */
int run_each_with(const struct bw_rule *self, const void *subject, struct bw_report *out,
		  int (*fn)(const struct run_ctx *x, const struct run *r), const void *arg);

int run_report(const struct bw_rule *self, const struct run *r, struct bw_report *out,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Cache left in a stage that never reaches the image costs nothing: skip those RUNs. */
bool run_cache_matters(const struct df_file *df, const struct run *r);

/* The value of ENV/ARG `name` visible at instruction `index` ("" for ARG without default),
 * looking through the stage and its parent stages; NULL when not declared there. */
const char *run_env_lookup(const struct df_file *df, size_t index, const char *name, size_t len);

/* True when every $VAR in `w` may carry a version: declared as a build ARG (set with
 * --build-arg), visible as ENV here, or declared nowhere (base image or shell variable).
 * False when a variable is an ENV of an unrelated stage, which is empty here. */
bool run_vars_may_pin(const struct df_file *df, size_t index, const char *w);

/* Any RUN (or ONBUILD RUN) of the file mentions `needle`: configuration written to
 * /etc/apt/apt.conf.d or /etc/yum.conf applies to the later commands. */
bool run_file_runs_mention(const struct df_file *df, size_t before, const char *needle);

/* A `--mount=type=cache|tmpfs,target=...` of the RUN whose target starts with (or, when
 * `anywhere`, contains) `dir`. */
bool run_mounts(const struct run *r, const char *dir, bool anywhere);

/* Index of the last command (at or after `from`) that removes a path starting with one of
 * `paths` (rm, or find ... -delete); -1 when none. */
long run_last_removal(const struct run *r, size_t from, const char *const *paths);

bool run_is_apt(const char *n);

bool run_is_dnf(const char *n);

/* The subcommand of an apt-get/apt/aptitude/apk/yum/dnf/zypper command, or NULL. */
const char *run_pkg_sub(const struct sh_cmd *c, const char **ret_manager);

/* True when the command before k in a pipeline is `yes`. */
bool run_piped_from_yes(const struct run *r, size_t k);

/* Reports the first unpinned package of a RUN, naming how many there are. */
int run_report_unpinned(const struct bw_rule *self, const struct run *r, struct bw_report *out,
			const char *what, const char *first, size_t n);

extern const struct run_opt_spec run_apt_opts;

extern const struct run_opt_spec run_apk_opts;

extern const struct run_opt_spec run_rpm_opts;

extern const struct run_opt_spec run_zypper_opts;

/* One command as a pin check sees it; the spec's callbacks fill and read it. */
struct run_pin_cmd {
	struct sh_cmd c;       /* the unwrapped command; packages() may narrow it (python -m pip) */
	struct run_oper_it it; /* packages() positions it at the package operands */
	char what[64];	       /* packages() names the command when the spec does not */
	bool module;	       /* `dnf module install`: streams are pinned by ':' */
	const struct df_file *df; /* the file and the RUN's index, for $VAR operands */
	size_t index;
};

/* A package manager's "install without a pinned version" check, as data. */
struct run_pin_spec {
	const char *what; /* the command as named in the message ("apt-get install"); NULL:
			     packages() writes it into run_pin_cmd.what */
	/* Positions pc->it at the package operands; false when pc->c installs no packages. */
	bool (*packages)(struct run_pin_cmd *pc);
	/* True when `pkg` names a version (or cannot float); NULL: pin_chars and file_suffix */
	bool (*pinned)(const struct run_pin_cmd *pc, const char *pkg);
	const char *pin_chars;	 /* any of these in a package pins it: "=/" */
	const char *file_suffix; /* a local package file, pinned by nature: ".deb" */
};

/* Reports, per RUN, the first unpinned package of the commands spec selects. */
int run_pin_check(const struct bw_rule *self, const void *subject, struct bw_report *out,
		  const struct run_pin_spec *spec);

/* ---- checks of the per-family files, listed in the table of dockerfile-rules-run.c ---- */

/* apt */
int run_check_apt_yes(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_apt_recommends(const struct bw_rule *self, const void *subject,
			     struct bw_report *out);
int run_check_apt_dist_upgrade(const struct bw_rule *self, const void *subject,
			       struct bw_report *out);
int run_check_apt_lists(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_apt_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_apt_front_end(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_apk_cache(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_apk_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
/* rpm */
int run_check_yum_yes(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_dnf_yes(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_yum_clean(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_dnf_clean(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_yum_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_dnf_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_zypper_yes(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_zypper_clean(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_zypper_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_zypper_dist_upgrade(const struct bw_rule *self, const void *subject,
				  struct bw_report *out);
/* lang */
int run_check_pip_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_pip_cache(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_npm_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_yarn_cache(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_gem_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_go_pin(const struct bw_rule *self, const void *subject, struct bw_report *out);
/* shell */
int run_check_curl_and_wget(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_wget_progress(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_run_cd(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_pointless_commands(const struct bw_rule *self, const void *subject,
				 struct bw_report *out);
int run_check_ln_bin_sh(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_pipefail(const struct bw_rule *self, const void *subject, struct bw_report *out);
int run_check_consecutive_runs(const struct bw_rule *self, const void *subject,
			       struct bw_report *out);
int run_check_useradd_uid(const struct bw_rule *self, const void *subject, struct bw_report *out);

#endif
