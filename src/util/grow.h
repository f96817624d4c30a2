/* SPDX-License-Identifier: Apache-2.0 */
/* Growing arrays: the one way every module makes room for one more element. */
#ifndef BW_UTIL_GROW_H
#define BW_UTIL_GROW_H

#include <stddef.h>

/* Makes room for element `len` of *items (each `size` bytes, *cap of them allocated), doubling
 * the allocation (16 at first) when full. 0, or -ENOMEM with *items and *cap unchanged. */
int bw_grow(void **items, size_t *cap, size_t len, size_t size);

#endif
