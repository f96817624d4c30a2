/* SPDX-License-Identifier: Apache-2.0 */
/* Container images read as a stream: a docker-save tarball (legacy or OCI inside), an OCI
 * layout folder, or an image the local Docker daemon streams over its socket. Each layer is
 * read once, verified against its digest and diff id, and never extracted: whiteouts apply to
 * an in-memory index of the final filesystem, and catalogers see the files they ask for. */
#ifndef BW_IMAGE_IMAGE_H
#define BW_IMAGE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/limits.h"
#include "core/rule.h"
#include "pkg/pkg.h"

enum img_source_kind {
	IMG_SOURCE_ARCHIVE, /* a file: docker save (either layout) or an OCI archive */
	IMG_SOURCE_OCI_DIR, /* a folder with oci-layout, index.json and blobs/ */
	IMG_SOURCE_DAEMON,  /* NAME[:TAG] or an id, streamed from the Docker Engine API */
	IMG_SOURCE_COUNT
};

struct img_options {
	const char *platform;		 /* "linux/amd64", "linux/arm64/v8"; NULL = this machine */
	const char *docker_host;	 /* "unix:///path"; NULL = $DOCKER_HOST, then the default */
	enum img_source_kind force_kind; /* IMG_SOURCE_COUNT = decide from the reference */
	/* Extra catalogers run beside pkg_catalogers (image checks' own file readers). */
	const struct pkg_cataloger *const *extra;
	size_t n_extra;
	bool progress; /* layer progress on stderr */
};

struct img_history {
	char *created;	  /* RFC 3339, NULL when absent */
	char *created_by; /* the build step, NULL when absent */
	char *comment;
	bool empty_layer; /* made no layer (ENV, LABEL...) */
	int layer;	  /* position of the layer it made, -1 for empty ones or when unknown */
};

struct img_config {
	char *architecture, *os, *variant; /* NULL when absent */
	char *created;			   /* RFC 3339 as written; NULL when absent */
	int64_t created_unix;		   /* seconds since the epoch; 0 when unknown */
	char *user;			   /* Config.User; NULL or "" = root */
	char **env;			   /* Config.Env "KEY=value" */
	size_t n_env;
	char **exposed_ports; /* Config.ExposedPorts keys: "22/tcp" */
	size_t n_exposed_ports;
	bool healthcheck;      /* Config.Healthcheck with a test other than NONE */
	bool healthcheck_none; /* HEALTHCHECK NONE: explicitly disabled */
	struct img_history *history;
	size_t n_history;
	char **diff_ids; /* rootfs.diff_ids, "sha256:..." */
	size_t n_diff_ids;
};

struct img_layer {
	char *digest;		 /* "sha256:..." of the stored blob, verified */
	char *diff_id;		 /* "sha256:..." of the uncompressed tar, verified */
	char *media_type;	 /* from the manifest; NULL for legacy docker save */
	const char *compression; /* "none", "gzip", "zstd" (static) */
	uint64_t size;		 /* stored bytes */
	uint64_t entries;	 /* tar entries */
	const char *created_by;	 /* borrowed from the history; NULL when unknown */
};

enum img_node_type {
	IMG_NODE_FILE,
	IMG_NODE_DIR,
	IMG_NODE_SYMLINK,
	IMG_NODE_CHAR,
	IMG_NODE_BLOCK,
	IMG_NODE_FIFO,
	IMG_NODE_COUNT
};

/* One path of the final filesystem, as a copy the calls below fill in (the index itself
 * keeps nodes packed, see fs.c): it stays valid as it is; `link` lives as long as the fs. */
struct img_node {
	char path[BW_MAX_IMG_PATH + 1]; /* relative to the root, no leading "/"; "" = root */
	const char *link;  /* symlink target, or hard link target (a path in the image) */
	uint64_t size;	   /* bytes (a hard link: its target's) */
	unsigned mode;	   /* permission bits incl. setuid/setgid/sticky, not the type */
	unsigned uid, gid; /* owner */
	int64_t mtime;	   /* seconds */
	unsigned layer;	   /* position of the layer that last wrote it */
	enum img_node_type type;
	bool hardlink; /* a FILE written as a hard link to `link` */
	bool implicit; /* a parent directory no layer listed */
	uint32_t id;   /* the node's number in its fs: the same path gives the same id */
};

/* What a cataloger extracted from a file that survived to the final filesystem. */
struct img_result {
	const struct pkg_cataloger *cataloger;
	char *path;	/* owned */
	unsigned layer; /* position of the layer holding the surviving file */
	struct pkg_found found;
};

struct img_fs;

struct img_image {
	char *ref; /* as the user gave it */
	enum img_source_kind kind;
	char *id;	       /* config digest "sha256:..." */
	char *manifest_digest; /* OCI: the manifest chosen; NULL for docker save */
	char **repo_tags;      /* from manifest.json or index annotations */
	size_t n_repo_tags;
	struct img_config config;
	struct img_layer *layers; /* in order, lowest first */
	size_t n_layers;
	struct img_fs *fs; /* the final filesystem */
	struct img_result *results;
	size_t n_results;
	struct pkg_inventory inventory;
	uint64_t total_entries; /* tar entries in all layers */
};

/* Guesses what `ref` names: an existing file, an existing folder, else a daemon image. */
enum img_source_kind img_ref_kind(const char *ref);
const char *img_source_kind_name(enum img_source_kind k);

/* Reads the whole image `ref`. On success *ret_img is the caller's (img_image_free).
 * Errors: -EBADMSG when a digest or diff id does not match (the image is not what it claims
 * to be; err says which layer and both hashes), -EINVAL for malformed or hostile archives,
 * -E2BIG past a limit of core/limits.h, -ENOENT when there is no such image, -ENOMEM, or
 * another -errno; err names the file, layer and entry. */
int img_scan(const char *ref, const struct img_options *o, struct img_image **ret_img,
	     struct bw_error *err);
struct img_image *img_image_free(struct img_image *img);
static inline void img_image_freep(struct img_image **p)
{
	*p = img_image_free(*p);
}

/* The final filesystem. A lookup follows no symlink and fills *ret (0, or -ENOENT);
 * img_fs_resolve follows them (beneath the root, at most BW_MAX_IMG_SYMLINKS) and returns
 * -ENOENT, -ELOOP, -ENAMETOOLONG, -ENOMEM or 0 with *ret filled (its path the resolved one). */
int img_fs_lookup(const struct img_fs *fs, const char *path, struct img_node *ret);
int img_fs_resolve(const struct img_fs *fs, const char *path, struct img_node *ret);
size_t img_fs_count(const struct img_fs *fs);
/* Calls fn for every node in path order (strcmp of the paths), stopping at the first non-zero
 * return, which it returns. */
int img_fs_walk(const struct img_fs *fs, int (*fn)(const struct img_node *n, void *arg), void *arg);
/* The same for the entries of folder `dir` only, in no particular order. */
int img_fs_walk_dir(const struct img_fs *fs, const struct img_node *dir,
		    int (*fn)(const struct img_node *n, void *arg), void *arg);

/* The surviving result of `cataloger` for `path`, or NULL. */
const struct img_result *img_result_find(const struct img_image *img,
					 const struct pkg_cataloger *cataloger, const char *path);

/* Image checks (checks.c): the IMG- rule table and the file readers it needs (passwd,
 * shadow, group, private keys), to pass as img_options.extra. */
struct img_check_subject {
	const struct img_image *img; /* NULL when the scan stopped on a digest mismatch */
	int64_t now;		     /* seconds since the epoch, for the age check */
	unsigned max_age_days;	     /* --max-age */
	const char *integrity_error; /* the digest mismatch that stopped the scan, or NULL */
};
extern const struct bw_ruleset img_ruleset; /* kind "image", IMG-001... */
extern const struct pkg_cataloger *const img_check_catalogers[];
extern const size_t img_check_catalogers_len;

/* Test hook: a layer tar (any compression) read on its own into a one-layer fs with the
 * given catalogers; used by the unit tests and fuzz/fuzz-tar.c. */
int img_layer_scan_mem(const void *data, size_t len, const struct pkg_cataloger *const *cats,
		       size_t n_cats, struct img_image **ret_img, struct bw_error *err);
/* Test hook: an image archive held in memory, read in two passes (seekable, as a file is) or
 * as one stream; fuzz/fuzz-image-archive.c checks that both give the same image. */
int img_archive_scan_mem(const void *data, size_t len, bool seekable,
			 const struct pkg_cataloger *const *cats, size_t n_cats,
			 struct img_image **ret_img, struct bw_error *err);

#endif
