/* SPDX-License-Identifier: Apache-2.0 */
/* Bump allocator in growing chunks; memory is zeroed and aligned for any scalar. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/banned.h"

struct bw_arena_chunk {
	struct bw_arena_chunk *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

#define ARENA_MIN_CHUNK (16u * 1024u)

void bw_arena_init(struct bw_arena *a, size_t max)
{
	*a = (struct bw_arena){.max = max};
}

void bw_arena_release(struct bw_arena *a)
{
	struct bw_arena_chunk *c = a->head;

	while (c) {
		struct bw_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *bw_arena_alloc(struct bw_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size_t rounded;

	if (__builtin_add_overflow(size, align - 1, &rounded))
		return NULL;
	rounded &= ~(align - 1);
	if (rounded == 0)
		rounded = align;

	struct bw_arena_chunk *c = a->head;
	if (!c || c->size - c->used < rounded) {
		size_t chunk = rounded > ARENA_MIN_CHUNK ? rounded : ARENA_MIN_CHUNK;
		if (a->head && a->head->size * 2 > chunk && a->head->size < (1u << 22))
			chunk = a->head->size * 2;
		if (a->max && (a->total + chunk > a->max || chunk > a->max))
			return NULL;
		c = calloc(1, sizeof(*c) + chunk);
		if (!c)
			return NULL;
		c->size = chunk;
		c->next = a->head;
		a->head = c;
		a->total += chunk;
	}
	void *p = (char *)c->data + c->used;
	c->used += rounded;
	return p;
}

void *bw_arena_calloc(struct bw_arena *a, size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	return bw_arena_alloc(a, total);
}

char *bw_arena_strndup(struct bw_arena *a, const char *s, size_t n)
{
	char *p = bw_arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *bw_arena_strdup(struct bw_arena *a, const char *s)
{
	return bw_arena_strndup(a, s, strlen(s));
}

char *bw_arena_printf(struct bw_arena *a, const char *fmt, ...)
{
	va_list ap, aq;

	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *p = n < 0 ? NULL : bw_arena_alloc(a, (size_t)n + 1);
	if (p)
		(void)vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
