/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the report writers (table, SARIF, JUnit) on in-memory reports with hostile
 * text: invalid UTF-8, control characters, markup, whole-file findings, suppressions, parse
 * errors, files named twice. The schema validation of real output is in
 * tests/integration/030-sarif-junit-validate.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "core/rule.h"
#include "out/out-internal.h"
#include "out/out.h"

static int check_nothing(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	(void)self;
	(void)subject;
	(void)out;
	return 0;
}

static const struct bw_rule test_rules[] = {
	{
		.id = "TST-001",
		.severity = BW_SEV_HIGH,
		.title = "Image uses the latest tag",
		.aliases = "DS-0001 DL3007",
		.fix = "Pin the base image to a version tag or a digest.",
		.check = check_nothing,
	},
	{
		.id = "TST-002",
		.severity = BW_SEV_CRITICAL,
		.title = "Container runs as root",
		.aliases = "DL3002",
		.fix = "Add a USER <name> & \"switch\".",
		.help_uri = "https://example.org/TST-002",
		.check = check_nothing,
	},
	{
		.id = "TST-003",
		.severity = BW_SEV_LOW,
		.title = "No health check",
		.fix = "Add a HEALTHCHECK instruction.",
		.check = check_nothing,
	},
};

static const struct bw_ruleset test_ruleset = {
	.name = "test",
	.kind = "testfile",
	.prefix = "TST-",
	.rules = test_rules,
	.len = 3,
};

static const char hostile[] =
	"bad \xff\xfe utf8, ctrl \x01\x1b[31m, <tag> & 'q' \"d\", ok \xc3\xa9";

/* Two files (one named twice), a parse error, and findings with every awkward property. */
static void build_report(struct bw_report *r)
{
	bw_ruleset_register(&test_ruleset);
	bw_report_init(r);
	assert_int_equal(bw_report_add_target(r, "./dir with space/f.test", "testfile", NULL), 0);
	assert_int_equal(bw_report_add_target(r, "d\xc3\xa9j\xc3\xa0/f.test", "testfile", NULL), 0);
	assert_int_equal(bw_report_add_target(r, "broken.test", "testfile",
					      "line 2: unknown 'FO\x01RM' <x>"),
			 0);
	assert_int_equal(bw_report_add_target(r, "./dir with space/f.test", "testfile", NULL), 0);
	r->current_path = "./dir with space/f.test";
	assert_int_equal(
		bw_report_add_span(r, &test_rules[0], 1, 1, 1, "'FROM x:latest' uses 'latest'"), 0);
	assert_int_equal(bw_report_add_span(r, &test_rules[1], 0, 0, 0, "no USER"), 0);
	assert_int_equal(bw_report_add_span(r, &test_rules[2], 4, 6, 3, "%s", hostile), 0);
	assert_int_equal(bw_report_add_span(r, &test_rules[2], 9, 9, 3, "%s", hostile), 0);
	r->current_path = "d\xc3\xa9j\xc3\xa0/f.test";
	assert_int_equal(bw_report_add_span(r, &test_rules[1], 2, 2, 1, "'USER root'"), 0);
	r->findings[r->len - 1].suppressed = true;
	r->findings[r->len - 1].suppressed_by = strdup("inline pragma in 'x' line 1");
	bw_report_sort(r);
}

/* Runs a writer into memory; returns the output (caller frees) and the writer's result. */
static char *write_mem(int (*w)(FILE *, const struct bw_report *, const struct bw_out_opts *),
		       const struct bw_report *r, const struct bw_out_opts *o, int *ret)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	assert_non_null(f);
	*ret = w(f, r, o);
	assert_int_equal(fclose(f), 0);
	return data;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_utf8_decoder_replaces_every_invalid_form(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		uint32_t cp;
		size_t len;
	} cases[] = {
		{"a", 'a', 1},
		{"\xc3\xa9", 0xE9, 2},
		{"\xf0\x9f\x98\x80", 0x1F600, 4},
		{"\xc0\x80", BW_OUT_UTF8_REPLACEMENT, 1},	  /* overlong NUL */
		{"\xed\xa0\x80", BW_OUT_UTF8_REPLACEMENT, 1},	  /* surrogate */
		{"\xf4\x90\x80\x80", BW_OUT_UTF8_REPLACEMENT, 1}, /* past U+10FFFF */
		{"\xe2\x82", BW_OUT_UTF8_REPLACEMENT, 1},	  /* truncated at the NUL */
		{"\xff", BW_OUT_UTF8_REPLACEMENT, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp;
		char enc[4];
		assert_int_equal(bw_out_utf8_next(cases[i].in, &cp), cases[i].len);
		assert_int_equal(cp, cases[i].cp);
		if (cp != BW_OUT_UTF8_REPLACEMENT) /* valid input round-trips */
			assert_memory_equal(enc, cases[i].in, bw_out_utf8_put(cp, enc));
	}
}

static void test_sarif_is_json_with_each_rule_once_and_lines_from_one(void **state)
{
	(void)state;
	struct bw_report r;
	struct bw_out_opts o = {.command = "lint", .severity_mask = ~0u};
	int ret;

	build_report(&r);
	char *out = write_mem(bw_out_sarif, &r, &o, &ret);
	assert_int_equal(ret, 0);
	json_error_t err;
	json_t *root = json_loads(out, 0, &err); /* invalid UTF-8 input still gives valid JSON */
	assert_non_null(root);
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *rules =
		json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	json_t *results = json_object_get(run, "results");
	assert_int_equal(json_array_size(rules), 3);
	assert_int_equal(json_array_size(results), 4); /* the suppressed one is not shown */
	for (size_t i = 0; i < json_array_size(results); i++) {
		json_t *res = json_array_get(results, i);
		json_t *loc = json_object_get(json_array_get(json_object_get(res, "locations"), 0),
					      "physicalLocation");
		size_t idx = (size_t)json_integer_value(json_object_get(res, "ruleIndex"));
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(rules, idx), "id")),
			json_string_value(json_object_get(res, "ruleId")));
		assert_true(json_integer_value(json_object_get(json_object_get(loc, "region"),
							       "startLine")) >= 1);
		assert_string_equal(json_string_value(json_object_get(
					    json_object_get(loc, "artifactLocation"), "uri")),
				    "dir%20with%20space/f.test");
	}
	json_t *crit = json_array_get(rules, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(crit, "properties"),
							      "security-severity")),
			    "9.5");
	assert_string_equal(json_string_value(json_object_get(crit, "helpUri")),
			    "https://example.org/TST-002");
	/* the two identical findings get distinct fingerprints */
	const char *fp2 = json_string_value(
		json_object_get(json_object_get(json_array_get(results, 2), "partialFingerprints"),
				"bulwarkFindingHash/v1"));
	const char *fp3 = json_string_value(
		json_object_get(json_object_get(json_array_get(results, 3), "partialFingerprints"),
				"bulwarkFindingHash/v1"));
	assert_string_not_equal(fp2, fp3);
	assert_non_null(strstr(out, "\xef\xbf\xbd")); /* U+FFFD */
	json_decref(root);
	free(out);
	bw_report_release(&r);
}

static void test_sarif_lists_suppressed_findings_only_when_asked(void **state)
{
	(void)state;
	struct bw_report r;
	struct bw_out_opts o = {.command = "lint", .severity_mask = ~0u, .show_suppressed = true};
	int ret;

	build_report(&r);
	char *out = write_mem(bw_out_sarif, &r, &o, &ret);
	assert_int_equal(ret, 0);
	assert_int_equal(count(out, "\"suppressions\""), 1);
	assert_int_equal(count(out, "\"inSource\""), 1);
	assert_non_null(strstr(out, "d%C3%A9j%C3%A0/f.test"));
	free(out);
	bw_report_release(&r);
}

static void test_junit_escapes_markup_and_control_characters(void **state)
{
	(void)state;
	struct bw_report r;
	struct bw_out_opts o = {.command = "lint", .severity_mask = ~0u};
	int ret;

	build_report(&r);
	char *out = write_mem(bw_out_junit, &r, &o, &ret);
	assert_int_equal(ret, 0);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p >= 0x20 || *p == '\n'); /* no control character reaches the XML */
	assert_null(strstr(out, "<tag>"));
	assert_null(strstr(out, "<x>"));
	assert_non_null(strstr(out, "&lt;tag&gt; &amp; &apos;q&apos; &quot;d&quot;"));
	/* 3 rules in the first file (2 failing), 3 in the second, 1 parse error; the file named
	 * twice is one suite */
	assert_non_null(strstr(
		out, "<testsuites name=\"bulwark lint\" tests=\"7\" failures=\"3\" errors=\"1\""));
	assert_int_equal(count(out, "<testsuite "), 3);
	assert_int_equal(count(out, "<failure "), 3);
	assert_int_equal(count(out, "<error "), 1);
	free(out);
	bw_report_release(&r);
}

static void test_table_cleans_text_and_ends_with_a_summary(void **state)
{
	(void)state;
	struct bw_report r;
	struct bw_out_opts o = {.command = "lint", .severity_mask = ~0u};
	int ret;

	build_report(&r);
	char *out = write_mem(bw_out_table, &r, &o, &ret);
	assert_int_equal(ret, 0);
	assert_null(strchr(out, '\033')); /* neither our colours nor the file's escapes */
	assert_non_null(strstr(out, "ctrl ??[31m"));
	assert_non_null(strstr(out, "fix: Pin the base image"));
	assert_non_null(strstr(
		out,
		"\n4 findings (1 critical, 1 high, 2 low), 1 suppressed, 3 files, 1 not parsed\n"));
	free(out);

	o.color = true;
	o.show_suppressed = true;
	out = write_mem(bw_out_table, &r, &o, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(out, "\033[1;31mCRITICAL"));
	assert_non_null(strstr(out, "(suppressed by inline pragma in 'x' line 1)"));
	free(out);
	bw_report_release(&r);
}

static void test_writers_accept_an_empty_report(void **state)
{
	(void)state;
	struct bw_report r;
	struct bw_out_opts o = {.command = "lint", .severity_mask = ~0u, .quiet = true};
	int ret;

	bw_report_init(&r);
	char *out = write_mem(bw_out_table, &r, &o, &ret);
	assert_int_equal(ret, 0);
	assert_string_equal(out, ""); /* quiet and nothing found: nothing at all */
	free(out);
	out = write_mem(bw_out_junit, &r, &o, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(out, "tests=\"0\" failures=\"0\" errors=\"0\""));
	free(out);
	out = write_mem(bw_out_sarif, &r, &o, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(out, "\"results\": []"));
	free(out);
	bw_report_release(&r);
}

static void test_writers_report_write_errors(void **state)
{
	(void)state;
	struct bw_report r;
	struct bw_out_opts o = {.command = "lint", .severity_mask = ~0u};
	FILE *ro = fopen("/dev/null", "r"); /* every write fails */

	assert_non_null(ro);
	build_report(&r);
	assert_int_equal(bw_out_write(BW_FORMAT_TABLE, ro, &r, &o), -EIO);
	clearerr(ro);
	assert_int_equal(bw_out_write(BW_FORMAT_SARIF, ro, &r, &o), -EIO);
	clearerr(ro);
	assert_int_equal(bw_out_write(BW_FORMAT_JUNIT, ro, &r, &o), -EIO);
	(void)fclose(ro);
	bw_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decoder_replaces_every_invalid_form),
		cmocka_unit_test(test_sarif_is_json_with_each_rule_once_and_lines_from_one),
		cmocka_unit_test(test_sarif_lists_suppressed_findings_only_when_asked),
		cmocka_unit_test(test_junit_escapes_markup_and_control_characters),
		cmocka_unit_test(test_table_cleans_text_and_ends_with_a_summary),
		cmocka_unit_test(test_writers_accept_an_empty_report),
		cmocka_unit_test(test_writers_report_write_errors),
	};
	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
