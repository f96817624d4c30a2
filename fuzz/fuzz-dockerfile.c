/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the Dockerfile parser and the shell reader: parses the input, expands
 * every instruction's arguments, reads every RUN script and heredoc body, and traps when an
 * invariant of dockerfile.h does not hold. It checks no rule. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lint/dockerfile.h"
#include "lint/shell.h"
#include "util/cleanup.h"
#include "util/banned.h"

#include "fuzz-lint.h"

static size_t touch(const char *s)
{
	return s ? strlen(s) : 0; /* lets the sanitizers see every string */
}

static void read_script(struct df_file *df, const char *script)
{
	struct sh_script sc;
	size_t sum = 0;

	if (!script || sh_parse(&df->arena, script, &sc) < 0)
		return;
	for (size_t i = 0; i < sc.n_cmds; i++) {
		const struct sh_cmd *c = &sc.cmds[i];

		CHECK(c->op < SH_OP_COUNT && c->depth >= 0);
		CHECK(c->argc || c->n_assigns || c->n_redirs);
		for (size_t k = 0; k < c->argc; k++)
			sum += touch(c->argv[k].text);
		for (size_t k = 0; k < c->n_assigns; k++)
			sum += touch(c->assigns[k].text);
		for (size_t k = 0; k < c->n_redirs; k++)
			sum += touch(c->redirs[k].text);
		sum += sh_cmd_is(c, "apt-get") + sh_cmd_has_opt(c, 'y', "yes");
		sum += sh_cmd_has_arg(c, "install") + touch(sh_cmd_subcommand(c));
	}
	(void)sum;
}

static void check_instr(struct df_file *df, const struct df_instr *in, size_t i)
{
	CHECK(in->kind < DF_KIND_COUNT && in->keyword && in->args_text);
	CHECK(in->line >= 1 && in->end_line >= in->line && in->col >= 1);
	CHECK(in->index == i);
	CHECK(in->stage >= -1 && (in->stage < 0 || (size_t)in->stage < df->n_stages));
	for (size_t k = 0; k < in->n_words; k++)
		(void)touch(in->words[k]);
	for (size_t k = 0; k < in->n_flags; k++)
		(void)(touch(in->flags[k].name) + touch(in->flags[k].value));
	for (size_t k = 0; k < in->n_kvs; k++) {
		CHECK(in->kvs[k].key && in->kvs[k].key[0] && in->kvs[k].line >= in->line);
		CHECK(!in->kvs[k].value || in->kvs[k].value_expanded);
		(void)(touch(in->kvs[k].value) + touch(in->kvs[k].value_expanded));
	}
	(void)touch(df_expand(df, in, in->args_text));
	if (in->kind == DF_RUN) {
		read_script(df, in->args_text);
		for (size_t h = 0; h < in->n_heredocs; h++) {
			CHECK(in->heredocs[h].delim && in->heredocs[h].body);
			read_script(df, in->heredocs[h].body);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	BW_CLEANUP(df_file_freep) struct df_file *df = NULL;
	struct bw_error err = {0};
	int r;

	(void)df_looks_like_dockerfile((const char *)data, size);
	r = df_file_parse_mem("fuzz.Dockerfile", (const char *)data, size, &df, &err);
	if (fuzz_parse_failed(r, df, &err))
		return 0;
	CHECK(df && df->n_instrs > 0); /* a fragment without FROM has no stage */
	for (size_t s = 0; s < df->n_stages; s++) {
		const struct df_stage *st = &df->stages[s];

		CHECK(st->index == (int)s && st->instr < df->n_instrs && st->n_instrs >= 1);
		CHECK(df->instrs[st->instr].kind == DF_FROM &&
		      df->instrs[st->instr].stage == (int)s);
		CHECK(st->parent >= -1 && st->parent < (int)s);
		(void)(touch(st->image) + touch(st->image_expanded) + touch(st->name));
	}
	for (size_t i = 0; i < df->n_instrs; i++) {
		const struct df_instr *in = &df->instrs[i];

		check_instr(df, in, i);
		if (in->onbuild) {
			CHECK(in->kind == DF_ONBUILD && in->onbuild->stage == in->stage);
			CHECK(in->onbuild->onbuild == NULL); /* one level only */
			check_instr(df, in->onbuild, i);
		}
		if (in->stage < 0 && df->n_stages > 0)
			CHECK(i < df->stages[0].instr);
	}
	/* backwards too: df_expand must rebuild its state, not only move forward */
	for (size_t i = df->n_instrs; i > 0 && i > df->n_instrs - 64; i--)
		(void)touch(df_expand(df, &df->instrs[i - 1], "${A:-$B}x"));
	(void)touch(df_expand(df, NULL, "$X"));
	return 0;
}
