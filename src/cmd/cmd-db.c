/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark db update|import|info`: downloads the public feeds (libcurl, conditional requests,
 * timeouts, retries, progress on a terminal) or imports local files into the vulnerability
 * database, and describes it. Every change builds a new database file and renames it into
 * place (src/vuln/db.c), so scans never see a half-written one. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "vuln/db.h"
#include "vuln/import.h"
#include "util/banned.h"

struct db_opts {
	char *db;		  /* --db PATH */
	char *source;		  /* --source KIND (import) */
	char *name;		  /* --name NAME (import) */
	struct bw_opt_list feeds; /* --feed KIND=URL (update) */
	char *timeout;		  /* --timeout SECONDS */
	char *retries;		  /* --retries N */
};

#define OPT(f) offsetof(struct db_opts, f)

static const struct bw_option db_opts_table[] = {
	{"db", 0, BW_OPT_STRING, OPT(db), "PATH",
	 "database file (default: $XDG_CACHE_HOME/bulwark/vuln.db)"},
	{"feed", 0, BW_OPT_LIST, OPT(feeds), "KIND=URL",
	 "update: download this feed instead of the defaults (repeatable)"},
	{"name", 0, BW_OPT_STRING, OPT(name), "NAME",
	 "import: source name to store under (default: KIND:PATH); replaces it"},
	{"retries", 0, BW_OPT_STRING, OPT(retries), "N",
	 "update: retries of a failed download (default 3)"},
	{"source", 0, BW_OPT_STRING, OPT(source), "KIND",
	 "import: feed format: debian, alpine (also Wolfi/Chainguard security.json), osv, "
	 "or debian-dsa (the tracker's data/DSA/list, DLA/list)"},
	{"timeout", 0, BW_OPT_STRING, OPT(timeout), "SECONDS",
	 "update: time limit of one download (default 600)"},
};

const struct bw_cmd_spec cmd_db_spec = {
	.usage = "bulwark db update [--feed KIND=URL]... | import --source KIND FILE|DIR... | info",
	.description =
		"Maintains the vulnerability database that 'bulwark image' matches packages\n"
		"against: the Debian security tracker (JSON, and its DSA/DLA lists), the secdb of\n"
		"Alpine and Wolfi, and OSV (Go, PyPI, npm, Maven, crates.io, RubyGems, Ubuntu,\n"
		"Chainguard, Wolfi, AlmaLinux, Rocky Linux). 'update' downloads the feeds, asking\n"
		"each server only for what changed (ETag, Last-Modified), with progress on a\n"
		"terminal; 'import' reads local files, folders or .zip archives (air-gapped\n"
		"use); 'info' lists the sources with their record counts and age. Every change\n"
		"is written to a new file renamed into place: a scan never sees a half-written\n"
		"database.",
	.opts = db_opts_table,
	.n_opts = BW_ARRAY_SIZE(db_opts_table),
	.examples = "  bulwark db update\n"
		    "  bulwark db import --source osv ./osv-go/\n"
		    "  bulwark db import --source debian --db ./vuln.db tracker.json\n"
		    "  bulwark db import --source debian-dsa security-tracker/data/DSA/list\n"
		    "  bulwark db info --format json\n",
};

#define SECDB "https://secdb.alpinelinux.org/"
#define OSV "https://osv-vulnerabilities.storage.googleapis.com/"

/* The default feeds: the distributions' own data first, then OSV's language ecosystems. */
static const struct {
	enum vuln_feed kind;
	const char *url;
} default_feeds[] = {
	{VULN_FEED_DEBIAN, "https://security-tracker.debian.org/tracker/data/json"},
	{VULN_FEED_ALPINE, SECDB "v3.18/main.json"},
	{VULN_FEED_ALPINE, SECDB "v3.18/community.json"},
	{VULN_FEED_ALPINE, SECDB "v3.19/main.json"},
	{VULN_FEED_ALPINE, SECDB "v3.19/community.json"},
	{VULN_FEED_ALPINE, SECDB "v3.20/main.json"},
	{VULN_FEED_ALPINE, SECDB "v3.20/community.json"},
	{VULN_FEED_ALPINE, SECDB "v3.21/main.json"},
	{VULN_FEED_ALPINE, SECDB "v3.21/community.json"},
	{VULN_FEED_ALPINE, SECDB "v3.22/main.json"},
	{VULN_FEED_ALPINE, SECDB "v3.22/community.json"},
	{VULN_FEED_ALPINE, SECDB "edge/main.json"},
	{VULN_FEED_ALPINE, SECDB "edge/community.json"},
	{VULN_FEED_ALPINE, "https://packages.wolfi.dev/os/security.json"}, /* secdb format */
	{VULN_FEED_OSV, OSV "Go/all.zip"},
	{VULN_FEED_OSV, OSV "PyPI/all.zip"},
	{VULN_FEED_OSV, OSV "npm/all.zip"},
	{VULN_FEED_OSV, OSV "Maven/all.zip"},
	{VULN_FEED_OSV, OSV "crates.io/all.zip"},
	{VULN_FEED_OSV, OSV "RubyGems/all.zip"},
	{VULN_FEED_OSV, OSV "Ubuntu/all.zip"},
	{VULN_FEED_OSV, OSV "Chainguard/all.zip"},
	{VULN_FEED_OSV, OSV "Wolfi/all.zip"},
	{VULN_FEED_OSV, OSV "AlmaLinux/all.zip"},
	{VULN_FEED_OSV, OSV "Rocky%20Linux/all.zip"},
};

/* Warnings about skipped records: the first few in full, then only counted. */
struct warn_state {
	unsigned shown;
	unsigned total;
	bool quiet;
};

#define DB_MAX_WARNINGS 20u

static void print_warning(void *arg, const char *path, int line, int col, const char *msg)
{
	struct warn_state *w = arg;

	if (w->total++ >= DB_MAX_WARNINGS || w->quiet)
		return;
	w->shown++;
	if (line > 0)
		fprintf(stderr, "bulwark: %s:%d:%d: %s\n", path, line, col, msg);
	else
		fprintf(stderr, "bulwark: %s: %s\n", path, msg);
}

static void print_error(const struct bw_error *err)
{
	char msg[1200];

	bw_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "bulwark: %s\n", msg);
}

static int parse_uint(const char *s, const char *opt, unsigned max, unsigned def, unsigned *ret)
{
	uint64_t v;

	if (!s) {
		*ret = def;
		return 0;
	}
	if (bw_parse_u64(s, &v) < 0 || v > max) {
		fprintf(stderr, "bulwark: invalid number '%s' for --%s\n", s, opt);
		return -BW_EUSAGE;
	}
	*ret = (unsigned)v;
	return 0;
}

/* --db, else the default path. */
static char *db_path(const struct db_opts *o)
{
	if (o->db)
		return strdup(o->db);
	char *p = vuln_db_default_path();
	if (!p)
		fprintf(stderr,
			"bulwark: set --db, XDG_CACHE_HOME or HOME for the database path\n");
	return p;
}

/* Imports one path as source `name` into an open writer. */
static int import_into(struct vuln_db_writer *w, enum vuln_feed kind, const char *name,
		       const char *origin, const char *file, const char *etag,
		       const char *last_modified, struct warn_state *ws,
		       struct vuln_import_stats *st, struct bw_error *err)
{
	struct vuln_sink sink;
	int r;

	r = vuln_db_writer_source(w, name, vuln_feed_name(kind), origin, etag, last_modified, err);
	if (r < 0)
		return r;
	sink = vuln_db_writer_sink(w, print_warning, ws);
	r = vuln_import_path(kind, file, &sink, st, err);
	if (r == 0)
		r = vuln_db_writer_source_done(w, st, err);
	if (r < 0 && vuln_db_writer_source_abort(w, NULL) < 0)
		return bw_errorf(err, -ENOTRECOVERABLE, file, 0, 0,
				 "cannot undo a failed import: nothing is written");
	return r;
}

static void print_stats(const char *name, const struct vuln_import_stats *st)
{
	fprintf(stderr,
		"bulwark: %s: %zu records, %zu advisories (%zu not affected), %zu malformed "
		"skipped, %zu withdrawn, %zu GIT ranges skipped\n",
		name, st->records, st->advisories, st->not_affected, st->malformed, st->withdrawn,
		st->git_ranges);
}

static int db_import(struct db_opts *o, int argc, char **argv, bool quiet)
{
	BW_CLEANUP(bw_freep) char *path = db_path(o);
	struct vuln_db_writer *w = NULL;
	struct warn_state ws = {.quiet = quiet};
	struct bw_error err = {0};
	enum vuln_feed kind;
	int r = 0;

	if (!path)
		return -BW_EUSAGE;
	if (!o->source || vuln_feed_parse(o->source, &kind) < 0) {
		fprintf(stderr,
			"bulwark: db import needs --source debian, alpine, osv or debian-dsa\n");
		return -BW_EUSAGE;
	}
	if (argc < 1) {
		fprintf(stderr, "bulwark: db import needs a FILE or DIR\n");
		return -BW_EUSAGE;
	}
	if (o->name && argc > 1) {
		fprintf(stderr, "bulwark: --name takes one FILE or DIR\n");
		return -BW_EUSAGE;
	}
	r = vuln_db_writer_begin(path, &w, &err);
	for (int i = 0; r == 0 && i < argc; i++) {
		struct vuln_import_stats st = {0};
		BW_CLEANUP(bw_freep) char *abs = realpath(argv[i], NULL);
		BW_CLEANUP(bw_freep) char *name = NULL;
		if (!abs) {
			r = bw_errorf(&err, -errno, argv[i], 0, 0, "cannot read: %s",
				      strerror(errno));
			break;
		}
		if (o->name)
			name = strdup(o->name);
		else if (asprintf(&name, "%s:%s", vuln_feed_name(kind), abs) < 0)
			name = NULL;
		if (!name) {
			r = -ENOMEM;
			break;
		}
		r = import_into(w, kind, name, abs, abs, NULL, NULL, &ws, &st, &err);
		if (r == 0 && !quiet)
			print_stats(argv[i], &st);
	}
	if (r == 0) {
		r = vuln_db_writer_commit(w, &err);
		w = NULL;
	}
	vuln_db_writer_abort(w);
	if (ws.total > ws.shown && !quiet)
		fprintf(stderr, "bulwark: %u more malformed records skipped\n",
			ws.total - ws.shown);
	if (r < 0) {
		if (r != -ENOMEM)
			print_error(&err);
		return r;
	}
	if (!quiet)
		fprintf(stderr, "bulwark: wrote '%s'\n", path);
	return 0;
}

/* ---- downloads ---- */

struct download {
	const char *name;
	FILE *out;
	char *etag;
	char *last_modified;
	bool progress;
	time_t last_print;
};

static size_t header_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct download *d = arg;
	size_t len = size * n, klen;
	char **field = NULL;

	if (len > 6 && strncasecmp(buf, "ETag:", 5) == 0) {
		field = &d->etag;
		klen = 5;
	} else if (len > 15 && strncasecmp(buf, "Last-Modified:", 14) == 0) {
		field = &d->last_modified;
		klen = 14;
	} else {
		return len;
	}
	const char *v = buf + klen;
	size_t vlen = len - klen;
	while (vlen && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
		vlen--;
	free(*field);
	*field = strndup(v, vlen);
	return len;
}

static int progress_cb(void *arg, curl_off_t total, curl_off_t now, curl_off_t ut, curl_off_t un)
{
	struct download *d = arg;
	time_t t = time(NULL);

	(void)ut;
	(void)un;
	if (!d->progress || now == 0 || t == d->last_print)
		return 0; /* nothing received yet, or printed this second */
	d->last_print = t;
	if (total > 0)
		fprintf(stderr, "\r  %s: %.1f / %.1f MiB  ", d->name, (double)now / 1048576.0,
			(double)total / 1048576.0);
	else
		fprintf(stderr, "\r  %s: %.1f MiB  ", d->name, (double)now / 1048576.0);
	return 0;
}

/* Downloads url into file `out`; *ret_status is the HTTP status (304 when unchanged).
 * Retries transient failures (network errors, 429 and 5xx) with a growing pause. */
static int download(const char *url, FILE *out, struct download *d, const char *etag,
		    const char *last_modified, unsigned timeout, unsigned retries, long *ret_status,
		    struct bw_error *err)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	char ebuf[CURL_ERROR_SIZE] = "";
	char *h = NULL;
	long status = 0;
	CURLcode rc = CURLE_OK;
	int r = 0;

	if (!c)
		return -ENOMEM;
	if (etag && asprintf(&h, "If-None-Match: %s", etag) >= 0) {
		hdrs = curl_slist_append(hdrs, h);
		free(h);
	}
	if (last_modified && asprintf(&h, "If-Modified-Since: %s", last_modified) >= 0) {
		hdrs = curl_slist_append(hdrs, h);
		free(h);
	}
	for (unsigned attempt = 0; attempt <= retries; attempt++) {
		if (attempt) {
			fprintf(stderr, "bulwark: %s: %s, retrying (%u of %u)\n", url,
				ebuf[0] ? ebuf : "server error", attempt, retries);
			sleep(attempt < 4 ? 1u << attempt : 16u);
		}
		if (fflush(out) != 0 || ftruncate(fileno(out), 0) < 0 || fseek(out, 0, SEEK_SET))
			return bw_errorf(err, -EIO, url, 0, 0, "cannot write the download");
		free(d->etag);
		free(d->last_modified);
		d->etag = d->last_modified = NULL;
		ebuf[0] = '\0';
		curl_easy_reset(c);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 100L);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(c, CURLOPT_USERAGENT, "bulwark/" BW_VERSION);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
		curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
		curl_easy_setopt(c, CURLOPT_HEADERDATA, d);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_cb);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, d);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, d->progress ? 0L : 1L);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		rc = curl_easy_perform(c);
		if (d->progress)
			fprintf(stderr, "\r\033[K");
		status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		bool transient = (rc != CURLE_OK && rc != CURLE_WRITE_ERROR &&
				  rc != CURLE_UNSUPPORTED_PROTOCOL && rc != CURLE_URL_MALFORMAT) ||
				 status == 429 || status >= 500;
		if (!transient)
			break;
		if (rc == CURLE_OK)
			(void)snprintf(ebuf, sizeof(ebuf), "HTTP status %ld", status);
	}
	if (rc != CURLE_OK)
		r = bw_errorf(err, -EIO, url, 0, 0, "download failed: %s",
			      ebuf[0] ? ebuf : curl_easy_strerror(rc));
	else if (status != 200 && status != 304)
		r = bw_errorf(err, -EIO, url, 0, 0, "download failed: HTTP status %ld", status);
	else if (fflush(out) != 0)
		r = bw_errorf(err, -EIO, url, 0, 0, "cannot write the download");
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	if (r == 0)
		*ret_status = status;
	return r;
}

/* The file suffix the importer needs to recognise the download (".zip", ".json"...). */
static const char *url_suffix(const char *url)
{
	static const char *const sfx[] = {".tar.gz", ".tgz", ".zip", ".tar", ".yaml", ".yml"};

	for (size_t i = 0; i < BW_ARRAY_SIZE(sfx); i++)
		if (bw_str_endswith(url, sfx[i]))
			return sfx[i];
	return ".json";
}

/* Updates one feed inside the writer; a failed feed keeps its old data. */
static int update_feed(struct vuln_db_writer *w, const char *dbpath, enum vuln_feed kind,
		       const char *url, unsigned timeout, unsigned retries, bool quiet,
		       struct warn_state *ws, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *etag = NULL;
	BW_CLEANUP(bw_freep) char *lm = NULL;
	BW_CLEANUP(bw_freep) char *tmp = NULL;
	struct download d = {.name = url, .progress = !quiet && isatty(STDERR_FILENO)};
	struct vuln_import_stats st = {0};
	const char *sfx = url_suffix(url);
	long status = 0;
	FILE *f;
	int fd, r;

	(void)vuln_db_writer_cache_info(w, url, &etag, &lm);
	if (asprintf(&tmp, "%s.dl-XXXXXX%s", dbpath, sfx) < 0) {
		tmp = NULL;
		return -ENOMEM;
	}
	fd = mkostemps(tmp, (int)strlen(sfx), O_CLOEXEC);
	if (fd < 0)
		return bw_errorf(err, -errno, tmp, 0, 0, "cannot create: %s", strerror(errno));
	f = fdopen(fd, "w+");
	if (!f) {
		close(fd);
		(void)unlink(tmp);
		return -ENOMEM;
	}
	r = download(url, f, &d, etag, lm, timeout, retries, &status, err);
	fclose(f);
	if (r == 0 && status == 304) {
		r = vuln_db_writer_touch(w, url, err);
		if (r == 0 && !quiet)
			fprintf(stderr, "bulwark: %s: not modified\n", url);
	} else if (r == 0) {
		r = import_into(w, kind, url, url, tmp, d.etag, d.last_modified, ws, &st, err);
		if (r == 0 && !quiet)
			print_stats(url, &st);
	}
	(void)unlink(tmp);
	free(d.etag);
	free(d.last_modified);
	return r;
}

static int db_update(struct db_opts *o, int argc, bool quiet)
{
	BW_CLEANUP(bw_freep) char *path = db_path(o);
	struct vuln_db_writer *w = NULL;
	struct warn_state ws = {.quiet = quiet};
	struct bw_error err = {0};
	unsigned timeout, retries, failed = 0;
	int r;

	if (!path)
		return -BW_EUSAGE;
	if (argc > 0) {
		fprintf(stderr, "bulwark: db update takes no arguments (use --feed KIND=URL)\n");
		return -BW_EUSAGE;
	}
	if ((r = parse_uint(o->timeout, "timeout", 86400, 600, &timeout)) < 0 ||
	    (r = parse_uint(o->retries, "retries", 20, 3, &retries)) < 0)
		return r;
	for (size_t i = 0; i < o->feeds.len; i++) {
		char *eq = strchr(o->feeds.items[i], '=');
		enum vuln_feed k;
		if (eq)
			*eq = '\0';
		if (!eq || vuln_feed_parse(o->feeds.items[i], &k) < 0 || !eq[1]) {
			if (eq)
				*eq = '=';
			fprintf(stderr,
				"bulwark: invalid feed '%s' for --feed (KIND=URL, KIND one "
				"of debian, alpine, osv, debian-dsa)\n",
				o->feeds.items[i]);
			return -BW_EUSAGE;
		}
		*eq = '=';
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -ENOMEM;
	r = vuln_db_writer_begin(path, &w, &err);
	size_t n = o->feeds.len ? o->feeds.len : BW_ARRAY_SIZE(default_feeds);
	for (size_t i = 0; r == 0 && i < n; i++) {
		enum vuln_feed kind;
		const char *url;
		if (o->feeds.len) {
			char *eq = strchr(o->feeds.items[i], '=');
			*eq = '\0';
			(void)vuln_feed_parse(o->feeds.items[i], &kind);
			*eq = '=';
			url = eq + 1;
		} else {
			kind = default_feeds[i].kind;
			url = default_feeds[i].url;
		}
		struct bw_error ferr = {0};
		int fr = update_feed(w, path, kind, url, timeout, retries, quiet, &ws, &ferr);
		if (fr == -ENOMEM || fr == -ENOTRECOVERABLE) {
			r = fr;
			err = ferr;
		} else if (fr < 0) {
			print_error(&ferr);
			failed++;
		}
	}
	if (r == 0) {
		r = vuln_db_writer_commit(w, &err);
		w = NULL;
	}
	vuln_db_writer_abort(w);
	curl_global_cleanup();
	if (ws.total > ws.shown && !quiet)
		fprintf(stderr, "bulwark: %u more malformed records skipped\n",
			ws.total - ws.shown);
	if (r < 0) {
		if (r != -ENOMEM)
			print_error(&err);
		return r;
	}
	if (failed) {
		fprintf(stderr, "bulwark: %u of %zu feeds failed; their previous data is kept\n",
			failed, n);
		return BW_EXIT_ERROR;
	}
	if (!quiet)
		fprintf(stderr, "bulwark: wrote '%s'\n", path);
	return 0;
}

/* ---- info ---- */

static void age_text(int64_t updated, int64_t now, char *out, size_t outlen)
{
	int64_t s = now - updated;

	if (updated <= 0)
		(void)snprintf(out, outlen, "never");
	else if (s < 3600)
		(void)snprintf(out, outlen, "%lld min", (long long)(s / 60));
	else if (s < 2 * 86400)
		(void)snprintf(out, outlen, "%lld h", (long long)(s / 3600));
	else
		(void)snprintf(out, outlen, "%lld days", (long long)(s / 86400));
}

static int db_info(struct db_opts *o, struct bw_ctx *ctx)
{
	BW_CLEANUP(bw_freep) char *path = db_path(o);
	BW_CLEANUP(vuln_db_closep) struct vuln_db *db = NULL;
	struct vuln_source_info *src = NULL;
	struct bw_error err = {0};
	int64_t now = (int64_t)time(NULL);
	size_t n = 0;
	int r;

	if (!path)
		return -BW_EUSAGE;
	r = vuln_db_open(path, &db, &err);
	if (r == 0)
		r = vuln_db_sources(db, &src, &n, &err);
	if (r < 0) {
		if (r != -ENOMEM)
			print_error(&err);
		return r;
	}
	int64_t updated = vuln_db_updated(db), recs = 0, advs = 0;
	for (size_t i = 0; i < n; i++) {
		recs += src[i].records;
		advs += src[i].advisories;
	}
	if (ctx->format == BW_FORMAT_JSON) {
		json_t *root =
			json_pack("{s:s, s:i, s:I, s:I, s:I, s:[]}", "path", path, "schema",
				  VULN_DB_SCHEMA, "updated", (json_int_t)updated, "records",
				  (json_int_t)recs, "advisories", (json_int_t)advs, "sources");
		json_t *arr = json_object_get(root, "sources");
		for (size_t i = 0; root && i < n; i++)
			(void)json_array_append_new(
				arr, json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:I, s:I, s:I, s:I}",
					       "name", src[i].name, "kind", src[i].kind, "origin",
					       src[i].origin, "etag", src[i].etag, "last_modified",
					       src[i].last_modified, "updated",
					       (json_int_t)src[i].updated, "records",
					       (json_int_t)src[i].records, "advisories",
					       (json_int_t)src[i].advisories, "skipped",
					       (json_int_t)src[i].skipped));
		r = root && json_dumpf(root, stdout, JSON_INDENT(2)) == 0 ? 0 : -ENOMEM;
		if (r == 0)
			putchar('\n');
		json_decref(root);
	} else {
		char age[32];
		age_text(updated, now, age, sizeof(age));
		printf("database  %s\nschema    %d\nupdated   %s ago\nsources   %zu, %lld records, "
		       "%lld advisories\n\n",
		       path, VULN_DB_SCHEMA, age, n, (long long)recs, (long long)advs);
		printf("%-8s %10s %11s %8s %10s  %s\n", "KIND", "RECORDS", "ADVISORIES", "SKIPPED",
		       "AGE", "SOURCE");
		for (size_t i = 0; i < n; i++) {
			age_text(src[i].updated, now, age, sizeof(age));
			printf("%-8s %10lld %11lld %8lld %10s  %s\n", src[i].kind,
			       (long long)src[i].records, (long long)src[i].advisories,
			       (long long)src[i].skipped, age, src[i].name);
		}
	}
	vuln_source_infos_free(src, n);
	return r;
}

int cmd_db(int argc, char **argv, struct bw_ctx *ctx)
{
	struct db_opts opts = {0};
	int first, r;

	r = bw_opts_parse(argc, argv, ctx, &cmd_db_spec, &opts, false, &first);
	if (r == 0)
		r = bw_ctx_finish_options(ctx);
	if (r < 0)
		goto out;
	if (ctx->help) {
		bw_cmd_print_help(stdout, "db",
				  "update, import or inspect the vulnerability database",
				  &cmd_db_spec);
		goto out;
	}
	const char *sub = first < argc ? argv[first] : NULL;
	if (sub && strcmp(sub, "update") == 0) {
		r = db_update(&opts, argc - first - 1, ctx->quiet);
	} else if (sub && strcmp(sub, "import") == 0) {
		r = db_import(&opts, argc - first - 1, argv + first + 1, ctx->quiet);
	} else if (sub && strcmp(sub, "info") == 0) {
		r = db_info(&opts, ctx);
	} else {
		fprintf(stderr, "bulwark: db needs 'update', 'import' or 'info' (see 'bulwark db "
				"--help')\n");
		r = -BW_EUSAGE;
	}
out:
	bw_opts_release(&cmd_db_spec, &opts);
	return r;
}
