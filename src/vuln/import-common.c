/* SPDX-License-Identifier: Apache-2.0 */
/* What the importers share: feed names, a JSON member splitter (so each record parses alone
 * and a bad one is reported where it is), YAML to jansson conversion, OSV event intervals,
 * PEP 503 names, and the walk over files, folders and archives. */
#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/grow.h"
#include "vuln/import.h"
#include "vuln/vuln-internal.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

/* Largest single feed file we read: the Debian tracker JSON is ~70 MiB today. */
#define VULN_MAX_FEED_FILE (1024u * 1024u * 1024u)
/* Files one import walks in a folder or archive (the OSV PyPI archive has ~15k). */
#define VULN_MAX_FEED_FILES 2000000u
/* Events in one OSV range; real ones have a few dozen at most. */
#define VULN_MAX_EVENTS 4096u

static const char *const feed_names[VULN_FEED_COUNT] = {
#define VULN_FEED_NAME(id, name) [VULN_FEED_##id] = name,
	VULN_FEED_LIST(VULN_FEED_NAME)
#undef VULN_FEED_NAME
};

const char *vuln_feed_name(enum vuln_feed f)
{
	return (unsigned)f < VULN_FEED_COUNT ? feed_names[f] : "?";
}

int vuln_feed_parse(const char *name, enum vuln_feed *ret)
{
	for (unsigned i = 0; i < VULN_FEED_COUNT; i++)
		if (name && strcmp(name, feed_names[i]) == 0) {
			*ret = (enum vuln_feed)i;
			return 0;
		}
	return -EINVAL;
}

void vjson_position(const char *data, size_t offset, int *ret_line, int *ret_col)
{
	int line = 1, col = 1;

	for (size_t i = 0; i < offset; i++) {
		if (data[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	*ret_line = line;
	*ret_col = col;
}

static size_t skip_ws(const char *d, size_t len, size_t i)
{
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
		i++;
	return i;
}

/* End (one past the closing quote) of the string starting at d[i] == '"'; 0 when unclosed. */
static size_t skip_string(const char *d, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (d[i] == '\\')
			i++;
		else if (d[i] == '"')
			return i + 1;
	}
	return 0;
}

/* End of the JSON value starting at d[i]; 0 when it does not end properly. Nesting is only
 * counted here: jansson bounds the depth when the value is parsed. */
static size_t skip_value(const char *d, size_t len, size_t i)
{
	size_t depth = 0;

	if (i >= len)
		return 0;
	if (d[i] == '"')
		return skip_string(d, len, i);
	if (d[i] != '{' && d[i] != '[') {
		size_t s = i;
		while (i < len && !strchr(",}] \t\r\n", d[i]))
			i++;
		return i > s ? i : 0;
	}
	for (; i < len; i++) {
		char c = d[i];
		if (c == '"') {
			size_t e = skip_string(d, len, i);
			if (!e)
				return 0;
			i = e - 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return 0;
}

static int span_error(const char *path, const char *data, size_t at, struct bw_error *err,
		      const char *what)
{
	int line, col;

	vjson_position(data, at, &line, &col);
	return bw_errorf(err, -EINVAL, path, line, col, "malformed JSON: %s", what);
}

int vjson_each(const char *path, const char *data, size_t len, size_t start,
	       int (*cb)(void *arg, const struct vjson_span *s), void *arg, struct bw_error *err)
{
	size_t i = skip_ws(data, len, start);
	bool object;

	if (i >= len || (data[i] != '{' && data[i] != '['))
		return span_error(path, data, i, err, "expected an object or an array");
	object = data[i] == '{';
	i = skip_ws(data, len, i + 1);
	if (i < len && data[i] == (object ? '}' : ']'))
		return 0;
	for (;;) {
		struct vjson_span s = {0};
		if (object) {
			size_t e;
			if (i >= len || data[i] != '"' || !(e = skip_string(data, len, i)))
				return span_error(path, data, i, err, "expected a member name");
			s.key = data + i + 1;
			s.key_len = e - i - 2;
			i = skip_ws(data, len, e);
			if (i >= len || data[i] != ':')
				return span_error(path, data, i, err, "expected ':'");
			i = skip_ws(data, len, i + 1);
		}
		size_t e = skip_value(data, len, i);
		if (!e)
			return span_error(path, data, i, err, "value does not end");
		s.val = data + i;
		s.val_len = e - i;
		s.offset = i;
		int r = cb(arg, &s);
		if (r)
			return r;
		i = skip_ws(data, len, e);
		if (i < len && data[i] == ',') {
			i = skip_ws(data, len, i + 1);
			continue;
		}
		if (i < len && data[i] == (object ? '}' : ']'))
			return 0;
		return span_error(path, data, i, err,
				  object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

struct member_find {
	const char *key;
	struct vjson_span found;
};

static int member_cb(void *arg, const struct vjson_span *s)
{
	struct member_find *m = arg;

	if (s->key && s->key_len == strlen(m->key) && memcmp(s->key, m->key, s->key_len) == 0) {
		m->found = *s;
		return 1;
	}
	return 0;
}

int vjson_member(const char *path, const char *data, size_t len, size_t start, const char *key,
		 struct vjson_span *ret, struct bw_error *err)
{
	struct member_find m = {.key = key};
	int r = vjson_each(path, data, len, start, member_cb, &m, err);

	if (r < 0)
		return r;
	if (r == 0)
		return -ENOENT;
	*ret = m.found;
	return 0;
}

json_t *vjson_load(const char *path, const char *data, const struct vjson_span *s,
		   struct bw_error *err)
{
	json_error_t je;
	json_t *j = json_loadb(s->val, s->val_len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);

	if (!j) {
		int line, col;
		size_t at = s->offset + (je.position > 0 ? (size_t)je.position : 0);
		if (at > s->offset + s->val_len)
			at = s->offset + s->val_len;
		vjson_position(data, at, &line, &col);
		(void)bw_errorf(err, -EINVAL, path, line, col, "malformed JSON: %s", je.text);
	}
	return j;
}

json_t *vyaml_to_json(const struct ydoc_node *n)
{
	json_t *j;

	switch (n->kind) {
	case YDOC_SCALAR:
		if (ydoc_is_null(n))
			return json_null();
		return json_stringn_nocheck(n->str, n->len);
	case YDOC_SEQ:
		j = json_array();
		for (size_t i = 0; j && i < n->n_items; i++)
			if (json_array_append_new(j, vyaml_to_json(n->items[i])) < 0) {
				json_decref(j);
				return NULL;
			}
		return j;
	case YDOC_MAP:
		j = json_object();
		for (size_t i = 0; j && i < n->n_pairs; i++) {
			const char *k = ydoc_str(n->pairs[i].key);
			if (!k)
				continue; /* complex keys do not occur in feeds */
			if (json_object_set_new_nocheck(j, k, vyaml_to_json(n->pairs[i].value)) <
			    0) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	case YDOC_KIND_COUNT:
		break;
	}
	return NULL;
}

const char *vjson_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

void vimport_warn(const struct vuln_sink *sink, struct vuln_import_stats *st, const char *path,
		  int line, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	st->malformed++;
	if (sink->warn)
		sink->warn(sink->arg, path, line, col, msg);
}

enum ev_kind { EV_INTRODUCED, EV_FIXED, EV_LAST_AFFECTED, EV_LIMIT };

struct ev {
	enum ev_kind kind;
	const char *version;
};

int vosv_intervals(enum vuln_scheme scheme, const json_t *events, struct vuln_range *out,
		   size_t max)
{
	size_t n = json_array_size(events), m = 0, k = 0;
	const char *limit = NULL;
	struct ev *ev;

	if (!json_is_array(events) || n > VULN_MAX_EVENTS)
		return -EINVAL;
	ev = calloc(n ? n : 1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(events, i);
		static const char *const names[] = {"introduced", "fixed", "last_affected",
						    "limit"};
		const char *key;
		json_t *val;
		if (!json_is_object(e) || json_object_size(e) != 1)
			goto bad;
		json_object_foreach((json_t *)e, key, val)
		{
			unsigned t;
			for (t = 0; t < 4 && strcmp(key, names[t]) != 0; t++)
				;
			if (t == 4 || !json_is_string(val) || !*json_string_value(val))
				goto bad;
			if (t == EV_LIMIT) {
				if (strcmp(json_string_value(val), "*") != 0 &&
				    (!limit ||
				     vuln_version_cmp(scheme, json_string_value(val), limit) > 0))
					limit = json_string_value(val);
				continue;
			}
			ev[m++] = (struct ev){.kind = (enum ev_kind)t,
					      .version = json_string_value(val)};
		}
	}
	/* insertion sort, "0" first, stable for equal versions */
	for (size_t i = 1; i < m; i++) {
		struct ev x = ev[i];
		size_t j = i;
		while (j > 0) {
			bool xz = strcmp(x.version, "0") == 0 && x.kind == EV_INTRODUCED;
			bool pz = strcmp(ev[j - 1].version, "0") == 0 &&
				  ev[j - 1].kind == EV_INTRODUCED;
			if (pz ||
			    (!xz && vuln_version_cmp(scheme, ev[j - 1].version, x.version) <= 0))
				break;
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = x;
	}
	bool affected = false;
	const char *intro = NULL;
	for (size_t i = 0; i < m; i++) {
		const char *v = ev[i].version;
		if (ev[i].kind == EV_INTRODUCED) {
			if (!affected) {
				affected = true;
				intro = strcmp(v, "0") == 0 ? NULL : v;
			}
			continue;
		}
		if (!affected)
			continue;
		if (k == max) {
			free(ev);
			return -E2BIG;
		}
		out[k++] = (struct vuln_range){
			.introduced = intro,
			.fixed = ev[i].kind == EV_FIXED ? v : NULL,
			.last_affected = ev[i].kind == EV_LAST_AFFECTED ? v : NULL,
			.limit = limit,
		};
		affected = false;
	}
	if (affected) {
		if (k == max) {
			free(ev);
			return -E2BIG;
		}
		out[k++] = (struct vuln_range){.introduced = intro, .limit = limit};
	}
	free(ev);
	return (int)k;
bad:
	free(ev);
	return -EINVAL;
}

void vuln_pep503_name(const char *name, char *out, size_t outlen)
{
	size_t o = 0;

	if (outlen == 0)
		return;
	for (const char *p = name; *p && o + 1 < outlen; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			while (p[1] == '-' || p[1] == '_' || p[1] == '.')
				p++;
			out[o++] = '-';
		} else {
			out[o++] = (char)tolower((unsigned char)*p);
		}
	}
	out[o] = '\0';
}

int vuln_import_mem(enum vuln_feed kind, const char *path, const char *data, size_t len,
		    const struct vuln_sink *sink, struct vuln_import_stats *st,
		    struct bw_error *err)
{
	switch (kind) {
	case VULN_FEED_DEBIAN:
		return vuln_import_debian(path, data, len, sink, st, err);
	case VULN_FEED_ALPINE:
		return vuln_import_secdb(path, data, len, sink, st, err);
	case VULN_FEED_OSV:
		return vuln_import_osv(path, data, len, sink, st, err);
	case VULN_FEED_DEBIAN_DSA:
		return vuln_import_dsa(path, data, len, sink, st, err);
	case VULN_FEED_COUNT:
		break;
	}
	return bw_errorf(err, -EINVAL, path, 0, 0, "unknown feed kind");
}

static bool feed_file_name(const char *name)
{
	return bw_str_endswith(name, ".json") || bw_str_endswith(name, ".yaml") ||
	       bw_str_endswith(name, ".yml");
}

static bool archive_name(const char *name)
{
	return bw_str_endswith(name, ".zip") || bw_str_endswith(name, ".tar") ||
	       bw_str_endswith(name, ".tar.gz") || bw_str_endswith(name, ".tgz");
}

/* Imports one file's bytes; a file-level parse error is a warning, not a stop. */
static int import_one(enum vuln_feed kind, const char *path, const char *data, size_t len,
		      const struct vuln_sink *sink, struct vuln_import_stats *st,
		      struct bw_error *err)
{
	struct bw_error e = {0};
	int r = vuln_import_mem(kind, path, data, len, sink, st, &e);

	if (r == -EINVAL) {
		vimport_warn(sink, st, e.path[0] ? e.path : path, e.line, e.col,
			     "%s, skipping the rest of the file", e.msg);
		return 0;
	}
	if (r < 0 && err)
		*err = e;
	return r;
}

static int import_archive(enum vuln_feed kind, const char *path, const struct vuln_sink *sink,
			  struct vuln_import_stats *st, struct bw_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	size_t files = 0;
	int r = 0, rc;

	if (!a)
		return -ENOMEM;
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		r = bw_errorf(err, -EIO, path, 0, 0, "cannot read archive: %s",
			      archive_error_string(a));
		archive_read_free(a);
		return r;
	}
	while ((rc = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(ent);
		int64_t size = archive_entry_size(ent);
		if (archive_entry_filetype(ent) != AE_IFREG || !name || !feed_file_name(name))
			continue;
		if (++files > VULN_MAX_FEED_FILES || size < 0 || size > VULN_MAX_FEED_FILE) {
			r = bw_errorf(err, -E2BIG, path, 0, 0,
				      "archive entry '%s' is too big "
				      "or the archive has too many files",
				      name);
			break;
		}
		BW_CLEANUP(bw_freep) char *buf = malloc((size_t)size + 1);
		BW_CLEANUP(bw_freep) char *where = NULL;
		if (!buf || asprintf(&where, "%s:%s", path, name) < 0) {
			where = NULL;
			r = -ENOMEM;
			break;
		}
		la_ssize_t got = archive_read_data(a, buf, (size_t)size);
		if (got != size) {
			r = bw_errorf(err, -EIO, path, 0, 0, "cannot read archive entry '%s'",
				      name);
			break;
		}
		buf[size] = '\0';
		r = import_one(kind, where, buf, (size_t)size, sink, st, err);
		if (r < 0)
			break;
	}
	if (r == 0 && rc != ARCHIVE_EOF)
		r = bw_errorf(err, -EIO, path, 0, 0, "cannot read archive: %s",
			      archive_error_string(a));
	archive_read_free(a);
	return r;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_walk(enum vuln_feed kind, const char *path, bool top,
		       const struct vuln_sink *sink, struct vuln_import_stats *st, size_t *files,
		       unsigned depth, struct bw_error *err)
{
	struct stat sb;
	int r = 0;

	if (lstat(path, &sb) < 0)
		return bw_errorf(err, -errno, path, 0, 0, "cannot read: %s", strerror(errno));
	if (S_ISLNK(sb.st_mode) && top && stat(path, &sb) < 0)
		return bw_errorf(err, -errno, path, 0, 0, "cannot read: %s", strerror(errno));
	if (S_ISDIR(sb.st_mode)) {
		DIR *d;
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, cap = 0;
		if (depth > 32)
			return 0;
		if (!(d = opendir(path)))
			return bw_errorf(err, -errno, path, 0, 0, "cannot read folder: %s",
					 strerror(errno));
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			if (bw_grow((void **)&names, &cap, n, sizeof(*names)) < 0) {
				r = -ENOMEM;
				break;
			}
			if (asprintf(&names[n], "%s/%s", path, de->d_name) < 0) {
				r = -ENOMEM;
				break;
			}
			n++;
		}
		closedir(d);
		if (r == 0)
			qsort(names, n, sizeof(*names), name_cmp);
		for (size_t i = 0; r == 0 && i < n; i++)
			r = import_walk(kind, names[i], false, sink, st, files, depth + 1, err);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return r;
	}
	if (!S_ISREG(sb.st_mode))
		return 0;
	if (!top && !feed_file_name(path) && !archive_name(path))
		return 0;
	if (++*files > VULN_MAX_FEED_FILES)
		return bw_errorf(err, -E2BIG, path, 0, 0, "too many files");
	if (archive_name(path))
		return import_archive(kind, path, sink, st, err);
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len;
	r = bw_file_read(path, VULN_MAX_FEED_FILE, &data, &len);
	if (r < 0)
		return bw_errorf(err, r, path, 0, 0, "cannot read: %s", strerror(-r));
	return import_one(kind, path, data, len, sink, st, err);
}

int vuln_import_path(enum vuln_feed kind, const char *path, const struct vuln_sink *sink,
		     struct vuln_import_stats *st, struct bw_error *err)
{
	size_t files = 0;

	return import_walk(kind, path, true, sink, st, &files, 0, err);
}
