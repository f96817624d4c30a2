/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the feed importers and the database writer of src/vuln/: Debian tracker
 * statuses, secdb ids and "0" fixes, OSV intervals / withdrawn / GIT / versions, malformed
 * records reported at their position while the rest imports, and the rename-into-place
 * writer (replace, abort). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/str.h"

#include "vuln/db.h"
#include "vuln/import.h"
#include "vuln/match.h"
#include "pkg/pkg.h"
#include "vuln/vuln-internal.h"

/* A sink that renders each advisory as one line of text, for exact comparisons. */
struct text_sink {
	char out[16384];
	size_t len;
	unsigned records;
	char published[256]; /* "ID=DATE " per record with a publication date */
	char warnings[4096];
	size_t wlen;
};

static int ts_record(void *arg, const struct vuln_record *r)
{
	struct text_sink *t = arg;
	assert_non_null(r->id);
	t->records++;
	if (r->published) {
		size_t l = strlen(t->published);
		(void)snprintf(t->published + l, sizeof(t->published) - l, "%s=%s ", r->id,
			       r->published);
	}
	return 0;
}

static int ts_advisory(void *arg, const struct vuln_advisory *a)
{
	struct text_sink *t = arg;
	int n = snprintf(t->out + t->len, sizeof(t->out) - t->len, "%s %s %s %s %s", a->ecosystem,
			 a->package, a->vuln_id, vuln_status_name(a->status),
			 a->fixed ? a->fixed : "-");
	t->len += (size_t)n;
	for (size_t i = 0; i < a->n_ranges; i++) {
		const struct vuln_range *r = &a->ranges[i];
		n = snprintf(t->out + t->len, sizeof(t->out) - t->len, " [%s,%s%s%s%s%s",
			     r->introduced ? r->introduced : "0",
			     r->fixed		? r->fixed
			     : r->last_affected ? r->last_affected
						: "inf",
			     r->last_affected ? "]" : ")", r->limit ? " <" : "",
			     r->limit ? r->limit : "", "");
		t->len += (size_t)n;
	}
	if (a->n_versions) {
		n = snprintf(t->out + t->len, sizeof(t->out) - t->len, " v=%zu", a->n_versions);
		t->len += (size_t)n;
	}
	t->out[t->len++] = '\n';
	t->out[t->len] = '\0';
	return 0;
}

static void ts_warn(void *arg, const char *path, int line, int col, const char *msg)
{
	struct text_sink *t = arg;
	int n = snprintf(t->warnings + t->wlen, sizeof(t->warnings) - t->wlen, "%s:%d:%d: %s\n",
			 path, line, col, msg);
	t->wlen += (size_t)n;
}

static struct vuln_sink text_sink(struct text_sink *t)
{
	memset(t, 0, sizeof(*t));
	return (struct vuln_sink){
		.record = ts_record, .advisory = ts_advisory, .warn = ts_warn, .arg = t};
}

static const char tracker[] =
	"{\n"
	"  \"glibc\": {\n"
	"    \"CVE-2023-4911\": {\n"
	"      \"description\": \"looney tunables\",\n"
	"      \"releases\": {\n"
	"        \"bookworm\": {\"status\": \"resolved\", \"fixed_version\": \"2.36-9+deb12u3\",\n"
	"                     \"urgency\": \"high\"},\n"
	"        \"buster\": {\"status\": \"resolved\", \"fixed_version\": \"0\",\n"
	"                   \"urgency\": \"unimportant\"},\n"
	"        \"bullseye\": {\"status\": \"open\", \"nodsa\": \"minor\",\n"
	"                     \"nodsa_reason\": \"ignored\", \"urgency\": \"low\"},\n"
	"        \"trixie\": {\"status\": \"open\", \"nodsa_reason\": \"postponed\"},\n"
	"        \"sid\": {\"status\": \"undetermined\"}\n"
	"      }\n"
	"    },\n"
	"    \"TEMP-0000000-ABCDEF\": {\"releases\": []}\n"
	"  },\n"
	"  \"broken\": [1, 2,\n"
	"  \"chromium\": {\"CVE-2022-0456\": {\"releases\": {\"buster\": {\"status\": \"open\", "
	"\"urgency\": \"end-of-life\"}}}}\n"
	"}\n";

static const char tracker_bad_record[] =
	"{\"a\": {\"CVE-1\": {\"releases\": {\"sid\": {\"status\": \"open\"}}}},\n"
	" \"b\": {\"CVE-2\": {\"releases\": {\"sid\": {\"status\": open}}}},\n"
	" \"c\": {\"CVE-3\": {\"releases\": {\"sid\": {\"status\": \"open\", \"urgency\": "
	"\"end-of-life\"}}}}}\n";

static void test_secdb_ids(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"CVE-2017-2616 (+ regression fix)", "CVE-2017-2616"},
		{"CVE-2024-22195 GHSA-h5c8-rqwp-cp95", "CVE-2024-22195"},
		{"GHSA-h5c8-rqwp-cp95 CVE-2024-22195", "CVE-2024-22195"},
		{"CVE_2019_1234", "CVE-2019-1234"},
		{"XSA-123", "XSA-123"},
		{"CVE 2018-16859", "CVE-2018-16859"},
		{"  CVE-2020-1 ", "CVE-2020-1"},
	};
	char out[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(vuln_secdb_id(cases[i][0], out, sizeof(out)), 0);
		assert_string_equal(out, cases[i][1]);
	}
	assert_int_equal(vuln_secdb_id("(none)", out, sizeof(out)), -EINVAL);
	assert_int_equal(vuln_secdb_id("", out, sizeof(out)), -EINVAL);
}

static const char secdb_json[] =
	"{\"distroversion\": \"v3.18\", \"reponame\": \"main\", \"packages\": [\n"
	" {\"pkg\": {\"name\": \"openssl\", \"secfixes\": {\"3.1.4-r0\": [\"CVE-2023-5363\"],\n"
	"   \"0\": [\"CVE-2022-0001 (never affected)\"]}}},\n"
	" {\"pkg\": {\"secfixes\": {}}},\n"
	" {\"pkg\": {\"name\": \"busybox\", \"secfixes\": null}}\n"
	"]}\n";

static const char secdb_yaml[] = "---\n"
				 "distroversion: v3.18\n"
				 "reponame: main\n"
				 "packages:\n"
				 "  - pkg:\n"
				 "      name: openssl\n"
				 "      secfixes:\n"
				 "        3.1.4-r0:\n"
				 "          - CVE-2023-5363\n"
				 "        0:\n"
				 "          - CVE-2022-0001 (never affected)\n"
				 "  - pkg:\n"
				 "      secfixes: {}\n"
				 "  - pkg:\n"
				 "      name: busybox\n"
				 "      secfixes:\n";

/* Wolfi's and Chainguard's security.json: the secdb format without distroversion */
static const char wolfi_secdb[] =
	"{\"apkurl\": \"{{urlprefix}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk\",\n"
	" \"archs\": [\"x86_64\"], \"reponame\": \"os\",\n"
	" \"urlprefix\": \"https://packages.wolfi.dev\", \"packages\": [\n"
	" {\"pkg\": {\"name\": \"busybox\", \"secfixes\": {\"1.35.0-r3\": [\"CVE-2022-28391\"],\n"
	"   \"0\": [\"CVE-2016-2781\"]}}}]}\n";

/* Chainguard's OSV records write "fixed": "0" for a package that was never affected */
static const char osv_fixed_zero[] =
	"{\"id\": \"CGA-0001\", \"affected\": [\n"
	" {\"package\": {\"ecosystem\": \"Chainguard\", \"name\": \"syncthing-compat\"},\n"
	"  \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"},\n"
	"   {\"fixed\": \"0\"}]}]},\n"
	" {\"package\": {\"ecosystem\": \"Wolfi\", \"name\": \"syncthing\"},\n"
	"  \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"},\n"
	"   {\"fixed\": \"2.0.14-r1\"}]}]}]}\n";

/* the tracker's data/DSA/list and DLA/list: every form a line takes */
static const char dsa_list[] = "[29 Mar 2023] DSA-9001-1 foo - security update\n"
			       "\t{CVE-2023-0001 CVE-2023-0002}\n"
			       "\t[bullseye] - foo 2:1.2-1+deb11u6\n"
			       "\t[buster] - foo <not-affected> (vulnerable code not present)\n"
			       "[27 Mar 2023] DSA-9000-2 bar - regression update\n"
			       "\t[bullseye] - bar 1.0-2+deb11u2\n"
			       "[20 Mar 2023] DLA-9000-1 baz - security update\n"
			       "\t{CVE-2022-9999 }\n"
			       "\tNOTE: a note\n"
			       "        [stretch] - baz <end-of-life>\n"
			       "        [buster] - baz <unfixed>\n"
			       "        [buster] - qux 0.1-1 (bug #1; medium)\n"
			       "[01 Jan 2020] DSA-1 x\n"
			       "\t{CVE-1\n"
			       "\t[Bullseye] - x 1\n"
			       "\t[bullseye] - x <maybe>\n"
			       "garbage line\n"
			       "[no close DSA-2 y - z\n"
			       "\t[buster] - y 1.0\n"
			       "[2023-03-30] DSA-9002-1 q - no date in the list's form\n"
			       "\t{CVE-2023-0003}\n";

static const char osv_go[] =
	"{\"id\": \"GO-2024-0001\", \"aliases\": [\"CVE-2024-1\", \"GHSA-aaaa\"],\n"
	" \"summary\": \"bad thing\",\n"
	" \"affected\": [\n"
	"  {\"package\": {\"ecosystem\": \"Go\", \"name\": \"example.com/m\"},\n"
	"   \"ranges\": [{\"type\": \"SEMVER\", \"events\": [\n"
	"     {\"introduced\": \"2.0.0\"}, {\"fixed\": \"2.1.3\"},\n"
	"     {\"introduced\": \"0\"}, {\"fixed\": \"1.9.10\"},\n"
	"     {\"introduced\": \"3.0.0\"}]},\n"
	"    {\"type\": \"GIT\", \"repo\": \"x\", \"events\": [{\"introduced\": \"0\"}]}]},\n"
	"  {\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"Foo_Bar.baz\"},\n"
	"   \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"},\n"
	"     {\"last_affected\": \"2.1.214\"}]}], \"versions\": [\"1.0\", \"2.1.214\"]},\n"
	"  {\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"gitonly\"},\n"
	"   \"ranges\": [{\"type\": \"GIT\", \"repo\": \"x\", \"events\": [{\"introduced\": "
	"\"0\"}]}]}\n"
	" ]}\n";

static const char osv_array[] =
	"[\n"
	" {\"id\": \"A-1\", \"withdrawn\": \"2024-01-01T00:00:00Z\", \"affected\": []},\n"
	" {\"id\": \"A-2\", \"affected\": {\"oops\": 1}},\n"
	" {\"id\": \"A-3\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": "
	"\"left-pad\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": "
	"\"0\"}, {\"fixed\": \"1.3.0\"}]}]}]},\n"
	" {\"id\": \"A-4\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": "
	"\"x\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"bogus\": \"1\"}]}]}]}\n"
	"]\n";

static const char osv_yaml[] = "id: PYSEC-2020-1\n"
			       "affected:\n"
			       "- package:\n"
			       "    ecosystem: PyPI\n"
			       "    name: Django\n"
			       "  ranges:\n"
			       "  - type: ECOSYSTEM\n"
			       "    events:\n"
			       "    - introduced: \"0\"\n"
			       "    - fixed: 2.2.13\n"
			       "    - introduced: 3.0a1\n"
			       "    - fixed: 3.0.7\n";

/* Chainguard's copy of the Wolfi secdb, from packages.cgr.dev/chainguard */
static const char chainguard_secdb[] =
	"{\"reponame\": \"chainguard\", \"urlprefix\": \"https://packages.cgr.dev\",\n"
	" \"packages\": [{\"pkg\": {\"name\": \"busybox\", \"secfixes\": {\"1.35.0-r3\": "
	"[\"CVE-2022-28391\"]}}}]}\n";

/* the JSON and the YAML form of the same secdb render the same */
static const char secdb_out[] = "alpine:v3.18 openssl CVE-2023-5363 fixed 3.1.4-r0 "
				"[0,3.1.4-r0)\n"
				"alpine:v3.18 openssl CVE-2022-0001 not_affected -\n";

typedef int import_fn(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		      struct vuln_import_stats *st, struct bw_error *err);

/* One import statistic a case expects, by its place in struct vuln_import_stats. */
struct stat_want {
	size_t offset;
	size_t value;
};
#define STAT(field, v)                                                                             \
	{                                                                                          \
		offsetof(struct vuln_import_stats, field), (v)                                     \
	}

/* One importer run on one input, and what it must produce. */
struct import_case {
	const char *test; /* the cmocka test name */
	import_fn *import;
	const char *path;
	const char *data;
	size_t len;
	int ret;
	const char *out;	   /* the rendered advisories; NULL: not checked */
	unsigned records;	   /* records the sink saw; 0: not checked */
	const char *published;	   /* "ID=DATE " list; NULL: not checked */
	int err_line_min;	   /* the error's line is at least this; 0: not checked */
	struct stat_want stats[3]; /* ended by a zero value */
	const char *warnings[4];   /* substrings of the warnings; ended by NULL */
};
#define INPUT(s) (s), sizeof(s) - 1
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct import_case import_cases[] = {
	/* the structure breaks at "broken": what came before is imported, the rest reported;
	 * the TEMP- id is kept as a record */
	{"debian_tracker_statuses", vuln_import_debian, "tracker.json", INPUT(tracker), -EINVAL,
	 "debian:bookworm glibc CVE-2023-4911 fixed 2.36-9+deb12u3 [0,2.36-9+deb12u3)\n"
	 "debian:buster glibc CVE-2023-4911 not_affected -\n"
	 "debian:bullseye glibc CVE-2023-4911 will_not_fix - [0,inf)\n"
	 "debian:trixie glibc CVE-2023-4911 deferred - [0,inf)\n"
	 "debian:sid glibc CVE-2023-4911 undetermined - [0,inf)\n",
	 .records = 2, .err_line_min = 18, .stats = {STAT(not_affected, 1)}},
	{"debian_malformed_package_is_skipped_with_position", vuln_import_debian, "t.json",
	 INPUT(tracker_bad_record), 0,
	 "debian:sid a CVE-1 affected - [0,inf)\n"
	 "debian:sid c CVE-3 end_of_life - [0,inf)\n",
	 .stats = {STAT(malformed, 1)}, .warnings = {"t.json:2:", "package 'b'"}},
	{"secdb_json", vuln_import_secdb, "main.json", INPUT(secdb_json), 0, secdb_out,
	 .warnings = {"main.json:4:2: package entry without a name"}},
	{"secdb_yaml_agrees_with_json", vuln_import_secdb, "main.yaml", INPUT(secdb_yaml), 0,
	 secdb_out, .warnings = {"main.yaml:12:5: package entry without a name"}},
	{"wolfi_secdb", vuln_import_secdb, "security.json", INPUT(wolfi_secdb), 0,
	 "wolfi busybox CVE-2022-28391 fixed 1.35.0-r3 [0,1.35.0-r3)\n"
	 "wolfi busybox CVE-2016-2781 not_affected -\n"},
	{"chainguard_secdb", vuln_import_secdb, "security.json", INPUT(chainguard_secdb), 0,
	 "chainguard busybox CVE-2022-28391 fixed 1.35.0-r3 [0,1.35.0-r3)\n"},
	{"osv_fixed_zero", vuln_import_osv, "CGA-0001.json", INPUT(osv_fixed_zero), 0,
	 "Chainguard syncthing-compat CGA-0001 not_affected -\n"
	 "Wolfi syncthing CGA-0001 fixed 2.0.14-r1 [0,2.0.14-r1)\n",
	 .stats = {STAT(not_affected, 1)}},
	/* a regression update naming no CVE, and DSA-1 whose CVE line is broken, are not kept;
	 * the list's "[29 Mar 2023]" as an ISO date, a header date in another form not kept */
	{"dsa_list", vuln_import_dsa, "list", INPUT(dsa_list), 0,
	 "debian:bullseye foo DSA-9001-1 fixed 2:1.2-1+deb11u6 [0,2:1.2-1+deb11u6)\n"
	 "debian:buster foo DSA-9001-1 not_affected -\n"
	 "debian:stretch baz DLA-9000-1 end_of_life - [0,inf)\n"
	 "debian:buster baz DLA-9000-1 affected - [0,inf)\n"
	 "debian:buster qux DLA-9000-1 fixed 0.1-1 [0,0.1-1)\n",
	 .records = 3, .published = "DSA-9001-1=2023-03-29 DLA-9000-1=2023-03-20 ",
	 .stats = {STAT(malformed, 5)},
	 .warnings = {"list:14:2: DSA-1 line not understood",
		      "list:16:2: DSA-1 line not understood",
		      "list:17:1: ", "list:18:1: advisory header line not understood"}},
	{"dsa_json_is_refused", vuln_import_dsa, "x.json", INPUT("{\"a\": 1}"), -EINVAL, NULL},
	{"osv_ranges_become_sorted_intervals", vuln_import_osv, "GO-2024-0001.json", INPUT(osv_go),
	 0,
	 "Go example.com/m GO-2024-0001 affected 2.1.3 [0,1.9.10) [2.0.0,2.1.3) [3.0.0,inf)\n"
	 "PyPI foo-bar-baz GO-2024-0001 fixed - [0,2.1.214] v=2\n",
	 .stats = {STAT(git_ranges, 2), STAT(records, 1)}},
	{"osv_withdrawn_and_malformed_records", vuln_import_osv, "all.json", INPUT(osv_array), 0,
	 "npm left-pad A-3 fixed 1.3.0 [0,1.3.0)\n",
	 .stats = {STAT(withdrawn, 1), STAT(malformed, 2)},
	 .warnings = {"all.json:3:2: not an OSV record", "all.json:5:2: 'A-4': malformed"}},
	{"osv_yaml", vuln_import_osv, "p.yaml", INPUT(osv_yaml), 0,
	 "PyPI django PYSEC-2020-1 fixed 3.0.7 [0,2.2.13) [3.0a1,3.0.7)\n"},
};
static void test_import(void **state)
{
	const struct import_case *c = *state;
	struct text_sink t;
	struct vuln_sink s = text_sink(&t);
	struct vuln_import_stats st = {0};
	struct bw_error err = {0};

	assert_int_equal(c->import(c->path, c->data, c->len, &s, &st, &err), c->ret);
	if (c->out)
		assert_string_equal(t.out, c->out);
	if (c->records)
		assert_int_equal(t.records, c->records);
	if (c->published)
		assert_string_equal(t.published, c->published);
	if (c->err_line_min)
		assert_true(err.line >= c->err_line_min);
	for (const struct stat_want *w = c->stats; w < c->stats + LEN(c->stats) && w->value; w++) {
		size_t got;
		memcpy(&got, (const char *)&st + w->offset, sizeof(got));
		assert_int_equal(got, w->value);
	}
	for (size_t i = 0; i < LEN(c->warnings) && c->warnings[i]; i++)
		assert_non_null(strstr(t.warnings, c->warnings[i]));
}

static void test_pep503_names(void **state)
{
	(void)state;
	char out[64];

	vuln_pep503_name("Foo__Bar.-baz", out, sizeof(out));
	assert_string_equal(out, "foo-bar-baz");
	vuln_pep503_name("requests", out, sizeof(out));
	assert_string_equal(out, "requests");
}

static int64_t count(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void import_once(const char *path, const char *source, bool commit)
{
	struct vuln_db_writer *w = NULL;
	struct bw_error err = {0};
	struct vuln_import_stats st = {0};

	assert_int_equal(vuln_db_writer_begin(path, &w, &err), 0);
	assert_int_equal(vuln_db_writer_source(w, source, "osv", "test", "\"etag1\"", NULL, &err),
			 0);
	struct vuln_sink s = vuln_db_writer_sink(w, NULL, NULL);
	assert_int_equal(vuln_import_osv("g.json", osv_go, sizeof(osv_go) - 1, &s, &st, &err), 0);
	assert_int_equal(vuln_db_writer_source_done(w, &st, &err), 0);
	if (commit)
		assert_int_equal(vuln_db_writer_commit(w, &err), 0);
	else
		vuln_db_writer_abort(w);
}

static void test_db_writer_replaces_sources_and_renames_into_place(void **state)
{
	(void)state;
	char dir[] = "/tmp/bw-test-vuln-XXXXXX", path[128], other[160];
	struct vuln_db *db = NULL;
	struct bw_error err = {0};

	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/sub/vuln.db", dir);
	assert_int_equal(vuln_db_open(path, &db, &err), -ENOENT);
	import_once(path, "a", true);
	import_once(path, "a", true); /* same source again: replaced, not doubled */
	assert_int_equal(count(path, "SELECT count(*) FROM advisories"), 2);
	assert_int_equal(count(path, "SELECT count(*) FROM ranges"), 4);
	import_once(path, "b", true);
	assert_int_equal(count(path, "SELECT count(*) FROM advisories"), 4);
	import_once(path, "c", false); /* aborted: nothing changes, no .new file stays */
	assert_int_equal(count(path, "SELECT count(*) FROM sources"), 2);
	(void)snprintf(other, sizeof(other), "%s.new", path);
	assert_int_equal(access(other, F_OK), -1);

	assert_int_equal(vuln_db_open(path, &db, &err), 0);
	assert_true(vuln_db_has_ecosystem(db, "Go"));
	assert_false(vuln_db_has_ecosystem(db, "debian:bookworm"));
	struct vuln_source_info *src;
	size_t n;
	assert_int_equal(vuln_db_sources(db, &src, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(src[0].name, "a");
	assert_string_equal(src[0].etag, "\"etag1\"");
	assert_int_equal(src[0].advisories, 2);
	vuln_source_infos_free(src, n);
	db = vuln_db_close(db);

	(void)snprintf(other, sizeof(other), "rm -rf '%s'", dir);
	assert_int_equal(system(other), 0);
}

/* ---- matching ---- */

static const char match_tracker[] =
	"{\"util-linux\": {\"CVE-2024-28085\": {\"releases\": {\"bookworm\": {\"status\": "
	"\"resolved\", \"fixed_version\": \"2.38.1-5+deb12u1\", \"urgency\": \"medium**\"}}}},\n"
	" \"xz-utils\": {\"CVE-2020-0001\": {\"releases\": {\"bookworm\": {\"status\": "
	"\"resolved\", \"fixed_version\": \"5.1.1alpha+20120614-2\", \"urgency\": \"low\"}}}},\n"
	" \"openssl\": {\"CVE-2023-0001\": {\"releases\": {\"bookworm\": {\"status\": \"open\", "
	"\"urgency\": \"high\"}}},\n"
	"             \"CVE-2023-0002\": {\"releases\": {\"bookworm\": {\"status\": \"resolved\", "
	"\"fixed_version\": \"0\"}}},\n"
	"             \"CVE-2023-0003\": {\"releases\": {\"bookworm\": {\"status\": "
	"\"undetermined\"}}},\n"
	"             \"CVE-2023-0004\": {\"releases\": {\"bookworm\": {\"status\": \"resolved\", "
	"\"fixed_version\": \"3.0.11-1~deb12u1\", \"urgency\": \"unimportant\"}}}}}\n";

static const char match_secdb[] =
	"{\"distroversion\": \"v3.18\", \"packages\": [{\"pkg\": {\"name\": \"openssl\", "
	"\"secfixes\": {\"3.1.4-r0\": [\"CVE-2023-5363\"], \"0\": [\"CVE-2023-9999\"]}}}]}";

static void build_db(const char *path)
{
	struct vuln_db_writer *w = NULL;
	struct bw_error err = {0};
	struct vuln_import_stats st = {0};
	struct vuln_sink s;

	assert_int_equal(vuln_db_writer_begin(path, &w, &err), 0);
	assert_int_equal(vuln_db_writer_source(w, "d", "debian", "t", NULL, NULL, &err), 0);
	s = vuln_db_writer_sink(w, NULL, NULL);
	assert_int_equal(
		vuln_import_debian("t", match_tracker, sizeof(match_tracker) - 1, &s, &st, &err),
		0);
	assert_int_equal(vuln_db_writer_source_done(w, &st, &err), 0);
	assert_int_equal(vuln_db_writer_source(w, "a", "alpine", "t", NULL, NULL, &err), 0);
	assert_int_equal(
		vuln_import_secdb("t", match_secdb, sizeof(match_secdb) - 1, &s, &st, &err), 0);
	assert_int_equal(vuln_db_writer_source_done(w, &st, &err), 0);
	assert_int_equal(vuln_db_writer_source(w, "o", "osv", "t", NULL, NULL, &err), 0);
	assert_int_equal(vuln_import_osv("t", osv_go, sizeof(osv_go) - 1, &s, &st, &err), 0);
	assert_int_equal(vuln_db_writer_source_done(w, &st, &err), 0);
	assert_int_equal(vuln_db_writer_commit(w, &err), 0);
}

#define PKG(t, n, v, sn, sv, where)                                                                \
	{                                                                                          \
		.type = t, .name = (char *)(n), .version = (char *)(v),                            \
		.source_name = (char *)(sn), .source_version = (char *)(sv),                       \
		.path = (char *)(where)                                                            \
	}

/* Builds the test database in a fresh folder made from the template dir, and opens it. */
static struct vuln_db *match_db_open(char *dir)
{
	char path[128];
	struct vuln_db *db = NULL;
	struct bw_error err = {0};

	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/v.db", dir);
	build_db(path);
	assert_int_equal(vuln_db_open(path, &db, &err), 0);
	return db;
}

/* Closes the database and removes its folder. */
static void match_db_remove(struct vuln_db *db, const char *dir)
{
	char cmd[160];

	(void)vuln_db_close(db);
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Matches inv into *r and renders the matches as "name vuln fixed status severity" lines. */
static void match(struct vuln_db *db, const struct pkg_inventory *inv,
		  const struct vuln_match_options *o, struct vuln_match_result *r, char *out,
		  size_t outlen)
{
	struct bw_error err = {0};
	size_t len = 0;

	assert_int_equal(vuln_match_inventory(db, inv, o, r, &err), 0);
	out[0] = '\0';
	for (size_t i = 0; i < r->len; i++)
		len += (size_t)snprintf(out + len, outlen - len, "%s %s %s %s %s\n",
					inv->pkgs[r->items[i].pkg].name, r->items[i].vuln_id,
					r->items[i].fixed ? r->items[i].fixed : "-",
					vuln_status_name(r->items[i].status),
					bw_severity_name(r->items[i].severity));
}

static void test_match_debian_by_source_package_and_version(void **state)
{
	(void)state;
	char dir[] = "/tmp/bw-test-match-XXXXXX", out[2048];
	struct pkg_package pkgs[] = {
		/* VULNMATCH §9 #10: the binary's epoch would hide it; the source version shows it
		 */
		PKG(PKG_TYPE_DEB, "bsdutils", "1:2.38.1-5+b1", "util-linux", "2.38.1-5", NULL),
		/* #11: a binNMU of a fixed source version is fixed */
		PKG(PKG_TYPE_DEB, "liblzma5", "5.1.1alpha+20120614-2+b3", "xz-utils",
		    "5.1.1alpha+20120614-2", NULL),
		/* #12: looked up by the source name with the binary version */
		PKG(PKG_TYPE_DEB, "libssl3", "3.0.11-1~deb12u0", "openssl", NULL, NULL),
		/* an Alpine-looking package on a Debian system is looked up nowhere */
		PKG(PKG_TYPE_GOLANG, "example.com/m", "v2.1.2", NULL, NULL, "usr/local/bin/app"),
		PKG(PKG_TYPE_GOLANG, "example.com/m", "v2.1.3", NULL, NULL, "usr/local/bin/app2"),
		PKG(PKG_TYPE_GOLANG, "example.com/m", "v1.0.0", NULL, NULL, "usr/bin/dpkg-owned"),
	};
	pkgs[5].os_owner = (char *)"docker.io"; /* left to the Debian feed */
	struct pkg_inventory inv = {
		.os = {.id = (char *)"debian", .version_id = (char *)"12"},
		.pkgs = pkgs,
		.len = sizeof(pkgs) / sizeof(pkgs[0]),
	};
	struct vuln_match_result res = {0};
	struct vuln_db *db = match_db_open(dir);

	match(db, &inv, NULL, &res, out, sizeof(out));
	assert_string_equal(out, "bsdutils CVE-2024-28085 2.38.1-5+deb12u1 fixed MEDIUM\n"
				 "libssl3 CVE-2023-0001 - affected HIGH\n"
				 "libssl3 CVE-2023-0004 3.0.11-1~deb12u1 fixed INFO\n"
				 "example.com/m GO-2024-0001 2.1.3 affected UNKNOWN\n");
	assert_null(res.warning);
	assert_int_equal(res.skipped_os, 1);
	vuln_match_result_release(&res);

	/* with undetermined entries asked for */
	struct vuln_match_options o = {.include_undetermined = true};
	match(db, &inv, &o, &res, out, sizeof(out));
	assert_non_null(strstr(out, "libssl3 CVE-2023-0003 - undetermined"));
	vuln_match_result_release(&res);

	/* a release the tracker does not carry: a warning, never a silent clean result */
	inv.os.version_id = (char *)"9";
	match(db, &inv, NULL, &res, out, sizeof(out));
	assert_non_null(res.warning);
	assert_non_null(strstr(res.warning, "debian:stretch"));
	vuln_match_result_release(&res);
	match_db_remove(db, dir);
}

static void test_match_alpine_by_origin_and_branch(void **state)
{
	(void)state;
	char dir[] = "/tmp/bw-test-match-XXXXXX", out[2048];
	struct pkg_package pkgs[] = {
		/* VULNMATCH §9 #27: libcrypto3 is looked up as its origin openssl */
		PKG(PKG_TYPE_APK, "libcrypto3", "3.1.3-r0", "openssl", NULL, NULL),
		PKG(PKG_TYPE_APK, "libssl3", "3.1.4-r0", "openssl", NULL, NULL),
	};
	struct pkg_inventory inv = {
		.os = {.id = (char *)"alpine", .version_id = (char *)"3.18.4"},
		.pkgs = pkgs,
		.len = 2,
	};
	struct vuln_match_result res = {0};
	struct vuln_db *db = match_db_open(dir);

	match(db, &inv, NULL, &res, out, sizeof(out));
	assert_string_equal(out, "libcrypto3 CVE-2023-5363 3.1.4-r0 fixed UNKNOWN\n");
	vuln_match_result_release(&res);
	match_db_remove(db, dir);
}

static void test_version_affected_and_cvss(void **state)
{
	(void)state;
	/* VULNMATCH §9 #35, #36 */
	struct vuln_range la = {.last_affected = "2.1.214"}, all = {0};
	const char *fixed;

	assert_true(vuln_version_affected(VULN_SCHEME_MAVEN, "2.1.214", &la, 1, NULL, &fixed));
	assert_false(vuln_version_affected(VULN_SCHEME_MAVEN, "2.1.215", &la, 1, NULL, &fixed));
	assert_true(vuln_version_affected(VULN_SCHEME_SEMVER, "99.0.0", &all, 1, NULL, &fixed));
	assert_true(
		vuln_version_affected(VULN_SCHEME_PEP440, "1.0", NULL, 0, "0.9\n1.0\n", &fixed));
	assert_false(
		vuln_version_affected(VULN_SCHEME_PEP440, "1.0.1", NULL, 0, "0.9\n1.0\n", &fixed));
	/* PYSEC-2023-11 lists 38.0.4 and has the range [1.8, 39.0.1): the fix is shown */
	struct vuln_range pysec[] = {{.introduced = "1.8", .fixed = "39.0.1"},
				     {.introduced = "40.0", .fixed = "41.0.2"}};
	assert_true(vuln_version_affected(VULN_SCHEME_PEP440, "38.0.4", pysec, 2,
					  "38.0.4\n39.0.0\n", &fixed));
	assert_string_equal(fixed, "39.0.1");
	/* listed only (outside the ranges): the lowest fix above it, or none */
	assert_true(vuln_version_affected(VULN_SCHEME_PEP440, "39.5", pysec, 2, "39.5\n42.1\n",
					  &fixed));
	assert_string_equal(fixed, "41.0.2");
	assert_true(vuln_version_affected(VULN_SCHEME_PEP440, "42.1", pysec, 2, "39.5\n42.1\n",
					  &fixed));
	assert_null(fixed);
	assert_int_equal(vuln_cvss3_score10("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 98);
	assert_int_equal(vuln_cvss3_score10("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 100);
	assert_int_equal(vuln_cvss3_score10("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:H"), 66);
	assert_int_equal(vuln_cvss3_score10("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"), 31);
	assert_int_equal(vuln_cvss3_score10("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"), 0);
	assert_int_equal(vuln_cvss3_score10("CVSS:2.0/AV:N"), -1);
	assert_int_equal(vuln_cvss3_score10("CVSS:3.1/AV:N/AC:L"), -1);
	const char *from;
	assert_int_equal(vuln_severity("medium**", NULL, &from), BW_SEV_MEDIUM);
	assert_string_equal(from, "vendor");
	assert_int_equal(vuln_severity("not yet assigned",
				       "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", &from),
			 BW_SEV_CRITICAL);
	assert_string_equal(from, "cvss");
	assert_int_equal(vuln_severity("MODERATE", NULL, &from), BW_SEV_MEDIUM);
	assert_int_equal(vuln_severity(NULL, NULL, &from), BW_SEV_UNKNOWN);
}

/* Helper mode for integration tests: matches a dpkg status or apk installed database file
 * against a vulnerability database and prints "package version vuln fixed status" lines. */
static int match_file(const char *dbpath, const char *kind, const char *file, const char *os_id,
		      const char *version_id)
{
	struct pkg_found f = {0};
	struct pkg_inventory inv;
	struct vuln_match_result res = {0};
	struct bw_error err = {0};
	struct vuln_db *db = NULL;
	char *data = NULL;
	size_t len;
	int r;

	pkg_inventory_init(&inv);
	if (bw_file_read(file, 64u << 20, &data, &len) < 0)
		return 2;
	if (strcmp(kind, "dpkg") == 0)
		r = pkg_dpkg_status_parse(file, data, len, &f, &err);
	else
		r = pkg_apk_installed_parse(file, data, len, &f, &err);
	free(data);
	inv.os.id = strdup(os_id);
	inv.os.version_id = strdup(version_id);
	for (size_t i = 0; r == 0 && i < f.len; i++) {
		r = pkg_inventory_take(&inv, &f.pkgs[i]);
		memset(&f.pkgs[i], 0, sizeof(f.pkgs[i]));
	}
	if (r == 0)
		r = vuln_db_open(dbpath, &db, &err);
	if (r == 0)
		r = vuln_match_inventory(db, &inv, NULL, &res, &err);
	if (r < 0)
		fprintf(stderr, "test-vuln: %s\n", err.msg);
	for (size_t i = 0; r == 0 && i < res.len; i++) {
		const struct vuln_match *m = &res.items[i];
		printf("%s\t%s\t%s\t%s\t%s\n", inv.pkgs[m->pkg].name, m->installed, m->vuln_id,
		       m->fixed ? m->fixed : "-", vuln_status_name(m->status));
	}
	if (res.warning)
		printf("# warning: %s\n", res.warning);
	printf("# %zu packages looked up\n", res.packages);
	vuln_match_result_release(&res);
	vuln_db_close(db);
	pkg_found_release(&f);
	pkg_inventory_release(&inv);
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[1], "--match") == 0)
		return match_file(argv[2], argv[3], argv[4], argv[5], argv[6]);
	static const struct CMUnitTest others[] = {
		cmocka_unit_test(test_secdb_ids),
		cmocka_unit_test(test_pep503_names),
		cmocka_unit_test(test_db_writer_replaces_sources_and_renames_into_place),
		cmocka_unit_test(test_match_debian_by_source_package_and_version),
		cmocka_unit_test(test_match_alpine_by_origin_and_branch),
		cmocka_unit_test(test_version_affected_and_cvss),
	};
	/* one test per import case, under the case's name, then the others */
	struct CMUnitTest tests[LEN(import_cases) + LEN(others)];
	for (size_t i = 0; i < LEN(import_cases); i++)
		tests[i] = (struct CMUnitTest){.name = import_cases[i].test,
					       .test_func = test_import,
					       .initial_state = (void *)&import_cases[i]};
	memcpy(tests + LEN(import_cases), others, sizeof(others));
	return cmocka_run_group_tests_name("vuln", tests, NULL, NULL);
}
