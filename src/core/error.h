/* SPDX-License-Identifier: Apache-2.0 */
/* A fixed-size error record: reporting an error never allocates. */
#ifndef BW_CORE_ERROR_H
#define BW_CORE_ERROR_H

#include <stdarg.h>

struct bw_error {
	int code;	/* negative errno-style code, 0 when unset */
	char path[512]; /* file the error is about, "" when none */
	int line;	/* 1-based, 0 when unknown */
	int col;	/* 1-based, 0 when unknown */
	char msg[512];	/* lower-case, no final full stop */
};

/* Fills err (when non-NULL) and returns code, so that `return bw_errorf(...)` is one statement. */
int bw_errorf(struct bw_error *err, int code, const char *path, int line, int col, const char *fmt,
	      ...) __attribute__((format(printf, 6, 7)));
/* bw_errorf taking a va_list, for helpers that add their own path and position. */
int bw_verrorf(struct bw_error *err, int code, const char *path, int line, int col, const char *fmt,
	       va_list ap) __attribute__((format(printf, 6, 0)));
/* Formats "PATH:LINE:COL: MSG" (parts that are unset left out) into out. */
void bw_error_format(const struct bw_error *err, char *out, unsigned long outlen);

#endif
