/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the table, SARIF and JUnit writers: UTF-8 decoding that never fails
 * (bad bytes become U+FFFD, because findings quote user files verbatim) and an index of the
 * findings by path. Header-only, seen by src/out/ alone. */
#ifndef BW_OUT_OUT_INTERNAL_H
#define BW_OUT_OUT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/report.h"
#include "util/buf.h"
#include "util/cleanup.h"

#define BW_OUT_UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at `s` (NUL-terminated). Returns the bytes consumed (>= 1; 0 only at
 * the NUL). Overlong forms, surrogates, values past U+10FFFF and truncated sequences decode as
 * U+FFFD consuming one byte, so the caller always advances. */
static inline size_t bw_out_utf8_next(const char *s, uint32_t *ret_cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp, min;
	size_t n;

	if (p[0] == 0) {
		*ret_cp = 0;
		return 0;
	}
	if (p[0] < 0x80) {
		*ret_cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		cp = p[0] & 0x1Fu;
		n = 2;
		min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		cp = p[0] & 0x0Fu;
		n = 3;
		min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		cp = p[0] & 0x07u;
		n = 4;
		min = 0x10000;
	} else {
		*ret_cp = BW_OUT_UTF8_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) { /* also stops at the NUL */
			*ret_cp = BW_OUT_UTF8_REPLACEMENT;
			return 1;
		}
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*ret_cp = BW_OUT_UTF8_REPLACEMENT;
		return 1;
	}
	*ret_cp = cp;
	return n;
}

/* Writes code point `cp` as UTF-8 into out (at least 4 bytes); returns the length. */
static inline size_t bw_out_utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static inline int bw_out_finding_ptr_cmp(const void *a, const void *b)
{
	const struct bw_finding *x = *(const struct bw_finding *const *)a;
	const struct bw_finding *y = *(const struct bw_finding *const *)b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x < y ? -1 : x > y; /* same file: report order, which the caller sorted */
}

/* A malloc'd array of pointers to all findings, ordered by path and then by report order,
 * or NULL when the report is empty or on OOM (ret_oom tells which). */
static inline const struct bw_finding **bw_out_index_by_path(const struct bw_report *r,
							     int *ret_oom)
{
	const struct bw_finding **idx;

	*ret_oom = 0;
	if (r->len == 0)
		return NULL;
	idx = calloc(r->len, sizeof(*idx));
	if (!idx) {
		*ret_oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < r->len; i++)
		idx[i] = &r->findings[i];
	qsort(idx, r->len, sizeof(*idx), bw_out_finding_ptr_cmp);
	return idx;
}

/* The range [*ret_lo, *ret_hi) of `idx` (n entries, from bw_out_index_by_path) whose findings
 * are in `path`; empty when there are none. */
static inline void bw_out_path_range(const struct bw_finding **idx, size_t n, const char *path,
				     size_t *ret_lo, size_t *ret_hi)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* first entry whose path is >= `path` */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(idx[mid]->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	hi = lo;
	while (hi < n && strcmp(idx[hi]->path, path) == 0)
		hi++;
	*ret_lo = lo;
	*ret_hi = hi;
}

static inline int bw_out_target_ptr_cmp(const void *a, const void *b)
{
	const struct bw_target *x = *(const struct bw_target *const *)a;
	const struct bw_target *y = *(const struct bw_target *const *)b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* A malloc'd array, one flag per target: true when an earlier target has the same path (a
 * file named twice is reported once). NULL on OOM; never NULL otherwise. */
static inline bool *bw_out_target_dups(const struct bw_report *r)
{
	size_t n = r->targets_len;
	bool *dup = calloc(n ? n : 1, sizeof(*dup));
	const struct bw_target **t = calloc(n ? n : 1, sizeof(*t));

	if (!dup || !t) {
		free(dup);
		free(t);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		t[i] = &r->targets[i];
	qsort(t, n, sizeof(*t), bw_out_target_ptr_cmp);
	for (size_t i = 1; i < n; i++)
		if (strcmp(t[i - 1]->path, t[i]->path) == 0)
			dup[t[i] - r->targets] = true;
	free(t);
	return dup;
}

/* A JSON string of `s`; invalid UTF-8 (findings quote user files) becomes U+FFFD. NULL: OOM. */
static inline json_t *bw_out_jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	if (j || !s)
		return j;

	BW_CLEANUP(bw_buf_releasep) struct bw_buf b;
	bw_buf_init(&b, SIZE_MAX / 2);
	for (const char *p = s; *p;) {
		char enc[4];
		uint32_t cp;
		p += bw_out_utf8_next(p, &cp);
		if (bw_buf_add(&b, enc, bw_out_utf8_put(cp, enc)) < 0)
			return NULL;
	}
	return json_string(bw_buf_str(&b));
}

#endif
