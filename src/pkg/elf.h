/* SPDX-License-Identifier: Apache-2.0 */
/* Finds one named section of an ELF file while the file streams past, for sections that lie
 * after the loaded segments (not SHF_ALLOC: .dep-v0, .comment). Keeps the ELF and program
 * headers and the last BW_MAX_ELF_TAIL bytes before the section header table, nothing else;
 * a section placed earlier than that is reported, not read. 32/64-bit, either byte order. */
#ifndef BW_PKG_ELF_H
#define BW_PKG_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct pkg_elf_section;

/* A reader for section `name` (borrowed: must outlive the reader) of a file of `size`
 * bytes; NULL on OOM. */
struct pkg_elf_section *pkg_elf_section_new(const char *name, uint64_t size);
/* Hands the next `len` bytes of the file over; 0 or -ENOMEM. */
int pkg_elf_section_feed(struct pkg_elf_section *s, const void *data, size_t len);
/* Once the whole file was fed: 1 with the section's bytes (owned by s) in *ret_data and
 * *ret_len; 0 when the file is no ELF, was cut short or has no such section; -EFBIG when the
 * section lies outside the part kept, -EINVAL when its headers contradict the file (err
 * names `path` and why). */
int pkg_elf_section_get(struct pkg_elf_section *s, const char *path, const void **ret_data,
			size_t *ret_len, struct bw_error *err);
struct pkg_elf_section *pkg_elf_section_free(struct pkg_elf_section *s);

#endif
