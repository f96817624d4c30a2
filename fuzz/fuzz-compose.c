/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the compose model: parses the input as a compose file (no folder, so no
 * .env and no other files), checks the typed model's invariants, runs every CMP rule, and
 * interpolates the input as one string. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/report.h"
#include "lint/compose-rules.h"
#include "lint/compose.h"
#include "util/cleanup.h"
#include "util/banned.h"

#include "fuzz-lint.h"

static void check_where(const struct compose_where *w)
{
	CHECK(w->line >= 0 && w->col >= 0);
	CHECK(!w->via || strlen(w->via) > 0);
}

static void check_list(const struct compose_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		CHECK(l->items[i].s);
		check_where(&l->items[i].at);
	}
}

static void check_model(const struct compose_file *cf)
{
	CHECK(cf->root && cf->format < COMPOSE_FORMAT_COUNT);
	for (size_t s = 0; s < cf->n_services; s++) {
		const struct compose_service *svc = &cf->services[s];
		CHECK(svc->name && svc->map && svc->n_layers >= 1);
		CHECK(svc->n_layers <= BW_MAX_COMPOSE_EXTENDS + 1);
		for (size_t i = 0; i < svc->n_ports; i++) {
			const struct compose_port *p = &svc->ports[i];
			CHECK(p->text && p->published_lo <= p->published_hi &&
			      p->target_lo <= p->target_hi);
			check_where(&p->at);
		}
		for (size_t i = 0; i < svc->n_mounts; i++) {
			CHECK(svc->mounts[i].target &&
			      svc->mounts[i].type < COMPOSE_MOUNT_TYPE_COUNT);
			check_where(&svc->mounts[i].at);
		}
		for (size_t i = 0; i < svc->n_env; i++)
			CHECK(svc->env[i].name);
		check_list(&svc->cap_add);
		check_list(&svc->cap_drop);
		check_list(&svc->security_opt);
		check_list(&svc->devices);
		check_list(&svc->sysctls);
		check_list(&svc->secrets);
		check_list(&svc->env_files);
		check_list(&svc->profiles);
		(void)compose_service_get(svc, "deploy.resources.limits.memory", NULL);
	}
}

static void interpolate(const uint8_t *data, size_t size)
{
	static const char *const vars[] = {"A=1", "EMPTY=", "B=${A}"};
	char msg[256];
	char *s = strndup((const char *)data, size);
	char *out = NULL;
	bool unsure = false;

	if (!s)
		return;
	if (compose_interpolate(s, vars, 3, &out, &unsure, msg, sizeof(msg)) == 0)
		CHECK(out && strlen(out) <= BW_MAX_INTERP_VALUE);
	free(out);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	BW_CLEANUP(compose_file_freep) struct compose_file *cf = NULL;
	struct bw_error err = {0};
	struct compose_subject sub;
	int r;

	if (size > BW_MAX_CONFIG_FILE)
		return 0;
	(void)compose_looks_like((const char *)data, size);
	interpolate(data, size);
	r = compose_file_parse_mem("fuzz.yaml", NULL, (const char *)data, size, &cf, &err);
	if (fuzz_parse_failed(r, cf, &err))
		return 0;
	check_model(cf);
	sub = (struct compose_subject){.cf = cf, .cfg = fuzz_config()};
	fuzz_run_rules(&compose_ruleset, &sub, 0);
	return 0;
}
