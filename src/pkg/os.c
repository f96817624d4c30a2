/* SPDX-License-Identifier: Apache-2.0 */
/* The OS cataloger: etc/os-release (or usr/lib/os-release), with etc/debian_version and
 * etc/alpine-release as fallbacks, and distroless detection (a dpkg status.d database
 * without a status file, or os-release naming Distroless). Lists no packages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

enum os_file {
	OS_FILE_ETC_OS_RELEASE,
	OS_FILE_LIB_OS_RELEASE,
	OS_FILE_ALPINE_RELEASE,
	OS_FILE_DEBIAN_VERSION,
	OS_FILE_DPKG_STATUS,
	OS_FILE_DPKG_STATUS_D,
	OS_FILE_COUNT
};

static const char *const os_paths[OS_FILE_COUNT] = {
	[OS_FILE_ETC_OS_RELEASE] = "etc/os-release",
	[OS_FILE_LIB_OS_RELEASE] = "usr/lib/os-release",
	[OS_FILE_ALPINE_RELEASE] = "etc/alpine-release",
	[OS_FILE_DEBIAN_VERSION] = "etc/debian_version",
	[OS_FILE_DPKG_STATUS] = "var/lib/dpkg/status",
	[OS_FILE_DPKG_STATUS_D] = "var/lib/dpkg/status.d/",
};

struct os_data {
	enum os_file kind;
	struct pkg_os os; /* os-release files */
	char *text;	  /* first line of the *_release / *_version files */
};

static int os_kind(const char *path)
{
	for (int i = 0; i < OS_FILE_COUNT; i++)
		if (i == OS_FILE_DPKG_STATUS_D ? bw_str_startswith(path, os_paths[i])
					       : strcmp(path, os_paths[i]) == 0)
			return i;
	return -1;
}

static size_t os_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	int k = os_kind(path);
	if (k < 0)
		return 0;
	if (k == OS_FILE_DPKG_STATUS || k == OS_FILE_DPKG_STATUS_D)
		return 1; /* existence is all we need */
	return 64 * 1024;
}

/* Unquotes an os-release value in place ("...", '...', backslash escapes). */
static void unquote(char *v)
{
	char q = v[0], *w = v;
	size_t n = strlen(v);

	if ((q != '"' && q != '\'') || n < 2 || v[n - 1] != q)
		return;
	v[n - 1] = '\0';
	for (char *r = v + 1; *r; r++) {
		if (q == '"' && *r == '\\' && r[1])
			r++;
		*w++ = *r;
	}
	*w = '\0';
}

int pkg_os_release_parse(const char *data, size_t len, struct pkg_os *os)
{
	const char *end = data + len, *line = data;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);
		const char *eq = memchr(line, '=', n);
		char **field = NULL;

		if (eq && line[0] != '#') {
			size_t kn = (size_t)(eq - line);
			if (kn == 2 && memcmp(line, "ID", 2) == 0)
				field = &os->id;
			else if (kn == 10 && memcmp(line, "VERSION_ID", 10) == 0)
				field = &os->version_id;
			else if (kn == 16 && memcmp(line, "VERSION_CODENAME", 16) == 0)
				field = &os->codename;
			else if (kn == 11 && memcmp(line, "PRETTY_NAME", 11) == 0)
				field = &os->pretty_name;
			else if (kn == 7 && memcmp(line, "ID_LIKE", 7) == 0)
				field = &os->id_like;
			else if (kn == 8 && memcmp(line, "HOME_URL", 8) == 0 &&
				 memmem(eq, n - kn, "distroless", 10))
				os->distroless = true;
		}
		if (field) {
			size_t vn = n - (size_t)(eq - line) - 1;
			if (vn && eq[vn] == '\r')
				vn--;
			if (pkg_strset(field, eq + 1, vn) < 0)
				return -ENOMEM;
			unquote(*field);
			if (!**field) {
				free(*field);
				*field = NULL;
			}
		}
		line = nl ? nl + 1 : end;
	}
	if (os->pretty_name && strcmp(os->pretty_name, "Distroless") == 0)
		os->distroless = true;
	return 0;
}

static void os_data_free(void *p)
{
	struct os_data *d = p;

	if (!d)
		return;
	pkg_os_release(&d->os);
	free(d->text);
	free(d);
}

static int os_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		    struct pkg_found *out, struct bw_error *err)
{
	struct os_data *d = calloc(1, sizeof(*d));
	int k = os_kind(f->path), r = 0;

	(void)truncated;
	(void)err;
	if (!d)
		return -ENOMEM;
	d->kind = (enum os_file)k;
	if (k == OS_FILE_ETC_OS_RELEASE || k == OS_FILE_LIB_OS_RELEASE) {
		r = pkg_os_release_parse(data, len, &d->os);
	} else if (k == OS_FILE_ALPINE_RELEASE || k == OS_FILE_DEBIAN_VERSION) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - (const char *)data) : len;
		r = pkg_strset(&d->text, data, n);
	}
	if (r < 0) {
		os_data_free(d);
		return r;
	}
	out->data = d;
	return 0;
}

static int set_if_unset(char **field, const char *s)
{
	if (*field || !s || !*s)
		return 0;
	return pkg_strset(field, s, strlen(s));
}

static int os_finish(struct pkg_inventory *inv, struct pkg_survivor *res, size_t n,
		     struct bw_error *err)
{
	const struct os_data *by_kind[OS_FILE_COUNT] = {0};
	struct pkg_os *os = &inv->os;
	int r = 0;

	(void)err;
	for (size_t i = 0; i < n; i++) {
		const struct os_data *d = res[i].found->data;
		if (d && (unsigned)d->kind < OS_FILE_COUNT)
			by_kind[d->kind] = d;
	}
	const struct os_data *rel = by_kind[OS_FILE_ETC_OS_RELEASE]
					    ? by_kind[OS_FILE_ETC_OS_RELEASE]
					    : by_kind[OS_FILE_LIB_OS_RELEASE];
	if (rel) {
		r = set_if_unset(&os->id, rel->os.id);
		if (r == 0)
			r = set_if_unset(&os->version_id, rel->os.version_id);
		if (r == 0)
			r = set_if_unset(&os->codename, rel->os.codename);
		if (r == 0)
			r = set_if_unset(&os->pretty_name, rel->os.pretty_name);
		if (r == 0)
			r = set_if_unset(&os->id_like, rel->os.id_like);
		os->distroless = rel->os.distroless;
	}
	const struct os_data *alp = by_kind[OS_FILE_ALPINE_RELEASE];
	if (r == 0 && alp && (!os->id || strcmp(os->id, "alpine") == 0)) {
		r = set_if_unset(&os->id, "alpine");
		if (r == 0)
			r = set_if_unset(&os->version_id, alp->text);
	}
	const struct os_data *deb = by_kind[OS_FILE_DEBIAN_VERSION];
	if (r == 0 && deb && deb->text && !os->id) {
		/* "12.5" -> 12; "trixie/sid" is a codename, not a version */
		r = set_if_unset(&os->id, "debian");
		if (r == 0 && deb->text[0] >= '0' && deb->text[0] <= '9')
			r = pkg_strset(&os->version_id, deb->text, strcspn(deb->text, "."));
	}
	if (by_kind[OS_FILE_DPKG_STATUS_D] && !by_kind[OS_FILE_DPKG_STATUS])
		os->distroless = true;
	return r;
}

const struct pkg_cataloger pkg_os_cataloger = {
	.name = "os",
	.want = os_want,
	.parse = os_parse,
	.finish = os_finish,
	.free_data = os_data_free,
};
