/* SPDX-License-Identifier: Apache-2.0 */
/* The JSON report (docs/json-format.md): stable keys, one object, schema-versioned. */
#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "out/out-json.h"
#include "out/out-internal.h"
#include "out/out.h"
#include "util/cleanup.h"
#include "util/banned.h"

#define BW_JSON_SCHEMA "bulwark.report/1"

static json_t *finding_json(const struct bw_finding *f, const struct bw_out_opts *o)
{
	/* message and path quote user files, which need not be UTF-8: bw_out_jstr mends them */
	json_t *j =
		json_pack("{s:s, s:o, s:s, s:s, s:o, s:o, s:i, s:i, s:i, s:s}", "rule_id",
			  f->rule->id, "aliases", bw_out_aliases(f->rule->aliases), "severity",
			  bw_severity_name(f->severity), "title", f->rule->title, "message",
			  bw_out_jstr(f->message), "path", bw_out_jstr(f->path), "line", f->line,
			  "column", f->col, "end_line", f->end_line, "fix", f->rule->fix);
	if (j && o->show_suppressed) {
		(void)json_object_set_new(j, "suppressed", json_boolean(f->suppressed));
		if (f->suppressed_by)
			(void)json_object_set_new(j, "suppressed_by",
						  bw_out_jstr(f->suppressed_by));
	}
	return j;
}

int bw_out_json(FILE *f, const struct bw_report *r, const struct bw_out_opts *o)
{
	json_auto_t *root = NULL; /* jansson's own cleanup attribute */
	json_t *findings = json_array(), *targets = json_array(), *by_sev = json_object();
	size_t shown = 0, suppressed = 0;
	unsigned counts[BW_SEV_COUNT] = {0};

	root = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o, s:o}", "schema", BW_JSON_SCHEMA, "tool",
			 "name", "bulwark", "version", BW_VERSION, "command",
			 o->command ? o->command : "", "targets", targets, "findings", findings);
	if (!root || !by_sev) {
		json_decref(by_sev);
		return -ENOMEM;
	}
	for (size_t i = 0; i < r->targets_len; i++) {
		const struct bw_target *t = &r->targets[i];
		json_t *tj = json_pack("{s:o, s:s}", "path", bw_out_jstr(t->path), "kind",
				       t->kind ? t->kind : "");
		if (tj && t->error)
			(void)json_object_set_new(tj, "error", bw_out_jstr(t->error));
		if (!tj || json_array_append_new(targets, tj) < 0)
			return -ENOMEM;
	}
	for (size_t i = 0; i < r->len; i++) {
		const struct bw_finding *fi = &r->findings[i];
		if (fi->suppressed)
			suppressed++;
		if (!bw_out_visible(fi, o))
			continue;
		if (!fi->suppressed) {
			shown++;
			counts[fi->severity]++;
		}
		json_t *fj = finding_json(fi, o);
		if (!fj || json_array_append_new(findings, fj) < 0)
			return -ENOMEM;
	}
	for (unsigned s = 0; s < BW_SEV_COUNT; s++)
		(void)json_object_set_new(by_sev, bw_severity_name((enum bw_severity)s),
					  json_integer(counts[s]));
	(void)json_object_set_new(root, "summary",
				  json_pack("{s:I, s:I, s:o}", "findings", (json_int_t)shown,
					    "suppressed", (json_int_t)suppressed, "by_severity",
					    by_sev));
	if (o->json_extra && o->json_extra(root, o->json_extra_arg) < 0)
		return -ENOMEM;
	return bw_out_json_write(root, f);
}
