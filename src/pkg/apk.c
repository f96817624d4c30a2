/* SPDX-License-Identifier: Apache-2.0 */
/* The apk cataloger: lib/apk/db/installed, one "K:value" line per field and a blank line
 * between packages. Keeps name, version, arch, origin (the source package) and license. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "pkg/pkg.h"
#include "util/banned.h"

#define APK_INSTALLED "lib/apk/db/installed"

struct apk_record {
	const char *field[128]; /* indexed by the one-letter key */
	size_t len[128];
};

static int record_emit(const struct apk_record *a, struct pkg_found *out)
{
	struct pkg_package *pkg;
	char *name = NULL, *version = NULL;
	int r = 0;

	if (!a->field['P'] || !a->field['V'] || !a->len['P'] || !a->len['V'])
		return 0; /* apk itself skips records without a name or version */
	if (memchr(a->field['P'], '\0', a->len['P']) || memchr(a->field['V'], '\0', a->len['V']))
		return 0; /* a NUL inside: not a record apk wrote */
	if (pkg_strset(&name, a->field['P'], a->len['P']) < 0 ||
	    pkg_strset(&version, a->field['V'], a->len['V']) < 0) {
		free(name);
		return -ENOMEM;
	}
	pkg = pkg_found_add(out, PKG_TYPE_APK, name, version);
	free(name);
	if (!pkg) {
		free(version);
		return out->len >= BW_MAX_PKG_PACKAGES ? -E2BIG : -ENOMEM;
	}
	if (a->field['A'] && a->len['A'])
		r = pkg_strset(&pkg->arch, a->field['A'], a->len['A']);
	if (r == 0 && a->field['o'] && a->len['o']) {
		r = pkg_strset(&pkg->source_name, a->field['o'], a->len['o']);
		if (r == 0)
			r = pkg_strset(&pkg->source_version, version, strlen(version));
	}
	if (r == 0 && a->field['L'] && a->len['L'])
		r = pkg_strset(&pkg->licenses, a->field['L'], a->len['L']);
	free(version);
	return r;
}

int pkg_apk_installed_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			    struct bw_error *err)
{
	struct apk_record a = {0};
	const char *end = data + len, *line = data;
	bool in_record = false;
	int lineno = 0, r;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);
		lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0) {
			if (in_record && (r = record_emit(&a, out)) < 0)
				return bw_errorf(err, r, path, lineno, 0, "cannot add package");
			a = (struct apk_record){0};
			in_record = false;
		} else if (n < 2 || line[1] != ':' || (unsigned char)line[0] >= 128) {
			return bw_errorf(err, -EINVAL, path, lineno, 1,
					 "line is not 'K:value' (one-letter key, colon)");
		} else {
			unsigned k = (unsigned char)line[0];
			/* R:, a:, Z: repeat per file; only the first of a key is kept */
			if (!a.field[k]) {
				a.field[k] = line + 2;
				a.len[k] = n - 2;
			}
			in_record = true;
		}
		line = nl ? nl + 1 : end;
	}
	if (in_record && (r = record_emit(&a, out)) < 0)
		return bw_errorf(err, r, path, lineno, 0, "cannot add package");
	return 0;
}

static size_t apk_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	return strcmp(path, APK_INSTALLED) == 0 ? BW_MAX_PKG_FILE : 0;
}

static int apk_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		     struct pkg_found *out, struct bw_error *err)
{
	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0,
				 "apk database larger than %u MiB, not read",
				 BW_MAX_PKG_FILE / (1024u * 1024u));
	return pkg_apk_installed_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_apk_cataloger = {
	.name = "apk",
	.want = apk_want,
	.parse = apk_parse,
};
