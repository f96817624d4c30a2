/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded growable buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/banned.h"

void bw_buf_init(struct bw_buf *b, size_t max)
{
	*b = (struct bw_buf){.max = max};
}

void bw_buf_release(struct bw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static int buf_reserve(struct bw_buf *b, size_t extra)
{
	size_t need;

	if (__builtin_add_overflow(b->len, extra, &need) || need > b->max)
		return -E2BIG;
	if (need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need + 1) {
		if (__builtin_mul_overflow(cap, 2, &cap))
			return -E2BIG;
	}
	char *p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int bw_buf_add(struct bw_buf *b, const void *p, size_t n)
{
	int r = buf_reserve(b, n);

	if (r < 0)
		return r;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int bw_buf_adds(struct bw_buf *b, const char *s)
{
	return bw_buf_add(b, s, strlen(s));
}

int bw_buf_addc(struct bw_buf *b, char c)
{
	return bw_buf_add(b, &c, 1);
}

int bw_buf_vprintf(struct bw_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return -EINVAL;
	int r = buf_reserve(b, (size_t)n);
	if (r < 0)
		return r;
	(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int bw_buf_printf(struct bw_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = bw_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *bw_buf_str(const struct bw_buf *b)
{
	return b->data ? b->data : "";
}

char *bw_buf_steal(struct bw_buf *b)
{
	char *p = b->data ? b->data : strdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void bw_buf_clear(struct bw_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}
