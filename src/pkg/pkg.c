/* SPDX-License-Identifier: Apache-2.0 */
/* Package model helpers: result lists, the inventory, sorting and package URLs (purl spec:
 * type/namespace/name@version?qualifiers, components percent-encoded, qualifiers sorted). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "pkg/pkg.h"
#include "util/buf.h"
#include "util/grow.h"
#include "util/banned.h"

static const char *const type_names[PKG_TYPE_COUNT] = {
#define PKG_TYPE_NAME(id, name) [PKG_TYPE_##id] = name,
	PKG_TYPE_LIST(PKG_TYPE_NAME)
#undef PKG_TYPE_NAME
};

const char *pkg_type_name(enum pkg_type t)
{
	return (unsigned)t < PKG_TYPE_COUNT ? type_names[t] : "?";
}

int pkg_strset(char **field, const char *s, size_t n)
{
	char *c = strndup(s, n);

	if (!c)
		return -ENOMEM;
	free(*field);
	*field = c;
	return 0;
}

void pkg_package_release(struct pkg_package *p)
{
	free(p->name);
	free(p->version);
	free(p->source_name);
	free(p->source_version);
	free(p->arch);
	free(p->namespace_);
	free(p->licenses);
	free(p->path);
	free(p->purl);
	free(p->os_owner);
	*p = (struct pkg_package){0};
}

struct pkg_package *pkg_found_add(struct pkg_found *out, enum pkg_type type, const char *name,
				  const char *version)
{
	struct pkg_package *p;

	if (out->len >= BW_MAX_PKG_PACKAGES)
		return NULL;
	if (bw_grow((void **)&out->pkgs, &out->cap, out->len, sizeof(*out->pkgs)) < 0)
		return NULL;
	p = &out->pkgs[out->len];
	*p = (struct pkg_package){.type = type, .name = strdup(name), .version = strdup(version)};
	if (!p->name || !p->version) {
		pkg_package_release(p);
		return NULL;
	}
	out->len++;
	return p;
}

void pkg_found_release(struct pkg_found *f)
{
	for (size_t i = 0; i < f->len; i++)
		pkg_package_release(&f->pkgs[i]);
	free(f->pkgs);
	f->pkgs = NULL;
	f->len = f->cap = 0;
}

void pkg_os_release(struct pkg_os *os)
{
	free(os->id);
	free(os->version_id);
	free(os->codename);
	free(os->pretty_name);
	free(os->id_like);
	free(os->apk_branch);
	*os = (struct pkg_os){0};
}

void pkg_inventory_init(struct pkg_inventory *inv)
{
	*inv = (struct pkg_inventory){0};
}

void pkg_inventory_release(struct pkg_inventory *inv)
{
	for (size_t i = 0; i < inv->len; i++)
		pkg_package_release(&inv->pkgs[i]);
	for (size_t i = 0; i < inv->notes_len; i++) {
		free(inv->notes[i].cataloger);
		free(inv->notes[i].path);
		free(inv->notes[i].message);
	}
	free(inv->pkgs);
	free(inv->notes);
	pkg_os_release(&inv->os);
	*inv = (struct pkg_inventory){0};
}

int pkg_inventory_take(struct pkg_inventory *inv, struct pkg_package *p)
{
	if (inv->len >= BW_MAX_PKG_PACKAGES)
		return -E2BIG;
	if (bw_grow((void **)&inv->pkgs, &inv->cap, inv->len, sizeof(*inv->pkgs)) < 0)
		return -ENOMEM;
	inv->pkgs[inv->len++] = *p;
	*p = (struct pkg_package){0};
	return 0;
}

int pkg_inventory_note(struct pkg_inventory *inv, const char *cataloger, const char *path,
		       unsigned layer, const char *message)
{
	struct pkg_note n = {
		.cataloger = strdup(cataloger),
		.path = strdup(path),
		.layer = layer,
		.message = strdup(message),
	};

	if (!n.cataloger || !n.path || !n.message ||
	    bw_grow((void **)&inv->notes, &inv->notes_cap, inv->notes_len, sizeof(*inv->notes)) <
		    0) {
		free(n.cataloger);
		free(n.path);
		free(n.message);
		return -ENOMEM;
	}
	inv->notes[inv->notes_len++] = n;
	return 0;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int package_cmp(const void *a, const void *b)
{
	const struct pkg_package *x = a, *y = b;
	int c;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if ((c = strcmp0(x->namespace_, y->namespace_)) != 0)
		return c;
	if ((c = strcmp0(x->name, y->name)) != 0)
		return c;
	if ((c = strcmp0(x->version, y->version)) != 0)
		return c;
	if ((c = strcmp0(x->arch, y->arch)) != 0)
		return c;
	return strcmp0(x->path, y->path);
}

/* Appends s percent-encoded: everything but ALPHA DIGIT . - _ ~ (and '/' when keep_slash). */
static int purl_encode(struct bw_buf *b, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	int r = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p && r == 0; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_' || c == '~' || (keep_slash && c == '/')) {
			r = bw_buf_addc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			r = bw_buf_add(b, e, 3);
		}
	}
	return r;
}

/* Adds "?k=v" or "&k=v" (v encoded); qualifiers must be added in key order. */
static int purl_qualifier(struct bw_buf *b, bool *first, const char *key, const char *value)
{
	int r;

	if (!value || !*value)
		return 0;
	r = bw_buf_addc(b, *first ? '?' : '&');
	if (r == 0)
		r = bw_buf_adds(b, key);
	if (r == 0)
		r = bw_buf_addc(b, '=');
	if (r == 0)
		r = purl_encode(b, value, false);
	*first = false;
	return r;
}

/* The purl namespace a package type takes from the OS. */
static const char *os_namespace(const struct pkg_package *p, const struct pkg_os *os)
{
	const char *id = os ? os->id : NULL;

	switch (p->type) {
	case PKG_TYPE_DEB:
		return id && (strcmp(id, "ubuntu") == 0 || strcmp(id, "debian") == 0) ? id
										      : "debian";
	case PKG_TYPE_APK:
		return id ? id : "alpine";
	case PKG_TYPE_RPM:
		return id ? id : "redhat";
	case PKG_TYPE_PYPI:
	case PKG_TYPE_NPM:
	case PKG_TYPE_GOLANG:
	case PKG_TYPE_MAVEN:
	case PKG_TYPE_GEM:
	case PKG_TYPE_CARGO:
	case PKG_TYPE_COUNT:
		break;
	}
	return p->namespace_;
}

/* pypi names are normalised (purl spec, PEP 503). */
static int purl_name(struct bw_buf *b, const struct pkg_package *p)
{
	char *n;
	int r;

	if (p->type != PKG_TYPE_PYPI)
		return purl_encode(b, p->name, false);
	n = strdup(p->name);
	if (!n)
		return -ENOMEM;
	/* PEP 503: lower case, every run of '-', '_' and '.' becomes one '-' */
	char *o = n;
	for (const char *c = n; *c; c++) {
		if (*c == '-' || *c == '_' || *c == '.') {
			if (o == n || o[-1] != '-')
				*o++ = '-';
		} else {
			*o++ = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
		}
	}
	*o = '\0';
	r = purl_encode(b, n, false);
	free(n);
	return r;
}

char *pkg_purl(const struct pkg_package *p, const struct pkg_os *os)
{
	struct bw_buf b;
	const char *ns = os_namespace(p, os), *version = p->version, *colon;
	char *epoch = NULL, *distro = NULL, *upstream = NULL;
	bool first = true;
	int r;

	bw_buf_init(&b, 64 * 1024);
	r = bw_buf_printf(&b, "pkg:%s/", pkg_type_name(p->type));
	if (r == 0 && ns && *ns) {
		r = purl_encode(&b, ns, true);
		if (r == 0)
			r = bw_buf_addc(&b, '/');
	}
	if (r == 0)
		r = purl_name(&b, p);
	/* rpm carries its epoch as a qualifier; deb keeps it in the version (purl spec). */
	if (p->type == PKG_TYPE_RPM && (colon = strchr(version, ':')) != NULL) {
		epoch = strndup(version, (size_t)(colon - version));
		version = colon + 1;
		if (!epoch)
			r = -ENOMEM;
	}
	if (r == 0 && version && *version) {
		r = bw_buf_addc(&b, '@');
		if (r == 0)
			r = purl_encode(&b, version, false);
	}
	if (os && os->id && os->version_id && pkg_type_is_os(p->type) &&
	    asprintf(&distro, "%s-%s", os->id, os->version_id) < 0) {
		distro = NULL;
		r = -ENOMEM;
	}
	if (p->source_name && (strcmp(p->source_name, p->name) != 0 ||
			       (p->source_version && strcmp(p->source_version, p->version) != 0))) {
		int n = p->source_version && strcmp(p->source_version, p->version) != 0
				? asprintf(&upstream, "%s@%s", p->source_name, p->source_version)
				: asprintf(&upstream, "%s", p->source_name);
		if (n < 0) {
			upstream = NULL;
			r = -ENOMEM;
		}
	}
	if (r == 0)
		r = purl_qualifier(&b, &first, "arch", p->arch);
	if (r == 0)
		r = purl_qualifier(&b, &first, "distro", distro);
	if (r == 0)
		r = purl_qualifier(&b, &first, "epoch", epoch);
	if (r == 0)
		r = purl_qualifier(&b, &first, "upstream", upstream);
	free(epoch);
	free(distro);
	free(upstream);
	if (r < 0) {
		bw_buf_release(&b);
		return NULL;
	}
	return bw_buf_steal(&b);
}

int pkg_inventory_finish(struct pkg_inventory *inv)
{
	if (inv->len > 1)
		qsort(inv->pkgs, inv->len, sizeof(*inv->pkgs), package_cmp);
	for (size_t i = 0; i < inv->len; i++) {
		char *purl = pkg_purl(&inv->pkgs[i], &inv->os);
		if (!purl)
			return -ENOMEM;
		free(inv->pkgs[i].purl);
		inv->pkgs[i].purl = purl;
	}
	return 0;
}
