/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark lint`: Dockerfiles (and later compose files and manifests) to findings. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/config.h"
#include "lint/lint.h"
#include "util/banned.h"

const struct bw_cmd_spec cmd_lint_spec = {
	.usage = "bulwark lint [OPTIONS] PATH...",
	.description = "Checks Dockerfiles (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*) "
		       "for insecure\n"
		       "or fragile practices. A folder is walked (skipping .git and node_modules); "
		       "a file named\n"
		       "explicitly is linted whatever its name. Inline pragmas: '# bulwark "
		       "ignore=ID[,ID]' on the\n"
		       "line before an instruction, '# bulwark global ignore=ID' anywhere ('# "
		       "hadolint ...' too).\n"
		       "Default --fail-on: low.",
	.examples = "  bulwark lint Dockerfile\n"
		    "  bulwark lint --format sarif --output bulwark.sarif .\n"
		    "  bulwark lint --severity CRITICAL,HIGH --fail-on high services/\n",
};

int cmd_lint(int argc, char **argv, struct bw_ctx *ctx)
{
	struct bw_config cfg = {0};
	struct bw_error err = {0};
	int first, r;

	r = bw_opts_parse(argc, argv, ctx, &cmd_lint_spec, NULL, false, &first);
	if (r == 0)
		r = bw_ctx_finish_options(ctx);
	if (r < 0)
		return r;
	if (ctx->help) {
		bw_cmd_print_help(stdout, "lint", "check Dockerfiles, compose files and manifests",
				  &cmd_lint_spec);
		return 0;
	}
	if (first >= argc) {
		fprintf(stderr,
			"bulwark: lint needs at least one PATH (see 'bulwark lint --help')\n");
		return -BW_EUSAGE;
	}
	r = bw_config_load(ctx->config_file ? ctx->config_file : ".bulwark.yaml",
			   ctx->config_file == NULL, &cfg, &err);
	if (r < 0)
		goto fail;
	for (int i = first; i < argc && r >= 0; i++)
		r = lint_path(argv[i], &cfg, &ctx->report, &ctx->input_errors, &err);
	bw_config_release(&cfg);
	if (r < 0)
		goto fail;
	r = bw_report_finish(ctx, "lint", BW_SEV_LOW);
	if (r >= 0 && ctx->input_errors)
		return -EINVAL; /* findings were written; the run still failed on some input */
	return r;
fail:
	if (r != -ENOMEM) {
		char msg[1200];
		bw_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "bulwark: %s\n", msg);
	}
	return r;
}
