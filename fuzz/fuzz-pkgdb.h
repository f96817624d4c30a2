/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the OS package-database fuzz targets: runs one parser on the input and checks
 * that every package it returns has a name and a version and gives a purl of its type. */
#ifndef BW_FUZZ_PKGDB_H
#define BW_FUZZ_PKGDB_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "pkg/pkg.h"

typedef int (*pkgdb_parse_fn)(const char *path, const char *data, size_t len,
			      struct pkg_found *ret_found, struct bw_error *err);

/* One database format: its parser, the package type it yields and the purl it makes. */
struct fuzz_pkgdb {
	pkgdb_parse_fn parse;
	const char *path;	 /* name the parser reports errors under */
	enum pkg_type type;	 /* every package must have this type */
	struct pkg_os os;	 /* the distribution purls are made for */
	const char *purl_prefix; /* every purl must start with this */
};

static int fuzz_pkgdb(const struct fuzz_pkgdb *db, const uint8_t *data, size_t size)
{
	struct pkg_found f = {0};
	struct bw_error err = {0};
	int r = db->parse(db->path, (const char *)data, size, &f, &err);

	CHECK(r == 0 || r == -EINVAL || r == -ENOMEM || r == -E2BIG);
	CHECK(r == 0 || err.msg[0] != '\0');
	for (size_t i = 0; i < f.len; i++) {
		CHECK(f.pkgs[i].name[0] && f.pkgs[i].version[0] && f.pkgs[i].type == db->type);
		char *purl = pkg_purl(&f.pkgs[i], &db->os);
		CHECK(purl && strncmp(purl, db->purl_prefix, strlen(db->purl_prefix)) == 0);
		free(purl);
	}
	pkg_found_release(&f);
	return 0;
}

#endif
