/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/vuln/version*.c: tables of tricky comparisons per scheme (VULNMATCH.md §9
 * and each tool's own edge cases). With `--compare SCHEME`, reads "A<TAB>B" lines on stdin and
 * prints -1, 0 or 1 per line: the oracle integration tests (dpkg, rpm, pep440, maven) use it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/version.h"

struct vcase {
	const char *a;
	int want; /* -1, 0, 1: sign of cmp(a, b) */
	const char *b;
};

static int sign(int x)
{
	return x < 0 ? -1 : x > 0;
}

static void check_table(enum vuln_scheme s, const struct vcase *c, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		int got = sign(vuln_version_cmp(s, c[i].a, c[i].b));
		int rev = sign(vuln_version_cmp(s, c[i].b, c[i].a));
		if (got != c[i].want || rev != -c[i].want) {
			print_error("%s: cmp('%s', '%s') = %d (reverse %d), want %d\n",
				    vuln_scheme_name(s), c[i].a, c[i].b, got, rev, c[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

#define CHECK(s, t) check_table(s, t, sizeof(t) / sizeof(t[0]))

static const struct vcase deb_cases[] = {
	/* VULNMATCH.md §1.6 and §9 cases 1-7, dpkg's own Dpkg_Version.t table */
	{"1:1.0", 1, "1.0"},
	{"1.0~rc1", -1, "1.0"},
	{"1~", -1, "1"},
	{"0foo~~", -1, "0foo~"},
	{"1.0", 0, "1.0-0"},
	{"0", 0, "0:0-0"},
	{"1.09", 0, "1.9"},
	{"1.0000-1", 0, "1.0-1"},
	{"0foo.bar", 1, "0foobar"},
	{"1.0.1+gpl-1", 1, "1.0.1-2"},
	{"99999999999999999999", -1, "100000000000000000000"},
	{"1.99999999999999999999999999999", -1, "1.100000000000000000000000000000"},
	{"0:0-0-0", 1, "0:0-0"},
	{"0:0-0-0", 0, "0-0-0"},
	{"1.0-1", -1, "2.0-2"},
	{"2.2~rc-4", -1, "2.2-1"},
	{"1", 0, "0:1"},
	{"2:2.5", 1, "1:7.5"},
	{"1:0foo", 1, "0foo"},
	{"0foo-0", 0, "0foo"},
	{"0foo-0", -1, "0foo+"},
	{"0foo~1", -1, "0foo"},
	{"0foo-0", -1, "0foo-01"},
	{"0foo1bar-1", -1, "0foobar-1"},
	{"3.11", 1, "3.10+nmu1"},
	{"1:3.8.1-1", 1, "3.8.GA-1"},
	{"1a", -1, "1000a"},
	{"1.0-1", -1, "1.0-1+b1"},
	{"1.2.3-1~deb11u1", -1, "1.2.3-1"},
	{"1.2.3-1+deb11u1", 1, "1.2.3-1"},
	{"7.88.1-10+deb12u5", -1, "7.88.1-10+deb12u12"},
	{"2.31.1-0.4ubuntu3.1", -1, "2.31.1-0.4ubuntu3.2"},
	{"5.1.1alpha+20120614-2", 0, "5.1.1alpha+20120614-2"},
	{"5.1.1alpha+20120614-2+b3", 1, "5.1.1alpha+20120614-2"},
	{"1.2-3+deb12u1", 1, "1.2-3"},
	{"0", -1, "0.1"},
	{"0", -1, "1:0"},
	{" 1.0 ", 0, "1.0"},
	{"1.0a", 1, "1.0"},
	{"1.0a", -1, "1.0."},
	{"1.0+", 1, "1.0a"},
	{"1.0~~", -1, "1.0~~a"},
	{"10:1", 1, "9:99"},
	{"00001:1", 0, "1:1"},
};

static void test_deb_compares_as_dpkg(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_DEB, deb_cases);
	assert_true(vuln_deb_valid("1:2.36-9+deb12u4"));
	assert_true(vuln_deb_valid("0:0-0-0"));
	assert_false(vuln_deb_valid("1:"));
	assert_false(vuln_deb_valid("a:1.0"));
	assert_false(vuln_deb_valid("1.0-"));
	assert_false(vuln_deb_valid("1.0 2"));
	assert_false(vuln_deb_valid("abc"));
	assert_false(vuln_deb_valid("1.0:3"));
}

static const struct vcase apk_cases[] = {
	/* VULNMATCH.md §2.3 and §9 cases 28-29 */
	{"1.0_rc1-r0", -1, "1.0-r0"},
	{"1.0_p1", 1, "1.0-r9"},
	{"1.0-r10", 1, "1.0-r9"},
	{"8.2.0", -1, "8.2.001"},
	{"1.01", -1, "1.1"},
	{"8.2.0015", -1, "8.2.002"},
	{"1.0", -1, "1.0.1"},
	{"1.0", -1, "1.0a"},
	{"1.0a", -1, "1.0.1"},
	{"1.0_rc1", -1, "1.0"},
	{"1.0", -1, "1.0_p1"},
	{"1.0-r1", 1, "1.0"},
	{"1.0_p1", 1, "1.0-r1"},
	{"1.0_p10-r0", 1, "1.0_p9-r0"},
	{"0.1.0_alpha_pre2", -1, "0.1.0_alpha"},
	{"6.0_pre1", -1, "6.0"},
	{"6.1_p1", 1, "6.1"},
	{"1.06-r6", -1, "006"},
	{"2.3.0b-r1", -1, "2.3.0b-r2"},
	{"1.0~1234-r1", -1, "1.0~2345-r0"},
	{"1.0", -1, "1.0bc"},
	{"1.0_alpha", -1, "1.0_beta"},
	{"1.0_beta", -1, "1.0_pre"},
	{"1.0_pre", -1, "1.0_rc"},
	{"1.0_rc", -1, "1.0"},
	{"1.0", -1, "1.0_cvs"},
	{"1.0_cvs", -1, "1.0_svn"},
	{"1.0_svn", -1, "1.0_git"},
	{"1.0_git", -1, "1.0_hg"},
	{"1.0_hg", -1, "1.0_p"},
	{"3.0.2-r0", -1, "3.0.10-r0"},
	{"1.2.3-r0", 0, "1.2.3-r0"},
	{"1.2.3", -1, "1.2.3-r0"},
	{"1.36.1-r30", -1, "1.36.1-r31"},
	{"3.1.4-r5", 1, "3.1.4-r4"},
	{"20050718-r1", -1, "20050718-r2"},
	{"99999999999999999999999", -1, "100000000000000000000000"},
};

static void test_apk_compares_as_apk_tools(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_APK, apk_cases);
	assert_true(vuln_apk_valid("1.2.3_rc1-r4"));
	assert_true(vuln_apk_valid("1.0~abc123-r1"));
	assert_true(vuln_apk_valid("0.1.0_alpha_pre2"));
	static const char *const invalid[] = {"0.1bc",	   "0.1a1", "0.1_foobar", "0.1-r2_pre1",
					      "0.1-r2-r3", "a",	    "-r1",	  "1.0-",
					      "",	   "1..2"};
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (vuln_apk_valid(invalid[i]))
			fail_msg("apk version '%s' should be invalid", invalid[i]);
}

static const struct vcase rpm_cases[] = {
	/* VULNMATCH.md §3 and §9 cases 33-34; rpm's rpmvercmp.at */
	{"1.0^git1", -1, "1.01"},
	{"6.0.rc1", 1, "6.0"},
	{"2.0", 0, "2_0"},
	{"1.0~rc1", -1, "1.0"},
	{"1.0^git1", 1, "1.0"},
	{"10.0001", 0, "10.1"},
	{"2.0.1a", 1, "2.0.1"},
	{"xyz.4", -1, "8"},
	{"1.0a", -1, "1.0aa"},
	{"+a", 0, "_a"},
	{"1.2-3.el9", 0, "0:1.2-3.el9"},
	{"1:1.0-1", 1, "2.0-1"},
	{"1.0", 0, "1.0-5"},
	{"1.0-1", -1, "1.0-2"},
	{"1.0-1.el8", -1, "1.0-1.el9"},
	{"2.02-150.el8", -1, "1:2.02-90.el8"},
	{"1.0~~", -1, "1.0~"},
	{"1.0^", 1, "1.0"},
	{"1.0^", -1, "1.0.1"},
	{"1.0^git1", -1, "1.0^git2"},
	{"1.0^20160101", -1, "1.0.1"},
	{"1.0~rc1^git1", 1, "1.0~rc1"},
	{"a", -1, "1"},
	{"1.b", -1, "1.1"},
	{"1.0.", 0, "1.0"},
	{"123456789012345678901234567890", 1, "99999999999999999999999999999"},
};

static void test_rpm_compares_as_rpmvercmp(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_RPM, rpm_cases);
	assert_int_equal(vuln_rpmvercmp("1.0", "1.0"), 0);
	assert_true(vuln_rpm_valid("1:2.3-4.el9"));
	assert_false(vuln_rpm_valid("1.0-"));
}

static const struct vcase semver_cases[] = {
	/* semver.org §11 example chain */
	{"1.0.0-alpha", -1, "1.0.0-alpha.1"},
	{"1.0.0-alpha.1", -1, "1.0.0-alpha.beta"},
	{"1.0.0-alpha.beta", -1, "1.0.0-beta"},
	{"1.0.0-beta", -1, "1.0.0-beta.2"},
	{"1.0.0-beta.2", -1, "1.0.0-beta.11"},
	{"1.0.0-beta.11", -1, "1.0.0-rc.1"},
	{"1.0.0-rc.1", -1, "1.0.0"},
	{"1.0.0", -1, "2.0.0"},
	{"2.0.0", -1, "2.1.0"},
	{"2.1.0", -1, "2.1.1"},
	{"1.0.0+build.1", 0, "1.0.0+build.2"},
	{"1.0.0+20130313144700", 0, "1.0.0"},
	{"v1.2.3", 0, "1.2.3"},
	{"1.2", 0, "1.2.0"},
	{"1.10.0", 1, "1.9.0"},
	{"1.0.0-2", -1, "1.0.0-10"},
	{"1.0.0-a", 1, "1.0.0-10"},
	{"1.0.0-rc.1", -1, "1.0.0-rc.1.1"},
	/* Go: pseudo-versions, +incompatible */
	{"v0.0.0-20191109021931-daa7c04131f5", -1, "v0.0.0-20200101000000-aaaaaaaaaaaa"},
	{"v0.0.0-20191109021931-daa7c04131f5", -1, "v0.1.0"},
	{"v1.2.4-0.20191109021931-daa7c04131f5", 1, "v1.2.3"},
	{"v1.2.4-0.20191109021931-daa7c04131f5", -1, "v1.2.4"},
	{"v1.2.3-pre.0.20191109021931-daa7c04131f5", 1, "v1.2.3-pre"},
	{"v2.0.0+incompatible", 0, "v2.0.0"},
	{"v2.1.0+incompatible", 1, "v2.0.9"},
	{"0.0.0-20220722155217-630584e8d5aa", -1, "0.0.0-20230101000000-000000000000"},
	{"18446744073709551616.0.0", 1, "18446744073709551615.0.0"},
	{"1.0.0", -1, "not-a-version"},
};

static void test_semver_precedence(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_SEMVER, semver_cases);
	CHECK(VULN_SCHEME_GO, semver_cases);
	assert_true(vuln_semver_valid("1.2.3-rc.1+build.5"));
	assert_true(vuln_semver_valid("v0.0.0-20191109021931-daa7c04131f5"));
	assert_false(vuln_semver_valid("1.2"));
	assert_false(vuln_semver_valid("1.2.3-"));
	assert_false(vuln_semver_valid("1.2.3.4"));
}

static void test_go_toolchain_names_become_semver(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"go1.22.1", "1.22.1"},
		{"go1.21rc2", "1.21.0-rc.2"},
		{"go1.20", "1.20.0"},
		{"go1.9.2rc2", "1.9.2-rc.2"},
		{"go1.18beta1", "1.18.0-beta.1"},
		{"go1.22.1 X:boringcrypto", "1.22.1"},
		{"go1.21.5-X:loopvar", "1.21.5"},
	};
	char out[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(vuln_go_toolchain_semver(cases[i][0], out, sizeof(out)), 0);
		assert_string_equal(out, cases[i][1]);
	}
	assert_int_equal(vuln_go_toolchain_semver("devel +abc", out, sizeof(out)), -EINVAL);
	assert_int_equal(vuln_go_toolchain_semver("go1.22.1", out, 4), -ENAMETOOLONG);
}

static const struct vcase pep440_cases[] = {
	/* PEP 440's own ordering example, then spelling variants */
	{"1.0.dev456", -1, "1.0a1"},
	{"1.0a1", -1, "1.0a2.dev456"},
	{"1.0a2.dev456", -1, "1.0a12.dev456"},
	{"1.0a12.dev456", -1, "1.0a12"},
	{"1.0a12", -1, "1.0b1.dev456"},
	{"1.0b1.dev456", -1, "1.0b2"},
	{"1.0b2", -1, "1.0b2.post345.dev456"},
	{"1.0b2.post345.dev456", -1, "1.0b2.post345"},
	{"1.0b2.post345", -1, "1.0rc1.dev456"},
	{"1.0rc1.dev456", -1, "1.0rc1"},
	{"1.0rc1", -1, "1.0"},
	{"1.0", -1, "1.0+abc.5"},
	{"1.0+abc.5", -1, "1.0+abc.7"},
	{"1.0+abc.7", -1, "1.0+5"},
	{"1.0+5", -1, "1.0.post456.dev34"},
	{"1.0.post456.dev34", -1, "1.0.post456"},
	{"1.0.post456", -1, "1.1.dev1"},
	{"1.0", 0, "1.0.0"},
	{"1.0", 0, "v1.0"},
	{"1.0alpha1", 0, "1.0a1"},
	{"1.0-ALPHA.1", 0, "1.0a1"},
	{"1.0c1", 0, "1.0rc1"},
	{"1.0pre1", 0, "1.0rc1"},
	{"1.0preview1", 0, "1.0rc1"},
	{"1.0-1", 0, "1.0.post1"},
	{"1.0rev1", 0, "1.0.post1"},
	{"1.0r", 0, "1.0.post0"},
	{"1.0.dev", 0, "1.0dev0"},
	{"1.0a", 0, "1.0a0"},
	{"1!1.0", 1, "2.0"},
	{"0!2.0", 0, "2.0"},
	{"2.0.0", 1, "1.99999999999999999999"},
	{"1.0+ubuntu-1", 0, "1.0+ubuntu.1"},
	{"1.0+1", 1, "1.0+a"},
	{"1.0", 1, "not a version"},
	{"2.31.0", -1, "2.31.1"},
	{"0.10", 1, "0.9"},
};

static void test_pep440_orders_as_packaging(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_PEP440, pep440_cases);
	assert_true(vuln_pep440_valid("1!2.0.post1.dev3+local.7"));
	assert_false(vuln_pep440_valid("1.0-beta-x"));
	assert_false(vuln_pep440_valid("french toast"));
}

static const struct vcase maven_cases[] = {
	/* maven-artifact's ComparableVersionTest orderings */
	{"1", -1, "1.1"},
	{"1-alpha-1", -1, "1"},
	{"1-alpha-2", -1, "1-alpha-123"},
	{"1-beta-2", -1, "1-beta-123"},
	{"1-alpha-123", -1, "1-beta-2"},
	{"1-beta-123", -1, "1-rc-1"},
	{"1-rc-1", -1, "1-rc-2"},
	{"1-rc-2", -1, "1-SNAPSHOT"},
	{"1-SNAPSHOT", -1, "1"},
	{"1", -1, "1-sp"},
	{"1-sp", -1, "1-sp-1"},
	{"1-sp-1", -1, "1-1"},
	{"1-sp-1", -1, "1-1-SNAPSHOT"},
	{"1-1-SNAPSHOT", -1, "1-1"},
	{"1-pom-1", -1, "1-1-SNAPSHOT"},
	{"1-1", -1, "1-2"},
	{"1-2", -1, "1.0.1"},
	{"1", 0, "1.0"},
	{"1", 0, "1.0.0"},
	{"1", 0, "1-ga"},
	{"1", 0, "1-final"},
	{"1", 0, "1-release"},
	{"1-cr1", 0, "1-rc1"},
	{"1a1", 0, "1-alpha-1"},
	{"1.0-RC1", 0, "1.0-rc-1"},
	{"1-abc", 1, "1-sp"},
	{"1-abc", -1, "1-abd"},
	{"2.0.0.RELEASE", 0, "2.0.0"},
	{"2.14.0", -1, "2.14.1"},
	{"2.9.10.8", 1, "2.9.10"},
	{"1.0-beta1", -1, "1.0"},
	{"1.0.0-M1", -1, "1.0.0-rc1"},
	{"10", 1, "9"},
	{"1.12345678901234567890", 1, "1.1234567890123456789"},
};

static void test_maven_orders_as_comparable_version(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_MAVEN, maven_cases);
}

static const struct vcase gem_cases[] = {
	{"1.0", 0, "1.0.0"},
	{"1.0.a", -1, "1.0"},
	{"1.0.a", -1, "1.0.b"},
	{"1.0.0.pre", -1, "1.0.0"},
	{"1.0-1", 0, "1.0.pre.1"},
	{"2.7.4", 1, "2.7.3.1"},
	{"1.0.0.rc1", -1, "1.0.0.rc2"},
	{"1.10", 1, "1.9"},
	{"3.2.0.beta", -1, "3.2.0"},
	{"5.2.4.3", -1, "5.2.4.4"},
};

static void test_gem_orders_as_gem_version(void **state)
{
	(void)state;
	CHECK(VULN_SCHEME_GEM, gem_cases);
	assert_true(vuln_gem_valid("1.0.0.rc1"));
	assert_true(vuln_gem_valid("1.0-beta.2"));
	assert_false(vuln_gem_valid("junk"));
}

static void test_ecosystems_map_to_schemes(void **state)
{
	(void)state;
	assert_int_equal(vuln_ecosystem_scheme("PyPI"), VULN_SCHEME_PEP440);
	assert_int_equal(vuln_ecosystem_scheme("Debian:12"), VULN_SCHEME_DEB);
	assert_int_equal(vuln_ecosystem_scheme("Ubuntu:22.04:LTS"), VULN_SCHEME_DEB);
	assert_int_equal(vuln_ecosystem_scheme("Alpine:v3.18"), VULN_SCHEME_APK);
	assert_int_equal(vuln_ecosystem_scheme("Wolfi"), VULN_SCHEME_APK);
	assert_int_equal(vuln_ecosystem_scheme("Go"), VULN_SCHEME_GO);
	assert_int_equal(vuln_ecosystem_scheme("crates.io"), VULN_SCHEME_SEMVER);
	assert_int_equal(vuln_ecosystem_scheme("npm"), VULN_SCHEME_SEMVER);
	assert_int_equal(vuln_ecosystem_scheme("Maven"), VULN_SCHEME_MAVEN);
	assert_int_equal(vuln_ecosystem_scheme("RubyGems"), VULN_SCHEME_GEM);
	assert_int_equal(vuln_ecosystem_scheme("Red Hat:rhel_aus:8.4::appstream"), VULN_SCHEME_RPM);
	assert_int_equal(vuln_ecosystem_scheme("Unknown"), VULN_SCHEME_GENERIC);
	enum vuln_scheme s;
	for (unsigned i = 0; i < VULN_SCHEME_COUNT; i++) {
		assert_int_equal(vuln_scheme_parse(vuln_scheme_name(i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(vuln_scheme_parse("nope", &s), -EINVAL);
}

/* Every comparator is a total preorder on a mixed bag of strings, valid or not: antisymmetric
 * and transitive, so sorting and range checks cannot be fooled by odd input. RPM
 * and Maven are the exceptions to transitivity, as rpm and Maven themselves are: a missing rpm
 * release matches any release, and Maven's 1 < 1.a.2 < 1a1 < 1. */
static void test_comparators_are_consistent_on_junk(void **state)
{
	(void)state;
	static const char *const bag[] = {
		"",	"0",	 "1",	 "1.0",	  "1.0-1",  "1:1",    "~",    "^",
		"1.0~", "1.0^",	 "a",	 "-",	  "1-",	    ":",      "1:",   "_p1",
		"1_p1", "1.0a",	 "1..0", "v1",	  "1!2",    "1+x",    "1.0b", "1.0.0",
		"+",	"1.a.2", "-r1",	 "0.0",	  "1.0-r1", "1.0_rc", "1.0x", "01.1",
		"1.01", "1.1",	 ".",	 "1-1-1", "1~1",    "1^1",    "1a1",  "1.0.dev"};
	size_t n = sizeof(bag) / sizeof(bag[0]);

	for (unsigned s = 0; s < VULN_SCHEME_COUNT; s++) {
		bool transitive = s != VULN_SCHEME_RPM && s != VULN_SCHEME_MAVEN;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++) {
				int ij = sign(vuln_version_cmp(s, bag[i], bag[j]));
				int ji = sign(vuln_version_cmp(s, bag[j], bag[i]));
				if (ij != -ji)
					fail_msg("%s: '%s' vs '%s' not antisymmetric",
						 vuln_scheme_name(s), bag[i], bag[j]);
				for (size_t k = 0; k < n && ij <= 0 && transitive; k++) {
					int jk = sign(vuln_version_cmp(s, bag[j], bag[k]));
					int ik = sign(vuln_version_cmp(s, bag[i], bag[k]));
					if (jk <= 0 && ik > 0)
						fail_msg(
							"%s: '%s' <= '%s' <= '%s' but first > last",
							vuln_scheme_name(s), bag[i], bag[j],
							bag[k]);
				}
			}
	}
}

/* Oracle mode: "A<TAB>B" per line in, the sign of cmp(A, B) per line out. */
static int compare_stdin(const char *scheme)
{
	enum vuln_scheme s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (vuln_scheme_parse(scheme, &s) < 0) {
		fprintf(stderr, "test-version: unknown scheme '%s'\n", scheme);
		return 2;
	}
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab) {
			printf("?\n");
			continue;
		}
		*tab = '\0';
		printf("%d\n", sign(vuln_version_cmp(s, line, tab + 1)));
	}
	free(line);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--compare") == 0)
		return compare_stdin(argv[2]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deb_compares_as_dpkg),
		cmocka_unit_test(test_apk_compares_as_apk_tools),
		cmocka_unit_test(test_rpm_compares_as_rpmvercmp),
		cmocka_unit_test(test_semver_precedence),
		cmocka_unit_test(test_go_toolchain_names_become_semver),
		cmocka_unit_test(test_pep440_orders_as_packaging),
		cmocka_unit_test(test_maven_orders_as_comparable_version),
		cmocka_unit_test(test_gem_orders_as_gem_version),
		cmocka_unit_test(test_ecosystems_map_to_schemes),
		cmocka_unit_test(test_comparators_are_consistent_on_junk),
	};
	return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
