/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for util/ydoc: positions, scalar styles and tags, anchors, merge keys, multiple
 * documents, and the errors and bounds (duplicate keys, tabs, alias bombs, depth). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "util/cleanup.h"
#include "util/ydoc.h"

static struct ydoc_file *parse_ok(const char *src)
{
	struct ydoc_file *f = NULL;
	struct bw_error err = {0};
	int r = ydoc_parse_mem("t.yaml", src, strlen(src), &f, &err);

	if (r < 0)
		fail_msg("parse failed: %d %s at %d:%d", r, err.msg, err.line, err.col);
	return f;
}

/* Parses src expecting an error; returns the error code and fills *err. */
static int parse_err(const char *src, struct bw_error *err)
{
	struct ydoc_file *f = NULL;
	int r = ydoc_parse_mem("t.yaml", src, strlen(src), &f, err);

	assert_true(r < 0);
	assert_null(f); /* ret_ untouched on failure */
	assert_string_equal(err->path, "t.yaml");
	return r;
}

static void test_positions_and_key_order(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep)
	struct ydoc_file *f = parse_ok("services:\n  web:\n    image: nginx\n    ports:\n"
				       "      - \"80:80\"\n  db: {image: postgres}\n");
	const struct ydoc_node *root = f->docs[0].root;

	assert_int_equal(f->n_docs, 1);
	assert_int_equal(root->kind, YDOC_MAP);
	const struct ydoc_node *svcs = ydoc_map_get(root, "services");
	assert_int_equal(svcs->n_pairs, 2);
	assert_string_equal(svcs->pairs[0].key->str, "web");
	assert_string_equal(svcs->pairs[1].key->str, "db");
	const struct ydoc_node *img = ydoc_map_get(ydoc_map_get(svcs, "web"), "image");
	assert_int_equal(img->line, 3);
	assert_int_equal(img->col, 12);
	const struct ydoc_node *ports = ydoc_map_get(ydoc_map_get(svcs, "web"), "ports");
	assert_int_equal(ports->kind, YDOC_SEQ);
	assert_int_equal(ports->items[0]->line, 5);
	assert_int_equal(ports->items[0]->style, YDOC_STYLE_DOUBLE);
	assert_int_equal(ydoc_map_pair(svcs, "db")->key->line, 6);
	assert_int_equal(svcs->end_line, 6);
}

static void test_quoted_true_is_a_string_not_a_boolean(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep)
	struct ydoc_file *f = parse_ok("a: true\nb: \"true\"\nc: !!bool 'yes'\nd: ~\ne: ''\n"
				       "f: -12\ng: 0x10\nh: !!str null\n");
	const struct ydoc_node *root = f->docs[0].root;
	bool b = false;
	int64_t v = 0;

	assert_int_equal(ydoc_bool(ydoc_map_get(root, "a"), &b), 0);
	assert_true(b);
	assert_int_equal(ydoc_bool(ydoc_map_get(root, "b"), &b), -EINVAL);
	assert_int_equal(ydoc_map_get(root, "b")->style, YDOC_STYLE_DOUBLE);
	assert_int_equal(ydoc_bool(ydoc_map_get(root, "c"), &b), 0);
	assert_string_equal(ydoc_map_get(root, "c")->tag, "tag:yaml.org,2002:bool");
	assert_true(ydoc_is_null(ydoc_map_get(root, "d")));
	assert_false(ydoc_is_null(ydoc_map_get(root, "e"))); /* '' is an empty string */
	assert_int_equal(ydoc_int(ydoc_map_get(root, "f"), &v), 0);
	assert_int_equal(v, -12);
	assert_int_equal(ydoc_int(ydoc_map_get(root, "g"), &v), -EINVAL);
	assert_false(ydoc_is_null(ydoc_map_get(root, "h")));
}

static void test_anchor_alias_is_shared_and_keeps_its_position(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep)
	struct ydoc_file *f = parse_ok("x: &caps [SYS_ADMIN, NET_ADMIN]\ny: *caps\n");
	const struct ydoc_node *root = f->docs[0].root;

	assert_ptr_equal(ydoc_map_get(root, "x"), ydoc_map_get(root, "y"));
	assert_int_equal(ydoc_map_get(root, "y")->line, 1);
	assert_string_equal(ydoc_map_get(root, "x")->anchor, "caps");
}

static void test_merge_keys_explicit_wins_then_earlier_maps(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep)
	struct ydoc_file *f = parse_ok("a: &a {k: 1, priv: true, only_a: x}\n"
				       "b: &b {k: 2, only_b: y, priv: false}\n"
				       "one:\n  <<: *a\n  k: 3\n"
				       "two:\n  <<: [*b, *a]\n"
				       "three: {<<: {z: 1}, w: 2}\n");
	const struct ydoc_node *root = f->docs[0].root;
	const struct ydoc_node *one = ydoc_map_get(root, "one");
	const struct ydoc_node *two = ydoc_map_get(root, "two");

	assert_string_equal(ydoc_str(ydoc_map_get(one, "k")), "3");
	assert_string_equal(ydoc_str(ydoc_map_get(one, "priv")), "true");
	assert_int_equal(ydoc_map_get(one, "priv")->line, 1); /* reported where written */
	assert_null(ydoc_map_get(one, "<<"));
	assert_int_equal(one->n_pairs, 3);
	assert_string_equal(ydoc_str(ydoc_map_get(two, "k")), "2");
	assert_string_equal(ydoc_str(ydoc_map_get(two, "priv")), "false");
	assert_string_equal(ydoc_str(ydoc_map_get(two, "only_a")), "x");
	assert_int_equal(two->n_pairs, 4);
	assert_string_equal(ydoc_str(ydoc_map_get(ydoc_map_get(root, "three"), "z")), "1");
}

static void test_quoted_merge_key_is_an_ordinary_key(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep) struct ydoc_file *f = parse_ok("a: {\"<<\": 1}\n");

	assert_string_equal(ydoc_str(ydoc_map_get(ydoc_map_get(f->docs[0].root, "a"), "<<")), "1");
}

/* Inputs the parser refuses with -EINVAL, each with where (0: not checked) and why. */
static const struct bad_yaml {
	const char *src;
	int line, col;
	const char *msg; /* a part of the message, or all of it */
} bad_yaml[] = {
	{"a: 1\nb:\n  <<: [x]\n", 3, 0, "merge key"},
	{"a: &x 1\n---\nb: *x\n", 3, 0, "unknown alias '*x'"}, /* anchors stay in their document */
	{"services:\n  web:\n    image: a\n    image: b\n", 4, 5,
	 "duplicate key 'image' (first at line 3)"},
	{"services:\n\tweb:\n\t\timage: x\n", 2, 1, "tab character used for indentation"},
	{"a:\n  b: 1\n c: 2\n", 3, 0, "block mapping"},
	{"pw: ******\n", 0, 0, "must be quoted"},
	{"a: &a [1, *a]\n", 0, 0, "cycle"},
};

static void test_bad_input_errors_name_line_and_reason(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_yaml) / sizeof(bad_yaml[0]); i++) {
		const struct bad_yaml *b = &bad_yaml[i];
		struct bw_error err = {0};
		int r = parse_err(b->src, &err);

		if (r != -EINVAL || (b->line && err.line != b->line) ||
		    (b->col && err.col != b->col) || !strstr(err.msg, b->msg))
			fail_msg("case %zu: %d at %d:%d '%s', want '%s'", i, r, err.line, err.col,
				 err.msg, b->msg);
	}
}

static void test_multiple_documents(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep)
	struct ydoc_file *f = parse_ok("kind: A\n---\nkind: B\n---\n---\nkind: C\n");

	assert_int_equal(f->n_docs, 4);
	assert_string_equal(ydoc_str(ydoc_map_get(f->docs[1].root, "kind")), "B");
	assert_true(ydoc_is_null(f->docs[2].root));
	assert_int_equal(ydoc_map_get(f->docs[3].root, "kind")->line, 6);
}

static void test_duplicate_key_in_a_large_map(void **state)
{
	(void)state;
	struct bw_error err = {0};
	char *src = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&src, &len);

	assert_non_null(m);
	for (int i = 0; i < 200; i++)
		fprintf(m, "k%d: %d\n", i, i);
	fprintf(m, "k150: again\n");
	fclose(m);
	assert_int_equal(parse_err(src, &err), -EINVAL);
	assert_int_equal(err.line, 201);
	assert_string_equal(err.msg, "duplicate key 'k150' (first at line 151)");
	free(src);
}

static void test_billion_laughs_fails_fast_and_small(void **state)
{
	(void)state;
	struct bw_error err = {0};
	char *src = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&src, &len);

	assert_non_null(m);
	fprintf(m, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		fprintf(m, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			fprintf(m, "%s*a%d", k ? ", " : "", i - 1);
		fprintf(m, "]\n");
	}
	fclose(m);
	assert_int_equal(parse_err(src, &err), -E2BIG);
	assert_non_null(strstr(err.msg, "alias bomb"));
	assert_true(err.line > 1 && err.line <= 10);
	free(src);
}

static void test_depth_is_bounded_also_through_aliases(void **state)
{
	(void)state;
	struct bw_error err = {0};
	char src[2 * BW_MAX_YAML_DEPTH + 64];
	size_t n = 0;

	for (unsigned i = 0; i < BW_MAX_YAML_DEPTH + 1; i++)
		src[n++] = '[';
	for (unsigned i = 0; i < BW_MAX_YAML_DEPTH + 1; i++)
		src[n++] = ']';
	src[n] = '\0';
	assert_int_equal(parse_err(src, &err), -E2BIG);
	assert_non_null(strstr(err.msg, "nesting deeper"));

	/* 200 levels under an anchor, placed 100 levels down: too deep once expanded */
	BW_CLEANUP(bw_freep) char *big = malloc(1024);
	assert_non_null(big);
	n = (size_t)snprintf(big, 1024, "a: &a ");
	for (int i = 0; i < 200; i++)
		big[n++] = '[';
	for (int i = 0; i < 200; i++)
		big[n++] = ']';
	n += (size_t)snprintf(big + n, 1024 - n, "\nb: ");
	for (int i = 0; i < 100; i++)
		big[n++] = '[';
	n += (size_t)snprintf(big + n, 1024 - n, "*a");
	for (int i = 0; i < 100; i++)
		big[n++] = ']';
	big[n] = '\0';
	assert_int_equal(parse_err(big, &err), -E2BIG);
}

static void test_empty_input_has_no_documents(void **state)
{
	(void)state;
	BW_CLEANUP(ydoc_file_freep) struct ydoc_file *f = parse_ok("# only a comment\n");

	assert_int_equal(f->n_docs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions_and_key_order),
		cmocka_unit_test(test_quoted_true_is_a_string_not_a_boolean),
		cmocka_unit_test(test_anchor_alias_is_shared_and_keeps_its_position),
		cmocka_unit_test(test_merge_keys_explicit_wins_then_earlier_maps),
		cmocka_unit_test(test_quoted_merge_key_is_an_ordinary_key),
		cmocka_unit_test(test_bad_input_errors_name_line_and_reason),
		cmocka_unit_test(test_multiple_documents),
		cmocka_unit_test(test_duplicate_key_in_a_large_map),
		cmocka_unit_test(test_billion_laughs_fails_fast_and_small),
		cmocka_unit_test(test_depth_is_bounded_also_through_aliases),
		cmocka_unit_test(test_empty_input_has_no_documents),
	};
	return cmocka_run_group_tests_name("ydoc", tests, NULL, NULL);
}
