/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite vulnerability database (docs/vulndb-schema.md): read-only opening for scans, and
 * updates that build a new file beside the published one and rename it into place under a
 * lock file, so a reader or a killed update never sees or leaves a half-written database. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/grow.h"
#include "vuln/db.h"
#include "util/cleanup.h"
#include "util/banned.h"

static const char *const status_names[VULN_STATUS_COUNT] = {
#define VULN_STATUS_NAME(id, name) [VULN_STATUS_##id] = name,
	VULN_STATUS_LIST(VULN_STATUS_NAME)
#undef VULN_STATUS_NAME
};

const char *vuln_status_name(enum vuln_status s)
{
	return (unsigned)s < VULN_STATUS_COUNT ? status_names[s] : "?";
}

int vuln_status_parse(const char *name, enum vuln_status *ret)
{
	for (unsigned i = 0; i < VULN_STATUS_COUNT; i++)
		if (name && strcmp(name, status_names[i]) == 0) {
			*ret = (enum vuln_status)i;
			return 0;
		}
	return -EINVAL;
}

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE sources(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  kind TEXT NOT NULL,\n"
	"  origin TEXT NOT NULL,\n"
	"  etag TEXT,\n"
	"  last_modified TEXT,\n"
	"  updated INTEGER NOT NULL,\n"
	"  records INTEGER NOT NULL DEFAULT 0,\n"
	"  advisories INTEGER NOT NULL DEFAULT 0,\n"
	"  skipped INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE vulns(\n"
	"  id TEXT NOT NULL,\n"
	"  source_id INTEGER NOT NULL,\n"
	"  aliases TEXT,\n"
	"  title TEXT,\n"
	"  description TEXT,\n"
	"  cvss TEXT,\n"
	"  published TEXT,\n"
	"  modified TEXT,\n"
	"  link TEXT,\n"
	"  PRIMARY KEY(id, source_id)) WITHOUT ROWID;\n"
	"CREATE TABLE advisories(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  source_id INTEGER NOT NULL,\n"
	"  vuln_id TEXT NOT NULL,\n"
	"  ecosystem TEXT NOT NULL,\n"
	"  package TEXT NOT NULL,\n"
	"  scheme TEXT NOT NULL,\n"
	"  status TEXT NOT NULL,\n"
	"  severity TEXT,\n"
	"  fixed TEXT,\n"
	"  versions TEXT,\n"
	"  note TEXT);\n"
	"CREATE INDEX advisories_by_package ON advisories(ecosystem, package);\n"
	"CREATE INDEX advisories_by_source ON advisories(source_id);\n"
	"CREATE TABLE ranges(\n"
	"  advisory_id INTEGER NOT NULL,\n"
	"  introduced TEXT,\n"
	"  fixed TEXT,\n"
	"  last_affected TEXT,\n"
	"  lim TEXT);\n"
	"CREATE INDEX ranges_by_advisory ON ranges(advisory_id);\n"
	"CREATE TABLE ecosystems(\n"
	"  name TEXT PRIMARY KEY,\n"
	"  advisories INTEGER NOT NULL) WITHOUT ROWID;\n";

struct vuln_db {
	sqlite3 *db;
};

char *vuln_db_default_path(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *p = NULL;

	if (xdg && *xdg == '/') {
		if (asprintf(&p, "%s/bulwark/vuln.db", xdg) < 0)
			return NULL;
	} else if (home && *home) {
		if (asprintf(&p, "%s/.cache/bulwark/vuln.db", home) < 0)
			return NULL;
	}
	return p;
}

static int db_errorf(struct bw_error *err, int code, sqlite3 *db, const char *path,
		     const char *what)
{
	return bw_errorf(err, code, path, 0, 0, "%s: %s", what, db ? sqlite3_errmsg(db) : "");
}

static int exec(sqlite3 *db, const char *sql, const char *path, struct bw_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int r = bw_errorf(err, -EIO, path, 0, 0, "database error: %s",
				  msg ? msg : "unknown");
		sqlite3_free(msg);
		return r;
	}
	return 0;
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int vuln_db_open(const char *path, struct vuln_db **ret_db, struct bw_error *err)
{
	sqlite3 *db = NULL;
	struct stat st;
	int v;

	if (stat(path, &st) < 0)
		return bw_errorf(err, -errno, path, 0, 0,
				 "no vulnerability database (run 'bulwark db update' or "
				 "'bulwark db import')");
	if (!S_ISREG(st.st_mode))
		return bw_errorf(err, -EINVAL, path, 0, 0, "not a regular file");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		int r = db_errorf(err, -EIO, db, path, "cannot open the vulnerability database");
		sqlite3_close_v2(db);
		return r;
	}
	sqlite3_busy_timeout(db, 5000);
	v = user_version(db);
	if (v != VULN_DB_SCHEMA) {
		sqlite3_close_v2(db);
		if (v < 0)
			return bw_errorf(err, -EIO, path, 0, 0,
					 "not a vulnerability database (or damaged)");
		return bw_errorf(err, -EPROTO, path, 0, 0,
				 "database schema %d, this bulwark reads schema %d: run 'bulwark "
				 "db update'",
				 v, VULN_DB_SCHEMA);
	}
	struct vuln_db *d = calloc(1, sizeof(*d));
	if (!d) {
		sqlite3_close_v2(db);
		return -ENOMEM;
	}
	d->db = db;
	*ret_db = d;
	return 0;
}

struct vuln_db *vuln_db_close(struct vuln_db *db)
{
	if (db) {
		sqlite3_close_v2(db->db);
		free(db);
	}
	return NULL;
}

void vuln_db_closep(struct vuln_db **db)
{
	*db = vuln_db_close(*db);
}

struct sqlite3 *vuln_db_handle(struct vuln_db *db)
{
	return db->db;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? strdup((const char *)s) : NULL;
}

void vuln_source_infos_free(struct vuln_source_info *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].name);
		free(s[i].kind);
		free(s[i].origin);
		free(s[i].etag);
		free(s[i].last_modified);
	}
	free(s);
}

int vuln_db_sources(struct vuln_db *db, struct vuln_source_info **ret, size_t *ret_n,
		    struct bw_error *err)
{
	sqlite3_stmt *st = NULL;
	struct vuln_source_info *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (sqlite3_prepare_v2(db->db,
			       "SELECT name, kind, origin, etag, last_modified, updated, records, "
			       "advisories, skipped FROM sources ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return db_errorf(err, -EIO, db->db, "", "cannot read sources");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (bw_grow((void **)&v, &cap, n, sizeof(*v)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		v[n] = (struct vuln_source_info){
			.name = col_dup(st, 0),
			.kind = col_dup(st, 1),
			.origin = col_dup(st, 2),
			.etag = col_dup(st, 3),
			.last_modified = col_dup(st, 4),
			.updated = sqlite3_column_int64(st, 5),
			.records = sqlite3_column_int64(st, 6),
			.advisories = sqlite3_column_int64(st, 7),
			.skipped = sqlite3_column_int64(st, 8),
		};
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		vuln_source_infos_free(v, n);
		return rc == SQLITE_NOMEM ? -ENOMEM
					  : db_errorf(err, -EIO, db->db, "", "cannot read sources");
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

int64_t vuln_db_updated(struct vuln_db *db)
{
	sqlite3_stmt *st = NULL;
	int64_t t = 0;

	if (sqlite3_prepare_v2(db->db, "SELECT max(updated) FROM sources", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}

bool vuln_db_has_ecosystem(struct vuln_db *db, const char *ecosystem)
{
	sqlite3_stmt *st = NULL;
	bool found = false;

	if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM ecosystems WHERE name = ?1", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC) == SQLITE_OK)
		found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* ---- writing ---- */

enum writer_stmt {
	W_DEL_RANGES,
	W_DEL_ADVISORIES,
	W_DEL_VULNS,
	W_UPSERT_SOURCE,
	W_SOURCE_ID,
	W_TOUCH,
	W_SOURCE_DONE,
	W_CACHE_INFO,
	W_VULN,
	W_ADVISORY,
	W_RANGE,
	W_STMT_COUNT,
};

static const char *const writer_sql[W_STMT_COUNT] = {
	[W_DEL_RANGES] = "DELETE FROM ranges WHERE advisory_id IN "
			 "(SELECT id FROM advisories WHERE source_id = ?1)",
	[W_DEL_ADVISORIES] = "DELETE FROM advisories WHERE source_id = ?1",
	[W_DEL_VULNS] = "DELETE FROM vulns WHERE source_id = ?1",
	[W_UPSERT_SOURCE] = "INSERT INTO sources(name, kind, origin, etag, last_modified, updated) "
			    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET "
			    "kind = ?2, origin = ?3, etag = ?4, last_modified = ?5, updated = ?6, "
			    "records = 0, advisories = 0, skipped = 0",
	[W_SOURCE_ID] = "SELECT id FROM sources WHERE name = ?1",
	[W_TOUCH] = "UPDATE sources SET updated = ?2 WHERE name = ?1",
	[W_SOURCE_DONE] = "UPDATE sources SET records = ?2, advisories = ?3, skipped = ?4 "
			  "WHERE id = ?1",
	[W_CACHE_INFO] = "SELECT etag, last_modified FROM sources WHERE name = ?1",
	[W_VULN] = "INSERT INTO vulns(id, source_id, aliases, title, description, cvss, "
		   "published, modified, link) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
		   "ON CONFLICT(id, source_id) DO UPDATE SET aliases = coalesce(?3, aliases), "
		   "title = coalesce(?4, title), description = coalesce(?5, description), "
		   "cvss = coalesce(?6, cvss), published = coalesce(?7, published), "
		   "modified = coalesce(?8, modified), link = coalesce(?9, link)",
	[W_ADVISORY] = "INSERT INTO advisories(source_id, vuln_id, ecosystem, package, scheme, "
		       "status, severity, fixed, versions, note) "
		       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[W_RANGE] = "INSERT INTO ranges(advisory_id, introduced, fixed, last_affected, lim) "
		    "VALUES(?1, ?2, ?3, ?4, ?5)",
};

struct vuln_db_writer {
	sqlite3 *db;
	sqlite3_stmt *st[W_STMT_COUNT];
	char *path;	/* the published file */
	char *tmp;	/* path.new, renamed over path on commit */
	int lock_fd;	/* path.lock, flock()ed for the writer's life */
	int64_t source; /* current source id, 0 when none */
	void (*warn)(void *, const char *, int, int, const char *);
	void *warn_arg;
};

static void writer_free(struct vuln_db_writer *w)
{
	for (int i = 0; i < W_STMT_COUNT; i++)
		sqlite3_finalize(w->st[i]);
	sqlite3_close_v2(w->db);
	if (w->lock_fd >= 0)
		close(w->lock_fd); /* releases the flock */
	free(w->path);
	free(w->tmp);
	free(w);
}

void vuln_db_writer_abort(struct vuln_db_writer *w)
{
	if (!w)
		return;
	for (int i = 0; i < W_STMT_COUNT; i++) {
		sqlite3_finalize(w->st[i]);
		w->st[i] = NULL;
	}
	sqlite3_close_v2(w->db);
	w->db = NULL;
	if (w->tmp)
		(void)unlink(w->tmp);
	writer_free(w);
}

/* mkdir -p of path's folder (0700: the cache is the user's). */
static int make_parent(const char *path, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *dir = strdup(path);

	if (!dir)
		return -ENOMEM;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return bw_errorf(err, -errno, dir, 0, 0, "cannot create folder: %s",
					 strerror(errno));
		*p = '/';
	}
	return 0;
}

/* Copies the published database into w->db (the new file) when it has the current schema. */
static int copy_old(struct vuln_db_writer *w, bool *ret_copied, struct bw_error *err)
{
	sqlite3 *old = NULL;
	sqlite3_backup *b;
	int rc;

	*ret_copied = false;
	if (access(w->path, F_OK) < 0)
		return 0;
	if (sqlite3_open_v2(w->path, &old, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    user_version(old) != VULN_DB_SCHEMA) {
		sqlite3_close_v2(old);
		return 0; /* unreadable or another schema: rebuilt from scratch */
	}
	b = sqlite3_backup_init(w->db, "main", old, "main");
	if (!b) {
		int r = db_errorf(err, -EIO, w->db, w->tmp, "cannot copy the database");
		sqlite3_close_v2(old);
		return r;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	sqlite3_close_v2(old);
	if (rc != SQLITE_DONE)
		return bw_errorf(err, -EIO, w->path, 0, 0, "cannot copy the database: %s",
				 sqlite3_errstr(rc));
	*ret_copied = true;
	return 0;
}

int vuln_db_writer_begin(const char *path, struct vuln_db_writer **ret_w, struct bw_error *err)
{
	struct vuln_db_writer *w = calloc(1, sizeof(*w));
	BW_CLEANUP(bw_freep) char *lock = NULL;
	bool copied;
	int r;

	if (!w)
		return -ENOMEM;
	w->lock_fd = -1;
	w->path = strdup(path);
	if (asprintf(&w->tmp, "%s.new", path) < 0)
		w->tmp = NULL;
	if (asprintf(&lock, "%s.lock", path) < 0)
		lock = NULL;
	if (!w->path || !w->tmp || !lock) {
		writer_free(w);
		return -ENOMEM;
	}
	r = make_parent(path, err);
	if (r < 0) {
		writer_free(w);
		return r;
	}
	w->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (w->lock_fd < 0 || flock(w->lock_fd, LOCK_EX) < 0) {
		r = bw_errorf(err, -errno, lock, 0, 0, "cannot lock the database: %s",
			      strerror(errno));
		writer_free(w);
		return r;
	}
	/* a .new file left by a killed update is garbage: we hold the lock now */
	if (unlink(w->tmp) < 0 && errno != ENOENT) {
		r = bw_errorf(err, -errno, w->tmp, 0, 0, "cannot remove: %s", strerror(errno));
		writer_free(w);
		return r;
	}
	if (sqlite3_open_v2(w->tmp, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		r = db_errorf(err, -EIO, w->db, w->tmp, "cannot create the database");
		vuln_db_writer_abort(w);
		return r;
	}
	r = copy_old(w, &copied, err);
	if (r == 0 && !copied) {
		char sql[64];
		(void)snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", VULN_DB_SCHEMA);
		r = exec(w->db, schema_sql, w->tmp, err);
		if (r == 0)
			r = exec(w->db, sql, w->tmp, err);
	}
	/* the file is private until renamed: no syncs until the one at the end, and a journal
	 * in memory only, for the per-source savepoints */
	if (r == 0)
		r = exec(w->db, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; BEGIN",
			 w->tmp, err);
	for (int i = 0; r == 0 && i < W_STMT_COUNT; i++)
		if (sqlite3_prepare_v2(w->db, writer_sql[i], -1, &w->st[i], NULL) != SQLITE_OK)
			r = db_errorf(err, -EIO, w->db, w->tmp, "cannot prepare a statement");
	if (r < 0) {
		vuln_db_writer_abort(w);
		return r;
	}
	*ret_w = w;
	return 0;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* Runs a bound statement to completion and resets it; 0 or -EIO (-ENOMEM). */
static int step_done(struct vuln_db_writer *w, sqlite3_stmt *st, struct bw_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_NOMEM)
		return -ENOMEM;
	return db_errorf(err, -EIO, w->db, w->tmp, "database write failed");
}

int vuln_db_writer_source(struct vuln_db_writer *w, const char *name, const char *kind,
			  const char *origin, const char *etag, const char *last_modified,
			  struct bw_error *err)
{
	sqlite3_stmt *st = w->st[W_UPSERT_SOURCE];
	int r;

	if ((r = exec(w->db, "SAVEPOINT source", w->tmp, err)) < 0)
		return r;
	bind_text(st, 1, name);
	bind_text(st, 2, kind);
	bind_text(st, 3, origin ? origin : "");
	bind_text(st, 4, etag);
	bind_text(st, 5, last_modified);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	if ((r = step_done(w, st, err)) < 0)
		return r;
	st = w->st[W_SOURCE_ID];
	bind_text(st, 1, name);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_errorf(err, -EIO, w->db, w->tmp, "cannot find the source just written");
	}
	w->source = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (int i = W_DEL_RANGES; i <= W_DEL_VULNS; i++) {
		sqlite3_bind_int64(w->st[i], 1, w->source);
		if ((r = step_done(w, w->st[i], err)) < 0)
			return r;
	}
	return 0;
}

int vuln_db_writer_touch(struct vuln_db_writer *w, const char *name, struct bw_error *err)
{
	sqlite3_stmt *st = w->st[W_TOUCH];

	bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	return step_done(w, st, err);
}

int vuln_db_writer_cache_info(struct vuln_db_writer *w, const char *name, char **ret_etag,
			      char **ret_last_modified)
{
	sqlite3_stmt *st = w->st[W_CACHE_INFO];

	*ret_etag = *ret_last_modified = NULL;
	bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*ret_etag = col_dup(st, 0);
		*ret_last_modified = col_dup(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

int vuln_db_writer_source_done(struct vuln_db_writer *w, const struct vuln_import_stats *s,
			       struct bw_error *err)
{
	sqlite3_stmt *st = w->st[W_SOURCE_DONE];

	sqlite3_bind_int64(st, 1, w->source);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)s->records);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)s->advisories);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)(s->malformed + s->withdrawn));
	int r = step_done(w, st, err);
	if (r == 0)
		r = exec(w->db, "RELEASE source", w->tmp, err);
	w->source = 0;
	return r;
}

int vuln_db_writer_source_abort(struct vuln_db_writer *w, struct bw_error *err)
{
	int r = exec(w->db, "ROLLBACK TO source; RELEASE source", w->tmp, err);

	w->source = 0;
	return r;
}

static int sink_record(void *arg, const struct vuln_record *v)
{
	struct vuln_db_writer *w = arg;
	sqlite3_stmt *st = w->st[W_VULN];

	if (!w->source)
		return -EINVAL;
	bind_text(st, 1, v->id);
	sqlite3_bind_int64(st, 2, w->source);
	bind_text(st, 3, v->aliases);
	bind_text(st, 4, v->title);
	bind_text(st, 5, v->description);
	bind_text(st, 6, v->cvss);
	bind_text(st, 7, v->published);
	bind_text(st, 8, v->modified);
	bind_text(st, 9, v->link);
	return step_done(w, st, NULL);
}

static int sink_advisory(void *arg, const struct vuln_advisory *a)
{
	struct vuln_db_writer *w = arg;
	sqlite3_stmt *st = w->st[W_ADVISORY];
	char *versions = NULL;
	int r;

	if (!w->source)
		return -EINVAL;
	if (a->n_versions) {
		size_t len = 0;
		for (size_t i = 0; i < a->n_versions; i++)
			len += strlen(a->versions[i]) + 1;
		versions = malloc(len + 1);
		if (!versions)
			return -ENOMEM;
		len = 0;
		for (size_t i = 0; i < a->n_versions; i++) {
			size_t l = strlen(a->versions[i]);
			memcpy(versions + len, a->versions[i], l);
			len += l;
			versions[len++] = '\n';
		}
		versions[len] = '\0';
	}
	sqlite3_bind_int64(st, 1, w->source);
	bind_text(st, 2, a->vuln_id);
	bind_text(st, 3, a->ecosystem);
	bind_text(st, 4, a->package);
	bind_text(st, 5, vuln_scheme_name(a->scheme));
	bind_text(st, 6, vuln_status_name(a->status));
	bind_text(st, 7, a->severity);
	bind_text(st, 8, a->fixed);
	bind_text(st, 9, versions);
	bind_text(st, 10, a->note);
	r = step_done(w, st, NULL);
	free(versions);
	if (r < 0)
		return r;
	sqlite3_int64 id = sqlite3_last_insert_rowid(w->db);
	st = w->st[W_RANGE];
	for (size_t i = 0; i < a->n_ranges; i++) {
		const struct vuln_range *g = &a->ranges[i];
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, g->introduced);
		bind_text(st, 3, g->fixed);
		bind_text(st, 4, g->last_affected);
		bind_text(st, 5, g->limit);
		if ((r = step_done(w, st, NULL)) < 0)
			return r;
	}
	return 0;
}

static void sink_warn(void *arg, const char *path, int line, int col, const char *msg)
{
	struct vuln_db_writer *w = arg;

	if (w->warn)
		w->warn(w->warn_arg, path, line, col, msg);
}

struct vuln_sink vuln_db_writer_sink(struct vuln_db_writer *w,
				     void (*warn)(void *, const char *, int, int, const char *),
				     void *warn_arg)
{
	w->warn = warn;
	w->warn_arg = warn_arg;
	return (struct vuln_sink){
		.record = sink_record, .advisory = sink_advisory, .warn = sink_warn, .arg = w};
}

/* fsync of a path opened read-only (a file or a folder). */
static int fsync_path(const char *path, int flags, struct bw_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	int r = 0;

	if (fd < 0 || fsync(fd) < 0)
		r = bw_errorf(err, -errno, path, 0, 0, "cannot sync: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

int vuln_db_writer_commit(struct vuln_db_writer *w, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *dir = NULL;
	char meta[128];
	int r;

	(void)snprintf(meta, sizeof(meta),
		       "INSERT OR REPLACE INTO meta(key, value) VALUES('built', '%lld')",
		       (long long)time(NULL));
	/* the DSA/DLA lists keep the advisories of releases long out of support: they do not
	 * make a release "covered" (an end-of-life release must still be reported as such) */
	r = exec(w->db,
		 "DELETE FROM ecosystems; INSERT INTO ecosystems(name, advisories) "
		 "SELECT a.ecosystem, count(*) FROM advisories a JOIN sources s "
		 "ON s.id = a.source_id WHERE s.kind != 'debian-dsa' GROUP BY a.ecosystem",
		 w->tmp, err);
	if (r == 0)
		r = exec(w->db, meta, w->tmp, err);
	if (r == 0)
		r = exec(w->db, "COMMIT", w->tmp, err);
	for (int i = 0; i < W_STMT_COUNT; i++) {
		sqlite3_finalize(w->st[i]);
		w->st[i] = NULL;
	}
	if (r == 0 && sqlite3_close(w->db) != SQLITE_OK)
		r = db_errorf(err, -EIO, w->db, w->tmp, "cannot close the database");
	if (r == 0)
		w->db = NULL;
	/* durable rename: the data first, then the name, then the folder entry */
	if (r == 0)
		r = fsync_path(w->tmp, 0, err);
	if (r == 0 && chmod(w->tmp, 0644) < 0)
		r = bw_errorf(err, -errno, w->tmp, 0, 0, "cannot chmod: %s", strerror(errno));
	if (r == 0 && rename(w->tmp, w->path) < 0)
		r = bw_errorf(err, -errno, w->path, 0, 0, "cannot rename '%s' into place: %s",
			      w->tmp, strerror(errno));
	if (r == 0) {
		dir = strdup(w->path);
		if (!dir)
			r = -ENOMEM;
		else
			r = fsync_path(dirname(dir), O_DIRECTORY, err);
	}
	if (r < 0) {
		vuln_db_writer_abort(w);
		return r;
	}
	writer_free(w);
	return 0;
}
