/* SPDX-License-Identifier: Apache-2.0 */
/* bulwark's entry point: global options and the command table, nothing else. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/banned.h"

enum bw_cmd_flags {
	BW_CMD_HIDDEN = 1u << 0, /* left out of --help (developer helpers) */
};

struct bw_command {
	const char *name;
	int (*run)(int argc, char **argv, struct bw_ctx *ctx); /* exit code >= 0, or -errno */
	unsigned flags;					       /* enum bw_cmd_flags */
	const char *summary;				       /* one line for `bulwark --help` */
};

/* Sorted by name (looked up with bsearch); tests/integration/001-cli.sh checks --help. */
static const struct bw_command commands[] = {
	{"db", cmd_db, 0, "update, import or inspect the vulnerability database"},
	{"fix", cmd_fix, 0, "write a hardening override for a compose file"},
	{"host", cmd_host, 0, "audit the local Docker host (CIS Docker Benchmark)"},
	{"image", cmd_image, 0, "scan an image: packages, configuration, files, digests"},
	{"lint", cmd_lint, 0, "check Dockerfiles, compose files and manifests"},
	{"rules", cmd_rules, 0, "list every rule with its id, severity and fix"},
	{"sbom", cmd_sbom, 0, "write a CycloneDX or SPDX SBOM of an image"},
};

static int command_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct bw_command *)elem)->name);
}

static void print_version(void)
{
	printf("bulwark %s\nfeatures: %s\n", BW_VERSION, BW_FEATURES);
}

static void print_help(void)
{
	printf("Usage: bulwark [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n\n"
	       "bulwark checks containers the way a careful platform engineer "
	       "would.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!(commands[i].flags & BW_CMD_HIDDEN))
			printf("  %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\nGlobal options (accepted before or after the command):\n");
	bw_opts_print_help(stdout, bw_global_opts, bw_global_opts_len);
	printf("\nExit codes: 0 no finding at or above --fail-on, 1 such findings, 2 usage error,\n"
	       "3 input or runtime error.\n\n"
	       "Examples:\n  bulwark lint Dockerfile\n  bulwark lint --format json .\n  bulwark "
	       "rules\n\n"
	       "Run 'bulwark COMMAND --help' for a command's options.\n");
}

static int exit_code(int r)
{
	if (r >= 0)
		return r;
	if (r == -BW_EUSAGE)
		return BW_EXIT_USAGE;
	if (r == -ENOMEM)
		fprintf(stderr, "bulwark: out of memory\n");
	return BW_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	struct bw_ctx ctx = {0};
	int first, r;

	cmd_register_rulesets();
	r = bw_opts_parse(argc, argv, &ctx, NULL, NULL, true, &first);
	if (r < 0)
		goto out;
	if (ctx.version) {
		print_version();
		goto out;
	}
	if (first >= argc) {
		if (ctx.help) {
			print_help();
		} else {
			fprintf(stderr, "bulwark: missing command (see 'bulwark --help')\n");
			r = -BW_EUSAGE;
		}
		goto out;
	}
	const struct bw_command *cmd =
		bsearch(argv[first], commands, sizeof(commands) / sizeof(commands[0]),
			sizeof(commands[0]), command_cmp);
	if (!cmd) {
		fprintf(stderr, "bulwark: unknown command '%s' (see 'bulwark --help')\n",
			argv[first]);
		r = -BW_EUSAGE;
		goto out;
	}
	r = cmd->run(argc - first, argv + first, &ctx);
out:
	bw_ctx_release(&ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bulwark: cannot write to standard output\n");
		return BW_EXIT_ERROR;
	}
	return exit_code(r);
}
