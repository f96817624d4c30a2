/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/lint/shell.c: how RUN scripts are cut into simple commands, and the
 * helpers rules use on them. Odd input must parse without failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "lint/shell.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/banned.h"

static struct bw_arena arena;

static int setup(void **state)
{
	(void)state;
	bw_arena_init(&arena, 1u << 28);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bw_arena_release(&arena);
	return 0;
}

static struct sh_script parse(const char *s)
{
	struct sh_script sc = {0};

	assert_int_equal(sh_parse(&arena, s, &sc), 0);
	return sc;
}

/* The command as one string: assignments, words and redirection targets (">t"). */
static const char *show(const struct sh_cmd *c)
{
	struct bw_buf b;
	char *out;

	bw_buf_init(&b, 1u << 20);
	for (size_t i = 0; i < c->n_assigns; i++)
		(void)bw_buf_printf(&b, "%s%s", b.len ? " " : "", c->assigns[i].text);
	for (size_t i = 0; i < c->argc; i++)
		(void)bw_buf_printf(&b, "%s%s", b.len ? " " : "", c->argv[i].text);
	for (size_t i = 0; i < c->n_redirs; i++)
		(void)bw_buf_printf(&b, "%s>%s", b.len ? " " : "", c->redirs[i].text);
	out = bw_arena_strdup(&arena, bw_buf_str(&b));
	bw_buf_release(&b);
	return out;
}

/* The command as the tables below write it: "<depth> <operator after it> <show()>". */
static const char *describe(const struct sh_cmd *c)
{
	static const char *const ops[SH_OP_COUNT] = {
		[SH_OP_END] = ".", [SH_OP_SEMI] = ";", [SH_OP_AND] = "&&",
		[SH_OP_OR] = "||", [SH_OP_PIPE] = "|", [SH_OP_BG] = "&",
	};
	const char *text = show(c);
	size_t n = strlen(text) + 32;
	char *out = bw_arena_alloc(&arena, n);

	assert_non_null(out);
	(void)snprintf(out, n, "%d %s %s", c->depth, ops[c->op], text);
	return out;
}

/* Scripts and every simple command they are cut into, in order and no more. */
static const struct script_case {
	const char *script;
	const char *cmds[10]; /* describe() of each command, NULL-terminated */
} script_cases[] = {
	/* and-or chains keep their operators */
	{"apt-get update && apt-get install -y curl || exit 1",
	 {"0 && apt-get update", "0 || apt-get install -y curl", "0 . exit 1"}},
	/* pipes (also |&), background, semicolon and newline */
	{"curl -s x | tar -x |& tee l; sleep 1 &\necho a\n",
	 {"0 | curl -s x", "0 | tar -x", "0 ; tee l", "0 & sleep 1", "0 ; echo a"}},
	/* variables are left as written */
	{"echo $HOME ${A:-b} \"$X/y\" $((1 + 2))", {"0 . echo $HOME ${A:-b} $X/y $((1 + 2))"}},
	/* comments start only at a word */
	{"echo a#b # rm -rf /\n# whole line\necho c", {"0 ; echo a#b", "0 . echo c"}},
	/* command substitutions follow their command, one level deeper */
	{"echo \"$(uname -r | tr . _)\" $(id -u) && true",
	 {"0 && echo $(uname -r | tr . _) $(id -u)", "1 | uname -r", "1 . tr . _", "1 . id -u",
	  "0 . true"}},
	{"a $(b $(c `d`))", {"0 . a $(b $(c `d`))", "1 . b $(c `d`)", "2 . c `d`", "3 . d"}},
	/* subshells and groups are flattened and pass their operator on */
	{"(cd /src && make) || { echo failed >&2; exit 1; }; echo end",
	 {"1 && cd /src", "1 || make", "1 ; echo failed >&2", "1 ; exit 1", "0 . echo end"}},
	/* if, while and for keywords are not commands */
	{"if [ -f x ]; then apt-get install -y a; elif ! true; then :; else rm x; fi\n"
	 "while read l; do echo \"$l\"; done < f",
	 {"0 ; [ -f x ]", "0 ; apt-get install -y a", "0 ; true", "0 ; :", "0 ; rm x", "0 ; read l",
	  "0 ; echo $l", "0 . >f"}},
	/* case items are commands */
	{"case \"$(uname -m)\" in\n  x86_64|amd64) ARCH=amd64 ;;\n"
	 "  (aarch64) apk add x;;\n  *) echo no; exit 1 ;;\nesac; echo $ARCH",
	 {"0 ; case $(uname -m) in", "1 . uname -m", "0 ; ARCH=amd64", "0 ; apk add x",
	  "0 ; echo no", "0 ; exit 1", "0 . echo $ARCH"}},
	/* a function definition gives its body */
	{"retry() { \"$@\" || \"$@\"; }; retry apt-get update",
	 {"1 || $@", "1 ; $@", "0 . retry apt-get update"}},
	/* process substitution and arithmetic */
	{"diff <(sort a) >(cat) && echo $(( (1+2) * 3 ))",
	 {"0 && diff <(sort a) >(cat)", "1 . sort a", "1 . cat", "0 . echo $(( (1+2) * 3 ))"}},
};

static void test_scripts_are_cut_into_their_commands(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(script_cases) / sizeof(script_cases[0]); i++) {
		const struct script_case *t = &script_cases[i];
		struct sh_script sc = parse(t->script);
		size_t n = 0;

		while (t->cmds[n])
			n++;
		for (size_t k = 0; k < sc.n_cmds || k < n; k++) {
			const char *got = k < sc.n_cmds ? describe(&sc.cmds[k]) : "(none)";
			const char *want = k < n ? t->cmds[k] : "(none)";

			if (strcmp(got, want) != 0)
				fail_msg("case %zu, command %zu: '%s', want '%s'", i, k, got, want);
		}
	}
}

static void test_quotes_are_removed_and_marked(void **state)
{
	(void)state;
	struct sh_script sc = parse("echo 'a b' \"c \\\"d\\\" \\$e\" f\\ g h");
	const struct sh_cmd *c = &sc.cmds[0];

	assert_int_equal(c->argc, 5);
	assert_string_equal(c->argv[1].text, "a b");
	assert_true(c->argv[1].quoted);
	assert_string_equal(c->argv[2].text, "c \"d\" $e");
	assert_string_equal(c->argv[3].text, "f g");
	assert_true(c->argv[3].quoted);
	assert_false(c->argv[4].quoted);
}

static void test_assignments_before_the_command_are_kept_apart(void **state)
{
	(void)state;
	struct sh_script sc =
		parse("DEBIAN_FRONTEND=noninteractive A+=1 B=\"x y\" apt-get install -y a=1.0 "
		      "C=2\nX=1; arr=(a b) n=$(id -u)");

	assert_int_equal(sc.cmds[0].n_assigns, 3);
	assert_string_equal(sc.cmds[0].assigns[0].text, "DEBIAN_FRONTEND=noninteractive");
	assert_string_equal(sc.cmds[0].assigns[2].text, "B=x y");
	assert_string_equal(sc.cmds[0].argv[0].text, "apt-get");
	assert_string_equal(sc.cmds[0].argv[4].text, "C=2"); /* after the name: an argument */
	assert_int_equal(sc.cmds[1].argc, 0);
	assert_int_equal(sc.cmds[1].n_assigns, 1);
	assert_int_equal(sc.cmds[2].n_assigns, 2);
	assert_string_equal(sc.cmds[2].assigns[0].text, "arr=(a b)");
	assert_string_equal(show(&sc.cmds[3]), "id -u");
	assert_int_equal(sc.cmds[3].depth, 1);
}

static void test_quoted_name_is_not_an_assignment(void **state)
{
	(void)state;
	struct sh_script sc = parse("\"A\"=1 cmd; 1A=x cmd");

	assert_int_equal(sc.cmds[0].n_assigns, 0);
	assert_string_equal(sc.cmds[0].argv[0].text, "A=1");
	assert_int_equal(sc.cmds[1].n_assigns, 0);
}

static void test_redirections_are_kept_apart(void **state)
{
	(void)state;
	struct sh_script sc =
		parse("make >/dev/null 2>&1 < in >> log 2> err &>all 3<&- <<<here >| f");
	const struct sh_cmd *c = &sc.cmds[0];

	assert_int_equal(c->argc, 1);
	assert_int_equal(c->n_redirs, 9);
	assert_string_equal(show(c), "make >/dev/null >&1 >in >log >err >all >&- >here >f");
}

static void test_redirection_without_command(void **state)
{
	(void)state;
	struct sh_script sc = parse("> /tmp/empty && echo ok");

	assert_int_equal(sc.n_cmds, 2);
	assert_int_equal(sc.cmds[0].argc, 0);
	assert_string_equal(sc.cmds[0].redirs[0].text, "/tmp/empty");
}

static void test_backticks_are_flattened(void **state)
{
	(void)state;
	struct sh_script sc = parse("v=`dpkg --print-architecture` curl \"x/`uname -m`\"");

	assert_int_equal(sc.n_cmds, 3);
	assert_string_equal(sc.cmds[0].assigns[0].text, "v=`dpkg --print-architecture`");
	assert_string_equal(show(&sc.cmds[1]), "dpkg --print-architecture");
	assert_int_equal(sc.cmds[1].depth, 1);
	assert_string_equal(show(&sc.cmds[2]), "uname -m");
}

static void test_keywords_as_arguments_stay_words(void **state)
{
	(void)state;
	struct sh_script sc = parse("echo if then fi done {");

	assert_int_equal(sc.n_cmds, 1);
	assert_int_equal(sc.cmds[0].argc, 6);
}

static void test_heredoc_body_inside_a_script_is_not_read_as_commands(void **state)
{
	(void)state;
	struct sh_script sc = parse("cat <<EOF >/etc/conf && echo ok\napt-get install evil\nEOF\n"
				    "cat <<-'X'\n\trm -rf /\n\tX\necho after");

	assert_int_equal(sc.n_cmds, 4);
	assert_string_equal(show(&sc.cmds[0]), "cat >EOF >/etc/conf");
	assert_string_equal(show(&sc.cmds[1]), "echo ok");
	assert_string_equal(show(&sc.cmds[2]), "cat >X");
	assert_string_equal(show(&sc.cmds[3]), "echo after");
	assert_int_equal(sc.cmds[3].argv[0].line, 6);
}

static void test_words_know_their_line(void **state)
{
	(void)state;
	struct sh_script sc = parse("a \\\n  b 'x\ny' c\nd");

	assert_int_equal(sc.cmds[0].argv[0].line, 0);
	assert_int_equal(sc.cmds[0].argv[1].line, 1);
	assert_int_equal(sc.cmds[0].argv[2].line, 1);
	assert_int_equal(sc.cmds[0].argv[3].line, 2);
	assert_int_equal(sc.cmds[1].argv[0].line, 3);
}

static void test_unbalanced_quotes_end_at_the_end_of_the_script(void **state)
{
	(void)state;
	struct sh_script sc = parse("echo \"abc && rm -rf /");

	assert_int_equal(sc.n_cmds, 1);
	assert_string_equal(sc.cmds[0].argv[1].text, "abc && rm -rf /");
	sc = parse("echo 'x; y");
	assert_int_equal(sc.n_cmds, 1);
	sc = parse("echo $(ls; echo `id");
	assert_true(sc.n_cmds >= 2);
}

static void test_odd_input_never_fails(void **state)
{
	(void)state;
	static const char *const odd[] = {
		"",	  " \t\n",	")",
		"}",	  "((((",	";;;;",
		"&&&&",	  "||||",	"<<<",
		"<<",	  ">",		"2>",
		"$",	  "${",		"$(",
		"`",	  "\\",		"'",
		"\"",	  "$'",		"case",
		"case x", "case x in",	"esac",
		"a() ",	  "() {",	"{ ;}",
		"! !",	  "<(",		"x=(",
		"$((",	  "cat <<",	"cat <<E\nno",
		";& ;;&", "f()(x)",	"\\\n\\\n",
		"a\r\nb", "\x01\x02",	"case a in (((",
		"`$(`)`", "if then fi",
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		struct sh_script sc = {0};

		assert_int_equal(sh_parse(&arena, odd[i], &sc), 0);
		for (size_t k = 0; k < sc.n_cmds; k++)
			assert_true(sc.cmds[k].argc || sc.cmds[k].n_assigns || sc.cmds[k].n_redirs);
	}
}

static void test_deep_nesting_is_bounded(void **state)
{
	(void)state;
	size_t n = 20000;
	char *s = malloc(n * 4 + 1);
	struct sh_script sc = {0};

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 2, "$(", 2);
	s[n * 2] = '\0';
	assert_int_equal(sh_parse(&arena, s, &sc), 0);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 4, "( { ", 4);
	s[n * 4] = '\0';
	assert_int_equal(sh_parse(&arena, s, &sc), 0);
	for (size_t k = 0; k < sc.n_cmds; k++)
		assert_true(sc.cmds[k].depth <= (int)BW_MAX_SH_DEPTH);
	free(s);
}

static void test_too_many_words_is_e2big_and_leaves_ret(void **state)
{
	(void)state;
	size_t n = BW_MAX_DF_WORDS + 10;
	char *s = malloc(n * 2 + 1);
	struct sh_script sc = {.n_cmds = 42};

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 2, "a ", 2);
	s[n * 2] = '\0';
	assert_int_equal(sh_parse(&arena, s, &sc), -E2BIG);
	assert_int_equal(sc.n_cmds, 42);
	free(s);
}

static void test_empty_script_has_no_commands(void **state)
{
	(void)state;
	struct sh_script sc = parse("  # nothing\n\n");

	assert_int_equal(sc.n_cmds, 0);
	assert_null(sc.cmds);
}

static void test_cmd_is_matches_the_name_or_its_basename(void **state)
{
	(void)state;
	struct sh_script sc = parse("/usr/bin/apt-get update; apt-get x; sudo apt-get y; X=1");

	assert_true(sh_cmd_is(&sc.cmds[0], "apt-get"));
	assert_true(sh_cmd_is(&sc.cmds[0], "/usr/bin/apt-get"));
	assert_true(sh_cmd_is(&sc.cmds[1], "apt-get"));
	assert_false(sh_cmd_is(&sc.cmds[1], "apt"));
	assert_false(sh_cmd_is(&sc.cmds[2], "apt-get")); /* sudo is not stripped */
	assert_true(sh_cmd_is(&sc.cmds[2], "sudo"));
	assert_false(sh_cmd_is(&sc.cmds[3], "X=1"));
}

static void test_cmd_has_opt_reads_clusters_and_long_options(void **state)
{
	(void)state;
	struct sh_script sc =
		parse("apt-get -yq install --no-install-recommends --option=a x -- -z");
	const struct sh_cmd *c = &sc.cmds[0];

	assert_true(sh_cmd_has_opt(c, 'y', NULL));
	assert_true(sh_cmd_has_opt(c, 'q', NULL));
	assert_false(sh_cmd_has_opt(c, 'n', NULL));
	assert_false(sh_cmd_has_opt(c, 'z', NULL)); /* after "--" */
	assert_true(sh_cmd_has_opt(c, 0, "no-install-recommends"));
	assert_true(sh_cmd_has_opt(c, 0, "--no-install-recommends"));
	assert_true(sh_cmd_has_opt(c, 0, "option"));
	assert_false(sh_cmd_has_opt(c, 0, "opt"));
	assert_true(sh_cmd_has_opt(c, 'x', "yes") == false);
	assert_false(sh_cmd_has_opt(c, 0, NULL));
}

static void test_cmd_has_arg_and_subcommand(void **state)
{
	(void)state;
	struct sh_script sc = parse("apt-get -y install curl; pip; npm --global");

	assert_true(sh_cmd_has_arg(&sc.cmds[0], "curl"));
	assert_false(sh_cmd_has_arg(&sc.cmds[0], "apt-get"));
	assert_string_equal(sh_cmd_subcommand(&sc.cmds[0]), "install");
	assert_null(sh_cmd_subcommand(&sc.cmds[1]));
	assert_null(sh_cmd_subcommand(&sc.cmds[2]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scripts_are_cut_into_their_commands, setup,
						teardown),
		cmocka_unit_test(test_quotes_are_removed_and_marked),
		cmocka_unit_test(test_assignments_before_the_command_are_kept_apart),
		cmocka_unit_test(test_quoted_name_is_not_an_assignment),
		cmocka_unit_test(test_redirections_are_kept_apart),
		cmocka_unit_test(test_redirection_without_command),
		cmocka_unit_test(test_backticks_are_flattened),
		cmocka_unit_test(test_keywords_as_arguments_stay_words),
		cmocka_unit_test(test_heredoc_body_inside_a_script_is_not_read_as_commands),
		cmocka_unit_test(test_words_know_their_line),
		cmocka_unit_test(test_unbalanced_quotes_end_at_the_end_of_the_script),
		cmocka_unit_test(test_odd_input_never_fails),
		cmocka_unit_test(test_deep_nesting_is_bounded),
		cmocka_unit_test(test_too_many_words_is_e2big_and_leaves_ret),
		cmocka_unit_test(test_empty_script_has_no_commands),
		cmocka_unit_test(test_cmd_is_matches_the_name_or_its_basename),
		cmocka_unit_test(test_cmd_has_opt_reads_clusters_and_long_options),
		cmocka_unit_test(test_cmd_has_arg_and_subcommand),
	};
	return cmocka_run_group_tests_name("shell", tests, setup, teardown);
}
