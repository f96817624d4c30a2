/* SPDX-License-Identifier: Apache-2.0 */
/* `bulwark host`: the CIS Docker Benchmark (v1.6.0 numbering) against the local daemon, its
 * configuration files and its containers. Reads only: GET requests, stat(2), /proc. */
#ifndef BW_HOST_HOST_H
#define BW_HOST_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/report.h"
#include "core/rule.h"

struct host_opts {
	char *const *containers; /* names or ids (--container); none = every container */
	size_t n_containers;
	char *const *labels; /* "KEY=VALUE" or "KEY" (--label); all must match */
	size_t n_labels;
	char *const *sections; /* "5", "2.1", "1.1.3": rule id prefixes; none = all */
	size_t n_sections;
	bool include_manual;	 /* list manual checks as INFO findings */
	const char *daemon_json; /* daemon.json to read instead of the daemon's own; NULL */
	/* Also run `bulwark image`'s IMG- checks on every image the audited containers use,
	 * streamed from the daemon (with section 4, or when no section is chosen). */
	bool image_checks;
};

enum host_outcome {
	HOST_OUT_SKIPPED, /* not selected (--section, or manual without --include-manual) */
	HOST_OUT_PASSED,  /* applied to something and found nothing */
	HOST_OUT_FAILED,  /* added at least one finding */
	HOST_OUT_NA,	  /* applied to nothing: no such file, no containers, swarm inactive */
	HOST_OUT_MANUAL,  /* a manual check, listed as advice */
};

struct host_rule_result {
	const struct bw_rule *rule;
	enum host_outcome outcome;
};

/* What one audit did, for the summary line. */
struct host_run {
	struct host_rule_result *results; /* owned; one per rule of every host table */
	size_t n_results;
	size_t n_containers;	 /* containers checked */
	size_t n_images;	 /* images checked */
	size_t n_images_scanned; /* images read whole for --image-checks */
	bool containers_checked; /* the selected checks looked at containers */
	bool images_checked;	 /* ... and at images */
	char **notes;		 /* owned; things the audit could not see, for stderr */
	size_t n_notes;
};

/* Collects the facts and runs every selected check into `r`. 0, or -errno with err set
 * (no daemon, unknown --container, bad --section). ret_run is filled on success only. */
int host_audit(const struct host_opts *o, struct bw_report *r, struct host_run *ret_run,
	       struct bw_error *err);
void host_run_release(struct host_run *run);
/* Checks counted by outcome; a check whose findings are all suppressed in the report counts
 * as suppressed, not failed. */
struct host_counts {
	size_t run, passed, failed, not_applicable, suppressed, manual;
};
void host_run_count(const struct host_run *run, const struct bw_report *r, struct host_counts *ret);
/* "73 checks on 7 container(s) and 1 image(s): 40 passed, 21 failed, 12 not applicable"
 * (+ suppressed, manual when any). */
void host_run_summary(const struct host_run *run, const struct bw_report *r, char *out,
		      size_t outlen);
/* Adds "host": {"summary": {...}, "checks": [{"id", "outcome"}...]} to a JSON report
 * object; 0 or -ENOMEM. */
int host_run_json(const struct host_run *run, const struct bw_report *r, json_t *root);
/* True when `s` is a valid --section value ("5", "2.13", "1.1.3"). */
bool host_section_is_valid(const char *s);

extern const struct bw_ruleset host_ruleset;	       /* sections 1, 2, 3, 4.5, 5.1, 7 */
extern const struct bw_ruleset host_container_ruleset; /* 4.1 and section 5, per container */
extern const struct bw_ruleset host_image_ruleset;     /* 4.6, per image */
extern const struct bw_ruleset host_manual_ruleset;    /* manual checks: advice only */

#endif
