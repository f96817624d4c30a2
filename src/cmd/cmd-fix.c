/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark fix`: writes a hardening override beside a compose file (compose.bulwark.yaml) and
 * prints what it changed and what it could not. The compose file itself is never edited. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lint/compose-fix.h"
#include "lint/compose.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

struct fix_opts {
	bool bind_local;
	char *mem;
	char *cpus;
	char *pids;
	char *override;
};

static const struct bw_option fix_opts_table[] = {
	{"bind-local", 0, BW_OPT_BOOL, offsetof(struct fix_opts, bind_local), NULL,
	 "rebind published ports to 127.0.0.1 (needs Docker Compose 2.24.4 or later)"},
	{"mem", 0, BW_OPT_STRING, offsetof(struct fix_opts, mem), "SIZE",
	 "memory limit for services that have none (512m)"},
	{"cpus", 0, BW_OPT_STRING, offsetof(struct fix_opts, cpus), "N",
	 "CPU limit for services that have none (1.5)"},
	{"pids", 0, BW_OPT_STRING, offsetof(struct fix_opts, pids), "N",
	 "PIDs limit for services that have none (200)"},
	{"override-file", 0, BW_OPT_STRING, offsetof(struct fix_opts, override), "FILE",
	 "where to write the override (default: compose.bulwark.yaml beside the file)"},
};

const struct bw_cmd_spec cmd_fix_spec = {
	.usage = "bulwark fix [OPTIONS] COMPOSE_FILE",
	.description =
		"Writes a hardening override for a compose file (no-new-privileges, "
		"cap_drop ALL keeping\n"
		"the capabilities it adds, a read-only root with a tmpfs on /tmp, limits "
		"when asked) that\n"
		"'docker compose -f FILE -f compose.bulwark.yaml' merges in, and prints what "
		"it changed and\n"
		"what an override cannot change. The compose file is not modified.",
	.opts = fix_opts_table,
	.n_opts = BW_ARRAY_SIZE(fix_opts_table),
	.examples =
		"  bulwark fix compose.yaml\n"
		"  bulwark fix --mem 512m --cpus 1 --pids 200 --bind-local docker-compose.yml\n",
};

static int write_file(const char *path, const char *data, size_t len)
{
	BW_CLEANUP(bw_freep) char *tmp = NULL;
	FILE *f;

	if (asprintf(&tmp, "%s.tmp", path) < 0) {
		tmp = NULL;
		return -ENOMEM;
	}
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	bool ok = fwrite(data, 1, len, f) == len;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path) < 0) {
		int e = errno ? errno : EIO;
		(void)unlink(tmp);
		return -e;
	}
	return 0;
}

int cmd_fix(int argc, char **argv, struct bw_ctx *ctx)
{
	struct fix_opts o = {0};
	BW_CLEANUP(compose_file_freep) struct compose_file *cf = NULL;
	BW_CLEANUP(bw_freep) char *out_path = NULL;
	struct compose_fix fix = {0};
	struct bw_error err = {0};
	int first, r;

	r = bw_opts_parse(argc, argv, ctx, &cmd_fix_spec, &o, false, &first);
	if (r == 0)
		r = bw_ctx_finish_options(ctx);
	if (r < 0)
		goto out;
	if (ctx->help) {
		bw_cmd_print_help(stdout, "fix", "write a hardening override for a compose file",
				  &cmd_fix_spec);
		goto out;
	}
	if (first + 1 != argc) {
		fprintf(stderr, "bulwark: fix needs one COMPOSE_FILE (see 'bulwark fix --help')\n");
		r = -BW_EUSAGE;
		goto out;
	}
	const char *path = argv[first];
	const char *slash = strrchr(path, '/');
	if (o.override)
		out_path = strdup(o.override);
	else if (asprintf(&out_path, "%.*scompose.bulwark.yaml",
			  slash ? (int)(slash - path + 1) : 0, path) < 0)
		out_path = NULL;
	if (!out_path) {
		r = -ENOMEM;
		goto out;
	}
	r = compose_file_parse_path(path, &cf, &err);
	if (r == 0) {
		struct compose_fix_opts fo = {
			.bind_local = o.bind_local, .mem = o.mem, .cpus = o.cpus, .pids = o.pids};
		r = compose_fix_build(cf, slash ? slash + 1 : path, &fo, &fix, &err);
	}
	if (r < 0) {
		char msg[1200];
		bw_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "bulwark: cannot fix %s\n", msg);
		if (r == -EINVAL && !err.path[0])
			r = -BW_EUSAGE;
		goto out;
	}
	r = write_file(out_path, bw_buf_str(&fix.yaml), fix.yaml.len);
	if (r < 0) {
		fprintf(stderr, "bulwark: cannot write '%s': %s\n", out_path, strerror(-r));
		goto out;
	}
	printf("wrote %s (%zu change%s)\n", out_path, fix.n_changed, fix.n_changed == 1 ? "" : "s");
	for (int pass = 0; pass < 2; pass++) {
		bool any = false;
		for (size_t i = 0; i < fix.n_notes; i++) {
			if (fix.notes[i].changed != (pass == 0))
				continue;
			if (!any)
				printf("%s\n", pass == 0 ? "changed:" : "not changed:");
			any = true;
			printf("  %s\n", fix.notes[i].text);
		}
	}
	printf("check: docker compose -f %s -f %s config\n", path, out_path);
out:
	compose_fix_release(&fix);
	bw_opts_release(&cmd_fix_spec, &o);
	return r;
}
