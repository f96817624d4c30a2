/* SPDX-License-Identifier: Apache-2.0 */
/* The OS cataloger: etc/os-release (or usr/lib/os-release), with etc/debian_version and
 * etc/alpine-release as fallbacks, the Alpine branch etc/apk/repositories uses, and distroless
 * detection (a dpkg status.d database without a status file, or os-release naming
 * Distroless). Lists no packages. */
#include <errno.h>
#include <stdio.h>
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
	OS_FILE_APK_REPOSITORIES,
	OS_FILE_COUNT
};

static const char *const os_paths[OS_FILE_COUNT] = {
	[OS_FILE_ETC_OS_RELEASE] = "etc/os-release",
	[OS_FILE_LIB_OS_RELEASE] = "usr/lib/os-release",
	[OS_FILE_ALPINE_RELEASE] = "etc/alpine-release",
	[OS_FILE_DEBIAN_VERSION] = "etc/debian_version",
	[OS_FILE_DPKG_STATUS] = "var/lib/dpkg/status",
	[OS_FILE_DPKG_STATUS_D] = "var/lib/dpkg/status.d/",
	[OS_FILE_APK_REPOSITORIES] = "etc/apk/repositories",
};

struct os_data {
	enum os_file kind;
	struct pkg_os os; /* os-release files */
	char *text;	  /* first line of the *_release / *_version files; the apk branch */
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

/* The branch of one repository line ("https://dl-cdn.alpinelinux.org/alpine/edge/main":
 * "edge"; ".../v3.18/community": "v3.18"): the next-to-last path segment, when it is "edge" or
 * "vX.Y". Lines pinned with "@tag" serve only the packages pinned to them and are skipped. */
static bool apk_repo_branch(const char *s, size_t n, char *out, size_t outlen)
{
	while (n && (s[n - 1] == '/' || s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (!n || *s == '#' || *s == '@')
		return false;
	const char *last = s + n;
	while (last > s && last[-1] != '/')
		last--;
	if (last == s)
		return false;
	const char *seg = last - 1;
	while (seg > s && seg[-1] != '/')
		seg--;
	size_t sl = (size_t)(last - 1 - seg),
	       maj = sl > 1 && seg[0] == 'v' ? strspn(seg + 1, "0123456789") : 0;
	bool ver = maj && 1 + maj < sl && seg[1 + maj] == '.' &&
		   2 + maj + strspn(seg + 2 + maj, "0123456789") == sl && 2 + maj < sl;
	if ((!ver && !(sl == 4 && memcmp(seg, "edge", 4) == 0)) || sl >= outlen)
		return false;
	memcpy(out, seg, sl);
	out[sl] = '\0';
	return true;
}

/* The branch etc/apk/repositories uses: "edge" when a repository is edge (its packages are
 * newer than any release's), else the newest "vX.Y" named; NULL when none is. */
static int apk_repositories_parse(const char *data, size_t len, char **ret)
{
	const char *end = data + len;
	char best[32] = "", b[32];
	unsigned bmaj = 0, bmin = 0;

	for (const char *line = data; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);
		unsigned maj = 0, min = 0;
		if (apk_repo_branch(line, n, b, sizeof(b)) && strcmp(best, "edge") != 0 &&
		    (strcmp(b, "edge") == 0 ||
		     (sscanf(b, "v%u.%u", &maj, &min) == 2 &&
		      (!best[0] || maj > bmaj || (maj == bmaj && min > bmin))))) {
			memcpy(best, b, sizeof(best));
			bmaj = maj;
			bmin = min;
		}
		line = nl ? nl + 1 : end;
	}
	return best[0] ? pkg_strset(ret, best, strlen(best)) : 0;
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
	} else if (k == OS_FILE_APK_REPOSITORIES) {
		r = apk_repositories_parse(data, len, &d->text);
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
	const struct os_data *repo = by_kind[OS_FILE_APK_REPOSITORIES];
	if (r == 0 && repo && os->id && strcmp(os->id, "alpine") == 0)
		r = set_if_unset(&os->apk_branch, repo->text);
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
