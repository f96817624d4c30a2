/* SPDX-License-Identifier: Apache-2.0 */
/* The SARIF 2.1.0 report, shaped for GitHub code scanning: one run, a rule descriptor for each
 * rule a shown finding references (with "security-severity"), stable partial fingerprints, and
 * parse errors as tool notifications. It does not embed file contents or snippets. */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "out/out-json.h"
#include "out/out-internal.h"
#include "out/out.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

#define SARIF_SCHEMA                                                                               \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"                      \
	"sarif-schema-2.1.0.json"
#define SARIF_FINGERPRINT_KEY "bulwarkFindingHash/v1"
/* Help texts and URIs are short; this bounds a pathological rule table, not user input. */
#define SARIF_MAX_TEXT (64u * 1024u)

#ifndef BW_INFORMATION_URI
#define BW_INFORMATION_URI "https://github.com/bulwark-scanner/bulwark"
#endif

/* GitHub maps these to its own scale: > 9.0 critical, >= 7.0 high, >= 4.0 medium, else low. */
static const char *const security_severity[BW_SEV_COUNT] = {
	[BW_SEV_UNKNOWN] = "0.0", [BW_SEV_INFO] = "0.0", [BW_SEV_LOW] = "3.0",
	[BW_SEV_MEDIUM] = "5.5",  [BW_SEV_HIGH] = "8.0", [BW_SEV_CRITICAL] = "9.5",
};

/* A rule that shown findings reference, with the highest severity they carry (configuration
 * may override a rule's default, and GitHub reads severity from the rule, not the result). */
struct sarif_rule {
	const struct bw_rule *rule;
	enum bw_severity severity;
};

/* Sets key to a new string value; false on OOM. */
static bool set_str(json_t *obj, const char *key, const char *s)
{
	json_t *v = bw_out_jstr(s);
	return v && json_object_set_new(obj, key, v) == 0;
}

static bool set_new(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *text_obj(const char *s)
{
	json_t *o = json_object();
	if (o && !set_str(o, "text", s)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* 64-bit FNV-1a, continued from `h`, over `s` and its terminating NUL (so "ab"+"c" and
 * "a"+"bc" hash differently). */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	do {
		h ^= *p;
		h *= 0x100000001b3ull;
	} while (*p++);
	return h;
}

/* "./a/./b" and "a/./b" name the same file: drop leading "./" (and the slashes after it). */
static const char *skip_dot_slash(const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	return path;
}

/* Stable across runs and machines: rule id, the path as given (less a leading "./") and the
 * message; not the line, so an edit above a finding does not make it a new alert. */
static uint64_t finding_hash(const struct bw_finding *f)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv1a(h, f->rule->id);
	h = fnv1a(h, skip_dot_slash(f->path));
	return fnv1a(h, f->message);
}

/* Counts how often each hash was seen, so identical findings (same rule, file and message on
 * different lines) get distinct fingerprints "HASH:1", "HASH:2" in report order. */
struct hash_counter {
	uint64_t *keys;
	unsigned *counts;
	size_t cap; /* power of two, more than twice the number of keys */
};

static void hash_counter_release(struct hash_counter *c)
{
	free(c->keys);
	free(c->counts);
}

static int hash_counter_init(struct hash_counter *c, size_t n)
{
	size_t cap = 16;

	*c = (struct hash_counter){0};
	while (cap < n * 2 + 1) {
		if (__builtin_mul_overflow(cap, 2, &cap))
			return -ENOMEM;
	}
	c->keys = calloc(cap, sizeof(*c->keys));
	c->counts = calloc(cap, sizeof(*c->counts));
	if (!c->keys || !c->counts)
		return -ENOMEM;
	c->cap = cap;
	return 0;
}

/* Returns the 1-based occurrence number of `h`. */
static unsigned hash_counter_bump(struct hash_counter *c, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 32)) & (c->cap - 1);

	while (c->counts[i] && c->keys[i] != h)
		i = (i + 1) & (c->cap - 1);
	c->keys[i] = h;
	return ++c->counts[i];
}

static int sarif_rule_cmp(const void *a, const void *b)
{
	const struct sarif_rule *x = a, *y = b;
	return strcmp(x->rule->id, y->rule->id);
}

/* The rule set kind ("dockerfile") the rule belongs to, or NULL. */
static const char *rule_kind(const struct bw_rule *rule)
{
	const struct bw_ruleset *const *sets;
	size_t n = bw_rulesets(&sets);

	for (size_t s = 0; s < n; s++)
		if (rule >= sets[s]->rules && rule < sets[s]->rules + sets[s]->len)
			return sets[s]->kind;
	return NULL;
}

/* "Image uses the latest tag" -> "ImageUsesTheLatestTag": SARIF's name is an identifier. */
static json_t *rule_name(const char *title)
{
	char name[128];
	size_t n = 0;
	bool up = true;

	for (const char *p = title; *p && n + 1 < sizeof(name); p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			name[n++] = up && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
			up = false;
		} else {
			up = true;
		}
	}
	name[n] = '\0';
	return bw_out_jstr(name);
}

/* help.text and help.markdown: the fix, the equivalent ids and the link. */
static json_t *rule_help(const struct bw_rule *rule)
{
	BW_CLEANUP(bw_buf_releasep) struct bw_buf text;
	BW_CLEANUP(bw_buf_releasep) struct bw_buf md;
	bool has_aliases = rule->aliases && rule->aliases[strspn(rule->aliases, " ")];
	int ret;

	bw_buf_init(&text, SARIF_MAX_TEXT);
	bw_buf_init(&md, SARIF_MAX_TEXT);
	ret = bw_buf_printf(&text, "%s\n\nFix: %s", rule->title, rule->fix);
	if (ret == 0)
		ret = bw_buf_printf(&md, "**%s**\n\n**Fix:** %s", rule->title, rule->fix);
	if (ret == 0 && has_aliases) {
		ret = bw_buf_printf(&text, "\nAlso known as: %s", rule->aliases);
		if (ret == 0)
			ret = bw_buf_adds(&md, "\n\nAlso known as:");
		for (const char *p = rule->aliases; ret == 0 && *p;) {
			size_t skip = strspn(p, " "), len = strcspn(p + skip, " ");
			if (len)
				ret = bw_buf_printf(&md, " `%.*s`", (int)len, p + skip);
			p += skip + len;
		}
	}
	if (ret == 0 && rule->help_uri) {
		ret = bw_buf_printf(&text, "\nMore: %s", rule->help_uri);
		if (ret == 0)
			ret = bw_buf_printf(&md, "\n\n[More about %s](%s)", rule->id,
					    rule->help_uri);
	}
	if (ret < 0)
		return NULL;
	return json_pack("{s:o, s:o}", "text", bw_out_jstr(bw_buf_str(&text)), "markdown",
			 bw_out_jstr(bw_buf_str(&md)));
}

static json_t *rule_descriptor(const struct sarif_rule *sr)
{
	const struct bw_rule *rule = sr->rule;
	const char *kind = rule_kind(rule);
	json_t *tags = json_pack("[s]", "security");
	json_t *d;

	if (tags && kind && json_array_append_new(tags, bw_out_jstr(kind)) < 0) {
		json_decref(tags);
		return NULL;
	}
	d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:{s:s}, s:{s:o, s:o, s:s}}", "id",
		      bw_out_jstr(rule->id), "name", rule_name(rule->title), "shortDescription",
		      text_obj(rule->title), "fullDescription", text_obj(rule->title), "help",
		      rule_help(rule), "defaultConfiguration", "level",
		      bw_severity_sarif_level(rule->severity), "properties", "tags", tags,
		      "aliases", bw_out_aliases(rule->aliases), "security-severity",
		      security_severity[sr->severity]);
	if (d && rule->help_uri && !set_str(d, "helpUri", rule->help_uri)) {
		json_decref(d);
		return NULL;
	}
	return d;
}

static bool uri_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

/* artifactLocation for a path as the user gave it: relative paths stay relative to
 * %SRCROOT% (what GitHub resolves against the checkout), absolute ones become file:// URIs.
 * Every byte outside the unreserved set is percent-encoded, UTF-8 byte by byte (RFC 3987). */
static json_t *artifact_location(const char *path)
{
	BW_CLEANUP(bw_buf_releasep) struct bw_buf b;
	bool absolute = path[0] == '/';
	int ret = 0;

	bw_buf_init(&b, SIZE_MAX / 2);
	path = skip_dot_slash(path);
	if (absolute)
		ret = bw_buf_adds(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; ret == 0 && *p; p++) {
		if (uri_unreserved(*p))
			ret = bw_buf_addc(&b, (char)*p);
		else
			ret = bw_buf_printf(&b, "%%%02X", *p);
	}
	if (ret == 0 && b.len == 0)
		ret = bw_buf_adds(&b, "."); /* an empty path names the root itself */
	if (ret < 0)
		return NULL;
	if (absolute)
		return json_pack("{s:s}", "uri", bw_buf_str(&b));
	return json_pack("{s:s, s:s}", "uri", bw_buf_str(&b), "uriBaseId", "%SRCROOT%");
}

static json_t *finding_location(const struct bw_finding *f)
{
	int start = f->line > 0 ? f->line : 1; /* SARIF lines are 1-based; 0 is the whole file */
	int end = f->end_line > start ? f->end_line : start;
	json_t *region = json_pack("{s:i}", "startLine", start);

	if (region && f->line > 0 && f->col > 0 &&
	    json_object_set_new(region, "startColumn", json_integer(f->col)) < 0) {
		json_decref(region);
		return NULL;
	}
	if (region && json_object_set_new(region, "endLine", json_integer(end)) < 0) {
		json_decref(region);
		return NULL;
	}
	return json_pack("{s:{s:o, s:o}}", "physicalLocation", "artifactLocation",
			 artifact_location(f->path), "region", region);
}

/* Pragmas live in the file itself; ignore files and configuration are external. */
static const char *suppression_kind(const struct bw_finding *f)
{
	if (f->suppressed_by && bw_str_startswith(f->suppressed_by, "inline pragma"))
		return "inSource";
	return "external";
}

static json_t *finding_result(const struct bw_finding *f, size_t rule_index, uint64_t hash,
			      unsigned nth)
{
	char fp[40];
	json_t *res;

	(void)snprintf(fp, sizeof(fp), "%016llx:%u", (unsigned long long)hash, nth);
	res = json_pack("{s:o, s:i, s:s, s:o, s:[o], s:{s:s}}", "ruleId", bw_out_jstr(f->rule->id),
			"ruleIndex", (json_int_t)rule_index, "level",
			bw_severity_sarif_level(f->severity), "message", text_obj(f->message),
			"locations", finding_location(f), "partialFingerprints",
			SARIF_FINGERPRINT_KEY, fp);
	if (res && f->suppressed) {
		char why[512];
		(void)snprintf(why, sizeof(why), "suppressed by %s",
			       f->suppressed_by ? f->suppressed_by : "configuration");
		if (!set_new(res, "suppressions",
			     json_pack("[{s:s, s:s, s:o}]", "kind", suppression_kind(f), "status",
				       "accepted", "justification", bw_out_jstr(why)))) {
			json_decref(res);
			return NULL;
		}
	}
	return res;
}

/* Collects the rules of shown findings, sorted by id; a rule is one row of a registered
 * table, so findings of the same rule share the pointer. Ids are unique across tables (the
 * table tests say so); should two rows share one anyway, SARIF gets it once. */
static int collect_rules(const struct bw_report *r, const struct bw_out_opts *o,
			 struct sarif_rule **ret, size_t *ret_len)
{
	struct sarif_rule *rules = calloc(r->len ? r->len : 1, sizeof(*rules));
	size_t n = 0, last = 0;

	if (!rules)
		return -ENOMEM;
	for (size_t i = 0; i < r->len; i++) {
		const struct bw_finding *f = &r->findings[i];
		enum bw_severity sev =
			(unsigned)f->severity < BW_SEV_COUNT ? f->severity : BW_SEV_UNKNOWN;
		size_t j = last; /* findings of one rule often follow each other */

		if (!bw_out_visible(f, o))
			continue;
		if (j >= n || rules[j].rule != f->rule) {
			for (j = 0; j < n && rules[j].rule != f->rule; j++)
				;
		}
		if (j == n)
			rules[n++] = (struct sarif_rule){.rule = f->rule, .severity = sev};
		else if (sev > rules[j].severity)
			rules[j].severity = sev;
		last = j;
	}
	qsort(rules, n, sizeof(*rules), sarif_rule_cmp);
	size_t k = 0;
	for (size_t j = 0; j < n; j++) {
		if (k > 0 && sarif_rule_cmp(&rules[k - 1], &rules[j]) == 0) {
			if (rules[j].severity > rules[k - 1].severity)
				rules[k - 1].severity = rules[j].severity;
			continue;
		}
		rules[k++] = rules[j];
	}
	*ret = rules;
	*ret_len = k;
	return 0;
}

/* Parse errors: the run went on, these files were not checked. */
static json_t *invocation(const struct bw_report *r)
{
	BW_CLEANUP(json_decrefp) json_t *notes = json_array();
	BW_CLEANUP(json_decrefp) json_t *inv = json_pack("{s:b}", "executionSuccessful", 1);

	if (!notes || !inv)
		return NULL;
	for (size_t i = 0; i < r->targets_len; i++) {
		const struct bw_target *t = &r->targets[i];
		if (!t->error)
			continue;
		json_t *n = json_pack("{s:s, s:o, s:[{s:{s:o}}]}", "level", "error", "message",
				      text_obj(t->error), "locations", "physicalLocation",
				      "artifactLocation", artifact_location(t->path));
		if (!n || json_array_append_new(notes, n) < 0)
			return NULL;
	}
	if (json_array_size(notes) > 0 &&
	    json_object_set(inv, "toolExecutionNotifications", notes) < 0)
		return NULL;
	return BW_TAKE(inv);
}

int bw_out_sarif(FILE *f, const struct bw_report *r, const struct bw_out_opts *o)
{
	BW_CLEANUP(json_decrefp) json_t *root = NULL;
	BW_CLEANUP(bw_freep) struct sarif_rule *rules = NULL;
	BW_CLEANUP(hash_counter_release) struct hash_counter seen = {0};
	json_t *jrules, *results, *run;
	size_t nrules = 0;
	char automation[128];

	if (collect_rules(r, o, &rules, &nrules) < 0 || hash_counter_init(&seen, r->len) < 0)
		return -ENOMEM;
	(void)snprintf(automation, sizeof(automation), "bulwark/%s/", o->command ? o->command : "");
	jrules = json_array();
	results = json_array();
	run = json_pack("{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:{s:s}, s:[o], s:o}", "tool", "driver",
			"name", "bulwark", "version", BW_VERSION, "semanticVersion", BW_VERSION,
			"informationUri", BW_INFORMATION_URI, "rules", jrules, "automationDetails",
			"id", automation, "invocations", invocation(r), "results", results);
	root = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs",
			 run);
	if (!root)
		return -ENOMEM;

	for (size_t i = 0; i < nrules; i++) {
		json_t *d = rule_descriptor(&rules[i]);
		if (!d || json_array_append_new(jrules, d) < 0)
			return -ENOMEM;
	}
	for (size_t i = 0; i < r->len; i++) {
		const struct bw_finding *fi = &r->findings[i];
		if (!bw_out_visible(fi, o))
			continue;
		struct sarif_rule key = {.rule = fi->rule};
		const struct sarif_rule *sr =
			bsearch(&key, rules, nrules, sizeof(*rules), sarif_rule_cmp);
		uint64_t h = finding_hash(fi);
		json_t *res =
			finding_result(fi, (size_t)(sr - rules), h, hash_counter_bump(&seen, h));
		if (!res || json_array_append_new(results, res) < 0)
			return -ENOMEM;
	}
	return bw_out_json_write(root, f);
}
