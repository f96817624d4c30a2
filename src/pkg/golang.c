/* SPDX-License-Identifier: Apache-2.0 */
/* The Go cataloger: the build info that Go >= 1.18 embeds inline in executables (the
 * .go.buildinfo section, found by its 16-byte-aligned magic while the file streams past).
 * Lists the main module, every dependency (replacements applied) and the toolchain as
 * "stdlib". Keeps at most GO_INFO_MAX bytes; the older pointer format is reported, not read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pkg/pkg.h"
#include "util/buf.h"
#include "util/banned.h"

#define GO_MAGIC "\xff Go buildinf:"
#define GO_MAGIC_LEN 14u
#define GO_HDR_LEN 32u
#define GO_INFO_MAX (1024u * 1024u) /* header + version + module info, kept in memory */
#define GO_MIN_SIZE 4096u	    /* smaller files are no Go executables */

struct go_state {
	uint64_t off;		/* bytes seen so far */
	unsigned char tail[15]; /* the last bytes seen, for a magic across two blocks */
	size_t tail_len;
	bool not_elf, done;
	struct bw_buf info; /* from the magic on, while collecting */
	bool collecting;
};

/* Reads a uvarint at *p (< end); false when cut or too long. */
static bool uvarint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (*p < end && shift < 64) {
		unsigned char c = *(*p)++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
		shift += 7;
	}
	return false;
}

/* Splits "path\tversion[\tsum]" fields of a module line into path and version. */
static int go_add_module(struct pkg_found *out, const char *path, size_t path_len,
			 const char *version, size_t version_len, const char *file)
{
	char *full = NULL, *ver = NULL;
	const char *slash;
	struct pkg_package *p;
	int r;

	(void)file;
	if (!path_len || memchr(path, '\0', path_len) || memchr(version, '\0', version_len))
		return 0;
	if (pkg_strset(&full, path, path_len) < 0 ||
	    pkg_strset(&ver, version_len ? version : "(devel)",
		       version_len ? version_len : strlen("(devel)")) < 0) {
		free(full);
		return -ENOMEM;
	}
	slash = strrchr(full, '/');
	p = pkg_found_add(out, PKG_TYPE_GOLANG, slash ? slash + 1 : full, ver);
	r = p ? 0 : -ENOMEM;
	if (r == 0 && slash && slash != full)
		r = pkg_strset(&p->namespace_, full, (size_t)(slash - full));
	free(full);
	free(ver);
	return r;
}

/* Tab-separated fields of one line: up to 4. */
static size_t split_tabs(const char *s, size_t n, const char **f, size_t *fl)
{
	size_t k = 0;
	const char *end = s + n;

	while (k < 4) {
		const char *t = memchr(s, '\t', (size_t)(end - s));
		f[k] = s;
		fl[k] = (size_t)((t ? t : end) - s);
		k++;
		if (!t)
			break;
		s = t + 1;
	}
	return k;
}

int pkg_go_modinfo_parse(const char *path, const char *goversion, size_t goversion_len,
			 const char *mod, size_t len, struct pkg_found *out, struct bw_error *err)
{
	const char *end = mod + len, *line = mod;
	int r = 0;

	/* "go1.21.5" or "go1.21.5 X:boringcrypto": stdlib at 1.21.5 */
	if (goversion_len > 2 && memcmp(goversion, "go", 2) == 0) {
		const char *v = goversion + 2, *sp = memchr(v, ' ', goversion_len - 2);
		size_t vn = sp ? (size_t)(sp - v) : goversion_len - 2;
		if (vn && (r = go_add_module(out, "stdlib", 6, v, vn, path)) < 0)
			return r;
	}
	/* module info is wrapped in 16-byte sentinels when it comes from a binary */
	if (len >= 33 && mod[len - 17] == '\n') {
		line = mod + 16;
		end = mod + len - 16;
	}
	while (line < end && r == 0) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);
		const char *f[4];
		size_t fl[4], k = split_tabs(line, n, f, fl);

		if (k >= 2 && fl[0] == 3 &&
		    (memcmp(f[0], "mod", 3) == 0 || memcmp(f[0], "dep", 3) == 0))
			r = go_add_module(out, f[1], fl[1], k >= 3 ? f[2] : "", k >= 3 ? fl[2] : 0,
					  path);
		else if (k >= 3 && fl[0] == 2 && memcmp(f[0], "=>", 2) == 0 && out->len) {
			/* replaces the module of the line before */
			struct pkg_package *prev = &out->pkgs[out->len - 1];
			if (prev->type == PKG_TYPE_GOLANG && strcmp(prev->name, "stdlib") != 0) {
				pkg_package_release(prev);
				out->len--;
				r = go_add_module(out, f[1], fl[1], f[2], fl[2], path);
			}
		}
		line = nl ? nl + 1 : end;
	}
	return r == -ENOMEM ? r : r < 0 ? bw_errorf(err, r, path, 0, 0, "cannot add go module") : 0;
}

/* Parses the collected bytes (magic first) when they are complete: 1 done, 0 needs more. */
static int go_try_parse(struct go_state *s, const struct pkg_file *f, struct pkg_found *out,
			struct bw_error *err)
{
	const unsigned char *p = (const unsigned char *)s->info.data, *end = p + s->info.len;
	uint64_t vlen, mlen;

	if (s->info.len < GO_HDR_LEN)
		return 0;
	if (!(p[15] & 2)) {
		s->done = true;
		return bw_errorf(err, -ENOTSUP, f->path, 0, 0,
				 "go build info of a toolchain older than 1.18 (pointer format), "
				 "not read");
	}
	p += GO_HDR_LEN;
	if (!uvarint(&p, end, &vlen))
		return 0;
	if (vlen > GO_INFO_MAX || (uint64_t)(end - p) < vlen)
		return vlen > GO_INFO_MAX ? -EFBIG : 0;
	const char *ver = (const char *)p;
	p += vlen;
	if (!uvarint(&p, end, &mlen))
		return 0;
	if (mlen > GO_INFO_MAX || (uint64_t)(end - p) < mlen)
		return mlen > GO_INFO_MAX ? -EFBIG : 0;
	s->done = true;
	int r = pkg_go_modinfo_parse(f->path, ver, (size_t)vlen, (const char *)p, (size_t)mlen, out,
				     err);
	return r < 0 ? r : 1;
}

int pkg_go_buildinfo_feed(void **state, const struct pkg_file *f, const void *data, size_t len,
			  bool last, struct pkg_found *out, struct bw_error *err)
{
	struct go_state *s = *state;
	const unsigned char *d = data;
	int r = 0;

	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		bw_buf_init(&s->info, GO_INFO_MAX);
		*state = s;
	}
	if (last) {
		bw_buf_release(&s->info);
		free(s);
		*state = NULL;
		return 0;
	}
	if (s->done || s->not_elf || len == 0)
		goto out;
	for (uint64_t i = s->off; i < 4 && i - s->off < len; i++) {
		if (d[i - s->off] != (unsigned char)"\x7f"
						    "ELF"[i]) {
			s->not_elf = true;
			goto out;
		}
	}
	if (s->collecting) {
		size_t room = GO_INFO_MAX - s->info.len, take = len < room ? len : room;
		if ((r = bw_buf_add(&s->info, d, take)) < 0)
			return r;
	} else {
		/* candidates at 16-byte-aligned file offsets, the tail of the last block first */
		unsigned char joint[32];
		uint64_t base = s->off - s->tail_len;
		size_t jn = s->tail_len + (len < 16 ? len : 16);
		memcpy(joint, s->tail, s->tail_len);
		memcpy(joint + s->tail_len, d, jn - s->tail_len);
		for (size_t i = 0; i < s->tail_len && !s->collecting; i++) {
			if ((base + i) % 16 || i + GO_MAGIC_LEN > jn ||
			    memcmp(joint + i, GO_MAGIC, GO_MAGIC_LEN) != 0)
				continue;
			s->collecting = true;
			if ((r = bw_buf_add(&s->info, joint + i, s->tail_len - i)) < 0 ||
			    (r = bw_buf_add(&s->info, d,
					    len < GO_INFO_MAX / 2 ? len : GO_INFO_MAX / 2)) < 0)
				return r;
		}
		for (size_t i = (16 - s->off % 16) % 16; !s->collecting && i < len; i += 16) {
			if (d[i] != 0xff || i + GO_MAGIC_LEN > len ||
			    memcmp(d + i, GO_MAGIC, GO_MAGIC_LEN) != 0)
				continue;
			s->collecting = true;
			if ((r = bw_buf_add(&s->info, d + i,
					    len - i < GO_INFO_MAX ? len - i : GO_INFO_MAX)) < 0)
				return r;
		}
		if (!s->collecting) {
			/* keep the last 15 bytes seen, across short blocks too */
			if (len >= sizeof(s->tail)) {
				memcpy(s->tail, d + len - sizeof(s->tail), sizeof(s->tail));
				s->tail_len = sizeof(s->tail);
			} else {
				size_t old = s->tail_len + len > sizeof(s->tail)
						     ? sizeof(s->tail) - len
						     : s->tail_len;
				memmove(s->tail, s->tail + s->tail_len - old, old);
				memcpy(s->tail + old, d, len);
				s->tail_len = old + len;
			}
		}
	}
	if (s->collecting) {
		r = go_try_parse(s, f, out, err);
		if (r == -EFBIG) {
			s->done = true;
			return bw_errorf(err, r, f->path, 0, 0,
					 "go build info larger than %u bytes", GO_INFO_MAX);
		}
		if (r == 0 && s->info.len >= GO_INFO_MAX) {
			s->done = true;
			return bw_errorf(err, -EINVAL, f->path, 0, 0, "go build info is cut short");
		}
		if (r > 0) {
			bw_buf_release(&s->info);
			r = 0;
		}
	}
out:
	s->off += len;
	return r < 0 ? r : 0;
}

static size_t go_want(const char *path, unsigned mode, uint64_t size)
{
	(void)path;
	if (!S_ISREG(mode) || !(mode & 0111) || size < GO_MIN_SIZE)
		return 0;
	return size > SIZE_MAX ? SIZE_MAX : (size_t)size;
}

const struct pkg_cataloger pkg_go_cataloger = {
	.name = "go",
	.want = go_want,
	.feed = pkg_go_buildinfo_feed,
};
