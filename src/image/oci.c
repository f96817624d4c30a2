/* SPDX-License-Identifier: Apache-2.0 */
/* OCI image layouts: index.json -> (nested indexes, by platform) -> manifest -> config and
 * layers, every blob checked against its digest. Reads a layout folder; the same selection
 * serves OCI layouts inside archives (archive.c). */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
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

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"

bool img_digest_valid(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 71)
		return false;
	for (const char *p = d + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

int img_digest_check(const char *what, const char *computed, const char *expected,
		     struct bw_error *err)
{
	if (strcmp(computed, expected) == 0)
		return 0;
	return bw_errorf(err, -EBADMSG, NULL, 0, 0,
			 "digest mismatch in %s: content hashes to %s but the image names %s "
			 "(the image was modified or damaged after it was built)",
			 what, computed, expected);
}

static int descriptor_parse(json_t *d, struct img_descriptor *ret, struct bw_error *err)
{
	const char *mt = json_string_value(json_object_get(d, "mediaType"));
	const char *dg = json_string_value(json_object_get(d, "digest"));
	json_t *sz = json_object_get(d, "size");

	if (!dg)
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "descriptor without a digest");
	if (!img_digest_valid(dg))
		return bw_errorf(err, -EINVAL, NULL, 0, 0,
				 "descriptor digest '%.100s' is not sha256:<64 hex digits>", dg);
	*ret = (struct img_descriptor){
		.media_type = mt ? strdup(mt) : NULL,
		.digest = strdup(dg),
		.size = json_is_integer(sz) && json_integer_value(sz) > 0
				? (uint64_t)json_integer_value(sz)
				: 0,
	};
	if (!ret->digest || (mt && !ret->media_type))
		return -ENOMEM;
	return 0;
}

static void descriptor_release(struct img_descriptor *d)
{
	free(d->media_type);
	free(d->digest);
	*d = (struct img_descriptor){0};
}

void img_manifest_release(struct img_manifest *m)
{
	free(m->digest);
	free(m->ref_name);
	descriptor_release(&m->config);
	for (size_t i = 0; i < m->n_layers; i++)
		descriptor_release(&m->layers[i]);
	free(m->layers);
	*m = (struct img_manifest){0};
}

static int manifest_parse(const char *digest, const char *data, size_t len, struct img_manifest *m,
			  struct bw_error *err)
{
	json_error_t je;
	BW_CLEANUP(json_decrefp) json_t *root = json_loadb(data, len, 0, &je);
	json_t *layers, *l;
	size_t i;
	int r;

	if (!root || !json_is_object(root))
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "manifest %s is not a JSON object",
				 digest);
	if (!(m->digest = strdup(digest)))
		return -ENOMEM;
	if ((r = descriptor_parse(json_object_get(root, "config"), &m->config, err)) < 0)
		return r;
	layers = json_object_get(root, "layers");
	if (!json_is_array(layers))
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "manifest %s has no layers array",
				 digest);
	if (json_array_size(layers) > BW_MAX_IMG_LAYERS)
		return bw_errorf(err, -E2BIG, NULL, 0, 0,
				 "manifest %s lists %zu layers, more than the limit of %u", digest,
				 json_array_size(layers), BW_MAX_IMG_LAYERS);
	m->layers = calloc(json_array_size(layers) + 1, sizeof(*m->layers));
	if (!m->layers)
		return -ENOMEM;
	json_array_foreach(layers, i, l)
	{
		if ((r = descriptor_parse(l, &m->layers[i], err)) < 0)
			return r;
		m->n_layers = i + 1;
	}
	return 0;
}

static bool platform_matches(json_t *p, const char *os, const char *arch, const char *variant)
{
	const char *pos = json_string_value(json_object_get(p, "os"));
	const char *parch = json_string_value(json_object_get(p, "architecture"));
	const char *pvar = json_string_value(json_object_get(p, "variant"));

	if (!pos || !parch || strcmp(pos, os) != 0 || strcmp(parch, arch) != 0)
		return false;
	if (!*variant || !pvar)
		return true;
	return strcmp(pvar, variant) == 0;
}

static bool is_index_type(const char *mt)
{
	return mt && (strcmp(mt, MT_OCI_INDEX) == 0 || strcmp(mt, MT_DOCKER_LIST) == 0);
}

static int select_in(const struct img_blob_store *st, const char *index, size_t len, const char *os,
		     const char *arch, const char *variant, bool explicit_platform, int depth,
		     struct img_manifest *ret, struct bw_error *err)
{
	json_error_t je;
	BW_CLEANUP(json_decrefp) json_t *root = json_loadb(index, len, 0, &je);
	json_t *ms, *d, *pick = NULL;
	size_t i, n_real = 0;
	char seen[512] = "";

	if (depth > 4)
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "image indexes nested deeper than 4");
	if (!root || !json_is_object(root))
		return bw_errorf(err, -EINVAL, "index.json", je.line, je.column,
				 "image index is not a JSON object");
	ms = json_object_get(root, "manifests");
	if (!json_is_array(ms) || json_array_size(ms) == 0)
		return bw_errorf(err, -EINVAL, "index.json", 0, 0,
				 "image index lists no manifests");
	json_array_foreach(ms, i, d)
	{
		json_t *p = json_object_get(d, "platform");
		const char *pos = json_string_value(json_object_get(p, "os"));
		const char *parch = json_string_value(json_object_get(p, "architecture"));
		if (pos && strcmp(pos, "unknown") == 0)
			continue; /* attestation manifests (buildx provenance, SBOM) */
		n_real++;
		if (pos && parch && strlen(seen) < sizeof(seen) - 64)
			(void)snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%s/%s",
				       *seen ? ", " : "", pos, parch);
		if (!pick && p && platform_matches(p, os, arch, variant))
			pick = d;
	}
	if (!pick && n_real == 1 && !explicit_platform) {
		json_array_foreach(ms, i, d)
		{
			const char *pos = json_string_value(
				json_object_get(json_object_get(d, "platform"), "os"));
			if (!pos || strcmp(pos, "unknown") != 0)
				pick = d;
		}
	}
	if (!pick && n_real == 1 && explicit_platform &&
	    !json_object_get(json_object_get(json_array_get(ms, 0), "platform"), "os"))
		pick = json_array_get(ms, 0); /* no platform recorded: the one there is */
	if (!pick)
		return bw_errorf(err, -ENOENT, "index.json", 0, 0,
				 "no image for platform %s/%s%s%s in the index (it has: %s)", os,
				 arch, *variant ? "/" : "", variant, *seen ? seen : "none named");

	struct img_descriptor desc = {0};
	const char *data;
	size_t dlen;
	int r = descriptor_parse(pick, &desc, err);
	if (r < 0)
		return r;
	r = st->get(st->arg, desc.digest, &data, &dlen, err);
	if (r == 0 && is_index_type(desc.media_type))
		r = select_in(st, data, dlen, os, arch, variant, explicit_platform, depth + 1, ret,
			      err);
	else if (r == 0)
		r = manifest_parse(desc.digest, data, dlen, ret, err);
	if (r == 0 && !ret->ref_name) {
		const char *rn = json_string_value(json_object_get(
			json_object_get(pick, "annotations"), "org.opencontainers.image.ref.name"));
		if (rn && !(ret->ref_name = strdup(rn)))
			r = -ENOMEM;
	}
	descriptor_release(&desc);
	return r;
}

int img_oci_select(const struct img_blob_store *st, const char *index, size_t index_len,
		   const struct img_options *o, struct img_manifest *ret, struct bw_error *err)
{
	char os[96], arch[96], variant[96];
	struct img_manifest m = {0};
	int r;

	img_platform_default(os, sizeof(os), arch, sizeof(arch), variant, sizeof(variant));
	if (o && o->platform) {
		/* os/arch[/variant] */
		char buf[96];
		(void)snprintf(buf, sizeof(buf), "%s", o->platform);
		char *a = strchr(buf, '/'), *v = a ? strchr(a + 1, '/') : NULL;
		if (!a || a == buf || !a[1])
			return bw_errorf(err, -EINVAL, NULL, 0, 0,
					 "platform '%s' is not os/arch[/variant]", o->platform);
		*a++ = '\0';
		if (v)
			*v++ = '\0';
		(void)snprintf(os, sizeof(os), "%s", buf);
		(void)snprintf(arch, sizeof(arch), "%s", a);
		(void)snprintf(variant, sizeof(variant), "%s", v ? v : "");
	}
	r = select_in(st, index, index_len, os, arch, variant, o && o->platform, 0, &m, err);
	if (r < 0) {
		img_manifest_release(&m);
		return r;
	}
	*ret = m;
	return 0;
}

/* ---- OCI layout folders ---- */

struct dir_store {
	int dirfd;
	char **datas; /* loaded JSON blobs, freed at the end */
	size_t n, cap;
};

/* Opens a blob beneath the layout: O_NONBLOCK so a FIFO cannot hang us, then fstat. */
static int blob_open(int dirfd, const char *digest, int *ret_fd, uint64_t *ret_size,
		     struct bw_error *err)
{
	char rel[128];
	struct stat stbuf;
	int fd;

	(void)snprintf(rel, sizeof(rel), "blobs/sha256/%s", digest + 7);
	fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return bw_errorf(err, -errno, rel, 0, 0, "cannot open blob: %s", strerror(errno));
	if (fstat(fd, &stbuf) < 0 || !S_ISREG(stbuf.st_mode)) {
		(void)close(fd);
		return bw_errorf(err, -EINVAL, rel, 0, 0, "blob is not a regular file");
	}
	*ret_fd = fd;
	*ret_size = (uint64_t)stbuf.st_size;
	return 0;
}

static int read_all(int fd, size_t max, char **ret, size_t *ret_len)
{
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap >= max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap * 2 > max ? max : cap * 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			free(buf);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int dir_get(void *arg, const char *digest, const char **data, size_t *len,
		   struct bw_error *err)
{
	struct dir_store *ds = arg;
	BW_CLEANUP(bw_closep) int fd = -1;
	char *buf = NULL, computed[IMG_DIGEST_LEN], what[128];
	uint64_t size;
	int r;

	if (!img_digest_valid(digest))
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "digest '%.100s' is not sha256", digest);
	if ((r = blob_open(ds->dirfd, digest, &fd, &size, err)) < 0)
		return r;
	if (size > BW_MAX_IMG_JSON)
		return bw_errorf(err, -E2BIG, NULL, 0, 0,
				 "blob %s is %llu bytes, more than a JSON "
				 "document may be",
				 digest, (unsigned long long)size);
	if ((r = read_all(fd, BW_MAX_IMG_JSON, &buf, len)) < 0)
		return bw_errorf(err, r, NULL, 0, 0, "cannot read blob %s", digest);
	img_sha_buf(buf, *len, computed);
	(void)snprintf(what, sizeof(what), "blob %.19s", digest);
	if ((r = img_digest_check(what, computed, digest, err)) < 0) {
		free(buf);
		return r;
	}
	if (bw_grow((void **)&ds->datas, &ds->cap, ds->n, sizeof(*ds->datas)) < 0) {
		free(buf);
		return -ENOMEM;
	}
	ds->datas[ds->n++] = buf;
	*data = buf;
	return 0;
}

struct fd_stream {
	int fd;
	char buf[256 * 1024];
	const char *name;
};

static ssize_t fd_read(void *arg, const void **buf, struct bw_error *err)
{
	struct fd_stream *s = arg;

	for (;;) {
		ssize_t n = read(s->fd, s->buf, sizeof(s->buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return bw_errorf(err, -errno, s->name, 0, 0, "cannot read: %s",
					 strerror(errno));
		*buf = s->buf;
		return n;
	}
}

int img_oci_dir_read(const char *dir, const struct img_options *o, const struct img_walk *w,
		     struct img_image *img, struct img_blob **ret_blobs, size_t *ret_n,
		     struct bw_error *err)
{
	BW_CLEANUP(bw_closep) int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	BW_CLEANUP(bw_freep) char *index = NULL;
	BW_CLEANUP(bw_freep) char *layout = NULL;
	struct dir_store ds = {.dirfd = dirfd};
	struct img_blob_store st = {.get = dir_get, .arg = &ds};
	struct img_manifest m = {0};
	struct img_blob *blobs = NULL;
	size_t len, n_blobs = 0;
	int r;

	if (dirfd < 0)
		return bw_errorf(err, -errno, dir, 0, 0, "cannot open folder: %s", strerror(errno));
	{
		BW_CLEANUP(bw_closep)
		int fd = openat(dirfd, "oci-layout", O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			return bw_errorf(err, -EINVAL, dir, 0, 0,
					 "not an OCI image layout: it has no 'oci-layout' file");
		if (read_all(fd, 4096, &layout, &len) < 0 || !strstr(layout, "imageLayoutVersion"))
			return bw_errorf(err, -EINVAL, dir, 0, 0,
					 "'oci-layout' does not name an imageLayoutVersion");
	}
	{
		BW_CLEANUP(bw_closep)
		int fd = openat(dirfd, "index.json", O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			return bw_errorf(err, -EINVAL, dir, 0, 0,
					 "not an OCI image layout: it has no 'index.json'");
		if ((r = read_all(fd, BW_MAX_IMG_JSON, &index, &len)) < 0)
			return bw_errorf(err, r, dir, 0, 0, "cannot read 'index.json'");
	}
	r = img_oci_select(&st, index, len, o, &m, err);
	const char *cdata;
	size_t clen;
	if (r == 0)
		r = dir_get(&ds, m.config.digest, &cdata, &clen, err);
	if (r == 0)
		r = img_config_parse(cdata, clen, &img->config, err);
	if (r == 0 && img->config.n_diff_ids != m.n_layers)
		r = bw_errorf(err, -EINVAL, dir, 0, 0,
			      "manifest lists %zu layers but the config %zu diff ids", m.n_layers,
			      img->config.n_diff_ids);
	if (r == 0 && !(img->id = strdup(m.config.digest)))
		r = -ENOMEM;
	if (r == 0 && !(img->manifest_digest = strdup(m.digest)))
		r = -ENOMEM;
	if (r == 0 && m.ref_name) {
		img->repo_tags = calloc(1, sizeof(char *));
		if (!img->repo_tags || !(img->repo_tags[0] = strdup(m.ref_name)))
			r = -ENOMEM;
		else
			img->n_repo_tags = 1;
	}
	if (r == 0 && !(blobs = calloc(m.n_layers + 1, sizeof(*blobs))))
		r = -ENOMEM;
	if (r == 0 && !(img->layers = calloc(m.n_layers + 1, sizeof(*img->layers))))
		r = -ENOMEM;
	if (r == 0)
		img->n_layers = m.n_layers;	 /* img_image_free frees what is set */
	if (r == 0 && !(img->fs = img_fs_new())) /* layers come in order: straight into it */
		r = -ENOMEM;
	for (size_t i = 0; r == 0 && i < m.n_layers; i++) {
		BW_CLEANUP(bw_closep) int fd = -1;
		BW_CLEANUP(bw_freep) struct fd_stream *fs = calloc(1, sizeof(*fs));
		struct img_walk lw = *w;
		struct img_stream in;
		char what[160];
		uint64_t size;

		if (!fs) {
			r = -ENOMEM;
			break;
		}
		if ((r = blob_open(dirfd, m.layers[i].digest, &fd, &size, err)) < 0)
			break;
		fs->fd = fd;
		fs->name = m.layers[i].digest;
		in = (struct img_stream){.read = fd_read, .arg = fs, .name = fs->name};
		lw.ordinal = (unsigned)i;
		lw.fs = img->fs;
		if (w->progress)
			fprintf(stderr, "bulwark: layer %zu/%zu %.19s (%llu bytes)\n", i + 1,
				m.n_layers, m.layers[i].digest, (unsigned long long)size);
		n_blobs = i + 1;
		if (!(blobs[i].name = strdup(m.layers[i].digest))) {
			r = -ENOMEM;
			break;
		}
		r = img_blob_read(&in, &lw, &blobs[i], err);
		if (r < 0)
			break;
		(void)snprintf(what, sizeof(what), "layer %zu (%.19s) of '%s'", i + 1,
			       m.layers[i].digest, dir);
		r = img_digest_check(what, blobs[i].digest, m.layers[i].digest, err);
		if (r == 0)
			r = img_digest_check(what, blobs[i].diff_id, img->config.diff_ids[i], err);
		if (r == 0 && blobs[i].error_code)
			r = bw_errorf(err, blobs[i].error_code, NULL, 0, 0, "%s: %s", what,
				      blobs[i].error);
		if (r == 0 && m.layers[i].media_type &&
		    !(img->layers[i].media_type = strdup(m.layers[i].media_type)))
			r = -ENOMEM;
	}
	for (size_t i = 0; i < ds.n; i++)
		free(ds.datas[i]);
	free(ds.datas);
	img_manifest_release(&m);
	if (r < 0) {
		for (size_t i = 0; i < n_blobs; i++)
			img_blob_release(&blobs[i]);
		free(blobs);
		return r;
	}
	*ret_blobs = blobs;
	*ret_n = n_blobs;
	return 0;
}
