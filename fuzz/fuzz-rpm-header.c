/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the rpm header reader: the input is one header blob (as rpm stores it
 * in rpmdb.sqlite's Packages table), put into an in-memory database that both readers open:
 * the package list (name and version set, a pkg:rpm purl) and the file list (absolute paths
 * of the length reported). Seeds are headers rpm itself wrote. */
#include <errno.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "pkg/pkg.h"
#include "util/banned.h"

static int check_file(void *ctx, const char *pkg, const char *file, size_t n)
{
	(void)ctx;
	CHECK(pkg[0] && strlen(file) == n);
	return 0;
}

/* The bytes of a database whose Packages table holds the blob; NULL on failure. */
static unsigned char *rpmdb_with(const uint8_t *blob, size_t size, sqlite3_int64 *ret_len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *bytes = NULL;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) ==
		    SQLITE_OK &&
	    sqlite3_exec(db, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB)", NULL,
			 NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "INSERT INTO Packages (blob) VALUES (?)", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_bind_blob64(st, 1, blob, size, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_DONE)
		bytes = sqlite3_serialize(db, "main", ret_len, 0);
	(void)sqlite3_finalize(st);
	(void)sqlite3_close(db);
	return bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pkg_os os = {.id = "rhel", .version_id = "9.4"};
	struct pkg_found f = {0}, owners = {0};
	struct bw_error err = {0};
	sqlite3_int64 len = 0;
	unsigned char *db = rpmdb_with(data, size, &len);
	int r;

	if (!db)
		return 0;
	r = pkg_rpm_sqlite_parse("rpmdb.sqlite", db, (size_t)len, &f, &err);
	CHECK(r == 0 || r == -ENOMEM || err.msg[0] != '\0');
	for (size_t i = 0; i < f.len; i++) {
		CHECK(f.pkgs[i].name[0] && f.pkgs[i].version[0] && f.pkgs[i].type == PKG_TYPE_RPM);
		char *purl = pkg_purl(&f.pkgs[i], &os);
		CHECK(purl && strncmp(purl, "pkg:rpm/rhel/", 13) == 0);
		free(purl);
	}
	r = pkg_rpm_sqlite_files("rpmdb.sqlite", db, (size_t)len, check_file, NULL, &err);
	CHECK(r == 0 || r == -ENOMEM || err.msg[0] != '\0');
	/* and through the owner cataloger, which keeps the paths' hashes */
	r = pkg_owner_list_parse("var/lib/rpm/rpmdb.sqlite", (const char *)db, (size_t)len, &owners,
				 &err);
	CHECK(r <= 0);
	pkg_found_release(&f);
	if (owners.data)
		pkg_owner_cataloger.free_data(owners.data);
	sqlite3_free(db);
	return 0;
}
