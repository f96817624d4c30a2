/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the importers in src/vuln/ (and their unit tests): a splitter that finds
 * the members of a JSON object or array without parsing them, so each record is parsed alone
 * and a bad one is reported at its position; YAML to jansson conversion; positions. */
#ifndef BW_VULN_VULN_INTERNAL_H
#define BW_VULN_VULN_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "util/ydoc.h"
#include "vuln/db.h"

/* One member of a JSON object (key set) or element of an array (key NULL). */
struct vjson_span {
	const char *key; /* raw key text between the quotes (escapes not decoded) */
	size_t key_len;
	const char *val; /* the value's text */
	size_t val_len;
	size_t offset; /* of val from the start of the whole text */
};

/* Calls cb for each member of the object or array starting at data[start] (leading blanks
 * skipped). A callback returning non-zero stops the walk with that value. -EINVAL (err names
 * path, line and column) when the text is not a well-formed object/array at this level. */
int vjson_each(const char *path, const char *data, size_t len, size_t start,
	       int (*cb)(void *arg, const struct vjson_span *s), void *arg, struct bw_error *err);
/* The span of member `key` of the object at data[start]; 0, -ENOENT, or -EINVAL. */
int vjson_member(const char *path, const char *data, size_t len, size_t start, const char *key,
		 struct vjson_span *ret, struct bw_error *err);
/* Parses a span with jansson; on a syntax error fills err with the absolute position. */
json_t *vjson_load(const char *path, const char *data, const struct vjson_span *s,
		   struct bw_error *err);
/* 1-based line and column of byte `offset` in data. */
void vjson_position(const char *data, size_t offset, int *ret_line, int *ret_col);

/* A YAML node as jansson values: scalars become strings (plain nulls become null). NULL on
 * OOM. */
json_t *vyaml_to_json(const struct ydoc_node *n);

/* Borrowed string member of a jansson object, NULL when absent or not a string. */
const char *vjson_str(const json_t *obj, const char *key);

/* Warns through the sink and counts the record as malformed. */
void vimport_warn(const struct vuln_sink *sink, struct vuln_import_stats *st, const char *path,
		  int line, int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Cuts OSV range events into intervals (struct vuln_range), in version order of `scheme`.
 * events: jansson array of {introduced|fixed|last_affected|limit: version}. The ranges point
 * into the events' strings. Returns the number of intervals written (at most max), or -EINVAL
 * when an event is malformed, -E2BIG past max. */
int vosv_intervals(enum vuln_scheme scheme, const json_t *events, struct vuln_range *out,
		   size_t max);

#endif
