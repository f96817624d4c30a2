/* SPDX-License-Identifier: Apache-2.0 */
/* The CIS Docker Benchmark's manual checks: things a person has to judge. With
 * --include-manual each is listed once as INFO, with what bulwark saw to start from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/host-internal.h"
#include "util/banned.h"

#define SUBJ(s) ((const struct host_subject *)(s))

static bool swarm_active(const struct host_facts *f)
{
	const char *st = json_string_value(
		json_object_get(json_object_get(f->info, "Swarm"), "LocalNodeState"));

	return st && strcmp(st, "active") == 0;
}

/* The advice alone: the rule's title says what to review. */
static int check_advice(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return host_report(out, self, SUBJ(subject)->f->socket, "manual check: %s", self->title);
}

/* Swarm advice, only where swarm mode is on. */
static int check_swarm_advice(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!swarm_active(s->f)) {
		*s->na = true;
		return 0;
	}
	return check_advice(self, subject, out);
}

/* The value at `keys` (NULL-terminated path) in GET /swarm, or NULL (worker, old API). */
static const json_t *swarm_get(const struct host_facts *f, const char *const *keys)
{
	const json_t *v = f->swarm;

	for (size_t i = 0; keys[i] && v; i++)
		v = json_object_get(v, keys[i]);
	return v;
}

/* 7.4: how many secrets the swarm holds, where a manager says. */
static int check_swarm_secrets(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!swarm_active(s->f) || s->f->n_secrets < 0)
		return check_swarm_advice(self, subject, out);
	return host_report(out, self, s->f->socket,
			   "manual check: the swarm holds %ld secret(s) in 'docker secret'; keep "
			   "service credentials there, not in environment variables or images",
			   s->f->n_secrets);
}

/* 7.7: the node certificate lifetime the managers hand out. */
static int check_node_cert_expiry(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	static const char *const path[] = {"Spec", "CAConfig", "NodeCertExpiry", NULL};
	const json_t *v = swarm_get(s->f, path);
	json_int_t ns = json_integer_value(v), hours = ns / 3600000000000;

	if (!swarm_active(s->f) || !json_is_integer(v))
		return check_swarm_advice(self, subject, out);
	return host_report(out, self, s->f->socket,
			   "manual check: node certificates are valid for %lld hour(s) (%lld "
			   "day(s), NodeCertExpiry) and renewed before they expire; confirm this "
			   "suits your rotation policy",
			   (long long)hours, (long long)(hours / 24));
}

/* 7.8: when the swarm's root CA expires. */
static int check_ca_expiry(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	time_t t = (time_t)s->f->swarm_ca_expiry;
	struct tm tm;
	char when[32];

	if (!swarm_active(s->f) || !t || !gmtime_r(&t, &tm))
		return check_swarm_advice(self, subject, out);
	(void)strftime(when, sizeof(when), "%Y-%m-%d", &tm);
	return host_report(out, self, s->f->socket,
			   "manual check: the swarm root CA certificate expires on %s; rotate it "
			   "('docker swarm ca --rotate') as your policy requires",
			   when);
}

/* 7.9: the management address and the data path port. */
static int check_data_path(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	static const char *const path[] = {"DataPathPort", NULL};
	const char *addr = json_string_value(
		json_object_get(json_object_get(s->f->info, "Swarm"), "NodeAddr"));
	json_int_t port = json_integer_value(swarm_get(s->f, path));

	if (!swarm_active(s->f) || !s->f->swarm)
		return check_swarm_advice(self, subject, out);
	return host_report(out, self, s->f->socket,
			   "manual check: management traffic uses '%s' (NodeAddr) and overlay "
			   "data travels on UDP port %lld (DataPathPort); confirm the data path "
			   "uses another interface (--data-path-addr)",
			   addr ? addr : "?", (long long)(port ? port : 4789));
}

/* 1.1.2 */
static int check_docker_group(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;

	if (!f->docker_group || !*f->docker_group)
		return host_report(out, self, "/etc/group",
				   "manual check: group 'docker' has no members; review who else "
				   "can reach '%s'",
				   f->socket);
	return host_report(out, self, "/etc/group",
			   "manual check: members of group 'docker' control the daemon (as good "
			   "as root): '%s'",
			   f->docker_group);
}

/* 1.2.2 */
static int check_version(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;
	const char *v = json_string_value(json_object_get(f->version, "Version"));
	const char *api = json_string_value(json_object_get(f->version, "ApiVersion"));

	return host_report(out, self, f->socket,
			   "manual check: the daemon is Docker Engine '%s' (API %s); compare it "
			   "with the current release and your distribution's security updates",
			   v ? v : "?", api ? api : "?");
}

/* 2.1 */
static int check_rootless(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;

	if (f->rootless)
		return host_report(out, self, f->socket,
				   "manual check: the daemon runs rootless as user '%s' "
				   "(SecurityOptions name=rootless); nothing to change",
				   f->daemon_user);
	return host_report(out, self, f->socket,
			   "manual check: the daemon runs as root; consider rootless mode where "
			   "its limits are acceptable");
}

/* 2.8 */
static int check_default_ulimits(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;
	const json_t *v = host_daemon_get(&f->daemon, "default-ulimits");
	char *dump = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	int r;

	r = host_report(out, self, host_daemon_path(f, "default-ulimits"),
			"manual check: default ulimits are %s%s%s; confirm they suit the "
			"workloads",
			dump ? "'" : "", dump ? dump : "not set (the daemon's own)",
			dump ? "'" : "");
	free(dump);
	return r;
}

/* Counts containers for which `pred` holds. */
static size_t count(const struct host_facts *f, bool (*pred)(const struct host_container *))
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_containers; i++)
		n += pred(&f->containers[i]);
	return n;
}

static bool publishes(const struct host_container *ct)
{
	return json_object_size(json_object_get(json_object_get(ct->inspect, "HostConfig"),
						"PortBindings")) > 0;
}

static bool on_default_bridge(const struct host_container *ct)
{
	const char *m = json_string_value(
		json_object_get(json_object_get(ct->inspect, "HostConfig"), "NetworkMode"));

	return m && (strcmp(m, "default") == 0 || strcmp(m, "bridge") == 0);
}

/* True when one of the audited containers was created from the image with id `id`. */
static bool image_used(const struct host_facts *f, const char *id)
{
	for (size_t i = 0; i < f->n_containers; i++) {
		const char *img =
			json_string_value(json_object_get(f->containers[i].inspect, "Image"));
		if (img && strcmp(img, id) == 0)
			return true;
	}
	return false;
}

/* 6.1: images no audited container uses. */
static int check_image_sprawl(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;
	const json_t *img;
	size_t i, unused = 0;

	if (!f->image_list)
		return check_advice(self, subject, out);
	json_array_foreach(f->image_list, i, img)
	{
		const char *id = json_string_value(json_object_get(img, "Id"));
		unused += id && !image_used(f, id);
	}
	return host_report(out, self, f->socket,
			   "manual check: the daemon holds %zu image(s), %zu of them used by none "
			   "of the %zu audited container(s); remove the ones no longer needed",
			   json_array_size(f->image_list), unused, f->n_containers);
}

static bool stopped(const struct host_container *ct)
{
	return !ct->running;
}

/* 6.2: containers, and how many are not running. */
static int check_container_sprawl(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;

	return host_report(out, self, f->socket,
			   "manual check: %zu container(s), %zu of them not running; remove the "
			   "ones no longer needed",
			   f->n_containers, count(f, stopped));
}

/* 5.9 */
static int check_ports(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;

	return host_report(out, self, f->socket,
			   "manual check: %zu of %zu container(s) publish ports; confirm each "
			   "port is needed",
			   count(f, publishes), f->n_containers);
}

/* 5.30 */
static int check_docker0(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_facts *f = SUBJ(subject)->f;

	return host_report(out, self, f->socket,
			   "manual check: %zu of %zu container(s) use the default bridge "
			   "'docker0'; prefer user-defined networks",
			   count(f, on_default_bridge), f->n_containers);
}

/* Sorted by id (strcmp order). */
const struct bw_rule host_manual_rules[] = {
	{
		.id = "CIS-1.1.2",
		.severity = BW_SEV_INFO,
		.title = "Only trusted users may control the Docker daemon",
		.aliases = "",
		.fix = "Keep group 'docker' to the people who may be root on this host.",
		.check = check_docker_group,
	},
	{
		.id = "CIS-1.2.1",
		.severity = BW_SEV_INFO,
		.title = "The container host is hardened",
		.aliases = "",
		.fix = "Harden the host OS (e.g. its own CIS benchmark); run only what hosts "
		       "containers.",
		.check = check_advice,
	},
	{
		.id = "CIS-1.2.2",
		.severity = BW_SEV_INFO,
		.title = "Docker is up to date",
		.aliases = "",
		.fix = "Keep the docker packages updated from your distribution or Docker.",
		.check = check_version,
	},
	{
		.id = "CIS-2.1",
		.severity = BW_SEV_INFO,
		.title = "The Docker daemon runs as a non-root user, if possible",
		.aliases = "",
		.fix = "Consider rootless mode (dockerd-rootless-setuptool.sh install).",
		.check = check_rootless,
	},
	{
		.id = "CIS-2.8",
		.severity = BW_SEV_INFO,
		.title = "Default ulimits are configured appropriately",
		.aliases = "",
		.fix = "Set \"default-ulimits\" in daemon.json when the defaults do not suit.",
		.check = check_default_ulimits,
	},
	{
		.id = "CIS-4.10",
		.severity = BW_SEV_INFO,
		.title = "Secrets are not stored in Dockerfiles",
		.aliases = "",
		.fix = "Run 'bulwark lint' on the Dockerfiles and 'bulwark image' on the images.",
		.check = check_advice,
	},
	{
		.id = "CIS-4.11",
		.severity = BW_SEV_INFO,
		.title = "Only verified packages are installed",
		.aliases = "",
		.fix = "Install packages from signed repositories and verify their checksums.",
		.check = check_advice,
	},
	{
		.id = "CIS-4.12",
		.severity = BW_SEV_INFO,
		.title = "All signed artifacts are validated",
		.aliases = "",
		.fix = "Verify image signatures before deploying them.",
		.check = check_advice,
	},
	{
		.id = "CIS-4.2",
		.severity = BW_SEV_INFO,
		.title = "Containers use only trusted base images",
		.aliases = "",
		.fix = "Pull base images from trusted registries only (trusted_registries in "
		       ".bulwark.yaml).",
		.check = check_advice,
	},
	{
		.id = "CIS-4.3",
		.severity = BW_SEV_INFO,
		.title = "Unnecessary packages are not installed in containers",
		.aliases = "",
		.fix = "Build from minimal bases and install only what the service runs.",
		.check = check_advice,
	},
	{
		.id = "CIS-4.4",
		.severity = BW_SEV_INFO,
		.title = "Images are scanned and rebuilt with security patches",
		.aliases = "",
		.fix = "Scan images with 'bulwark image' and rebuild them on a schedule.",
		.check = check_advice,
	},
	{
		.id = "CIS-4.7",
		.severity = BW_SEV_INFO,
		.title = "Update instructions are not used alone in Dockerfiles",
		.aliases = "",
		.fix = "Combine 'apt-get update' with the install in one RUN ('bulwark lint').",
		.check = check_advice,
	},
	{
		.id = "CIS-4.8",
		.severity = BW_SEV_INFO,
		.title = "setuid and setgid permissions are removed from images",
		.aliases = "",
		.fix = "Remove setuid/setgid bits the service does not need in the image build.",
		.check = check_advice,
	},
	{
		.id = "CIS-4.9",
		.severity = BW_SEV_INFO,
		.title = "COPY is used instead of ADD in Dockerfiles",
		.aliases = "",
		.fix = "Use COPY unless ADD's archive extraction is needed ('bulwark lint').",
		.check = check_advice,
	},
	{
		.id = "CIS-5.19",
		.severity = BW_SEV_INFO,
		.title = "Default ulimits are overridden only when needed",
		.aliases = "",
		.fix = "Use --ulimit only for containers that need other limits.",
		.check = check_advice,
	},
	{
		.id = "CIS-5.24",
		.severity = BW_SEV_INFO,
		.title = "docker exec is not used with --user root",
		.aliases = "",
		.fix = "Do not run 'docker exec --user root' (or 0) on running containers.",
		.check = check_advice,
	},
	{
		.id = "CIS-5.28",
		.severity = BW_SEV_INFO,
		.title = "Docker commands use the latest version of their image",
		.aliases = "",
		.fix = "Pull images by digest or pull before running, so no stale image runs.",
		.check = check_advice,
	},
	{
		.id = "CIS-5.30",
		.severity = BW_SEV_INFO,
		.title = "The default bridge docker0 is not used",
		.aliases = "",
		.fix = "Attach containers to user-defined networks.",
		.check = check_docker0,
	},
	{
		.id = "CIS-5.9",
		.severity = BW_SEV_INFO,
		.title = "Only needed ports are open on containers",
		.aliases = "",
		.fix = "Publish only the ports a service must offer.",
		.check = check_ports,
	},
	{
		.id = "CIS-6.1",
		.severity = BW_SEV_INFO,
		.title = "Image sprawl is avoided",
		.aliases = "",
		.fix = "Remove images nothing runs ('docker image prune -a' after review).",
		.check = check_image_sprawl,
	},
	{
		.id = "CIS-6.2",
		.severity = BW_SEV_INFO,
		.title = "Container sprawl is avoided",
		.aliases = "",
		.fix = "Remove stopped containers that are not needed ('docker container prune').",
		.check = check_container_sprawl,
	},
	{
		.id = "CIS-7.4",
		.severity = BW_SEV_INFO,
		.title = "Swarm secrets are managed with docker secret",
		.aliases = "",
		.fix = "Keep service secrets in 'docker secret', not in environment or images.",
		.check = check_swarm_secrets,
	},
	{
		.id = "CIS-7.6",
		.severity = BW_SEV_INFO,
		.title = "The swarm auto-lock key is rotated periodically",
		.aliases = "",
		.fix = "Run 'docker swarm unlock-key --rotate' on a schedule.",
		.check = check_swarm_advice,
	},
	{
		.id = "CIS-7.7",
		.severity = BW_SEV_INFO,
		.title = "Node certificates are rotated as appropriate",
		.aliases = "",
		.fix = "Set 'docker swarm update --cert-expiry' to your rotation period.",
		.check = check_node_cert_expiry,
	},
	{
		.id = "CIS-7.8",
		.severity = BW_SEV_INFO,
		.title = "CA certificates are rotated as appropriate",
		.aliases = "",
		.fix = "Run 'docker swarm ca --rotate' on a schedule.",
		.check = check_ca_expiry,
	},
	{
		.id = "CIS-7.9",
		.severity = BW_SEV_INFO,
		.title = "Management plane traffic is separated from data plane traffic",
		.aliases = "",
		.fix = "Join with --data-path-addr on a different interface than "
		       "--advertise-addr.",
		.check = check_data_path,
	},
};
const size_t host_manual_rules_len = sizeof(host_manual_rules) / sizeof(host_manual_rules[0]);

const struct bw_ruleset host_manual_ruleset = {
	.name = "host-manual",
	.kind = "host-manual",
	.prefix = "CIS-",
	.rules = host_manual_rules,
	.len = sizeof(host_manual_rules) / sizeof(host_manual_rules[0]),
};
