/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/lint/dockerfile.c: BuildKit's Dockerfile syntax, df_expand, and the
 * errors (exact line and column). Rules are tested elsewhere, by their fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/limits.h"
#include "lint/dockerfile.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/banned.h"

/* Parses src, which must succeed. */
static struct df_file *parse_ok(const char *src)
{
	struct df_file *df = NULL;
	struct bw_error err = {0};
	int r = df_file_parse_mem("t.Dockerfile", src, strlen(src), &df, &err);

	if (r < 0)
		print_error("unexpected parse error %d: %d:%d: %s\n", r, err.line, err.col,
			    err.msg);
	assert_int_equal(r, 0);
	assert_non_null(df);
	return df;
}

/* Parses src, which must fail with `code` at line:col and a message containing `msg`. */
static void parse_fails(const char *src, size_t len, int code, int line, int col, const char *msg)
	__attribute__((nonnull(1, 6)));

static void parse_fails(const char *src, size_t len, int code, int line, int col, const char *msg)
{
	struct df_file *df = (struct df_file *)0x1; /* must stay as it is */
	struct bw_error err = {0};

	assert_int_equal(df_file_parse_mem("t.Dockerfile", src, len, &df, &err), code);
	assert_ptr_equal(df, (struct df_file *)0x1);
	assert_int_equal(err.code, code);
	assert_string_equal(err.path, "t.Dockerfile");
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	if (!strstr(err.msg, msg))
		print_error("message '%s' lacks '%s'\n", err.msg, msg);
	assert_non_null(strstr(err.msg, msg));
}

#define FAILS(src, code, line, col, msg) parse_fails(src, sizeof(src) - 1, code, line, col, msg)

/* Inputs the parser refuses, each with its code, position and a part of its message. */
#define SRC(s, ...) s, sizeof(s) - 1, __VA_ARGS__
static const struct bad_dockerfile {
	const char *src;
	size_t len;
	int code, line, col;
	const char *msg;
} bad_dockerfiles[] = {
	/* duplicate directive is an error */
	{SRC("# escape=\\\n# ESCAPE=`\nFROM a\n", -EINVAL, 2, 1,
	     "only one escape parser directive")},
	/* invalid escape directive is an error */
	{SRC("# escape=$\nFROM a\n", -EINVAL, 1, 1, "invalid escape token '$'")},
	/* json array that is not all strings is an error */
	{SRC("FROM a\nRUN [\"a\", 1]\n", -EINVAL, 2, 11,
	     "arrays must be comprised of strings only")},
	{SRC("FROM a\nCMD [[\"a\"]]\n", -EINVAL, 2, 6, "strings only")},
	/* env errors name the problem */
	{SRC("FROM a\nENV\n", -EINVAL, 2, 1, "ENV requires at least one argument")},
	{SRC("FROM a\nENV ONLYKEY\n", -EINVAL, 2, 5, "ENV must have two arguments")},
	{SRC("FROM a\nENV A=1 oops B=2\n", -EINVAL, 2, 9, "can't find = in 'oops'")},
	{SRC("FROM a\nLABEL =v\n", -EINVAL, 2, 7, "LABEL names can not be blank")},
	/* from argument errors */
	{SRC("FROM a b\n", -EINVAL, 1, 6, "FROM requires either one or three arguments")},
	{SRC("FROM\n", -EINVAL, 1, 1, "FROM requires either one or three arguments")},
	{SRC("FROM a AS 9lives\n", -EINVAL, 1, 11, "invalid name for build stage '9lives'")},
	/* unterminated heredoc is an error not a crash */
	{SRC("FROM alpine:3.20\nRUN <<EOF\necho hi\n", -EINVAL, 2, 1,
	     "unterminated heredoc 'EOF'")},
	{SRC("FROM a\n  COPY <<A <<B /x\na\nA\nb\n", -EINVAL, 2, 3, "unterminated heredoc 'B'")},
	/* onbuild errors */
	{SRC("FROM a\nONBUILD\n", -EINVAL, 2, 1, "ONBUILD requires at least one argument")},
	{SRC("FROM a\nONBUILD FORM b\n", -EINVAL, 2, 9, "unknown instruction 'FORM'")},
	/* healthcheck errors */
	{SRC("FROM a\nHEALTHCHECK NONE now\n", -EINVAL, 2, 18,
	     "HEALTHCHECK NONE takes no arguments")},
	{SRC("FROM a\nHEALTHCHECK RUN x\n", -EINVAL, 2, 13, "unknown type 'RUN' in HEALTHCHECK")},
	{SRC("FROM a\nHEALTHCHECK CMD\n", -EINVAL, 2, 13, "missing command after HEALTHCHECK CMD")},
	{SRC("FROM a\nHEALTHCHECK\n", -EINVAL, 2, 1, "HEALTHCHECK requires at least one argument")},
	/* unknown instruction names file line column and word */
	{SRC("FROM a\n\n   FORM b\n", -EINVAL, 3, 4, "unknown instruction 'FORM'")},
	/* argument count errors */
	{SRC("FROM a\nCOPY onlyone\n", -EINVAL, 2, 1, "COPY requires at least two arguments")},
	{SRC("FROM a\nADD [\"x\"]\n", -EINVAL, 2, 1, "ADD requires at least two arguments")},
	{SRC("FROM a\nSHELL /bin/bash -c\n", -EINVAL, 2, 1,
	     "SHELL requires the arguments to be in JSON")},
	{SRC("FROM a\nWORKDIR\n", -EINVAL, 2, 1, "WORKDIR requires exactly one argument")},
	{SRC("FROM a\nEXPOSE\n", -EINVAL, 2, 1, "EXPOSE requires at least one argument")},
	/* empty file is an error at line 1 */
	{SRC("\n\n   \n# only a comment\n", -EINVAL, 1, 0, "file with no instructions")},
	/* not a dockerfile gets a clear error */
	{SRC("version: \"3.9\"\nservices:\n  web: {}\n", -EINVAL, 1, 1,
	     "unknown instruction 'version:', this does not look like a Dockerfile")},
	{SRC("{\"a\": 1}\n", -EINVAL, 1, 1, "does not look like a Dockerfile")},
	{SRC("FROM a\n\x7f"
	     "ELF\x01\x02\x03\x00\x00\x00\n",
	     -EINVAL, 2, 8, "unexpected NUL byte")},
	{SRC("\x89PNG\r\n\x1a\n", -EINVAL, 1, 1, "unknown instruction")},
};
#undef SRC

static void test_bad_input_errors_name_code_position_and_reason(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_dockerfiles) / sizeof(bad_dockerfiles[0]); i++) {
		const struct bad_dockerfile *b = &bad_dockerfiles[i];

		parse_fails(b->src, b->len, b->code, b->line, b->col, b->msg);
	}
}

/* ---- lines, continuations, directives ---- */

static void test_minimal_file_is_one_stage_of_two_instructions(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM alpine:3.20\nRUN echo hi\n");

	assert_int_equal(df->n_instrs, 2);
	assert_int_equal(df->n_stages, 1);
	assert_int_equal(df->escape, '\\');
	assert_null(df->syntax);
	assert_int_equal(df->instrs[0].kind, DF_FROM);
	assert_int_equal(df->instrs[1].kind, DF_RUN);
	assert_string_equal(df->instrs[1].args_text, "echo hi");
	assert_int_equal(df->instrs[1].line, 2);
	assert_int_equal(df->instrs[1].col, 1);
	assert_int_equal(df->instrs[1].stage, 0);
	assert_int_equal(df->instrs[1].index, 1);
	assert_int_equal(df->stages[0].n_instrs, 2);
}

static void test_keywords_are_case_insensitive_and_kept_as_written(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("from a\nRuN x\ncopy a b\n");

	assert_int_equal(df->instrs[1].kind, DF_RUN);
	assert_string_equal(df->instrs[1].keyword, "RuN");
	assert_int_equal(df->instrs[2].kind, DF_COPY);
	assert_string_equal(df_kind_name(DF_COPY), "COPY");
}

static void test_continuation_with_backslash_joins_lines(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nRUN apt-get update \\\n    && apt-get install -y curl\nUSER x\n");

	assert_string_equal(df->instrs[1].args_text,
			    "apt-get update     && apt-get install -y curl");
	assert_int_equal(df->instrs[1].line, 2);
	assert_int_equal(df->instrs[1].end_line, 3);
	assert_int_equal(df->instrs[2].line, 4);
}

static void test_continuation_with_backtick_escape_joins_lines(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("# escape=`\nFROM a\nRUN dir `\n  C:\\\nUSER x\n");

	assert_int_equal(df->escape, '`');
	assert_string_equal(df->instrs[1].args_text, "dir   C:\\");
	assert_int_equal(df->instrs[1].end_line, 4);
	assert_int_equal(df->instrs[2].kind, DF_USER);
}

static void test_backslash_is_literal_under_backtick_escape(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("# escape=`\nFROM a\nWORKDIR C:\\app\\\nRUN x\n");

	assert_int_equal(df->n_instrs, 3);
	assert_string_equal(df->instrs[1].words[0], "C:\\app\\");
}

static void test_comment_and_empty_lines_inside_continuation_are_dropped(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nRUN a \\\n# note\n\n   \n  # indented note\n  b\n");

	assert_int_equal(df->n_instrs, 2);
	assert_string_equal(df->instrs[1].args_text, "a   b");
	assert_int_equal(df->instrs[1].end_line, 7);
	assert_int_equal(df->n_comments, 0); /* comments inside continuations are not pragmas */
}

static void test_escaped_escape_at_line_end_is_no_continuation(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM a\nRUN echo a\\\\\nUSER b\n");

	assert_int_equal(df->n_instrs, 3);
	assert_string_equal(df->instrs[1].args_text, "echo a\\\\");
}

static void test_continuation_allows_trailing_blanks_after_escape(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM a\nRUN a \\  \t\n b\n");

	assert_string_equal(df->instrs[1].args_text, "a  b");
}

static void test_crlf_line_ends_are_stripped(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\r\nRUN a \\\r\n  b\r\nENV K=v\r\n");

	assert_string_equal(df->instrs[1].args_text, "a   b");
	assert_string_equal(df->instrs[2].kvs[0].value, "v");
	assert_int_equal(df->instrs[2].line, 4);
}

static void test_utf8_bom_is_skipped_and_columns_count_after_it(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("\xef\xbb\xbf# syntax=x/y\nFROM a\n");

	assert_string_equal(df->syntax, "x/y");
	FAILS("\xef\xbb\xbf  FORM a\n", -EINVAL, 1, 3, "unknown instruction 'FORM'");
}

static void test_trailing_whitespace_and_final_line_without_newline(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM a   \t\nCMD echo done  ");

	assert_string_equal(df->instrs[0].words[0], "a");
	assert_string_equal(df->instrs[1].args_text, "echo done");
	assert_int_equal(df->instrs[1].end_line, 2);
}

static void test_directives_are_case_insensitive(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("#SYNTAX = docker/dockerfile:1.7 \n# Escape=`\n#check=skip=all\nFROM a\n");

	assert_string_equal(df->syntax, "docker/dockerfile:1.7");
	assert_int_equal(df->escape, '`');
	assert_string_equal(df->check, "skip=all");
	assert_int_equal(df->n_comments, 3);
}

static void test_directive_after_comment_or_blank_line_is_a_comment(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *a = parse_ok("# hello\n# escape=`\nFROM a\n");
	BW_CLEANUP(df_file_freep) struct df_file *b = parse_ok("\n# syntax=x\nFROM a\n");
	BW_CLEANUP(df_file_freep)
	struct df_file *c = parse_ok("FROM a\n# escape=`\nRUN a \\\n b\n");

	assert_int_equal(a->escape, '\\');
	assert_int_equal(a->n_comments, 2);
	assert_string_equal(a->comments[1].text, "escape=`");
	assert_int_equal(a->comments[1].line, 2);
	assert_null(b->syntax);
	assert_int_equal(c->escape, '\\');
	assert_int_equal(c->n_instrs, 2);
}

static void test_comments_keep_text_without_hash_and_spaces(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\n  #   bulwark ignore=DF-002  \nUSER root\n");

	assert_int_equal(df->n_comments, 1);
	assert_int_equal(df->comments[0].line, 2);
	assert_string_equal(df->comments[0].text, "bulwark ignore=DF-002");
}

/* ---- exec and shell form ---- */

static void test_json_form_gives_the_items_as_words(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok(
		"FROM a\nCMD [ \"nginx\", \"-g\", \"daemon off;\" ]\nVOLUME [\"/data\"]\nRUN []\n");

	assert_true(df->instrs[1].json_form);
	assert_int_equal(df->instrs[1].n_words, 3);
	assert_string_equal(df->instrs[1].words[2], "daemon off;");
	assert_string_equal(df->instrs[1].args_text, "[ \"nginx\", \"-g\", \"daemon off;\" ]");
	assert_true(df->instrs[2].json_form);
	assert_string_equal(df->instrs[2].words[0], "/data");
	assert_true(df->instrs[3].json_form);
	assert_int_equal(df->instrs[3].n_words, 0);
}

static void test_json_escapes_and_unicode_are_decoded(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok(
		"FROM a\nRUN [\"a\\\"b\\\\c\\/\\t\", \"\\u00e9\\ud83d\\ude00\", \"\\ud800x\"]\n");

	assert_string_equal(df->instrs[1].words[0], "a\"b\\c/\t");
	assert_string_equal(df->instrs[1].words[1], "\xc3\xa9\xf0\x9f\x98\x80");
	assert_string_equal(df->instrs[1].words[2], "\xef\xbf\xbdx"); /* lone surrogate: U+FFFD */
}

static void test_invalid_json_is_shell_form(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nRUN [ -f /x ] && echo y\nCMD ['single']\nENTRYPOINT "
				      "[\"a\",]\nCMD [\"a\"] b\n");

	for (size_t i = 1; i < df->n_instrs; i++)
		assert_false(df->instrs[i].json_form);
	assert_string_equal(df->instrs[1].words[0], "[");
	assert_string_equal(df->instrs[2].words[0], "[single]");
	assert_string_equal(df->instrs[4].args_text, "[\"a\"] b"); /* trailing text: not JSON */
}

static void test_json_form_only_for_exec_form_instructions(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM a\nEXPOSE [\"80\"]\n");

	assert_false(df->instrs[1].json_form);
	assert_string_equal(df->instrs[1].words[0], "[80]");
}

static void test_shell_form_words_have_quotes_removed(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nCOPY \"my file\" 'it''s' a\\ b /dst/\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_words, 4);
	assert_string_equal(in->words[0], "my file");
	assert_string_equal(in->words[1], "its");
	assert_string_equal(in->words[2], "a b");
	assert_string_equal(in->words[3], "/dst/");
}

/* ---- ENV, LABEL, ARG ---- */

static void test_env_pairs_with_quotes_and_escapes(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nENV A=1 B=\"two words\" C='$lit' D=a\\ b \\\n    E=\"q\\\"x\"\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_kvs, 5);
	assert_string_equal(in->kvs[0].key, "A");
	assert_string_equal(in->kvs[0].value, "1");
	assert_string_equal(in->kvs[1].value, "two words");
	assert_string_equal(in->kvs[2].value, "$lit");
	assert_string_equal(in->kvs[2].value_expanded, "$lit");
	assert_string_equal(in->kvs[3].value, "a b");
	assert_string_equal(in->kvs[4].key, "E");
	assert_string_equal(in->kvs[4].value, "q\"x");
	assert_int_equal(in->kvs[0].line, 2);
	assert_int_equal(in->kvs[4].line, 3); /* the line where the key is */
}

static void test_env_legacy_form_takes_the_rest_of_the_line(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nENV PATH_EXTRA /opt/bin:/usr/local/bin  with \"quoted part\"\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_kvs, 1);
	assert_string_equal(in->kvs[0].key, "PATH_EXTRA");
	assert_string_equal(in->kvs[0].value, "/opt/bin:/usr/local/bin  with quoted part");
}

static void test_label_keys_may_be_quoted(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nLABEL \"org.opencontainers.image.title\"=\"My App\" v=1\n");

	assert_string_equal(df->instrs[1].kvs[0].key, "org.opencontainers.image.title");
	assert_string_equal(df->instrs[1].kvs[0].value, "My App");
	assert_string_equal(df->instrs[1].kvs[1].value, "1");
}

static void test_arg_without_default_has_null_value(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("ARG A B=\nFROM a\nARG C=3\n");

	assert_int_equal(df->instrs[0].stage, -1);
	assert_string_equal(df->instrs[0].kvs[0].key, "A");
	assert_null(df->instrs[0].kvs[0].value);
	assert_null(df->instrs[0].kvs[0].value_expanded);
	assert_string_equal(df->instrs[0].kvs[1].value, "");
	assert_int_equal(df->instrs[2].stage, 0);
	assert_string_equal(df->instrs[2].kvs[0].value, "3");
	FAILS("FROM a\nARG\n", -EINVAL, 2, 1, "ARG requires at least one argument");
}

/* ---- variables ---- */

static void test_global_args_expand_in_from(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("ARG REPO=library\nARG TAG\nARG IMG=${REPO}/alpine\nFROM "
				      "${IMG}:${TAG:-3.20} AS b\n");
	const struct df_stage *st = &df->stages[0];

	assert_string_equal(st->image, "${IMG}:${TAG:-3.20}");
	assert_string_equal(st->image_expanded, "library/alpine:3.20");
	assert_string_equal(df_expand(df, &df->instrs[3], "$IMG"), "library/alpine");
	assert_string_equal(df_expand(df, NULL, "${REPO}"), "library");
}

static void test_global_arg_is_visible_in_stage_only_when_redeclared(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("ARG V=1.2\nFROM a\nRUN echo $V\nARG V\nRUN echo $V\n");

	assert_string_equal(df_expand(df, &df->instrs[2], df->instrs[2].args_text), "echo ");
	assert_null(df->instrs[3].kvs[0].value);
	assert_string_equal(df->instrs[3].kvs[0].value_expanded, "1.2");
	assert_string_equal(df_expand(df, &df->instrs[4], df->instrs[4].args_text), "echo 1.2");
}

static void test_expand_default_and_alternative_forms(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nARG SET=x EMPTY=\nARG UNSET\nRUN t\n");
	const struct df_instr *at = &df->instrs[3];

	assert_string_equal(df_expand(df, at, "${SET:-d}|${EMPTY:-d}|${UNSET:-d}|${NONE:-d}"),
			    "x|d|d|d");
	assert_string_equal(df_expand(df, at, "${SET-d}|${EMPTY-d}|${UNSET-d}"), "x||d");
	assert_string_equal(df_expand(df, at, "${SET:+a}|${EMPTY:+a}|${UNSET:+a}"), "a||");
	assert_string_equal(df_expand(df, at, "${SET+a}|${EMPTY+a}|${UNSET+a}"), "a|a|");
	assert_string_equal(df_expand(df, at, "$SET$NONE-${SET}y"), "x-xy");
	assert_string_equal(df_expand(df, at, "${NONE:-${SET:+in${SET}}}"), "inx");
}

static void test_expand_keeps_escapes_and_single_quotes_as_written(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM a\nENV V=v\nRUN t\n");
	const struct df_instr *at = &df->instrs[2];

	assert_string_equal(df_expand(df, at, "\\$V '$V' \"$V\" $"), "\\$V '$V' \"v\" $");
	assert_string_equal(df_expand(df, at, "no variables"), "no variables");
}

static void test_escaped_dollar_stays_literal_in_values(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nENV V=v\nENV A=\\$V B=\"\\$V\" C=$V\n");

	assert_string_equal(df->instrs[2].kvs[0].value_expanded, "$V");
	assert_string_equal(df->instrs[2].kvs[1].value_expanded, "$V");
	assert_string_equal(df->instrs[2].kvs[2].value_expanded, "v");
}

static void test_env_pairs_see_values_from_before_the_instruction(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nENV A=old\nENV A=new B=$A\nARG X=1 Y=$X\n");

	assert_string_equal(df->instrs[2].kvs[1].value_expanded, "old"); /* as BuildKit */
	assert_string_equal(df->instrs[3].kvs[1].value_expanded, "1");	 /* ARG: in order */
}

static void test_env_is_inherited_from_parent_stages_but_arg_is_not(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a AS base\nENV E=base-env\nARG A=base-arg\nFROM base "
				      "AS mid\nFROM mid\nRUN t\n");
	const struct df_instr *at = &df->instrs[5];

	assert_string_equal(df_expand(df, at, "$E|$A"), "base-env|");
}

static void test_env_wins_over_arg_of_the_same_name(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nENV V=env\nARG V=arg\nRUN t\n");

	assert_string_equal(df_expand(df, &df->instrs[3], "$V"), "env");
}

static void test_expand_works_in_any_call_order(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nENV V=1\nRUN t\nENV V=2\nRUN t\nFROM b\nRUN t\n");

	assert_string_equal(df_expand(df, &df->instrs[6], "[$V]"), "[]");
	assert_string_equal(df_expand(df, &df->instrs[4], "[$V]"), "[2]");
	assert_string_equal(df_expand(df, &df->instrs[2], "[$V]"), "[1]");
	assert_string_equal(df_expand(df, &df->instrs[4], "[$V]"), "[2]");
	assert_string_equal(df_expand(df, &df->instrs[1], "[$V]"), "[]");
}

static void test_expansion_bomb_is_e2big_not_a_hang(void **state)
{
	(void)state;
	BW_CLEANUP(bw_buf_releasep) struct bw_buf b;
	struct df_file *df = NULL;
	struct bw_error err = {0};

	bw_buf_init(&b, 1u << 20);
	assert_int_equal(bw_buf_adds(&b, "FROM a\nENV A=0123456789abcdef\n"), 0);
	for (int i = 0; i < 40; i++)
		assert_int_equal(bw_buf_adds(&b, "ENV A=$A$A\n"), 0);
	assert_int_equal(df_file_parse_mem("t", b.data, b.len, &df, &err), -E2BIG);
	assert_null(df);
	assert_true(err.line > 10 && err.line < 42);
}

static void test_deeply_nested_expansion_is_bounded(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("FROM a\nRUN t\n");
	char text[4096];
	size_t k = 0;

	for (int i = 0; i < 500; i++)
		k += (size_t)snprintf(text + k, sizeof(text) - k, "${X:-");
	text[k] = '\0';
	assert_non_null(df_expand(df, &df->instrs[1], text));
}

/* ---- stages ---- */

static void test_stage_names_are_lowercased_and_parent_found_by_name(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM golang:1.22 As Build\nRUN go build\nFROM BUILD as "
				      "test\nFROM alpine\nCOPY --from=build / /\n");

	assert_int_equal(df->n_stages, 3);
	assert_string_equal(df->stages[0].name, "build");
	assert_int_equal(df->stages[0].parent, -1);
	assert_int_equal(df->stages[0].n_instrs, 2);
	assert_int_equal(df->stages[1].parent, 0);
	assert_string_equal(df->stages[1].name, "test");
	assert_null(df->stages[2].name);
	assert_int_equal(df->stages[2].parent, -1);
	assert_int_equal(df->stages[2].instr, 3);
	assert_int_equal(df->stages[2].line, 4);
}

static void test_from_stage_index_or_expanded_name_sets_parent(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("ARG BASE=first\nFROM a AS first\nFROM 0\nFROM ${BASE}\nFROM 7\n");

	assert_int_equal(df->stages[1].parent, 0);
	assert_int_equal(df->stages[2].parent, 0);
	assert_int_equal(df->stages[3].parent, -1); /* no stage 7 before it */
}

static void test_from_platform_flag_and_stage_fields(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM --platform=$BUILDPLATFORM node:20 AS deps\n");

	assert_string_equal(df->stages[0].platform, "$BUILDPLATFORM");
	assert_string_equal(df->stages[0].image, "node:20");
	assert_string_equal(df_instr_flag(&df->instrs[0], "platform"), "$BUILDPLATFORM");
}

/* ---- flags ---- */

static void test_run_flags_are_split_from_the_arguments(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none \\\n"
			 "    --security=insecure pip install x\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_flags, 3);
	assert_string_equal(in->flags[0].name, "mount");
	assert_string_equal(in->flags[0].value, "type=cache,target=/root/.cache");
	assert_string_equal(df_instr_flag(in, "network"), "none");
	assert_string_equal(df_instr_flag(in, "security"), "insecure");
	assert_string_equal(in->args_text, "pip install x");
	assert_string_equal(in->words[0], "pip");
}

static void test_copy_flags_keep_quotes_and_bare_flags_have_null_value(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok(
		"FROM a\nCOPY --from=build --chown=\"1000:1000\" --chmod=755 --link --parents "
		"--exclude=*.md --checksum=sha256:ab a /b\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_flags, 7);
	assert_string_equal(df_instr_flag(in, "chown"), "\"1000:1000\"");
	assert_null(in->flags[3].value);
	assert_string_equal(df_instr_flag(in, "link"), "");
	assert_string_equal(df_instr_flag(in, "exclude"), "*.md");
	assert_null(df_instr_flag(in, "platform"));
	assert_int_equal(in->n_words, 2);
}

static void test_double_dash_ends_the_flags(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nRUN --network=host -- --x y\n");

	assert_int_equal(df->instrs[1].n_flags, 1);
	assert_string_equal(df->instrs[1].args_text, "--x y");
}

static void test_flags_with_spaces_inside_quotes_stay_whole(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nRUN --mount=type=secret,id=\"a b\" cat /run/secrets/x\n");

	assert_string_equal(df->instrs[1].flags[0].value, "type=secret,id=\"a b\"");
	assert_string_equal(df->instrs[1].words[0], "cat");
}

/* ---- heredocs ---- */

static void test_heredoc_body_and_lines(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nRUN <<EOF\napt-get update\n\tindented\nEOF\nUSER x\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_heredocs, 1);
	assert_string_equal(in->heredocs[0].delim, "EOF");
	assert_string_equal(in->heredocs[0].body, "apt-get update\n\tindented\n");
	assert_false(in->heredocs[0].strip_tabs);
	assert_false(in->heredocs[0].quoted);
	assert_int_equal(in->heredocs[0].line, 3);
	assert_int_equal(in->end_line, 5);
	assert_string_equal(in->args_text, "<<EOF");
	assert_int_equal(df->instrs[2].line, 6);
}

static void test_heredoc_dash_strips_leading_tabs(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nRUN <<-EOT sh\n\t\techo a\n\t  echo b\n\tEOT\n");
	const struct df_heredoc *h = &df->instrs[1].heredocs[0];

	assert_true(h->strip_tabs);
	assert_string_equal(h->body, "echo a\n  echo b\n");
}

static void test_heredoc_quoted_delimiters(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nRUN <<\"A\" <<'B' <<C\n$x\nA\n$y\nB\n$z\nC\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_heredocs, 3);
	assert_string_equal(in->heredocs[0].delim, "A");
	assert_true(in->heredocs[0].quoted);
	assert_true(in->heredocs[1].quoted);
	assert_false(in->heredocs[2].quoted);
	assert_string_equal(in->heredocs[1].body, "$y\n");
	assert_int_equal(in->heredocs[2].line, 7);
}

static void test_several_heredocs_on_one_line_follow_in_order(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok(
		"FROM a\nCOPY <<one.txt <<two.txt /dst/\nfirst\none.txt\nsecond\ntwo.txt\nRUN x\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_heredocs, 2);
	assert_string_equal(in->heredocs[0].body, "first\n");
	assert_string_equal(in->heredocs[1].delim, "two.txt");
	assert_string_equal(in->heredocs[1].body, "second\n");
	assert_int_equal(in->n_words, 3);
	assert_int_equal(df->instrs[2].line, 7);
}

static void test_heredoc_with_crlf_and_empty_body(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\r\nRUN <<E\r\nx\r\nE\r\nRUN <<F\r\nF\r\n");

	assert_string_equal(df->instrs[1].heredocs[0].body, "x\n");
	assert_string_equal(df->instrs[2].heredocs[0].body, "");
}

static void test_heredoc_applies_only_to_run_copy_and_add(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok(
		"FROM a\nLABEL x=<<EOF\nCMD cat <<EOF\nRUN [\"cat\", \"<<EOF\"]\nUSER u\n");

	for (size_t i = 0; i < df->n_instrs; i++)
		assert_int_equal(df->instrs[i].n_heredocs, 0);
	assert_int_equal(df->n_instrs, 5);
}

static void test_heredoc_needs_the_delimiter_attached(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df =
		parse_ok("FROM a\nRUN cat << EOF\nRUN cat <<<word\nRUN echo '<<EOF'\n");

	for (size_t i = 0; i < df->n_instrs; i++)
		assert_int_equal(df->instrs[i].n_heredocs, 0);
}

static void test_heredoc_after_command_and_with_fd(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nRUN python3 0<<PY | tee log\nprint(1)\nPY\n");

	assert_int_equal(df->instrs[1].n_heredocs, 1);
	assert_string_equal(df->instrs[1].heredocs[0].body, "print(1)\n");
}

/* ---- ONBUILD, HEALTHCHECK ---- */

static void test_onbuild_wraps_the_instruction_on_the_same_line(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nONBUILD  run --mount=type=cache,target=/c npm ci\n");
	const struct df_instr *in = &df->instrs[1], *w = in->onbuild;

	assert_int_equal(in->kind, DF_ONBUILD);
	assert_non_null(w);
	assert_int_equal(w->kind, DF_RUN);
	assert_string_equal(w->keyword, "run");
	assert_int_equal(w->line, 2);
	assert_int_equal(w->col, 10);
	assert_int_equal(w->stage, 0);
	assert_int_equal(w->index, 1);
	assert_string_equal(df_instr_flag(w, "mount"), "type=cache,target=/c");
	assert_string_equal(w->args_text, "npm ci");
	assert_null(w->onbuild);
}

static void test_onbuild_heredoc_belongs_to_the_wrapped_run(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n");
	const struct df_instr *in = &df->instrs[1];

	assert_int_equal(in->n_heredocs, 0);
	assert_int_equal(in->onbuild->n_heredocs, 1);
	assert_string_equal(in->onbuild->heredocs[0].body, "x\n");
	assert_int_equal(in->end_line, 4);
	assert_int_equal(in->onbuild->end_line, 4);
}

static void test_healthcheck_cmd_flags_and_forms(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok(
		"FROM a\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f http://x/ || exit 1\n"
		"HEALTHCHECK cmd [\"/bin/check\", \"-q\"]\nHEALTHCHECK NONE\n");
	const struct df_instr *a = &df->instrs[1], *b = &df->instrs[2], *c = &df->instrs[3];

	assert_string_equal(df_instr_flag(a, "interval"), "30s");
	assert_string_equal(a->words[0], "CMD");
	assert_string_equal(a->words[1], "curl");
	assert_false(a->json_form);
	assert_true(b->json_form);
	assert_int_equal(b->n_words, 3);
	assert_string_equal(b->words[1], "/bin/check");
	assert_int_equal(c->n_words, 1);
	assert_string_equal(c->words[0], "NONE");
}

/* ---- errors ---- */

static void test_instructions_before_the_first_from_are_kept_in_stage_minus_one(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok("ARG X=1\nRUN echo\nFROM a\n");

	assert_int_equal(df->n_instrs, 3);
	assert_int_equal(df->instrs[1].stage, -1);
	assert_int_equal(df->instrs[2].stage, 0);
	assert_int_equal(df->n_stages, 1);

	BW_CLEANUP(df_file_freep) struct df_file *frag = parse_ok("RUN sudo apt-get install x\n");
	assert_int_equal(frag->n_stages, 0);
	assert_int_equal(frag->instrs[0].kind, DF_RUN);

	BW_CLEANUP(df_file_freep) struct df_file *ob = parse_ok("FROM a\nONBUILD FROM b\n");
	assert_int_equal(ob->instrs[1].onbuild->kind, DF_FROM);
}

static void test_env_before_the_first_from_is_expanded_but_sets_nothing(void **state)
{
	(void)state;
	BW_CLEANUP(df_file_freep)
	struct df_file *df = parse_ok("ARG G=g\nENV E=$G-x\nLABEL l=\"$E\"\nFROM img:$E\n");

	assert_string_equal(df->instrs[1].kvs[0].value_expanded, "g-x");
	assert_string_equal(df->instrs[2].kvs[0].value_expanded, "");
	assert_string_equal(df->stages[0].image_expanded, "img:");
}

static void test_onbuild_wraps_one_level_only(void **state)
{
	(void)state;
	BW_CLEANUP(bw_buf_releasep) struct bw_buf b;
	struct df_file *df = NULL;

	bw_buf_init(&b, 1u << 20);
	assert_int_equal(bw_buf_adds(&b, "FROM a\n"), 0);
	for (int i = 0; i < 50000; i++) /* BuildKit refuses the chain; we read it in linear time */
		assert_int_equal(bw_buf_adds(&b, "ONBUILD "), 0);
	assert_int_equal(bw_buf_adds(&b, "RUN x\n"), 0);
	assert_int_equal(df_file_parse_mem("t", b.data, b.len, &df, NULL), 0);
	assert_int_equal(df->instrs[1].onbuild->kind, DF_ONBUILD);
	assert_null(df->instrs[1].onbuild->onbuild);
	df = df_file_free(df);
}

static void test_failure_leaves_ret_untouched_and_success_sets_it(void **state)
{
	(void)state;
	struct df_file *df = (struct df_file *)0x1;
	struct bw_error err = {0};

	assert_int_equal(df_file_parse_mem("t", "FORM a", 6, &df, &err), -EINVAL);
	assert_ptr_equal(df, (struct df_file *)0x1);
	df = NULL;
	assert_int_equal(df_file_parse_mem("t", "FROM a", 6, &df, NULL), 0); /* err may be NULL */
	assert_non_null(df);
	assert_string_equal(df->path, "t");
	assert_null(df_file_free(df));
	assert_null(df_file_free(NULL));
}

static void test_input_need_not_be_nul_terminated(void **state)
{
	(void)state;
	static const char src[] = "FROM a\nRUN xyzXXXX";
	BW_CLEANUP(df_file_freep) struct df_file *df = NULL;

	assert_int_equal(df_file_parse_mem("t", src, sizeof(src) - 1 - 4, &df, NULL), 0);
	assert_string_equal(df->instrs[1].args_text, "xyz");
}

static void test_too_large_input_is_e2big(void **state)
{
	(void)state;
	static const char one[] = "F";
	struct df_file *df = NULL;
	struct bw_error err = {0};

	/* the length is checked before a byte is read */
	assert_int_equal(df_file_parse_mem("t", one, (size_t)BW_MAX_CONFIG_FILE + 1, &df, &err),
			 -E2BIG);
	assert_null(df);
}

static void test_parse_path_reads_a_file_and_reports_missing_ones(void **state)
{
	(void)state;
	char path[] = "/tmp/bw-test-df-XXXXXX";
	BW_CLEANUP(df_file_freep) struct df_file *df = NULL;
	struct bw_error err = {0};
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "FROM a\n", 7), 7);
	(void)close(fd);
	assert_int_equal(df_file_parse_path(path, &df, &err), 0);
	assert_int_equal(df->n_instrs, 1);
	(void)unlink(path);
	df = df_file_free(df);
	assert_int_equal(df_file_parse_path(path, &df, &err), -ENOENT);
	assert_null(df);
	assert_string_equal(err.path, path);
}

/* ---- sniffing ---- */

static void test_looks_like_dockerfile_by_content(void **state)
{
	(void)state;
#define LOOKS(s) df_looks_like_dockerfile(s, sizeof(s) - 1)
	assert_true(LOOKS("FROM alpine\n"));
	assert_true(LOOKS("\xef\xbb\xbf# license\n\n  from alpine\n"));
	assert_true(LOOKS("ARG V=1\nFROM x:$V\n"));
	assert_true(LOOKS("# syntax=docker/dockerfile:1\nRUN x\n"));
	assert_false(LOOKS("RUN x\n"));
	assert_false(LOOKS("version: '3'\n"));
	assert_false(LOOKS("FROM\n"));
	assert_false(LOOKS("FROMAGE x\n"));
	assert_false(LOOKS("# just a comment\n"));
	assert_false(LOOKS(""));
	assert_false(df_looks_like_dockerfile("\0FROM a", 7));
	assert_false(df_looks_like_dockerfile(NULL, 0));
#undef LOOKS
}

static void test_kind_names_match_the_keywords(void **state)
{
	(void)state;
	for (int k = 0; k < DF_KIND_COUNT; k++) {
		char src[64];
		const char *name = df_kind_name((enum df_kind)k);

		assert_non_null(name);
		if (k == DF_FROM)
			continue;
		/* every keyword parses to its own kind (arguments valid for all of them) */
		(void)snprintf(src, sizeof(src), "FROM a\n%s %s\n", name,
			       k == DF_SHELL	     ? "[\"sh\"]"
			       : k == DF_ONBUILD     ? "RUN x"
			       : k == DF_HEALTHCHECK ? "NONE"
						     : "a=b c=d");
		BW_CLEANUP(df_file_freep) struct df_file *df = parse_ok(src);
		assert_int_equal(df->instrs[1].kind, k);
	}
	assert_string_equal(df_kind_name(DF_KIND_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_file_is_one_stage_of_two_instructions),
		cmocka_unit_test(test_keywords_are_case_insensitive_and_kept_as_written),
		cmocka_unit_test(test_continuation_with_backslash_joins_lines),
		cmocka_unit_test(test_continuation_with_backtick_escape_joins_lines),
		cmocka_unit_test(test_backslash_is_literal_under_backtick_escape),
		cmocka_unit_test(test_comment_and_empty_lines_inside_continuation_are_dropped),
		cmocka_unit_test(test_escaped_escape_at_line_end_is_no_continuation),
		cmocka_unit_test(test_continuation_allows_trailing_blanks_after_escape),
		cmocka_unit_test(test_crlf_line_ends_are_stripped),
		cmocka_unit_test(test_utf8_bom_is_skipped_and_columns_count_after_it),
		cmocka_unit_test(test_trailing_whitespace_and_final_line_without_newline),
		cmocka_unit_test(test_directives_are_case_insensitive),
		cmocka_unit_test(test_directive_after_comment_or_blank_line_is_a_comment),
		cmocka_unit_test(test_bad_input_errors_name_code_position_and_reason),
		cmocka_unit_test(test_comments_keep_text_without_hash_and_spaces),
		cmocka_unit_test(test_json_form_gives_the_items_as_words),
		cmocka_unit_test(test_json_escapes_and_unicode_are_decoded),
		cmocka_unit_test(test_invalid_json_is_shell_form),
		cmocka_unit_test(test_json_form_only_for_exec_form_instructions),
		cmocka_unit_test(test_shell_form_words_have_quotes_removed),
		cmocka_unit_test(test_env_pairs_with_quotes_and_escapes),
		cmocka_unit_test(test_env_legacy_form_takes_the_rest_of_the_line),
		cmocka_unit_test(test_label_keys_may_be_quoted),
		cmocka_unit_test(test_arg_without_default_has_null_value),
		cmocka_unit_test(test_global_args_expand_in_from),
		cmocka_unit_test(test_global_arg_is_visible_in_stage_only_when_redeclared),
		cmocka_unit_test(test_expand_default_and_alternative_forms),
		cmocka_unit_test(test_expand_keeps_escapes_and_single_quotes_as_written),
		cmocka_unit_test(test_escaped_dollar_stays_literal_in_values),
		cmocka_unit_test(test_env_pairs_see_values_from_before_the_instruction),
		cmocka_unit_test(test_env_is_inherited_from_parent_stages_but_arg_is_not),
		cmocka_unit_test(test_env_wins_over_arg_of_the_same_name),
		cmocka_unit_test(test_expand_works_in_any_call_order),
		cmocka_unit_test(test_expansion_bomb_is_e2big_not_a_hang),
		cmocka_unit_test(test_deeply_nested_expansion_is_bounded),
		cmocka_unit_test(test_stage_names_are_lowercased_and_parent_found_by_name),
		cmocka_unit_test(test_from_stage_index_or_expanded_name_sets_parent),
		cmocka_unit_test(test_from_platform_flag_and_stage_fields),
		cmocka_unit_test(test_run_flags_are_split_from_the_arguments),
		cmocka_unit_test(test_copy_flags_keep_quotes_and_bare_flags_have_null_value),
		cmocka_unit_test(test_double_dash_ends_the_flags),
		cmocka_unit_test(test_flags_with_spaces_inside_quotes_stay_whole),
		cmocka_unit_test(test_heredoc_body_and_lines),
		cmocka_unit_test(test_heredoc_dash_strips_leading_tabs),
		cmocka_unit_test(test_heredoc_quoted_delimiters),
		cmocka_unit_test(test_several_heredocs_on_one_line_follow_in_order),
		cmocka_unit_test(test_heredoc_with_crlf_and_empty_body),
		cmocka_unit_test(test_heredoc_applies_only_to_run_copy_and_add),
		cmocka_unit_test(test_heredoc_needs_the_delimiter_attached),
		cmocka_unit_test(test_heredoc_after_command_and_with_fd),
		cmocka_unit_test(test_onbuild_wraps_the_instruction_on_the_same_line),
		cmocka_unit_test(test_onbuild_heredoc_belongs_to_the_wrapped_run),
		cmocka_unit_test(test_healthcheck_cmd_flags_and_forms),
		cmocka_unit_test(
			test_instructions_before_the_first_from_are_kept_in_stage_minus_one),
		cmocka_unit_test(test_env_before_the_first_from_is_expanded_but_sets_nothing),
		cmocka_unit_test(test_onbuild_wraps_one_level_only),
		cmocka_unit_test(test_failure_leaves_ret_untouched_and_success_sets_it),
		cmocka_unit_test(test_input_need_not_be_nul_terminated),
		cmocka_unit_test(test_too_large_input_is_e2big),
		cmocka_unit_test(test_parse_path_reads_a_file_and_reports_missing_ones),
		cmocka_unit_test(test_looks_like_dockerfile_by_content),
		cmocka_unit_test(test_kind_names_match_the_keywords),
	};
	return cmocka_run_group_tests_name("dockerfile", tests, NULL, NULL);
}
