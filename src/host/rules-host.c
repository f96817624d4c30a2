/* SPDX-License-Identifier: Apache-2.0 */
/* CIS Docker Benchmark checks run once per host: section 1 (host), 2 (daemon configuration,
 * from /info and the merged daemon.json + command line), 3 (file owners and modes), 4.5
 * (content trust), 5.1 and 7 (swarm). A file that does not exist makes its check not
 * applicable, as does swarm mode being off. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/host-internal.h"
#include "util/str.h"
#include "util/banned.h"

#define SUBJ(s) ((const struct host_subject *)(s))

static const char *info_str(const struct host_facts *f, const char *key)
{
	const char *s = json_string_value(json_object_get(f->info, key));

	return s ? s : "";
}

static const json_t *swarm_info(const struct host_facts *f)
{
	return json_object_get(f->info, "Swarm");
}

static bool swarm_active(const struct host_facts *f)
{
	const char *st = json_string_value(json_object_get(swarm_info(f), "LocalNodeState"));

	return st && strcmp(st, "active") == 0;
}

/* --- section 1: host --------------------------------------------------------------------- */

/* 1.1.1 */
static int check_partition(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const struct host_file *root = &s->f->files[HOST_F_DATA_ROOT];

	if (!root->path || !root->exists) {
		*s->na = true;
		return 0;
	}
	if (s->f->data_root_separate)
		return 0;
	return host_report(out, self, root->path,
			   "docker's data root '%s' is on the same filesystem as '/' (device %s)",
			   root->path, s->f->data_root_dev);
}

/* 1.1.3 - 1.1.18: an audit rule watches the file. Without any audit rules at all, or with
 * rules that watch no file (`auditctl -l` says "No rules", Debian's default audit.rules),
 * 1.1.3 says so once and the others do not apply. */
static int audit_file(const struct bw_rule *self, const void *subject, struct bw_report *out,
		      enum host_file_id id)
{
	const struct host_subject *s = SUBJ(subject);
	const struct host_file *file = &s->f->files[id];

	if (!file->path || !file->exists) {
		*s->na = true;
		return 0;
	}
	if (!s->f->audit.source || (!s->f->audit.n_trees && !s->f->audit.n_exact)) {
		if (id != HOST_F_DOCKERD) {
			*s->na = true;
			return 0;
		}
		if (s->f->audit.source)
			return host_report(out, self, "/etc/audit/rules.d",
					   "no audit rule watches any file (rules from %s): no "
					   "docker file is audited, starting with '%s'",
					   s->f->audit.source, file->path);
		return host_report(
			out, self, "/etc/audit/rules.d",
			"no audit rules are loaded or configured (auditctl -l gave "
			"nothing and /etc/audit/rules.d has no rules): no docker file is "
			"audited, starting with '%s'",
			file->path);
	}
	if (host_audit_covers(&s->f->audit, file->path, file->real))
		return 0;
	return host_report(out, self, file->path, "no audit rule watches '%s' (rules from %s)",
			   file->path, s->f->audit.source);
}

#define AUDIT_CHECK(fn, id)                                                                        \
	static int fn(const struct bw_rule *self, const void *subject, struct bw_report *out)      \
	{                                                                                          \
		return audit_file(self, subject, out, id);                                         \
	}

AUDIT_CHECK(check_audit_dockerd, HOST_F_DOCKERD)
AUDIT_CHECK(check_audit_run_containerd, HOST_F_RUN_CONTAINERD)
AUDIT_CHECK(check_audit_data_root, HOST_F_DATA_ROOT)
AUDIT_CHECK(check_audit_etc_docker, HOST_F_ETC_DOCKER)
AUDIT_CHECK(check_audit_service, HOST_F_SERVICE)
AUDIT_CHECK(check_audit_containerd_sock, HOST_F_CONTAINERD_SOCK)
AUDIT_CHECK(check_audit_socket_unit, HOST_F_SOCKET_UNIT)
AUDIT_CHECK(check_audit_etc_default, HOST_F_ETC_DEFAULT)
AUDIT_CHECK(check_audit_daemon_json, HOST_F_DAEMON_JSON)
AUDIT_CHECK(check_audit_containerd_toml, HOST_F_CONTAINERD_TOML)
AUDIT_CHECK(check_audit_sysconfig, HOST_F_SYSCONFIG)
AUDIT_CHECK(check_audit_containerd_bin, HOST_F_CONTAINERD_BIN)
AUDIT_CHECK(check_audit_shim, HOST_F_SHIM)
AUDIT_CHECK(check_audit_shim_v1, HOST_F_SHIM_V1)
AUDIT_CHECK(check_audit_shim_v2, HOST_F_SHIM_V2)
AUDIT_CHECK(check_audit_runc, HOST_F_RUNC)

/* --- section 2: daemon configuration ----------------------------------------------------- */

/* The merged value of key, printed for a message ("false", "'debug'", "unset"). */
static void daemon_value(const struct host_facts *f, const char *key, char *buf, size_t len)
{
	const json_t *v = host_daemon_get(&f->daemon, key);
	char *dump;

	if (!v) {
		(void)snprintf(buf, len, "unset");
		return;
	}
	if (json_is_string(v)) {
		(void)snprintf(buf, len, "'%s'", json_string_value(v));
		return;
	}
	dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	(void)snprintf(buf, len, "%s", dump ? dump : "?");
	free(dump);
}

/* 2.2: inter-container traffic on the default bridge, as the bridge network says. */
static int check_icc(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const char *opt = json_string_value(json_object_get(
		json_object_get(s->f->bridge, "Options"), "com.docker.network.bridge.enable_icc"));
	char v[256];

	if (!s->f->bridge) {
		*s->na = true; /* no default bridge (bridge: none): nothing to restrict */
		return 0;
	}
	if (opt ? strcmp(opt, "false") == 0 : !host_daemon_bool(&s->f->daemon, "icc", true))
		return 0;
	daemon_value(s->f, "icc", v, sizeof(v));
	return host_report(out, self, host_daemon_path(s->f, "icc"),
			   "containers on the default bridge can reach each other (icc is %s; "
			   "bridge option enable_icc='%s')",
			   v, opt ? opt : "true");
}

/* 2.3 */
static int check_log_level(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const char *level = host_daemon_string(&s->f->daemon, "log-level");

	if (host_daemon_bool(&s->f->daemon, "debug", false))
		return host_report(out, self, host_daemon_path(s->f, "debug"),
				   "the daemon logs at debug level ('debug' is true)");
	if (!level || strcmp(level, "info") == 0)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "log-level"),
			   "the daemon log level is '%s', not 'info'", level);
}

/* 2.4 */
static int check_iptables(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (host_daemon_bool(&s->f->daemon, "iptables", true))
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "iptables"),
			   "the daemon may not manage iptables ('iptables' is false)");
}

/* 2.5: insecure registries beyond the built-in 127.0.0.0/8. */
static int check_insecure_registries(const struct bw_rule *self, const void *subject,
				     struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *reg = json_object_get(s->f->info, "RegistryConfig"), *v;
	const json_t *cidrs = json_object_get(reg, "InsecureRegistryCIDRs");
	const json_t *index = json_object_get(reg, "IndexConfigs");
	char list[2048] = "";
	size_t len = 0, i;
	const char *name;

	json_array_foreach(cidrs, i, v)
	{
		const char *c = json_string_value(v);
		if (!c || strcmp(c, "127.0.0.0/8") == 0 || strcmp(c, "::1/128") == 0)
			continue;
		int n = snprintf(list + len, sizeof(list) - len, "%s%s", len ? "," : "", c);
		if (n > 0 && (size_t)n < sizeof(list) - len)
			len += (size_t)n;
	}
	json_object_foreach((json_t *)index, name, v)
	{
		if (!json_is_false(json_object_get(v, "Secure")))
			continue;
		int n = snprintf(list + len, sizeof(list) - len, "%s%s", len ? "," : "", name);
		if (n > 0 && (size_t)n < sizeof(list) - len)
			len += (size_t)n;
	}
	if (!len)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "insecure-registries"),
			   "the daemon trusts insecure registries '%s'", list);
}

/* 2.6 */
static int check_aufs(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (strcmp(info_str(s->f, "Driver"), "aufs") != 0)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "storage-driver"),
			   "the daemon uses the 'aufs' storage driver");
}

/* 2.7: a TCP socket must require TLS client certificates. */
static int check_tls(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *hosts = host_daemon_get(&s->f->daemon, "hosts"), *h;
	const char *tcp = NULL;
	size_t i;

	json_array_foreach(hosts, i, h)
	{
		const char *v = json_string_value(h);
		if (v && !bw_str_startswith(v, "unix://") && !bw_str_startswith(v, "fd://") &&
		    !bw_str_startswith(v, "npipe://") && v[0] != '/')
			tcp = v;
	}
	if (!tcp) {
		*s->na = true; /* unix socket only */
		return 0;
	}
	if (!host_daemon_bool(&s->f->daemon, "tlsverify", false))
		return host_report(out, self, host_daemon_path(s->f, "hosts"),
				   "the daemon listens on '%s' without client certificate "
				   "verification ('tlsverify' is not true)",
				   tcp);
	if (!host_daemon_string(&s->f->daemon, "tlscacert") ||
	    !host_daemon_string(&s->f->daemon, "tlscert") ||
	    !host_daemon_string(&s->f->daemon, "tlskey"))
		return host_report(out, self, host_daemon_path(s->f, "tlsverify"),
				   "the daemon listens on '%s' with tlsverify but without all of "
				   "tlscacert, tlscert and tlskey set",
				   tcp);
	return 0;
}

/* 2.9: user namespace remapping (a rootless daemon is remapped by construction). */
static int check_userns(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (host_info_has_secopt(s->f, "userns") || s->f->rootless)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "userns-remap"),
			   "user namespace remapping is off: root in a container is root on the "
			   "host ('userns-remap' is unset)");
}

/* 2.10 */
static int check_cgroup_parent(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const char *parent = host_daemon_string(&s->f->daemon, "cgroup-parent");

	if (!parent || !*parent)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "cgroup-parent"),
			   "containers run under the non-default cgroup parent '%s': confirm "
			   "it is intended",
			   parent);
}

/* 2.11 */
static int check_base_device_size(const struct bw_rule *self, const void *subject,
				  struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *opts = host_daemon_get(&s->f->daemon, "storage-opts"), *o;
	size_t i;

	json_array_foreach(opts, i, o)
	{
		const char *v = json_string_value(o);
		if (v && bw_str_startswith(v, "dm.basesize"))
			return host_report(out, self, host_daemon_path(s->f, "storage-opts"),
					   "the base device size is changed ('%s')", v);
	}
	return 0;
}

/* 2.12 */
static int check_authz(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *authz =
		json_object_get(json_object_get(s->f->info, "Plugins"), "Authorization");

	if (json_array_size(authz) > 0)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "authorization-plugins"),
			   "no authorization plugin: every client of the socket may do "
			   "everything");
}

/* 2.13: logs leave the host. */
static int check_log_driver(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const char *drv = info_str(s->f, "LoggingDriver");

	if (strcmp(drv, "json-file") != 0 && strcmp(drv, "local") != 0 &&
	    strcmp(drv, "none") != 0 && *drv)
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "log-driver"),
			   "container logs stay on this host (log driver '%s')", drv);
}

/* 2.14 */
static int check_no_new_privileges(const struct bw_rule *self, const void *subject,
				   struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (host_daemon_bool(&s->f->daemon, "no-new-privileges", false))
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "no-new-privileges"),
			   "containers may gain new privileges by default ('no-new-privileges' "
			   "is not true)");
}

/* 2.15: live restore (incompatible with swarm mode, so not applicable there). */
static int check_live_restore(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (swarm_active(s->f)) {
		*s->na = true;
		return 0;
	}
	if (json_is_true(json_object_get(s->f->info, "LiveRestoreEnabled")))
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "live-restore"),
			   "containers stop when the daemon stops (LiveRestoreEnabled is false)");
}

/* 2.16 */
static int check_userland_proxy(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!host_daemon_bool(&s->f->daemon, "userland-proxy", true))
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "userland-proxy"),
			   "the userland proxy is on ('userland-proxy' is not false)");
}

/* 2.17: the daemon-wide seccomp profile is not 'unconfined'. */
static int check_daemon_seccomp(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *opts = json_object_get(s->f->info, "SecurityOptions"), *o;
	size_t i;

	json_array_foreach(opts, i, o)
	{
		const char *v = json_string_value(o);
		if (v && bw_str_startswith(v, "name=seccomp") && strstr(v, "profile=unconfined"))
			return host_report(out, self, host_daemon_path(s->f, "seccomp-profile"),
					   "the daemon-wide seccomp profile is 'unconfined'");
	}
	return 0;
}

/* 2.18 */
static int check_experimental(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!json_is_true(json_object_get(s->f->info, "ExperimentalBuild")))
		return 0;
	return host_report(out, self, host_daemon_path(s->f, "experimental"),
			   "experimental features are on (ExperimentalBuild is true)");
}

/* --- section 3: file owners and modes ---------------------------------------------------- */

static int file_owner(const struct bw_rule *self, const struct host_subject *s,
		      struct bw_report *out, const struct host_file *file, const char *group)
{
	if (!file->path || !file->exists) {
		*s->na = true;
		return 0;
	}
	if (file->uid == 0 && (file->gid == 0 || (group && strcmp(file->group, group) == 0)))
		return 0;
	return host_report(out, self, file->path, "owned by '%s:%s', not 'root:%s'", file->user,
			   file->group, group ? group : "root");
}

static int file_mode(const struct bw_rule *self, const struct host_subject *s,
		     struct bw_report *out, const struct host_file *file, unsigned max)
{
	if (!file->path || !file->exists) {
		*s->na = true;
		return 0;
	}
	if ((file->mode & ~(unsigned)S_ISVTX & ~max) == 0) /* the sticky bit grants nothing */
		return 0;
	return host_report(out, self, file->path, "has mode %04o, more permissive than %04o",
			   file->mode, max);
}

#define OWNER_CHECK(fn, id, group)                                                                 \
	static int fn(const struct bw_rule *self, const void *subject, struct bw_report *out)      \
	{                                                                                          \
		return file_owner(self, SUBJ(subject), out, &SUBJ(subject)->f->files[id], group);  \
	}
#define MODE_CHECK(fn, id, max)                                                                    \
	static int fn(const struct bw_rule *self, const void *subject, struct bw_report *out)      \
	{                                                                                          \
		return file_mode(self, SUBJ(subject), out, &SUBJ(subject)->f->files[id], max);     \
	}

/* A file the daemon itself creates or reads as its own (socket, daemon.json, containerd
 * socket): root's as usual, a rootless daemon's user's when it runs rootless. */
static int daemon_file_owner(const struct bw_rule *self, const struct host_subject *s,
			     struct bw_report *out, const struct host_file *file, const char *group)
{
	if (!s->f->rootless)
		return file_owner(self, s, out, file, group);
	if (!file->path || !file->exists) {
		*s->na = true;
		return 0;
	}
	if (file->uid == s->f->daemon_uid)
		return 0;
	return host_report(out, self, file->path,
			   "owned by '%s:%s', not by '%s', the user the rootless daemon runs as",
			   file->user, file->group, s->f->daemon_user);
}

#define DAEMON_OWNER_CHECK(fn, id, group)                                                          \
	static int fn(const struct bw_rule *self, const void *subject, struct bw_report *out)      \
	{                                                                                          \
		return daemon_file_owner(self, SUBJ(subject), out, &SUBJ(subject)->f->files[id],   \
					 group);                                                   \
	}

OWNER_CHECK(check_service_owner, HOST_F_SERVICE, NULL)
MODE_CHECK(check_service_mode, HOST_F_SERVICE, 0644)
OWNER_CHECK(check_socket_unit_owner, HOST_F_SOCKET_UNIT, NULL)
MODE_CHECK(check_socket_unit_mode, HOST_F_SOCKET_UNIT, 0644)
OWNER_CHECK(check_etc_docker_owner, HOST_F_ETC_DOCKER, NULL)
MODE_CHECK(check_etc_docker_mode, HOST_F_ETC_DOCKER, 0755)
OWNER_CHECK(check_cacert_owner, HOST_F_TLSCACERT, NULL)
MODE_CHECK(check_cacert_mode, HOST_F_TLSCACERT, 0444)
OWNER_CHECK(check_cert_owner, HOST_F_TLSCERT, NULL)
MODE_CHECK(check_cert_mode, HOST_F_TLSCERT, 0444)
OWNER_CHECK(check_key_owner, HOST_F_TLSKEY, NULL)
MODE_CHECK(check_key_mode, HOST_F_TLSKEY, 0400)
MODE_CHECK(check_sock_mode, HOST_F_DOCKER_SOCK, 0660)
DAEMON_OWNER_CHECK(check_daemon_json_owner, HOST_F_DAEMON_JSON, NULL)
MODE_CHECK(check_daemon_json_mode, HOST_F_DAEMON_JSON, 0644)
OWNER_CHECK(check_etc_default_owner, HOST_F_ETC_DEFAULT, NULL)
MODE_CHECK(check_etc_default_mode, HOST_F_ETC_DEFAULT, 0644)
MODE_CHECK(check_sysconfig_mode, HOST_F_SYSCONFIG, 0644)
OWNER_CHECK(check_sysconfig_owner, HOST_F_SYSCONFIG, NULL)
DAEMON_OWNER_CHECK(check_containerd_sock_owner, HOST_F_CONTAINERD_SOCK, NULL)
DAEMON_OWNER_CHECK(check_sock_owner, HOST_F_DOCKER_SOCK, "docker")
MODE_CHECK(check_containerd_sock_mode, HOST_F_CONTAINERD_SOCK, 0660)

/* 3.7 and 3.8: every file under /etc/docker/certs.d. */
static int certs(const struct bw_rule *self, const void *subject, struct bw_report *out, bool owner)
{
	const struct host_subject *s = SUBJ(subject);
	bool na = true, dummy;
	struct host_subject one = *s;
	int r = 0;

	one.na = &dummy;
	for (size_t i = 0; i < s->f->n_certs && r == 0; i++) {
		dummy = false;
		r = owner ? file_owner(self, &one, out, &s->f->certs[i], NULL)
			  : file_mode(self, &one, out, &s->f->certs[i], 0444);
		na = na && dummy;
	}
	*s->na = na;
	return r;
}

static int check_certs_owner(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return certs(self, subject, out, true);
}

static int check_certs_mode(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return certs(self, subject, out, false);
}

/* --- 4.5, 5.1, section 7 ----------------------------------------------------------------- */

/* 4.5 */
static int check_content_trust(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const char *v = SUBJ(subject)->f->content_trust;

	if (v && strcmp(v, "1") == 0)
		return 0;
	if (!v)
		return host_report(out, self, "$DOCKER_CONTENT_TRUST",
				   "content trust is off: DOCKER_CONTENT_TRUST is not set");
	return host_report(out, self, "$DOCKER_CONTENT_TRUST",
			   "content trust is off: DOCKER_CONTENT_TRUST is '%s', not '1'", v);
}

/* 5.1 */
static int check_swarm_enabled(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!swarm_active(s->f))
		return 0;
	return host_report(out, self, s->f->socket,
			   "swarm mode is active (node '%s'): turn it off unless this host is "
			   "part of a swarm on purpose",
			   json_string_value(json_object_get(swarm_info(s->f), "NodeID"))
				   ? json_string_value(json_object_get(swarm_info(s->f), "NodeID"))
				   : "?");
}

/* 7.1: an odd number of managers, at most 7. */
static int check_swarm_managers(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	json_int_t n = json_integer_value(json_object_get(swarm_info(s->f), "Managers"));

	if (!swarm_active(s->f) ||
	    !json_is_true(json_object_get(swarm_info(s->f), "ControlAvailable"))) {
		*s->na = true;
		return 0;
	}
	if (n % 2 == 1 && n <= 7)
		return 0;
	return host_report(out, self, s->f->socket,
			   "the swarm has %lld managers: use an odd number, at most 7",
			   (long long)n);
}

/* 7.2 */
static int check_swarm_bind(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);

	if (!swarm_active(s->f)) {
		*s->na = true;
		return 0;
	}
	if (!s->f->swarm_wildcard)
		return 0;
	return host_report(out, self, s->f->swarm_tcp_path,
			   "the swarm management port listens on every address ('%s')",
			   s->f->swarm_wildcard);
}

/* 7.3 */
static int check_overlay_encrypted(const struct bw_rule *self, const void *subject,
				   struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *n;
	size_t i;
	int r = 0;

	if (!swarm_active(s->f)) {
		*s->na = true;
		return 0;
	}
	json_array_foreach(s->f->overlays, i, n)
	{
		const char *name = json_string_value(json_object_get(n, "Name"));
		if (json_object_get(json_object_get(n, "Options"), "encrypted"))
			continue;
		r = host_report(out, self, name ? name : "?",
				"overlay network '%s' is not encrypted", name ? name : "?");
		if (r < 0)
			break;
	}
	return r;
}

/* 7.5 */
static int check_swarm_autolock(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct host_subject *s = SUBJ(subject);
	const json_t *enc =
		json_object_get(json_object_get(s->f->swarm, "Spec"), "EncryptionConfig");

	if (!swarm_active(s->f) || !s->f->swarm) {
		*s->na = true; /* inactive, or a worker: only managers hold the keys */
		return 0;
	}
	if (json_is_true(json_object_get(enc, "AutoLockManagers")))
		return 0;
	return host_report(out, self, s->f->socket,
			   "swarm managers are not auto-locked (AutoLockManagers is false)");
}

/* Sorted by id (strcmp order). */
const struct bw_rule host_rules[] = {
	{
		.id = "CIS-1.1.1",
		.severity = BW_SEV_LOW,
		.title = "Docker data root is not a separate partition",
		.aliases = "",
		.fix = "Mount docker's data root (/var/lib/docker) on a filesystem of its own, so "
		       "images and containers cannot fill the host's root filesystem.",
		.check = check_partition,
	},
	{
		.id = "CIS-1.1.10",
		.severity = BW_SEV_LOW,
		.title = "/etc/default/docker is not audited",
		.aliases = "",
		.fix = "Add '-w /etc/default/docker -k docker' to /etc/audit/rules.d/docker.rules.",
		.check = check_audit_etc_default,
	},
	{
		.id = "CIS-1.1.11",
		.severity = BW_SEV_LOW,
		.title = "daemon.json is not audited",
		.aliases = "",
		.fix = "Add '-w /etc/docker/daemon.json -k docker' to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_daemon_json,
	},
	{
		.id = "CIS-1.1.12",
		.severity = BW_SEV_LOW,
		.title = "/etc/containerd/config.toml is not audited",
		.aliases = "",
		.fix = "Add '-w /etc/containerd/config.toml -k docker' to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_containerd_toml,
	},
	{
		.id = "CIS-1.1.13",
		.severity = BW_SEV_LOW,
		.title = "/etc/sysconfig/docker is not audited",
		.aliases = "",
		.fix = "Add '-w /etc/sysconfig/docker -k docker' to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_sysconfig,
	},
	{
		.id = "CIS-1.1.14",
		.severity = BW_SEV_LOW,
		.title = "containerd binary is not audited",
		.aliases = "",
		.fix = "Add '-w /usr/bin/containerd -k docker' (its real path) to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_containerd_bin,
	},
	{
		.id = "CIS-1.1.15",
		.severity = BW_SEV_LOW,
		.title = "containerd-shim binary is not audited",
		.aliases = "",
		.fix = "Add '-w /usr/bin/containerd-shim -k docker' (its real path) to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_shim,
	},
	{
		.id = "CIS-1.1.16",
		.severity = BW_SEV_LOW,
		.title = "containerd-shim-runc-v1 binary is not audited",
		.aliases = "",
		.fix = "Add '-w /usr/bin/containerd-shim-runc-v1 -k docker' (its real path) to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_shim_v1,
	},
	{
		.id = "CIS-1.1.17",
		.severity = BW_SEV_LOW,
		.title = "containerd-shim-runc-v2 binary is not audited",
		.aliases = "",
		.fix = "Add '-w /usr/bin/containerd-shim-runc-v2 -k docker' (its real path) to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_shim_v2,
	},
	{
		.id = "CIS-1.1.18",
		.severity = BW_SEV_LOW,
		.title = "runc binary is not audited",
		.aliases = "",
		.fix = "Add '-w /usr/bin/runc -k docker' (its real path) to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_runc,
	},
	{
		.id = "CIS-1.1.3",
		.severity = BW_SEV_LOW,
		.title = "Docker daemon binary is not audited",
		.aliases = "",
		.fix = "Install auditd and add '-w /usr/bin/dockerd -k docker' (its real path) "
		       "to /etc/audit/rules.d/docker.rules.",
		.check = check_audit_dockerd,
	},
	{
		.id = "CIS-1.1.4",
		.severity = BW_SEV_LOW,
		.title = "/run/containerd is not audited",
		.aliases = "",
		.fix = "Add '-a exit,always -F path=/run/containerd -F perm=war -k docker' to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_run_containerd,
	},
	{
		.id = "CIS-1.1.5",
		.severity = BW_SEV_LOW,
		.title = "Docker data root is not audited",
		.aliases = "",
		.fix = "Add '-a exit,always -F path=/var/lib/docker -F perm=war -k docker' to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_data_root,
	},
	{
		.id = "CIS-1.1.6",
		.severity = BW_SEV_LOW,
		.title = "/etc/docker is not audited",
		.aliases = "",
		.fix = "Add '-w /etc/docker -k docker' to /etc/audit/rules.d/docker.rules.",
		.check = check_audit_etc_docker,
	},
	{
		.id = "CIS-1.1.7",
		.severity = BW_SEV_LOW,
		.title = "docker.service is not audited",
		.aliases = "",
		.fix = "Add '-w PATH -k docker' for the docker.service unit file to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_service,
	},
	{
		.id = "CIS-1.1.8",
		.severity = BW_SEV_LOW,
		.title = "containerd socket is not audited",
		.aliases = "",
		.fix = "Add '-w /run/containerd/containerd.sock -k docker' (the socket dockerd "
		       "uses) to /etc/audit/rules.d/docker.rules.",
		.check = check_audit_containerd_sock,
	},
	{
		.id = "CIS-1.1.9",
		.severity = BW_SEV_LOW,
		.title = "docker.socket is not audited",
		.aliases = "",
		.fix = "Add '-w PATH -k docker' for the docker.socket unit file to "
		       "/etc/audit/rules.d/docker.rules.",
		.check = check_audit_socket_unit,
	},
	{
		.id = "CIS-2.10",
		.severity = BW_SEV_INFO,
		.title = "Daemon uses a non-default cgroup parent",
		.aliases = "",
		.fix = "Remove 'cgroup-parent' from the daemon configuration unless that cgroup "
		       "is set up and limited on purpose.",
		.check = check_cgroup_parent,
	},
	{
		.id = "CIS-2.11",
		.severity = BW_SEV_LOW,
		.title = "Base device size changed",
		.aliases = "",
		.fix = "Remove 'dm.basesize' from the daemon's storage options unless needed.",
		.check = check_base_device_size,
	},
	{
		.id = "CIS-2.12",
		.severity = BW_SEV_LOW,
		.title = "No authorization plugin for the Docker API",
		.aliases = "",
		.fix = "Configure an authorization plugin (authorization-plugins in "
		       "daemon.json) that limits what each client may do.",
		.check = check_authz,
	},
	{
		.id = "CIS-2.13",
		.severity = BW_SEV_LOW,
		.title = "Container logs are not sent off the host",
		.aliases = "",
		.fix = "Set \"log-driver\" in daemon.json to a remote driver (syslog, journald "
		       "forwarded, fluentd, gelf...).",
		.check = check_log_driver,
	},
	{
		.id = "CIS-2.14",
		.severity = BW_SEV_MEDIUM,
		.title = "Containers may gain new privileges by default",
		.aliases = "",
		.fix = "Set \"no-new-privileges\": true in daemon.json.",
		.check = check_no_new_privileges,
	},
	{
		.id = "CIS-2.15",
		.severity = BW_SEV_LOW,
		.title = "Live restore is off",
		.aliases = "",
		.fix = "Set \"live-restore\": true in daemon.json.",
		.check = check_live_restore,
	},
	{
		.id = "CIS-2.16",
		.severity = BW_SEV_LOW,
		.title = "Userland proxy is on",
		.aliases = "",
		.fix = "Set \"userland-proxy\": false in daemon.json (hairpin NAT does the job).",
		.check = check_userland_proxy,
	},
	{
		.id = "CIS-2.17",
		.severity = BW_SEV_HIGH,
		.title = "Daemon-wide seccomp profile is unconfined",
		.aliases = "",
		.fix = "Remove \"seccomp-profile\": \"unconfined\" from the daemon configuration.",
		.check = check_daemon_seccomp,
	},
	{
		.id = "CIS-2.18",
		.severity = BW_SEV_LOW,
		.title = "Experimental features are on",
		.aliases = "",
		.fix = "Remove \"experimental\": true from daemon.json on production hosts.",
		.check = check_experimental,
	},
	{
		.id = "CIS-2.2",
		.severity = BW_SEV_MEDIUM,
		.title = "Containers on the default bridge can talk to each other",
		.aliases = "",
		.fix = "Set \"icc\": false in daemon.json and link the containers that must talk "
		       "through user-defined networks.",
		.check = check_icc,
	},
	{
		.id = "CIS-2.3",
		.severity = BW_SEV_LOW,
		.title = "Daemon log level is not 'info'",
		.aliases = "",
		.fix = "Set \"log-level\": \"info\" in daemon.json (and drop debug).",
		.check = check_log_level,
	},
	{
		.id = "CIS-2.4",
		.severity = BW_SEV_MEDIUM,
		.title = "Daemon may not manage iptables",
		.aliases = "",
		.fix = "Remove \"iptables\": false from the daemon configuration.",
		.check = check_iptables,
	},
	{
		.id = "CIS-2.5",
		.severity = BW_SEV_HIGH,
		.title = "Insecure registries are trusted",
		.aliases = "",
		.fix = "Remove the entries from \"insecure-registries\" and give the registries "
		       "TLS certificates.",
		.check = check_insecure_registries,
	},
	{
		.id = "CIS-2.6",
		.severity = BW_SEV_MEDIUM,
		.title = "aufs storage driver in use",
		.aliases = "",
		.fix = "Switch the daemon to the overlay2 storage driver.",
		.check = check_aufs,
	},
	{
		.id = "CIS-2.7",
		.severity = BW_SEV_CRITICAL,
		.title = "Daemon TCP socket without TLS client authentication",
		.aliases = "",
		.fix = "Set tlsverify with tlscacert, tlscert and tlskey, or listen on the unix "
		       "socket only.",
		.check = check_tls,
	},
	{
		.id = "CIS-2.9",
		.severity = BW_SEV_MEDIUM,
		.title = "User namespace remapping is off",
		.aliases = "",
		.fix = "Set \"userns-remap\": \"default\" in daemon.json (or run the daemon "
		       "rootless).",
		.check = check_userns,
	},
	{
		.id = "CIS-3.1",
		.severity = BW_SEV_MEDIUM,
		.title = "docker.service is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the docker.service unit file.",
		.check = check_service_owner,
	},
	{
		.id = "CIS-3.10",
		.severity = BW_SEV_MEDIUM,
		.title = "TLS CA certificate mode is too permissive",
		.aliases = "",
		.fix = "chmod 444 the file named by tlscacert.",
		.check = check_cacert_mode,
	},
	{
		.id = "CIS-3.11",
		.severity = BW_SEV_MEDIUM,
		.title = "Daemon TLS certificate is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the file named by tlscert.",
		.check = check_cert_owner,
	},
	{
		.id = "CIS-3.12",
		.severity = BW_SEV_MEDIUM,
		.title = "Daemon TLS certificate mode is too permissive",
		.aliases = "",
		.fix = "chmod 444 the file named by tlscert.",
		.check = check_cert_mode,
	},
	{
		.id = "CIS-3.13",
		.severity = BW_SEV_MEDIUM,
		.title = "Daemon TLS key is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the file named by tlskey.",
		.check = check_key_owner,
	},
	{
		.id = "CIS-3.14",
		.severity = BW_SEV_HIGH,
		.title = "Daemon TLS key mode is too permissive",
		.aliases = "",
		.fix = "chmod 400 the file named by tlskey.",
		.check = check_key_mode,
	},
	{
		.id = "CIS-3.15",
		.severity = BW_SEV_MEDIUM,
		.title = "Docker socket is not owned by root:docker",
		.aliases = "",
		.fix = "chown root:docker the docker socket (set 'group' in daemon.json).",
		.check = check_sock_owner,
	},
	{
		.id = "CIS-3.16",
		.severity = BW_SEV_HIGH,
		.title = "Docker socket mode is too permissive",
		.aliases = "",
		.fix = "chmod 660 the docker socket.",
		.check = check_sock_mode,
	},
	{
		.id = "CIS-3.17",
		.severity = BW_SEV_MEDIUM,
		.title = "daemon.json is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root daemon.json.",
		.check = check_daemon_json_owner,
	},
	{
		.id = "CIS-3.18",
		.severity = BW_SEV_MEDIUM,
		.title = "daemon.json mode is too permissive",
		.aliases = "",
		.fix = "chmod 644 daemon.json.",
		.check = check_daemon_json_mode,
	},
	{
		.id = "CIS-3.19",
		.severity = BW_SEV_MEDIUM,
		.title = "/etc/default/docker is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root /etc/default/docker.",
		.check = check_etc_default_owner,
	},
	{
		.id = "CIS-3.2",
		.severity = BW_SEV_MEDIUM,
		.title = "docker.service mode is too permissive",
		.aliases = "",
		.fix = "chmod 644 the docker.service unit file.",
		.check = check_service_mode,
	},
	{
		.id = "CIS-3.20",
		.severity = BW_SEV_MEDIUM,
		.title = "/etc/default/docker mode is too permissive",
		.aliases = "",
		.fix = "chmod 644 /etc/default/docker.",
		.check = check_etc_default_mode,
	},
	{
		.id = "CIS-3.21",
		.severity = BW_SEV_MEDIUM,
		.title = "/etc/sysconfig/docker mode is too permissive",
		.aliases = "",
		.fix = "chmod 644 /etc/sysconfig/docker.",
		.check = check_sysconfig_mode,
	},
	{
		.id = "CIS-3.22",
		.severity = BW_SEV_MEDIUM,
		.title = "/etc/sysconfig/docker is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root /etc/sysconfig/docker.",
		.check = check_sysconfig_owner,
	},
	{
		.id = "CIS-3.23",
		.severity = BW_SEV_MEDIUM,
		.title = "containerd socket is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the containerd socket.",
		.check = check_containerd_sock_owner,
	},
	{
		.id = "CIS-3.24",
		.severity = BW_SEV_MEDIUM,
		.title = "containerd socket mode is too permissive",
		.aliases = "",
		.fix = "chmod 660 the containerd socket.",
		.check = check_containerd_sock_mode,
	},
	{
		.id = "CIS-3.3",
		.severity = BW_SEV_MEDIUM,
		.title = "docker.socket is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the docker.socket unit file.",
		.check = check_socket_unit_owner,
	},
	{
		.id = "CIS-3.4",
		.severity = BW_SEV_MEDIUM,
		.title = "docker.socket mode is too permissive",
		.aliases = "",
		.fix = "chmod 644 the docker.socket unit file.",
		.check = check_socket_unit_mode,
	},
	{
		.id = "CIS-3.5",
		.severity = BW_SEV_MEDIUM,
		.title = "/etc/docker is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root /etc/docker.",
		.check = check_etc_docker_owner,
	},
	{
		.id = "CIS-3.6",
		.severity = BW_SEV_MEDIUM,
		.title = "/etc/docker mode is too permissive",
		.aliases = "",
		.fix = "chmod 755 /etc/docker.",
		.check = check_etc_docker_mode,
	},
	{
		.id = "CIS-3.7",
		.severity = BW_SEV_MEDIUM,
		.title = "Registry certificate is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the files under /etc/docker/certs.d.",
		.check = check_certs_owner,
	},
	{
		.id = "CIS-3.8",
		.severity = BW_SEV_MEDIUM,
		.title = "Registry certificate mode is too permissive",
		.aliases = "",
		.fix = "chmod 444 the files under /etc/docker/certs.d.",
		.check = check_certs_mode,
	},
	{
		.id = "CIS-3.9",
		.severity = BW_SEV_MEDIUM,
		.title = "TLS CA certificate is not owned by root:root",
		.aliases = "",
		.fix = "chown root:root the file named by tlscacert.",
		.check = check_cacert_owner,
	},
	{
		.id = "CIS-4.5",
		.severity = BW_SEV_LOW,
		.title = "Docker content trust is off",
		.aliases = "",
		.fix = "export DOCKER_CONTENT_TRUST=1 where images are pulled and run.",
		.check = check_content_trust,
	},
	{
		.id = "CIS-5.1",
		.severity = BW_SEV_LOW,
		.title = "Swarm mode is active",
		.aliases = "",
		.fix = "Run 'docker swarm leave' unless this host belongs to a swarm on purpose.",
		.check = check_swarm_enabled,
	},
	{
		.id = "CIS-7.1",
		.severity = BW_SEV_LOW,
		.title = "Swarm manager count gives no fault tolerance",
		.aliases = "",
		.fix = "Run an odd number of managers (3, 5 or 7); demote the rest.",
		.check = check_swarm_managers,
	},
	{
		.id = "CIS-7.2",
		.severity = BW_SEV_MEDIUM,
		.title = "Swarm port listens on every address",
		.aliases = "",
		.fix = "Re-join with --listen-addr and --advertise-addr naming one interface.",
		.check = check_swarm_bind,
	},
	{
		.id = "CIS-7.3",
		.severity = BW_SEV_MEDIUM,
		.title = "Overlay network is not encrypted",
		.aliases = "",
		.fix = "Create overlay networks with --opt encrypted.",
		.check = check_overlay_encrypted,
	},
	{
		.id = "CIS-7.5",
		.severity = BW_SEV_MEDIUM,
		.title = "Swarm managers are not auto-locked",
		.aliases = "",
		.fix = "Run 'docker swarm update --autolock=true' and keep the key offline.",
		.check = check_swarm_autolock,
	},
};
const size_t host_rules_len = sizeof(host_rules) / sizeof(host_rules[0]);

const struct bw_ruleset host_ruleset = {
	.name = "host",
	.kind = "host",
	.prefix = "CIS-",
	.rules = host_rules,
	.len = sizeof(host_rules) / sizeof(host_rules[0]),
};
