/* SPDX-License-Identifier: Apache-2.0 */
/* A bump allocator for parse trees: many small allocations, one release. */
#ifndef BW_UTIL_ARENA_H
#define BW_UTIL_ARENA_H

#include <stddef.h>

struct bw_arena_chunk;

struct bw_arena {
	struct bw_arena_chunk *head; /* newest chunk first */
	size_t total;		     /* bytes allocated from the system */
	size_t max;		     /* 0 = no limit; else allocations past it fail */
};

void bw_arena_init(struct bw_arena *a, size_t max);
void bw_arena_release(struct bw_arena *a);
/* Each returns zeroed memory owned by the arena, or NULL when out of memory or past max. */
void *bw_arena_alloc(struct bw_arena *a, size_t size);
void *bw_arena_calloc(struct bw_arena *a, size_t n, size_t size);
char *bw_arena_strndup(struct bw_arena *a, const char *s, size_t n);
char *bw_arena_strdup(struct bw_arena *a, const char *s);
char *bw_arena_printf(struct bw_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
