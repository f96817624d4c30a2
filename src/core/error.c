/* SPDX-License-Identifier: Apache-2.0 */
/* Error records. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "util/banned.h"

int bw_verrorf(struct bw_error *err, int code, const char *path, int line, int col, const char *fmt,
	       va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	(void)snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	err->line = line;
	err->col = col;
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int bw_errorf(struct bw_error *err, int code, const char *path, int line, int col, const char *fmt,
	      ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = bw_verrorf(err, code, path, line, col, fmt, ap);
	va_end(ap);
	return code;
}

void bw_error_format(const struct bw_error *err, char *out, unsigned long outlen)
{
	if (err->path[0] && err->line > 0 && err->col > 0)
		(void)snprintf(out, outlen, "%s:%d:%d: %s", err->path, err->line, err->col,
			       err->msg);
	else if (err->path[0] && err->line > 0)
		(void)snprintf(out, outlen, "%s:%d: %s", err->path, err->line, err->msg);
	else if (err->path[0])
		(void)snprintf(out, outlen, "%s: %s", err->path, err->msg);
	else
		(void)snprintf(out, outlen, "%s", err->msg);
}
