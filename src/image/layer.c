/* SPDX-License-Identifier: Apache-2.0 */
/* Reads one layer blob as a stream: stored bytes -> (sha256 = digest) -> libarchive filter
 * (none, gzip, zstd; detected by content) -> (sha256 = diff id) -> libarchive tar reader ->
 * entry records and cataloger taps. Nothing is written to disk; only wanted files are read. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/grow.h"
#include "util/banned.h"

struct img_sha {
	EVP_MD_CTX *ctx;
};

struct img_sha *img_sha_new(void)
{
	struct img_sha *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx || EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
		img_sha_free(s);
		return NULL;
	}
	return s;
}

void img_sha_update(struct img_sha *s, const void *p, size_t n)
{
	if (n)
		(void)EVP_DigestUpdate(s->ctx, p, n);
}

void img_sha_final(struct img_sha *s, char out[IMG_DIGEST_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	static const char hex[] = "0123456789abcdef";

	(void)EVP_DigestFinal_ex(s->ctx, md, &n);
	memcpy(out, "sha256:", 7);
	for (unsigned i = 0; i < n && i < 32; i++) {
		out[7 + 2 * i] = hex[md[i] >> 4];
		out[8 + 2 * i] = hex[md[i] & 15];
	}
	out[7 + 64] = '\0';
}

void img_sha_free(struct img_sha *s)
{
	if (!s)
		return;
	EVP_MD_CTX_free(s->ctx);
	free(s);
}

static void img_sha_freep(struct img_sha **s)
{
	img_sha_free(*s);
}

void img_sha_buf(const void *p, size_t n, char out[IMG_DIGEST_LEN])
{
	struct img_sha *s = img_sha_new();

	if (!s) {
		out[0] = '\0';
		return;
	}
	img_sha_update(s, p, n);
	img_sha_final(s, out);
	img_sha_free(s);
}

void img_blob_release(struct img_blob *b)
{
	for (size_t i = 0; i < b->n_results; i++) {
		struct img_blob_result *res = &b->results[i];
		pkg_found_release(&res->found);
		free(res->error);
		if (res->found.data && res->cataloger->free_data)
			res->cataloger->free_data(res->found.data);
	}
	free(b->results);
	img_recs_release(&b->recs);
	free(b->name);
	bw_arena_release(&b->arena);
	*b = (struct img_blob){0};
}

int img_path_normalise(const char *in, char *out, const char **ret_why)
{
	size_t o = 0, depth = 0;
	const char *p = in;

	if (*p == '/') {
		*ret_why = "absolute path";
		return -EINVAL;
	}
	while (*p) {
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* empty or "." component: skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			*ret_why = "'..' component (path escapes the image root)";
			return -EINVAL;
		} else {
			if (o + (o ? 1 : 0) + n > BW_MAX_IMG_PATH) {
				*ret_why = "path longer than PATH_MAX";
				return -EINVAL;
			}
			if (++depth > BW_MAX_IMG_PATH_DEPTH) {
				*ret_why = "path nested deeper than the limit";
				return -EINVAL;
			}
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p = *e ? e + 1 : e;
	}
	out[o] = '\0';
	return 0;
}

/* The reading pipeline of one blob. */
struct layer_read {
	struct img_stream *in;
	struct img_sha *sha_stored, *sha_tar;
	struct archive *filter; /* raw format + compression filters */
	uint64_t stored, tar;
	bool in_eof, filter_eof;
	bool uncompressed; /* stored bytes are the tar: one hash serves as digest and diff id */
	int in_error;	   /* the stream's own error, which ends everything */
	struct bw_error *err;
};

static la_ssize_t stored_read_cb(struct archive *a, void *arg, const void **buf)
{
	struct layer_read *lr = arg;
	ssize_t n;

	(void)a;
	if (lr->in_eof)
		return 0;
	n = lr->in->read(lr->in->arg, buf, lr->err);
	if (n < 0) {
		lr->in_error = (int)n;
		archive_set_error(a, EIO, "read error");
		return -1;
	}
	if (n == 0)
		lr->in_eof = true;
	img_sha_update(lr->sha_stored, *buf, (size_t)n);
	lr->stored += (uint64_t)n;
	return n;
}

static la_ssize_t tar_read_cb(struct archive *a, void *arg, const void **buf)
{
	struct layer_read *lr = arg;
	size_t size = 0;
	la_int64_t off;
	int r;

	if (lr->filter_eof)
		return 0;
	r = archive_read_data_block(lr->filter, buf, &size, &off);
	if (r == ARCHIVE_EOF) {
		lr->filter_eof = true;
		return 0;
	}
	if (r < ARCHIVE_WARN) {
		archive_set_error(a, archive_errno(lr->filter) ? archive_errno(lr->filter) : EIO,
				  "%s", archive_error_string(lr->filter));
		return -1;
	}
	if (!lr->uncompressed)
		img_sha_update(lr->sha_tar, *buf, size);
	lr->tar += size;
	if (lr->tar > BW_MAX_IMG_LAYER_BYTES) {
		archive_set_error(a, E2BIG, "layer decompresses to more than %llu GiB",
				  (unsigned long long)(BW_MAX_IMG_LAYER_BYTES >> 30));
		return -1;
	}
	return (la_ssize_t)size;
}

void img_archive_freep(struct archive **a)
{
	if (*a)
		(void)archive_read_free(*a);
}

static enum img_node_type node_type(mode_t ft)
{
	switch (ft) {
	case AE_IFDIR:
		return IMG_NODE_DIR;
	case AE_IFLNK:
		return IMG_NODE_SYMLINK;
	case AE_IFCHR:
		return IMG_NODE_CHAR;
	case AE_IFBLK:
		return IMG_NODE_BLOCK;
	case AE_IFIFO:
		return IMG_NODE_FIFO;
	default:
		return IMG_NODE_FILE;
	}
}

/* Sets blob->error (the first one wins) and returns -EINVAL to stop reading the tar. */
static int blob_fail(struct img_blob *b, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int blob_fail(struct img_blob *b, int code, const char *fmt, ...)
{
	va_list ap;

	if (!b->error_code) {
		b->error_code = code;
		va_start(ap, fmt);
		(void)vsnprintf(b->error, sizeof(b->error), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* Records a cataloger's failure on a file; img_finish makes it a note if the file survives. */
static int result_error(struct img_blob_result *res, const struct bw_error *ce)
{
	char msg[1200];

	bw_error_format(ce, msg, sizeof(msg));
	res->error = strdup(ce->msg[0] ? ce->msg : msg);
	return res->error ? 0 : -ENOMEM;
}

/* Reads the wanted file's contents once and hands them to the catalogers that asked: feed
 * catalogers block by block, parse catalogers the first `wants[c]` bytes in one buffer. */
static int tap_file(struct archive *tar, const struct img_walk *w, struct img_blob *b,
		    const struct pkg_file *f, const size_t *wants, size_t n_wants)
{
	BW_CLEANUP(bw_buf_release) struct bw_buf data = {0};
	char chunk[64 * 1024];
	void *states[IMG_MAX_CATALOGERS] = {0};
	size_t first = b->n_results, max_read = 0, max_buf = 0, got = 0;
	const char *kept = bw_arena_strdup(&b->arena, f->path); /* results outlive the entry */
	int r = 0;

	if (!kept)
		return -ENOMEM;
	for (size_t c = 0; c < n_wants; c++) {
		if (!wants[c])
			continue;
		max_read = wants[c] > max_read ? wants[c] : max_read;
		if (w->cats[c]->parse && wants[c] > max_buf)
			max_buf = wants[c];
		if ((r = bw_grow((void **)&b->results, &b->cap_results, b->n_results,
				 sizeof(*b->results))) < 0)
			return r;
		b->results[b->n_results++] =
			(struct img_blob_result){.cataloger = w->cats[c], .path = kept};
	}
	bw_buf_init(&data, max_buf + 1);
	while (got < max_read) {
		size_t want = max_read - got < sizeof(chunk) ? max_read - got : sizeof(chunk);
		la_ssize_t n = archive_read_data(tar, chunk, want);
		if (n <= 0)
			break; /* an error is seen again at the next header */
		for (size_t c = 0, k = first; c < n_wants; c++) {
			if (!wants[c])
				continue;
			struct img_blob_result *res = &b->results[k++];
			if (!w->cats[c]->feed || got >= wants[c] || res->error)
				continue;
			size_t take = (size_t)n < wants[c] - got ? (size_t)n : wants[c] - got;
			struct bw_error ce = {0};
			int e = w->cats[c]->feed(&states[c], f, chunk, take, false, &res->found,
						 &ce);
			if (e == -ENOMEM)
				r = e;
			else if (e < 0)
				r = result_error(res, &ce);
		}
		if (r == 0 && data.len < max_buf) {
			size_t take =
				max_buf - data.len < (size_t)n ? max_buf - data.len : (size_t)n;
			r = bw_buf_add(&data, chunk, take);
		}
		if (r < 0)
			break;
		got += (size_t)n;
	}
	for (size_t c = 0, k = first; c < n_wants; c++) {
		if (!wants[c])
			continue;
		const struct pkg_cataloger *cat = w->cats[c];
		struct img_blob_result *res = &b->results[k++];
		struct bw_error ce = {0};
		size_t len = data.len < wants[c] ? data.len : wants[c];
		int e = 0;

		if (cat->feed)
			e = cat->feed(&states[c], f, NULL, 0, true, &res->found, &ce);
		else if (r == 0)
			e = cat->parse(f, data.data ? data.data : "", len, f->size > wants[c],
				       &res->found, &ce);
		if (e == -ENOMEM && r == 0)
			r = e;
		else if (e < 0 && !res->error && r == 0)
			r = result_error(res, &ce);
	}
	return r;
}

/* Handles one tar entry: normalise, classify, record, tap. 0, -ENOMEM, or a blob error. */
static int one_entry(struct archive *tar, struct archive_entry *e, const struct img_walk *w,
		     struct img_blob *b)
{
	char norm[BW_MAX_IMG_PATH + 1], lnorm[BW_MAX_IMG_PATH + 1];
	const char *raw = archive_entry_pathname(e), *why = NULL, *base;
	struct img_rec rec = {0};
	int r;

	if (!raw)
		raw = archive_entry_pathname_utf8(e);
	if (!raw)
		return blob_fail(b, -EINVAL, "entry %llu has no readable path name",
				 (unsigned long long)b->entries);
	if (img_path_normalise(raw, norm, &why) < 0)
		return blob_fail(b, -EINVAL, "entry '%.200s': %s, refusing the layer", raw, why);
	if (++*w->total_entries > BW_MAX_IMG_ENTRIES)
		return blob_fail(b, -E2BIG,
				 "more than %u entries in the image's layers, refusing it",
				 BW_MAX_IMG_ENTRIES);
	b->entries++;
	if (archive_entry_size_is_set(e) && (uint64_t)archive_entry_size(e) > BW_MAX_IMG_ENTRY_SIZE)
		return blob_fail(b, -E2BIG,
				 "entry '%.200s' claims %lld bytes, past the %llu GiB limit", norm,
				 (long long)archive_entry_size(e),
				 (unsigned long long)(BW_MAX_IMG_ENTRY_SIZE >> 30));

	base = strrchr(norm, '/');
	base = base ? base + 1 : norm;
	/* aufs bookkeeping (.wh..wh.plnk/, .wh..wh.aufs) anywhere in the path: not content */
	if ((strncmp(norm, ".wh..wh.", 8) == 0 || strstr(norm, "/.wh..wh.")) &&
	    strcmp(base, ".wh..wh..opq") != 0)
		return 0;
	if (strncmp(base, ".wh.", 4) == 0) {
		size_t dl = (size_t)(base - norm) ? (size_t)(base - norm) - 1 : 0;
		if (strcmp(base, ".wh..wh..opq") == 0) {
			rec.kind = IMG_REC_OPAQUE;
			norm[dl] = '\0';
		} else if (strncmp(base, ".wh..wh.", 8) == 0) {
			return 0; /* aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not content */
		} else {
			const char *name = base + 4;
			if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
				return blob_fail(b, -EINVAL, "whiteout '%.200s' names no file",
						 norm);
			rec.kind = IMG_REC_WHITEOUT;
			memmove((char *)base, name, strlen(name) + 1);
		}
		rec.path = norm;
		goto add;
	}

	rec.kind = IMG_REC_ENTRY;
	rec.type = node_type(archive_entry_filetype(e));
	rec.mode = (unsigned)archive_entry_perm(e) | ((unsigned)archive_entry_mode(e) & 07000);
	rec.uid = (unsigned)archive_entry_uid(e);
	rec.gid = (unsigned)archive_entry_gid(e);
	rec.size = archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : 0;
	rec.mtime = archive_entry_mtime(e);
	rec.path = norm;
	const char *hl = archive_entry_hardlink(e);
	if (hl) {
		if (img_path_normalise(hl, lnorm, &why) < 0)
			return blob_fail(b, -EINVAL, "hard link '%.200s' -> '%.200s': %s", norm, hl,
					 why);
		rec.hardlink = true;
		rec.type = IMG_NODE_FILE;
		rec.size = 0;
		rec.link = lnorm;
	} else if (rec.type == IMG_NODE_SYMLINK) {
		const char *sl = archive_entry_symlink(e);
		if (!sl)
			sl = archive_entry_symlink_utf8(e);
		if (!sl)
			sl = "";
		if (strlen(sl) > BW_MAX_IMG_PATH)
			return blob_fail(b, -EINVAL,
					 "symlink '%.200s' has a target longer than "
					 "PATH_MAX",
					 norm);
		rec.link = sl;
	}

	if (rec.type == IMG_NODE_FILE && !rec.hardlink && w->n_cats) {
		size_t wants[IMG_MAX_CATALOGERS] = {0}, n = 0;
		bool any = false;
		struct pkg_file f = {.path = rec.path,
				     .mode = (unsigned)archive_entry_mode(e),
				     .size = rec.size,
				     .layer = w->ordinal};
		for (; n < w->n_cats && n < IMG_MAX_CATALOGERS; n++) {
			wants[n] = w->cats[n]->want(rec.path, f.mode, rec.size);
			/* only whole-file readers are capped: a streaming cataloger keeps
			 * bounded state and may need the end of a big file (Go build info) */
			if (w->cats[n]->parse && wants[n] > BW_MAX_PKG_FILE)
				wants[n] = BW_MAX_PKG_FILE;
			any |= wants[n] != 0;
		}
		if (any && (r = tap_file(tar, w, b, &f, wants, n)) < 0)
			return r;
	}
add:
	if (!w->fs)
		return img_recs_add(&b->recs, &rec);
	r = img_fs_add(w->fs, &rec, w->ordinal);
	if (r == -E2BIG)
		return blob_fail(b, r, "image has more than %u files, refusing it",
				 BW_MAX_IMG_ENTRIES);
	return r;
}

static const char *filter_name(int code)
{
	switch (code) {
	case ARCHIVE_FILTER_NONE:
		return "none";
	case ARCHIVE_FILTER_GZIP:
		return "gzip";
	case ARCHIVE_FILTER_ZSTD:
		return "zstd";
	default:
		return NULL;
	}
}

int img_blob_read(struct img_stream *in, const struct img_walk *w, struct img_blob *b,
		  struct bw_error *err)
{
	BW_CLEANUP(img_sha_freep) struct img_sha *sha_stored = img_sha_new();
	BW_CLEANUP(img_sha_freep) struct img_sha *sha_tar = img_sha_new();
	BW_CLEANUP(img_archive_freep) struct archive *filter = archive_read_new();
	BW_CLEANUP(img_archive_freep) struct archive *tar = archive_read_new();
	struct layer_read lr = {.in = in, .err = err};
	struct archive_entry *e;
	int r;

	if (!sha_stored || !sha_tar || !filter || !tar)
		return -ENOMEM;
	bw_arena_init(&b->arena, 0);
	b->compression = "none";
	lr.sha_stored = sha_stored;
	lr.sha_tar = sha_tar;
	lr.filter = filter;

	/* Stage 1: stored bytes to tar bytes. */
	(void)archive_read_support_filter_all(filter);
	(void)archive_read_support_format_raw(filter);
	r = archive_read_open(filter, &lr, NULL, stored_read_cb, NULL);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(filter, &e);
	if (lr.in_error)
		return lr.in_error;
	if (r != ARCHIVE_OK) {
		(void)blob_fail(b, -EINVAL, "cannot read layer: %s",
				archive_error_string(filter) ? archive_error_string(filter)
							     : "empty blob");
		lr.filter_eof = true;
	} else {
		const char *fname = filter_name(archive_filter_code(filter, 0));
		if (!fname) {
			(void)blob_fail(b, -EINVAL,
					"layer is compressed with %s; image layers are "
					"uncompressed, gzip or zstd",
					archive_filter_name(filter, 0));
			lr.filter_eof = true;
		} else {
			b->compression = fname;
			lr.uncompressed = archive_filter_code(filter, 0) == ARCHIVE_FILTER_NONE;
		}
	}

	/* Stage 2: the tar. */
	if (!b->error_code) {
		(void)archive_read_support_format_tar(tar);
		r = archive_read_open(tar, &lr, NULL, tar_read_cb, NULL);
		while (r == ARCHIVE_OK) {
			r = archive_read_next_header(tar, &e);
			if (r == ARCHIVE_EOF)
				break;
			if (r < ARCHIVE_WARN) {
				if (lr.in_error)
					return lr.in_error;
				(void)blob_fail(b, archive_errno(tar) == E2BIG ? -E2BIG : -EINVAL,
						"cannot read layer tar after entry %llu: %s",
						(unsigned long long)b->entries,
						archive_error_string(tar));
				break;
			}
			int er = one_entry(tar, e, w, b);
			if (er == -ENOMEM)
				return er;
			if (er < 0)
				break;
			r = ARCHIVE_OK;
		}
	}
	if (lr.in_error)
		return lr.in_error;

	/* Drain what the tar reader left (end-of-archive padding, or everything after an error)
	 * so that both hashes cover every byte. */
	while (!lr.filter_eof) {
		const void *buf;
		la_ssize_t n = tar_read_cb(tar, &lr, &buf);
		if (n <= 0)
			break;
	}
	while (!lr.in_eof) {
		const void *buf;
		ssize_t n = in->read(in->arg, &buf, err);
		if (n < 0)
			return (int)n;
		if (n == 0)
			break;
		img_sha_update(sha_stored, buf, (size_t)n);
		lr.stored += (uint64_t)n;
	}
	img_sha_final(sha_stored, b->digest);
	if (lr.uncompressed)
		memcpy(b->diff_id, b->digest, sizeof(b->diff_id));
	else
		img_sha_final(sha_tar, b->diff_id);
	b->size = lr.stored;
	b->tar_bytes = lr.tar;
	return 0;
}
