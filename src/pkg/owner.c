/* SPDX-License-Identifier: Apache-2.0 */
/* The ownership cataloger: reads the OS package file lists (dpkg var/lib/dpkg/info/NAME.list,
 * apk lib/apk/db/installed, the rpmdb.sqlite headers through rpm.c) and, last of all
 * catalogers, marks each language package whose file an OS package installed
 * (pkg_package.os_owner). Keeps 16 bytes per listed path (a 64-bit hash and an owner index),
 * never the paths. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "pkg/pkg.h"
#include "util/grow.h"
#include "util/str.h"
#include "util/banned.h"

#define DPKG_INFO "var/lib/dpkg/info/"
#define APK_INSTALLED "lib/apk/db/installed"

struct owner_entry {
	uint64_t hash;	/* of the path relative to the root, no leading '/' */
	uint64_t owner; /* index into owner_set.owners */
};

struct owner_set {
	struct owner_entry *e;
	size_t len, cap;
	char **owners;
	size_t n_owners, cap_owners;
};

static uint64_t fnv_start(void)
{
	return 1469598103934665603ull;
}

static uint64_t fnv_add(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t path_hash(const char *path, size_t len)
{
	while (len && *path == '/') {
		path++;
		len--;
	}
	return fnv_add(fnv_start(), path, len);
}

static void owner_set_free(void *data)
{
	struct owner_set *s = data;

	if (!s)
		return;
	for (size_t i = 0; i < s->n_owners; i++)
		free(s->owners[i]);
	free(s->owners);
	free(s->e);
	free(s);
}

static int add_owner(struct owner_set *s, const char *name, size_t n)
{
	if (s->n_owners == s->cap_owners) {
		size_t nc = s->cap_owners ? s->cap_owners * 2 : 4;
		char **o = realloc(s->owners, nc * sizeof(*o));
		if (!o)
			return -ENOMEM;
		s->owners = o;
		s->cap_owners = nc;
	}
	s->owners[s->n_owners] = strndup(name, n);
	if (!s->owners[s->n_owners])
		return -ENOMEM;
	s->n_owners++;
	return 0;
}

static int add_hash(struct owner_set *s, uint64_t h)
{
	if (s->len >= BW_MAX_PKG_PACKAGES * 4ull)
		return -E2BIG;
	if (bw_grow((void **)&s->e, &s->cap, s->len, sizeof(*s->e)) < 0)
		return -ENOMEM;
	s->e[s->len++] = (struct owner_entry){.hash = h, .owner = s->n_owners - 1};
	return 0;
}

/* Adds "/usr/bin/x" (or "usr/bin/x"); also "usr/bin/x" for "/bin/x" and the like, since
 * merged-/usr images hold the file under usr/ while the list names the old place. */
static int add_path(struct owner_set *s, const char *p, size_t n)
{
	static const char *const merged[] = {"bin/", "sbin/", "lib/", "lib32/", "lib64/"};
	int r;

	while (n && *p == '/') {
		p++;
		n--;
	}
	if (n == 0 || (n == 1 && *p == '.'))
		return 0;
	if ((r = add_hash(s, path_hash(p, n))) < 0)
		return r;
	for (size_t i = 0; i < sizeof(merged) / sizeof(merged[0]); i++) {
		size_t m = strlen(merged[i]);
		if (n > m && memcmp(p, merged[i], m) == 0)
			return add_hash(s, fnv_add(fnv_add(fnv_start(), "usr/", 4), p, n));
	}
	return 0;
}

/* pkg_rpm_file_fn: one file of an rpm package; packages come one after another. */
static int add_rpm_file(void *ctx, const char *pkg, const char *file, size_t n)
{
	struct owner_set *s = ctx;
	int r;

	if ((!s->n_owners || strcmp(s->owners[s->n_owners - 1], pkg) != 0) &&
	    (r = add_owner(s, pkg, strlen(pkg))) < 0)
		return r;
	return add_path(s, file, n);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct owner_entry *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

int pkg_owner_list_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			 struct bw_error *err)
{
	struct owner_set *s = calloc(1, sizeof(*s));
	const char *end = data + len, *line = data, *cur_dir = "";
	size_t cur_dir_len = 0;
	bool apk = strcmp(path, APK_INSTALLED) == 0;
	int r = 0;

	if (!s)
		return -ENOMEM;
	if (pkg_rpm_sqlite_path(path)) {
		line = end; /* the headers hold the lists */
		r = pkg_rpm_sqlite_files(path, data, len, add_rpm_file, s, err);
	} else if (!apk) {
		/* var/lib/dpkg/info/NAME[:ARCH].list */
		const char *base = path + strlen(DPKG_INFO), *colon = strchr(base, ':');
		size_t n = colon ? (size_t)(colon - base) : strlen(base) - strlen(".list");
		r = add_owner(s, base, n);
	}
	while (r == 0 && line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);
		if (n && line[n - 1] == '\r')
			n--;
		if (memchr(line, '\0', n)) {
			/* not a list dpkg or apk wrote: skip the line */
		} else if (!apk) {
			r = add_path(s, line, n);
		} else if (n >= 2 && line[1] == ':') {
			if (line[0] == 'P') {
				r = add_owner(s, line + 2, n - 2);
			} else if (line[0] == 'F') {
				cur_dir = line + 2;
				cur_dir_len = n - 2;
			} else if (line[0] == 'R' && s->n_owners) {
				char buf[BW_MAX_PKG_FIELD < 8192 ? BW_MAX_PKG_FIELD : 8192];
				if (cur_dir_len + 1 + n - 2 <= sizeof(buf)) {
					memcpy(buf, cur_dir, cur_dir_len);
					buf[cur_dir_len] = '/';
					memcpy(buf + cur_dir_len + 1, line + 2, n - 2);
					r = add_path(s, buf, cur_dir_len + 1 + n - 2);
				}
			}
		} else if (n == 0) {
			cur_dir = "";
			cur_dir_len = 0;
		}
		line = nl ? nl + 1 : end;
	}
	if (r < 0) {
		owner_set_free(s);
		return r == -ENOMEM || (err && err->msg[0])
			       ? r
			       : bw_errorf(err, r, path, 0, 0, "package file list too long");
	}
	if (s->len > 1)
		qsort(s->e, s->len, sizeof(*s->e), entry_cmp);
	out->data = s;
	return 0;
}

const char *pkg_owner_lookup(const struct pkg_found *f, const char *path)
{
	const struct owner_set *s = f->data;
	struct owner_entry key = {.hash = path_hash(path, strlen(path))};
	const struct owner_entry *hit;

	if (!s || !s->len)
		return NULL;
	hit = bsearch(&key, s->e, s->len, sizeof(*s->e), entry_cmp);
	return hit ? s->owners[hit->owner] : NULL;
}

static size_t owner_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	if (strcmp(path, APK_INSTALLED) == 0 || pkg_rpm_sqlite_path(path))
		return BW_MAX_PKG_FILE;
	if (bw_str_startswith(path, DPKG_INFO) && bw_str_endswith(path, ".list") &&
	    !strchr(path + strlen(DPKG_INFO), '/') && strlen(path) > strlen(DPKG_INFO ".list"))
		return BW_MAX_PKG_FILE;
	return 0;
}

static int owner_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		       struct pkg_found *out, struct bw_error *err)
{
	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0,
				 "file list larger than %u MiB, not read",
				 BW_MAX_PKG_FILE / (1024u * 1024u));
	return pkg_owner_list_parse(f->path, data, len, out, err);
}

int pkg_owner_apply(struct pkg_inventory *inv, struct pkg_survivor *res, size_t n)
{
	for (size_t i = 0; i < inv->len; i++) {
		struct pkg_package *p = &inv->pkgs[i];
		if (pkg_type_is_os(p->type) || !p->path || p->os_owner)
			continue;
		for (size_t k = 0; k < n; k++) {
			const char *o = pkg_owner_lookup(res[k].found, p->path);
			if (o) {
				if (!(p->os_owner = strdup(o)))
					return -ENOMEM;
				break;
			}
		}
	}
	return 0;
}

static int owner_finish(struct pkg_inventory *inv, struct pkg_survivor *res, size_t n,
			struct bw_error *err)
{
	(void)err;
	return pkg_owner_apply(inv, res, n);
}

const struct pkg_cataloger pkg_owner_cataloger = {
	.name = "owner",
	.want = owner_want,
	.parse = owner_parse,
	.finish = owner_finish,
	.free_data = owner_set_free,
};
