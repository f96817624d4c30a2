/* SPDX-License-Identifier: Apache-2.0 */
/* Small string helpers that every module needs; no allocation unless the name says so. */
#ifndef BW_UTIL_STR_H
#define BW_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool bw_str_startswith(const char *s, const char *prefix);
bool bw_str_endswith(const char *s, const char *suffix);
bool bw_str_casestartswith(const char *s, const char *prefix);
/* True when `word` occurs in the space-separated list `list` (case-insensitive). */
bool bw_str_in_list(const char *list, const char *word);
/* Parses a whole decimal string; 0, -EINVAL or -ERANGE. ret written only on success. */
int bw_parse_u64(const char *s, uint64_t *ret);
/* Reads a regular file of at most `max` bytes into a malloc'd NUL-terminated buffer.
 * Opens O_NONBLOCK and checks fstat so a FIFO cannot hang us. 0 or -errno (-EFBIG). */
int bw_file_read(const char *path, size_t max, char **ret_data, size_t *ret_len);
/* Writes `s` masked: its first `keep` characters, then "****" (at most outlen-1 bytes). */
void bw_str_mask(const char *s, size_t keep, char *out, size_t outlen);

#endif
