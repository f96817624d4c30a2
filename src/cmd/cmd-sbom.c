/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark sbom REF`: the package list of an image as a CycloneDX 1.5 or SPDX 2.3 JSON
 * document. Reads the image exactly as `bulwark image` does (digests verified), runs no
 * checks and reports no findings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "image/image.h"
#include "out/sbom.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

struct sbom_opts {
	char *platform; /* --platform */
};

static const struct bw_option sbom_opts_table[] = {
	{"platform", 0, BW_OPT_STRING, offsetof(struct sbom_opts, platform), "OS/ARCH[/VARIANT]",
	 "image to pick from a multi-platform index (default: this machine's)"},
};

const struct bw_cmd_spec cmd_sbom_spec = {
	.usage = "bulwark sbom [--format cyclonedx|spdx] [OPTIONS] REF",
	.description =
		"Writes the packages found in an image (dpkg, apk, rpm; with purls, source\n"
		"packages and the layer that added each) as CycloneDX 1.5 JSON (the default) or\n"
		"SPDX 2.3 JSON, language packages included (Python, Node, Go, Java, Ruby, Rust\n"
		"from Cargo.lock and from the .dep-v0 section of cargo-auditable executables);\n"
		"one whose file a dpkg, apk or rpm package installed carries that package's name\n"
		"(CycloneDX property bulwark:os-owner). REF is read as by 'bulwark image': a\n"
		"docker-save tarball (- for standard input), an OCI layout folder, or NAME[:TAG]\n"
		"from the local Docker daemon. SOURCE_DATE_EPOCH sets the document timestamp.",
	.opts = sbom_opts_table,
	.n_opts = BW_ARRAY_SIZE(sbom_opts_table),
	.examples = "  bulwark sbom app.tar > app.cdx.json\n"
		    "  bulwark sbom app.tar | jq -r '.components[].purl | "
		    "select(startswith(\"pkg:cargo/\"))'\n"
		    "  bulwark sbom --format spdx --output app.spdx.json debian:12\n",
};

static int write_sbom(FILE *f, bool spdx, const struct bw_sbom_subject *s)
{
	int r = spdx ? bw_out_spdx(f, s) : bw_out_cyclonedx(f, s);

	if (r == 0 && (fflush(f) != 0 || ferror(f)))
		r = -EIO;
	return r;
}

/* To stdout, or to --output through a temporary file renamed into place. */
static int emit(const char *output, bool spdx, const struct bw_sbom_subject *s)
{
	BW_CLEANUP(bw_freep) char *tmp = NULL;
	FILE *f;
	int r;

	if (!output)
		return write_sbom(stdout, spdx, s);
	if (asprintf(&tmp, "%s.tmp.%ld", output, (long)getpid()) < 0) {
		tmp = NULL;
		return -ENOMEM;
	}
	f = fopen(tmp, "we");
	if (!f) {
		r = -errno;
		fprintf(stderr, "bulwark: cannot write '%s': %s\n", output, strerror(-r));
		return r;
	}
	r = write_sbom(f, spdx, s);
	if (fclose(f) != 0 && r == 0)
		r = -EIO;
	if (r == 0 && rename(tmp, output) < 0)
		r = -errno;
	if (r < 0) {
		(void)unlink(tmp);
		fprintf(stderr, "bulwark: cannot write '%s': %s\n", output, strerror(-r));
	}
	return r;
}

int cmd_sbom(int argc, char **argv, struct bw_ctx *ctx)
{
	BW_CLEANUP(img_image_freep) struct img_image *img = NULL;
	BW_CLEANUP(bw_freep) const char **diff_ids = NULL;
	struct sbom_opts opts = {0};
	struct bw_error err = {0};
	const char *fmt;
	bool spdx;
	int first, r;

	r = bw_opts_parse(argc, argv, ctx, &cmd_sbom_spec, &opts, false, &first);
	if (r < 0)
		goto out;
	if (ctx->help) {
		bw_cmd_print_help(stdout, "sbom", "write a CycloneDX or SPDX SBOM", &cmd_sbom_spec);
		goto out;
	}
	fmt = ctx->format_name ? ctx->format_name : "cyclonedx";
	if (strcmp(fmt, "cyclonedx") != 0 && strcmp(fmt, "spdx") != 0) {
		fprintf(stderr, "bulwark: sbom writes cyclonedx or spdx, not '%s'\n", fmt);
		r = -BW_EUSAGE;
		goto out;
	}
	spdx = strcmp(fmt, "spdx") == 0;
	if (first + 1 != argc) {
		fprintf(stderr,
			"bulwark: sbom needs exactly one REF (see 'bulwark sbom --help')\n");
		r = -BW_EUSAGE;
		goto out;
	}
	struct img_options io = {
		.platform = opts.platform,
		.force_kind = IMG_SOURCE_COUNT,
		.progress = !ctx->quiet && isatty(STDERR_FILENO),
	};
	r = img_scan(argv[first], &io, &img, &err);
	if (r < 0) {
		if (r != -ENOMEM) {
			char msg[1200];
			bw_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "bulwark: %s\n", msg);
		}
		goto out;
	}
	diff_ids = calloc(img->n_layers + 1, sizeof(*diff_ids));
	if (!diff_ids) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < img->n_layers; i++)
		diff_ids[i] = img->layers[i].diff_id;
	int64_t now = (int64_t)time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;
	if (sde && bw_parse_u64(sde, &v) == 0 && v < (1ull << 40))
		now = (int64_t)v;
	struct bw_sbom_subject s = {
		.name = img->ref,
		.digest = img->id,
		.tag = img->n_repo_tags ? img->repo_tags[0] : NULL,
		.architecture = img->config.architecture,
		.inv = &img->inventory,
		.created = now,
		.layer_diff_ids = diff_ids,
		.n_layers = img->n_layers,
	};
	r = emit(ctx->output, spdx, &s);
out:
	bw_opts_release(&cmd_sbom_spec, &opts);
	return r;
}
