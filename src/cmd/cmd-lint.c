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
	.description =
		"Checks Dockerfiles (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*), "
		"docker-compose\n"
		"files (compose.yaml, docker-compose.yml, overrides; variables from the .env "
		"beside them)\n"
		"and Kubernetes manifests (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, "
		"Job,\n"
		"CronJob) for insecure or fragile settings. A folder is walked (skipping .git and\n"
		"node_modules; YAML files are recognised by content). Inline pragmas: '# bulwark\n"
		"ignore=ID[,ID]' before an instruction or YAML line, '# bulwark global ignore=ID' "
		"for the\n"
		"whole file ('# hadolint ...' works too). With 'trusted_registries' in "
		".bulwark.yaml,\n"
		"images from other registries are reported: FROM, compose 'image:', containers.\n"
		"Default --fail-on: low.",
	.examples = "  bulwark lint Dockerfile\n"
		    "  bulwark lint compose.yaml k8s/\n"
		    "  bulwark lint --format sarif --output bulwark.sarif .\n"
		    "  bulwark lint --severity CRITICAL,HIGH --fail-on high services/\n"
		    "  bulwark lint --config ci/bulwark.yaml k8s/  # trusted_registries\n",
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
