/* SPDX-License-Identifier: Apache-2.0 */
/* The rpm cataloger: rpmdb.sqlite (rpm >= 4.16: Fedora 33+, RHEL 9, UBI 9, Amazon Linux 2023),
 * opened from memory with sqlite3_deserialize, each Packages row an rpm header blob. Older
 * Berkeley DB (Packages) and SUSE NDB (Packages.db) databases are recognised and reported as
 * unreadable, with what they need, instead of silently yielding nothing. The same headers give
 * each package's file list (DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]) to the owner cataloger. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "pkg/pkg.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

enum {
	RPMTAG_NAME = 1000,
	RPMTAG_VERSION = 1001,
	RPMTAG_RELEASE = 1002,
	RPMTAG_EPOCH = 1003,
	RPMTAG_LICENSE = 1014,
	RPMTAG_ARCH = 1022,
	RPMTAG_SOURCERPM = 1044,
	RPMTAG_DIRINDEXES = 1116,
	RPMTAG_BASENAMES = 1117,
	RPMTAG_DIRNAMES = 1118,
};

enum {
	RPM_INT32_TYPE = 4,
	RPM_STRING_TYPE = 6,
	RPM_STRING_ARRAY_TYPE = 8,
	RPM_I18NSTRING_TYPE = 9,
};

/* The most index entries one header may claim (rpm's own hdrchkTags bound is 0xffff). */
#define RPM_MAX_TAGS 0xffffu

static const char *const rpm_sqlite_paths[] = {
	"var/lib/rpm/rpmdb.sqlite",
	"usr/lib/sysimage/rpm/rpmdb.sqlite",
};
static const char *const rpm_bdb_paths[] = {
	"var/lib/rpm/Packages",
	"usr/lib/sysimage/rpm/Packages",
	"var/lib/rpm/Packages.db",
	"usr/lib/sysimage/rpm/Packages.db",
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An array tag's data: count items from data + off (strings: NUL-terminated, one after
 * another; int32: 4 bytes each, big-endian). */
struct rpm_array {
	uint32_t off, count;
};

struct rpm_hdr {
	const char *str[8];	   /* name version release license arch sourcerpm, NUL-terminated */
	long epoch;		   /* -1 when absent */
	const unsigned char *data; /* the data store and its length */
	uint32_t dl;
	struct rpm_array dirindexes, basenames, dirnames; /* count 0 when absent */
};

/* Parses the header blob (il, dl, il index entries of 16 bytes, dl bytes of data); every
 * offset is checked against the blob. */
static int rpm_header_parse(const unsigned char *b, size_t len, struct rpm_hdr *h)
{
	uint32_t il, dl;
	size_t data_off;

	*h = (struct rpm_hdr){.epoch = -1};
	if (len < 8)
		return -EINVAL;
	il = be32(b);
	dl = be32(b + 4);
	if (il == 0 || il > RPM_MAX_TAGS || (size_t)il * 16 + 8 > len ||
	    dl > len - 8 - (size_t)il * 16)
		return -EINVAL;
	data_off = 8 + (size_t)il * 16;
	h->data = b + data_off;
	h->dl = dl;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = b + 8 + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), count = be32(e + 12);
		struct rpm_array *arr = NULL;
		int slot = -1;

		if (off >= dl)
			continue;
		switch (tag) {
		case RPMTAG_DIRINDEXES:
			if (type == RPM_INT32_TYPE && count <= (dl - off) / 4)
				h->dirindexes = (struct rpm_array){.off = off, .count = count};
			continue;
		case RPMTAG_BASENAMES:
			arr = &h->basenames;
			break;
		case RPMTAG_DIRNAMES:
			arr = &h->dirnames;
			break;
		case RPMTAG_NAME:
			slot = 0;
			break;
		case RPMTAG_VERSION:
			slot = 1;
			break;
		case RPMTAG_RELEASE:
			slot = 2;
			break;
		case RPMTAG_LICENSE:
			slot = 3;
			break;
		case RPMTAG_ARCH:
			slot = 4;
			break;
		case RPMTAG_SOURCERPM:
			slot = 5;
			break;
		case RPMTAG_EPOCH:
			if (type == RPM_INT32_TYPE && (size_t)off + 4 <= dl)
				h->epoch = (long)be32(b + data_off + off);
			continue;
		default:
			continue;
		}
		if (arr) {
			/* names and folders ("x", "/") take 2 bytes at least: bounds the offset
			 * table rpm_strings allocates; each string is checked as it is read */
			if (type == RPM_STRING_ARRAY_TYPE && count <= (dl - off) / 2)
				*arr = (struct rpm_array){.off = off, .count = count};
			continue;
		}
		if (type != RPM_STRING_TYPE && type != RPM_I18NSTRING_TYPE)
			continue;
		const char *s = (const char *)b + data_off + off;
		if (!memchr(s, '\0', dl - off)) /* unterminated: ignore the tag */
			continue;
		h->str[slot] = s;
	}
	return h->str[0] && h->str[0][0] && h->str[1] && h->str[1][0] ? 0 : -EINVAL;
}

/* "bash-5.1.8-6.el9.src.rpm" -> name "bash", version-release "5.1.8-6.el9". */
static int rpm_source_split(const char *srpm, struct pkg_package *p, long epoch)
{
	size_t n = strlen(srpm);
	const char *rel, *ver;
	int r;

	if (n > 8 && strcmp(srpm + n - 8, ".src.rpm") == 0)
		n -= 8;
	else if (n > 10 && strcmp(srpm + n - 10, ".nosrc.rpm") == 0)
		n -= 10;
	rel = memrchr(srpm, '-', n);
	if (!rel || rel == srpm)
		return 0;
	ver = memrchr(srpm, '-', (size_t)(rel - srpm));
	if (!ver || ver == srpm)
		return 0;
	r = pkg_strset(&p->source_name, srpm, (size_t)(ver - srpm));
	if (r < 0)
		return r;
	if (epoch >= 0) {
		char *v = NULL;
		if (asprintf(&v, "%ld:%.*s", epoch, (int)(n - (size_t)(ver + 1 - srpm)), ver + 1) <
		    0)
			return -ENOMEM;
		free(p->source_version);
		p->source_version = v;
		return 0;
	}
	return pkg_strset(&p->source_version, ver + 1, n - (size_t)(ver + 1 - srpm));
}

static int rpm_emit(const struct rpm_hdr *h, struct pkg_found *out)
{
	struct pkg_package *p;
	char *version = NULL;
	int r = 0;

	if (h->epoch >= 0 && h->str[2])
		r = asprintf(&version, "%ld:%s-%s", h->epoch, h->str[1], h->str[2]);
	else if (h->str[2])
		r = asprintf(&version, "%s-%s", h->str[1], h->str[2]);
	else
		r = asprintf(&version, "%s", h->str[1]);
	if (r < 0)
		return -ENOMEM;
	p = pkg_found_add(out, PKG_TYPE_RPM, h->str[0], version);
	free(version);
	if (!p)
		return out->len >= BW_MAX_PKG_PACKAGES ? -E2BIG : -ENOMEM;
	r = 0;
	/* gpg-pubkey entries are keys, not packages; rpm -qa lists them, syft and trivy skip */
	if (h->str[4])
		r = pkg_strset(&p->arch, h->str[4], strlen(h->str[4]));
	if (r == 0 && h->str[3])
		r = pkg_strset(&p->licenses, h->str[3], strlen(h->str[3]));
	if (r == 0 && h->str[5])
		r = rpm_source_split(h->str[5], p, h->epoch);
	return r;
}

static void sqlite_closep(sqlite3 **db)
{
	if (*db)
		(void)sqlite3_close_v2(*db);
}

static void stmt_finalizep(sqlite3_stmt **st)
{
	if (*st)
		(void)sqlite3_finalize(*st);
}

/* What rpm_sqlite_each does with one header: 0, or -errno with err set to stop. */
typedef int (*rpm_row_fn)(const char *path, const struct rpm_hdr *h, void *ctx,
			  struct bw_error *err);

/* Opens the database from memory and calls fn with each package header (keys left out). */
static int rpm_sqlite_each(const char *path, const void *data, size_t len, rpm_row_fn fn, void *ctx,
			   struct bw_error *err)
{
	BW_CLEANUP(sqlite_closep) sqlite3 *db = NULL;
	BW_CLEANUP(stmt_finalizep) sqlite3_stmt *st = NULL;
	unsigned char *copy;
	int r;

	if (len < 100 || memcmp(data, "SQLite format 3", 16) != 0)
		return bw_errorf(err, -EINVAL, path, 0, 0, "not an SQLite database");
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
	    SQLITE_OK)
		return -ENOMEM;
	copy = sqlite3_malloc64(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len);
	/* WAL databases cannot be deserialised; rpm checkpoints on close, so read it as a
	 * rollback-journal database (header bytes 18 and 19 are the read/write versions). */
	copy[18] = 1;
	copy[19] = 1;
	r = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	if (r != SQLITE_OK)
		return bw_errorf(err, -EINVAL, path, 0, 0, "cannot open rpm database: %s",
				 sqlite3_errstr(r));
	r = sqlite3_prepare_v2(db, "SELECT blob FROM Packages", -1, &st, NULL);
	if (r != SQLITE_OK)
		return bw_errorf(err, -EINVAL, path, 0, 0, "not an rpm database: %s",
				 sqlite3_errmsg(db));
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		struct rpm_hdr h;
		if (!blob || n <= 0 || rpm_header_parse(blob, (size_t)n, &h) < 0)
			continue; /* a damaged header loses one package, not the database */
		if (strcmp(h.str[0], "gpg-pubkey") == 0)
			continue;
		int e = fn(path, &h, ctx, err);
		if (e < 0)
			return e;
	}
	if (r != SQLITE_DONE)
		return bw_errorf(err, -EINVAL, path, 0, 0, "cannot read rpm database: %s",
				 sqlite3_errmsg(db));
	return 0;
}

static int emit_row(const char *path, const struct rpm_hdr *h, void *ctx, struct bw_error *err)
{
	int e = rpm_emit(h, ctx);

	return e < 0 ? bw_errorf(err, e, path, 0, 0, "cannot add package") : 0;
}

int pkg_rpm_sqlite_parse(const char *path, const void *data, size_t len, struct pkg_found *out,
			 struct bw_error *err)
{
	return rpm_sqlite_each(path, data, len, emit_row, out, err);
}

/* Offset of each of the array's strings, in *ret (malloc'd); 0, -ENOMEM, or -EINVAL when one
 * runs past the data. */
static int rpm_strings(const struct rpm_hdr *h, const struct rpm_array *a, uint32_t **ret)
{
	uint32_t *offs = malloc(((size_t)a->count + 1) * sizeof(*offs)), off = a->off;

	if (!offs)
		return -ENOMEM;
	for (uint32_t k = 0; k < a->count; k++) {
		size_t n = off < h->dl ? strnlen((const char *)h->data + off, h->dl - off) : 0;
		if (off >= h->dl || n == h->dl - off) {
			free(offs);
			return -EINVAL;
		}
		offs[k] = off;
		off += (uint32_t)n + 1;
	}
	*ret = offs;
	return 0;
}

struct rpm_files_ctx {
	pkg_rpm_file_fn fn;
	void *ctx;
};

/* Each file of one package: DIRNAMES[DIRINDEXES[i]] followed by BASENAMES[i]. A damaged file
 * list loses that package's files, not the database. */
static int files_row(const char *path, const struct rpm_hdr *h, void *ctx, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) uint32_t *dirs = NULL;
	BW_CLEANUP(bw_freep) uint32_t *bases = NULL;
	const struct rpm_files_ctx *c = ctx;
	char file[BW_MAX_IMG_PATH + 1];
	int r;

	if (h->basenames.count != h->dirindexes.count || !h->basenames.count)
		return 0;
	if ((r = rpm_strings(h, &h->dirnames, &dirs)) < 0 ||
	    (r = rpm_strings(h, &h->basenames, &bases)) < 0)
		return r == -ENOMEM ? r : 0;
	for (uint32_t i = 0; i < h->basenames.count; i++) {
		uint32_t di = be32(h->data + h->dirindexes.off + (size_t)i * 4);
		const char *dir, *base = (const char *)h->data + bases[i];
		if (di >= h->dirnames.count)
			continue;
		dir = (const char *)h->data + dirs[di];
		int n = snprintf(file, sizeof(file), "%s%s", dir, base);
		if (n < 0 || (size_t)n >= sizeof(file))
			continue;
		if ((r = c->fn(c->ctx, h->str[0], file, (size_t)n)) < 0)
			return r == -ENOMEM ? r
					    : bw_errorf(err, r, path, 0, 0,
							"package file list too long");
	}
	return 0;
}

int pkg_rpm_sqlite_files(const char *path, const void *data, size_t len, pkg_rpm_file_fn fn,
			 void *ctx, struct bw_error *err)
{
	struct rpm_files_ctx c = {.fn = fn, .ctx = ctx};

	return rpm_sqlite_each(path, data, len, files_row, &c, err);
}

static bool in_list(const char *path, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(path, list[i]) == 0)
			return true;
	return false;
}

bool pkg_rpm_sqlite_path(const char *path)
{
	return in_list(path, rpm_sqlite_paths, BW_ARRAY_SIZE(rpm_sqlite_paths));
}

static size_t rpm_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	if (pkg_rpm_sqlite_path(path))
		return BW_MAX_PKG_FILE;
	if (in_list(path, rpm_bdb_paths, BW_ARRAY_SIZE(rpm_bdb_paths)))
		return 16; /* the magic number tells Berkeley DB from NDB */
	return 0;
}

static int rpm_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		     struct pkg_found *out, struct bw_error *err)
{
	if (in_list(f->path, rpm_bdb_paths, BW_ARRAY_SIZE(rpm_bdb_paths))) {
		bool ndb = bw_str_endswith(f->path, ".db");
		(void)len;
		return bw_errorf(err, -ENOTSUP, f->path, 0, 0,
				 "rpm database in %s format is not read: bulwark reads "
				 "rpmdb.sqlite (rpm >= 4.16); convert it with 'rpmdb "
				 "--rebuilddb --define \"_db_backend sqlite\"' in the image, or "
				 "scan an image built on a newer release",
				 ndb ? "NDB (SUSE)" : "Berkeley DB");
	}
	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0,
				 "rpm database larger than %u MiB, not read",
				 BW_MAX_PKG_FILE / (1024u * 1024u));
	return pkg_rpm_sqlite_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_rpm_cataloger = {
	.name = "rpm",
	.want = rpm_want,
	.parse = rpm_parse,
};
