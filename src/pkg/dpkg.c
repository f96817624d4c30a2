/* SPDX-License-Identifier: Apache-2.0 */
/* The dpkg cataloger: var/lib/dpkg/status and distroless var/lib/dpkg/status.d/<pkg>, both
 * deb822 paragraphs. Lists installed packages with their source package and version; does not
 * read /usr/share/doc copyright files (licenses there are free text, not cheap). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/limits.h"
#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

#define DPKG_STATUS "var/lib/dpkg/status"
#define DPKG_STATUS_D "var/lib/dpkg/status.d/"

/* The fields we keep of one paragraph; each points into the input (not NUL-terminated). */
struct dpkg_para {
	const char *package, *version, *arch, *source, *status;
	size_t package_len, version_len, arch_len, source_len, status_len;
	int line; /* first line of the paragraph */
};

static bool field_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

/* Trims spaces and tabs on both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* "install ok installed" -> installed; a missing Status (distroless status.d) counts too. */
static bool para_installed(const struct dpkg_para *p)
{
	const char *s = p->status;
	size_t n = p->status_len;

	if (!s)
		return true;
	while (n && s[n - 1] == ' ')
		n--;
	size_t w = n;
	while (w && s[w - 1] != ' ')
		w--;
	return n - w == 9 && memcmp(s + w, "installed", 9) == 0;
}

static int para_emit(const struct dpkg_para *p, struct pkg_found *out)
{
	struct pkg_package *pkg;
	char *name = NULL, *version = NULL;
	int r = 0;

	if (!p->package || !p->version || !p->package_len || !p->version_len || !para_installed(p))
		return 0;
	/* a NUL inside a name or version: not a record dpkg wrote; skip it */
	if (memchr(p->package, '\0', p->package_len) || memchr(p->version, '\0', p->version_len))
		return 0;
	if (pkg_strset(&name, p->package, p->package_len) < 0 ||
	    pkg_strset(&version, p->version, p->version_len) < 0) {
		free(name);
		return -ENOMEM;
	}
	pkg = pkg_found_add(out, PKG_TYPE_DEB, name, version);
	free(name);
	if (!pkg) {
		free(version);
		return out->len >= BW_MAX_PKG_PACKAGES ? -E2BIG : -ENOMEM;
	}
	if (p->arch && p->arch_len)
		r = pkg_strset(&pkg->arch, p->arch, p->arch_len);
	if (r == 0 && p->source && p->source_len) {
		/* "Source: glibc (2.36-9+deb12u4)" or "Source: glibc" */
		const char *s = p->source, *paren = memchr(s, '(', p->source_len);
		size_t n = paren ? (size_t)(paren - s) : p->source_len;
		trim(&s, &n);
		if (n)
			r = pkg_strset(&pkg->source_name, s, n);
		if (r == 0 && paren) {
			const char *v = paren + 1;
			const char *close = memchr(v, ')', p->source_len - (size_t)(v - p->source));
			size_t vn = close ? (size_t)(close - v)
					  : p->source_len - (size_t)(v - p->source);
			trim(&v, &vn);
			if (vn)
				r = pkg_strset(&pkg->source_version, v, vn);
		}
	}
	if (r == 0 && pkg->source_name && !pkg->source_version)
		r = pkg_strset(&pkg->source_version, version, strlen(version));
	free(version);
	return r;
}

int pkg_dpkg_status_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			  struct bw_error *err)
{
	struct dpkg_para p = {0};
	const char *end = data + len, *line = data;
	int lineno = 0, r;
	bool in_para = false;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - line);
		lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0) { /* blank line: end of paragraph */
			if (in_para && (r = para_emit(&p, out)) < 0)
				return bw_errorf(err, r, path, lineno, 0, "too many packages");
			p = (struct dpkg_para){0};
			in_para = false;
		} else if (line[0] == ' ' || line[0] == '\t') {
			if (!in_para)
				return bw_errorf(err, -EINVAL, path, lineno, 1,
						 "continuation line outside a paragraph");
		} else if (line[0] == '#') {
			/* comment lines are allowed in deb822 */
		} else {
			const char *colon = memchr(line, ':', n);
			if (!colon)
				return bw_errorf(
					err, -EINVAL, path, lineno, 1,
					"line is neither 'Field: value' nor a continuation");
			size_t fn = (size_t)(colon - line);
			const char *v = colon + 1;
			size_t vn = n - fn - 1;
			trim(&v, &vn);
			if (!in_para)
				p.line = lineno;
			in_para = true;
			if (field_is(line, fn, "Package")) {
				p.package = v;
				p.package_len = vn;
			} else if (field_is(line, fn, "Version")) {
				p.version = v;
				p.version_len = vn;
			} else if (field_is(line, fn, "Architecture")) {
				p.arch = v;
				p.arch_len = vn;
			} else if (field_is(line, fn, "Source")) {
				p.source = v;
				p.source_len = vn;
			} else if (field_is(line, fn, "Status")) {
				p.status = v;
				p.status_len = vn;
			}
		}
		line = nl ? nl + 1 : end;
	}
	if (in_para && (r = para_emit(&p, out)) < 0)
		return bw_errorf(err, r, path, lineno, 0, "too many packages");
	return 0;
}

static size_t dpkg_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	if (strcmp(path, DPKG_STATUS) == 0)
		return BW_MAX_PKG_FILE;
	if (bw_str_startswith(path, DPKG_STATUS_D)) {
		const char *base = path + strlen(DPKG_STATUS_D);
		/* distroless keeps <pkg> and <pkg>.md5sums side by side */
		if (*base && !strchr(base, '/') && !bw_str_endswith(base, ".md5sums"))
			return BW_MAX_PKG_FILE;
	}
	return 0;
}

static int dpkg_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		      struct pkg_found *out, struct bw_error *err)
{
	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0,
				 "dpkg database larger than %u MiB, not read",
				 BW_MAX_PKG_FILE / (1024u * 1024u));
	return pkg_dpkg_status_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_dpkg_cataloger = {
	.name = "dpkg",
	.want = dpkg_want,
	.parse = dpkg_parse,
};
