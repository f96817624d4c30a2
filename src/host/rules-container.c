/* SPDX-License-Identifier: Apache-2.0 */
/* CIS Docker Benchmark checks run once per container (4.1 and section 5), on the inspect
 * JSON the daemon returned. What the host cannot do at all (no AppArmor, no seccomp) is
 * reported once, on the first container, instead of once per container. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "host/host-internal.h"
#include "util/str.h"
#include "util/banned.h"

#define SUBJ(s) ((const struct host_subject *)(s))

static const json_t *hostconfig(const struct host_container *ct)
{
	return json_object_get(ct->inspect, "HostConfig");
}

static const char *hc_str(const struct host_container *ct, const char *key)
{
	const char *s = json_string_value(json_object_get(hostconfig(ct), key));

	return s ? s : "";
}

static json_int_t hc_int(const struct host_container *ct, const char *key)
{
	return json_integer_value(json_object_get(hostconfig(ct), key));
}

/* True when HostConfig.SecurityOpt holds `opt` written with '=' or ':' ("seccomp=x"). */
static bool has_secopt(const struct host_container *ct, const char *name, const char *value)
{
	const json_t *opts = json_object_get(hostconfig(ct), "SecurityOpt");
	size_t i, n = strlen(name);
	const json_t *o;

	json_array_foreach(opts, i, o)
	{
		const char *s = json_string_value(o);
		if (!s || strncmp(s, name, n) != 0)
			continue;
		if (!value && s[n] == '\0')
			return true;
		if (value && (s[n] == '=' || s[n] == ':') && strcmp(s + n + 1, value) == 0)
			return true;
	}
	return false;
}

/* True when `ct` is the first container of the audit: host-level findings go there. */
static bool first_container(const struct host_subject *s)
{
	return s->f->n_containers && s->ct == &s->f->containers[0];
}

/* 4.1: the container's process user. */
static int check_user(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const char *user =
		json_string_value(json_object_get(json_object_get(ct->inspect, "Config"), "User"));
	char name[256];

	if (!user || !*user)
		return host_report(out, self, ct->name,
				   "runs as root (Config.User is empty: no --user and no USER in "
				   "the image)");
	(void)snprintf(name, sizeof(name), "%.*s", (int)strcspn(user, ":"), user);
	if (strcmp(name, "root") == 0 || strcmp(name, "0") == 0)
		return host_report(out, self, ct->name, "runs as root (Config.User='%s')", user);
	return 0;
}

/* 5.2: AppArmor, when the daemon uses it; once at host level when the host has no MAC. */
static int check_apparmor(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const char *profile = json_string_value(json_object_get(s->ct->inspect, "AppArmorProfile"));

	if (host_info_has_secopt(s->f, "apparmor")) {
		if (!profile || !*profile || strcmp(profile, "unconfined") == 0)
			return host_report(
				out, self, s->ct->name,
				"runs without an AppArmor profile (AppArmorProfile='%s')",
				profile ? profile : "");
		return 0;
	}
	if (host_info_has_secopt(s->f, "selinux") || !first_container(s)) {
		*s->na = true;
		return 0;
	}
	if (s->f->kernel_apparmor)
		return host_report(out, self, "/sys/kernel/security",
				   "the kernel has AppArmor but the docker daemon does not use it: "
				   "%zu container(s) run without an AppArmor profile",
				   s->f->n_containers);
	return host_report(out, self, "/sys/kernel/security",
			   "neither AppArmor nor SELinux is enabled on this host: %zu "
			   "container(s) run without a mandatory access control profile",
			   s->f->n_containers);
}

/* 5.3: SELinux options, when the daemon runs with SELinux support. */
static int check_selinux(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const char *label = json_string_value(json_object_get(s->ct->inspect, "ProcessLabel"));

	if (host_info_has_secopt(s->f, "selinux")) {
		if (has_secopt(s->ct, "label", "disable"))
			return host_report(out, self, s->ct->name,
					   "disables SELinux labelling (HostConfig.SecurityOpt "
					   "'label=disable')");
		if (!label || !*label)
			return host_report(
				out, self, s->ct->name,
				"runs without an SELinux process label (ProcessLabel='')");
		return 0;
	}
	if (s->f->kernel_selinux && first_container(s))
		return host_report(out, self, "/sys/fs/selinux",
				   "the kernel has SELinux but the docker daemon runs without "
				   "'selinux-enabled': %zu container(s) have no SELinux label",
				   s->f->n_containers);
	*s->na = true;
	return 0;
}

/* The capabilities Docker grants by default; adding them changes nothing. */
static bool default_cap(const char *cap)
{
	static const char *const caps[] = {
		"AUDIT_WRITE", "CHOWN",	  "DAC_OVERRIDE",     "FOWNER",	    "FSETID",
		"KILL",	       "MKNOD",	  "NET_BIND_SERVICE", "NET_RAW",    "SETFCAP",
		"SETGID",      "SETPCAP", "SETUID",	      "SYS_CHROOT",
	};

	if (strncasecmp(cap, "CAP_", 4) == 0)
		cap += 4;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (strcasecmp(cap, caps[i]) == 0)
			return true;
	return false;
}

/* 5.4: capabilities added beyond Docker's default set. */
static int check_caps(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *add = json_object_get(hostconfig(ct), "CapAdd"), *c;
	char list[1024] = "";
	size_t i, len = 0;

	json_array_foreach(add, i, c)
	{
		const char *cap = json_string_value(c);
		if (!cap || default_cap(cap))
			continue;
		int n = snprintf(list + len, sizeof(list) - len, "%s%s", len ? "," : "", cap);
		if (n < 0 || (size_t)n >= sizeof(list) - len)
			break;
		len += (size_t)n;
	}
	if (len)
		return host_report(out, self, ct->name,
				   "adds capabilities '%s' (HostConfig.CapAdd)", list);
	return 0;
}

/* 5.5 */
static int check_privileged(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;

	if (json_is_true(json_object_get(hostconfig(ct), "Privileged")))
		return host_report(out, self, ct->name,
				   "runs privileged (HostConfig.Privileged=true)");
	return 0;
}

/* A mount's source with trailing slashes dropped, into buf. */
static const char *mount_source(const json_t *m, char *buf, size_t len)
{
	const char *src = json_string_value(json_object_get(m, "Source"));
	size_t n;

	(void)snprintf(buf, len, "%s", src ? src : "");
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	return buf;
}

static const char *mount_str(const json_t *m, const char *key)
{
	const char *s = json_string_value(json_object_get(m, key));

	return s ? s : "";
}

/* 5.6: host system folders bind-mounted into the container. */
static int check_sensitive_mounts(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	static const char *const dirs[] = {"/",	   "/boot", "/dev", "/etc",
					   "/lib", "/proc", "/sys", "/usr"};
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *mounts = json_object_get(ct->inspect, "Mounts"), *m;
	char src[4096];
	size_t i;
	int r = 0;

	json_array_foreach(mounts, i, m)
	{
		if (strcmp(mount_str(m, "Type"), "bind") != 0)
			continue;
		mount_source(m, src, sizeof(src));
		for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]) && r == 0; k++)
			if (strcmp(src, dirs[k]) == 0)
				r = host_report(
					out, self, ct->name, "mounts host '%s' %s at '%s'", src,
					json_is_true(json_object_get(m, "RW")) ? "read-write"
									       : "read-only",
					mount_str(m, "Destination"));
	}
	return r;
}

/* 5.7: an sshd process in the container's own process list (`docker top` lists the
 * container's cgroup, so a container sharing the host PID namespace does not inherit the
 * host's sshd). */
static int check_sshd(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *titles, *procs, *p, *t;
	size_t i, col = SIZE_MAX, pidcol = SIZE_MAX;

	if (!s->ct->running || !s->ct->top) {
		*s->na = true;
		return 0;
	}
	titles = json_object_get(s->ct->top, "Titles");
	procs = json_object_get(s->ct->top, "Processes");
	json_array_foreach(titles, i, t)
	{
		const char *name = json_string_value(t);
		if (name && (strcmp(name, "CMD") == 0 || strcmp(name, "COMMAND") == 0))
			col = i;
		if (name && strcmp(name, "PID") == 0)
			pidcol = i;
	}
	json_array_foreach(procs, i, p)
	{
		const char *cmd = json_string_value(json_array_get(p, col));
		const char *pid = json_string_value(json_array_get(p, pidcol));
		char prog[256];

		if (!cmd)
			continue;
		(void)snprintf(prog, sizeof(prog), "%.*s", (int)strcspn(cmd, " "), cmd);
		const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
		if (strcmp(base, "sshd") == 0 || bw_str_startswith(base, "sshd:"))
			return host_report(out, self, s->ct->name, "runs sshd (pid %s: '%s')",
					   pid ? pid : "?", cmd);
	}
	return 0;
}

/* Calls fn for every published host port binding of the container. */
static int each_binding(const struct bw_rule *self, const struct host_container *ct,
			struct bw_report *out,
			int (*fn)(const struct bw_rule *, const struct host_container *,
				  struct bw_report *, const char *port, const json_t *binding))
{
	const json_t *ports = json_object_get(hostconfig(ct), "PortBindings"), *list, *b;
	const char *port;
	size_t i;
	int r = 0;

	if (strcmp(hc_str(ct, "NetworkMode"), "host") == 0)
		return 0; /* published ports are ignored with the host network */
	json_object_foreach((json_t *)ports, port, list)
	{
		json_array_foreach(list, i, b)
		{
			r = fn(self, ct, out, port, b);
			if (r < 0)
				return r;
		}
	}
	return r;
}

static int privileged_port(const struct bw_rule *self, const struct host_container *ct,
			   struct bw_report *out, const char *port, const json_t *b)
{
	const char *hp = json_string_value(json_object_get(b, "HostPort"));
	uint64_t n;

	if (!hp || bw_parse_u64(hp, &n) < 0 || n == 0 || n >= 1024)
		return 0;
	return host_report(out, self, ct->name,
			   "maps privileged host port %s to container port '%s'", hp, port);
}

/* 5.8 */
static int check_privileged_ports(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	return each_binding(self, SUBJ(subject)->ct, out, privileged_port);
}

static int wildcard_binding(const struct bw_rule *self, const struct host_container *ct,
			    struct bw_report *out, const char *port, const json_t *b)
{
	const char *ip = json_string_value(json_object_get(b, "HostIp"));
	const char *hp = json_string_value(json_object_get(b, "HostPort"));

	if (ip && *ip && strcmp(ip, "0.0.0.0") != 0 && strcmp(ip, "::") != 0)
		return 0;
	return host_report(out, self, ct->name,
			   "publishes container port '%s' on every host address (HostIp='%s', "
			   "HostPort='%s')",
			   port, ip ? ip : "", hp && *hp ? hp : "random");
}

/* 5.14 */
static int check_bind_address(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	return each_binding(self, SUBJ(subject)->ct, out, wildcard_binding);
}

/* 5.10, 5.16, 5.17, 5.21, 5.31: a namespace shared with the host. With a rootless daemon
 * whose namespace of that kind is rootlesskit's own, "host" is that namespace: not applicable. */
static int host_namespace(const struct bw_rule *self, const void *subject, struct bw_report *out,
			  enum host_ns ns, const char *key, const char *what)
{
	const struct host_subject *s = SUBJ(subject);
	const struct host_container *ct = s->ct;

	if (s->f->private_ns[ns]) {
		*s->na = true;
		return 0;
	}
	if (strcmp(hc_str(ct, key), "host") == 0)
		return host_report(out, self, ct->name,
				   "shares the host %s namespace (HostConfig.%s='host')", what,
				   key);
	return 0;
}

static int check_net_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return host_namespace(self, subject, out, HOST_NS_NET, "NetworkMode", "network");
}

static int check_pid_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return host_namespace(self, subject, out, HOST_NS_PID, "PidMode", "PID");
}

static int check_ipc_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return host_namespace(self, subject, out, HOST_NS_IPC, "IpcMode", "IPC");
}

static int check_uts_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return host_namespace(self, subject, out, HOST_NS_UTS, "UTSMode", "UTS");
}

static int check_userns_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return host_namespace(self, subject, out, HOST_NS_USER, "UsernsMode", "user");
}

/* 5.11, 5.12, 5.29 when the daemon cannot apply that kind of limit at all (none of its /info
 * `keys` is true and one is false: a rootless daemon without cgroup v2): a container's limit
 * would change nothing, so the daemon is reported once, on the first container, and the
 * check does not apply to the others. 1 when it handled the check, 0 when the daemon can
 * limit, -ENOMEM. */
static int unenforced_limit(const struct bw_rule *self, const struct host_subject *s,
			    struct bw_report *out, const char *const *keys, const char *what)
{
	const char *off = NULL;
	int r;

	for (const char *const *k = keys; *k; k++) {
		const json_t *v = json_object_get(s->f->info, *k);
		if (json_is_true(v))
			return 0;
		if (json_is_false(v) && !off)
			off = *k;
	}
	if (!off)
		return 0;
	*s->na = !first_container(s);
	if (*s->na)
		return 1;
	r = host_report(out, self, s->f->socket,
			"the daemon cannot enforce %s (/info %s=false%s): %zu container(s) run "
			"without one",
			what, off,
			s->f->rootless
				? ", a rootless daemon needs cgroup v2 with delegated controllers"
				: "",
			s->f->n_containers);
	return r < 0 ? r : 1;
}

/* 5.11 */
static int check_memory(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const keys[] = {"MemoryLimit", NULL};
	const struct host_container *ct = SUBJ(subject)->ct;
	int r = unenforced_limit(self, SUBJ(subject), out, keys, "memory limits");

	if (r != 0)
		return r < 0 ? r : 0;
	if (hc_int(ct, "Memory") <= 0)
		return host_report(out, self, ct->name,
				   "has no memory limit (HostConfig.Memory=0)");
	return 0;
}

/* 5.12: CPU shares, or any CPU limit, set. */
static int check_cpu(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const keys[] = {"CpuShares", "CpuCfsQuota", "CPUSet", NULL};
	const struct host_container *ct = SUBJ(subject)->ct;
	int r = unenforced_limit(self, SUBJ(subject), out, keys, "CPU shares or limits");

	if (r != 0)
		return r < 0 ? r : 0;
	if (hc_int(ct, "CpuShares") > 0 || hc_int(ct, "NanoCpus") > 0 ||
	    hc_int(ct, "CpuQuota") > 0 || *hc_str(ct, "CpusetCpus"))
		return 0;
	return host_report(out, self, ct->name,
			   "has no CPU shares or CPU limit (HostConfig.CpuShares=0, NanoCpus=0, "
			   "CpuQuota=0)");
}

/* 5.13 */
static int check_readonly(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;

	if (!json_is_true(json_object_get(hostconfig(ct), "ReadonlyRootfs")))
		return host_report(
			out, self, ct->name,
			"has a writable root filesystem (HostConfig.ReadonlyRootfs=false)");
	return 0;
}

/* 5.15: restarts must be bounded: on-failure with at most 5 retries, or none. */
static int check_restart(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *p = json_object_get(hostconfig(ct), "RestartPolicy");
	const char *name = json_string_value(json_object_get(p, "Name"));
	json_int_t max = json_integer_value(json_object_get(p, "MaximumRetryCount"));

	if (!name || !*name || strcmp(name, "no") == 0)
		return 0;
	if (strcmp(name, "on-failure") == 0 && max > 0 && max <= 5)
		return 0;
	if (strcmp(name, "on-failure") == 0)
		return host_report(out, self, ct->name,
				   "restarts on failure %s (HostConfig.RestartPolicy "
				   "'on-failure:%lld')",
				   max > 0 ? "more than 5 times" : "without limit", (long long)max);
	return host_report(out, self, ct->name,
			   "restarts without limit (HostConfig.RestartPolicy '%s')", name);
}

/* 5.18 */
static int check_devices(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *devs = json_object_get(hostconfig(ct), "Devices"), *d;
	size_t i;
	int r = 0;

	json_array_foreach(devs, i, d)
	{
		r = host_report(out, self, ct->name,
				"exposes host device '%s' as '%s' (permissions '%s')",
				mount_str(d, "PathOnHost"), mount_str(d, "PathInContainer"),
				mount_str(d, "CgroupPermissions"));
		if (r < 0)
			break;
	}
	return r;
}

/* 5.20 */
static int check_propagation(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *mounts = json_object_get(ct->inspect, "Mounts"), *m;
	char src[4096];
	size_t i;
	int r = 0;

	json_array_foreach(mounts, i, m)
	{
		const char *prop = mount_str(m, "Propagation");
		if (strcmp(prop, "shared") != 0 && strcmp(prop, "rshared") != 0)
			continue;
		r = host_report(out, self, ct->name, "mounts '%s' at '%s' with '%s' propagation",
				mount_source(m, src, sizeof(src)), mount_str(m, "Destination"),
				prop);
		if (r < 0)
			break;
	}
	return r;
}

/* 5.22: seccomp turned off for the container; once at host level without seccomp. */
static int check_seccomp(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!host_info_has_secopt(s->f, "seccomp")) {
		if (!first_container(s)) {
			*s->na = true;
			return 0;
		}
		return host_report(out, self, "/proc/self/status",
				   "the docker daemon has no seccomp support: %zu container(s) run "
				   "without a seccomp filter",
				   s->f->n_containers);
	}
	if (has_secopt(s->ct, "seccomp", "unconfined"))
		return host_report(out, self, s->ct->name,
				   "runs without seccomp (HostConfig.SecurityOpt "
				   "'seccomp=unconfined')");
	return 0;
}

/* 5.23: exec sessions the daemon still remembers that ran privileged. */
static int check_exec_privileged(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *e;
	size_t i;
	int r = 0;

	if (!s->ct->running) {
		*s->na = true;
		return 0;
	}
	json_array_foreach(s->ct->execs, i, e)
	{
		const json_t *pc = json_object_get(e, "ProcessConfig");
		if (!json_is_true(json_object_get(e, "Privileged")) &&
		    !json_is_true(json_object_get(pc, "privileged")))
			continue;
		r = host_report(out, self, s->ct->name,
				"ran 'docker exec --privileged' of '%s' (exec %.12s)",
				mount_str(pc, "entrypoint"), mount_str(e, "ID"));
		if (r < 0)
			break;
	}
	return r;
}

/* 5.25 */
static int check_cgroup_parent(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const char *parent = hc_str(ct, "CgroupParent");

	if (*parent)
		return host_report(out, self, ct->name,
				   "runs under cgroup parent '%s' (HostConfig.CgroupParent): "
				   "confirm it is intended",
				   parent);
	return 0;
}

/* 5.26: no-new-privileges from the container, else from the daemon's default. */
static int check_no_new_privileges(const struct bw_rule *self, const void *subject,
				   struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (has_secopt(s->ct, "no-new-privileges", "false"))
		return host_report(out, self, s->ct->name,
				   "turns off no-new-privileges (HostConfig.SecurityOpt "
				   "'no-new-privileges=false')");
	if (has_secopt(s->ct, "no-new-privileges", NULL) ||
	    has_secopt(s->ct, "no-new-privileges", "true") ||
	    host_daemon_bool(&s->f->daemon, "no-new-privileges", false))
		return 0;
	return host_report(out, self, s->ct->name,
			   "can gain new privileges (no 'no-new-privileges' in "
			   "HostConfig.SecurityOpt, and the daemon does not set it by default)");
}

/* 5.27 */
static int check_health(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *hc = json_object_get(json_object_get(ct->inspect, "Config"), "Healthcheck");
	const char *test0 = json_string_value(json_array_get(json_object_get(hc, "Test"), 0));

	if (!hc || !test0)
		return host_report(out, self, ct->name,
				   "has no health check (Config.Healthcheck is not set)");
	if (strcmp(test0, "NONE") == 0)
		return host_report(out, self, ct->name,
				   "turns the image's health check off (Config.Healthcheck "
				   "'NONE')");
	return 0;
}

/* 5.29 */
static int check_pids_limit(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const keys[] = {"PidsLimit", NULL};
	const struct host_container *ct = SUBJ(subject)->ct;
	const json_t *v = json_object_get(hostconfig(ct), "PidsLimit");
	int r = unenforced_limit(self, SUBJ(subject), out, keys, "PIDs limits");

	if (r != 0)
		return r < 0 ? r : 0;
	if (json_integer_value(v) > 0)
		return 0;
	return host_report(out, self, ct->name, "has no PIDs limit (HostConfig.PidsLimit=%s)",
			   json_is_integer(v) ? (json_integer_value(v) ? "-1" : "0") : "null");
}

/* 5.32: the daemon's socket, or a folder holding it, mounted into the container. */
static int check_docker_socket(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const struct host_file *sock = &s->f->files[HOST_F_DOCKER_SOCK];
	const json_t *mounts = json_object_get(s->ct->inspect, "Mounts"), *m;
	char src[4096];
	size_t i;
	int r = 0;

	json_array_foreach(mounts, i, m)
	{
		const char *dst = mount_str(m, "Destination");
		bool hit = false, dir = false;

		if (strcmp(mount_str(m, "Type"), "bind") != 0)
			continue;
		mount_source(m, src, sizeof(src));
		if (bw_str_endswith(src, "/docker.sock"))
			hit = true;
		for (int k = 0; k < 2 && !hit; k++) {
			const char *p = k ? sock->real : sock->path;
			size_t n = strlen(src);
			if (!p)
				continue;
			if (strcmp(p, src) == 0)
				hit = true;
			else if (n > 1 && strncmp(p, src, n) == 0 && p[n] == '/')
				hit = dir = true;
		}
		if (!hit)
			continue;
		if (dir)
			r = host_report(out, self, s->ct->name,
					"mounts '%s', which holds the docker socket '%s', at '%s'",
					src, sock->path, dst);
		else
			r = host_report(out, self, s->ct->name,
					"mounts the docker socket '%s' at '%s'", src, dst);
		if (r < 0)
			break;
	}
	return r;
}

/* Sorted by id (strcmp order). */
const struct bw_rule host_container_rules[] = {
	{
		.id = "CIS-4.1",
		.severity = BW_SEV_MEDIUM,
		.title = "Container runs as root",
		.aliases = "",
		.fix = "Run the container with --user UID:GID, or add a non-root USER to its "
		       "image.",
		.check = check_user,
	},
	{
		.id = "CIS-5.10",
		.severity = BW_SEV_HIGH,
		.title = "Container shares the host network namespace",
		.aliases = "",
		.fix = "Remove --network host; publish the ports the service needs instead.",
		.check = check_net_host,
	},
	{
		.id = "CIS-5.11",
		.severity = BW_SEV_MEDIUM,
		.title = "Container has no memory limit",
		.aliases = "",
		.fix = "Set --memory (and --memory-swap) to what the service needs.",
		.check = check_memory,
	},
	{
		.id = "CIS-5.12",
		.severity = BW_SEV_LOW,
		.title = "Container has no CPU shares or CPU limit",
		.aliases = "",
		.fix = "Set --cpu-shares, or --cpus, to what the service needs.",
		.check = check_cpu,
	},
	{
		.id = "CIS-5.13",
		.severity = BW_SEV_MEDIUM,
		.title = "Container root filesystem is writable",
		.aliases = "",
		.fix = "Run with --read-only and mount volumes or --tmpfs only where it writes.",
		.check = check_readonly,
	},
	{
		.id = "CIS-5.14",
		.severity = BW_SEV_MEDIUM,
		.title = "Container port published on every host address",
		.aliases = "",
		.fix = "Publish on one address, e.g. -p 127.0.0.1:8080:80.",
		.check = check_bind_address,
	},
	{
		.id = "CIS-5.15",
		.severity = BW_SEV_LOW,
		.title = "Container restart policy is unbounded",
		.aliases = "",
		.fix = "Use --restart on-failure:5 (or no restart policy).",
		.check = check_restart,
	},
	{
		.id = "CIS-5.16",
		.severity = BW_SEV_HIGH,
		.title = "Container shares the host PID namespace",
		.aliases = "",
		.fix = "Remove --pid host.",
		.check = check_pid_host,
	},
	{
		.id = "CIS-5.17",
		.severity = BW_SEV_HIGH,
		.title = "Container shares the host IPC namespace",
		.aliases = "",
		.fix = "Remove --ipc host.",
		.check = check_ipc_host,
	},
	{
		.id = "CIS-5.18",
		.severity = BW_SEV_HIGH,
		.title = "Host device exposed to a container",
		.aliases = "",
		.fix = "Remove --device unless the service cannot work without it, and then "
		       "grant only the permissions it needs (e.g. ':r').",
		.check = check_devices,
	},
	{
		.id = "CIS-5.2",
		.severity = BW_SEV_MEDIUM,
		.title = "Container runs without an AppArmor profile",
		.aliases = "",
		.fix = "Enable AppArmor on the host and run containers with the docker-default "
		       "profile or their own (--security-opt apparmor=PROFILE).",
		.check = check_apparmor,
	},
	{
		.id = "CIS-5.20",
		.severity = BW_SEV_MEDIUM,
		.title = "Mount with shared propagation",
		.aliases = "",
		.fix = "Mount with the default private propagation (drop 'shared'/'rshared').",
		.check = check_propagation,
	},
	{
		.id = "CIS-5.21",
		.severity = BW_SEV_MEDIUM,
		.title = "Container shares the host UTS namespace",
		.aliases = "",
		.fix = "Remove --uts host.",
		.check = check_uts_host,
	},
	{
		.id = "CIS-5.22",
		.severity = BW_SEV_HIGH,
		.title = "Container runs without seccomp",
		.aliases = "",
		.fix = "Remove --security-opt seccomp=unconfined; if a syscall is missing, allow "
		       "it in a custom profile.",
		.check = check_seccomp,
	},
	{
		.id = "CIS-5.23",
		.severity = BW_SEV_HIGH,
		.title = "Privileged docker exec session",
		.aliases = "",
		.fix = "Do not use 'docker exec --privileged'; add the one capability needed to "
		       "the container instead.",
		.check = check_exec_privileged,
	},
	{
		.id = "CIS-5.25",
		.severity = BW_SEV_LOW,
		.title = "Container runs under a custom cgroup parent",
		.aliases = "",
		.fix = "Drop --cgroup-parent unless the cgroup it names is set up and limited "
		       "on purpose.",
		.check = check_cgroup_parent,
	},
	{
		.id = "CIS-5.26",
		.severity = BW_SEV_MEDIUM,
		.title = "Container can gain new privileges",
		.aliases = "",
		.fix = "Run with --security-opt no-new-privileges, or set \"no-new-privileges\": "
		       "true in daemon.json.",
		.check = check_no_new_privileges,
	},
	{
		.id = "CIS-5.27",
		.severity = BW_SEV_LOW,
		.title = "Container has no health check",
		.aliases = "",
		.fix = "Add a HEALTHCHECK to the image or run with --health-cmd.",
		.check = check_health,
	},
	{
		.id = "CIS-5.29",
		.severity = BW_SEV_MEDIUM,
		.title = "Container has no PIDs limit",
		.aliases = "",
		.fix = "Set --pids-limit to what the service needs (a few hundred is typical).",
		.check = check_pids_limit,
	},
	{
		.id = "CIS-5.3",
		.severity = BW_SEV_MEDIUM,
		.title = "Container runs without SELinux labelling",
		.aliases = "",
		.fix = "Run dockerd with --selinux-enabled and do not use --security-opt "
		       "label=disable.",
		.check = check_selinux,
	},
	{
		.id = "CIS-5.31",
		.severity = BW_SEV_HIGH,
		.title = "Container shares the host user namespace",
		.aliases = "",
		.fix = "Remove --userns host.",
		.check = check_userns_host,
	},
	{
		.id = "CIS-5.32",
		.severity = BW_SEV_CRITICAL,
		.title = "Docker socket mounted into a container",
		.aliases = "",
		.fix = "Remove the docker.sock mount; if the service needs the API, put a socket "
		       "proxy in front that allows only the calls it makes.",
		.check = check_docker_socket,
	},
	{
		.id = "CIS-5.4",
		.severity = BW_SEV_HIGH,
		.title = "Container adds Linux capabilities",
		.aliases = "",
		.fix = "Remove --cap-add, or add only the one capability needed; start from "
		       "--cap-drop ALL.",
		.check = check_caps,
	},
	{
		.id = "CIS-5.5",
		.severity = BW_SEV_CRITICAL,
		.title = "Privileged container",
		.aliases = "",
		.fix = "Remove --privileged; add the specific capabilities or devices needed "
		       "instead.",
		.check = check_privileged,
	},
	{
		.id = "CIS-5.6",
		.severity = BW_SEV_HIGH,
		.title = "Sensitive host folder mounted into a container",
		.aliases = "",
		.fix = "Mount only the files the service needs, read-only, never /, /etc, /proc, "
		       "/sys, /dev, /boot, /lib or /usr.",
		.check = check_sensitive_mounts,
	},
	{
		.id = "CIS-5.7",
		.severity = BW_SEV_MEDIUM,
		.title = "sshd runs inside a container",
		.aliases = "",
		.fix = "Remove sshd from the container; use 'docker exec' for access.",
		.check = check_sshd,
	},
	{
		.id = "CIS-5.8",
		.severity = BW_SEV_LOW,
		.title = "Privileged host port mapped to a container",
		.aliases = "",
		.fix = "Publish on a host port of 1024 or above, or put a reverse proxy in front.",
		.check = check_privileged_ports,
	},
};
const size_t host_container_rules_len =
	sizeof(host_container_rules) / sizeof(host_container_rules[0]);

const struct bw_ruleset host_container_ruleset = {
	.name = "host-container",
	.kind = "container",
	.prefix = "CIS-",
	.rules = host_container_rules,
	.len = sizeof(host_container_rules) / sizeof(host_container_rules[0]),
};
