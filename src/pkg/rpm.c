/* SPDX-License-Identifier: Apache-2.0 */
/* The rpm cataloger: rpmdb.sqlite (rpm >= 4.16: Fedora 33+, RHEL 9, UBI 9, Amazon Linux 2023),
 * opened from memory with sqlite3_deserialize, each Packages row an rpm header blob. Older
 * Berkeley DB (Packages) and SUSE NDB (Packages.db) databases are recognised and reported as
 * unreadable, with what they need, instead of silently yielding nothing. */
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
};

enum { RPM_INT32_TYPE = 4, RPM_STRING_TYPE = 6, RPM_I18NSTRING_TYPE = 9 };

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

struct rpm_hdr {
	const char *str[8]; /* name version release license arch sourcerpm, NUL-terminated */
	long epoch;	    /* -1 when absent */
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
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = b + 8 + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8);
		int slot = -1;

		if (off >= dl)
			continue;
		switch (tag) {
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
		if (type != RPM_STRING_TYPE && type != RPM_I18NSTRING_TYPE)
			continue;
		const char *s = (const char *)b + data_off + off;
		if (!memchr(s, '\0', dl - off)) /* unterminated: ignore the tag */
			continue;
		h->str[slot] = s;
	}
	return h->str[0] && h->str[1] ? 0 : -EINVAL;
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

int pkg_rpm_sqlite_parse(const char *path, const void *data, size_t len, struct pkg_found *out,
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
		int e = rpm_emit(&h, out);
		if (e < 0)
			return bw_errorf(err, e, path, 0, 0, "cannot add package");
	}
	if (r != SQLITE_DONE)
		return bw_errorf(err, -EINVAL, path, 0, 0, "cannot read rpm database: %s",
				 sqlite3_errmsg(db));
	return 0;
}

static bool in_list(const char *path, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(path, list[i]) == 0)
			return true;
	return false;
}

static size_t rpm_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	if (in_list(path, rpm_sqlite_paths, BW_ARRAY_SIZE(rpm_sqlite_paths)))
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
