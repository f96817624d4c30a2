/* SPDX-License-Identifier: Apache-2.0 */
/* img_scan: picks the source for a reference, reads it, then merges the layers into the final
 * filesystem and keeps the cataloger results whose files survived. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/cleanup.h"
#include "util/grow.h"
#include "util/banned.h"

static const char *const kind_names[IMG_SOURCE_COUNT] = {
	[IMG_SOURCE_ARCHIVE] = "archive",
	[IMG_SOURCE_OCI_DIR] = "oci-layout",
	[IMG_SOURCE_DAEMON] = "daemon",
};

const char *img_source_kind_name(enum img_source_kind k)
{
	return (unsigned)k < IMG_SOURCE_COUNT ? kind_names[k] : "?";
}

enum img_source_kind img_ref_kind(const char *ref)
{
	struct stat st;

	if (strcmp(ref, "-") == 0)
		return IMG_SOURCE_ARCHIVE; /* standard input */
	if (stat(ref, &st) == 0)
		return S_ISDIR(st.st_mode) ? IMG_SOURCE_OCI_DIR : IMG_SOURCE_ARCHIVE;
	return IMG_SOURCE_DAEMON;
}

struct img_image *img_image_free(struct img_image *img)
{
	if (!img)
		return NULL;
	free(img->ref);
	free(img->id);
	free(img->manifest_digest);
	for (size_t i = 0; i < img->n_repo_tags; i++)
		free(img->repo_tags[i]);
	free(img->repo_tags);
	for (size_t i = 0; i < img->n_layers; i++) {
		free(img->layers[i].digest);
		free(img->layers[i].diff_id);
		free(img->layers[i].media_type);
	}
	free(img->layers);
	img_config_release(&img->config);
	img_fs_free(img->fs);
	for (size_t i = 0; i < img->n_results; i++) {
		struct img_result *r = &img->results[i];
		pkg_found_release(&r->found);
		if (r->found.data && r->cataloger->free_data)
			r->cataloger->free_data(r->found.data);
		free(r->path);
	}
	free(img->results);
	pkg_inventory_release(&img->inventory);
	free(img);
	return NULL;
}

const struct img_result *img_result_find(const struct img_image *img,
					 const struct pkg_cataloger *cataloger, const char *path)
{
	for (size_t i = 0; i < img->n_results; i++)
		if (img->results[i].cataloger == cataloger &&
		    strcmp(img->results[i].path, path) == 0)
			return &img->results[i];
	return NULL;
}

/* Moves the surviving results of blob `b` (read as layer `position`) into img->results. */
static int keep_survivors(struct img_image *img, struct img_blob *b, unsigned position, size_t *cap)
{
	BW_CLEANUP(bw_freep) struct img_node *n = malloc(sizeof(*n));

	if (!n)
		return -ENOMEM;
	for (size_t k = 0; k < b->n_results; k++) {
		struct img_blob_result *res = &b->results[k];
		int r = img_fs_lookup(img->fs, res->path, n);

		if (r < 0 || n->type != IMG_NODE_FILE || n->hardlink || n->layer != position)
			continue; /* replaced by a later layer, or whited out */
		if (res->error) {
			r = pkg_inventory_note(&img->inventory, res->cataloger->name, res->path,
					       position, res->error);
			if (r < 0)
				return r;
		}
		if (bw_grow((void **)&img->results, cap, img->n_results, sizeof(*img->results)) < 0)
			return -ENOMEM;
		struct img_result *out = &img->results[img->n_results];
		*out = (struct img_result){.cataloger = res->cataloger,
					   .path = strdup(res->path),
					   .layer = position,
					   .found = res->found};
		if (!out->path)
			return -ENOMEM;
		res->found = (struct pkg_found){0};
		img->n_results++;
	}
	return 0;
}

static int pkg_ptr_cmp(const void *a, const void *b)
{
	const struct pkg_package *x = *(const struct pkg_package *const *)a;
	const struct pkg_package *y = *(const struct pkg_package *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return strcmp(x->arch ? x->arch : "", y->arch ? y->arch : "");
}

/* The package's layer is the first layer from which it was there in the same version: walking
 * down from the surviving file, every earlier version of the same file (same cataloger and
 * path) that lists it moves it down; the first that does not (or the bottom) stops. Layers
 * that did not touch the file do not count (the file persisted through them). */
static int attribute_layers(struct img_image *img, struct img_blob *blobs, const size_t *order)
{
	for (size_t k = 0; k < img->n_results; k++) {
		struct img_result *res = &img->results[k];
		for (size_t i = 0; i < res->found.len; i++)
			res->found.pkgs[i].layer = res->layer;
		if (res->found.len == 0)
			continue;
		BW_CLEANUP(bw_freep) bool *open = calloc(res->found.len, sizeof(*open));
		if (!open)
			return -ENOMEM;
		for (size_t i = 0; i < res->found.len; i++)
			open[i] = true;
		for (unsigned q = res->layer; q-- > 0;) {
			struct img_blob *b = &blobs[order[q]];
			const struct img_blob_result *older = NULL;
			for (size_t j = 0; j < b->n_results && !older; j++)
				if (b->results[j].cataloger == res->cataloger &&
				    strcmp(b->results[j].path, res->path) == 0)
					older = &b->results[j];
			if (!older)
				continue;
			BW_CLEANUP(bw_freep)
			const struct pkg_package **idx = calloc(older->found.len + 1, sizeof(*idx));
			if (!idx)
				return -ENOMEM;
			for (size_t j = 0; j < older->found.len; j++)
				idx[j] = &older->found.pkgs[j];
			qsort(idx, older->found.len, sizeof(*idx), pkg_ptr_cmp);
			bool any = false;
			for (size_t i = 0; i < res->found.len; i++) {
				struct pkg_package *p = &res->found.pkgs[i];
				const struct pkg_package *key = p, **hit;
				if (!open[i])
					continue;
				hit = bsearch(&key, idx, older->found.len, sizeof(*idx),
					      pkg_ptr_cmp);
				if (hit && strcmp((*hit)->version, p->version) == 0) {
					p->layer = q;
					any = true;
				} else {
					open[i] = false;
				}
			}
			if (!any)
				break;
		}
	}
	return 0;
}

static int default_finish(struct pkg_inventory *inv, struct pkg_survivor *res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pkg_found *f = res[i].found;
		for (size_t k = 0; k < f->len; k++) {
			struct pkg_package *p = &f->pkgs[k];
			if (!p->path && !(p->path = strdup(res[i].path)))
				return -ENOMEM;
			int r = pkg_inventory_take(inv, p);
			if (r < 0)
				return r;
		}
		pkg_found_release(f);
	}
	return 0;
}

static int run_finish(struct img_image *img, const struct img_walk *w, struct bw_error *err)
{
	BW_CLEANUP(bw_freep)
	struct pkg_survivor *sv = calloc(img->n_results ? img->n_results : 1, sizeof(*sv));

	if (!sv)
		return -ENOMEM;
	for (size_t c = 0; c < w->n_cats; c++) {
		const struct pkg_cataloger *cat = w->cats[c];
		size_t n = 0;
		int r;

		for (size_t i = 0; i < img->n_results; i++)
			if (img->results[i].cataloger == cat)
				sv[n++] = (struct pkg_survivor){.path = img->results[i].path,
								.layer = img->results[i].layer,
								.found = &img->results[i].found};
		if (cat->finish) {
			struct bw_error ce = {0};
			r = cat->finish(&img->inventory, sv, n, &ce);
			if (r == -ENOMEM)
				return r;
			if (r < 0 && pkg_inventory_note(&img->inventory, cat->name,
							ce.path[0] ? ce.path : "", 0, ce.msg) < 0)
				return -ENOMEM;
		} else if ((r = default_finish(&img->inventory, sv, n)) < 0) {
			return r == -E2BIG ? bw_errorf(err, r, img->ref, 0, 0,
						       "image lists more than %u packages",
						       BW_MAX_PKG_PACKAGES)
					   : r;
		}
	}
	return pkg_inventory_finish(&img->inventory);
}

int img_finish(struct img_image *img, struct img_blob *blobs, size_t n_blobs, const size_t *order,
	       size_t n_layers, const struct img_walk *w, struct bw_error *err)
{
	size_t cap = 0;
	int r;

	if (!img->fs && !(img->fs = img_fs_new())) /* a seekable archive made it already */
		return -ENOMEM;
	img->n_layers = n_layers;
	for (size_t i = 0; i < n_layers; i++) {
		struct img_blob *b = &blobs[order[i]];
		struct img_layer *l = &img->layers[i];
		if (order[i] >= n_blobs)
			return -EINVAL;
		l->digest = strdup(b->digest);
		l->diff_id = strdup(b->diff_id);
		if (!l->digest || !l->diff_id)
			return -ENOMEM;
		l->compression = b->compression;
		l->size = b->size;
		l->entries = b->entries;
		for (size_t h = 0; h < img->config.n_history; h++)
			if (img->config.history[h].layer == (int)i)
				l->created_by = img->config.history[h].created_by;
		img->total_entries += b->entries;
		if ((r = img_fs_apply(img->fs, b, (unsigned)i, err)) < 0)
			return r;
		bool again = false; /* the same blob at a later position (a repeated layer) */
		for (size_t j = i + 1; j < n_layers; j++)
			again |= order[j] == order[i];
		if (!again)
			img_recs_release(&b->recs); /* applied: only its cataloger results remain */
	}
	for (size_t i = 0; i < n_layers; i++)
		if ((r = keep_survivors(img, &blobs[order[i]], (unsigned)i, &cap)) < 0)
			return r;
	if ((r = attribute_layers(img, blobs, order)) < 0)
		return r;
	return run_finish(img, w, err);
}

/* ---- sources ---- */

struct file_stream {
	int fd;
	char buf[256 * 1024];
	const char *name;
};

static ssize_t file_read(void *arg, const void **buf, struct bw_error *err)
{
	struct file_stream *s = arg;

	for (;;) {
		ssize_t n = read(s->fd, s->buf, sizeof(s->buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) { /* a non-blocking stdin */
			struct pollfd p = {.fd = s->fd, .events = POLLIN};
			(void)poll(&p, 1, -1);
			continue;
		}
		if (n < 0)
			return bw_errorf(err, -errno, s->name, 0, 0, "cannot read: %s",
					 strerror(errno));
		*buf = s->buf;
		return n;
	}
}

static int64_t file_seek(void *arg, int64_t off, int whence)
{
	struct file_stream *s = arg;
	off_t r = lseek(s->fd, (off_t)off, whence);

	return r < 0 ? -errno : (int64_t)r;
}

struct mem_stream {
	const char *data;
	size_t len, pos;
};

static ssize_t mem_read(void *arg, const void **buf, struct bw_error *err)
{
	struct mem_stream *s = arg;
	size_t n = s->pos < s->len ? s->len - s->pos : 0;

	(void)err;
	*buf = s->data + s->pos;
	s->pos += n;
	return (ssize_t)n;
}

static int64_t mem_seek(void *arg, int64_t off, int whence)
{
	struct mem_stream *s = arg;
	int64_t at = off + (whence == SEEK_CUR	 ? (int64_t)s->pos
			    : whence == SEEK_END ? (int64_t)s->len
						 : 0);

	if (at < 0)
		return -EINVAL;
	s->pos = (size_t)at;
	return at;
}

static int read_archive(struct img_stream *in, const struct img_options *o,
			const struct img_walk *w, struct img_image *img, struct bw_error *err)
{
	struct img_archive ar = {0};
	int r = img_archive_read(in, w, &ar, err);

	if (r == 0)
		r = img_archive_resolve(&ar, o, w, img, err);
	img_archive_release(&ar);
	return r;
}

/* A file is read in two passes (img_archive_read_seekable) unless it is compressed; "-"
 * (standard input) the same when it is a file, else as a stream. */
static int scan_file(const char *ref, const struct img_options *o, const struct img_walk *w,
		     struct img_image *img, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) struct file_stream *fs = calloc(1, sizeof(*fs));
	bool is_stdin = strcmp(ref, "-") == 0;
	BW_CLEANUP(bw_closep)
	int fd = is_stdin ? dup(STDIN_FILENO) : open(ref, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	int r;

	if (!fs)
		return -ENOMEM;
	if (fd < 0)
		return bw_errorf(err, -errno, ref, 0, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || (!is_stdin && !S_ISREG(st.st_mode)))
		return bw_errorf(err, -EINVAL, ref, 0, 0, "not a regular file");
	fs->fd = fd;
	fs->name = is_stdin ? "standard input" : ref;
	struct img_stream in = {.read = file_read, .arg = fs, .name = fs->name};
	if (!S_ISREG(st.st_mode))
		return read_archive(&in, o, w, img, err);
	in.seek = file_seek;
	r = img_archive_read_seekable(&in, o, w, img, err);
	if (r != -ESPIPE)
		return r;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return bw_errorf(err, -errno, ref, 0, 0, "cannot seek: %s", strerror(errno));
	in.seek = NULL;
	return read_archive(&in, o, w, img, err);
}

static int scan_dir(const char *ref, const struct img_options *o, const struct img_walk *w,
		    struct img_image *img, struct bw_error *err)
{
	struct img_blob *blobs = NULL;
	size_t n = 0, *order;
	int r = img_oci_dir_read(ref, o, w, img, &blobs, &n, err);

	if (r == 0) {
		order = calloc(n + 1, sizeof(*order));
		if (!order) {
			r = -ENOMEM;
		} else {
			for (size_t i = 0; i < n; i++)
				order[i] = i;
			r = img_finish(img, blobs, n, order, n, w, err);
			free(order);
		}
	}
	for (size_t i = 0; i < n; i++)
		img_blob_release(&blobs[i]);
	free(blobs);
	return r;
}

static int scan_daemon(const char *ref, const struct img_options *o, const struct img_walk *w,
		       struct img_image *img, struct bw_error *err)
{
	struct img_daemon *d = NULL;
	struct img_stream in;
	int r = img_daemon_open(ref, o ? o->docker_host : NULL, &d, &in, err);

	if (r == 0)
		r = read_archive(&in, o, w, img, err);
	img_daemon_close(d);
	return r;
}

/* Fills the walk with the built-in catalogers and the caller's extra ones. */
static int walk_init(struct img_walk *w, const struct pkg_cataloger **cats,
		     const struct img_options *o, uint64_t *total)
{
	size_t n = 0;

	for (size_t i = 0; i < pkg_catalogers_len && n < IMG_MAX_CATALOGERS; i++)
		cats[n++] = pkg_catalogers[i];
	for (size_t i = 0; o && i < o->n_extra; i++) {
		if (n >= IMG_MAX_CATALOGERS)
			return -E2BIG;
		cats[n++] = o->extra[i];
	}
	*w = (struct img_walk){
		.cats = cats, .n_cats = n, .total_entries = total, .progress = o && o->progress};
	return 0;
}

int img_scan(const char *ref, const struct img_options *o, struct img_image **ret_img,
	     struct bw_error *err)
{
	BW_CLEANUP(img_image_freep) struct img_image *img = calloc(1, sizeof(*img));
	const struct pkg_cataloger *cats[IMG_MAX_CATALOGERS];
	struct img_walk w;
	uint64_t total = 0;
	int r;

	if (!img || !(img->ref = strdup(ref)))
		return -ENOMEM;
	if ((r = walk_init(&w, cats, o, &total)) < 0)
		return r;
	img->kind = o && o->force_kind < IMG_SOURCE_COUNT ? o->force_kind : img_ref_kind(ref);
	switch (img->kind) {
	case IMG_SOURCE_ARCHIVE:
		r = scan_file(ref, o, &w, img, err);
		break;
	case IMG_SOURCE_OCI_DIR:
		r = scan_dir(ref, o, &w, img, err);
		break;
	case IMG_SOURCE_DAEMON:
		r = scan_daemon(ref, o, &w, img, err);
		break;
	case IMG_SOURCE_COUNT:
		r = -EINVAL;
		break;
	}
	if (r < 0)
		return r;
	*ret_img = BW_TAKE(img);
	return 0;
}

int img_layer_scan_mem(const void *data, size_t len, const struct pkg_cataloger *const *cats,
		       size_t n_cats, struct img_image **ret_img, struct bw_error *err)
{
	BW_CLEANUP(img_image_freep) struct img_image *img = calloc(1, sizeof(*img));
	struct mem_stream ms = {.data = data, .len = len};
	struct img_stream in = {.read = mem_read, .arg = &ms, .name = "layer"};
	uint64_t total = 0;
	struct img_walk w = {.cats = cats,
			     .n_cats = n_cats < IMG_MAX_CATALOGERS ? n_cats : IMG_MAX_CATALOGERS,
			     .total_entries = &total};
	struct img_blob b = {0};
	size_t order = 0;
	int r;

	if (!img || !(img->ref = strdup("layer")) ||
	    !(img->layers = calloc(1, sizeof(*img->layers))) || !(b.name = strdup("layer"))) {
		free(b.name);
		return -ENOMEM;
	}
	r = img_blob_read(&in, &w, &b, err);
	if (r == 0 && b.error_code)
		r = bw_errorf(err, b.error_code, "layer", 0, 0, "%s", b.error);
	if (r == 0)
		r = img_finish(img, &b, 1, &order, 1, &w, err);
	img_blob_release(&b);
	if (r < 0)
		return r;
	*ret_img = BW_TAKE(img);
	return 0;
}

int img_archive_scan_mem(const void *data, size_t len, bool seekable,
			 const struct pkg_cataloger *const *cats, size_t n_cats,
			 struct img_image **ret_img, struct bw_error *err)
{
	BW_CLEANUP(img_image_freep) struct img_image *img = calloc(1, sizeof(*img));
	struct mem_stream ms = {.data = data, .len = len};
	struct img_stream in = {.read = mem_read, .arg = &ms, .name = "archive"};
	uint64_t total = 0;
	struct img_walk w = {.cats = cats,
			     .n_cats = n_cats < IMG_MAX_CATALOGERS ? n_cats : IMG_MAX_CATALOGERS,
			     .total_entries = &total};
	int r = -ESPIPE;

	if (!img || !(img->ref = strdup("archive")))
		return -ENOMEM;
	if (seekable) {
		in.seek = mem_seek;
		r = img_archive_read_seekable(&in, NULL, &w, img, err);
	}
	if (r == -ESPIPE) { /* a stream, or compressed: one pass from the start */
		ms.pos = 0;
		in.seek = NULL;
		r = read_archive(&in, NULL, &w, img, err);
	}
	if (r < 0)
		return r;
	*ret_img = BW_TAKE(img);
	return 0;
}
