/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the YAML tree (util/ydoc) and the Kubernetes model and rules on top of
 * it: parses the input, walks every node and traps when an invariant of ydoc.h does not hold
 * (positions, bounds, pair and item counts), then runs the K8S rules on it. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/limits.h"
#include "core/report.h"
#include "lint/k8s-rules.h"
#include "lint/k8s.h"
#include "util/cleanup.h"
#include "util/ydoc.h"
#include "util/banned.h"

#include "fuzz-lint.h"

/* Walks the tree as consumers do (recursively); the depth bound keeps this safe. */
static size_t walk(const struct ydoc_node *n, unsigned depth)
{
	size_t count = 1;
	bool b;
	int64_t v;

	CHECK(n && depth <= BW_MAX_YAML_DEPTH && n->line >= 1 && n->col >= 1);
	CHECK(n->end_line >= n->line && !n->open);
	switch (n->kind) {
	case YDOC_SCALAR:
		CHECK(n->str && n->str[n->len] == '\0' && n->height == 0);
		(void)ydoc_is_null(n);
		(void)ydoc_bool(n, &b);
		(void)ydoc_int(n, &v);
		break;
	case YDOC_SEQ:
		CHECK(n->n_items == 0 || n->items);
		for (size_t i = 0; i < n->n_items; i++) {
			CHECK(n->items[i]->height < n->height);
			count += walk(n->items[i], depth + 1);
		}
		break;
	case YDOC_MAP:
		CHECK(n->n_pairs == 0 || n->pairs);
		for (size_t i = 0; i < n->n_pairs; i++) {
			const struct ydoc_pair *p = &n->pairs[i];
			CHECK(p->key && p->value);
			CHECK(p->key->kind != YDOC_SCALAR || strcmp(p->key->str, "<<") != 0 ||
			      p->key->style != YDOC_STYLE_PLAIN || p->key->tag);
			if (p->key->kind == YDOC_SCALAR)
				CHECK(ydoc_map_get(n, p->key->str) != NULL ||
				      memchr(p->key->str, 0, p->key->len));
			count += walk(p->key, depth + 1) + walk(p->value, depth + 1);
		}
		break;
	case YDOC_KIND_COUNT:
		CHECK(0);
	}
	return count;
}

static void run_k8s(const uint8_t *data, size_t size)
{
	BW_CLEANUP(k8s_file_freep) struct k8s_file *kf = NULL;
	struct bw_error err = {0};
	int r = k8s_file_parse_mem("fuzz.yaml", (const char *)data, size, &kf, &err);
	struct k8s_subject sub = {.kf = kf, .cfg = fuzz_config()};

	if (!fuzz_parse_failed(r, kf, &err))
		fuzz_run_rules(&k8s_ruleset, &sub, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	BW_CLEANUP(ydoc_file_freep) struct ydoc_file *f = NULL;
	struct bw_error err = {0};
	int r;

	if (size > BW_MAX_CONFIG_FILE)
		return 0;
	r = ydoc_parse_mem("fuzz.yaml", (const char *)data, size, &f, &err);
	if (fuzz_parse_failed(r, f, &err))
		return 0;
	CHECK(f->n_nodes <= BW_MAX_YAML_NODES && f->text_len == size);
	for (size_t d = 0; d < f->n_docs; d++) {
		CHECK(f->docs[d].root);
		(void)walk(f->docs[d].root, 0);
	}
	run_k8s(data, size);
	return 0;
}
