/* SPDX-License-Identifier: Apache-2.0 */
/* The cargo-auditable cataloger: Rust executables built with `cargo auditable build` carry
 * their crate list in the ELF section .dep-v0, zlib-compressed JSON
 * ({"packages":[{"name","version","source","kind","dependencies","root"}]}). One cargo
 * package per entry, the root crate included. Entries of kind "build" are skipped: the format
 * marks so the crates used only at build time (build scripts, proc macros), whose code is not
 * in the executable. PE and Mach-O executables are not read. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/limits.h"
#include "pkg/elf.h"
#include "pkg/pkg.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/banned.h"

#define AUDIT_SECTION ".dep-v0"
#define AUDIT_MIN_SIZE 64u /* smaller files are no executables */

/* zlib data into *out (at most BW_MAX_CARGO_AUDIT_JSON bytes); 0, -ENOMEM, -EFBIG, -EINVAL. */
static int inflate_all(const void *z, size_t zlen, struct bw_buf *out)
{
	z_stream st = {0};
	unsigned char chunk[16384];
	int zr, r = 0;

	if (inflateInit(&st) != Z_OK)
		return -ENOMEM;
	st.next_in = (Bytef *)(uintptr_t)z;
	do {
		st.avail_in = zlen > UINT32_MAX ? UINT32_MAX : (uInt)zlen;
		zlen -= st.avail_in;
		do {
			st.next_out = chunk;
			st.avail_out = sizeof(chunk);
			zr = inflate(&st, Z_NO_FLUSH);
			if (zr == Z_MEM_ERROR)
				r = -ENOMEM;
			else if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
				r = -EINVAL;
			else
				r = bw_buf_add(out, chunk, sizeof(chunk) - st.avail_out);
		} while (r == 0 && zr == Z_OK && st.avail_out == 0);
	} while (r == 0 && zr == Z_OK && zlen);
	if (r == 0 && zr != Z_STREAM_END)
		r = -EINVAL; /* cut short */
	(void)inflateEnd(&st);
	return r == -E2BIG ? -EFBIG : r;
}

static int audit_json_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			    struct bw_error *err)
{
	BW_CLEANUP(json_decrefp) json_t *root = NULL;
	json_error_t je;
	json_t *pkgs, *p;
	size_t i;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return bw_errorf(err, -EINVAL, path, 0, 0,
				 "malformed cargo-auditable data in %s: %s at offset %d",
				 AUDIT_SECTION, je.text, je.position);
	pkgs = json_object_get(root, "packages");
	if (!json_is_array(pkgs))
		return bw_errorf(err, -EINVAL, path, 0, 0,
				 "malformed cargo-auditable data in %s: no \"packages\" array",
				 AUDIT_SECTION);
	json_array_foreach(pkgs, i, p)
	{
		const char *name = json_string_value(json_object_get(p, "name")),
			   *version = json_string_value(json_object_get(p, "version")),
			   *kind = json_string_value(json_object_get(p, "kind"));
		if (!name || !*name || !version || !*version)
			return bw_errorf(err, -EINVAL, path, 0, 0,
					 "malformed cargo-auditable data in %s: package %zu has "
					 "no name or version",
					 AUDIT_SECTION, i);
		if (kind && strcmp(kind, "build") == 0)
			continue;
		if (!pkg_found_add(out, PKG_TYPE_CARGO, name, version))
			return out->len >= BW_MAX_PKG_PACKAGES
				       ? bw_errorf(err, -E2BIG, path, 0, 0, "too many crates")
				       : -ENOMEM;
	}
	return 0;
}

int pkg_cargo_auditable_parse(const char *path, const void *z, size_t zlen, struct pkg_found *out,
			      struct bw_error *err)
{
	BW_CLEANUP(bw_buf_releasep) struct bw_buf json = {0};
	int r;

	bw_buf_init(&json, BW_MAX_CARGO_AUDIT_JSON);
	r = inflate_all(z, zlen, &json);
	if (r == -EFBIG)
		return bw_errorf(err, r, path, 0, 0,
				 "cargo-auditable data in %s inflates past %u MiB, not read",
				 AUDIT_SECTION, BW_MAX_CARGO_AUDIT_JSON / (1024u * 1024u));
	if (r == -EINVAL)
		return bw_errorf(err, r, path, 0, 0,
				 "malformed cargo-auditable data in %s: not zlib data",
				 AUDIT_SECTION);
	if (r < 0)
		return r;
	return audit_json_parse(path, json.data ? json.data : "", json.len, out, err);
}

int pkg_cargo_auditable_feed(void **state, const struct pkg_file *f, const void *data, size_t len,
			     bool last, struct pkg_found *out, struct bw_error *err)
{
	struct pkg_elf_section *s = *state;
	const void *sec;
	size_t sec_len;
	int r;

	if (!s && !(s = *state = pkg_elf_section_new(AUDIT_SECTION, f->size)))
		return -ENOMEM;
	if (!last)
		return pkg_elf_section_feed(s, data, len);
	r = pkg_elf_section_get(s, f->path, &sec, &sec_len, err);
	if (r > 0)
		r = pkg_cargo_auditable_parse(f->path, sec, sec_len, out, err);
	*state = pkg_elf_section_free(s);
	return r;
}

static size_t audit_want(const char *path, unsigned mode, uint64_t size)
{
	(void)path;
	if (!S_ISREG(mode) || !(mode & 0111) || size < AUDIT_MIN_SIZE)
		return 0;
	return size > SIZE_MAX ? SIZE_MAX : (size_t)size;
}

const struct pkg_cataloger pkg_cargo_auditable_cataloger = {
	.name = "cargo-auditable",
	.want = audit_want,
	.feed = pkg_cargo_auditable_feed,
};
