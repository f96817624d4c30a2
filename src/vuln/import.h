/* SPDX-License-Identifier: Apache-2.0 */
/* Feed importers: each reads one file from memory and sends vulnerability records and
 * per-package advisories to a sink (the database writer, or a test). A malformed record is
 * warned about with its file and position and skipped; the rest of the file still imports.
 * Importers do no I/O; vuln_import_path walks files, folders and zip/tar archives. */
#ifndef BW_VULN_IMPORT_H
#define BW_VULN_IMPORT_H

#include <stddef.h>

#include "core/error.h"
#include "vuln/db.h"

#define VULN_FEED_LIST(X)                                                                          \
	X(DEBIAN, "debian")	    /* Debian security tracker JSON */                             \
	X(ALPINE, "alpine")	    /* Alpine secdb, JSON or YAML */                               \
	X(OSV, "osv")		    /* OSV records, JSON or YAML, one per file or a JSON array */  \
	X(DEBIAN_DSA, "debian-dsa") /* the tracker's DSA/DLA/DTSA lists (data/DSA/list) */

enum vuln_feed {
#define VULN_FEED_ENUM(id, name) VULN_FEED_##id,
	VULN_FEED_LIST(VULN_FEED_ENUM)
#undef VULN_FEED_ENUM
		VULN_FEED_COUNT
};

const char *vuln_feed_name(enum vuln_feed f);
int vuln_feed_parse(const char *name, enum vuln_feed *ret);

/* Each returns 0 (also when records were skipped: see st->malformed), -ENOMEM, the sink's
 * error, or -EINVAL when the file as a whole is unusable (err says where and why). */
int vuln_import_debian(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		       struct vuln_import_stats *st, struct bw_error *err);
int vuln_import_secdb(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		      struct vuln_import_stats *st, struct bw_error *err);
int vuln_import_osv(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		    struct vuln_import_stats *st, struct bw_error *err);
int vuln_import_dsa(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		    struct vuln_import_stats *st, struct bw_error *err);
/* Dispatches on the feed kind. */
int vuln_import_mem(enum vuln_feed kind, const char *path, const char *data, size_t len,
		    const struct vuln_sink *sink, struct vuln_import_stats *st,
		    struct bw_error *err);
/* Imports a file, every *.json / *.yaml / *.yml file below a folder (sorted, recursively), or
 * the entries of a .zip / .tar(.gz) archive. A file that cannot be parsed at all is warned
 * about and counted as malformed; only I/O, memory and sink errors stop the walk. */
int vuln_import_path(enum vuln_feed kind, const char *path, const struct vuln_sink *sink,
		     struct vuln_import_stats *st, struct bw_error *err);

/* PEP 503 normalised name (lower case, runs of '-', '_', '.' as one '-') into out. */
void vuln_pep503_name(const char *name, char *out, size_t outlen);
/* The id a secdb entry names: "CVE-2017-2616 (+ regression fix)" -> "CVE-2017-2616",
 * "CVE_2019_1" -> "CVE-2019-1", a CVE preferred over other ids in the text. 0, or -EINVAL
 * when the text holds no id. */
int vuln_secdb_id(const char *text, char *out, size_t outlen);

#endif
