/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the compose model (lint/compose), the Kubernetes model (lint/k8s) and their
 * rule tables: names and content detection, interpolation and .env, the top level (spec, v1,
 * typos), short and long syntax, extends and include. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/rule.h"
#include "lint/compose-fix.h"
#include "lint/compose-rules.h"
#include "lint/compose.h"
#include "lint/k8s-rules.h"
#include "lint/k8s.h"
#include "lint/registry.h"
#include "util/cleanup.h"

static struct compose_file *parse_ok(const char *src)
{
	struct compose_file *cf = NULL;
	struct bw_error err = {0};
	int r = compose_file_parse_mem("compose.yaml", NULL, src, strlen(src), &cf, &err);

	if (r < 0)
		fail_msg("parse failed: %d %s at %d:%d", r, err.msg, err.line, err.col);
	return cf;
}

static const struct compose_service *svc(const struct compose_file *cf, const char *name)
{
	for (size_t i = 0; i < cf->n_services; i++)
		if (strcmp(cf->services[i].name, name) == 0)
			return &cf->services[i];
	fail_msg("no service '%s'", name);
	return NULL;
}

static char *interp(const char *s, bool *unsure)
{
	static const char *const vars[] = {"A=alpha", "EMPTY=", "N=3"};
	char *out = NULL, msg[200];

	if (compose_interpolate(s, vars, 3, &out, unsure, msg, sizeof(msg)) < 0)
		fail_msg("interpolation of '%s' failed: %s", s, msg);
	return out;
}

static void assert_interp(const char *in, const char *want, bool want_unsure)
{
	bool unsure = false;
	BW_CLEANUP(bw_freep) char *got = interp(in, &unsure);

	if (strcmp(got, want) != 0 || unsure != want_unsure)
		fail_msg("'%s' gave '%s' (unsure %d), want '%s' (unsure %d)", in, got, unsure, want,
			 want_unsure);
}

static void test_file_names(void **state)
{
	(void)state;
	assert_true(compose_name_matches("compose.yaml"));
	assert_true(compose_name_matches("dir/compose.yml"));
	assert_true(compose_name_matches("docker-compose.yml"));
	assert_true(compose_name_matches("docker-compose.yaml"));
	assert_true(compose_name_matches("compose.override.yaml"));
	assert_true(compose_name_matches("docker-compose.prod.yml"));
	assert_true(compose_name_matches("docker-compose-kafka1.yml"));
	assert_true(compose_name_matches("kong-tests-compose.yaml"));
	assert_true(compose_name_matches("Owner+repo__docker-compose.yml"));
	assert_false(compose_name_matches("composer.yml"));
	assert_false(compose_name_matches("decompose.yaml"));
	assert_false(compose_name_matches("docker-compose.yml.orig"));
	assert_false(compose_name_matches(".gitlab-ci.yml"));
}

static void test_content_detection(void **state)
{
	(void)state;
	static const char compose[] = "# app\nservices:\n  web:\n    image: x\n";
	static const char gitlab[] = "image: docker\nservices:\n  - docker:dind\n";
	static const char flow[] = "services: {web: {image: x}}\n";
	static const char k8s[] = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
	static const char split[] = "apiVersion: v1\n---\nkind: Pod\n";

	assert_true(compose_looks_like(compose, sizeof(compose) - 1));
	assert_false(compose_looks_like(gitlab, sizeof(gitlab) - 1));
	assert_true(compose_looks_like(flow, sizeof(flow) - 1));
	assert_true(k8s_looks_like(k8s, sizeof(k8s) - 1));
	assert_false(k8s_looks_like(split, sizeof(split) - 1));
	assert_false(k8s_looks_like(compose, sizeof(compose) - 1));
}

static void test_interpolation_forms(void **state)
{
	(void)state;
	assert_interp("x-${A}-$A-$$A-$$", "x-alpha-alpha-$A-$", false);
	assert_interp("${MISSING}", "", true);
	assert_interp("$MISSING/x", "/x", true);
	assert_interp("${MISSING:-def}", "def", false);
	assert_interp("${EMPTY:-def}|${EMPTY-def}", "def|", false);
	assert_interp("${MISSING-${A}}", "alpha", false);
	assert_interp("${MISSING:-${ALSO_MISSING}}", "", true);
	assert_interp("${MISSING?need it}", "", true);
	assert_interp("${EMPTY:?need it}", "", true);
	assert_interp("${A:?need it}", "alpha", false);
	assert_interp("${A:+set}${MISSING:+set}", "set", false);
	assert_interp("echo $(date) costs 5$", "echo $(date) costs 5$", false);
	assert_interp("${N}${N}", "33", false);

	char *out = NULL, msg[200];
	bool unsure;
	assert_int_equal(compose_interpolate("${A", NULL, 0, &out, &unsure, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "matching '}'"));
	assert_int_equal(compose_interpolate("${}", NULL, 0, &out, &unsure, msg, sizeof(msg)),
			 -EINVAL);
	assert_int_equal(compose_interpolate("${A B}", NULL, 0, &out, &unsure, msg, sizeof(msg)),
			 -EINVAL);
	assert_null(out);
}

static void test_unknown_top_level_key_suggests(void **state)
{
	(void)state;
	static const char src[] = "version: \"3.8\"\n\nsevices:\n  web:\n    image: x\n";
	struct compose_file *cf = NULL;
	struct bw_error err = {0};

	assert_int_equal(compose_file_parse_mem("c.yml", NULL, src, sizeof(src) - 1, &cf, &err),
			 -EINVAL);
	assert_null(cf);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, 1);
	assert_string_equal(err.msg, "unknown top-level key 'sevices' (did you mean 'services'?)");
}

static void test_extension_keys_and_empty_services(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf = parse_ok("x-common: &c {restart: always}\nname: p\n"
					   "volumes: {data: {}}\n");

	assert_int_equal(cf->format, COMPOSE_FORMAT_SPEC);
	assert_int_equal(cf->n_services, 0);
}

static void test_legacy_v1_is_recognised(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf = parse_ok("# old\nvpn:\n  build: .\n  net: host\n"
					   "  cap_add: [NET_ADMIN]\ndb:\n  image: mysql\n");

	assert_int_equal(cf->format, COMPOSE_FORMAT_V1);
	assert_int_equal(cf->format_line, 2);
	assert_int_equal(cf->n_services, 2);
	assert_string_equal(svc(cf, "vpn")->cap_add.items[0].s, "NET_ADMIN");
}

static void test_service_that_is_not_a_mapping(void **state)
{
	(void)state;
	static const char src[] = "services:\n  web:\n    image: x\n  restart: always\n";
	struct compose_file *cf = NULL;
	struct bw_error err = {0};

	assert_int_equal(compose_file_parse_mem("c.yml", NULL, src, sizeof(src) - 1, &cf, &err),
			 -EINVAL);
	assert_int_equal(err.line, 4);
	assert_string_equal(err.msg, "service 'restart' must be a mapping, not a scalar");
}

static void test_ports_short_and_long(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf = parse_ok("services:\n  s:\n    image: x\n    ports:\n"
					   "      - 3000\n"
					   "      - \"8080:80\"\n"
					   "      - \"127.0.0.1:5432:5432/tcp\"\n"
					   "      - \"[::1]:6000-6001:6000-6001\"\n"
					   "      - \"127.0.0.1::9000\"\n"
					   "      - target: 443\n        published: \"8443\"\n"
					   "        host_ip: 0.0.0.0\n"
					   "      - ${PORT}:80\n");
	const struct compose_service *s = svc(cf, "s");

	assert_int_equal(s->n_ports, 7);
	assert_false(s->ports[0].published);
	assert_int_equal(s->ports[0].target_lo, 3000);
	assert_null(s->ports[0].host_ip);
	assert_true(s->ports[1].published);
	assert_int_equal(s->ports[1].published_lo, 8080);
	assert_int_equal(s->ports[1].target_lo, 80);
	assert_string_equal(s->ports[2].host_ip, "127.0.0.1");
	assert_int_equal(s->ports[2].target_lo, 5432);
	assert_string_equal(s->ports[3].host_ip, "::1");
	assert_int_equal(s->ports[3].published_hi, 6001);
	assert_string_equal(s->ports[4].host_ip, "127.0.0.1");
	assert_false(s->ports[4].published);
	assert_int_equal(s->ports[5].published_lo, 8443);
	assert_string_equal(s->ports[5].host_ip, "0.0.0.0");
	assert_int_equal(s->ports[5].at.line, 10);
	assert_true(s->ports[6].unsure);
}

static void test_volumes_short_and_long(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf =
		parse_ok("services:\n  s:\n    image: x\n    volumes:\n"
			 "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
			 "      - data:/data\n"
			 "      - /cache\n"
			 "      - ./src:/src:rw,rshared\n"
			 "      - C:\\data:/data2\n"
			 "      - type: bind\n        source: /etc\n        target: /h\n"
			 "        read_only: true\n        bind: {propagation: shared}\n"
			 "      - {type: tmpfs, target: /tmp}\n");
	const struct compose_service *s = svc(cf, "s");

	assert_int_equal(s->n_mounts, 7);
	assert_int_equal(s->mounts[0].type, COMPOSE_MOUNT_BIND);
	assert_string_equal(s->mounts[0].source, "/var/run/docker.sock");
	assert_true(s->mounts[0].read_only);
	assert_int_equal(s->mounts[1].type, COMPOSE_MOUNT_VOLUME);
	assert_string_equal(s->mounts[1].source, "data");
	assert_null(s->mounts[2].source);
	assert_string_equal(s->mounts[2].target, "/cache");
	assert_string_equal(s->mounts[3].propagation, "rshared");
	assert_false(s->mounts[3].read_only);
	assert_string_equal(s->mounts[4].source, "C:\\data");
	assert_string_equal(s->mounts[4].target, "/data2");
	assert_int_equal(s->mounts[4].type, COMPOSE_MOUNT_BIND);
	assert_true(s->mounts[5].long_syntax && s->mounts[5].read_only);
	assert_string_equal(s->mounts[5].propagation, "shared");
	assert_int_equal(s->mounts[5].at.line, 10);
	assert_int_equal(s->mounts[6].type, COMPOSE_MOUNT_TMPFS);
}

static void test_environment_list_and_map(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf = parse_ok("services:\n"
					   "  a:\n    image: x\n    environment:\n"
					   "      - K=v=w\n      - FROM_SHELL\n      - E=\n"
					   "  b:\n    image: x\n    environment:\n"
					   "      K: 1\n      N: null\n      P: \"${PW:-dflt}\"\n");
	const struct compose_service *a = svc(cf, "a"), *b = svc(cf, "b");

	assert_int_equal(a->n_env, 3);
	assert_string_equal(a->env[0].name, "K");
	assert_string_equal(a->env[0].value, "v=w");
	assert_null(a->env[1].value);
	assert_string_equal(a->env[2].value, "");
	assert_int_equal(b->n_env, 3);
	assert_string_equal(b->env[0].value, "1");
	assert_null(b->env[1].value);
	assert_string_equal(b->env[2].value, "dflt");
	assert_string_equal(b->env[2].raw, "${PW:-dflt}");
}

static void test_merge_keys_feed_the_model(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf = parse_ok("x-base: &base\n  privileged: \"true\"\n"
					   "  cap_add: [sys_admin]\n"
					   "services:\n  web:\n    <<: *base\n    image: x\n");
	const struct compose_service *w = svc(cf, "web");
	struct compose_where at;
	bool b = false;

	assert_int_equal(compose_bool(compose_service_get(w, "privileged", &at), &b), 0);
	assert_true(b); /* Compose casts quoted booleans */
	assert_int_equal(at.line, 2);
	assert_string_equal(w->cap_add.items[0].s, "SYS_ADMIN");
	assert_int_equal(w->cap_add.items[0].at.line, 3);
}

static void test_extends_in_the_same_file(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf = parse_ok("services:\n"
					   "  base:\n    image: x\n    privileged: true\n"
					   "    environment: [A=1, B=2]\n"
					   "  web:\n    extends: base\n    environment: [B=3]\n");
	const struct compose_service *w = svc(cf, "web");
	struct compose_where at;

	assert_int_equal(w->n_layers, 2);
	assert_non_null(compose_service_get(w, "privileged", &at));
	assert_int_equal(at.line, 7); /* the extends key */
	assert_string_equal(at.via, "inherited from service 'base'");
	assert_int_equal(w->n_env, 2);
	assert_string_equal(w->env[0].name, "B");
	assert_string_equal(w->env[0].value, "3");
	assert_string_equal(w->env[1].name, "A");
}

static void test_extends_errors(void **state)
{
	(void)state;
	static const char missing[] = "services:\n  web:\n    extends: nope\n";
	static const char cycle[] = "services:\n  a: {extends: b}\n  b: {extends: a}\n";
	struct compose_file *cf = NULL;
	struct bw_error err = {0};

	assert_int_equal(
		compose_file_parse_mem("c.yml", NULL, missing, sizeof(missing) - 1, &cf, &err),
		-EINVAL);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "'nope', which this file does not define"));
	assert_int_equal(compose_file_parse_mem("c.yml", NULL, cycle, sizeof(cycle) - 1, &cf, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "extends itself"));
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[512];
	FILE *f;

	(void)snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_files_dotenv_extends_include(void **state)
{
	(void)state;
	char dir[] = "/tmp/bw-compose-XXXXXX";
	char path[512], sub[512];
	struct compose_file *cf = NULL;
	struct bw_error err = {0};

	assert_non_null(mkdtemp(dir));
	(void)snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, ".env",
		   "# comment\nexport TAG=1.2\nSOCK='/var/run/docker.sock'\nQ=\"a b\" # c\n"
		   "REF=${TAG}-x\n");
	write_file(dir, "base.yaml",
		   "services:\n  app:\n    image: base\n    cap_add: [NET_ADMIN]\n");
	write_file(sub, "compose.yaml", "services:\n  inc: {image: inc}\n");
	write_file(dir, "compose.yaml",
		   "include:\n  - sub/compose.yaml\n  - path: [gone.yaml]\n"
		   "services:\n  web:\n    image: \"nginx:${TAG}\"\n"
		   "    volumes: [\"${SOCK}:/s\"]\n    environment: [Q=$Q, R=$REF]\n"
		   "    extends: {file: base.yaml, service: app}\n"
		   "  other:\n    extends: {file: nothere.yaml, service: x}\n");
	(void)snprintf(path, sizeof(path), "%s/compose.yaml", dir);
	assert_int_equal(compose_file_parse_path(path, &cf, &err), 0);
	const struct compose_service *w = svc(cf, "web");
	assert_non_null(cf->env_path);
	assert_string_equal(ydoc_str(compose_service_get(w, "image", NULL)), "nginx:1.2");
	assert_string_equal(w->mounts[0].source, "/var/run/docker.sock");
	assert_string_equal(w->env[0].value, "a b");
	assert_string_equal(w->env[1].value, "1.2-x");
	assert_string_equal(w->cap_add.items[0].s, "NET_ADMIN");
	assert_string_equal(w->cap_add.items[0].at.via, "inherited from 'base.yaml' service 'app'");
	assert_int_equal(w->cap_add.items[0].at.line, 9);
	assert_int_equal(cf->n_includes, 1);
	assert_non_null(strstr(cf->includes[0].path, "/sub/compose.yaml"));
	assert_int_equal(cf->n_missing, 2);
	assert_string_equal(cf->missing[0].path, "gone.yaml");
	assert_string_equal(cf->missing[0].what, "include");
	assert_string_equal(cf->missing[1].path, "nothere.yaml");
	assert_int_equal(cf->missing[1].at.line, 11);
	compose_file_free(cf);
	char cmd[600];
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_k8s_pod_templates_of_every_kind(void **state)
{
	(void)state;
	static const char src[] =
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
		"spec:\n  securityContext: {runAsUser: 1000}\n"
		"  initContainers: [{name: i, image: busybox}]\n"
		"  containers:\n  - name: c\n    image: nginx\n"
		"    securityContext: {runAsUser: 0}\n"
		"  ephemeralContainers: [{name: e, image: debug}]\n"
		"---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\n"
		"spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
		"          containers: [{name: j, image: x}]\n"
		"---\napiVersion: v1\nkind: List\nitems:\n"
		"- {apiVersion: apps/v1, kind: Deployment, metadata: {name: d},\n"
		"   spec: {template: {spec: {containers: [{name: d1, image: y}]}}}}\n"
		"---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
		"---\nfoo: bar\n";
	BW_CLEANUP(k8s_file_freep) struct k8s_file *kf = NULL;
	struct bw_error err = {0};
	bool pod = true;

	assert_int_equal(k8s_file_parse_mem("m.yaml", src, sizeof(src) - 1, &kf, &err), 0);
	assert_int_equal(kf->n_objects, 5);
	assert_int_equal(kf->n_workloads, 3);
	const struct k8s_workload *p = &kf->workloads[0];
	assert_string_equal(p->kind, "Pod");
	assert_int_equal(p->n_containers, 3);
	assert_int_equal(p->containers[0].kind, K8S_INIT_CONTAINER);
	assert_int_equal(p->containers[2].kind, K8S_EPHEMERAL_CONTAINER);
	assert_string_equal(ydoc_str(k8s_sc_get(p, &p->containers[1], "runAsUser", &pod)), "0");
	assert_false(pod);
	assert_string_equal(ydoc_str(k8s_sc_get(p, &p->containers[0], "runAsUser", &pod)), "1000");
	assert_true(pod);
	assert_null(k8s_sc_get(p, &p->containers[0], "privileged", NULL));
	assert_string_equal(kf->workloads[1].kind, "CronJob");
	assert_string_equal(kf->workloads[1].containers[0].name, "j");
	assert_string_equal(kf->workloads[2].name, "d");
}

static void test_k8s_workload_without_template_is_an_error(void **state)
{
	(void)state;
	static const char src[] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
				  "spec: {replicas: 1}\n";
	struct k8s_file *kf = NULL;
	struct bw_error err = {0};

	assert_int_equal(k8s_file_parse_mem("m.yaml", src, sizeof(src) - 1, &kf, &err), -EINVAL);
	assert_null(kf);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "no pod template at 'spec.template'"));
}

static void check_table(const struct bw_ruleset *set)
{
	for (size_t i = 0; i < set->len; i++) {
		const struct bw_rule *r = &set->rules[i];
		assert_true(bw_rule_id_is_valid(r->id));
		assert_true(strncmp(r->id, set->prefix, strlen(set->prefix)) == 0);
		assert_true(r->title[0] && strlen(r->title) <= 72 && r->fix[0] && r->check);
		assert_non_null(r->aliases);
		if (i > 0)
			assert_true(strcmp(set->rules[i - 1].id, r->id) < 0);
	}
}

static void test_image_references_split_as_docker_does(void **state)
{
	(void)state;
	static const struct {
		const char *ref, *registry, *repo, *tag, *digest;
		bool host;
	} cases[] = {
		{"nginx", "docker.io", "library/nginx", "", "", false},
		{"bitnami/nginx:1.27", "docker.io", "bitnami/nginx", "1.27", "", false},
		{"docker.io/redis:7", "docker.io", "library/redis", "7", "", true},
		{"Index.Docker.IO/acme/app", "docker.io", "acme/app", "", "", true},
		{"localhost/app", "localhost", "app", "", "", true},
		{"reg.local:5000/team/app:v1@sha256:ab", "reg.local:5000", "team/app", "v1",
		 "sha256:ab", true},
		{"localhost:5000/x@sha256:cd", "localhost:5000", "x", "", "sha256:cd", true},
	};
	static const char *const bad[] = {"", "app:", "/app", "a//b", "ghcr.io/", "@sha256:ab"};
	struct registry_ref r;

	for (size_t i = 0; i < BW_ARRAY_SIZE(cases); i++) {
		assert_int_equal(registry_ref_parse(cases[i].ref, &r), 0);
		assert_string_equal(r.registry, cases[i].registry);
		assert_string_equal(r.repo, cases[i].repo);
		assert_string_equal(r.tag, cases[i].tag);
		assert_string_equal(r.digest, cases[i].digest);
		assert_int_equal(r.host_given, cases[i].host);
	}
	for (size_t i = 0; i < BW_ARRAY_SIZE(bad); i++)
		assert_int_equal(registry_ref_parse(bad[i], &r), -EINVAL);
}

static bool trusted(const struct bw_config *cfg, const char *ref)
{
	struct registry_ref r;

	assert_int_equal(registry_ref_parse(ref, &r), 0);
	return registry_trusted(cfg, &r);
}

static void test_trusted_registries_match_hosts_wildcards_and_prefixes(void **state)
{
	(void)state;
	char *list[] = {"*.example.com",
			"ghcr.io/acme/",
			"library",
			"acme/tools",
			"Registry-1.Docker.io/library/nginx",
			"quay.io:8443"};
	struct bw_config cfg = {.trusted_registries = list, .n_trusted_registries = 6};
	struct bw_config none = {0}, empty = {.trusted_registries = list};

	assert_true(trusted(&cfg, "reg.example.com/app"));
	assert_true(trusted(&cfg, "a.b.EXAMPLE.com/app"));
	assert_false(trusted(&cfg, "example.com/app"));		 /* subdomains only */
	assert_false(trusted(&cfg, "reg.example.com:5000/app")); /* a port is part of the name */
	assert_true(trusted(&cfg, "ghcr.io/acme/app:1"));
	assert_false(trusted(&cfg, "ghcr.io/acmecorp/app:1")); /* prefixes end at a '/' */
	assert_false(trusted(&cfg, "ghcr.io/app"));
	assert_true(trusted(&cfg, "nginx:1.27"));	/* docker.io/library/nginx */
	assert_false(trusted(&cfg, "nginx/unit:1.32")); /* docker.io/nginx/unit */
	assert_true(trusted(&cfg, "acme/tools/lint"));	/* Docker Hub prefix without a host */
	assert_false(trusted(&cfg, "acme/toolsx"));
	assert_false(trusted(&cfg, "library/redis")); /* "library" is a host name here */
	assert_true(trusted(&cfg, "quay.io:8443/x"));
	assert_false(trusted(&cfg, "quay.io/x"));
	assert_true(trusted(&none, "anything.invalid/x")); /* no list: no policy */
	assert_false(trusted(&empty, "nginx"));		   /* a list without entries */
}

static void test_rule_tables_are_sorted_and_complete(void **state)
{
	(void)state;
	check_table(&compose_ruleset);
	check_table(&k8s_ruleset);
	assert_string_equal(compose_ruleset.kind, "compose");
	assert_string_equal(k8s_ruleset.kind, "k8s");
}

static void test_fix_writes_only_what_an_override_can_set(void **state)
{
	(void)state;
	BW_CLEANUP(compose_file_freep)
	struct compose_file *cf =
		parse_ok("version: \"3.8\"\nservices:\n"
			 "  web:\n    image: x\n    cap_add: [NET_ADMIN]\n"
			 "    ports: [\"8080:80\", \"0.0.0.0::81\", {target: 9, published: 9}]\n"
			 "    security_opt: [no-new-privileges:false]\n"
			 "  done:\n    image: y\n    read_only: true\n    cap_drop: [ALL]\n"
			 "    security_opt: [no-new-privileges]\n    mem_limit: 1g\n");
	struct compose_fix_opts o = {.bind_local = true, .mem = "256m"};
	struct compose_fix fix;
	struct bw_error err = {0};

	assert_int_equal(compose_fix_build(cf, "compose.yaml", &o, &fix, &err), 0);
	const char *y = bw_buf_str(&fix.yaml);
	assert_non_null(strstr(y, "version: \"3.8\"\nservices:\n  \"web\":\n"));
	assert_non_null(strstr(y, "    cap_drop: [\"ALL\"]\n"));
	assert_null(strstr(y, "no-new-privileges:true")); /* false cannot be removed */
	assert_non_null(strstr(y, "    ports: !override [\"127.0.0.1:8080:80\", "
				  "\"127.0.0.1::81\", {target: \"9\", published: \"9\", "
				  "host_ip: \"127.0.0.1\"}]\n"));
	assert_non_null(strstr(y, "    mem_limit: \"256m\"\n"));
	assert_null(strstr(y, "\"done\"")); /* nothing to change there */
	bool kept = false, nnp = false;
	for (size_t i = 0; i < fix.n_notes; i++) {
		kept |= fix.notes[i].changed &&
			strstr(fix.notes[i].text, "keeps cap_add: NET_ADMIN");
		nnp |= !fix.notes[i].changed &&
		       strstr(fix.notes[i].text, "no-new-privileges:false");
	}
	assert_true(kept && nnp);
	compose_fix_release(&fix);

	struct compose_fix_opts bad = {.mem = "1g; rm"};
	assert_int_equal(compose_fix_build(cf, "compose.yaml", &bad, &fix, &err), -EINVAL);
	compose_fix_release(&fix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_content_detection),
		cmocka_unit_test(test_interpolation_forms),
		cmocka_unit_test(test_unknown_top_level_key_suggests),
		cmocka_unit_test(test_extension_keys_and_empty_services),
		cmocka_unit_test(test_legacy_v1_is_recognised),
		cmocka_unit_test(test_service_that_is_not_a_mapping),
		cmocka_unit_test(test_ports_short_and_long),
		cmocka_unit_test(test_volumes_short_and_long),
		cmocka_unit_test(test_environment_list_and_map),
		cmocka_unit_test(test_merge_keys_feed_the_model),
		cmocka_unit_test(test_extends_in_the_same_file),
		cmocka_unit_test(test_extends_errors),
		cmocka_unit_test(test_files_dotenv_extends_include),
		cmocka_unit_test(test_k8s_pod_templates_of_every_kind),
		cmocka_unit_test(test_k8s_workload_without_template_is_an_error),
		cmocka_unit_test(test_fix_writes_only_what_an_override_can_set),
		cmocka_unit_test(test_image_references_split_as_docker_does),
		cmocka_unit_test(test_trusted_registries_match_hosts_wildcards_and_prefixes),
		cmocka_unit_test(test_rule_tables_are_sorted_and_complete),
	};
	return cmocka_run_group_tests_name("compose", tests, NULL, NULL);
}
