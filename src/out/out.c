/* SPDX-License-Identifier: Apache-2.0 */
/* Format names and the dispatch to the writers. */
#include <errno.h>
#include <string.h>

#include "out/out.h"
#include "util/banned.h"

static const char *const format_names[BW_FORMAT_COUNT] = {
#define BW_FORMAT_NAME(id, name) [BW_FORMAT_##id] = name,
	BW_FORMAT_LIST(BW_FORMAT_NAME)
#undef BW_FORMAT_NAME
};

static int (*const writers[BW_FORMAT_COUNT])(FILE *, const struct bw_report *,
					     const struct bw_out_opts *) = {
	[BW_FORMAT_TABLE] = bw_out_table,
	[BW_FORMAT_JSON] = bw_out_json,
	[BW_FORMAT_SARIF] = bw_out_sarif,
	[BW_FORMAT_JUNIT] = bw_out_junit,
};

bool bw_out_visible(const struct bw_finding *f, const struct bw_out_opts *o)
{
	if (f->suppressed && !o->show_suppressed)
		return false;
	return (o->severity_mask & (1u << f->severity)) != 0;
}

const char *bw_format_name(enum bw_format fmt)
{
	return (unsigned)fmt < BW_FORMAT_COUNT ? format_names[fmt] : "?";
}

int bw_format_parse(const char *s, enum bw_format *ret)
{
	for (unsigned i = 0; i < BW_FORMAT_COUNT; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*ret = (enum bw_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

int bw_out_write(enum bw_format fmt, FILE *f, const struct bw_report *r,
		 const struct bw_out_opts *o)
{
	if ((unsigned)fmt >= BW_FORMAT_COUNT)
		return -EINVAL;
	int ret = writers[fmt](f, r, o);
	if (ret == 0 && (fflush(f) != 0 || ferror(f)))
		ret = -EIO;
	return ret;
}
