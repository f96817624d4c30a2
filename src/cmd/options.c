/* SPDX-License-Identifier: Apache-2.0 */
/* Option tables to getopt_long, and --help from the same tables (so help cannot drift). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/banned.h"

#define MAX_OPTS 64

static void *field(void *base, const struct bw_option *o)
{
	return (char *)base + o->offset;
}

/* 0, or -ENOMEM when a list value could not be kept. */
static int set_option(void *base, const struct bw_option *o, const char *arg)
{
	if (o->kind == BW_OPT_BOOL) {
		*(bool *)field(base, o) = true;
	} else if (o->kind == BW_OPT_LIST) {
		struct bw_opt_list *l = field(base, o);
		char **items = realloc(l->items, (l->len + 1) * sizeof(*l->items));
		if (!items)
			return -ENOMEM;
		l->items = items;
		l->items[l->len] = strdup(arg);
		if (!l->items[l->len])
			return -ENOMEM;
		l->len++;
	} else {
		char **s = field(base, o);
		free(*s);
		*s = strdup(arg); /* NULL on OOM is caught where the value is used */
	}
	return 0;
}

static void release_option(void *base, const struct bw_option *o)
{
	if (o->kind == BW_OPT_STRING) {
		char **s = field(base, o);
		free(*s);
		*s = NULL;
	} else if (o->kind == BW_OPT_LIST) {
		struct bw_opt_list *l = field(base, o);
		for (size_t i = 0; i < l->len; i++)
			free(l->items[i]);
		free(l->items);
		*l = (struct bw_opt_list){0};
	}
}

int bw_opts_parse(int argc, char **argv, struct bw_ctx *ctx, const struct bw_cmd_spec *spec,
		  void *cmd_opts, bool stop_at_first_word, int *ret_optind)
{
	struct option longs[MAX_OPTS + 1] = {0};
	const struct bw_option *table[MAX_OPTS];
	void *bases[MAX_OPTS];
	char shorts[MAX_OPTS * 2 + 3];
	size_t n = 0, ns = 0;

	shorts[ns++] = stop_at_first_word ? '+' : '-';
	shorts[ns++] = ':';
	for (int pass = 0; pass < 2; pass++) {
		const struct bw_option *opts =
			pass == 0 ? bw_global_opts : (spec ? spec->opts : NULL);
		size_t len = pass == 0 ? bw_global_opts_len : (spec ? spec->n_opts : 0);
		for (size_t i = 0; i < len && n < MAX_OPTS; i++, n++) {
			table[n] = &opts[i];
			bases[n] = pass == 0 ? (void *)ctx : cmd_opts;
			longs[n] = (struct option){opts[i].name,
						   opts[i].kind == BW_OPT_BOOL ? no_argument
									       : required_argument,
						   NULL, (int)(256 + n)};
			if (opts[i].short_name) {
				shorts[ns++] = opts[i].short_name;
				if (opts[i].kind != BW_OPT_BOOL)
					shorts[ns++] = ':';
			}
		}
	}
	shorts[ns] = '\0';

	/* Words that are not options are collected in order and put back after the options. */
	char **words = calloc((size_t)argc + 1, sizeof(*words));
	int nwords = 0, c;
	if (!words)
		return -ENOMEM;
	optind = 0; /* full re-initialisation in glibc */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 1) { /* a non-option word, in '-' mode */
			words[nwords++] = optarg;
			continue;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];
			if (c == ':')
				fprintf(stderr, "bulwark: option '%s' needs a value\n", bad);
			else
				fprintf(stderr, "bulwark: unknown option '%s' (see --help)\n", bad);
			free(words);
			return -BW_EUSAGE;
		}
		size_t idx = MAX_OPTS;
		if (c >= 256)
			idx = (size_t)c - 256;
		else
			for (size_t i = 0; i < n; i++)
				if (table[i]->short_name == c)
					idx = i;
		if (idx >= n) {
			free(words);
			return -BW_EUSAGE;
		}
		if (set_option(bases[idx], table[idx], optarg) < 0) {
			free(words);
			return -ENOMEM;
		}
	}
	/* Rearrange: collected words first, then whatever getopt left (after "--"). */
	int rest = argc - optind;
	char **tail = calloc((size_t)rest + 1, sizeof(*tail));
	if (!tail) {
		free(words);
		return -ENOMEM;
	}
	memcpy(tail, argv + optind, (size_t)rest * sizeof(*tail));
	int start = argc - nwords - rest;
	memcpy(argv + start, words, (size_t)nwords * sizeof(*argv));
	memcpy(argv + start + nwords, tail, (size_t)rest * sizeof(*argv));
	free(tail);
	free(words);
	*ret_optind = start;
	return 0;
}

void bw_opts_release(const struct bw_cmd_spec *spec, void *cmd_opts)
{
	for (size_t i = 0; spec && i < spec->n_opts; i++)
		release_option(cmd_opts, &spec->opts[i]);
}

void bw_ctx_release(struct bw_ctx *ctx)
{
	for (size_t i = 0; i < bw_global_opts_len; i++)
		release_option(ctx, &bw_global_opts[i]);
	bw_report_release(&ctx->report);
}

void bw_opts_print_help(FILE *f, const struct bw_option *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char left[64];
		if (opts[i].short_name)
			(void)snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].short_name,
				       opts[i].name, opts[i].arg ? " " : "",
				       opts[i].arg ? opts[i].arg : "");
		else
			(void)snprintf(left, sizeof(left), "    --%s%s%s", opts[i].name,
				       opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(f, "  %-28s %s\n", left, opts[i].help);
	}
}

void bw_cmd_print_help(FILE *f, const char *name, const char *summary,
		       const struct bw_cmd_spec *spec)
{
	fprintf(f, "Usage: %s\n\n%s: %s\n", spec->usage, name, summary);
	if (spec->description)
		fprintf(f, "\n%s\n", spec->description);
	if (spec->n_opts) {
		fprintf(f, "\nOptions:\n");
		bw_opts_print_help(f, spec->opts, spec->n_opts);
	}
	fprintf(f, "\nGlobal options:\n");
	bw_opts_print_help(f, bw_global_opts, bw_global_opts_len);
	if (spec->examples)
		fprintf(f, "\nExamples:\n%s", spec->examples);
}
