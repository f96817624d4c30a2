/* SPDX-License-Identifier: Apache-2.0 */
/* Streaming lookup of one ELF section by name (see elf.h). The section header table comes
 * last in the files linkers and objcopy write, so the bytes a non-loaded section might hold
 * are kept from the end of the last PT_LOAD segment (or BW_MAX_ELF_TAIL before the table, if
 * later) to the end of the table; the table then says where the section is. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "pkg/elf.h"
#include "util/buf.h"
#include "util/banned.h"

#define ELF_HEAD_MAX (64u * 1024u) /* ELF header and program headers, when they fit */
#define PT_LOAD 1u
#define SHT_NOBITS 8u

struct pkg_elf_section {
	const char *name;
	uint64_t size, off; /* file size; bytes fed so far */
	unsigned char head[ELF_HEAD_MAX];
	size_t head_len, head_need; /* collected; wanted before deciding what to keep */
	bool is64, be, not_elf, decided;
	uint64_t phoff, shoff;
	unsigned phentsize, phnum, shentsize, shnum, shstrndx;
	uint64_t keep_from, keep_to; /* file range held in tail */
	struct bw_buf tail;
};

static uint64_t rd(const struct pkg_elf_section *s, const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[s->be ? n - 1 - i : i] << (8 * i);
	return v;
}

struct pkg_elf_section *pkg_elf_section_new(const char *name, uint64_t size)
{
	struct pkg_elf_section *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = name;
	s->size = size;
	s->head_need = 64;
	bw_buf_init(&s->tail, BW_MAX_ELF_TAIL + 65535u * 64u); /* + the largest section table */
	return s;
}

struct pkg_elf_section *pkg_elf_section_free(struct pkg_elf_section *s)
{
	if (s) {
		bw_buf_release(&s->tail);
		free(s);
	}
	return NULL;
}

/* Where the ELF header keeps the fields we read: ELFCLASS32, ELFCLASS64 (addr: address size). */
static const struct elf_header_layout {
	unsigned char phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx, addr;
} header_layout[2] = {
	{28, 32, 42, 44, 46, 48, 50, 4},
	{32, 40, 54, 56, 58, 60, 62, 8},
};

/* The ELF header (64 bytes are there): false when the file is no ELF we read. */
static bool elf_header(struct pkg_elf_section *s)
{
	const unsigned char *h = s->head;

	if (memcmp(h,
		   "\x7f"
		   "ELF",
		   4) != 0 ||
	    (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2))
		return false;
	s->is64 = h[4] == 2;
	s->be = h[5] == 2;
	const struct elf_header_layout *l = &header_layout[s->is64];
	s->phoff = rd(s, h + l->phoff, l->addr);
	s->shoff = rd(s, h + l->shoff, l->addr);
	s->phentsize = (unsigned)rd(s, h + l->phentsize, 2);
	s->phnum = (unsigned)rd(s, h + l->phnum, 2);
	s->shentsize = (unsigned)rd(s, h + l->shentsize, 2);
	s->shnum = (unsigned)rd(s, h + l->shnum, 2);
	s->shstrndx = (unsigned)rd(s, h + l->shstrndx, 2);
	/* no section table, or one we cannot use (entries of another size than every linker
	 * writes, which would also make the table unbounded): nothing to find */
	return s->shoff && s->shnum && s->shstrndx < s->shnum &&
	       s->shentsize == (s->is64 ? 64u : 40u) && s->shoff < s->size &&
	       (uint64_t)s->shnum * s->shentsize <= s->size - s->shoff;
}

/* End of the last PT_LOAD segment in the file, from the program headers in head; 0 when
 * they are not all there. */
static uint64_t loads_end(const struct pkg_elf_section *s)
{
	unsigned esz = s->is64 ? 56u : 32u;
	uint64_t end = 0;

	if (s->phentsize < esz || s->phoff > s->head_len ||
	    (uint64_t)s->phnum * s->phentsize > s->head_len - s->phoff)
		return 0;
	for (unsigned i = 0; i < s->phnum; i++) {
		const unsigned char *p = s->head + s->phoff + (size_t)i * s->phentsize;
		uint64_t off = rd(s, p + (s->is64 ? 8 : 4), s->is64 ? 8 : 4),
			 sz = rd(s, p + (s->is64 ? 32 : 16), s->is64 ? 8 : 4);
		if (rd(s, p, 4) == PT_LOAD && off <= s->size && sz <= s->size - off &&
		    off + sz > end)
			end = off + sz;
	}
	return end > s->shoff ? 0 : end;
}

/* Field of section header i in the table at tab: the 64-bit layout's offset, or the 32-bit. */
static uint64_t sh_field(const struct pkg_elf_section *s, const unsigned char *tab, unsigned i,
			 unsigned o64, unsigned o32)
{
	return rd(s, tab + (size_t)i * s->shentsize + (s->is64 ? o64 : o32), s->is64 ? 8 : 4);
}

/* Appends the part of file bytes [at, at + len) that lies in the kept range. */
static int keep(struct pkg_elf_section *s, const unsigned char *d, size_t len, uint64_t at)
{
	uint64_t from = at > s->keep_from ? at : s->keep_from,
		 to = at + len < s->keep_to ? at + len : s->keep_to;

	if (from >= to)
		return 0;
	return bw_buf_add(&s->tail, d + (from - at), (size_t)(to - from));
}

/* With the headers collected: which file range to keep. */
static int decide(struct pkg_elf_section *s)
{
	uint64_t le;

	s->decided = true;
	if (s->not_elf)
		return 0;
	le = loads_end(s);
	s->keep_to = s->shoff + (uint64_t)s->shnum * s->shentsize;
	s->keep_from = s->shoff > BW_MAX_ELF_TAIL ? s->shoff - BW_MAX_ELF_TAIL : 0;
	if (le > s->keep_from)
		s->keep_from = le;
	return keep(s, s->head, s->head_len, 0);
}

int pkg_elf_section_feed(struct pkg_elf_section *s, const void *data, size_t len)
{
	const unsigned char *d = data;
	int r = 0;

	while (!s->decided && len) {
		size_t take = s->head_need - s->head_len < len ? s->head_need - s->head_len : len;
		memcpy(s->head + s->head_len, d, take);
		s->head_len += take;
		s->off += take;
		d += take;
		len -= take;
		if (s->head_len < s->head_need)
			return 0;
		if (s->head_need == 64) {
			s->not_elf = !elf_header(s);
			uint64_t ph_end = s->phoff + (uint64_t)s->phnum * s->phentsize;
			if (!s->not_elf && ph_end > 64 && ph_end <= ELF_HEAD_MAX &&
			    ph_end <= s->size) {
				s->head_need = (size_t)ph_end;
				continue;
			}
		}
		if ((r = decide(s)) < 0)
			return r;
	}
	if (!s->not_elf && len)
		r = keep(s, d, len, s->off);
	s->off += len;
	return r;
}

int pkg_elf_section_get(struct pkg_elf_section *s, const char *path, const void **ret_data,
			size_t *ret_len, struct bw_error *err)
{
	const unsigned char *t = (const unsigned char *)s->tail.data, *tab, *str;
	uint64_t str_off, str_size;

	if (s->not_elf || !s->decided || s->off != s->size ||
	    s->tail.len != s->keep_to - s->keep_from || s->shoff < s->keep_from)
		return 0;
	tab = t + (s->shoff - s->keep_from);
	str_off = sh_field(s, tab, s->shstrndx, 24, 16);
	str_size = sh_field(s, tab, s->shstrndx, 32, 20);
	if (str_off < s->keep_from || str_off > s->keep_to || str_size > s->keep_to - str_off)
		return 0; /* section names out of reach: cannot tell, as for a stripped table */
	str = t + (str_off - s->keep_from);
	for (unsigned i = 1; i < s->shnum; i++) {
		const unsigned char *sh = tab + (size_t)i * s->shentsize;
		uint64_t name = rd(s, sh, 4), off = sh_field(s, tab, i, 24, 16),
			 size = sh_field(s, tab, i, 32, 20);
		size_t n = strlen(s->name);

		if (name >= str_size || n + 1 > str_size - name ||
		    memcmp(str + name, s->name, n + 1) != 0)
			continue;
		if (rd(s, sh + 4, 4) == SHT_NOBITS || off > s->size || size > s->size - off)
			return bw_errorf(err, -EINVAL, path, 0, 0,
					 "section %s claims bytes past the end of the file",
					 s->name);
		if (off < s->keep_from || off + size > s->keep_to)
			return bw_errorf(err, -EFBIG, path, 0, 0,
					 "section %s lies more than %u MiB before the section "
					 "table, not read",
					 s->name, BW_MAX_ELF_TAIL / (1024u * 1024u));
		*ret_data = t + (off - s->keep_from);
		*ret_len = (size_t)size;
		return 1;
	}
	return 0;
}
