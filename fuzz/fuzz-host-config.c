/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for what `bulwark host` parses from the host: a dockerd command line
 * (/proc/PID/cmdline, NUL-separated words), daemon.json, and audit rules text (auditctl -l
 * or a rules file). The same bytes go to each parser: every call returns 0 or a known error,
 * the merge always yields an object holding every command-line key, and every audit watch
 * recorded is a non-empty absolute path. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "host/host-internal.h"
#include "util/banned.h"

static void check_paths(char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!paths[i] || paths[i][0] != '/')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_daemon d = {0};
	struct host_audit a = {0};
	const char *key;
	json_t *v;
	char *text;
	int r;

	r = host_daemon_parse_cmdline(&d, (const char *)data, size);
	if (r == 0)
		r = host_daemon_parse_json(&d, "/etc/docker/daemon.json", (const char *)data, size);
	if (r == 0)
		r = host_daemon_merge(&d);
	if (r != 0 && r != -ENOMEM)
		abort();
	if (r == 0) {
		if (!json_is_object(d.merged))
			abort();
		json_object_foreach(d.flags, key, v) if (!json_object_get(d.merged, key)) abort();
	}
	host_daemon_release(&d);

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	r = host_audit_parse(&a, text);
	if (r != 0 && r != -ENOMEM && r != -E2BIG)
		abort();
	check_paths(a.trees, a.n_trees);
	check_paths(a.exact, a.n_exact);
	host_audit_release(&a);
	free(text);
	return 0;
}
