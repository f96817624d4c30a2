/* SPDX-License-Identifier: Apache-2.0 */
/* CIS Docker Benchmark checks run once per image the daemon holds (4.6), on its inspect JSON.
 * The Dockerfile-level image checks are `bulwark lint`'s and `bulwark image`'s. */
#include <string.h>

#include "host/host-internal.h"
#include "util/banned.h"

#define SUBJ(s) ((const struct host_subject *)(s))

/* 4.6 */
static int check_healthcheck(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_image *img = SUBJ(subject)->img;
	const json_t *hc = json_object_get(json_object_get(img->inspect, "Config"), "Healthcheck");
	const char *test0 = json_string_value(json_array_get(json_object_get(hc, "Test"), 0));

	if (test0 && strcmp(test0, "NONE") != 0)
		return 0;
	return host_report(out, self, img->name, "image has no HEALTHCHECK (Config.Healthcheck %s)",
			   test0 ? "is 'NONE'" : "is not set");
}

const struct bw_rule host_image_rules[] = {
	{
		.id = "CIS-4.6",
		.severity = BW_SEV_LOW,
		.title = "Image has no HEALTHCHECK",
		.aliases = "",
		.fix = "Add a HEALTHCHECK instruction to the image's Dockerfile.",
		.check = check_healthcheck,
	},
};
const size_t host_image_rules_len = sizeof(host_image_rules) / sizeof(host_image_rules[0]);

const struct bw_ruleset host_image_ruleset = {
	.name = "host-image",
	.kind = "docker-image",
	.prefix = "CIS-",
	.rules = host_image_rules,
	.len = sizeof(host_image_rules) / sizeof(host_image_rules[0]),
};
