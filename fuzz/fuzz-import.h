/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the importer fuzz targets: sink callbacks that check every record, advisory and
 * warning an importer emits is well-formed, and a driver that runs one importer. */
#ifndef BW_FUZZ_IMPORT_H
#define BW_FUZZ_IMPORT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "vuln/import.h"

typedef int (*vuln_import_fn)(const char *path, const char *data, size_t len,
			      const struct vuln_sink *sink, struct vuln_import_stats *st,
			      struct bw_error *err);

static int record(void *arg, const struct vuln_record *r)
{
	(void)arg;
	CHECK(r->id && r->id[0]);
	return 0;
}

static int advisory(void *arg, const struct vuln_advisory *a)
{
	(void)arg;
	CHECK(a->vuln_id && a->vuln_id[0] && a->ecosystem && a->ecosystem[0]);
	CHECK(a->package && a->package[0] && (unsigned)a->status < VULN_STATUS_COUNT);
	CHECK((unsigned)a->scheme < VULN_SCHEME_COUNT);
	for (size_t i = 0; i < a->n_ranges; i++) {
		const struct vuln_range *r = &a->ranges[i];
		CHECK(!(r->fixed && r->last_affected));
		/* every bound compares without crashing, in both orders */
		if (r->introduced && r->fixed)
			(void)vuln_version_cmp(a->scheme, r->introduced, r->fixed);
	}
	for (size_t i = 0; i < a->n_versions; i++)
		CHECK(a->versions[i] && a->versions[i][0]);
	return 0;
}

static void warn(void *arg, const char *path, int line, int col, const char *msg)
{
	(void)arg;
	CHECK(path && msg && msg[0] && line >= 0 && col >= 0);
}

/* Runs one importer on the input, NUL-terminated, and checks what it returns. */
static int fuzz_import(vuln_import_fn import, const uint8_t *data, size_t size)
{
	struct vuln_sink sink = {.record = record, .advisory = advisory, .warn = warn};
	struct vuln_import_stats st = {0};
	struct bw_error err = {0};
	char *copy = malloc(size + 1);
	int r;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	r = import("fuzz", copy, size, &sink, &st, &err);
	CHECK(r == 0 || r == -EINVAL || r == -ENOMEM || r == -E2BIG);
	CHECK(r == 0 || err.msg[0] != '\0' || r == -ENOMEM);
	free(copy);
	return 0;
}

#endif
