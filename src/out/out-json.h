/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the JSON and SARIF writers: a rule's alias list as a JSON array, and writing the
 * finished document. Internal to src/out. */
#ifndef BW_OUT_JSON_H
#define BW_OUT_JSON_H

#include <errno.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* A new array (the caller owns it), or NULL when out of memory. */
static inline json_t *bw_out_aliases(const char *aliases)
{
	json_t *a = json_array();
	const char *p = aliases ? aliases : "";

	while (a && *p) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e > p && json_array_append_new(a, json_stringn(p, (size_t)(e - p))) < 0) {
			json_decref(a);
			return NULL;
		}
		p = e;
	}
	return a;
}

/* Writes root, indented, and a newline to f: 0, -ENOMEM or -EIO. Dumped to memory and
 * written at once, as json_dumpf makes a stdio call per token. */
static inline int bw_out_json_write(const json_t *root, FILE *f)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int r = 0;

	if (!text)
		return -ENOMEM;
	if (fputs(text, f) == EOF || fputc('\n', f) == EOF)
		r = -EIO;
	free(text);
	return r;
}

#endif
