/* SPDX-License-Identifier: Apache-2.0 */
/* The Java cataloger: .jar/.war/.ear archives read from memory with libarchive (size-bounded).
 * Each META-INF/maven/G/A/pom.properties is a package; without one, META-INF/MANIFEST.MF
 * (Implementation-/Bundle- headers) or the file name names it. Jars inside (WEB-INF/lib,
 * BOOT-INF/lib...) are read one level down, never deeper. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "pkg/pkg.h"
#include "util/str.h"
#include "util/banned.h"

#define JAVA_WANT_MAX (16u * 1024u * 1024u)  /* an outer archive held in memory */
#define JAVA_NESTED_MAX (4u * 1024u * 1024u) /* a jar inside it */
#define JAVA_TEXT_MAX (64u * 1024u)	     /* pom.properties, MANIFEST.MF */
#define JAVA_MAX_ENTRIES 200000u

static bool is_archive_name(const char *p)
{
	return bw_str_endswith(p, ".jar") || bw_str_endswith(p, ".war") ||
	       bw_str_endswith(p, ".ear") || bw_str_endswith(p, ".JAR");
}

/* The value of `key` in "key=value" (properties) or "Key: value" (manifest) text, trimmed;
 * manifest continuation lines (leading space) are not joined (versions never need them). */
static bool text_value(const char *t, size_t n, const char *key, char sep, const char **v,
		       size_t *vn)
{
	const char *end = t + n, *line = t;
	size_t kn = strlen(key);

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t ln = (size_t)((nl ? nl : end) - line);
		if (ln && line[ln - 1] == '\r')
			ln--;
		if (ln > kn && strncasecmp(line, key, kn) == 0) {
			const char *p = line + kn, *e = line + ln;
			while (p < e && *p == ' ')
				p++;
			if (p < e && *p == sep) {
				p++;
				while (p < e && (*p == ' ' || *p == '\t'))
					p++;
				while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
					e--;
				if (e > p && !memchr(p, '\0', (size_t)(e - p))) {
					*v = p;
					*vn = (size_t)(e - p);
					return true;
				}
			}
		}
		line = nl ? nl + 1 : end;
	}
	return false;
}

static int add_maven(struct pkg_found *out, const char *g, size_t gn, const char *a, size_t an,
		     const char *v, size_t vn, const char *path)
{
	char *name = NULL, *ver = NULL;
	struct pkg_package *p;
	int r = 0;

	if (pkg_strset(&name, a, an) < 0 || pkg_strset(&ver, v, vn) < 0) {
		free(name);
		return -ENOMEM;
	}
	p = pkg_found_add(out, PKG_TYPE_MAVEN, name, ver);
	free(name);
	free(ver);
	if (!p)
		return -ENOMEM;
	if (g && gn)
		r = pkg_strset(&p->namespace_, g, gn);
	if (r == 0 && path)
		r = pkg_strset(&p->path, path, strlen(path));
	return r;
}

/* Package from a manifest, or failing that from "name-1.2.3.jar". */
static int add_fallback(struct pkg_found *out, const char *mf, size_t mfn, const char *file,
			const char *path)
{
	const char *n = NULL, *v = NULL, *g = NULL;
	size_t nn = 0, vn = 0, gn = 0;

	if (mf) {
		if (!text_value(mf, mfn, "Implementation-Title", ':', &n, &nn))
			(void)text_value(mf, mfn, "Bundle-SymbolicName", ':', &n, &nn);
		if (!text_value(mf, mfn, "Implementation-Version", ':', &v, &vn))
			(void)text_value(mf, mfn, "Bundle-Version", ':', &v, &vn);
		(void)text_value(mf, mfn, "Implementation-Vendor-Id", ':', &g, &gn);
	}
	if (n && memchr(n, ';', nn)) /* "org.foo.bar;singleton:=true" */
		nn = (size_t)((const char *)memchr(n, ';', nn) - n);
	if (!n || !v) {
		/* the file name: "commons-io-2.11.0.jar" */
		const char *base = strrchr(file, '/'), *dot;
		base = base ? base + 1 : file;
		dot = strrchr(base, '.');
		for (const char *d = base; dot && d < dot; d++) {
			if (*d == '-' && d[1] >= '0' && d[1] <= '9') {
				if (!n) {
					n = base;
					nn = (size_t)(d - base);
				}
				if (!v) {
					v = d + 1;
					vn = (size_t)(dot - d - 1);
				}
				break;
			}
		}
	}
	if (!n || !v || !nn || !vn)
		return 0;
	return add_maven(out, g, gn, n, nn, v, vn, path);
}

static int read_entry(struct archive *a, size_t max, char **data, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap * 2 > max ? max : cap * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		la_ssize_t got = archive_read_data(a, buf + n, cap - n);
		if (got < 0) {
			free(buf);
			return -EINVAL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*data = buf;
	*len = n;
	return 0;
}

/* Walks one archive; `path` names it ("app.war" or "app.war!/WEB-INF/lib/x.jar"). */
static int java_read(const char *path, const void *data, size_t len, int depth,
		     struct pkg_found *out, struct bw_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *mf = NULL;
	size_t mfn = 0, entries = 0, before = out->len;
	int r = 0, rr;

	if (!a)
		return -ENOMEM;
	archive_read_support_format_zip_streamable(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		r = bw_errorf(err, -EINVAL, path, 0, 0, "not a zip archive: %s",
			      archive_error_string(a) ? archive_error_string(a) : "?");
		goto out;
	}
	while (r == 0 && (rr = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		char *text = NULL;
		size_t tn = 0;
		if (!name || ++entries > JAVA_MAX_ENTRIES)
			break;
		if (bw_str_startswith(name, "META-INF/maven/") &&
		    bw_str_endswith(name, "/pom.properties")) {
			if ((r = read_entry(a, JAVA_TEXT_MAX, &text, &tn)) == 0) {
				const char *g, *ar, *v;
				size_t gn, an, vn;
				if (text_value(text, tn, "groupId", '=', &g, &gn) &&
				    text_value(text, tn, "artifactId", '=', &ar, &an) &&
				    text_value(text, tn, "version", '=', &v, &vn))
					r = add_maven(out, g, gn, ar, an, v, vn,
						      depth ? path : NULL);
				free(text);
			} else if (r != -ENOMEM) {
				r = 0;
			}
		} else if (strcmp(name, "META-INF/MANIFEST.MF") == 0 && !mf) {
			if ((r = read_entry(a, JAVA_TEXT_MAX, &mf, &mfn)) < 0 && r != -ENOMEM)
				r = 0;
		} else if (depth == 0 && is_archive_name(name) &&
			   archive_entry_size(e) <= (la_int64_t)JAVA_NESTED_MAX) {
			if ((r = read_entry(a, JAVA_NESTED_MAX, &text, &tn)) == 0) {
				char *inner = NULL;
				if (asprintf(&inner, "%s!/%s", path, name) < 0) {
					r = -ENOMEM;
				} else {
					struct bw_error ie = {0};
					r = java_read(inner, text, tn, 1, out, &ie);
					if (r != -ENOMEM)
						r = 0; /* a broken inner jar: the rest still counts
							*/
					free(inner);
				}
				free(text);
			} else if (r != -ENOMEM) {
				r = 0;
			}
		}
	}
	/* no pom.properties: the manifest or the file name names the archive */
	if (r == 0 && out->len == before)
		r = add_fallback(out, mf, mfn, path, depth ? path : NULL);
out:
	free(mf);
	archive_read_free(a);
	return r;
}

int pkg_java_archive_parse(const char *path, const void *data, size_t len, struct pkg_found *out,
			   struct bw_error *err)
{
	return java_read(path, data, len, 0, out, err);
}

static size_t java_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	if (!is_archive_name(path))
		return 0;
	return size < JAVA_WANT_MAX ? (size_t)size + 1 : JAVA_WANT_MAX;
}

static int java_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		      struct pkg_found *out, struct bw_error *err)
{
	/* the streamable zip reader needs no central directory: a cut archive yields what
	 * precedes the cut */
	(void)truncated;
	return pkg_java_archive_parse(f->path, data, len, out, err);
}

const struct pkg_cataloger pkg_java_cataloger = {
	.name = "java",
	.want = java_want,
	.parse = java_parse,
};
