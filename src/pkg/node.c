/* SPDX-License-Identifier: Apache-2.0 */
/* The Node cataloger: the package.json of each package installed under a node_modules folder
 * (node_modules/NAME/package.json, node_modules/@SCOPE/NAME/package.json, at any depth). An
 * application's own package.json elsewhere, and package.json files deeper inside an installed
 * package (test fixtures, sub-folders), are not installed packages and are not read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

#define NODE_WANT_MAX (1024u * 1024u)

/* Whether path is .../node_modules/NAME/package.json or .../node_modules/@S/NAME/package.json. */
static bool node_installed(const char *path)
{
	const char *end, *p, *q;

	if (!bw_str_endswith(path, "/package.json"))
		return false;
	end = path + strlen(path) - strlen("/package.json");
	/* p: start of the last component before package.json */
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	if (p == end || *p == '.')
		return false;
	if (p > path && p - 1 > path) {
		/* a scope: the component before starts with '@' */
		for (q = p - 1; q > path && q[-1] != '/'; q--)
			;
		if (*q == '@' && q < p - 1)
			p = q;
	}
	return (size_t)(p - path) >= strlen("node_modules/") &&
	       memcmp(p - strlen("node_modules/"), "node_modules/", strlen("node_modules/")) == 0 &&
	       (p - path == (long)strlen("node_modules/") ||
		p[-strlen("node_modules/") - 1] == '/');
}

static const char *license_of(json_t *root)
{
	json_t *l = json_object_get(root, "license");

	if (json_is_object(l))
		l = json_object_get(l, "type");
	if (json_is_string(l))
		return json_string_value(l);
	l = json_object_get(root, "licenses"); /* the old array form: first entry */
	if (json_is_array(l) && json_array_size(l) > 0) {
		l = json_array_get(l, 0);
		if (json_is_object(l))
			l = json_object_get(l, "type");
		if (json_is_string(l))
			return json_string_value(l);
	}
	return NULL;
}

int pkg_node_package_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			   struct bw_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	const char *name, *version, *lic, *slash;
	struct pkg_package *p;
	int r = 0;

	if (!root)
		return bw_errorf(err, -EINVAL, path, je.line, je.column, "invalid JSON: %s",
				 je.text);
	name = json_string_value(json_object_get(root, "name"));
	version = json_string_value(json_object_get(root, "version"));
	if (!json_is_object(root) || !name || !version || !*name || !*version) {
		json_decref(root);
		return bw_errorf(err, -EINVAL, path, 0, 0,
				 "package.json without a name and a version");
	}
	slash = name[0] == '@' ? strchr(name, '/') : NULL;
	p = pkg_found_add(out, PKG_TYPE_NPM, slash ? slash + 1 : name, version);
	if (!p)
		r = -ENOMEM;
	if (r == 0 && slash)
		r = pkg_strset(&p->namespace_, name, (size_t)(slash - name));
	if (r == 0 && (lic = license_of(root)) != NULL && *lic)
		r = pkg_strset(&p->licenses, lic, strlen(lic));
	json_decref(root);
	return r;
}

static size_t node_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	if (!node_installed(path))
		return 0;
	return size < NODE_WANT_MAX ? (size_t)size + 1 : NODE_WANT_MAX;
}

static int node_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		      struct pkg_found *out, struct bw_error *err)
{
	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0,
				 "package.json larger than %u KiB, not read",
				 NODE_WANT_MAX / 1024u);
	return pkg_node_package_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_node_cataloger = {
	.name = "node",
	.want = node_want,
	.parse = node_parse,
};
