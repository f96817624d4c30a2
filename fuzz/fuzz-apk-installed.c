/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the apk installed-database parser: every package it returns has a name and a
 * version, and a purl can be made of it (checks in fuzz-pkgdb.h). */
#include "fuzz-pkgdb.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_pkgdb db = {
		.parse = pkg_apk_installed_parse,
		.path = "installed",
		.type = PKG_TYPE_APK,
		.os = {.id = "alpine", .version_id = "3.20.3"},
		.purl_prefix = "pkg:apk/alpine/",
	};

	return fuzz_pkgdb(&db, data, size);
}
