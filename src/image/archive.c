/* SPDX-License-Identifier: Apache-2.0 */
/* Image archives: docker save (legacy manifest.json + <id>/layer.tar, or the OCI layout
 * Docker >= 25 writes inside), and OCI archives (index.json + blobs/). A stream is read in one
 * pass, in archive order: layers are recognised by content as they pass and read at once,
 * their entries kept until manifests and configs (kept, bounded) give the layer order at the
 * end. A seekable file is read in two: the outer headers first, then each layer in order. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/grow.h"
#include "util/str.h"
#include "util/banned.h"

/* JSON documents kept from one archive, all together: manifests and configs are small. */
#define IMG_MAX_ARCHIVE_JSON (64u * 1024u * 1024u)

void img_archive_release(struct img_archive *ar)
{
	for (size_t i = 0; i < ar->n_blobs; i++)
		img_blob_release(&ar->blobs[i]);
	free(ar->blobs);
	for (size_t i = 0; i < ar->n_jsons; i++) {
		free(ar->jsons[i].name);
		free(ar->jsons[i].data);
	}
	free(ar->jsons);
	for (size_t i = 0; i < ar->n_alias; i++) {
		free(ar->alias_from[i]);
		free(ar->alias_to[i]);
	}
	free(ar->alias_from);
	free(ar->alias_to);
	*ar = (struct img_archive){0};
}

/* The outer archive, read through the caller's stream. */
struct outer {
	struct img_stream *in;
	struct bw_error *err;
	int in_error;
	int64_t size; /* of a seekable stream */
};

/* Seeks over data the tar reader skips. 0 (nothing skipped) makes it read instead, which is
 * what it must do at the end of a truncated archive to see that it is. */
static la_int64_t outer_skip_cb(struct archive *a, void *arg, la_int64_t n)
{
	struct outer *o = arg;
	int64_t at = o->in->seek(o->in->arg, n, SEEK_CUR);

	(void)a;
	if (at >= 0 && at <= o->size)
		return n;
	if (at >= 0)
		(void)o->in->seek(o->in->arg, -n, SEEK_CUR);
	return 0;
}

static la_ssize_t outer_read_cb(struct archive *a, void *arg, const void **buf)
{
	struct outer *o = arg;
	ssize_t n = o->in->read(o->in->arg, buf, o->err);

	if (n < 0) {
		o->in_error = (int)n;
		archive_set_error(a, EIO, "read error");
		return -1;
	}
	return n;
}

/* One entry's data as a stream: first the peeked bytes, then the rest. archive_read_data
 * (not _data_block) throughout: it keeps the tail of a block between calls, which a later
 * archive_read_data_block would skip. */
struct entry_stream {
	struct archive *a;
	const char *peek;
	size_t peek_len;
	bool peeked;
	struct outer *outer;
	char buf[256 * 1024];
};

static ssize_t entry_read(void *arg, const void **buf, struct bw_error *err)
{
	struct entry_stream *s = arg;
	la_ssize_t n;

	if (!s->peeked) {
		s->peeked = true;
		if (s->peek_len) {
			*buf = s->peek;
			return (ssize_t)s->peek_len;
		}
	}
	n = archive_read_data(s->a, s->buf, sizeof(s->buf));
	if (n < 0) {
		if (s->outer->in_error)
			return s->outer->in_error;
		return bw_errorf(err, -EINVAL, s->outer->in->name, 0, 0,
				 "cannot read the image archive: %s", archive_error_string(s->a));
	}
	*buf = s->buf;
	return (ssize_t)n;
}

/* Reads up to n bytes of the current entry into buf; returns the count or -errno. */
static ssize_t read_exact(struct archive *a, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		la_ssize_t r = archive_read_data(a, buf + got, n - got);
		if (r < 0)
			return -EINVAL;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static bool looks_like_layer(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return true; /* gzip */
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return true; /* zstd */
	if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0)
		return true; /* POSIX / GNU tar */
	if (n == 512) {	     /* an empty tar: end-of-archive blocks only */
		for (size_t i = 0; i < n; i++)
			if (p[i])
				return false;
		return true;
	}
	return false;
}

/* Reads the current entry `e` of `a`, a layer blob whose first bytes are in peek. */
static int layer_read(struct archive *a, struct archive_entry *e, struct outer *o, const char *name,
		      const char *peek, size_t peek_len, const struct img_walk *w,
		      struct img_blob *b, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) struct entry_stream *es = malloc(sizeof(*es));
	struct img_stream s = {.read = entry_read, .name = name};

	if (!es)
		return -ENOMEM;
	*es = (struct entry_stream){.a = a, .peek = peek, .peek_len = peek_len, .outer = o};
	s.arg = es;
	if (w->progress)
		fprintf(stderr, "bulwark: reading layer '%s' (%lld bytes)\n", name,
			(long long)archive_entry_size(e));
	return img_blob_read(&s, w, b, err);
}

/* Joins the directory of `from` with `target`, resolving "." and ".."; -EINVAL if it would
 * leave the archive. */
static int alias_target(const char *from, const char *target, char **ret)
{
	char joined[2 * BW_MAX_IMG_PATH + 2], out[BW_MAX_IMG_PATH + 1];
	const char *slash = strrchr(from, '/');
	size_t o = 0;

	if (target[0] == '/')
		return -EINVAL;
	(void)snprintf(joined, sizeof(joined), "%.*s%s%s", slash ? (int)(slash - from) : 0, from,
		       slash ? "/" : "", target);
	for (char *save = NULL, *c = strtok_r(joined, "/", &save); c;
	     c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			if (o == 0)
				return -EINVAL;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		size_t n = strlen(c);
		if (o + n + 1 > BW_MAX_IMG_PATH)
			return -EINVAL;
		if (o)
			out[o++] = '/';
		memcpy(out + o, c, n);
		o += n;
	}
	out[o] = '\0';
	*ret = strdup(out);
	return *ret ? 0 : -ENOMEM;
}

int img_archive_read(struct img_stream *in, const struct img_walk *w, struct img_archive *ar,
		     struct bw_error *err)
{
	BW_CLEANUP(img_archive_freep) struct archive *a = archive_read_new();
	struct outer o = {.in = in, .err = err};
	struct archive_entry *e;
	unsigned long entries = 0;
	int r;

	if (!a)
		return -ENOMEM;
	if (in->seek &&
	    ((o.size = in->seek(in->arg, 0, SEEK_END)) < 0 || in->seek(in->arg, 0, SEEK_SET) < 0))
		return -ESPIPE; /* cannot seek after all: the caller streams it */
	(void)archive_read_support_filter_gzip(a);
	(void)archive_read_support_filter_zstd(a);
	(void)archive_read_support_format_tar(a);
	r = archive_read_open2(a, &o, NULL, outer_read_cb, in->seek ? outer_skip_cb : NULL, NULL);
	while (r == ARCHIVE_OK) {
		char name[BW_MAX_IMG_PATH + 1];
		const char *raw, *why;

		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			return 0;
		if (o.in_error)
			return o.in_error;
		if (r < ARCHIVE_WARN)
			return bw_errorf(err, -EINVAL, in->name, 0, 0,
					 "cannot read the image archive after %lu entries: %s",
					 entries, archive_error_string(a));
		r = ARCHIVE_OK;
		if (ar->index_only && archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE)
			return -ESPIPE; /* compressed: no seeking to the layers */
		if (++entries > BW_MAX_IMG_ARCHIVE_ENTRIES)
			return bw_errorf(err, -E2BIG, in->name, 0, 0,
					 "image archive has more than %u entries, refusing it",
					 BW_MAX_IMG_ARCHIVE_ENTRIES);
		raw = archive_entry_pathname(e);
		if (!raw || img_path_normalise(raw, name, &why) < 0)
			return bw_errorf(err, -EINVAL, in->name, 0, 0,
					 "image archive entry '%.200s': %s, refusing it",
					 raw ? raw : "?", raw ? why : "no name");
		if (archive_entry_filetype(e) == AE_IFLNK || archive_entry_hardlink(e)) {
			/* legacy docker save links a repeated layer.tar to the first copy */
			const char *t = archive_entry_hardlink(e);
			char *to = NULL, *from = strdup(name);
			int ar_r;
			if (t) {
				char tn[BW_MAX_IMG_PATH + 1];
				ar_r = img_path_normalise(t, tn, &why) < 0 ? -EINVAL : 0;
				if (ar_r == 0 && !(to = strdup(tn)))
					ar_r = -ENOMEM;
			} else {
				t = archive_entry_symlink(e);
				ar_r = t ? alias_target(name, t, &to) : -EINVAL;
			}
			if (!from || ar_r == -ENOMEM ||
			    bw_grow((void **)&ar->alias_from, &ar->cap_alias, ar->n_alias,
				    sizeof(char *)) < 0) {
				free(from);
				free(to);
				return -ENOMEM;
			}
			if (ar_r < 0) { /* a link out of the archive: nothing can use it */
				free(from);
				continue;
			}
			size_t cap = ar->cap_alias;
			char **nt = realloc(ar->alias_to, cap * sizeof(char *));
			if (!nt) {
				free(from);
				free(to);
				return -ENOMEM;
			}
			ar->alias_to = nt;
			ar->alias_from[ar->n_alias] = from;
			ar->alias_to[ar->n_alias++] = to;
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;

		char peek[512];
		ssize_t pn = read_exact(a, peek, sizeof(peek));
		if (pn < 0) {
			if (o.in_error)
				return o.in_error;
			return bw_errorf(err, -EINVAL, in->name, 0, 0,
					 "cannot read archive entry '%s': %s", name,
					 archive_error_string(a));
		}
		if (looks_like_layer((const unsigned char *)peek, (size_t)pn)) {
			struct img_walk lw = *w;
			struct img_blob *b;

			if (ar->n_blobs >= BW_MAX_IMG_LAYERS * 2)
				return bw_errorf(err, -E2BIG, in->name, 0, 0,
						 "image archive holds more than %u layers",
						 BW_MAX_IMG_LAYERS * 2);
			if (bw_grow((void **)&ar->blobs, &ar->cap_blobs, ar->n_blobs,
				    sizeof(*ar->blobs)) < 0)
				return -ENOMEM;
			b = &ar->blobs[ar->n_blobs++];
			*b = (struct img_blob){.name = strdup(name),
					       .offset = (uint64_t)archive_read_header_position(a)};
			if (!b->name)
				return -ENOMEM;
			if (ar->index_only)
				continue; /* read later, in layer order */
			lw.ordinal = (unsigned)(ar->n_blobs - 1);
			if ((r = layer_read(a, e, &o, name, peek, (size_t)pn, &lw, b, err)) < 0)
				return r;
			r = ARCHIVE_OK;
			continue;
		}
		if (archive_entry_size_is_set(e) &&
		    archive_entry_size(e) > (la_int64_t)BW_MAX_IMG_JSON)
			continue; /* not a layer, too big to be a manifest: nothing we read */
		/* a JSON document (manifest, index, config) or something small we may need */
		BW_CLEANUP(bw_buf_release) struct bw_buf t = {0};
		bw_buf_init(&t, BW_MAX_IMG_JSON);
		if (bw_buf_add(&t, peek, (size_t)pn) < 0)
			return -ENOMEM;
		for (;;) {
			char chunk[16384];
			ssize_t n = read_exact(a, chunk, sizeof(chunk));
			if (n < 0) {
				if (o.in_error)
					return o.in_error;
				return bw_errorf(err, -EINVAL, in->name, 0, 0,
						 "cannot read archive entry '%s': %s", name,
						 archive_error_string(a));
			}
			if (n == 0)
				break;
			if ((r = bw_buf_add(&t, chunk, (size_t)n)) < 0)
				break;
		}
		if (r == -ENOMEM)
			return r;
		if (r < 0) { /* past BW_MAX_IMG_JSON: not a document we read */
			r = ARCHIVE_OK;
			continue;
		}
		if (t.len == 0)
			continue;
		ar->json_bytes += t.len;
		if (ar->json_bytes > IMG_MAX_ARCHIVE_JSON)
			return bw_errorf(err, -E2BIG, in->name, 0, 0,
					 "image archive holds more than %u MiB of metadata",
					 IMG_MAX_ARCHIVE_JSON >> 20);
		if (bw_grow((void **)&ar->jsons, &ar->cap_jsons, ar->n_jsons, sizeof(*ar->jsons)) <
		    0)
			return -ENOMEM;
		struct img_json_blob *jb = &ar->jsons[ar->n_jsons++];
		size_t tlen = t.len;
		*jb = (struct img_json_blob){
			.name = strdup(name), .data = bw_buf_steal(&t), .len = tlen};
		if (!jb->name || !jb->data)
			return -ENOMEM;
		img_sha_buf(jb->data, jb->len, jb->digest);
	}
	if (o.in_error)
		return o.in_error;
	return bw_errorf(err, -EINVAL, in->name, 0, 0, "cannot read the image archive: %s",
			 archive_error_string(a));
}

/* Follows archive links (at most a few hops) from name to the entry that holds the data. */
static const char *alias_resolve(const struct img_archive *ar, const char *name)
{
	for (int hop = 0; hop < 8; hop++) {
		size_t i;
		for (i = 0; i < ar->n_alias; i++)
			if (strcmp(ar->alias_from[i], name) == 0)
				break;
		if (i == ar->n_alias)
			return name;
		name = ar->alias_to[i];
	}
	return name;
}

static struct img_json_blob *json_find(struct img_archive *ar, const char *name)
{
	name = alias_resolve(ar, name);
	for (size_t i = 0; i < ar->n_jsons; i++)
		if (strcmp(ar->jsons[i].name, name) == 0)
			return &ar->jsons[i];
	return NULL;
}

static ssize_t blob_find(struct img_archive *ar, const char *name)
{
	name = alias_resolve(ar, name);
	for (size_t i = 0; i < ar->n_blobs; i++)
		if (strcmp(ar->blobs[i].name, name) == 0)
			return (ssize_t)i;
	return -1;
}

/* The digest a name like "blobs/sha256/<hex>" or "<hex>.json" promises, or "" when none. */
static void name_digest(const char *name, char out[IMG_DIGEST_LEN])
{
	const char *base = strrchr(name, '/');
	char hex[65] = "";

	base = base ? base + 1 : name;
	if (strlen(base) >= 64 && (strlen(base) == 64 || strcmp(base + 64, ".json") == 0) &&
	    (bw_str_startswith(name, "blobs/sha256/") || strchr(name, '/') == NULL)) {
		memcpy(hex, base, 64);
		hex[64] = '\0';
	}
	(void)snprintf(out, IMG_DIGEST_LEN, "sha256:%s", hex);
	if (!img_digest_valid(out))
		out[0] = '\0';
}

static int arch_get(void *arg, const char *digest, const char **data, size_t *len,
		    struct bw_error *err)
{
	struct img_archive *ar = arg;
	char name[128];
	struct img_json_blob *jb;

	if (!img_digest_valid(digest))
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "digest '%.100s' is not sha256", digest);
	(void)snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	jb = json_find(ar, name);
	if (!jb)
		return bw_errorf(err, -EINVAL, NULL, 0, 0,
				 "the archive does not hold blob %s that the image names", digest);
	if (img_digest_check(name, jb->digest, digest, err) < 0)
		return -EBADMSG;
	*data = jb->data;
	*len = jb->len;
	return 0;
}

/* Checks layer `i` of the image, read from blob `b`: digest (when known) and diff id. */
static int check_layer(const char *ref, size_t i, size_t n, const struct img_blob *b,
		       const char *want_digest, const char *want_diff_id, struct bw_error *err)
{
	char what[600];
	int r = 0;

	(void)snprintf(what, sizeof(what), "layer %zu/%zu ('%s') of '%s'", i + 1, n, b->name, ref);
	if (want_digest && *want_digest)
		r = img_digest_check(what, b->digest, want_digest, err);
	if (r == 0)
		r = img_digest_check(what, b->diff_id, want_diff_id, err);
	if (r == 0 && b->error_code)
		r = bw_errorf(err, b->error_code, NULL, 0, 0, "%s: %s", what, b->error);
	return r;
}

/* Where layer i comes from: the blob read (or located) for it, and the digest its name or
 * descriptor promises ("" when none). */
struct layer_plan {
	size_t blob;
	char digest[IMG_DIGEST_LEN];
};

static int resolve_manifest_json(struct img_archive *ar, struct img_json_blob *mj,
				 struct img_image *img, struct layer_plan **ret_plan,
				 struct bw_error *err)
{
	json_error_t je;
	BW_CLEANUP(json_decrefp) json_t *root = json_loadb(mj->data, mj->len, 0, &je);
	json_t *m, *layers, *tags, *v;
	const char *cfg_name;
	struct img_json_blob *cj;
	char want[IMG_DIGEST_LEN];
	struct layer_plan *plan;
	size_t i;
	int r;

	if (!root || !json_is_array(root) || json_array_size(root) == 0)
		return bw_errorf(err, -EINVAL, "manifest.json", je.line, je.column,
				 "manifest.json is not a non-empty JSON array");
	m = json_array_get(root, 0); /* the first image; `docker save a b` writes several */
	cfg_name = json_string_value(json_object_get(m, "Config"));
	layers = json_object_get(m, "Layers");
	if (!cfg_name || !json_is_array(layers))
		return bw_errorf(err, -EINVAL, "manifest.json", 0, 0,
				 "manifest.json entry has no Config or Layers");
	cj = json_find(ar, cfg_name);
	if (!cj)
		return bw_errorf(err, -EINVAL, "manifest.json", 0, 0,
				 "config '%.200s' named by manifest.json is not in the archive",
				 cfg_name);
	name_digest(cfg_name, want);
	if (*want && (r = img_digest_check("the image config", cj->digest, want, err)) < 0)
		return r;
	if ((r = img_config_parse(cj->data, cj->len, &img->config, err)) < 0)
		return r;
	if (!(img->id = strdup(cj->digest)))
		return -ENOMEM;
	tags = json_object_get(m, "RepoTags");
	if (json_is_array(tags) && json_array_size(tags)) {
		img->repo_tags = calloc(json_array_size(tags), sizeof(char *));
		if (!img->repo_tags)
			return -ENOMEM;
		json_array_foreach(tags, i, v)
		{
			if (json_is_string(v) &&
			    !(img->repo_tags[img->n_repo_tags++] = strdup(json_string_value(v))))
				return -ENOMEM;
		}
	}
	if (json_array_size(layers) != img->config.n_diff_ids)
		return bw_errorf(err, -EINVAL, "manifest.json", 0, 0,
				 "manifest.json lists %zu layers but the config %zu diff ids",
				 json_array_size(layers), img->config.n_diff_ids);
	plan = calloc(json_array_size(layers) + 1, sizeof(*plan));
	img->layers = calloc(json_array_size(layers) + 1, sizeof(*img->layers));
	if (!plan || !img->layers) {
		free(plan);
		return -ENOMEM;
	}
	json_array_foreach(layers, i, v)
	{
		const char *ln = json_string_value(v);
		ssize_t bi = ln ? blob_find(ar, ln) : -1;
		if (bi < 0) {
			free(plan);
			return bw_errorf(
				err, -EINVAL, "manifest.json", 0, 0,
				"layer '%.200s' named by manifest.json is not in the archive "
				"(or is not a tar)",
				ln ? ln : "?");
		}
		plan[i].blob = (size_t)bi;
		name_digest(ln, plan[i].digest);
	}
	*ret_plan = plan;
	return 0;
}

static int resolve_index_json(struct img_archive *ar, struct img_json_blob *ij,
			      const struct img_options *o, struct img_image *img,
			      struct layer_plan **ret_plan, struct bw_error *err)
{
	struct img_blob_store st = {.get = arch_get, .arg = ar};
	struct img_manifest m = {0};
	const char *cdata;
	size_t clen;
	struct layer_plan *plan = NULL;
	int r = img_oci_select(&st, ij->data, ij->len, o, &m, err);

	if (r == 0)
		r = arch_get(ar, m.config.digest, &cdata, &clen, err);
	if (r == 0)
		r = img_config_parse(cdata, clen, &img->config, err);
	if (r == 0 && m.n_layers != img->config.n_diff_ids)
		r = bw_errorf(err, -EINVAL, "index.json", 0, 0,
			      "manifest lists %zu layers but the config %zu diff ids", m.n_layers,
			      img->config.n_diff_ids);
	if (r == 0 &&
	    (!(img->id = strdup(m.config.digest)) || !(img->manifest_digest = strdup(m.digest))))
		r = -ENOMEM;
	if (r == 0 && m.ref_name) {
		img->repo_tags = calloc(1, sizeof(char *));
		if (!img->repo_tags || !(img->repo_tags[0] = strdup(m.ref_name)))
			r = -ENOMEM;
		else
			img->n_repo_tags = 1;
	}
	if (r == 0) {
		plan = calloc(m.n_layers + 1, sizeof(*plan));
		img->layers = calloc(m.n_layers + 1, sizeof(*img->layers));
		if (!plan || !img->layers)
			r = -ENOMEM;
		else
			img->n_layers = m.n_layers; /* img_image_free frees what is set */
	}
	for (size_t i = 0; r == 0 && i < m.n_layers; i++) {
		char name[128];
		(void)snprintf(name, sizeof(name), "blobs/sha256/%s", m.layers[i].digest + 7);
		ssize_t bi = blob_find(ar, name);
		if (bi < 0) {
			r = bw_errorf(err, -EINVAL, "index.json", 0, 0,
				      "layer %s named by the manifest is not in the archive",
				      m.layers[i].digest);
			break;
		}
		plan[i].blob = (size_t)bi;
		memcpy(plan[i].digest, m.layers[i].digest, strlen(m.layers[i].digest) + 1);
		if (m.layers[i].media_type &&
		    !(img->layers[i].media_type = strdup(m.layers[i].media_type)))
			r = -ENOMEM;
	}
	img_manifest_release(&m);
	if (r < 0) {
		free(plan);
		return r;
	}
	*ret_plan = plan;
	return 0;
}

/* The image's layers and where they come from (manifest.json, else index.json). */
static int resolve_plan(struct img_archive *ar, const struct img_options *o, struct img_image *img,
			struct layer_plan **ret_plan, struct bw_error *err)
{
	struct img_json_blob *mj = json_find(ar, "manifest.json");
	struct img_json_blob *ij = json_find(ar, "index.json");

	if (mj)
		return resolve_manifest_json(ar, mj, img, ret_plan, err);
	if (ij)
		return resolve_index_json(ar, ij, o, img, ret_plan, err);
	return bw_errorf(err, -EINVAL, img->ref, 0, 0,
			 "not an image archive: no manifest.json (docker save) or "
			 "index.json (OCI) in it");
}

int img_archive_resolve(struct img_archive *ar, const struct img_options *o,
			const struct img_walk *w, struct img_image *img, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) struct layer_plan *plan = NULL;
	BW_CLEANUP(bw_freep) size_t *order = NULL;
	size_t n;
	int r = resolve_plan(ar, o, img, &plan, err);

	if (r < 0)
		return r;
	n = img->config.n_diff_ids;
	if (!(order = calloc(n + 1, sizeof(*order))))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		order[i] = plan[i].blob;
		r = check_layer(img->ref, i, n, &ar->blobs[order[i]], plan[i].digest,
				img->config.diff_ids[i], err);
		if (r < 0)
			return r;
	}
	return img_finish(img, ar->blobs, ar->n_blobs, order, n, w, err);
}

/* Reads into b the layer whose outer entry starts at where->offset. */
static int layer_read_at(struct img_stream *in, const struct img_blob *where,
			 const struct img_walk *w, struct img_blob *b, struct bw_error *err)
{
	BW_CLEANUP(img_archive_freep) struct archive *a = archive_read_new();
	struct outer o = {.in = in, .err = err};
	struct archive_entry *e;
	char name[BW_MAX_IMG_PATH + 1];
	const char *raw, *why;
	int64_t at;
	int r;

	if (!a || !(b->name = strdup(where->name)))
		return -ENOMEM;
	(void)archive_read_support_format_tar(a);
	if ((at = in->seek(in->arg, (int64_t)where->offset, SEEK_SET)) < 0)
		return bw_errorf(err, (int)at, in->name, 0, 0, "cannot seek to layer '%s': %s",
				 where->name, strerror(-(int)at));
	r = archive_read_open2(a, &o, NULL, outer_read_cb, NULL, NULL);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(a, &e);
	if (o.in_error)
		return o.in_error;
	if (r < ARCHIVE_WARN)
		return bw_errorf(err, -EINVAL, in->name, 0, 0, "cannot read layer '%s': %s",
				 where->name, archive_error_string(a));
	raw = archive_entry_pathname(e);
	if (!raw || img_path_normalise(raw, name, &why) < 0 || strcmp(name, where->name) != 0)
		return bw_errorf(err, -EINVAL, in->name, 0, 0,
				 "layer '%s' is no longer where it was: the file changed while "
				 "it was read",
				 where->name);
	return layer_read(a, e, &o, name, NULL, 0, w, b, err);
}

int img_archive_read_seekable(struct img_stream *in, const struct img_options *o,
			      const struct img_walk *w, struct img_image *img, struct bw_error *err)
{
	BW_CLEANUP(img_archive_release) struct img_archive ar = {.index_only = true};
	BW_CLEANUP(bw_freep) struct layer_plan *plan = NULL;
	BW_CLEANUP(bw_freep) size_t *order = NULL;
	struct img_blob *blobs = NULL;
	size_t n = 0;
	int r = img_archive_read(in, w, &ar, err);

	if (r == 0)
		r = resolve_plan(&ar, o, img, &plan, err);
	if (r < 0)
		return r;
	n = img->config.n_diff_ids;
	order = calloc(n + 1, sizeof(*order));
	blobs = calloc(n + 1, sizeof(*blobs));
	if (!order || !blobs || !(img->fs = img_fs_new()))
		r = -ENOMEM;
	for (size_t i = 0; r == 0 && i < n; i++) {
		struct img_walk lw = *w;
		lw.ordinal = (unsigned)i;
		lw.fs = img->fs;
		order[i] = i;
		r = layer_read_at(in, &ar.blobs[plan[i].blob], &lw, &blobs[i], err);
		if (r == 0)
			r = check_layer(img->ref, i, n, &blobs[i], plan[i].digest,
					img->config.diff_ids[i], err);
	}
	if (r == 0)
		r = img_finish(img, blobs, n, order, n, w, err);
	for (size_t i = 0; blobs && i < n; i++)
		img_blob_release(&blobs[i]);
	free(blobs);
	return r;
}
