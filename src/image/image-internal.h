/* SPDX-License-Identifier: Apache-2.0 */
/* Internals of src/image/, seen by the module and its unit tests only: layer blobs as read,
 * their entry records, the byte streams they come from, and the fs index operations. */
#ifndef BW_IMAGE_IMAGE_INTERNAL_H
#define BW_IMAGE_IMAGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "image/image.h"
#include "util/arena.h"

struct archive;
/* For BW_CLEANUP: frees a libarchive reader (layer.c). */
void img_archive_freep(struct archive **a);

#define IMG_DIGEST_LEN 72 /* "sha256:" + 64 hex + NUL, rounded */

/* A pull stream of bytes: read() sets *buf to the next block and returns its length, 0 at
 * the end, or -errno (with err filled). The block stays valid until the next call. */
struct img_stream {
	ssize_t (*read)(void *arg, const void **buf, struct bw_error *err);
	/* Optional (NULL for pipes, sockets): lseek(2) on the bytes read() returns; the new
	 * offset or -errno. */
	int64_t (*seek)(void *arg, int64_t off, int whence);
	void *arg;
	const char *name; /* for messages: "layer.tar in 'x.tar'", a blob path */
};

enum img_rec_kind {
	IMG_REC_ENTRY,	  /* a file, directory, link or device */
	IMG_REC_WHITEOUT, /* .wh.NAME: delete path (and what is below it) in lower layers */
	IMG_REC_OPAQUE,	  /* .wh..wh..opq: delete what lower layers put below path */
};

/* One tar entry of a layer, decoded (records are stored packed, see struct img_recs). */
struct img_rec {
	enum img_rec_kind kind;
	enum img_node_type type;
	bool hardlink;
	unsigned mode, uid, gid;
	uint64_t size;
	int64_t mtime;
	const char *path; /* normalised */
	const char *link; /* symlink target or hard link path, or NULL */
};

/* A blob's records, packed (recs.c: front-coded paths, owner/mode/mtime left out when they
 * repeat, varints; about 6 bytes plus the new part of the path each) in 256 KiB chunks: a
 * streamed archive holds every layer's records until the layer order is known (a seekable
 * one applies them to the fs as they are read, see img_walk.fs). */
struct img_recs_chunk;
struct img_recs {
	struct img_recs_chunk *head, *tail;
	size_t n;
	struct img_rec last; /* the previous record's numbers (strings NULL) */
	char *last_path;     /* and its path (BW_MAX_IMG_PATH + 1 bytes), the base of the next */
	size_t last_len;
};
/* Appends a record (copies its strings); 0, -EINVAL (over-long strings) or -ENOMEM. */
int img_recs_add(struct img_recs *rs, const struct img_rec *r);
void img_recs_release(struct img_recs *rs);
/* Bytes the records take in their chunks, for tests. */
size_t img_recs_bytes(const struct img_recs *rs);
/* Iterates: zero *it first; each call decodes the next record into *out, with path and link
 * in the caller's buffers (BW_MAX_IMG_PATH + 1 bytes each), which must be the same on every
 * call and left alone between them: a path is decoded on top of the previous one. false at
 * the end. */
struct img_recs_iter {
	const struct img_recs_chunk *chunk;
	size_t off;
	bool started;
	struct img_rec last; /* numbers of the previous record */
};
bool img_recs_next(const struct img_recs *rs, struct img_recs_iter *it, struct img_rec *out,
		   char *path, char *link);

/* A cataloger result for one path of one blob, kept until the merge decides if it survives. */
struct img_blob_result {
	const struct pkg_cataloger *cataloger;
	const char *path; /* in the blob's arena */
	struct pkg_found found;
	char *error; /* owned: why the cataloger could not read the file; NULL when it could */
};

/* Catalogers one walk runs at most (built-in ones plus the image checks' readers). */
#define IMG_MAX_CATALOGERS 32u

/* One layer blob as read, in walk order (which for a docker-save stream is archive order). */
struct img_blob {
	char *name;		      /* outer archive entry, or blob file path */
	char digest[IMG_DIGEST_LEN];  /* sha256 of the stored bytes */
	char diff_id[IMG_DIGEST_LEN]; /* sha256 of the uncompressed tar */
	const char *compression;      /* "none", "gzip", "zstd" */
	uint64_t size, tar_bytes, entries;
	uint64_t offset; /* seekable archive: where its entry's headers start in the archive */
	struct bw_arena arena;
	struct img_recs recs;
	struct img_blob_result *results;
	size_t n_results, cap_results;
	int error_code;	 /* the tar could not be read: reported after the digests are checked */
	char error[512]; /* why */
};

/* What a layer read needs besides its bytes. */
struct img_walk {
	const struct pkg_cataloger *const *cats;
	size_t n_cats;
	uint64_t *total_entries; /* across all layers, checked against BW_MAX_IMG_ENTRIES */
	unsigned ordinal;	 /* the blob's number in walk order, for pkg_file.layer */
	bool progress;		 /* one line per layer on stderr */
	/* Set when layers are read in layer order: records go straight into this index as layer
	 * `ordinal` instead of being kept in the blob. */
	struct img_fs *fs;
};

/* Reads one layer from `in` to its end: hashes the stored and the uncompressed bytes, records
 * every entry, runs the catalogers. A tar that cannot be read is not an error here (it lands
 * in blob->error after the stream was drained, so the digest check can speak first); errors
 * returned are the stream's own, -ENOMEM and limits. */
int img_blob_read(struct img_stream *in, const struct img_walk *w, struct img_blob *blob,
		  struct bw_error *err);
void img_blob_release(struct img_blob *b);
/* Normalises a tar path: strips "./" and "/" runs and trailing "/", refuses ".." and
 * over-long paths. Writes into out (BW_MAX_IMG_PATH + 1 bytes); 0 or -EINVAL with why. */
int img_path_normalise(const char *in, char *out, const char **ret_why);

/* fs.c */
struct img_fs *img_fs_new(void);
struct img_fs *img_fs_free(struct img_fs *fs);
/* Applies one record as layer `position`: an entry creates or replaces its node (and implicit
 * parents); a whiteout deletes what lower layers put at its path, an opaque one what they put
 * below it, so a layer's records can come in any order. 0, -E2BIG past BW_MAX_IMG_ENTRIES
 * nodes (or 4 GiB of names), -ENOMEM. */
int img_fs_add(struct img_fs *fs, const struct img_rec *rec, unsigned position);
/* Applies one blob's records (img_fs_add each) as layer `position`. */
int img_fs_apply(struct img_fs *fs, const struct img_blob *b, unsigned position,
		 struct bw_error *err);
/* Bytes the index holds from the system (nodes, names, tables), for tests and benchmarks. */
size_t img_fs_bytes(const struct img_fs *fs);

/* SHA-256 over a stream, "sha256:hex" out. */
struct img_sha;
struct img_sha *img_sha_new(void);
void img_sha_update(struct img_sha *s, const void *p, size_t n);
void img_sha_final(struct img_sha *s, char out[IMG_DIGEST_LEN]);
void img_sha_free(struct img_sha *s);
/* sha256 of a buffer */
void img_sha_buf(const void *p, size_t n, char out[IMG_DIGEST_LEN]);

/* Readers of the three kinds of source; each fills img (config, layers, fs, results). */
struct img_json_blob {
	char *name;		     /* entry name */
	char digest[IMG_DIGEST_LEN]; /* sha256 of the bytes */
	char *data;		     /* NUL-terminated */
	size_t len;
};

/* Collected while an outer archive streams past. */
struct img_archive {
	struct img_blob *blobs;
	size_t n_blobs, cap_blobs;
	struct img_json_blob *jsons;
	size_t n_jsons, cap_jsons;
	size_t json_bytes;
	char **alias_from, **alias_to; /* symlink entries: name -> target name */
	size_t n_alias, cap_alias;
	bool index_only; /* set before reading: layers are located (blob.offset), not read */
};

int img_archive_read(struct img_stream *in, const struct img_walk *w, struct img_archive *ar,
		     struct bw_error *err);
void img_archive_release(struct img_archive *ar);
/* Picks the image out of a read archive (manifest.json, else index.json), verifies config,
 * manifests and layers, and fills img->config, layers and the fs. */
int img_archive_resolve(struct img_archive *ar, const struct img_options *o,
			const struct img_walk *w, struct img_image *img, struct bw_error *err);
/* Reads an archive from a stream with seek: a first pass over the outer headers only (data
 * skipped by seeking) finds the manifests and where each layer starts, then each layer is
 * read in layer order straight into the fs index, so nothing is held per entry. -ESPIPE (err
 * untouched) when the outer archive is compressed: the caller rewinds and streams it. */
int img_archive_read_seekable(struct img_stream *in, const struct img_options *o,
			      const struct img_walk *w, struct img_image *img,
			      struct bw_error *err);
/* Reads an OCI layout folder: every layer in order, digests and diff ids checked. On success
 * *ret_blobs (ret_n of them, in layer order) are the caller's (img_blob_release each). */
int img_oci_dir_read(const char *dir, const struct img_options *o, const struct img_walk *w,
		     struct img_image *img, struct img_blob **ret_blobs, size_t *ret_n,
		     struct bw_error *err);
/* Opens the Engine API stream GET /images/{name}/get. */
struct img_daemon;
int img_daemon_open(const char *name, const char *docker_host, struct img_daemon **ret,
		    struct img_stream *ret_stream, struct bw_error *err);
void img_daemon_close(struct img_daemon *d);

/* oci.c: manifests and indexes, shared by OCI folders and archives. A blob store hands out
 * JSON blobs by digest, verified and at most BW_MAX_IMG_JSON bytes; data stays the store's. */
struct img_blob_store {
	int (*get)(void *arg, const char *digest, const char **data, size_t *len,
		   struct bw_error *err);
	void *arg;
};
struct img_descriptor {
	char *media_type; /* owned */
	char *digest;	  /* owned, "sha256:<64 hex>" (checked) */
	uint64_t size;
};
struct img_manifest {
	char *digest; /* of the manifest itself */
	struct img_descriptor config;
	struct img_descriptor *layers;
	size_t n_layers;
	char *ref_name; /* org.opencontainers.image.ref.name of the index entry, or NULL */
};
/* From index.json's bytes, the image manifest for the platform (nested indexes followed). */
int img_oci_select(const struct img_blob_store *st, const char *index, size_t index_len,
		   const struct img_options *o, struct img_manifest *ret, struct bw_error *err);
void img_manifest_release(struct img_manifest *m);
/* True for "sha256:" followed by 64 lower-case hex digits. */
bool img_digest_valid(const char *d);
/* Compares a computed digest with the expected one; -EBADMSG with a message naming `what`. */
int img_digest_check(const char *what, const char *computed, const char *expected,
		     struct bw_error *err);

/* config.c: JSON documents. */
int img_config_parse(const char *data, size_t len, struct img_config *c, struct bw_error *err);
void img_config_release(struct img_config *c);
/* The platform to pick from an index: o->platform or this machine's. */
void img_platform_default(char *os, size_t oslen, char *arch, size_t archlen, char *variant,
			  size_t varlen);
/* Finishes an image once layers are known: merge into fs, keep surviving results, run the
 * catalogers' finish. `blobs` are in walk order, `order[i]` is the blob of layer i. */
int img_finish(struct img_image *img, struct img_blob *blobs, size_t n_blobs, const size_t *order,
	       size_t n_layers, const struct img_walk *w, struct bw_error *err);

#endif
