/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/image/: path normalisation, the fs index (whiteouts, opaque folders,
 * hard links, symlink resolution), and whole docker-save archives written here with
 * libarchive: layer order, survival of cataloger results, digest checks, hostile entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/report.h"
#include "image/image-internal.h"

/* One tar entry to write: type 'f' file, 'd' dir, 'l' symlink, 'h' hard link. */
struct ent {
	char type;
	const char *path;
	const char *data_or_link;
	unsigned mode;
};

/* Writes a tar (gzip-compressed when gz) of the entries into a malloc'd buffer. */
static char *mk_tar(const struct ent *e, size_t n, bool gz, size_t *ret_len)
{
	size_t cap = 1u << 20, used = 0;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	struct archive_entry *ae = archive_entry_new();

	assert_non_null(buf);
	assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	if (gz)
		assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		archive_entry_clear(ae);
		archive_entry_set_pathname(ae, e[i].path);
		archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0644);
		archive_entry_set_mode(ae, (e[i].type == 'd'   ? AE_IFDIR
					    : e[i].type == 'l' ? AE_IFLNK
							       : AE_IFREG) |
						   (e[i].mode ? e[i].mode : 0644));
		if (e[i].type == 'l')
			archive_entry_set_symlink(ae, e[i].data_or_link);
		if (e[i].type == 'h')
			archive_entry_set_hardlink(ae, e[i].data_or_link);
		size_t dl = e[i].type == 'f' && e[i].data_or_link ? strlen(e[i].data_or_link) : 0;
		archive_entry_set_size(ae, (la_int64_t)dl);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		if (dl)
			assert_int_equal(archive_write_data(a, e[i].data_or_link, dl),
					 (la_ssize_t)dl);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(ae);
	*ret_len = used;
	return buf;
}

struct layer {
	const struct ent *e;
	size_t n;
	bool gz;
};

/* Writes a legacy docker-save archive of the layers to a temporary file; returns its path.
 * corrupt: flip one byte in the last layer after hashing. */
static char *mk_image(const struct layer *layers, size_t n, bool corrupt)
{
	char tmpl[] = "/tmp/bw-test-image-XXXXXX";
	int fd = mkstemp(tmpl);
	char cfg[8192], man[8192], cfgname[128], diff[IMG_DIGEST_LEN];
	size_t co = 0, mo = 0, used = 0, cap = 8u << 20;
	char *out = malloc(cap);
	char *blobs[16];
	size_t lens[16];
	struct archive *a = archive_write_new();
	struct archive_entry *ae = archive_entry_new();

	assert_true(fd >= 0 && n < 16 && out);
	co += (size_t)snprintf(cfg + co, sizeof(cfg) - co,
			       "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":"
			       "\"app\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
	mo += (size_t)snprintf(man, sizeof(man), "[{\"Config\":\"CFG\",\"Layers\":[");
	for (size_t i = 0; i < n; i++) {
		blobs[i] = mk_tar(layers[i].e, layers[i].n, false, &lens[i]);
		img_sha_buf(blobs[i], lens[i], diff);
		co += (size_t)snprintf(cfg + co, sizeof(cfg) - co, "%s\"%s\"", i ? "," : "", diff);
		mo += (size_t)snprintf(man + mo, sizeof(man) - mo, "%s\"l%zu/layer.tar\"",
				       i ? "," : "", i);
	}
	co += (size_t)snprintf(cfg + co, sizeof(cfg) - co, "]}}");
	img_sha_buf(cfg, co, diff);
	(void)snprintf(cfgname, sizeof(cfgname), "%s.json", diff + 7);
	char *p = strstr(man, "CFG");
	char tail[8192];
	(void)snprintf(tail, sizeof(tail), "%s%s]}]", cfgname, p + 3);
	(void)snprintf(p, sizeof(man) - (size_t)(p - man), "%s", tail);
	if (corrupt)
		blobs[n - 1][lens[n - 1] / 2] ^= 1;

	assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, out, cap, &used), ARCHIVE_OK);
	for (size_t i = n; i-- > 0;) { /* reverse order: the reader must not depend on it */
		char name[64];
		(void)snprintf(name, sizeof(name), "l%zu/layer.tar", i);
		archive_entry_clear(ae);
		archive_entry_set_pathname(ae, name);
		archive_entry_set_mode(ae, AE_IFREG | 0644);
		archive_entry_set_size(ae, (la_int64_t)lens[i]);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, blobs[i], lens[i]), (la_ssize_t)lens[i]);
		free(blobs[i]);
	}
	const char *names[2] = {cfgname, "manifest.json"};
	const char *datas[2] = {cfg, man};
	for (int i = 0; i < 2; i++) {
		archive_entry_clear(ae);
		archive_entry_set_pathname(ae, names[i]);
		archive_entry_set_mode(ae, AE_IFREG | 0644);
		archive_entry_set_size(ae, (la_int64_t)strlen(datas[i]));
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, datas[i], strlen(datas[i])),
				 (la_ssize_t)strlen(datas[i]));
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(ae);
	assert_int_equal(write(fd, out, used), (ssize_t)used);
	close(fd);
	free(out);
	return strdup(tmpl);
}

static const struct img_options opts = {.force_kind = IMG_SOURCE_COUNT};

static void test_paths_are_normalised_and_escapes_refused(void **state)
{
	(void)state;
	char out[BW_MAX_IMG_PATH + 1];
	const char *why = NULL;

	assert_int_equal(img_path_normalise("./etc//passwd", out, &why), 0);
	assert_string_equal(out, "etc/passwd");
	assert_int_equal(img_path_normalise("./", out, &why), 0);
	assert_string_equal(out, "");
	assert_int_equal(img_path_normalise("usr/./lib/", out, &why), 0);
	assert_string_equal(out, "usr/lib");
	assert_int_equal(img_path_normalise("a/../../b", out, &why), -EINVAL);
	assert_non_null(strstr(why, ".."));
	assert_int_equal(img_path_normalise("/etc/shadow", out, &why), -EINVAL);
	assert_non_null(strstr(why, "absolute"));
	char *longp = malloc(BW_MAX_IMG_PATH + 10);
	memset(longp, 'a', BW_MAX_IMG_PATH + 9);
	longp[BW_MAX_IMG_PATH + 9] = '\0';
	assert_int_equal(img_path_normalise(longp, out, &why), -EINVAL);
	free(longp);
}

static const char status_v1[] = "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
				"Package: b\nStatus: install ok installed\nVersion: 1\n";
static const char status_v2[] = "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
				"Package: b\nStatus: install ok installed\nVersion: 2\n\n"
				"Package: c\nStatus: install ok installed\nVersion: 1\n";

static void test_layers_apply_in_order_with_whiteouts_and_survival(void **state)
{
	(void)state;
	static const struct ent l0[] = {
		{'d', "./", NULL, 0755},
		{'d', "./etc/", NULL, 0755},
		{'f', "./etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n", 0644},
		{'f', "./var/lib/dpkg/status", status_v1, 0644},
		{'f', "./opt/data/old", "x", 0644},
		{'f', "./opt/secret", "s", 0600},
		{'f', "./usr/bin/tool", "tool", 04755},
		{'h', "./usr/bin/tool-link", "./usr/bin/tool", 04755},
		{'l', "./bin", "usr/bin", 0777},
		{'l', "./loop", "loop", 0777},
	};
	static const struct ent l1[] = {
		{'f', "./opt/.wh.secret", "", 0644},
		{'d', "./opt/data/", NULL, 0755},
		{'f', "./opt/data/.wh..wh..opq", "", 0644},
		{'f', "./opt/data/new", "y", 0644},
		{'f', "./var/lib/dpkg/status", status_v2, 0644},
	};
	static const struct ent l2[] = {
		{'f', "./opt/secret", "again", 0644},
		{'f', "./var/lib/dpkg/.wh.status", "", 0644},
		{'f', "./var/lib/dpkg/status", status_v2, 0644},
	};
	struct layer layers[] = {{l0, 10, false}, {l1, 5, false}, {l2, 3, false}};
	char *path = mk_image(layers, 3, false);
	struct img_image *img = NULL;
	struct bw_error err = {0};
	struct img_node *n = malloc(sizeof(*n));

	assert_non_null(n);
	assert_int_equal(img_scan(path, &opts, &img, &err), 0);
	assert_int_equal(img->n_layers, 3);
	assert_int_equal(img_fs_lookup(img->fs, "opt/data/old", n), -ENOENT); /* opaque folder */
	assert_int_equal(img_fs_lookup(img->fs, "opt/data/new", n), 0);
	assert_int_equal(img_fs_lookup(img->fs, "opt/secret", n), 0); /* deleted, added again */
	assert_int_equal(n->layer, 2);
	assert_int_equal(n->size, 5);
	assert_int_equal(img_fs_lookup(img->fs, "usr/bin/tool-link", n), 0); /* target's size */
	assert_true(n->hardlink);
	assert_int_equal(n->size, 4);
	assert_int_equal(n->mode & 04000, 04000);
	assert_int_equal(img_fs_resolve(img->fs, "/bin/tool", n), 0); /* through the symlink */
	assert_string_equal(n->path, "usr/bin/tool");
	assert_int_equal(img_fs_resolve(img->fs, "/loop/x", n), -ELOOP);
	assert_int_equal(img_fs_resolve(img->fs, "/../../etc/os-release", n), 0); /* beneath / */
	free(n);
	/* packages come from the surviving status (layer 2), attributed to where they began */
	assert_int_equal(img->inventory.len, 3);
	assert_string_equal(img->inventory.os.id, "debian");
	for (size_t i = 0; i < img->inventory.len; i++) {
		const struct pkg_package *p = &img->inventory.pkgs[i];
		unsigned want = strcmp(p->name, "a") == 0 ? 0 : 1; /* b changed, c new in layer 1 */
		assert_int_equal(p->layer, want);
		assert_string_equal(p->path, "var/lib/dpkg/status");
		assert_non_null(strstr(p->purl, "distro=debian-12"));
	}
	img_image_free(img);
	unlink(path);
	free(path);
}

static void test_a_changed_byte_is_a_digest_error(void **state)
{
	(void)state;
	static const struct ent l0[] = {{'f', "./a", "hello world, this is a file", 0644}};
	struct layer layers[] = {{l0, 1, false}};
	char *path = mk_image(layers, 1, true);
	struct img_image *img = NULL;
	struct bw_error err = {0};

	assert_int_equal(img_scan(path, &opts, &img, &err), -EBADMSG);
	assert_null(img);
	assert_non_null(strstr(err.msg, "digest mismatch in layer 1/1"));
	unlink(path);
	free(path);
}

static void test_hostile_entries_are_refused(void **state)
{
	(void)state;
	static const struct ent dotdot[] = {{'f', "a/../../../etc/passwd", "x", 0644}};
	static const struct ent abs[] = {{'f', "/etc/passwd", "x", 0644}};
	static const struct ent wh[] = {{'f', "a/.wh.", "", 0644}};
	const struct ent *cases[] = {dotdot, abs, wh};

	for (size_t i = 0; i < 3; i++) {
		struct layer layers[] = {{cases[i], 1, false}};
		char *path = mk_image(layers, 1, false);
		struct img_image *img = NULL;
		struct bw_error err = {0};
		assert_int_equal(img_scan(path, &opts, &img, &err), -EINVAL);
		assert_non_null(strstr(err.msg, "layer 1/1"));
		unlink(path);
		free(path);
	}
}

static void test_a_gzip_layer_scans_from_memory(void **state)
{
	(void)state;
	static const struct ent l0[] = {{'f', "lib/apk/db/installed", "P:musl\nV:1.2.5-r0\n", 0644},
					{'f', "etc/alpine-release", "3.20.3\n", 0644}};
	size_t len;
	char *tar = mk_tar(l0, 2, true, &len);
	struct img_image *img = NULL;
	struct bw_error err = {0};

	assert_int_equal((unsigned char)tar[0], 0x1f);
	assert_int_equal(
		img_layer_scan_mem(tar, len, pkg_catalogers, pkg_catalogers_len, &img, &err), 0);
	assert_string_equal(img->layers[0].compression, "gzip");
	assert_int_equal(img->inventory.len, 1);
	assert_string_equal(img->inventory.os.id, "alpine");
	assert_string_equal(img->inventory.pkgs[0].purl,
			    "pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20.3");
	img_image_free(img);
	free(tar);
}

static void test_truncated_layer_is_an_error(void **state)
{
	(void)state;
	static const struct ent l0[] = {{'f', "a", "0123456789abcdef0123456789abcdef", 0644},
					{'f', "b", "0123456789abcdef0123456789abcdef", 0644}};
	size_t len;
	char *tar = mk_tar(l0, 2, false, &len);
	struct img_image *img = NULL;
	struct bw_error err = {0};

	assert_int_equal(
		img_layer_scan_mem(tar, 700, pkg_catalogers, pkg_catalogers_len, &img, &err),
		-EINVAL);
	assert_null(img);
	assert_non_null(strstr(err.msg, "cannot read layer tar"));
	free(tar);
}

static void test_distroless_status_d_lists_packages(void **state)
{
	(void)state;
	static const struct ent l0[] = {
		{'f', "var/lib/dpkg/status.d/base-files",
		 "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n", 0644},
		{'f', "var/lib/dpkg/status.d/base-files.md5sums", "abc  etc/issue\n", 0644},
		{'f', "var/lib/dpkg/status.d/libssl3",
		 "Package: libssl3\nVersion: 3.0.13-1~deb12u1\nSource: openssl\n", 0644},
		{'f', "etc/os-release",
		 "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID=\"12\"\n", 0644},
	};
	size_t len;
	char *tar = mk_tar(l0, 4, false, &len);
	struct img_image *img = NULL;
	struct bw_error err = {0};

	assert_int_equal(
		img_layer_scan_mem(tar, len, pkg_catalogers, pkg_catalogers_len, &img, &err), 0);
	assert_true(img->inventory.os.distroless);
	assert_int_equal(img->inventory.len, 2);
	assert_string_equal(img->inventory.pkgs[1].name, "libssl3");
	assert_string_equal(img->inventory.pkgs[1].source_name, "openssl");
	assert_string_equal(img->inventory.pkgs[1].path, "var/lib/dpkg/status.d/libssl3");
	img_image_free(img);
	free(tar);
}

/* Runs one IMG rule on a hand-made config; returns how many findings it added. */
static size_t run_rule(const char *id, const struct img_image *img, struct bw_report *rep)
{
	struct img_check_subject s = {.img = img, .now = 1700000000, .max_age_days = 90};
	size_t before = rep->len;

	for (size_t i = 0; i < img_ruleset.len; i++)
		if (strcmp(img_ruleset.rules[i].id, id) == 0)
			assert_int_equal(img_ruleset.rules[i].check(&img_ruleset.rules[i], &s, rep),
					 0);
	return rep->len - before;
}

static void test_config_and_history_checks(void **state)
{
	(void)state;
	char *env[] = {"PATH=/usr/bin", "GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
		       "LANG=C.UTF-8"};
	char *ports[] = {"8080/tcp", "22/tcp", "2375/tcp"};
	struct img_history hist[] = {
		{.created_by = "/bin/sh -c #(nop) ADD https://example.com/x.tgz /opt/"},
		{.created_by = "ADD file:0123abcd in /"},
		{.created_by =
			 "RUN /bin/sh -c apt-get update && apt-get -y dist-upgrade # buildkit"},
		{.created_by = "RUN /bin/sh -c wget -qO- https://x.invalid/i.sh | sudo bash"},
		{.created_by = "/bin/sh -c curl -o /tmp/x https://x.invalid/x && sh /tmp/x"},
		{.created_by = "/bin/sh -c echo pseudo-sudo; apt-get install -y sudoers-tool"},
	};
	struct img_image img = {
		.config = {.user = "0:0",
			   .env = env,
			   .n_env = 3,
			   .exposed_ports = ports,
			   .n_exposed_ports = 3,
			   .history = hist,
			   .n_history = 6,
			   .created = "2023-01-01T00:00:00Z",
			   .created_unix = 1672531200,
			   .healthcheck_none = true},
	};
	struct bw_report rep;

	bw_report_init(&rep);
	rep.current_path = "test";
	assert_int_equal(run_rule("IMG-002", &img, &rep), 1); /* User 0:0 is root */
	assert_int_equal(run_rule("IMG-003", &img, &rep), 1);
	assert_non_null(strstr(rep.findings[rep.len - 1].message, "NONE"));
	assert_int_equal(run_rule("IMG-004", &img, &rep), 2); /* 22 and 2375, not 8080 */
	assert_int_equal(run_rule("IMG-005", &img, &rep), 1);
	assert_null(strstr(rep.findings[rep.len - 1].message, "0123456789abcdef"));
	assert_int_equal(run_rule("IMG-011", &img, &rep), 1); /* 318 days old */
	assert_int_equal(run_rule("IMG-012", &img, &rep), 1); /* the URL, not file: */
	assert_int_equal(run_rule("IMG-013", &img, &rep), 1);
	assert_int_equal(run_rule("IMG-014", &img, &rep), 1); /* wget | sudo bash only */
	assert_int_equal(run_rule("IMG-015", &img, &rep), 1); /* not 'pseudo-sudo' or 'sudoers' */
	img.config.user = "1000";
	assert_int_equal(run_rule("IMG-002", &img, &rep), 0);
	img.config.created_unix = 1700000000 - 10 * 86400;
	assert_int_equal(run_rule("IMG-011", &img, &rep), 0);
	assert_int_equal(run_rule("IMG-001", &img, &rep), 0);
	bw_report_release(&rep);
}

static void add_rec(struct img_fs *fs, enum img_rec_kind kind, const char *path,
		    enum img_node_type type, unsigned position)
{
	struct img_rec r = {.kind = kind, .type = type, .mode = 0644, .path = path};

	assert_int_equal(img_fs_add(fs, &r, position), 0);
}

static void test_whiteouts_apply_to_lower_layers_in_any_order(void **state)
{
	(void)state;
	struct img_fs *fs = img_fs_new();
	struct img_node *n = malloc(sizeof(*n));

	assert_non_null(fs);
	assert_non_null(n);
	add_rec(fs, IMG_REC_ENTRY, "a/old", IMG_NODE_FILE, 0);
	add_rec(fs, IMG_REC_ENTRY, "b/old", IMG_NODE_FILE, 0);
	add_rec(fs, IMG_REC_ENTRY, "c", IMG_NODE_FILE, 0);
	/* layer 1 writes before its whiteouts: they still only delete layer 0's files */
	add_rec(fs, IMG_REC_ENTRY, "a/new", IMG_NODE_FILE, 1);
	add_rec(fs, IMG_REC_WHITEOUT, "a", IMG_NODE_FILE, 1);
	add_rec(fs, IMG_REC_ENTRY, "b/new", IMG_NODE_FILE, 1);
	add_rec(fs, IMG_REC_OPAQUE, "b", IMG_NODE_FILE, 1);
	add_rec(fs, IMG_REC_ENTRY, "c", IMG_NODE_FILE, 1);
	add_rec(fs, IMG_REC_WHITEOUT, "c", IMG_NODE_FILE, 1);
	assert_int_equal(img_fs_lookup(fs, "a/old", n), -ENOENT);
	assert_int_equal(img_fs_lookup(fs, "b/old", n), -ENOENT);
	assert_int_equal(img_fs_lookup(fs, "a/new", n), 0);
	assert_int_equal(img_fs_lookup(fs, "a", n), 0); /* deleted, kept for a/new */
	assert_true(n->implicit);
	assert_int_equal(n->layer, 1);
	assert_int_equal(img_fs_lookup(fs, "b/new", n), 0);
	assert_int_equal(img_fs_lookup(fs, "c", n), 0); /* layer 1's own file */
	assert_int_equal(n->layer, 1);
	assert_int_equal(img_fs_count(fs), 5);
	free(n);
	img_fs_free(fs);
}

/* Issue 4: the index is what a scan keeps per file; 500,000 files must fit well in 64 MB. */
static void test_index_of_500k_files_is_compact(void **state)
{
	(void)state;
	struct img_fs *fs = img_fs_new();
	char path[64];
	size_t bytes;

	assert_non_null(fs);
	for (unsigned i = 0; i < 500000; i++) {
		struct img_rec r = {.kind = IMG_REC_ENTRY,
				    .type = IMG_NODE_FILE,
				    .mode = 0644,
				    .size = i,
				    .mtime = 1700000000 + i % 7,
				    .path = path};
		(void)snprintf(path, sizeof(path), "usr/share/doc/pkg%03u/file-%06u.txt", i / 500,
			       i);
		assert_int_equal(img_fs_add(fs, &r, i / 200000), 0);
	}
	bytes = img_fs_bytes(fs);
	print_message("# index: %zu nodes, %zu bytes, %.1f bytes per node\n", img_fs_count(fs),
		      bytes, (double)bytes / (double)img_fs_count(fs));
	assert_int_equal(img_fs_count(fs), 500000 + 1000 + 3);
	assert_true(bytes / img_fs_count(fs) <= 72);
	img_fs_free(fs);
}

static void assert_rec_equal(const struct img_rec *a, const struct img_rec *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->hardlink, b->hardlink);
	assert_int_equal(a->mode, b->mode);
	assert_int_equal(a->uid, b->uid);
	assert_int_equal(a->gid, b->gid);
	assert_int_equal(a->size, b->size);
	assert_int_equal(a->mtime, b->mtime);
	assert_string_equal(a->path, b->path);
	if (b->link)
		assert_string_equal(a->link, b->link);
	else
		assert_null(a->link);
}

/* Held records (a streamed archive's layers) come back exactly as added, and stay small. */
static void test_held_records_round_trip_packed(void **state)
{
	(void)state;
	static char longp[BW_MAX_IMG_PATH + 1];
	const struct img_rec recs[] = {
		{.kind = IMG_REC_ENTRY, .type = IMG_NODE_DIR, .mode = 0755, .path = ""},
		{.kind = IMG_REC_ENTRY, .type = IMG_NODE_DIR, .mode = 0755, .path = "usr"},
		{.kind = IMG_REC_ENTRY,
		 .type = IMG_NODE_FILE,
		 .mode = 04755,
		 .uid = 70000,
		 .gid = 1,
		 .size = 1ull << 40,
		 .mtime = -86400,
		 .path = "usr/bin/su"},
		{.kind = IMG_REC_ENTRY,
		 .type = IMG_NODE_FILE,
		 .mode = 04755,
		 .uid = 70000,
		 .gid = 1,
		 .mtime = -86400,
		 .hardlink = true,
		 .path = "usr/bin/s",
		 .link = "usr/bin/su"},
		{.kind = IMG_REC_ENTRY,
		 .type = IMG_NODE_SYMLINK,
		 .mode = 0777,
		 .mtime = INT64_MAX,
		 .path = "usr/bin/sudo",
		 .link = "/usr/bin/su"},
		{.kind = IMG_REC_WHITEOUT, .path = "etc/old"},
		{.kind = IMG_REC_OPAQUE, .path = "etc"},
		{.kind = IMG_REC_ENTRY, .type = IMG_NODE_FILE, .mode = 0644, .path = longp},
		{.kind = IMG_REC_ENTRY,
		 .type = IMG_NODE_CHAR,
		 .mode = 0666,
		 .mtime = INT64_MIN,
		 .path = "dev/null"},
	};
	const size_t n_recs = sizeof(recs) / sizeof(recs[0]);
	struct img_recs rs = {0};
	struct img_recs_iter it = {0};
	char *path = malloc(BW_MAX_IMG_PATH + 1), *link = malloc(BW_MAX_IMG_PATH + 1);
	char many[64];
	struct img_rec out;
	size_t i = 0;

	assert_non_null(path);
	assert_non_null(link);
	memset(longp, 'x', BW_MAX_IMG_PATH);
	for (size_t k = 0; k < n_recs; k++)
		assert_int_equal(img_recs_add(&rs, &recs[k]), 0);
	/* the 500k-file shape of the index test: a folder's files in a row, one owner */
	for (unsigned k = 0; k < 500000; k++) {
		struct img_rec r = {.kind = IMG_REC_ENTRY,
				    .type = IMG_NODE_FILE,
				    .mode = 0644,
				    .size = k,
				    .mtime = 1700000000 + k / 100000,
				    .path = many};
		(void)snprintf(many, sizeof(many), "usr/share/doc/pkg%03u/file-%06u.txt", k / 500,
			       k);
		assert_int_equal(img_recs_add(&rs, &r), 0);
	}
	longp[BW_MAX_IMG_PATH - 1] = '\0';
	assert_int_equal(img_recs_add(&rs, &(struct img_rec){.path = longp, .link = longp}), 0);
	longp[BW_MAX_IMG_PATH - 1] = 'x';
	while (img_recs_next(&rs, &it, &out, path, link)) {
		if (i < n_recs) {
			assert_rec_equal(&out, &recs[i]);
		} else if (i < n_recs + 500000) {
			unsigned k = (unsigned)(i - n_recs);
			(void)snprintf(many, sizeof(many), "usr/share/doc/pkg%03u/file-%06u.txt",
				       k / 500, k);
			assert_rec_equal(&out, &(struct img_rec){.kind = IMG_REC_ENTRY,
								 .type = IMG_NODE_FILE,
								 .mode = 0644,
								 .size = k,
								 .mtime = 1700000000 + k / 100000,
								 .path = many});
		} else {
			assert_int_equal(strlen(out.path), BW_MAX_IMG_PATH - 1);
			assert_string_equal(out.link, out.path);
		}
		i++;
	}
	assert_int_equal(i, n_recs + 500001);
	assert_int_equal(rs.n, i);
	print_message("# held records: %zu, %zu bytes, %.1f bytes per record\n", rs.n,
		      img_recs_bytes(&rs), (double)img_recs_bytes(&rs) / (double)rs.n);
	assert_true(img_recs_bytes(&rs) / rs.n <= 12);
	img_recs_release(&rs);
	free(path);
	free(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_are_normalised_and_escapes_refused),
		cmocka_unit_test(test_layers_apply_in_order_with_whiteouts_and_survival),
		cmocka_unit_test(test_a_changed_byte_is_a_digest_error),
		cmocka_unit_test(test_hostile_entries_are_refused),
		cmocka_unit_test(test_a_gzip_layer_scans_from_memory),
		cmocka_unit_test(test_truncated_layer_is_an_error),
		cmocka_unit_test(test_distroless_status_d_lists_packages),
		cmocka_unit_test(test_config_and_history_checks),
		cmocka_unit_test(test_whiteouts_apply_to_lower_layers_in_any_order),
		cmocka_unit_test(test_index_of_500k_files_is_compact),
		cmocka_unit_test(test_held_records_round_trip_packed),
	};
	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
