/* SPDX-License-Identifier: Apache-2.0 */
/* The Rust cataloger: Cargo.lock files ([[package]] tables with name, version, source).
 * Crates without a source are the workspace's own and are listed too. The crates built into
 * an executable by `cargo auditable` are read by cargo-auditable.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

#define CARGO_WANT_MAX (16u * 1024u * 1024u)

struct crate {
	const char *name, *version;
	size_t name_len, version_len;
};

static int crate_emit(const struct crate *c, struct pkg_found *out)
{
	char *n = NULL, *v = NULL;
	int r = 0;

	if (!c->name || !c->version)
		return 0;
	if (pkg_strset(&n, c->name, c->name_len) < 0 ||
	    pkg_strset(&v, c->version, c->version_len) < 0)
		r = -ENOMEM;
	else if (!pkg_found_add(out, PKG_TYPE_CARGO, n, v))
		r = out->len >= BW_MAX_PKG_PACKAGES ? -E2BIG : -ENOMEM;
	free(n);
	free(v);
	return r;
}

/* `key = "value"`: the value of a TOML string line for `key`. */
static bool toml_str(const char *line, size_t n, const char *key, const char **v, size_t *vn)
{
	size_t kn = strlen(key);
	const char *end = line + n, *p = line + kn, *q;

	if (n <= kn || memcmp(line, key, kn) != 0)
		return false;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p++ != '=')
		return false;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p != '"' || !(q = memchr(p + 1, '"', (size_t)(end - p - 1))) ||
	    q == p + 1 || memchr(p + 1, '\0', (size_t)(q - p - 1)))
		return false;
	*v = p + 1;
	*vn = (size_t)(q - p - 1);
	return true;
}

int pkg_cargo_lock_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			 struct bw_error *err)
{
	const char *end = data + len, *line = data;
	struct crate c = {0};
	bool in_pkg = false;
	int r = 0, lineno = 0;

	while (line < end && r == 0) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);
		lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		if (n && line[0] == '[') {
			if (in_pkg)
				r = crate_emit(&c, out);
			c = (struct crate){0};
			in_pkg = n == 11 && memcmp(line, "[[package]]", 11) == 0;
		} else if (in_pkg && !c.name && toml_str(line, n, "name", &c.name, &c.name_len)) {
		} else if (in_pkg && !c.version) {
			(void)toml_str(line, n, "version", &c.version, &c.version_len);
		}
		line = nl ? nl + 1 : end;
	}
	if (r == 0 && in_pkg)
		r = crate_emit(&c, out);
	return r == -E2BIG ? bw_errorf(err, r, path, lineno, 0, "too many crates") : r;
}

static size_t rust_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	if (strcmp(path, "Cargo.lock") != 0 && !bw_str_endswith(path, "/Cargo.lock"))
		return 0;
	return size < CARGO_WANT_MAX ? (size_t)size + 1 : CARGO_WANT_MAX;
}

static int rust_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		      struct pkg_found *out, struct bw_error *err)
{
	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0,
				 "Cargo.lock larger than %u MiB, not read",
				 CARGO_WANT_MAX / (1024u * 1024u));
	return pkg_cargo_lock_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_rust_cataloger = {
	.name = "rust",
	.want = rust_want,
	.parse = rust_parse,
};
