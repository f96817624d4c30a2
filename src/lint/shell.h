/* SPDX-License-Identifier: Apache-2.0 */
/* A small POSIX shell reader for RUN commands: splits a script into simple commands with
 * their words and the operator that joins each to the next. It does not evaluate anything;
 * rules use it to see "apt-get install -y x && rm -rf /var/lib/apt/lists". */
#ifndef BW_LINT_SHELL_H
#define BW_LINT_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum sh_op {
	SH_OP_END,  /* last command */
	SH_OP_SEMI, /* ; or newline */
	SH_OP_AND,  /* && */
	SH_OP_OR,   /* || */
	SH_OP_PIPE, /* | (also |&) */
	SH_OP_BG,   /* & */
	SH_OP_COUNT
};

struct sh_word {
	const char *text; /* quotes removed, backslash escapes resolved, $VARS left as written */
	const char *base; /* text after its last '/': the name of a command run by path */
	bool quoted;	  /* any part of the word was quoted */
	int line;	  /* line offset within the script, 0-based */
};

/* One simple command. Leading `VAR=value` assignments and redirections are kept apart;
 * `sudo`, `env`, `time`... are NOT stripped (rules see what was written). Words inside
 * $(...), `...`, subshells ( ... ) and { ...; } are flattened into their own commands
 * in order of appearance, so `sh -c "..."` bodies are not parsed but $(...) ones are.
 * A command comes before the commands of the substitutions in its words. Grammar words
 * (if then else elif fi while until do done esac ! { }) are not commands; `case x in` is,
 * and each case item's commands follow it. Bodies of heredocs in the script are skipped.
 * argc may be 0 for `X=1` alone or `> file` alone. The operator after a ( ... ) or
 * { ...; } group goes to the group's last command: `(a && b) || c` gives &&, ||, end. */
struct sh_cmd {
	struct sh_word *argv;
	size_t argc;
	struct sh_word *assigns; /* VAR=value words before the command name */
	size_t n_assigns;
	/* redirection targets (`> /dev/null` gives "/dev/null", `2>&1` gives "&1", `<<EOF`
	 * gives "EOF", `<<<"$x"` gives "$x") */
	struct sh_word *redirs;
	size_t n_redirs;
	enum sh_op op; /* operator after this command */
	int depth;     /* 0 at top level, >0 inside $(...), (...), {...} */
};

struct sh_script {
	struct sh_cmd *cmds;
	size_t n_cmds;
};

/* Parses `script` into *ret (allocated in `arena`). Never fails on odd shell: unbalanced
 * quotes end at the end of the script. 0, or -ENOMEM / -E2BIG (BW_MAX_DF_WORDS). */
int sh_parse(struct bw_arena *arena, const char *script, struct sh_script *ret);

/* Helpers for rules. `name` matches the command word or its basename ("/usr/bin/apt-get"). */
bool sh_cmd_is(const struct sh_cmd *c, const char *name);
/* True when any word after the command name equals `arg` exactly. */
bool sh_cmd_has_arg(const struct sh_cmd *c, const char *arg);
/* True when the command has the short option letter `opt` (alone or in a cluster like -yq)
 * or the long option `longopt` (exactly, or as --longopt=value); either may be NULL. */
bool sh_cmd_has_opt(const struct sh_cmd *c, char opt, const char *longopt);
/* The first word after the command name that is not an option, or NULL. */
const char *sh_cmd_subcommand(const struct sh_cmd *c);

#endif
