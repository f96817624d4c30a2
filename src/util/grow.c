/* SPDX-License-Identifier: Apache-2.0 */
#include "util/grow.h"

#include <errno.h>
#include <stdlib.h>

#include "util/banned.h"

int bw_grow(void **items, size_t *cap, size_t len, size_t size)
{
	size_t ncap, bytes;
	void *p;

	if (len < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if (__builtin_mul_overflow(ncap, size, &bytes))
		return -ENOMEM;
	p = realloc(*items, bytes);
	if (!p)
		return -ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}
