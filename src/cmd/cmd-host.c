/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark host`: the CIS Docker Benchmark against the local daemon and its containers,
 * reported like every other command, with a summary of checks run on stderr. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "host/host.h"
#include "util/cleanup.h"
#include "util/grow.h"
#include "util/banned.h"

struct host_cmd_opts {
	struct bw_opt_list containers; /* --container */
	struct bw_opt_list labels;     /* --label */
	struct bw_opt_list sections;   /* --section (each may hold a comma-separated list) */
	bool include_manual;	       /* --include-manual */
	bool image_checks;	       /* --image-checks */
	char *daemon_json;	       /* --daemon-json */
};

#define OPT(f) offsetof(struct host_cmd_opts, f)

static const struct bw_option host_opts_table[] = {
	{"container", 0, BW_OPT_LIST, OPT(containers), "NAME|ID",
	 "check only this container (repeatable); default: every container"},
	{"daemon-json", 0, BW_OPT_STRING, OPT(daemon_json), "PATH",
	 "read this daemon.json instead of the one the daemon uses"},
	{"image-checks", 0, BW_OPT_BOOL, OPT(image_checks), NULL,
	 "also run bulwark image's IMG- checks on the containers' images (slow: "
	 "streams each image)"},
	{"include-manual", 0, BW_OPT_BOOL, OPT(include_manual), NULL,
	 "also list the manual checks, as INFO findings with advice"},
	{"label", 0, BW_OPT_LIST, OPT(labels), "KEY[=VALUE]",
	 "check only containers with this label (repeatable: all must match)"},
	{"section", 0, BW_OPT_LIST, OPT(sections), "N[,N]",
	 "run only these CIS sections or checks, e.g. 5 or 2,5.4 (repeatable)"},
};

const struct bw_cmd_spec cmd_host_spec = {
	.usage = "bulwark host [OPTIONS]",
	.description =
		"Audits the local Docker host against the CIS Docker Benchmark (v1.6.0 numbering: "
		"ids\n"
		"CIS-1.1.1 ... CIS-7.9): the host (section 1), the daemon's configuration (2: "
		"daemon.json\n"
		"merged with dockerd's command line), file owners and modes (3), images (4), every "
		"container,\n"
		"running or stopped (5), operations (6, manual) and swarm mode (7). Talks to the "
		"daemon over\n"
		"its unix socket with GET requests only ($DOCKER_HOST=unix://PATH, else\n"
		"/var/run/docker.sock, else a rootless daemon's $XDG_RUNTIME_DIR/docker.sock). A "
		"finding's\n"
		"path is the container, image or file it is about.\n"
		"--image-checks adds bulwark image's IMG- checks to section 4, once per image the\n"
		"audited containers use (path 'NAME (SHORT-ID)'); off by default because it "
		"streams\n"
		"each whole image from the daemon.\n"
		"A summary line (checks run, passed, failed, not applicable) goes to stderr.\n"
		"Default --fail-on: high.",
	.opts = host_opts_table,
	.n_opts = sizeof(host_opts_table) / sizeof(host_opts_table[0]),
	.examples =
		"  bulwark host\n"
		"  bulwark host --section 5 --container web --container db\n"
		"  bulwark host --label com.example.env=prod --format sarif -o host.sarif\n"
		"  bulwark host --include-manual --fail-on never\n"
		"  bulwark host --section 6,7 --include-manual   # swarm and sprawl advice\n"
		"  bulwark host --section 4 --image-checks --container web\n"
		"  DOCKER_HOST=unix:///run/user/1000/docker.sock bulwark host   # a rootless "
		"daemon\n"
		"      (its user's ~/.config/docker/daemon.json is read, also when run as root)\n",
};

/* Splits every --section value at commas into one array of owned strings. */
static int split_sections(const struct bw_opt_list *in, char ***ret, size_t *ret_n)
{
	size_t n = 0, cap = 0;
	char **out = NULL;

	for (size_t i = 0; i < in->len; i++) {
		char *save = NULL, *copy = strdup(in->items[i]);
		if (!copy)
			goto oom;
		for (char *tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (bw_grow((void **)&out, &cap, n, sizeof(*out)) < 0 ||
			    !(out[n] = strdup(tok))) {
				free(copy);
				goto oom;
			}
			n++;
		}
		free(copy);
	}
	*ret = out;
	*ret_n = n;
	return 0;
oom:
	for (size_t i = 0; i < n; i++)
		free(out[i]);
	free(out);
	return -ENOMEM;
}

static void free_sections(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

struct host_json_arg {
	const struct host_run *run;
	const struct bw_report *report;
};

/* Adds the per-check outcomes and the summary to the JSON report. */
static int host_json_extra(void *root, const void *arg)
{
	const struct host_json_arg *a = arg;

	return host_run_json(a->run, a->report, root);
}

int cmd_host(int argc, char **argv, struct bw_ctx *ctx)
{
	struct host_cmd_opts co = {0};
	struct host_run run = {0};
	struct bw_error err = {0};
	char **sections = NULL;
	size_t n_sections = 0;
	int first, r;

	r = bw_opts_parse(argc, argv, ctx, &cmd_host_spec, &co, false, &first);
	if (r == 0)
		r = bw_ctx_finish_options(ctx);
	if (r < 0)
		goto out;
	if (ctx->help) {
		bw_cmd_print_help(stdout, "host",
				  "audit the local Docker host (CIS Docker Benchmark)",
				  &cmd_host_spec);
		goto out;
	}
	if (first < argc) {
		fprintf(stderr,
			"bulwark: host takes no arguments, not '%s' (see 'bulwark host "
			"--help')\n",
			argv[first]);
		r = -BW_EUSAGE;
		goto out;
	}
	r = split_sections(&co.sections, &sections, &n_sections);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < n_sections; i++)
		if (!host_section_is_valid(sections[i])) {
			fprintf(stderr,
				"bulwark: invalid value '%s' for --section (sections 1 to 7 or a "
				"check such as 5.2)\n",
				sections[i]);
			r = -BW_EUSAGE;
			goto out;
		}
	for (size_t i = 0; i < co.labels.len; i++)
		if (co.labels.items[i][0] == '\0' || co.labels.items[i][0] == '=') {
			fprintf(stderr,
				"bulwark: invalid value '%s' for --label (KEY or KEY=VALUE)\n",
				co.labels.items[i]);
			r = -BW_EUSAGE;
			goto out;
		}

	struct host_opts ho = {
		.containers = co.containers.items,
		.n_containers = co.containers.len,
		.labels = co.labels.items,
		.n_labels = co.labels.len,
		.sections = sections,
		.n_sections = n_sections,
		.include_manual = co.include_manual,
		.image_checks = co.image_checks,
		.daemon_json = co.daemon_json,
	};
	r = host_audit(&ho, &ctx->report, &run, &err);
	if (r < 0) {
		if (r != -ENOMEM) {
			char msg[1200];
			bw_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "bulwark: %s\n", msg);
		}
		goto out;
	}
	for (size_t i = 0; i < run.n_notes; i++)
		fprintf(stderr, "bulwark: warning: %s\n", run.notes[i]);
	struct host_json_arg jarg = {.run = &run, .report = &ctx->report};
	ctx->json_extra = host_json_extra;
	ctx->json_extra_arg = &jarg;
	r = bw_report_finish(ctx, "host", BW_SEV_HIGH);
	ctx->json_extra = NULL;
	ctx->json_extra_arg = NULL;
	if (r >= 0 && !ctx->quiet) {
		char line[512];
		host_run_summary(&run, &ctx->report, line, sizeof(line));
		fprintf(stderr, "bulwark host: %s\n", line);
	}
out:
	host_run_release(&run);
	free_sections(sections, n_sections);
	bw_opts_release(&cmd_host_spec, &co);
	return r;
}
