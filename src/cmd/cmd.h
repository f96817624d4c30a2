/* SPDX-License-Identifier: Apache-2.0 */
/* What every command shares: the run context with the global options, option tables from
 * which parsing and --help are generated, and the common end of a run (filter, write, exit). */
#ifndef BW_CMD_CMD_H
#define BW_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/report.h"
#include "core/severity.h"
#include "out/out.h"

/* Exit codes (README "Exit codes"). */
enum bw_exit {
	BW_EXIT_OK = 0,	      /* no finding at or above --fail-on */
	BW_EXIT_FINDINGS = 1, /* at least one such finding */
	BW_EXIT_USAGE = 2,    /* bad command line */
	BW_EXIT_ERROR = 3,    /* unreadable input, parse error, runtime failure */
};

/* Returned (negated) by a command for a usage error, which main maps to BW_EXIT_USAGE. */
#define BW_EUSAGE 4096

/* The global options and the report of one run. */
struct bw_ctx {
	char *format_name;	 /* --format as given */
	enum bw_format format;	 /* parsed --format */
	char *output;		 /* --output FILE, NULL = stdout */
	char *severity;		 /* --severity LIST as given */
	unsigned severity_mask;	 /* parsed --severity; all bits when not given */
	char *fail_on;		 /* --fail-on SEVERITY as given; NULL = command default */
	char *ignore_file;	 /* --ignore-file; NULL = .bulwarkignore if present */
	char *config_file;	 /* --config; NULL = .bulwark.yaml if present */
	bool no_color;		 /* --no-color */
	bool quiet;		 /* --quiet */
	bool show_suppressed;	 /* --show-suppressed */
	bool help;		 /* --help */
	bool version;		 /* --version */
	struct bw_report report; /* filled by the command */
	unsigned input_errors;	 /* inputs that could not be read or parsed */
	/* Set by commands that add keys to the JSON report (see struct bw_out_opts). */
	int (*json_extra)(void *root, const void *arg);
	const void *json_extra_arg;
};

enum bw_opt_kind {
	BW_OPT_BOOL,   /* a flag; `--no-NAME` is not generated */
	BW_OPT_STRING, /* takes an argument, stored as a malloc'd string (last one wins) */
	BW_OPT_LIST,   /* takes an argument, may repeat: appended to a struct bw_opt_list */
};

/* The field a BW_OPT_LIST option fills: every value given, in order (owned strings). */
struct bw_opt_list {
	char **items;
	size_t len;
};

struct bw_option {
	const char *name; /* long name without dashes */
	char short_name;  /* 0 when none */
	enum bw_opt_kind kind;
	size_t offset;	  /* of the bool / char * / bw_opt_list field in the options struct */
	const char *arg;  /* argument name in --help ("FILE"); NULL for flags */
	const char *help; /* one line */
};

struct bw_cmd_spec {
	const char *usage;	      /* "bulwark lint [OPTIONS] PATH..." */
	const char *description;      /* a few lines */
	const struct bw_option *opts; /* the command's own options, may be NULL */
	size_t n_opts;
	const char *examples; /* lines of examples */
};

extern const struct bw_option bw_global_opts[];
extern const size_t bw_global_opts_len;

/* Parses argv against the global table (into ctx) and `spec`'s table (into cmd_opts).
 * With `stop_at_first_word`, stops at the first non-option (the command word). Leaves the
 * remaining words in argv[*ret_optind..]. 0, or -BW_EUSAGE after printing one line. */
int bw_opts_parse(int argc, char **argv, struct bw_ctx *ctx, const struct bw_cmd_spec *spec,
		  void *cmd_opts, bool stop_at_first_word, int *ret_optind);
/* Frees the strings parsed into ctx / into a command's options struct. */
void bw_ctx_release(struct bw_ctx *ctx);
void bw_opts_release(const struct bw_cmd_spec *spec, void *cmd_opts);
/* Prints an option table for --help. */
void bw_opts_print_help(FILE *f, const struct bw_option *opts, size_t n);
/* Prints `bulwark CMD --help` from the spec. */
void bw_cmd_print_help(FILE *f, const char *name, const char *summary,
		       const struct bw_cmd_spec *spec);
/* Validates the global options once parsed (formats, severities); 0 or -BW_EUSAGE. */
int bw_ctx_finish_options(struct bw_ctx *ctx);

/* Applies suppressions (pragmas, ignore file), writes the report in the chosen format to
 * stdout or --output (replaced atomically), and returns BW_EXIT_FINDINGS when a visible,
 * unsuppressed finding is at or above --fail-on (default `default_fail_on`), else
 * BW_EXIT_OK; -errno on failure, after printing why. */
int bw_report_finish(struct bw_ctx *ctx, const char *command, enum bw_severity default_fail_on);

/* Registers every rule set with the core registry (idempotent). */
void cmd_register_rulesets(void);

int cmd_db(int argc, char **argv, struct bw_ctx *ctx);
int cmd_fix(int argc, char **argv, struct bw_ctx *ctx);
int cmd_host(int argc, char **argv, struct bw_ctx *ctx);
int cmd_image(int argc, char **argv, struct bw_ctx *ctx);
int cmd_lint(int argc, char **argv, struct bw_ctx *ctx);
int cmd_rules(int argc, char **argv, struct bw_ctx *ctx);
int cmd_sbom(int argc, char **argv, struct bw_ctx *ctx);
extern const struct bw_cmd_spec cmd_db_spec;
extern const struct bw_cmd_spec cmd_host_spec;
extern const struct bw_cmd_spec cmd_image_spec;
extern const struct bw_cmd_spec cmd_fix_spec;
extern const struct bw_cmd_spec cmd_lint_spec;
extern const struct bw_cmd_spec cmd_rules_spec;
extern const struct bw_cmd_spec cmd_sbom_spec;

#endif
