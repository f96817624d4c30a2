/* SPDX-License-Identifier: Apache-2.0 */
/* The Ruby cataloger: the gemspecs RubyGems writes for installed gems
 * (.../specifications/NAME-VERSION.gemspec). Reads the `s.name`, `s.version` and `s.licenses`
 * assignments as text; never evaluates Ruby. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

#define GEM_WANT_MAX (256u * 1024u)

/* The first quoted string after `.ATTR =` on a line, e.g. `s.name = "rake".freeze`. */
static bool gem_attr(const char *line, size_t n, const char *attr, const char **v, size_t *vn)
{
	const char *end = line + n, *p = line;
	size_t an = strlen(attr);

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p != '.' && *p != ' ')
		p++; /* the block variable: s, spec, gem... */
	if (p >= end || *p != '.' || (size_t)(end - p - 1) < an || memcmp(p + 1, attr, an) != 0)
		return false;
	p += 1 + an;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '=')
		return false;
	p++;
	while (p < end && *p != '"' && *p != '\'' && *p != '\n')
		p++;
	if (p >= end || (*p != '"' && *p != '\''))
		return false;
	const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
	if (!q || q == p + 1)
		return false;
	*v = p + 1;
	*vn = (size_t)(q - p - 1);
	return !memchr(*v, '\0', *vn);
}

int pkg_ruby_gemspec_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			   struct bw_error *err)
{
	const char *end = data + len, *line = data, *name = NULL, *version = NULL, *lic = NULL;
	size_t name_len = 0, version_len = 0, lic_len = 0;
	char *n = NULL, *v = NULL;
	struct pkg_package *p;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t ln = (size_t)((nl ? nl : end) - line);
		if (!name)
			(void)gem_attr(line, ln, "name", &name, &name_len);
		if (!version)
			(void)gem_attr(line, ln, "version", &version, &version_len);
		if (!lic && !gem_attr(line, ln, "licenses", &lic, &lic_len))
			(void)gem_attr(line, ln, "license", &lic, &lic_len);
		line = nl ? nl + 1 : end;
	}
	if (!name || !version)
		return bw_errorf(err, -EINVAL, path, 0, 0, "gemspec without a name and a version");
	if (pkg_strset(&n, name, name_len) < 0 || pkg_strset(&v, version, version_len) < 0) {
		free(n);
		return -ENOMEM;
	}
	p = pkg_found_add(out, PKG_TYPE_GEM, n, v);
	free(n);
	free(v);
	if (!p)
		return -ENOMEM;
	return lic ? pkg_strset(&p->licenses, lic, lic_len) : 0;
}

static size_t ruby_want(const char *path, unsigned mode, uint64_t size)
{
	const char *slash;

	(void)mode;
	if (!bw_str_endswith(path, ".gemspec") || !(slash = strrchr(path, '/')))
		return 0;
	if ((size_t)(slash - path) < strlen("specifications") ||
	    memcmp(slash - strlen("specifications"), "specifications", strlen("specifications")))
		return 0;
	return size < GEM_WANT_MAX ? (size_t)size + 1 : GEM_WANT_MAX;
}

static int ruby_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		      struct pkg_found *out, struct bw_error *err)
{
	(void)truncated; /* name and version come first */
	return pkg_ruby_gemspec_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_ruby_cataloger = {
	.name = "ruby",
	.want = ruby_want,
	.parse = ruby_parse,
};
