/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for host/: the dockerd command line and daemon.json merge, audit rule parsing,
 * the CIS rule tables, and checks that must respect what the host and daemon really do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "host/host-internal.h"
#include "host/host.h"

/* A command line as /proc/PID/cmdline holds it: words, each NUL-terminated. */
#define CMDLINE(s) s, sizeof(s) - 1

static void test_cmdline_flags_take_daemon_json_keys_and_types(void **state)
{
	(void)state;
	static const char cmd[] = "/usr/bin/dockerd\0--icc=false\0-H\0unix:///a.sock\0"
				  "--host=tcp://0.0.0.0:2376\0--log-level\0debug\0-D\0"
				  "--insecure-registry\0r1:5000\0--insecure-registry=r2\0"
				  "--live-restore\0--userland-proxy=false\0--data-root=/srv/d\0"
				  "--containerd\0/run/c.sock\0--config-file=/etc/x.json\0";
	struct host_daemon d = {0};

	assert_int_equal(host_daemon_parse_cmdline(&d, CMDLINE(cmd)), 0);
	assert_int_equal(host_daemon_merge(&d), 0);
	assert_true(json_is_false(json_object_get(d.flags, "icc")));
	assert_int_equal(json_array_size(json_object_get(d.flags, "hosts")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d.flags, "hosts"), 1)),
			    "tcp://0.0.0.0:2376");
	assert_string_equal(host_daemon_string(&d, "log-level"), "debug");
	assert_true(host_daemon_bool(&d, "debug", false));
	assert_int_equal(json_array_size(json_object_get(d.flags, "insecure-registries")), 2);
	assert_true(host_daemon_bool(&d, "live-restore", false));
	assert_false(host_daemon_bool(&d, "userland-proxy", true));
	assert_string_equal(host_daemon_string(&d, "data-root"), "/srv/d");
	assert_string_equal(host_daemon_string(&d, "containerd"), "/run/c.sock");
	assert_string_equal(host_daemon_string(&d, "config-file"), "/etc/x.json");
	host_daemon_release(&d);
}

static void test_cmdline_bool_flag_never_takes_the_next_word(void **state)
{
	(void)state;
	/* pflag reads "--iptables false" as --iptables=true and a stray argument */
	static const char cmd[] =
		"dockerd\0--iptables\0false\0-Hunix:///x\0-H=unix:///y\0-Dl\0warn\0";
	struct host_daemon d = {0};

	assert_int_equal(host_daemon_parse_cmdline(&d, CMDLINE(cmd)), 0);
	assert_int_equal(host_daemon_merge(&d), 0);
	assert_true(host_daemon_bool(&d, "iptables", false));
	assert_true(host_daemon_bool(&d, "debug", false));
	assert_string_equal(host_daemon_string(&d, "log-level"), "warn");
	const json_t *hosts = host_daemon_get(&d, "hosts");
	assert_int_equal(json_array_size(hosts), 2);
	assert_string_equal(json_string_value(json_array_get(hosts, 0)), "unix:///x");
	assert_string_equal(json_string_value(json_array_get(hosts, 1)), "unix:///y");
	host_daemon_release(&d);
}

static void test_command_line_overrides_daemon_json_and_says_where(void **state)
{
	(void)state;
	static const char json[] = "{\"icc\": true, \"log-driver\": \"syslog\", "
				   "\"no-new-privileges\": true, \"live-restore\": \"false\"}";
	static const char cmd[] = "dockerd\0--icc=false\0";
	struct host_daemon d = {0};

	assert_int_equal(host_daemon_parse_cmdline(&d, CMDLINE(cmd)), 0);
	assert_int_equal(host_daemon_parse_json(&d, "/etc/docker/daemon.json", json, strlen(json)),
			 0);
	d.cmdline_path = strdup("/proc/42/cmdline");
	assert_non_null(d.cmdline_path);
	assert_int_equal(host_daemon_merge(&d), 0);
	assert_null(d.json_error);
	assert_false(host_daemon_bool(&d, "icc", true));
	assert_string_equal(host_daemon_where(&d, "icc"), "/proc/42/cmdline");
	assert_string_equal(host_daemon_string(&d, "log-driver"), "syslog");
	assert_string_equal(host_daemon_where(&d, "log-driver"), "/etc/docker/daemon.json");
	assert_true(host_daemon_bool(&d, "no-new-privileges", false));
	assert_false(host_daemon_bool(&d, "live-restore", true)); /* a string, read as bool */
	assert_null(host_daemon_where(&d, "userns-remap"));
	assert_null(host_daemon_get(&d, "userns-remap"));
	host_daemon_release(&d);
}

static void test_broken_daemon_json_is_recorded_and_flags_still_apply(void **state)
{
	(void)state;
	static const char json[] = "{\"icc\": false,\n \"log-driver\": }";
	static const char cmd[] = "dockerd\0--no-new-privileges\0";
	struct host_daemon d = {0};

	assert_int_equal(host_daemon_parse_cmdline(&d, CMDLINE(cmd)), 0);
	assert_int_equal(host_daemon_parse_json(&d, "/etc/docker/daemon.json", json, strlen(json)),
			 0);
	assert_int_equal(host_daemon_merge(&d), 0);
	assert_non_null(d.json_error);
	assert_non_null(strstr(d.json_error, "line 2"));
	assert_true(host_daemon_bool(&d, "icc", true)); /* the file's value is not used */
	assert_true(host_daemon_bool(&d, "no-new-privileges", false));
	host_daemon_release(&d);

	static const char arr[] = "[1, 2]";
	assert_int_equal(host_daemon_parse_json(&d, "x.json", arr, strlen(arr)), 0);
	assert_non_null(d.json_error);
	host_daemon_release(&d);
}

static void test_audit_rules_cover_watched_trees_and_exact_paths(void **state)
{
	(void)state;
	static const char rules[] = "# -w /etc/docker -k docker\n"
				    "-w /usr/bin/dockerd -p wa -k docker\n"
				    "-a always,exit -F path=/run/containerd -F perm=war -k docker\n"
				    "-a never,exit -F dir=/etc/docker\n"
				    "-a exit,always -F dir=/var/lib/docker/ -k docker\n"
				    "-b 8192\n";
	struct host_audit a = {0};

	assert_int_equal(host_audit_parse(&a, rules), 0);
	assert_true(host_audit_covers(&a, "/usr/bin/dockerd", NULL));
	assert_false(host_audit_covers(&a, "/usr/sbin/dockerd", NULL));
	assert_true(host_audit_covers(&a, "/usr/sbin/dockerd", "/usr/bin/dockerd"));
	assert_true(host_audit_covers(&a, "/run/containerd", NULL));
	assert_true(host_audit_covers(&a, "/var/run/containerd", NULL));
	assert_false(host_audit_covers(&a, "/run/containerd/containerd.sock", NULL));
	assert_true(host_audit_covers(&a, "/var/lib/docker", NULL));
	assert_true(host_audit_covers(&a, "/var/lib/docker/overlay2", NULL));
	assert_false(host_audit_covers(&a, "/var/lib/dockerx", NULL));
	assert_false(host_audit_covers(&a, "/etc/docker", NULL));
	host_audit_release(&a);
}

static void check_table(const struct bw_rule *rules, size_t n, bool manual)
{
	for (size_t i = 0; i < n; i++) {
		const struct bw_rule *r = &rules[i];
		const char *p = r->id + 4;

		assert_memory_equal(r->id, "CIS-", 4);
		assert_true(*p >= '1' && *p <= '9');
		for (; *p; p++)
			assert_true((*p >= '0' && *p <= '9') || (*p == '.' && p[1] && p[1] != '.'));
		assert_true(r->title[0] && strlen(r->title) <= 72);
		assert_true(r->fix[0] && r->check);
		assert_true(manual ? r->severity == BW_SEV_INFO : r->severity > BW_SEV_UNKNOWN);
		if (i > 0)
			assert_true(strcmp(rules[i - 1].id, r->id) < 0);
	}
}

static void test_rule_tables_are_sorted_unique_and_complete(void **state)
{
	(void)state;
	const struct bw_ruleset *sets[] = {&host_ruleset, &host_container_ruleset,
					   &host_image_ruleset, &host_manual_ruleset};

	for (size_t s = 0; s < 4; s++)
		check_table(sets[s]->rules, sets[s]->len, sets[s] == &host_manual_ruleset);
	for (size_t s = 0; s < 4; s++)
		for (size_t t = s + 1; t < 4; t++)
			for (size_t i = 0; i < sets[s]->len; i++)
				for (size_t k = 0; k < sets[t]->len; k++)
					assert_string_not_equal(sets[s]->rules[i].id,
								sets[t]->rules[k].id);
}

static void test_section_values(void **state)
{
	(void)state;
	assert_true(host_section_is_valid("5"));
	assert_true(host_section_is_valid("2.13"));
	assert_true(host_section_is_valid("1.1.3"));
	assert_true(host_section_is_valid("7"));
	assert_true(host_section_is_valid("6"));  /* manual checks only */
	assert_false(host_section_is_valid("8")); /* no checks there */
	assert_false(host_section_is_valid("5."));
	assert_false(host_section_is_valid(".5"));
	assert_false(host_section_is_valid("5..2"));
	assert_false(host_section_is_valid("x"));
	assert_false(host_section_is_valid(""));
	assert_false(host_section_is_valid("5.99"));
}

/* --- checks on fabricated facts ---------------------------------------------------------- */

static const struct bw_rule *rule(const char *id)
{
	const struct bw_ruleset *sets[] = {&host_ruleset, &host_container_ruleset,
					   &host_image_ruleset, &host_manual_ruleset};

	for (size_t s = 0; s < 4; s++)
		for (size_t i = 0; i < sets[s]->len; i++)
			if (strcmp(sets[s]->rules[i].id, id) == 0)
				return &sets[s]->rules[i];
	fail_msg("no rule %s", id);
	return NULL;
}

/* Runs a container rule on every container of f; returns the findings' count and leaves
 * their paths in r. */
static size_t run_on_containers(const char *id, struct host_facts *f, struct bw_report *r,
				size_t *ret_na)
{
	const struct bw_rule *ru = rule(id);
	size_t na = 0;

	bw_report_init(r);
	for (size_t i = 0; i < f->n_containers; i++) {
		bool flag = false;
		struct host_subject s = {.f = f, .ct = &f->containers[i], .na = &flag};
		assert_int_equal(ru->check(ru, &s, r), 0);
		na += flag;
	}
	if (ret_na)
		*ret_na = na;
	return r->len;
}

static void add_container(struct host_facts *f, const char *name, const char *inspect)
{
	json_error_t e;
	json_t *j = json_loads(inspect, 0, &e);

	assert_non_null(j);
	f->containers = realloc(f->containers, (f->n_containers + 1) * sizeof(*f->containers));
	assert_non_null(f->containers);
	struct host_container *ct = &f->containers[f->n_containers++];
	*ct = (struct host_container){.id = name, .name = name, .inspect = j};
	ct->running = json_is_true(json_object_get(json_object_get(j, "State"), "Running"));
}

static void set_info(struct host_facts *f, const char *info)
{
	f->info = json_loads(info, 0, NULL);
	assert_non_null(f->info);
	f->socket = "/var/run/docker.sock";
}

static void test_no_mac_on_the_host_is_one_host_level_finding(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;
	size_t na;

	set_info(&f, "{\"SecurityOptions\": [\"name=seccomp,profile=default\"]}");
	add_container(&f, "a", "{\"AppArmorProfile\": \"\", \"HostConfig\": {}}");
	add_container(&f, "b", "{\"AppArmorProfile\": \"\", \"HostConfig\": {}}");
	add_container(&f, "c", "{\"AppArmorProfile\": \"\", \"HostConfig\": {}}");
	assert_int_equal(run_on_containers("CIS-5.2", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "/sys/kernel/security");
	assert_non_null(strstr(r.findings[0].message, "3 container(s)"));
	assert_int_equal(na, 2);
	bw_report_release(&r);

	/* with AppArmor in the daemon, each unconfined container is named */
	json_decref(f.info);
	set_info(&f,
		 "{\"SecurityOptions\": [\"name=apparmor\", \"name=seccomp,profile=default\"]}");
	json_object_set_new(f.containers[1].inspect, "AppArmorProfile",
			    json_string("docker-default"));
	assert_int_equal(run_on_containers("CIS-5.2", &f, &r, &na), 2);
	assert_string_equal(r.findings[0].path, "a");
	assert_string_equal(r.findings[1].path, "c");
	bw_report_release(&r);
	host_facts_release(&f);
}

/* Runs a host-level rule once on f; returns the findings' count, *ret_na whether it said it
 * does not apply. */
static size_t run_on_host(const char *id, struct host_facts *f, struct bw_report *r, bool *ret_na)
{
	const struct bw_rule *ru = rule(id);
	bool na = false;
	struct host_subject s = {.f = f, .na = &na};

	bw_report_init(r);
	assert_int_equal(ru->check(ru, &s, r), 0);
	if (ret_na)
		*ret_na = na;
	return r->len;
}

static void set_file(struct host_file *file, const char *path, unsigned uid, unsigned mode)
{
	free(file->path);
	*file = (struct host_file){.path = strdup(path), .exists = true, .uid = uid, .mode = mode};
	assert_non_null(file->path);
	(void)snprintf(file->user, sizeof(file->user), "%u", uid);
	(void)snprintf(file->group, sizeof(file->group), "%u", uid);
}

static void test_rootless_daemon_files_belong_to_its_user(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;
	bool na;

	set_info(&f, "{\"SecurityOptions\": [\"name=seccomp,profile=default\", "
		     "\"name=rootless\"]}");
	f.rootless = true;
	f.daemon_uid = 1000;
	(void)snprintf(f.daemon_user, sizeof(f.daemon_user), "alice");
	set_file(&f.files[HOST_F_DOCKER_SOCK], "/run/user/1000/docker.sock", 1000, 01660);
	set_file(&f.files[HOST_F_DAEMON_JSON], "/home/alice/.config/docker/daemon.json", 0, 0644);
	assert_int_equal(run_on_host("CIS-3.15", &f, &r, &na), 0);
	assert_false(na);
	bw_report_release(&r);
	/* dockerd sets the sticky bit on its sockets: no permission, no finding */
	assert_int_equal(run_on_host("CIS-3.16", &f, &r, NULL), 0);
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-3.17", &f, &r, NULL), 1);
	assert_string_equal(r.findings[0].message,
			    "owned by '0:0', not by 'alice', the user the rootless daemon runs as");
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-2.9", &f, &r, NULL), 0);
	bw_report_release(&r);

	/* the same files under a root daemon: root:docker and root:root are expected */
	f.rootless = false;
	f.daemon_uid = 0;
	assert_int_equal(run_on_host("CIS-3.15", &f, &r, NULL), 1);
	assert_string_equal(r.findings[0].message, "owned by '1000:1000', not 'root:docker'");
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-3.17", &f, &r, NULL), 0);
	bw_report_release(&r);
	f.files[HOST_F_DOCKER_SOCK].mode = 0666;
	assert_int_equal(run_on_host("CIS-3.16", &f, &r, NULL), 1);
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_swarm_manual_checks_quote_the_swarm(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;

	set_info(&f, "{\"Swarm\": {\"LocalNodeState\": \"active\", \"NodeAddr\": "
		     "\"10.0.0.5\", \"ControlAvailable\": true}}");
	f.swarm = json_loads("{\"Spec\": {\"CAConfig\": {\"NodeCertExpiry\": "
			     "172800000000000}}, \"DataPathPort\": 0}",
			     0, NULL);
	assert_non_null(f.swarm);
	f.n_secrets = 2;
	f.swarm_ca_expiry = 2000000000; /* 2033-05-18 03:33:20 UTC */
	assert_int_equal(run_on_host("CIS-7.4", &f, &r, NULL), 1);
	assert_non_null(strstr(r.findings[0].message, "holds 2 secret(s)"));
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-7.7", &f, &r, NULL), 1);
	assert_non_null(strstr(r.findings[0].message, "valid for 48 hour(s) (2 day(s)"));
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-7.8", &f, &r, NULL), 1);
	assert_non_null(strstr(r.findings[0].message, "expires on 2033-05-18;"));
	bw_report_release(&r);
	/* DataPathPort 0 means the default, 4789 */
	assert_int_equal(run_on_host("CIS-7.9", &f, &r, NULL), 1);
	assert_non_null(strstr(r.findings[0].message, "uses '10.0.0.5' (NodeAddr)"));
	assert_non_null(strstr(r.findings[0].message, "UDP port 4789"));
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_daemon_no_new_privileges_default_covers_containers(void **state)
{
	(void)state;
	static const char cmd[] = "dockerd\0--no-new-privileges\0";
	struct host_facts f = {0};
	struct bw_report r;

	set_info(&f, "{}");
	add_container(&f, "plain", "{\"HostConfig\": {\"SecurityOpt\": null}}");
	add_container(&f, "optout",
		      "{\"HostConfig\": {\"SecurityOpt\": [\"no-new-privileges=false\"]}}");
	add_container(&f, "optin", "{\"HostConfig\": {\"SecurityOpt\": [\"no-new-privileges\"]}}");
	assert_int_equal(run_on_containers("CIS-5.26", &f, &r, NULL), 2);
	assert_string_equal(r.findings[0].path, "plain");
	assert_string_equal(r.findings[1].path, "optout");
	bw_report_release(&r);

	assert_int_equal(host_daemon_parse_cmdline(&f.daemon, CMDLINE(cmd)), 0);
	assert_int_equal(host_daemon_merge(&f.daemon), 0);
	assert_int_equal(run_on_containers("CIS-5.26", &f, &r, NULL), 1);
	assert_string_equal(r.findings[0].path, "optout");
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_sshd_is_read_from_the_container_process_list_only(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;
	size_t na;

	set_info(&f, "{}");
	add_container(&f, "stopped", "{\"State\": {\"Running\": false}, \"HostConfig\": {}}");
	add_container(&f, "hostpid",
		      "{\"State\": {\"Running\": true}, \"HostConfig\": {\"PidMode\": \"host\"}}");
	add_container(&f, "ssh", "{\"State\": {\"Running\": true}, \"HostConfig\": {}}");
	f.containers[1].top = json_loads("{\"Titles\": [\"UID\", \"PID\", \"CMD\"], \"Processes\": "
					 "[[\"root\", \"7\", \"sleep 100\"]]}",
					 0, NULL);
	f.containers[2].top = json_loads("{\"Titles\": [\"UID\", \"PID\", \"CMD\"], \"Processes\": "
					 "[[\"root\", \"9\", \"/usr/sbin/sshd -D\"]]}",
					 0, NULL);
	assert_int_equal(run_on_containers("CIS-5.7", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "ssh");
	assert_non_null(strstr(r.findings[0].message, "/usr/sbin/sshd -D"));
	assert_int_equal(na, 1); /* the stopped one */
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_port_checks_read_bindings_and_ignore_host_network(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;

	set_info(&f, "{}");
	add_container(&f, "web",
		      "{\"HostConfig\": {\"PortBindings\": {\"80/tcp\": [{\"HostIp\": \"\", "
		      "\"HostPort\": \"80\"}], \"443/tcp\": [{\"HostIp\": \"127.0.0.1\", "
		      "\"HostPort\": \"8443\"}], \"53/udp\": [{\"HostIp\": \"::\", \"HostPort\": "
		      "\"\"}]}}}");
	add_container(&f, "hostnet",
		      "{\"HostConfig\": {\"NetworkMode\": \"host\", "
		      "\"PortBindings\": {\"80/tcp\": [{\"HostPort\": \"80\"}]}}}");
	assert_int_equal(run_on_containers("CIS-5.8", &f, &r, NULL), 1);
	assert_string_equal(r.findings[0].path, "web");
	bw_report_release(&r);
	assert_int_equal(run_on_containers("CIS-5.14", &f, &r, NULL), 2);
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_docker_socket_and_its_folder_are_found(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;

	set_info(&f, "{}");
	f.files[HOST_F_DOCKER_SOCK].path = strdup("/var/run/docker.sock");
	f.files[HOST_F_DOCKER_SOCK].real = strdup("/run/docker.sock");
	add_container(&f, "sock",
		      "{\"Mounts\": [{\"Type\": \"bind\", \"Source\": "
		      "\"/run/docker.sock\", \"Destination\": \"/d.sock\"}]}");
	add_container(&f, "dir",
		      "{\"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/var/run/\", "
		      "\"Destination\": \"/host-run\"}]}");
	add_container(&f, "vol",
		      "{\"Mounts\": [{\"Type\": \"volume\", \"Source\": "
		      "\"/var/lib/docker/volumes/x/_data\", \"Destination\": \"/x\"}]}");
	assert_int_equal(run_on_containers("CIS-5.32", &f, &r, NULL), 2);
	assert_string_equal(r.findings[0].path, "sock");
	assert_string_equal(r.findings[1].path, "dir");
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_limits_the_daemon_cannot_enforce_are_one_daemon_finding(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;
	size_t na;

	set_info(&f, "{\"MemoryLimit\": false, \"PidsLimit\": true, \"CpuShares\": false, "
		     "\"CpuCfsQuota\": true}");
	add_container(&f, "a", "{\"HostConfig\": {\"Memory\": 0, \"PidsLimit\": 0}}");
	add_container(&f, "b", "{\"HostConfig\": {\"Memory\": 67108864, \"PidsLimit\": 64}}");
	assert_int_equal(run_on_containers("CIS-5.11", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "/var/run/docker.sock");
	assert_string_equal(r.findings[0].message,
			    "the daemon cannot enforce memory limits (/info MemoryLimit=false): 2 "
			    "container(s) run without one");
	assert_int_equal(na, 1);
	bw_report_release(&r);
	/* PIDs limits work: the container without one is named */
	assert_int_equal(run_on_containers("CIS-5.29", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "a");
	bw_report_release(&r);
	/* one CPU control is enough (CpuCfsQuota): per container again */
	assert_int_equal(run_on_containers("CIS-5.12", &f, &r, &na), 2);
	assert_string_equal(r.findings[0].path, "a");
	bw_report_release(&r);
	/* an /info without the keys (older daemons) is not read as "cannot" */
	json_decref(f.info);
	set_info(&f, "{}");
	assert_int_equal(run_on_containers("CIS-5.11", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "a");
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_namespaces_private_to_a_rootless_daemon_do_not_apply(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;
	size_t na;

	set_info(&f, "{}");
	add_container(&f, "risky",
		      "{\"HostConfig\": {\"NetworkMode\": \"host\", \"PidMode\": \"host\", "
		      "\"UsernsMode\": \"host\"}}");
	add_container(&f, "plain", "{\"HostConfig\": {\"NetworkMode\": \"none\"}}");
	f.rootless = true;
	f.private_ns[HOST_NS_PID] = true;
	f.private_ns[HOST_NS_USER] = true;
	assert_int_equal(run_on_containers("CIS-5.10", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "risky");
	assert_int_equal(na, 0);
	bw_report_release(&r);
	assert_int_equal(run_on_containers("CIS-5.16", &f, &r, &na), 0);
	assert_int_equal(na, 2);
	bw_report_release(&r);
	assert_int_equal(run_on_containers("CIS-5.31", &f, &r, &na), 0);
	assert_int_equal(na, 2);
	bw_report_release(&r);
	/* the same containers under a daemon in the host's namespaces */
	f.private_ns[HOST_NS_PID] = false;
	assert_int_equal(run_on_containers("CIS-5.16", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "risky");
	bw_report_release(&r);
	host_facts_release(&f);
}

static void test_audit_rules_watching_nothing_are_one_finding(void **state)
{
	(void)state;
	struct host_facts f = {0};
	struct bw_report r;
	bool na;

	set_info(&f, "{}");
	set_file(&f.files[HOST_F_DOCKERD], "/usr/sbin/dockerd", 0, 0755);
	set_file(&f.files[HOST_F_DAEMON_JSON], "/etc/docker/daemon.json", 0, 0644);
	f.audit.source = strdup("'auditctl -l'");
	assert_non_null(f.audit.source);
	assert_int_equal(host_audit_parse(&f.audit, "No rules\n"), 0);
	assert_int_equal(run_on_host("CIS-1.1.3", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "/etc/audit/rules.d");
	assert_string_equal(r.findings[0].message,
			    "no audit rule watches any file (rules from 'auditctl -l'): no docker "
			    "file is audited, starting with '/usr/sbin/dockerd'");
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-1.1.11", &f, &r, &na), 0);
	assert_true(na);
	bw_report_release(&r);
	/* one watch: each unwatched file is named */
	assert_int_equal(host_audit_parse(&f.audit, "-w /etc/docker -p wa -k docker\n"), 0);
	assert_int_equal(run_on_host("CIS-1.1.3", &f, &r, &na), 1);
	assert_string_equal(r.findings[0].path, "/usr/sbin/dockerd");
	bw_report_release(&r);
	assert_int_equal(run_on_host("CIS-1.1.11", &f, &r, &na), 0);
	assert_false(na);
	bw_report_release(&r);
	host_facts_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_flags_take_daemon_json_keys_and_types),
		cmocka_unit_test(test_cmdline_bool_flag_never_takes_the_next_word),
		cmocka_unit_test(test_command_line_overrides_daemon_json_and_says_where),
		cmocka_unit_test(test_broken_daemon_json_is_recorded_and_flags_still_apply),
		cmocka_unit_test(test_audit_rules_cover_watched_trees_and_exact_paths),
		cmocka_unit_test(test_rule_tables_are_sorted_unique_and_complete),
		cmocka_unit_test(test_section_values),
		cmocka_unit_test(test_no_mac_on_the_host_is_one_host_level_finding),
		cmocka_unit_test(test_daemon_no_new_privileges_default_covers_containers),
		cmocka_unit_test(test_sshd_is_read_from_the_container_process_list_only),
		cmocka_unit_test(test_port_checks_read_bindings_and_ignore_host_network),
		cmocka_unit_test(test_docker_socket_and_its_folder_are_found),
		cmocka_unit_test(test_rootless_daemon_files_belong_to_its_user),
		cmocka_unit_test(test_swarm_manual_checks_quote_the_swarm),
		cmocka_unit_test(test_limits_the_daemon_cannot_enforce_are_one_daemon_finding),
		cmocka_unit_test(test_namespaces_private_to_a_rootless_daemon_do_not_apply),
		cmocka_unit_test(test_audit_rules_watching_nothing_are_one_finding),
	};
	return cmocka_run_group_tests_name("host", tests, NULL, NULL);
}
