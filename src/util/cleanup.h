/* SPDX-License-Identifier: Apache-2.0 */
/* Scope-bound cleanup: the attribute frees, BW_TAKE hands ownership on. Nothing else. */
#ifndef BW_UTIL_CLEANUP_H
#define BW_UTIL_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BW_CLEANUP(fn) __attribute__((cleanup(fn)))
#define BW_TAKE(p)                                                                                 \
	__extension__({                                                                            \
		__typeof__(p) _t = (p);                                                            \
		(p) = NULL;                                                                        \
		_t;                                                                                \
	})
#define BW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline void bw_freep(void *p)
{
	free(*(void **)p);
}

static inline void bw_fclosep(FILE **f)
{
	if (*f)
		(void)fclose(*f);
}

static inline void bw_closep(int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
}

#endif
