/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the language package parsers: the first byte picks Python METADATA,
 * package.json, Go build info (fed as an executable in blocks of varying size), Go module
 * text, a cargo-auditable .dep-v0 section (as is, or the input compressed first so the JSON
 * reader is reached) or an ELF file searched for that section; every package returned has a
 * name and a version and a purl can be made of it. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "fuzz-check.h"
#include "pkg/pkg.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkg_found f = {0};
	struct bw_error err = {0};
	struct pkg_file file = {.path = "usr/bin/x", .mode = S_IFREG | 0755, .size = size};
	const char *d = (const char *)data + 1;
	size_t n = size ? size - 1 : 0;
	int r = 0;

	if (size == 0)
		return 0;
	switch (data[0] % 7) {
	case 0:
		r = pkg_python_metadata_parse("METADATA", d, n, &f, &err);
		break;
	case 1:
		r = pkg_node_package_parse("package.json", d, n, &f, &err);
		break;
	case 2: {
		/* an ELF header, then the input in blocks whose size the second byte picks */
		void *st = NULL;
		size_t block = n ? (size_t)(unsigned char)d[0] % 61 + 1 : 1;
		r = pkg_go_buildinfo_feed(&st, &file,
					  "\x7f"
					  "ELF",
					  4, false, &f, &err);
		for (size_t off = 0; off < n && r >= 0; off += block)
			r = pkg_go_buildinfo_feed(&st, &file, d + off,
						  n - off < block ? n - off : block, false, &f,
						  &err);
		CHECK(pkg_go_buildinfo_feed(&st, &file, NULL, 0, true, &f, &err) == 0);
		CHECK(st == NULL);
		break;
	}
	case 3:
		r = pkg_go_modinfo_parse("x", "go1.21.0", 8, d, n, &f, &err);
		break;
	case 4:
		r = pkg_cargo_auditable_parse("x", d, n, &f, &err);
		break;
	case 5: {
		uLongf zn = compressBound((uLong)n);
		unsigned char *z = malloc(zn);
		if (!z || compress(z, &zn, (const Bytef *)d, (uLong)n) != Z_OK) {
			free(z);
			return 0;
		}
		r = pkg_cargo_auditable_parse("x", z, zn, &f, &err);
		free(z);
		break;
	}
	default: {
		/* the second byte picks the block size, the rest is the file */
		void *st = NULL;
		size_t block = n ? (size_t)(unsigned char)d[0] % 61 + 1 : 1;
		file.size = n ? n - 1 : 0;
		for (size_t off = 1; off < n && r >= 0; off += block)
			r = pkg_cargo_auditable_feed(&st, &file, d + off,
						     n - off < block ? n - off : block, false, &f,
						     &err);
		if (r >= 0)
			r = pkg_cargo_auditable_feed(&st, &file, NULL, 0, true, &f, &err);
		else
			CHECK(pkg_cargo_auditable_feed(&st, &file, NULL, 0, true, &f, &err) <= 0);
		CHECK(st == NULL);
		break;
	}
	}
	CHECK(r <= 0);
	CHECK(r == 0 || r == -ENOMEM || err.msg[0] != '\0');
	for (size_t i = 0; i < f.len; i++) {
		CHECK(f.pkgs[i].name && f.pkgs[i].version);
		char *purl = pkg_purl(&f.pkgs[i], NULL);
		CHECK(purl && strncmp(purl, "pkg:", 4) == 0);
		free(purl);
	}
	pkg_found_release(&f);
	return 0;
}
