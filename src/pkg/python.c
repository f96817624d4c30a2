/* SPDX-License-Identifier: Apache-2.0 */
/* The Python cataloger: installed distributions' core metadata (*.dist-info/METADATA,
 * *.egg-info/PKG-INFO, and Debian's single-file *.egg-info). Reads the RFC 822 header only
 * (Name, Version, License-Expression or License); never reads RECORD or imports anything. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

/* The header comes first and is small; the long description after it is never needed. */
#define PY_WANT_MAX (256u * 1024u)

static bool field_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

/* A value is usable when it is non-empty, has no NUL and is not the "UNKNOWN" placeholder. */
static bool value_ok(const char *v, size_t n)
{
	return n && !memchr(v, '\0', n) && !(n == 7 && memcmp(v, "UNKNOWN", 7) == 0);
}

int pkg_python_metadata_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			      struct bw_error *err)
{
	const char *end = data + len, *line = data;
	const char *name = NULL, *version = NULL, *lic = NULL, *licx = NULL;
	size_t name_len = 0, version_len = 0, lic_len = 0, licx_len = 0;
	char *n = NULL, *v = NULL;
	struct pkg_package *p;
	int r = 0;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t ln = (size_t)((nl ? nl : end) - line);
		if (ln && line[ln - 1] == '\r')
			ln--;
		if (ln == 0)
			break; /* end of the header: the description follows */
		const char *colon = memchr(line, ':', ln);
		if (colon && line[0] != ' ' && line[0] != '\t') {
			size_t fn = (size_t)(colon - line);
			const char *val = colon + 1;
			size_t vn = ln - fn - 1;
			while (vn && (*val == ' ' || *val == '\t')) {
				val++;
				vn--;
			}
			while (vn && (val[vn - 1] == ' ' || val[vn - 1] == '\t'))
				vn--;
			if (field_is(line, fn, "Name") && !name) {
				name = val;
				name_len = vn;
			} else if (field_is(line, fn, "Version") && !version) {
				version = val;
				version_len = vn;
			} else if (field_is(line, fn, "License") && !lic) {
				lic = val;
				lic_len = vn;
			} else if (field_is(line, fn, "License-Expression") && !licx) {
				licx = val;
				licx_len = vn;
			}
		}
		line = nl ? nl + 1 : end;
	}
	if (!name || !version || !value_ok(name, name_len) || !value_ok(version, version_len))
		return bw_errorf(err, -EINVAL, path, 0, 0,
				 "python metadata without a 'Name' and a 'Version'");
	if (pkg_strset(&n, name, name_len) < 0 || pkg_strset(&v, version, version_len) < 0) {
		free(n);
		return -ENOMEM;
	}
	p = pkg_found_add(out, PKG_TYPE_PYPI, n, v);
	free(n);
	free(v);
	if (!p)
		return -ENOMEM;
	if (licx && value_ok(licx, licx_len))
		r = pkg_strset(&p->licenses, licx, licx_len);
	else if (lic && value_ok(lic, lic_len) && !memchr(lic, '\n', lic_len))
		r = pkg_strset(&p->licenses, lic, lic_len);
	return r;
}

static size_t python_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	if (!bw_str_endswith(path, ".dist-info/METADATA") &&
	    !bw_str_endswith(path, ".egg-info/PKG-INFO") && !bw_str_endswith(path, ".egg-info"))
		return 0;
	return size < PY_WANT_MAX ? (size_t)size + 1 : PY_WANT_MAX;
}

static int python_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
			struct pkg_found *out, struct bw_error *err)
{
	(void)truncated; /* the header is at the start; a cut description does not matter */
	return pkg_python_metadata_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_python_cataloger = {
	.name = "python",
	.want = python_want,
	.parse = python_parse,
};
