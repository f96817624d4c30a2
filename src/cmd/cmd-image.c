/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark image REF`: reads an image (docker-save tarball, OCI layout folder, or the local
 * daemon's image), runs the IMG- checks, matches the packages against the vulnerability
 * database and reports findings; the JSON report also carries the image's metadata, package
 * list and vulnerabilities. */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
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
#include "vuln/match.h"
#include "util/banned.h"

struct image_opts {
	char *platform;	     /* --platform */
	char *max_age;	     /* --max-age DAYS */
	bool list_files;     /* --list-files */
	char *db;	     /* --db PATH */
	char *max_db_age;    /* --max-db-age DAYS */
	bool ignore_unfixed; /* --ignore-unfixed */
	bool undetermined;   /* --include-undetermined */
	bool unimportant;    /* --include-unimportant */
	bool no_vulns;	     /* --no-vulns */
	char *vex;	     /* --vex FILE */
};

#define OPT(f) offsetof(struct image_opts, f)

static const struct bw_option image_opts_table[] = {
	{"db", 0, BW_OPT_STRING, OPT(db), "PATH",
	 "vulnerability database (default: $XDG_CACHE_HOME/bulwark/vuln.db)"},
	{"ignore-unfixed", 0, BW_OPT_BOOL, OPT(ignore_unfixed), NULL,
	 "report only vulnerabilities that have a fixed version"},
	{"include-undetermined", 0, BW_OPT_BOOL, OPT(undetermined), NULL,
	 "report vulnerabilities the vendor has not assessed yet (Debian 'undetermined')"},
	{"include-unimportant", 0, BW_OPT_BOOL, OPT(unimportant), NULL,
	 "report vulnerabilities the vendor rates unimportant/negligible (as INFO)"},
	{"list-files", 0, BW_OPT_BOOL, OPT(list_files), NULL,
	 "JSON: list every file of the final filesystem under image.file_list"},
	{"max-age", 0, BW_OPT_STRING, OPT(max_age), "DAYS",
	 "report images built more than DAYS ago (default 90, 0 = never)"},
	{"max-db-age", 0, BW_OPT_STRING, OPT(max_db_age), "DAYS",
	 "warn when the vulnerability database is older (default 7, 0 = never)"},
	{"no-vulns", 0, BW_OPT_BOOL, OPT(no_vulns), NULL,
	 "do not match packages to vulnerabilities"},
	{"platform", 0, BW_OPT_STRING, OPT(platform), "OS/ARCH[/VARIANT]",
	 "image to pick from a multi-platform index (default: this machine's)"},
	{"vex", 0, BW_OPT_STRING, OPT(vex), "FILE",
	 "OpenVEX document: not_affected statements suppress vulnerabilities"},
};

const struct bw_cmd_spec cmd_image_spec = {
	.usage = "bulwark image [OPTIONS] REF",
	.description =
		"Reads an image without extracting it and reports how it is built and configured:\n"
		"runs as root, secrets in its environment, setuid files, credential files left in\n"
		"a layer, empty passwords, risky ports, age, risky build steps. Every layer is\n"
		"verified against its digest; a mismatch stops the scan (exit 3). REF is a\n"
		"'docker save' tarball (- reads it from standard input), an OCI layout folder, or\n"
		"NAME[:TAG] of an image the local Docker daemon holds (DOCKER_HOST=unix://... to\n"
		"pick the socket). The JSON report adds \"image\" (layers, OS), \"packages\" (OS\n"
		"and language packages, with purls) and \"vulnerabilities\" (one entry per\n"
		"vulnerability finding). Default --fail-on: high.",
	.opts = image_opts_table,
	.n_opts = BW_ARRAY_SIZE(image_opts_table),
	.examples =
		"  bulwark image app.tar\n"
		"  bulwark image --format json debian:12 | jq '.packages | length'\n"
		"  bulwark image --platform linux/arm64 ./oci-layout\n"
		"  docker save debian:12 | bulwark image -\n"
		"  bulwark image --show-suppressed app.tar   # also the hidden unimportant ones\n",
};

/* 0 or -BW_EUSAGE after printing why. */
static int parse_max_age(const char *s, unsigned *ret)
{
	uint64_t v;

	if (!s) {
		*ret = 90;
		return 0;
	}
	if (bw_parse_u64(s, &v) < 0 || v > 100000) {
		fprintf(stderr, "bulwark: invalid number of days '%s' for --max-age\n", s);
		return -BW_EUSAGE;
	}
	*ret = (unsigned)v;
	return 0;
}

/* The "image" object of the JSON report. */
static json_t *image_json(const struct img_image *img)
{
	json_t *layers = json_array(), *tags = json_array(), *os;
	const struct pkg_os *o = &img->inventory.os;

	for (size_t i = 0; layers && i < img->n_layers; i++) {
		const struct img_layer *l = &img->layers[i];
		json_t *lj = json_pack("{s:s, s:s, s:s, s:I, s:I}", "digest", l->digest, "diff_id",
				       l->diff_id, "compression", l->compression, "size",
				       (json_int_t)l->size, "entries", (json_int_t)l->entries);
		if (lj && l->media_type)
			(void)json_object_set_new(lj, "media_type", json_string(l->media_type));
		if (lj && l->created_by)
			(void)json_object_set_new(lj, "created_by", json_string(l->created_by));
		(void)json_array_append_new(layers, lj);
	}
	for (size_t i = 0; tags && i < img->n_repo_tags; i++)
		(void)json_array_append_new(tags, json_string(img->repo_tags[i]));
	os = json_object();
	if (os) {
		if (o->id)
			(void)json_object_set_new(os, "id", json_string(o->id));
		if (o->version_id)
			(void)json_object_set_new(os, "version_id", json_string(o->version_id));
		if (o->codename)
			(void)json_object_set_new(os, "codename", json_string(o->codename));
		if (o->pretty_name)
			(void)json_object_set_new(os, "pretty_name", json_string(o->pretty_name));
		(void)json_object_set_new(os, "distroless", json_boolean(o->distroless));
	}
	json_t *j = json_pack("{s:s, s:s, s:s*, s:s*, s:o, s:s*, s:s*, s:s*, s:o, s:I, s:o}", "ref",
			      img->ref, "source", img_source_kind_name(img->kind), "id", img->id,
			      "manifest_digest", img->manifest_digest, "repo_tags", tags,
			      "architecture", img->config.architecture, "os", img->config.os,
			      "created", img->config.created, "distro", os, "files",
			      (json_int_t)img_fs_count(img->fs), "layers", layers);
	return j;
}

struct image_json_arg {
	const struct img_image *img;
	const char **diff_ids;
	bool list_files;
	const struct vuln_match_result *vres; /* NULL: vulnerabilities were not matched */
	const struct bw_report *report;	      /* holds the matches' findings */
	struct bw_out_opts visible;	      /* show_suppressed and severity_mask */
};

static const char *const node_types[IMG_NODE_COUNT] = {
	[IMG_NODE_FILE] = "file", [IMG_NODE_DIR] = "dir",     [IMG_NODE_SYMLINK] = "symlink",
	[IMG_NODE_CHAR] = "char", [IMG_NODE_BLOCK] = "block", [IMG_NODE_FIFO] = "fifo",
};

static int file_json(const struct img_node *n, void *arg)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:i, s:I, s:i}", "path", n->path, "type",
			      node_types[n->type], "mode", "", "uid", (int)n->uid, "gid",
			      (int)n->gid, "size", (json_int_t)n->size, "layer", (int)n->layer);
	char mode[8];

	if (!j)
		return -ENOMEM;
	(void)snprintf(mode, sizeof(mode), "%04o", n->mode);
	(void)json_object_set_new(j, "mode", json_string(mode));
	if (n->link)
		(void)json_object_set_new(j, n->hardlink ? "hardlink" : "link",
					  json_string(n->link));
	return json_array_append_new(arg, j) < 0 ? -ENOMEM : 0;
}

/* A JSON string, or null for NULL. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* One entry of "vulnerabilities": the match behind a vulnerability finding. */
static json_t *vuln_json(const struct image_json_arg *a, const struct vuln_match *m,
			 const struct bw_finding *f)
{
	const struct pkg_package *p = &a->img->inventory.pkgs[m->pkg];
	json_t *aliases = json_array(), *j;
	const char *status = vuln_status_name(m->status);

	/* "fixed": a fixed version exists; otherwise what the advisory says */
	if (m->fixed)
		status = "fixed";
	else if (m->status == VULN_STATUS_FIXED)
		status = "affected";
	for (const char *s = m->aliases; aliases && s && *s;) {
		size_t n = strcspn(s, " ");
		if (n)
			(void)json_array_append_new(aliases, json_stringn(s, n));
		s += n + strspn(s + n, " ");
	}
	j = json_pack("{s:s, s:o, s:{s:s, s:s, s:s, s:o, s:o}, s:s, s:o, s:s, s:s, s:s, s:o, s:s, "
		      "s:o, s:o, s:i}",
		      "id", m->vuln_id, "aliases", aliases, "package", "name", p->name, "version",
		      p->version, "type", pkg_type_name(p->type), "purl", str_or_null(p->purl),
		      "path", str_or_null(p->path), "installed_version", m->installed,
		      "fixed_version", str_or_null(m->fixed), "status", status, "severity",
		      bw_severity_name(f->severity), "severity_source", m->severity_from,
		      "vendor_severity", str_or_null(m->vendor_sev), "source",
		      m->source_kind ? m->source_kind : "", "title", str_or_null(m->title), "link",
		      str_or_null(m->link), "layer", (int)p->layer);
	if (!j)
		return NULL;
	if (m->ecosystem)
		(void)json_object_set_new(j, "ecosystem", json_string(m->ecosystem));
	if (m->cvss)
		(void)json_object_set_new(j, "cvss", json_string(m->cvss));
	if (p->layer < a->img->n_layers && a->diff_ids && a->diff_ids[p->layer])
		(void)json_object_set_new(j, "layer_diff_id", json_string(a->diff_ids[p->layer]));
	if (a->visible.show_suppressed) {
		(void)json_object_set_new(j, "suppressed", json_boolean(f->suppressed));
		if (f->suppressed_by)
			(void)json_object_set_new(j, "suppressed_by",
						  json_string(f->suppressed_by));
	}
	return j;
}

/* The "vulnerabilities" array: one entry per vulnerability finding the report shows (so
 * ignore files, VEX, --severity and --ignore-unfixed apply as to "findings"), in the
 * findings' order. */
static json_t *vulns_json(const struct image_json_arg *a)
{
	const struct vuln_match_result *v = a->vres;
	uintptr_t lo = (uintptr_t)v->rules, hi = (uintptr_t)(v->rules + v->n_rules);
	json_t *arr = json_array();

	for (size_t i = 0; arr && v->n_rules && i < a->report->len; i++) {
		const struct bw_finding *f = &a->report->findings[i];
		uintptr_t at = (uintptr_t)f->rule;
		if (at < lo || at >= hi || !bw_out_visible(f, &a->visible))
			continue;
		size_t k = (size_t)(f->rule - v->rules);
		json_t *j = vuln_json(a, &v->items[v->rule_match[k]], f);
		if (!j || json_array_append_new(arr, j) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static int image_json_extra(void *root, const void *arg)
{
	const struct image_json_arg *a = arg;
	json_t *ij, *pj;

	if (!a->img)
		return 0;
	ij = image_json(a->img);
	pj = bw_out_packages_json(&a->img->inventory, a->diff_ids, a->img->n_layers);
	if (ij && a->list_files) {
		json_t *files = json_array();
		if (!files || img_fs_walk(a->img->fs, file_json, files) < 0 ||
		    json_object_set_new(ij, "file_list", files) < 0) {
			json_decref(ij);
			json_decref(pj);
			return -ENOMEM;
		}
	}
	if (!ij || !pj || json_object_set_new(root, "image", ij) < 0 ||
	    json_object_set_new(root, "packages", pj) < 0) {
		json_decref(pj);
		return -ENOMEM;
	}
	if (a->vres && json_object_set_new(root, "vulnerabilities", vulns_json(a)) < 0)
		return -ENOMEM;
	return 0;
}

static int run_checks(struct bw_ctx *ctx, const struct img_check_subject *subject)
{
	for (size_t i = 0; i < img_ruleset.len; i++) {
		const struct bw_rule *rule = &img_ruleset.rules[i];
		if (rule->flags & BW_RULE_DEFAULT_OFF)
			continue;
		int r = rule->check(rule, subject, &ctx->report);
		if (r < 0)
			return r;
	}
	return 0;
}

static void summary(const struct img_image *img)
{
	const struct pkg_inventory *inv = &img->inventory;
	size_t by_type[PKG_TYPE_COUNT] = {0};
	char types[256] = "";

	for (size_t i = 0; i < inv->len; i++)
		if ((unsigned)inv->pkgs[i].type < PKG_TYPE_COUNT)
			by_type[inv->pkgs[i].type]++;
	for (unsigned t = 0; t < PKG_TYPE_COUNT; t++)
		if (by_type[t])
			(void)snprintf(types + strlen(types), sizeof(types) - strlen(types),
				       "%s%s %zu", types[0] ? ", " : " (", pkg_type_name(t),
				       by_type[t]);
	fprintf(stderr, "bulwark: '%s': %s%s%s, %zu layers, %zu files, %zu packages%s%s\n",
		img->ref, inv->os.pretty_name ? inv->os.pretty_name : "unknown OS",
		inv->os.distroless ? " (distroless)" : "", "", img->n_layers, img_fs_count(img->fs),
		inv->len, types, types[0] ? ")" : "");
}

int cmd_image(int argc, char **argv, struct bw_ctx *ctx)
{
	BW_CLEANUP(img_image_freep) struct img_image *img = NULL;
	BW_CLEANUP(bw_freep) const char **diff_ids = NULL;
	struct image_opts opts = {0};
	struct img_check_subject subject = {.now = (int64_t)time(NULL)};
	struct image_json_arg jarg = {0};
	struct vuln_match_result vres = {0};
	bool matched = false;
	struct bw_error err = {0};
	uint64_t max_db_age = 7;
	int first, r;

	r = bw_opts_parse(argc, argv, ctx, &cmd_image_spec, &opts, false, &first);
	if (r == 0)
		r = bw_ctx_finish_options(ctx);
	if (r == 0)
		r = parse_max_age(opts.max_age, &subject.max_age_days);
	if (r == 0 && opts.max_db_age &&
	    (bw_parse_u64(opts.max_db_age, &max_db_age) < 0 || max_db_age > 100000)) {
		fprintf(stderr, "bulwark: invalid number of days '%s' for --max-db-age\n",
			opts.max_db_age);
		r = -BW_EUSAGE;
	}
	if (r < 0)
		goto out;
	if (ctx->help) {
		bw_cmd_print_help(stdout, "image",
				  "scan an image: packages, configuration, files, digests",
				  &cmd_image_spec);
		goto out;
	}
	if (first + 1 != argc) {
		fprintf(stderr,
			"bulwark: image needs exactly one REF (see 'bulwark image --help')\n");
		r = -BW_EUSAGE;
		goto out;
	}
	const char *ref = argv[first];
	struct img_options io = {
		.platform = opts.platform,
		.force_kind = IMG_SOURCE_COUNT,
		.extra = img_check_catalogers,
		.n_extra = img_check_catalogers_len,
		.progress = !ctx->quiet && isatty(STDERR_FILENO),
	};
	r = img_scan(ref, &io, &img, &err);
	ctx->report.current_path = ref;
	if (r == -EBADMSG) {
		/* the image is not what it claims: one CRITICAL finding, then fail */
		char msg[1200];
		bw_error_format(&err, msg, sizeof(msg));
		subject.integrity_error = msg;
		if (bw_report_add_target(&ctx->report, ref, "image", msg) < 0 ||
		    run_checks(ctx, &subject) < 0) {
			r = -ENOMEM;
			goto out;
		}
		(void)bw_report_finish(ctx, "image", BW_SEV_HIGH);
		fprintf(stderr, "bulwark: %s\n", msg);
		r = -EBADMSG;
		goto out;
	}
	if (r < 0) {
		if (r != -ENOMEM) {
			char msg[1200];
			bw_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "bulwark: %s\n", msg);
		}
		goto out;
	}
	subject.img = img;
	diff_ids = calloc(img->n_layers + 1, sizeof(*diff_ids));
	if (!diff_ids || bw_report_add_target(&ctx->report, ref, "image", NULL) < 0) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < img->n_layers; i++)
		diff_ids[i] = img->layers[i].diff_id;
	if ((r = run_checks(ctx, &subject)) < 0)
		goto out;
	if (!ctx->quiet)
		summary(img);
	if (!opts.no_vulns) {
		/* vulnerabilities of the packages (src/vuln/): findings with CVE-style rule ids */
		struct vuln_scan_options vo = {.db_path = opts.db,
					       .max_age_days = (unsigned)max_db_age,
					       .ignore_unfixed = opts.ignore_unfixed,
					       .include_undetermined = opts.undetermined,
					       .include_unimportant = opts.unimportant,
					       .vex_path = opts.vex,
					       .quiet = ctx->quiet};
		r = vuln_scan_report(&img->inventory, &vo, &ctx->report, &vres);
		if (r < 0 && r != -ENOENT)
			goto out;
		matched = r == 0;
	}
	jarg = (struct image_json_arg){
		.img = img,
		.diff_ids = diff_ids,
		.list_files = opts.list_files,
		.vres = matched ? &vres : NULL,
		.report = &ctx->report,
		.visible = {.show_suppressed = ctx->show_suppressed,
			    .severity_mask = ctx->severity_mask},
	};
	ctx->json_extra = image_json_extra;
	ctx->json_extra_arg = &jarg;
	r = bw_report_finish(ctx, "image", BW_SEV_HIGH);
	ctx->json_extra = NULL;
	ctx->json_extra_arg = NULL;
out:
	vuln_match_result_release(&vres);
	bw_opts_release(&cmd_image_spec, &opts);
	return r;
}
