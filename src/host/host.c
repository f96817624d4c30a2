/* SPDX-License-Identifier: Apache-2.0 */
/* The host audit: selects checks (--section, --include-manual), collects the facts they
 * need, runs each check on its subjects (the host, every container, every image) and keeps
 * each check's outcome for the summary line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/limits.h"
#include "docker/docker.h"
#include "host/host-internal.h"
#include "host/host.h"
#include "image/image.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

enum table_kind {
	TABLE_HOST,
	TABLE_CONTAINER,
	TABLE_IMAGE,
	TABLE_MANUAL,
	TABLE_COUNT,
};

int host_report(struct bw_report *out, const struct bw_rule *rule, const char *path,
		const char *fmt, ...)
{
	char msg[BW_MAX_MESSAGE];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out->current_path = path;
	return bw_report_add(out, rule, 0, 0, "%s", msg);
}

bool host_info_has_secopt(const struct host_facts *f, const char *name)
{
	const json_t *opts = json_object_get(f->info, "SecurityOptions"), *o;
	size_t i, n = strlen(name);

	json_array_foreach(opts, i, o)
	{
		const char *s = json_string_value(o);
		if (s && bw_str_startswith(s, "name=") && strncmp(s + 5, name, n) == 0 &&
		    (s[5 + n] == '\0' || s[5 + n] == ','))
			return true;
	}
	return false;
}

const char *host_daemon_path(const struct host_facts *f, const char *key)
{
	const char *where = host_daemon_where(&f->daemon, key);

	if (where)
		return where;
	return f->daemon.json_path ? f->daemon.json_path : "/etc/docker/daemon.json";
}

/* True when `id` ("CIS-5.2") lies in section `prefix` ("5", "5.2"). */
static bool in_section(const char *id, const char *prefix)
{
	size_t n = strlen(prefix);

	id += strlen("CIS-");
	return strncmp(id, prefix, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

static bool selected(const struct host_opts *o, enum table_kind t, const struct bw_rule *rule)
{
	if (t == TABLE_MANUAL && !o->include_manual)
		return false;
	if (!o->n_sections)
		return true;
	for (size_t i = 0; i < o->n_sections; i++)
		if (in_section(rule->id, o->sections[i]))
			return true;
	return false;
}

static const struct bw_rule *table(enum table_kind t, size_t *ret_len)
{
	switch (t) {
	case TABLE_HOST:
		*ret_len = host_rules_len;
		return host_rules;
	case TABLE_CONTAINER:
		*ret_len = host_container_rules_len;
		return host_container_rules;
	case TABLE_IMAGE:
		*ret_len = host_image_rules_len;
		return host_image_rules;
	case TABLE_MANUAL:
	case TABLE_COUNT:
		break;
	}
	*ret_len = host_manual_rules_len;
	return host_manual_rules;
}

bool host_section_is_valid(const char *s)
{
	bool digit = false;

	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (*p != '.' || !digit || p[1] == '\0' || p[1] == '.')
			return false;
	}
	if (!digit)
		return false;
	for (int t = 0; t < TABLE_COUNT; t++) {
		size_t n;
		const struct bw_rule *rules = table((enum table_kind)t, &n);
		for (size_t i = 0; i < n; i++)
			if (in_section(rules[i].id, s))
				return true;
	}
	return false;
}

/* What the selected checks need collected. */
static void wants(const struct host_opts *o, struct host_want *w)
{
	*w = (struct host_want){0};
	for (int t = 0; t < TABLE_COUNT; t++) {
		size_t n;
		const struct bw_rule *rules = table((enum table_kind)t, &n);
		for (size_t i = 0; i < n; i++) {
			const char *id = rules[i].id;
			if (!selected(o, (enum table_kind)t, &rules[i]))
				continue;
			w->files |= in_section(id, "1") || in_section(id, "3");
			w->audit |= in_section(id, "1.1");
			w->containers |= t == TABLE_CONTAINER || t == TABLE_MANUAL;
			w->images |= t == TABLE_IMAGE;
			w->top |= strcmp(id, "CIS-5.7") == 0;
			w->execs |= strcmp(id, "CIS-5.23") == 0;
			w->swarm |= in_section(id, "7");
			w->image_list |= strcmp(id, "CIS-6.1") == 0;
		}
	}
	/* image checks on filtered containers need the containers to know their images */
	w->containers |= w->images && (o->n_containers || o->n_labels);
}

/* --image-checks runs with section 4, or when no --section narrows the audit. */
static bool image_checks_wanted(const struct host_opts *o)
{
	if (!o->image_checks)
		return false;
	if (!o->n_sections)
		return true;
	for (size_t i = 0; i < o->n_sections; i++)
		if (strcmp(o->sections[i], "4") == 0)
			return true;
	return false;
}

/* The finding path of an image read for --image-checks: "NAME (0123456789ab)" with its
 * first repo tag (else the name the container was created from), or "sha256:0123456789ab"
 * when it has no name. 0 or -ENOMEM. */
static int scanned_image_path(const struct host_facts *f, const struct host_container *ct,
			      const char *id, char **ret)
{
	const char *hex = bw_str_startswith(id, "sha256:") ? id + strlen("sha256:") : id;
	const char *name = NULL;
	int n;

	for (size_t i = 0; i < f->n_images && !name; i++) {
		const char *iid = json_string_value(json_object_get(f->images[i].inspect, "Id"));
		if (iid && strcmp(iid, id) == 0)
			name = f->images[i].name;
	}
	if (!name)
		name = json_string_value(
			json_object_get(json_object_get(ct->inspect, "Config"), "Image"));
	if (!name || !*name || bw_str_startswith(name, "sha256:") ||
	    strncmp(hex, name, strlen(name)) == 0)
		n = asprintf(ret, "sha256:%.12s", hex);
	else
		n = asprintf(ret, "%s (%.12s)", name, hex);
	return n < 0 ? -ENOMEM : 0;
}

/* Reads one image from the daemon and runs the IMG- checks on it at `path`. An image that
 * cannot be read becomes a note; one that fails its digests is IMG-001. 0 or -ENOMEM. */
static int scan_one_image(const struct host_facts *f, const char *id, const char *path,
			  struct bw_report *r, struct host_run *run)
{
	BW_CLEANUP(img_image_freep) struct img_image *img = NULL;
	struct img_check_subject s = {.now = (int64_t)time(NULL), .max_age_days = 90};
	struct bw_error e = {0};
	char host[600], msg[1200];
	int ret;

	(void)snprintf(host, sizeof(host), "unix://%s", f->socket);
	struct img_options io = {
		.docker_host = host,
		.force_kind = IMG_SOURCE_DAEMON,
		.extra = img_check_catalogers,
		.n_extra = img_check_catalogers_len,
	};
	ret = img_scan(id, &io, &img, &e);
	if (ret == -ENOMEM)
		return ret;
	if (ret < 0 && ret != -EBADMSG) {
		bw_error_format(&e, msg, sizeof(msg));
		return host_run_note(run, "cannot read image '%s' for --image-checks: %s", path,
				     msg);
	}
	if (ret == -EBADMSG) {
		bw_error_format(&e, msg, sizeof(msg));
		s.integrity_error = msg;
	} else {
		s.img = img;
	}
	ret = bw_report_add_target(r, path, "docker-image", s.integrity_error);
	r->current_path = path;
	for (size_t i = 0; i < img_ruleset.len && ret == 0; i++) {
		const struct bw_rule *rule = &img_ruleset.rules[i];
		if (!(rule->flags & BW_RULE_DEFAULT_OFF))
			ret = rule->check(rule, &s, r);
	}
	r->current_path = NULL;
	run->n_images_scanned++;
	return ret;
}

/* --image-checks: `bulwark image`'s IMG- checks on every image the audited containers use,
 * each read once (deduplicated by image id). 0 or -ENOMEM. */
static int run_image_checks(const struct host_facts *f, struct bw_report *r, struct host_run *run)
{
	for (size_t i = 0; i < f->n_containers; i++) {
		const struct host_container *ct = &f->containers[i];
		const char *id = json_string_value(json_object_get(ct->inspect, "Image"));
		bool dup = false;
		char *path = NULL;
		int ret;

		if (!id || !*id)
			continue;
		for (size_t k = 0; k < i && !dup; k++) {
			const char *other = json_string_value(
				json_object_get(f->containers[k].inspect, "Image"));
			dup = other && strcmp(other, id) == 0;
		}
		if (dup)
			continue;
		ret = scanned_image_path(f, ct, id, &path);
		if (ret == 0)
			ret = scan_one_image(f, id, path, r, run);
		free(path);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Records the outcome of every IMG- rule: failed when it added a finding. */
static void image_check_outcomes(const struct bw_report *r, struct host_run *run)
{
	for (size_t i = 0; i < img_ruleset.len; i++) {
		const struct bw_rule *rule = &img_ruleset.rules[i];
		struct host_rule_result *res = &run->results[run->n_results++];
		bool found = false;

		for (size_t k = 0; k < r->len && !found; k++)
			found = r->findings[k].rule == rule;
		res->rule = rule;
		if (rule->flags & BW_RULE_DEFAULT_OFF)
			res->outcome = HOST_OUT_SKIPPED;
		else if (found)
			res->outcome = HOST_OUT_FAILED;
		else
			res->outcome = run->n_images_scanned ? HOST_OUT_PASSED : HOST_OUT_NA;
	}
}

/* Runs one rule on its subjects, recording the outcome. 0 or -ENOMEM. */
static int run_rule(const struct host_facts *f, enum table_kind t, const struct bw_rule *rule,
		    struct bw_report *r, enum host_outcome *ret)
{
	size_t before = r->len, applied = 0;
	size_t n = t == TABLE_CONTAINER ? f->n_containers : t == TABLE_IMAGE ? f->n_images : 1;

	for (size_t i = 0; i < n; i++) {
		bool na = false;
		struct host_subject s = {
			.f = f,
			.ct = t == TABLE_CONTAINER ? &f->containers[i] : NULL,
			.img = t == TABLE_IMAGE ? &f->images[i] : NULL,
			.na = &na,
		};
		int ret_check = rule->check(rule, &s, r);
		r->current_path = NULL;
		if (ret_check < 0)
			return ret_check;
		applied += !na;
	}
	if (t == TABLE_MANUAL)
		*ret = applied ? HOST_OUT_MANUAL : HOST_OUT_NA;
	else if (r->len > before)
		*ret = HOST_OUT_FAILED;
	else
		*ret = applied ? HOST_OUT_PASSED : HOST_OUT_NA;
	return 0;
}

static int add_targets(const struct host_facts *f, struct bw_report *r)
{
	int ret = bw_report_add_target(r, f->socket, "host", NULL);

	for (size_t i = 0; i < f->n_containers && ret == 0; i++)
		ret = bw_report_add_target(r, f->containers[i].name, "container", NULL);
	for (size_t i = 0; i < f->n_images && ret == 0; i++)
		ret = bw_report_add_target(r, f->images[i].name, "docker-image", NULL);
	return ret;
}

int host_audit(const struct host_opts *o, struct bw_report *r, struct host_run *ret_run,
	       struct bw_error *err)
{
	struct host_run run = {0};
	struct host_facts f = {0};
	struct dock_client *c = NULL;
	struct host_want w;
	size_t total = host_rules_len + host_container_rules_len + host_image_rules_len +
		       host_manual_rules_len + img_ruleset.len;
	bool img_checks = image_checks_wanted(o);
	int ret;

	for (size_t i = 0; i < o->n_sections; i++)
		if (!host_section_is_valid(o->sections[i]))
			return bw_errorf(err, -EINVAL, "", 0, 0,
					 "no CIS check in section '%s' (sections: 1 to 7, "
					 "or an id such as 5.2)",
					 o->sections[i]);
	wants(o, &w);
	w.containers |= img_checks;
	run.results = calloc(total, sizeof(*run.results));
	if (!run.results)
		return -ENOMEM;
	ret = dock_client_new(NULL, &c, err);
	if (ret == 0)
		ret = host_facts_collect(&f, c, o, &w, &run, err);
	if (ret == 0)
		ret = add_targets(&f, r);
	for (int t = 0; t < TABLE_COUNT && ret == 0; t++) {
		size_t n;
		const struct bw_rule *rules = table((enum table_kind)t, &n);
		for (size_t i = 0; i < n && ret == 0; i++) {
			struct host_rule_result *res = &run.results[run.n_results++];
			res->rule = &rules[i];
			res->outcome = HOST_OUT_SKIPPED;
			if (selected(o, (enum table_kind)t, &rules[i]))
				ret = run_rule(&f, (enum table_kind)t, &rules[i], r, &res->outcome);
		}
	}
	if (ret == 0 && img_checks) {
		ret = run_image_checks(&f, r, &run);
		if (ret == 0)
			image_check_outcomes(r, &run);
	}
	run.n_containers = f.n_containers;
	run.n_images = w.images ? f.n_images : run.n_images_scanned;
	run.containers_checked = w.containers;
	run.images_checked = w.images || img_checks;
	host_facts_release(&f);
	dock_client_free(c);
	if (ret < 0) {
		host_run_release(&run);
		return ret;
	}
	*ret_run = run;
	return 0;
}

void host_run_release(struct host_run *run)
{
	for (size_t i = 0; i < run->n_notes; i++)
		free(run->notes[i]);
	free(run->notes);
	free(run->results);
	*run = (struct host_run){0};
}

/* True when every finding of `rule` in r is suppressed (and there is at least one). */
static bool all_suppressed(const struct bw_report *r, const struct bw_rule *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < r->len; i++) {
		if (r->findings[i].rule != rule)
			continue;
		if (!r->findings[i].suppressed)
			return false;
		n++;
	}
	return n > 0;
}

void host_run_count(const struct host_run *run, const struct bw_report *r, struct host_counts *ret)
{
	struct host_counts c = {0};

	for (size_t i = 0; i < run->n_results; i++) {
		const struct host_rule_result *res = &run->results[i];
		switch (res->outcome) {
		case HOST_OUT_SKIPPED:
			continue;
		case HOST_OUT_PASSED:
			c.passed++;
			break;
		case HOST_OUT_FAILED:
			if (all_suppressed(r, res->rule))
				c.suppressed++;
			else
				c.failed++;
			break;
		case HOST_OUT_NA:
			c.not_applicable++;
			break;
		case HOST_OUT_MANUAL:
			c.manual++;
			break;
		}
		c.run++;
	}
	*ret = c;
}

void host_run_summary(const struct host_run *run, const struct bw_report *r, char *out,
		      size_t outlen)
{
	struct host_counts c;
	char on[128] = "";
	int n;

	host_run_count(run, r, &c);
	if (run->containers_checked && run->images_checked)
		(void)snprintf(on, sizeof(on), " on %zu container(s) and %zu image(s)",
			       run->n_containers, run->n_images);
	else if (run->containers_checked)
		(void)snprintf(on, sizeof(on), " on %zu container(s)", run->n_containers);
	else if (run->images_checked)
		(void)snprintf(on, sizeof(on), " on %zu image(s)", run->n_images);
	n = snprintf(out, outlen, "%zu checks%s: %zu passed, %zu failed, %zu not applicable", c.run,
		     on, c.passed, c.failed, c.not_applicable);
	if (n > 0 && (size_t)n < outlen && c.suppressed)
		n += snprintf(out + n, outlen - (size_t)n, ", %zu suppressed", c.suppressed);
	if (n > 0 && (size_t)n < outlen && c.manual)
		(void)snprintf(out + n, outlen - (size_t)n, ", %zu manual", c.manual);
}

static const char *const outcome_names[] = {
	[HOST_OUT_SKIPPED] = "skipped", [HOST_OUT_PASSED] = "passed",
	[HOST_OUT_FAILED] = "failed",	[HOST_OUT_NA] = "not_applicable",
	[HOST_OUT_MANUAL] = "manual",
};

int host_run_json(const struct host_run *run, const struct bw_report *r, json_t *root)
{
	json_t *checks = json_array(), *host;
	struct host_counts c;

	host_run_count(run, r, &c);
	host = json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:o}", "summary", "checks",
			 (json_int_t)c.run, "passed", (json_int_t)c.passed, "failed",
			 (json_int_t)c.failed, "not_applicable", (json_int_t)c.not_applicable,
			 "suppressed", (json_int_t)c.suppressed, "manual", (json_int_t)c.manual,
			 "containers", (json_int_t)run->n_containers, "images",
			 (json_int_t)run->n_images, "checks", checks);
	if (!host)
		return -ENOMEM;
	for (size_t i = 0; i < run->n_results; i++) {
		const struct host_rule_result *res = &run->results[i];
		const char *outcome = outcome_names[res->outcome];

		if (res->outcome == HOST_OUT_FAILED && all_suppressed(r, res->rule))
			outcome = "suppressed";
		if (res->outcome != HOST_OUT_SKIPPED &&
		    json_array_append_new(checks, json_pack("{s:s, s:s}", "id", res->rule->id,
							    "outcome", outcome)) < 0) {
			json_decref(host);
			return -ENOMEM;
		}
	}
	return json_object_set_new(root, "host", host) < 0 ? -ENOMEM : 0;
}
