/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the dpkg status parser: every package it returns has a name and a
 * version, and a purl can be made of it (checks in fuzz-pkgdb.h). */
#include "fuzz-pkgdb.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_pkgdb db = {
		.parse = pkg_dpkg_status_parse,
		.path = "status",
		.type = PKG_TYPE_DEB,
		.os = {.id = "debian", .version_id = "12"},
		.purl_prefix = "pkg:deb/debian/",
	};

	return fuzz_pkgdb(&db, data, size);
}
