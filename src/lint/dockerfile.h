/* SPDX-License-Identifier: Apache-2.0 */
/* The Dockerfile parser: BuildKit's syntax into an instruction list grouped in stages.
 * It does not judge anything (that is dockerfile-rules*.c) and never runs the build. */
#ifndef BW_LINT_DOCKERFILE_H
#define BW_LINT_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "util/arena.h"

#define DF_KIND_LIST(X)                                                                            \
	X(ADD, "ADD")                                                                              \
	X(ARG, "ARG")                                                                              \
	X(CMD, "CMD")                                                                              \
	X(COPY, "COPY")                                                                            \
	X(ENTRYPOINT, "ENTRYPOINT")                                                                \
	X(ENV, "ENV")                                                                              \
	X(EXPOSE, "EXPOSE")                                                                        \
	X(FROM, "FROM")                                                                            \
	X(HEALTHCHECK, "HEALTHCHECK")                                                              \
	X(LABEL, "LABEL")                                                                          \
	X(MAINTAINER, "MAINTAINER")                                                                \
	X(ONBUILD, "ONBUILD")                                                                      \
	X(RUN, "RUN")                                                                              \
	X(SHELL, "SHELL")                                                                          \
	X(STOPSIGNAL, "STOPSIGNAL")                                                                \
	X(USER, "USER")                                                                            \
	X(VOLUME, "VOLUME")                                                                        \
	X(WORKDIR, "WORKDIR")

enum df_kind {
#define DF_KIND_ENUM(id, name) DF_##id,
	DF_KIND_LIST(DF_KIND_ENUM)
#undef DF_KIND_ENUM
		DF_KIND_COUNT
};

/* `--name=value` before the arguments (`--from=build`, `--mount=type=cache,...`). */
struct df_flag {
	const char *name;  /* without the dashes, as written: "from", "chown", "mount" */
	const char *value; /* after '=' with quotes kept as written; NULL for a bare `--link` */
};

/* One key/value pair of ENV, LABEL or ARG. */
struct df_kv {
	const char *key;
	const char
		*value; /* quotes removed, escapes resolved; NULL for `ARG NAME` without default */
	int line;	/* line where the key appears */
	/* value with the ARG/ENV values visible before this instruction substituted (as df_expand);
	 * NULL when value is, except `ARG NAME` redeclaring a global ARG, which gets its value */
	const char *value_expanded;
};

/* A here-document attached to RUN, COPY or ADD. */
struct df_heredoc {
	const char *delim; /* delimiter word, quotes removed */
	const char *body;  /* the lines between, each ending in '\n'; tabs stripped for <<- */
	bool strip_tabs;   /* <<-EOF */
	bool quoted;	   /* <<"EOF" or <<'EOF': no expansion in the body */
	int line;	   /* line of the first body line */
};

struct df_instr {
	enum df_kind kind;
	const char *keyword; /* as written, e.g. "run"; unknown keywords are a parse error */
	int line;	     /* line of the keyword, 1-based */
	int end_line;	     /* last line, including continuations and heredoc bodies */
	int col;	     /* column of the keyword, 1-based */
	int stage;	     /* index into df_file.stages; -1 for ARGs before the first FROM */
	size_t index;	     /* position in df_file.instrs (a wrapped ONBUILD one: its ONBUILD's) */

	/* The text after the keyword (and after the flags) with continuations joined:
	 * escape+newline removed, comment lines inside continuations dropped. For heredoc
	 * instructions this is the first line only (the bodies are in heredocs). */
	const char *args_text;
	struct df_flag *flags;
	size_t n_flags;

	/* RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME, HEALTHCHECK CMD: true when written as
	 * a JSON array (one that is not valid JSON is shell form, as in BuildKit). */
	bool json_form;
	/* Words of the arguments: the JSON array items in exec form, otherwise the arguments
	 * split on unquoted white space with quotes removed (for FROM, COPY, USER, EXPOSE ...).
	 * HEALTHCHECK: words[0] is the type as written ("CMD", "NONE"), then the command's words
	 * (json_form tells which form the command has). */
	const char **words;
	size_t n_words;

	/* ENV, LABEL, ARG pairs (both `K=V` and the legacy `ENV K V` form). */
	struct df_kv *kvs;
	size_t n_kvs;

	struct df_heredoc *heredocs;
	size_t n_heredocs;

	struct df_instr *onbuild; /* ONBUILD: the wrapped instruction (same line), else NULL */
};

struct df_stage {
	int index;		    /* 0-based */
	int line;		    /* line of its FROM */
	size_t instr;		    /* index of the FROM in df_file.instrs */
	size_t n_instrs;	    /* instructions in the stage, the FROM included */
	const char *image;	    /* FROM argument as written, e.g. "${BASE}:3.19" */
	const char *image_expanded; /* with ARGs before the first FROM substituted */
	const char *name;	    /* `AS name`, lower-cased; NULL when none */
	const char *platform;	    /* `--platform=` value or NULL */
	int parent;		    /* index of an earlier stage the image names, else -1 */
};

/* A comment line outside continuations (`# ...`), for pragmas. */
struct df_comment {
	int line;
	const char *text; /* after '#', leading and trailing spaces stripped */
};

struct df_vars;

struct df_file {
	const char *path;
	char escape;	    /* '\\' or '`' (from `# escape=`) */
	const char *syntax; /* `# syntax=` value or NULL */
	const char *check;  /* `# check=` value (BuildKit's lint directive) or NULL */
	struct df_instr *instrs;
	size_t n_instrs;
	struct df_stage *stages;
	size_t n_stages;
	struct df_comment *comments;
	size_t n_comments;
	struct bw_arena arena; /* owns everything above */
	struct df_vars *vars;  /* internal to dockerfile.c: variable tables behind df_expand */
};

/* Parses `len` bytes of `src` (need not be NUL-terminated). On success *ret_df is the new
 * file (free with df_file_free). On failure returns -EINVAL (syntax), -E2BIG (a limit in
 * core/limits.h) or -ENOMEM, fills err with path, line and column, and leaves *ret_df. */
int df_file_parse_mem(const char *path, const char *src, size_t len, struct df_file **ret_df,
		      struct bw_error *err);
/* Reads and parses a file; errors as above plus -errno from reading. */
int df_file_parse_path(const char *path, struct df_file **ret_df, struct bw_error *err);
/* Frees everything; accepts NULL; returns NULL. */
struct df_file *df_file_free(struct df_file *df);
static inline void df_file_freep(struct df_file **df)
{
	(void)df_file_free(*df);
}

/* Expands $V, ${V}, ${V:-x}, ${V-x}, ${V:+x}, ${V+x} in `text` with the ARG and ENV values
 * visible at instruction `at` (ARG defaults, ENV values of its stage and its parent stages,
 * global ARGs redeclared in the stage). Unknown variables expand to "". The result is
 * allocated in the file's arena; NULL only when out of memory. Quotes and escapes are kept
 * as written (nothing inside single quotes or after the escape character is expanded), so the
 * result splits like args_text. At a FROM, or with `at` NULL, the global ARGs apply. A result
 * longer than BW_MAX_CONFIG_FILE is not expanded: `text` comes back as written. Cheap when
 * called for instructions in file order (the state is carried from one call to the next). */
const char *df_expand(struct df_file *df, const struct df_instr *at, const char *text);

/* The keyword for a kind ("RUN"). */
const char *df_kind_name(enum df_kind kind);
/* The flag's value, or NULL when absent (a bare flag returns ""). */
const char *df_instr_flag(const struct df_instr *in, const char *name);
/* True when the file looks like a Dockerfile by content (first instruction is FROM, ARG or
 * a parser directive); used by `lint` to detect files that are not named Dockerfile. */
bool df_looks_like_dockerfile(const char *src, size_t len);

#endif
