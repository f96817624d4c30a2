/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the layer reader: the input is one layer blob (tar, gzip or zstd),
 * read with every built-in cataloger and the image checks' file readers; then the fs index is
 * walked and resolved, and the image checks run on the result. Traps on broken invariants. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-check.h"
#include "core/limits.h"
#include "core/report.h"
#include "image/image.h"
#include "util/banned.h"

struct walked {
	size_t count;
	char prev[BW_MAX_IMG_PATH + 1];
};

static int node_ok(const struct img_node *n, void *arg)
{
	struct walked *w = arg;

	CHECK(n->path[0] != '/' && strlen(n->path) <= BW_MAX_IMG_PATH);
	CHECK(w->count == 0 || strcmp(w->prev, n->path) < 0); /* path order, each path once */
	memcpy(w->prev, n->path, strlen(n->path) + 1);
	CHECK(!strstr(n->path, "/../") && strncmp(n->path, "../", 3) != 0);
	CHECK(n->type < IMG_NODE_COUNT && n->layer == 0);
	CHECK(strncmp(strrchr(n->path, '/') ? strrchr(n->path, '/') + 1 : n->path, ".wh.", 4) != 0);
	w->count++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pkg_cataloger *cats[32];
	struct img_image *img = NULL;
	struct bw_error err = {0};
	static struct walked walked;
	size_t n = 0;
	int r;

	for (size_t i = 0; i < pkg_catalogers_len; i++)
		cats[n++] = pkg_catalogers[i];
	for (size_t i = 0; i < img_check_catalogers_len; i++)
		cats[n++] = img_check_catalogers[i];
	r = img_layer_scan_mem(data, size, cats, n, &img, &err);
	if (r < 0) {
		CHECK(img == NULL && err.msg[0] != '\0');
		return 0;
	}
	walked.count = 0;
	CHECK(img_fs_walk(img->fs, node_ok, &walked) == 0);
	CHECK(walked.count == img_fs_count(img->fs));
	static const char *const probes[] = {"/etc/os-release", "/bin/sh", "usr/../../etc/passwd",
					     "/a/b/c/d"};
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		static struct img_node node;
		int e = img_fs_resolve(img->fs, probes[i], &node);
		CHECK(e == 0 || e == -ENOENT || e == -ELOOP || e == -ENAMETOOLONG);
	}
	for (size_t i = 0; i < img->inventory.len; i++)
		CHECK(img->inventory.pkgs[i].purl && img->inventory.pkgs[i].name);
	struct bw_report rep;
	struct img_check_subject subject = {.img = img, .now = 2000000000, .max_age_days = 90};
	bw_report_init(&rep);
	rep.current_path = "fuzz";
	for (size_t i = 0; i < img_ruleset.len; i++)
		CHECK(img_ruleset.rules[i].check(&img_ruleset.rules[i], &subject, &rep) >= -ENOMEM);
	bw_report_release(&rep);
	img_image_free(img);
	return 0;
}
