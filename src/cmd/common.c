/* SPDX-License-Identifier: Apache-2.0 */
/* The global options table and the common end of every reporting command. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/ignore.h"
#include "util/cleanup.h"
#include "util/buf.h"
#include "util/banned.h"

#define CTX(f) offsetof(struct bw_ctx, f)

const struct bw_option bw_global_opts[] = {
	{"config", 'c', BW_OPT_STRING, CTX(config_file), "FILE",
	 "configuration file (default: .bulwark.yaml if present)"},
	{"fail-on", 0, BW_OPT_STRING, CTX(fail_on), "SEVERITY",
	 "exit 1 when a finding at or above SEVERITY remains"},
	{"format", 'f', BW_OPT_STRING, CTX(format_name), "FORMAT",
	 "report format: table, json, sarif, junit (default: table)"},
	{"help", 'h', BW_OPT_BOOL, CTX(help), NULL, "show help and exit"},
	{"ignore-file", 0, BW_OPT_STRING, CTX(ignore_file), "FILE",
	 "ignore file (default: .bulwarkignore if present)"},
	{"no-color", 0, BW_OPT_BOOL, CTX(no_color), NULL, "never colour the table output"},
	{"output", 'o', BW_OPT_STRING, CTX(output), "FILE",
	 "write the report to FILE instead of stdout"},
	{"quiet", 'q', BW_OPT_BOOL, CTX(quiet), NULL, "print nothing but findings"},
	{"severity", 's', BW_OPT_STRING, CTX(severity), "LIST",
	 "report only these severities, e.g. CRITICAL,HIGH"},
	{"show-suppressed", 0, BW_OPT_BOOL, CTX(show_suppressed), NULL,
	 "also list suppressed findings, marked"},
	{"version", 'V', BW_OPT_BOOL, CTX(version), NULL, "print version and compiled-in features"},
};
const size_t bw_global_opts_len = BW_ARRAY_SIZE(bw_global_opts);

int bw_ctx_finish_options(struct bw_ctx *ctx)
{
	enum bw_severity sev;

	ctx->severity_mask = (1u << BW_SEV_COUNT) - 1;
	if (ctx->format_name && bw_format_parse(ctx->format_name, &ctx->format) < 0) {
		fprintf(stderr,
			"bulwark: unknown format '%s' for --format (table, json, sarif, junit)\n",
			ctx->format_name);
		return -BW_EUSAGE;
	}
	if (ctx->severity && bw_severity_parse_list(ctx->severity, &ctx->severity_mask) < 0) {
		fprintf(stderr, "bulwark: invalid severity list '%s' for --severity\n",
			ctx->severity);
		return -BW_EUSAGE;
	}
	if (ctx->fail_on && strcmp(ctx->fail_on, "never") != 0 &&
	    bw_severity_parse(ctx->fail_on, &sev) < 0) {
		fprintf(stderr, "bulwark: invalid severity '%s' for --fail-on\n", ctx->fail_on);
		return -BW_EUSAGE;
	}
	return 0;
}

/* Writes the report to --output through a temporary file renamed into place, so a reader
 * never sees half a report. */
static int write_report(struct bw_ctx *ctx, const struct bw_out_opts *o)
{
	BW_CLEANUP(bw_freep) char *tmp = NULL;
	FILE *f;
	int r;

	if (!ctx->output)
		return bw_out_write(ctx->format, stdout, &ctx->report, o);
	if (asprintf(&tmp, "%s.tmp.%ld", ctx->output, (long)getpid()) < 0) {
		tmp = NULL;
		return -ENOMEM;
	}
	f = fopen(tmp, "we");
	if (!f) {
		r = -errno;
		fprintf(stderr, "bulwark: cannot write '%s': %s\n", ctx->output, strerror(-r));
		return r;
	}
	r = bw_out_write(ctx->format, f, &ctx->report, o);
	if (fclose(f) != 0 && r == 0)
		r = -EIO;
	if (r == 0 && rename(tmp, ctx->output) < 0)
		r = -errno;
	if (r < 0) {
		(void)unlink(tmp);
		fprintf(stderr, "bulwark: cannot write '%s': %s\n", ctx->output, strerror(-r));
	}
	return r;
}

int bw_report_finish(struct bw_ctx *ctx, const char *command, enum bw_severity default_fail_on)
{
	struct bw_ignore ign = {0};
	struct bw_error err = {0};
	bool optional = ctx->ignore_file == NULL;
	const char *ipath = ctx->ignore_file ? ctx->ignore_file : ".bulwarkignore";
	int r = bw_ignore_load(ipath, optional, time(NULL), &ign, &err);

	if (r < 0) {
		char msg[1200];
		bw_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "bulwark: %s\n", msg);
		bw_ignore_release(&ign);
		return r;
	}
	bw_ignore_warn_expired(&ign);
	r = bw_report_apply_suppressions(&ctx->report, &ign);
	bw_ignore_release(&ign);
	if (r < 0)
		return r;
	bw_report_sort(&ctx->report);

	struct bw_out_opts o = {
		.color = !ctx->no_color && !ctx->output && isatty(STDOUT_FILENO) &&
			 !getenv("NO_COLOR"),
		.show_suppressed = ctx->show_suppressed,
		.quiet = ctx->quiet,
		.command = command,
		.severity_mask = ctx->severity_mask,
		.json_extra = ctx->json_extra,
		.json_extra_arg = ctx->json_extra_arg,
	};
	r = write_report(ctx, &o);
	if (r < 0)
		return r;

	enum bw_severity fail_on = default_fail_on;
	if (ctx->fail_on && strcmp(ctx->fail_on, "never") == 0)
		return BW_EXIT_OK;
	if (ctx->fail_on)
		(void)bw_severity_parse(ctx->fail_on, &fail_on);
	o.show_suppressed = false;
	for (size_t i = 0; i < ctx->report.len; i++) {
		const struct bw_finding *f = &ctx->report.findings[i];
		if (bw_out_visible(f, &o) && f->severity >= fail_on)
			return BW_EXIT_FINDINGS;
	}
	return BW_EXIT_OK;
}
