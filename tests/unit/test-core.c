/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for util/ and core/: buffers, arena, severities, rule ids, ignore files,
 * suppressions and configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/ignore.h"
#include "core/report.h"
#include "core/rule.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

static void test_buf_refuses_to_grow_past_its_maximum(void **state)
{
	(void)state;
	struct bw_buf b;

	bw_buf_init(&b, 8);
	assert_int_equal(bw_buf_adds(&b, "1234"), 0);
	assert_int_equal(bw_buf_printf(&b, "%d", 5678), 0);
	assert_string_equal(bw_buf_str(&b), "12345678");
	assert_int_equal(bw_buf_addc(&b, 'x'), -E2BIG);
	assert_string_equal(bw_buf_str(&b), "12345678");
	bw_buf_release(&b);
}

static void test_arena_allocations_are_zeroed_aligned_and_bounded(void **state)
{
	(void)state;
	struct bw_arena a;

	bw_arena_init(&a, 64 * 1024);
	for (int i = 0; i < 100; i++) {
		uint64_t *p = bw_arena_alloc(&a, 24);
		assert_non_null(p);
		assert_true(((uintptr_t)p % sizeof(max_align_t)) == 0);
		assert_int_equal(p[0] | p[1] | p[2], 0);
	}
	assert_string_equal(bw_arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(bw_arena_alloc(&a, 1024 * 1024));	   /* past the maximum */
	assert_null(bw_arena_calloc(&a, SIZE_MAX / 2, 4)); /* multiplication overflow */
	bw_arena_release(&a);
}

static void test_severity_names_round_trip_and_lists_parse(void **state)
{
	(void)state;
	enum bw_severity s;
	unsigned mask;

	for (unsigned i = 0; i < BW_SEV_COUNT; i++) {
		assert_int_equal(bw_severity_parse(bw_severity_name((enum bw_severity)i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(bw_severity_parse("high", &s), 0);
	assert_int_equal(s, BW_SEV_HIGH);
	assert_int_equal(bw_severity_parse_list("CRITICAL,high", &mask), 0);
	assert_int_equal(mask, (1u << BW_SEV_CRITICAL) | (1u << BW_SEV_HIGH));
	assert_int_equal(bw_severity_parse_list("HIGH,,LOW", &mask), -EINVAL);
	assert_int_equal(bw_severity_parse_list("SEVERE", &mask), -EINVAL);
	assert_true(BW_SEV_CRITICAL > BW_SEV_HIGH && BW_SEV_LOW > BW_SEV_INFO);
}

static void test_rule_ids_are_validated(void **state)
{
	(void)state;
	assert_true(bw_rule_id_is_valid("DF-002"));
	assert_true(bw_rule_id_is_valid("K8S-010"));
	assert_false(bw_rule_id_is_valid("df-002"));
	assert_false(bw_rule_id_is_valid("DF-02"));
	assert_false(bw_rule_id_is_valid("DF002"));
	assert_false(bw_rule_id_is_valid("DF-002x"));
	assert_true(bw_rule_id_is_valid("CIS-5.2"));
	assert_true(bw_rule_id_is_valid("CIS-1.1.3"));
	assert_false(bw_rule_id_is_valid("CIS-5."));
	assert_false(bw_rule_id_is_valid("CIS-5"));
}

static int check_nothing(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	(void)self;
	(void)subject;
	(void)out;
	return 0;
}

static const struct bw_rule test_rules[] = {
	{.id = "TST-001",
	 .severity = BW_SEV_HIGH,
	 .title = "t1",
	 .aliases = "DL3002 DS-0002",
	 .fix = "f",
	 .check = check_nothing},
	{.id = "TST-002",
	 .severity = BW_SEV_LOW,
	 .title = "t2",
	 .aliases = "DL3007",
	 .fix = "f",
	 .check = check_nothing},
};
static const struct bw_ruleset test_set = {
	.name = "test", .kind = "test", .prefix = "TST-", .rules = test_rules, .len = 2};

static char *write_temp(const char *text)
{
	char tmpl[] = "/tmp/bw-test-XXXXXX";
	int fd = mkstemp(tmpl);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return strdup(tmpl);
}

static void test_ignore_file_parses_globs_and_expiry(void **state)
{
	(void)state;
	char *path = write_temp("# comment\nDL3002\n\nTST-002 src/*.Dockerfile exp:2020-01-01\n"
				"DS-0002 exp:2999-12-31 # trailing comment\n");
	struct bw_ignore ign;
	struct bw_error err = {0};

	assert_int_equal(bw_ignore_load(path, false, 1700000000, &ign, &err), 0);
	assert_int_equal(ign.len, 3);
	assert_string_equal(ign.entries[0].id, "DL3002");
	assert_null(ign.entries[0].glob);
	assert_string_equal(ign.entries[1].glob, "src/*.Dockerfile");
	assert_true(ign.entries[1].expired);
	assert_int_equal(ign.entries[1].line, 4);
	assert_false(ign.entries[2].expired);
	bw_ignore_release(&ign);
	unlink(path);
	free(path);
}

static void test_ignore_file_errors_name_the_line(void **state)
{
	(void)state;
	char *path = write_temp("DF-001\nDF-002 a b\n");
	struct bw_ignore ign;
	struct bw_error err = {0};

	assert_int_equal(bw_ignore_load(path, false, 0, &ign, &err), -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "'b'"));
	bw_ignore_release(&ign);
	free(path);
	path = write_temp("DF-001 exp:2024-13-45\n");
	assert_int_equal(bw_ignore_load(path, false, 0, &ign, &err), -EINVAL);
	assert_int_equal(err.line, 1);
	bw_ignore_release(&ign);
	unlink(path);
	free(path);
	assert_int_equal(bw_ignore_load("/nonexistent/.bulwarkignore", true, 0, &ign, &err), 0);
	assert_int_equal(ign.len, 0);
	bw_ignore_release(&ign);
}

static void test_suppressions_match_aliases_paths_and_pragma_ranges(void **state)
{
	(void)state;
	struct bw_report r;
	char *path = write_temp("DS-0002 other/*\nTST-002 exp:2020-01-01\nDL3007 */b.Dockerfile\n");
	struct bw_ignore ign;
	struct bw_error err = {0};

	bw_ruleset_register(&test_set);
	bw_report_init(&r);
	r.current_path = "a/Dockerfile";
	assert_int_equal(bw_report_add(&r, &test_rules[0], 3, 1, "root"), 0);
	assert_int_equal(bw_report_add(&r, &test_rules[0], 9, 1, "root again"), 0);
	assert_int_equal(bw_report_add(&r, &test_rules[1], 1, 1, "latest"), 0);
	r.current_path = "x/b.Dockerfile";
	assert_int_equal(bw_report_add(&r, &test_rules[1], 1, 1, "latest"), 0);
	assert_int_equal(bw_report_add_pragma(&r, "a/Dockerfile", 3, 4, 2, "DL3002,DL3999"), 0);
	assert_int_equal(bw_ignore_load(path, false, 1700000000, &ign, &err), 0);
	assert_int_equal(bw_report_apply_suppressions(&r, &ign), 0);
	assert_true(r.findings[0].suppressed); /* pragma alias on its instruction */
	assert_non_null(strstr(r.findings[0].suppressed_by, "pragma"));
	assert_false(r.findings[1].suppressed); /* line 9 is outside the pragma's range */
	assert_false(r.findings[2].suppressed); /* expired entry no longer suppresses */
	assert_true(r.findings[3].suppressed);	/* glob matches the path */
	assert_non_null(strstr(r.findings[3].suppressed_by, "line 3"));
	assert_ptr_equal(bw_rule_lookup("ds-0002"), &test_rules[0]);
	bw_ignore_release(&ign);
	bw_report_release(&r);
	unlink(path);
	free(path);
}

static void test_report_sorts_by_path_line_and_rule(void **state)
{
	(void)state;
	struct bw_report r;

	bw_report_init(&r);
	r.current_path = "b";
	assert_int_equal(bw_report_add(&r, &test_rules[0], 1, 0, "x"), 0);
	r.current_path = "a";
	assert_int_equal(bw_report_add(&r, &test_rules[1], 5, 0, "y"), 0);
	assert_int_equal(bw_report_add(&r, &test_rules[0], 5, 0, "z"), 0);
	bw_report_sort(&r);
	assert_string_equal(r.findings[0].message, "z");
	assert_string_equal(r.findings[1].message, "y");
	assert_string_equal(r.findings[2].path, "b");
	bw_report_release(&r);
}

static void test_config_reads_trusted_registries_and_rejects_unknown_keys(void **state)
{
	(void)state;
	struct bw_config cfg;
	struct bw_error err = {0};
	char *path = write_temp("# settings\ntrusted_registries:\n  - docker.io\n  - ghcr.io\n");

	assert_int_equal(bw_config_load(path, 0, &cfg, &err), 0);
	assert_int_equal(cfg.n_trusted_registries, 2);
	assert_string_equal(cfg.trusted_registries[1], "ghcr.io");
	bw_config_release(&cfg);
	unlink(path);
	free(path);

	path = write_temp("trusted_registries: [docker.io]\ntrusted_registy: [x]\n");
	assert_int_equal(bw_config_load(path, 0, &cfg, &err), -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "trusted_registy"));
	unlink(path);
	free(path);

	path = write_temp("trusted_registries: docker.io\n");
	assert_int_equal(bw_config_load(path, 0, &cfg, &err), -EINVAL);
	unlink(path);
	free(path);
	assert_int_equal(bw_config_load("/nonexistent/.bulwark.yaml", 1, &cfg, &err), 0);
	assert_null(cfg.trusted_registries);
}

static void test_mask_keeps_only_a_prefix(void **state)
{
	(void)state;
	char out[32];

	bw_str_mask("AKIAIOSFODNN7EXAMPLE", 4, out, sizeof(out));
	assert_string_equal(out, "AKIA****");
	bw_str_mask("abc", 4, out, sizeof(out));
	assert_string_equal(out, "****");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_refuses_to_grow_past_its_maximum),
		cmocka_unit_test(test_arena_allocations_are_zeroed_aligned_and_bounded),
		cmocka_unit_test(test_severity_names_round_trip_and_lists_parse),
		cmocka_unit_test(test_rule_ids_are_validated),
		cmocka_unit_test(test_ignore_file_parses_globs_and_expiry),
		cmocka_unit_test(test_ignore_file_errors_name_the_line),
		cmocka_unit_test(test_suppressions_match_aliases_paths_and_pragma_ranges),
		cmocka_unit_test(test_report_sorts_by_path_line_and_rule),
		cmocka_unit_test(test_config_reads_trusted_registries_and_rejects_unknown_keys),
		cmocka_unit_test(test_mask_keeps_only_a_prefix),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
