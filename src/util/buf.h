/* SPDX-License-Identifier: Apache-2.0 */
/* A growable byte buffer with a hard maximum size; always NUL-terminated when non-empty. */
#ifndef BW_UTIL_BUF_H
#define BW_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct bw_buf {
	char *data; /* owned; NUL-terminated once anything was added */
	size_t len; /* bytes used, without the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* len may never exceed this (-E2BIG) */
};

void bw_buf_init(struct bw_buf *b, size_t max);
void bw_buf_release(struct bw_buf *b);
/* Each returns 0, -ENOMEM, or -E2BIG when the maximum would be passed. */
int bw_buf_add(struct bw_buf *b, const void *p, size_t n);
int bw_buf_adds(struct bw_buf *b, const char *s);
int bw_buf_addc(struct bw_buf *b, char c);
int bw_buf_printf(struct bw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int bw_buf_vprintf(struct bw_buf *b, const char *fmt, va_list ap);
/* Returns the string (never NULL: "" when empty); the buffer keeps ownership. */
const char *bw_buf_str(const struct bw_buf *b);
/* Hands the data to the caller (malloc'd, NUL-terminated; never NULL unless OOM). */
char *bw_buf_steal(struct bw_buf *b);
void bw_buf_clear(struct bw_buf *b);

static inline void bw_buf_releasep(struct bw_buf *b)
{
	bw_buf_release(b);
}

#endif
