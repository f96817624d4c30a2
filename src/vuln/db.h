/* SPDX-License-Identifier: Apache-2.0 */
/* The vulnerability database: the record model every importer produces, and the SQLite file
 * that holds it (schema in docs/vulndb-schema.md). A published database file is never written
 * in place: an update copies it beside itself, changes the copy and renames it over the old
 * one (fsync file, rename, fsync folder), so readers see the old or the new file, never half. */
#ifndef BW_VULN_DB_H
#define BW_VULN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "vuln/version.h"

/* Bumped when the schema changes; an older file is rebuilt, never migrated in place. */
#define VULN_DB_SCHEMA 1

/* Status of a package for one vulnerability in one ecosystem (distribution release). */
#define VULN_STATUS_LIST(X)                                                                        \
	X(AFFECTED, "affected")		/* vulnerable in the ranges, no fix for some of them */    \
	X(FIXED, "fixed")		/* vulnerable in the ranges, fixed after them */           \
	X(NOT_AFFECTED, "not_affected") /* never vulnerable (tracker/secdb fixed version 0) */     \
	X(UNDETERMINED, "undetermined") /* the vendor has not decided yet */                       \
	X(WILL_NOT_FIX, "will_not_fix") /* affected; the vendor will not fix (no-dsa ignored) */   \
	X(DEFERRED, "deferred")		/* affected; fix postponed to a later update */            \
	X(END_OF_LIFE, "end_of_life")	/* affected; security support ended for the package */

enum vuln_status {
#define VULN_STATUS_ENUM(id, name) VULN_STATUS_##id,
	VULN_STATUS_LIST(VULN_STATUS_ENUM)
#undef VULN_STATUS_ENUM
		VULN_STATUS_COUNT
};

const char *vuln_status_name(enum vuln_status s);
int vuln_status_parse(const char *name, enum vuln_status *ret);

/* One OSV-style range of affected versions, already cut into one interval: affected when
 * introduced <= v (NULL or "0": from the start) and v < fixed (NULL: no fix) and
 * v <= last_affected (NULL: unbounded) and v < limit (NULL: unbounded). */
struct vuln_range {
	const char *introduced;
	const char *fixed;
	const char *last_affected;
	const char *limit;
};

/* What a feed says about one package for one vulnerability in one ecosystem. */
struct vuln_advisory {
	const char *vuln_id;   /* "CVE-2023-4911", "GHSA-...", "GO-2024-3228" */
	const char *ecosystem; /* "debian:bookworm", "alpine:v3.18", "Go", "PyPI", "Debian:12" */
	const char *package;   /* normalised: source package, PEP 503 name, module path */
	enum vuln_scheme scheme;
	enum vuln_status status;
	const char *severity; /* vendor severity as written ("medium**", "high"); NULL */
	const char *fixed;    /* the version that fixes it, for display; NULL when none */
	const struct vuln_range *ranges;
	size_t n_ranges;
	const char *const *versions; /* explicit affected versions (OSV `versions`) */
	size_t n_versions;
	const char *note; /* vendor note (Debian no-dsa comment); NULL */
};

/* What a feed says about a vulnerability itself. */
struct vuln_record {
	const char *id;
	const char *aliases; /* space-separated other ids; NULL */
	const char *title;   /* one line; NULL */
	const char *description;
	const char *cvss;		  /* CVSS vector ("CVSS:3.1/AV:N/..."); NULL */
	const char *published, *modified; /* RFC 3339 as written; NULL */
	const char *link;		  /* advisory page; NULL */
};

/* Where importers send what they read. Each callback returns 0 or a negative errno that
 * stops the import (only -ENOMEM or a database error: bad input is `warn`ed and skipped). */
struct vuln_sink {
	int (*record)(void *arg, const struct vuln_record *r);
	int (*advisory)(void *arg, const struct vuln_advisory *a);
	/* A malformed record, skipped: path, 1-based line and column (0 when unknown), why. */
	void (*warn)(void *arg, const char *path, int line, int col, const char *msg);
	void *arg;
};

/* Counts an importer adds to as it goes. */
struct vuln_import_stats {
	size_t records;	   /* vulnerability records read */
	size_t advisories; /* (package, ecosystem) entries stored */
	size_t malformed;  /* records skipped as malformed (each warned) */
	size_t withdrawn;  /* OSV records skipped as withdrawn */
	size_t git_ranges; /* OSV GIT ranges skipped */
	size_t not_affected;
};

/* ---- reading ---- */

struct vuln_db;

/* The default path: $XDG_CACHE_HOME/bulwark/vuln.db, else ~/.cache/bulwark/vuln.db; malloc'd,
 * NULL on OOM or when neither variable is set. */
char *vuln_db_default_path(void);
/* Opens a published database read-only. -ENOENT (err says to run `bulwark db update`),
 * -EPROTO for another schema version, -EIO for a file that is not a bulwark database. */
int vuln_db_open(const char *path, struct vuln_db **ret_db, struct bw_error *err);
struct vuln_db *vuln_db_close(struct vuln_db *db);
void vuln_db_closep(struct vuln_db **db);
/* The SQLite handle, for the matcher and `db info`. */
struct sqlite3 *vuln_db_handle(struct vuln_db *db);

/* One row of the sources table. */
struct vuln_source_info {
	char *name, *kind, *origin, *etag, *last_modified;
	int64_t updated; /* unix seconds */
	int64_t records, advisories, skipped;
};

/* All sources, ordered by name; *ret_n entries the caller frees with vuln_source_infos_free. */
int vuln_db_sources(struct vuln_db *db, struct vuln_source_info **ret, size_t *ret_n,
		    struct bw_error *err);
void vuln_source_infos_free(struct vuln_source_info *s, size_t n);
/* The newest `updated` over all sources (0 when none). */
int64_t vuln_db_updated(struct vuln_db *db);
/* True when some source carries advisories for `ecosystem` (a release the feed knows). */
bool vuln_db_has_ecosystem(struct vuln_db *db, const char *ecosystem);

/* ---- writing ---- */

struct vuln_db_writer;

/* Starts an update of the database at `path`: takes `path`.lock (waits for another update to
 * finish), copies the current file (if any, and if its schema is current) to `path`.new and
 * opens that copy in one transaction. */
int vuln_db_writer_begin(const char *path, struct vuln_db_writer **ret_w, struct bw_error *err);
/* Replaces everything source `name` held: its rows are deleted and the source row (re)written,
 * inside a savepoint that vuln_db_writer_source_done keeps and vuln_db_writer_source_abort
 * undoes. The sink then adds to that source. `etag`/`last_modified` may be NULL. */
int vuln_db_writer_source(struct vuln_db_writer *w, const char *name, const char *kind,
			  const char *origin, const char *etag, const char *last_modified,
			  struct bw_error *err);
/* Marks source `name` as checked now without changing its data (a 304 Not Modified). */
int vuln_db_writer_touch(struct vuln_db_writer *w, const char *name, struct bw_error *err);
/* A sink writing into the current source. */
struct vuln_sink vuln_db_writer_sink(struct vuln_db_writer *w,
				     void (*warn)(void *, const char *, int, int, const char *),
				     void *warn_arg);
/* Records the current source's final counts and keeps what it wrote. */
int vuln_db_writer_source_done(struct vuln_db_writer *w, const struct vuln_import_stats *st,
			       struct bw_error *err);
/* Undoes everything since vuln_db_writer_source: the source keeps its previous data. */
int vuln_db_writer_source_abort(struct vuln_db_writer *w, struct bw_error *err);
/* The etag / last-modified stored for `name` (malloc'd or NULL), for conditional requests. */
int vuln_db_writer_cache_info(struct vuln_db_writer *w, const char *name, char **ret_etag,
			      char **ret_last_modified);
/* Commits, closes, fsyncs and renames the new file into place, then frees w. */
int vuln_db_writer_commit(struct vuln_db_writer *w, struct bw_error *err);
/* Drops the new file and frees w; accepts NULL. */
void vuln_db_writer_abort(struct vuln_db_writer *w);

#endif
