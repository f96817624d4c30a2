/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the apk installed-database parser: every package it returns has a name
 * and a version, and a purl can be made of it. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkg_found f = {0};
	struct bw_error err = {0};
	struct pkg_os os = {.id = "alpine", .version_id = "3.20.3"};
	int r = pkg_apk_installed_parse("installed", (const char *)data, size, &f, &err);

	CHECK(r == 0 || r == -EINVAL || r == -ENOMEM || r == -E2BIG);
	CHECK(r == 0 || err.msg[0] != '\0');
	for (size_t i = 0; i < f.len; i++) {
		CHECK(f.pkgs[i].name[0] && f.pkgs[i].version[0] && f.pkgs[i].type == PKG_TYPE_APK);
		char *purl = pkg_purl(&f.pkgs[i], &os);
		CHECK(purl && strncmp(purl, "pkg:apk/alpine/", 15) == 0);
		free(purl);
	}
	pkg_found_release(&f);
	return 0;
}
