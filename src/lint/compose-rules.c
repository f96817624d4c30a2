/* SPDX-License-Identifier: Apache-2.0 */
/* Compose rules CMP-001..: per service, what the container may do to its host (privileges,
 * capabilities, namespaces, mounts, devices, ports), how it is bounded (user, read-only root,
 * limits), what it runs (image pins and registries) and what it carries (secrets in
 * environment). Values that depend on a variable with no value are not judged. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/report.h"
#include "core/rule.h"
#include "lint/compose-rules.h"
#include "lint/compose.h"
#include "lint/podsec.h"
#include "lint/registry.h"
#include "secret/secret.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

#define SUB(s) ((const struct compose_subject *)(s))

/* Adds a finding at `at`, naming where an inherited value comes from. */
static int report(const struct bw_rule *self, struct bw_report *out, const struct compose_where *at,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int report(const struct bw_rule *self, struct bw_report *out, const struct compose_where *at,
		  const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	/* An inherited value is never a duplicate: each has its service's own `extends` line. */
	if (!at->via && podsec_reported(out, self, at->line, at->col))
		return 0;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at->via)
		return bw_report_add(out, self, at->line, at->col, "%s (%s)", msg, at->via);
	return bw_report_add(out, self, at->line, at->col, "%s", msg);
}

/* A boolean key that is set to true (and not through an unresolved variable). */
static bool svc_true(const struct compose_service *svc, const char *key, struct compose_where *at)
{
	const struct ydoc_node *n = compose_service_get(svc, key, at);
	bool b = false;

	return n && !compose_unsure(n) && compose_bool(n, &b) == 0 && b;
}

static bool svc_privileged(const struct compose_service *svc)
{
	return svc_true(svc, "privileged", NULL);
}

/* The scalar value of a key, NULL when unset, not a scalar or unsure. */
static const char *svc_str(const struct compose_service *svc, const char *key,
			   struct compose_where *at)
{
	const struct ydoc_node *n = compose_service_get(svc, key, at);

	return n && !compose_unsure(n) ? ydoc_str(n) : NULL;
}

static bool svc_has(const struct compose_service *svc, const char *key)
{
	const struct ydoc_node *n = compose_service_get(svc, key, NULL);

	return n && !ydoc_is_null(n);
}

/* security_opt entries are "name:value" or "name=value"; value NULL for a bare name. */
static bool secopt_split(const char *opt, char *name, size_t nlen, const char **value)
{
	size_t i = strcspn(opt, ":=");

	if (i >= nlen)
		return false;
	memcpy(name, opt, i);
	name[i] = '\0';
	*value = opt[i] ? opt + i + 1 : NULL;
	return true;
}

#define FOR_SERVICES(cf, svc)                                                                      \
	for (const struct compose_service *svc = (cf)->services;                                   \
	     svc && svc < (cf)->services + (cf)->n_services; svc++)

/* ---- CMP-001: privileged ---- */

static int check_privileged(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at;
		if (!svc_true(svc, "privileged", &at))
			continue;
		int r = report(
			self, out, &at,
			"service '%.80s' runs privileged: every capability, every host device "
			"and no seccomp or AppArmor confinement",
			svc->name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-002: dangerous capabilities ---- */

static int check_cap_add(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->cap_add.len; i++) {
			const struct compose_item *it = &svc->cap_add.items[i];
			const char *risk = it->unsure ? NULL : podsec_cap_risk(it->s);
			if (!risk)
				continue;
			int r = report(self, out, &it->at,
				       "service '%.80s' adds capability '%.40s': %s", svc->name,
				       it->s, risk);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-003 and CMP-012: runtime sockets and sensitive host paths ---- */

static int check_mounts(const struct bw_rule *self, const void *subject, struct bw_report *out,
			enum podsec_path want)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->n_mounts; i++) {
			const struct compose_mount *m = &svc->mounts[i];
			const char *what = NULL;
			if (m->type != COMPOSE_MOUNT_BIND && m->type != COMPOSE_MOUNT_OTHER)
				continue;
			if (!m->source || podsec_host_path(m->source, &what) != want)
				continue;
			/* An unresolved variable may stand for anything, except in front of a
			 * socket's file name ("${XDG_RUNTIME_DIR}/docker.sock"). */
			if (m->unsure && want != PODSEC_PATH_SOCKET)
				continue;
			int r;
			if (want == PODSEC_PATH_SOCKET)
				r = report(self, out, &m->at,
					   "service '%.80s' mounts '%.200s' (%s) at '%.200s'%s: "
					   "whoever controls the container controls the host",
					   svc->name, m->source, what, m->target,
					   m->read_only ? "; read-only does not stop API calls"
							: "");
			else
				r = report(self, out, &m->at,
					   "service '%.80s' mounts host path '%.200s' (%s) at "
					   "'%.200s'%s",
					   svc->name, m->source, what, m->target,
					   m->read_only ? " read-only" : " writable");
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int check_socket(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_mounts(self, subject, out, PODSEC_PATH_SOCKET);
}

static int check_host_paths(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_mounts(self, subject, out, PODSEC_PATH_SENSITIVE);
}

/* ---- CMP-004: capabilities not dropped ---- */

static int check_cap_drop(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		bool all = false;
		for (size_t i = 0; i < svc->cap_drop.len && !all; i++)
			all = svc->cap_drop.items[i].unsure ||
			      podsec_cap_is_all(svc->cap_drop.items[i].s);
		if (all || svc_privileged(svc))
			continue;
		int r = report(self, out, &svc->at,
			       "service '%.80s' keeps Docker's default capabilities (no 'cap_drop: "
			       "[ALL]')",
			       svc->name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-005: no-new-privileges ---- */

static int check_no_new_privs(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		const struct compose_item *off = NULL;
		bool on = false;
		for (size_t i = 0; i < svc->security_opt.len; i++) {
			const struct compose_item *it = &svc->security_opt.items[i];
			char name[64];
			const char *v;
			bool b = true;
			if (!secopt_split(it->s, name, sizeof(name), &v) ||
			    strcmp(name, "no-new-privileges") != 0)
				continue;
			if (it->unsure) {
				on = true;
				continue;
			}
			if (v)
				b = !(strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
				      strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0);
			if (b)
				on = true;
			else
				off = it;
		}
		if (on)
			continue;
		int r = off ? report(self, out, &off->at,
				     "service '%.80s' turns no-new-privileges off ('%.60s'): "
				     "setuid "
				     "programs can raise its privileges",
				     svc->name, off->s)
			    : report(self, out, &svc->at,
				     "service '%.80s' does not set 'no-new-privileges:true': "
				     "setuid "
				     "programs can raise its privileges",
				     svc->name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-006: confinement disabled ---- */

static const char *confinement_off(const char *opt)
{
	char name[64];
	const char *v;

	if (!secopt_split(opt, name, sizeof(name), &v) || !v)
		return NULL;
	if (strcmp(name, "seccomp") == 0 && strcmp(v, "unconfined") == 0)
		return "turns seccomp off: every system call is allowed";
	if (strcmp(name, "apparmor") == 0 && strcmp(v, "unconfined") == 0)
		return "turns AppArmor off";
	if (strcmp(name, "label") == 0 && strcmp(v, "disable") == 0)
		return "turns SELinux labelling off";
	if (strcmp(name, "label") == 0 &&
	    (strcmp(v, "type:spc_t") == 0 || strcmp(v, "type:unconfined_t") == 0))
		return "runs under an unconfined SELinux type";
	if (strcmp(name, "systempaths") == 0 && strcmp(v, "unconfined") == 0)
		return "unmasks /proc and /sys paths Docker hides";
	return NULL;
}

static int check_confinement(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->security_opt.len; i++) {
			const struct compose_item *it = &svc->security_opt.items[i];
			const char *why = it->unsure ? NULL : confinement_off(it->s);
			if (!why)
				continue;
			int r = report(self, out, &it->at, "service '%.80s' sets '%.80s', which %s",
				       svc->name, it->s, why);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-007..CMP-011: host namespaces ---- */

static int check_ns(const struct bw_rule *self, const void *subject, struct bw_report *out,
		    const char *key, const char *alt_key, const char *what)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at;
		const char *k = key;
		const char *v = svc_str(svc, key, &at);
		if (!v && alt_key) {
			k = alt_key;
			v = svc_str(svc, alt_key, &at);
		}
		if (!v || strcmp(v, "host") != 0)
			continue;
		int r = report(self, out, &at,
			       "service '%.80s' sets '%s: host': it shares the host's %s",
			       svc->name, k, what);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_net_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ns(self, subject, out, "network_mode", "net",
			"network stack (every host port and interface, localhost services)");
}

static int check_pid_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ns(self, subject, out, "pid", NULL, "processes (it can see and signal them)");
}

static int check_ipc_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ns(self, subject, out, "ipc", NULL, "shared memory and IPC objects");
}

static int check_uts_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ns(self, subject, out, "uts", NULL, "hostname and domain name");
}

static int check_userns_host(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ns(self, subject, out, "userns_mode", NULL,
			"user namespace (root in the container is root on the host)");
}

/* ---- CMP-013: shared mount propagation ---- */

static int check_propagation(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->n_mounts; i++) {
			const struct compose_mount *m = &svc->mounts[i];
			if (!m->propagation || (strcmp(m->propagation, "shared") != 0 &&
						strcmp(m->propagation, "rshared") != 0))
				continue;
			int r = report(
				self, out, &m->at,
				"service '%.80s' mounts '%.200s' with '%s' propagation: mounts "
				"made in the container appear on the host",
				svc->name, m->target, m->propagation);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-014: devices ---- */

static int check_devices(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->devices.len; i++) {
			const struct compose_item *it = &svc->devices.items[i];
			int r = report(
				self, out, &it->at,
				"service '%.80s' maps host device '%.200s' into the container",
				svc->name, it->s);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-015, CMP-016, CMP-017: published ports ---- */

static bool on_all_interfaces(const struct compose_port *p)
{
	return !p->host_ip || strcmp(p->host_ip, "0.0.0.0") == 0 || strcmp(p->host_ip, "::") == 0;
}

/* The database or admin product behind a port entry (its container port, as the image or
 * service name confirms), or NULL. */
static const char *port_product(const struct compose_service *svc, const struct compose_port *p,
				unsigned *ret_port)
{
	const char *img = svc_str(svc, "image", NULL);
	const char *w;

	if (p->target_lo == p->target_hi &&
	    (w = podsec_port_service(p->target_lo, img, svc->name))) {
		*ret_port = p->target_lo;
		return w;
	}
	return NULL;
}

static bool network_host(const struct compose_service *svc)
{
	const char *v = svc_str(svc, "network_mode", NULL);

	if (!v)
		v = svc_str(svc, "net", NULL);
	return v && strcmp(v, "host") == 0;
}

static int check_ports(const struct bw_rule *self, const void *subject, struct bw_report *out,
		       bool products)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		if (network_host(svc))
			continue; /* ports are ignored; CMP-007 reports the host network */
		for (size_t i = 0; i < svc->n_ports; i++) {
			const struct compose_port *p = &svc->ports[i];
			unsigned port = 0;
			const char *what;
			int r;
			if (p->unsure || !on_all_interfaces(p))
				continue;
			what = port_product(svc, p, &port);
			if (products != (what != NULL))
				continue;
			const char *random = p->published ? "" : " (on a random host port)";
			if (what)
				r = report(
					self, out, &p->at,
					"service '%.80s' publishes %s port %u ('%.80s') on every "
					"host interface%s",
					svc->name, what, port, p->text, random);
			else
				r = report(self, out, &p->at,
					   "service '%.80s' publishes port '%.80s' on every host "
					   "interface%s",
					   svc->name, p->text, random);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int check_ports_all(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ports(self, subject, out, false);
}

static int check_ports_db(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_ports(self, subject, out, true);
}

static int check_low_ports(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->n_ports; i++) {
			const struct compose_port *p = &svc->ports[i];
			if (p->unsure || !p->published || p->published_lo == 0 ||
			    p->published_lo >= 1024)
				continue;
			int r = report(
				self, out, &p->at,
				"service '%.80s' publishes privileged host port %u ('%.80s')",
				svc->name, p->published_lo, p->text);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-018: writable root file system ---- */

static int check_read_only(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at = svc->at;
		const struct ydoc_node *n = compose_service_get(svc, "read_only", &at);
		bool b = false;
		if (n && (compose_unsure(n) || (compose_bool(n, &b) == 0 && b)))
			continue;
		int r = report(self, out, &at,
			       "service '%.80s' has a writable root file system (%s)", svc->name,
			       n ? "'read_only' is not true" : "no 'read_only: true'");
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-019, CMP-020: user ---- */

static bool user_is_root(const char *u)
{
	size_t n = strcspn(u, ":");

	return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

static int check_user_root(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at;
		const char *u = svc_str(svc, "user", &at);
		if (!u || !user_is_root(u))
			continue;
		int r = report(self, out, &at, "service '%.80s' runs as root ('user: %.60s')",
			       svc->name, u);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_user_unset(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		if (svc_has(svc, "user"))
			continue;
		int r = report(self, out, &svc->at,
			       "service '%.80s' sets no 'user': it runs as the image's user, root "
			       "unless the image says otherwise",
			       svc->name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-021..CMP-023: limits ---- */

static bool limit_set(const struct compose_service *svc, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		const struct ydoc_node *n = compose_service_get(svc, keys[i], NULL);
		if (n && !ydoc_is_null(n) &&
		    !(ydoc_str(n) && (strcmp(n->str, "0") == 0 || strcmp(n->str, "-1") == 0)))
			return true;
	}
	return false;
}

static int check_limit(const struct bw_rule *self, const void *subject, struct bw_report *out,
		       const char *const *keys, const char *what)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		if (limit_set(svc, keys))
			continue;
		int r = report(self, out, &svc->at, "service '%.80s' has no %s limit ('%s')",
			       svc->name, what, keys[0]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_mem_limit(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const keys[] = {"mem_limit", "deploy.resources.limits.memory", NULL};

	return check_limit(self, subject, out, keys, "memory");
}

static int check_cpu_limit(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const keys[] = {
		"cpus",	       "deploy.resources.limits.cpus",
		"cpu_quota",   "cpu_count",
		"cpu_percent", "cpu_shares",
		NULL,
	};

	return check_limit(self, subject, out, keys, "CPU");
}

static int check_pids_limit(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	static const char *const keys[] = {"pids_limit", "deploy.resources.limits.pids", NULL};

	return check_limit(self, subject, out, keys, "PIDs");
}

/* ---- CMP-024, CMP-025: image tags and digests ---- */

static int check_image(const struct bw_rule *self, const void *subject, struct bw_report *out,
		       bool want_digest)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at;
		const char *img = svc_str(svc, "image", &at);
		if (!img || !*img || svc_has(svc, "build"))
			continue; /* built here: the image name is the build's result */
		const char *why = podsec_image_problem(img, want_digest);
		if (!why)
			continue;
		int r = report(self, out, &at, "service '%.80s' image '%.200s' %s", svc->name, img,
			       why);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_latest(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_image(self, subject, out, false);
}

static int check_digest(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_image(self, subject, out, true);
}

/* ---- CMP-026: secrets in environment ---- */

static int check_env_secrets(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->n_env; i++) {
			const struct compose_env *e = &svc->env[i];
			char masked[160];
			/* Judge what is written in the file: a value taken from .env or the
			 * shell (${VAR}) is the right way to pass a secret. */
			if (!e->raw || strchr(e->raw, '$'))
				continue;
			const char *kind = secret_classify(e->name, e->raw);
			if (!kind)
				continue;
			secret_mask(e->raw, masked, sizeof(masked));
			int r = report(self, out, &e->at,
				       "service '%.80s' environment '%.80s' holds a secret (%s: "
				       "'%s') written "
				       "in the compose file",
				       svc->name, e->name, kind, masked);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-027: restart always without a health check ---- */

static bool healthcheck_on(const struct compose_service *svc)
{
	const struct ydoc_node *hc = compose_service_get(svc, "healthcheck", NULL);
	bool off = false;

	if (!hc || ydoc_is_null(hc))
		return false;
	if (compose_bool(ydoc_map_get(hc, "disable"), &off) == 0 && off)
		return false;
	const struct ydoc_node *t = ydoc_map_get(hc, "test");
	if (t && t->kind == YDOC_SEQ && t->n_items > 0 && ydoc_str(t->items[0]) &&
	    strcmp(t->items[0]->str, "NONE") == 0)
		return false;
	return true;
}

static int check_restart(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at;
		const char *key = "restart";
		const char *v = svc_str(svc, "restart", &at);
		if (!v || strcmp(v, "always") != 0) {
			key = "deploy.restart_policy.condition";
			v = svc_str(svc, key, &at);
			if (!v || strcmp(v, "any") != 0)
				continue;
		}
		if (healthcheck_on(svc))
			continue;
		int r = report(self, out, &at,
			       "service '%.80s' sets '%s: %s' without a 'healthcheck': a hung "
			       "process is never restarted, a crashing one restarts forever",
			       svc->name, key, v);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-028: sysctls ---- */

static int check_sysctls(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		for (size_t i = 0; i < svc->sysctls.len; i++) {
			const struct compose_item *it = &svc->sysctls.items[i];
			char name[256];
			const char *eq = strchr(it->s, '=');
			size_t n = eq ? (size_t)(eq - it->s) : strlen(it->s);
			if (it->unsure || n >= sizeof(name))
				continue;
			memcpy(name, it->s, n);
			name[n] = '\0';
			const char *why = podsec_sysctl_risk(name, eq ? eq + 1 : NULL);
			if (!why)
				continue;
			int r = report(self, out, &it->at,
				       "service '%.80s' sets sysctl '%.120s': %s", svc->name, it->s,
				       why);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- CMP-029: legacy format ---- */

static int check_v1(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct compose_file *cf = SUB(subject)->cf;

	if (cf->format != COMPOSE_FORMAT_V1)
		return 0;
	return bw_report_add(out, self, cf->format_line, 1,
			     "legacy v1 compose format (services at the top level, no "
			     "'services:' key): Docker Compose v2 does not read it");
}

/* ---- CMP-030: references the linter could not follow ---- */

static int check_missing(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct compose_file *cf = SUB(subject)->cf;

	for (size_t i = 0; i < cf->n_missing; i++) {
		const struct compose_ref *m = &cf->missing[i];
		int r = report(self, out, &m->at, "%s '%.200s' %s: what it defines was not checked",
			       m->what, m->path, m->why);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- CMP-031: registries outside the trusted list ---- */

/* With `build:`, a name without a registry ("acme/web") only tags the local build, as a stage
 * name does in a Dockerfile; a name with one ("ghcr.io/acme/web") is pulled from and pushed
 * to that registry, unless `pull_policy: build` says it is never pulled. */
static bool svc_pulls(const struct compose_service *svc, const struct registry_ref *r)
{
	const char *policy;

	if (!svc_has(svc, "build"))
		return true;
	policy = svc_str(svc, "pull_policy", NULL);
	return r->host_given && !(policy && strcmp(policy, "build") == 0);
}

static int check_registry(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_SERVICES(SUB(subject)->cf, svc)
	{
		struct compose_where at;
		struct registry_ref r;
		const char *img = svc_str(svc, "image", &at); /* NULL when a variable is unset */
		if (!img || registry_ref_parse(img, &r) < 0 || !svc_pulls(svc, &r) ||
		    registry_trusted(SUB(subject)->cfg, &r))
			continue;
		int ret = report(self, out, &at,
				 "service '%.80s' image '%.200s' comes from registry '%s', which "
				 "is not in trusted_registries",
				 svc->name, img, r.registry);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static const struct bw_rule compose_rules[] = {
	{
		.id = "CMP-001",
		.severity = BW_SEV_CRITICAL,
		.title = "Service runs privileged",
		.aliases = "CIS-5.5 KSV-0017",
		.fix = "Remove 'privileged: true' and grant only the capabilities or devices the "
		       "service needs.",
		.check = check_privileged,
	},
	{
		.id = "CMP-002",
		.severity = BW_SEV_HIGH,
		.title = "Service adds a dangerous capability",
		.aliases = "CIS-5.4 KSV-0005 KSV-0022",
		.fix = "Remove the capability from 'cap_add', or run the task that needs it in a "
		       "separate, short-lived container.",
		.check = check_cap_add,
	},
	{
		.id = "CMP-003",
		.severity = BW_SEV_CRITICAL,
		.title = "Docker or containerd socket mounted into a service",
		.aliases = "CIS-5.32 KSV-0006",
		.fix = "Remove the socket volume; if the service needs the API, put a socket proxy "
		       "in front that allows only the calls it makes.",
		.check = check_socket,
	},
	{
		.id = "CMP-004",
		.severity = BW_SEV_LOW,
		.title = "Service does not drop all capabilities",
		.aliases = "CIS-5.4 KSV-0003",
		.fix = "Add 'cap_drop: [ALL]' and add back in 'cap_add' only what the service "
		       "needs.",
		.check = check_cap_drop,
	},
	{
		.id = "CMP-005",
		.severity = BW_SEV_MEDIUM,
		.title = "Service can gain new privileges (no no-new-privileges)",
		.aliases = "CIS-5.26 KSV-0001",
		.fix = "Add 'security_opt: [\"no-new-privileges:true\"]'.",
		.check = check_no_new_privs,
	},
	{
		.id = "CMP-006",
		.severity = BW_SEV_HIGH,
		.title = "Seccomp, AppArmor or SELinux confinement turned off",
		.aliases = "CIS-5.2 CIS-5.3 CIS-5.22 KSV-0002 KSV-0025 KSV-0030",
		.fix = "Remove the 'unconfined' or 'disable' security_opt; write a custom profile "
		       "if the default one blocks something the service needs.",
		.check = check_confinement,
	},
	{
		.id = "CMP-007",
		.severity = BW_SEV_HIGH,
		.title = "Service shares the host network namespace",
		.aliases = "CIS-5.10 KSV-0009",
		.fix = "Remove 'network_mode: host' and publish the ports the service serves.",
		.check = check_net_host,
	},
	{
		.id = "CMP-008",
		.severity = BW_SEV_HIGH,
		.title = "Service shares the host PID namespace",
		.aliases = "CIS-5.16 KSV-0010",
		.fix = "Remove 'pid: host'.",
		.check = check_pid_host,
	},
	{
		.id = "CMP-009",
		.severity = BW_SEV_HIGH,
		.title = "Service shares the host IPC namespace",
		.aliases = "CIS-5.17 KSV-0008",
		.fix = "Remove 'ipc: host'; share IPC between services with 'ipc: service:NAME' "
		       "if they need it.",
		.check = check_ipc_host,
	},
	{
		.id = "CMP-010",
		.severity = BW_SEV_MEDIUM,
		.title = "Service shares the host UTS namespace",
		.aliases = "CIS-5.21",
		.fix = "Remove 'uts: host'; set 'hostname' if the service needs a fixed name.",
		.check = check_uts_host,
	},
	{
		.id = "CMP-011",
		.severity = BW_SEV_MEDIUM,
		.title = "Service shares the host user namespace",
		.aliases = "CIS-5.31",
		.fix = "Remove 'userns_mode: host' so the daemon's user namespace remapping "
		       "applies.",
		.check = check_userns_host,
	},
	{
		.id = "CMP-012",
		.severity = BW_SEV_HIGH,
		.title = "Sensitive host path mounted into a service",
		.aliases = "CIS-5.6 KSV-0023",
		.fix = "Mount only the files the service needs, read-only, or use a named volume.",
		.check = check_host_paths,
	},
	{
		.id = "CMP-013",
		.severity = BW_SEV_MEDIUM,
		.title = "Mount with shared propagation",
		.aliases = "CIS-5.20",
		.fix = "Drop the 'shared'/'rshared' propagation option (the default is "
		       "'rprivate').",
		.check = check_propagation,
	},
	{
		.id = "CMP-014",
		.severity = BW_SEV_MEDIUM,
		.title = "Host device mapped into a service",
		.aliases = "CIS-5.18",
		.fix = "Remove the device, or map it read-only ('r' permission) if the service "
		       "only "
		       "reads it.",
		.check = check_devices,
	},
	{
		.id = "CMP-015",
		.severity = BW_SEV_LOW,
		.title = "Port published on every host interface",
		.aliases = "CIS-5.14",
		.fix = "Bind the port to one address ('127.0.0.1:8080:80') unless it must be "
		       "reachable "
		       "from other hosts.",
		.check = check_ports_all,
	},
	{
		.id = "CMP-016",
		.severity = BW_SEV_HIGH,
		.title = "Database or admin port published on every host interface",
		.aliases = "CIS-5.14",
		.fix = "Do not publish the port (services reach it over the compose network), or "
		       "bind it to 127.0.0.1.",
		.check = check_ports_db,
	},
	{
		.id = "CMP-017",
		.severity = BW_SEV_LOW,
		.title = "Privileged host port (below 1024) published",
		.aliases = "CIS-5.8",
		.fix = "Publish on a host port of 1024 or above, or put a reverse proxy in front.",
		.check = check_low_ports,
	},
	{
		.id = "CMP-018",
		.severity = BW_SEV_LOW,
		.title = "Root file system is writable",
		.aliases = "CIS-5.13 KSV-0014",
		.fix = "Add 'read_only: true' with 'tmpfs' or volumes for the paths the service "
		       "writes.",
		.check = check_read_only,
	},
	{
		.id = "CMP-019",
		.severity = BW_SEV_MEDIUM,
		.title = "Service runs as root",
		.aliases = "KSV-0105",
		.fix = "Set 'user' to a non-root UID:GID the image has files for.",
		.check = check_user_root,
	},
	{
		.id = "CMP-020",
		.severity = BW_SEV_LOW,
		.title = "Service sets no user: it runs as the image's user",
		.aliases = "KSV-0012",
		.fix = "Set 'user' to a non-root UID:GID, or make sure the image's USER is not "
		       "root.",
		.check = check_user_unset,
	},
	{
		.id = "CMP-021",
		.severity = BW_SEV_LOW,
		.title = "Service has no memory limit",
		.aliases = "CIS-5.11 KSV-0018",
		.fix = "Set 'mem_limit' (or 'deploy.resources.limits.memory').",
		.check = check_mem_limit,
	},
	{
		.id = "CMP-022",
		.severity = BW_SEV_LOW,
		.title = "Service has no CPU limit",
		.aliases = "CIS-5.12 KSV-0011",
		.fix = "Set 'cpus' (or 'deploy.resources.limits.cpus').",
		.check = check_cpu_limit,
	},
	{
		.id = "CMP-023",
		.severity = BW_SEV_LOW,
		.title = "Service has no PIDs limit",
		.aliases = "CIS-5.29",
		.fix = "Set 'pids_limit' (or 'deploy.resources.limits.pids') so a fork bomb stays "
		       "inside the container.",
		.check = check_pids_limit,
	},
	{
		.id = "CMP-024",
		.severity = BW_SEV_MEDIUM,
		.title = "Image uses the 'latest' tag or no tag",
		.aliases = "KSV-0013",
		.fix = "Pin the image to a version tag, ideally with its digest.",
		.check = check_latest,
	},
	{
		.id = "CMP-025",
		.severity = BW_SEV_INFO,
		.title = "Image is not pinned by digest",
		.aliases = "",
		.fix = "Append the digest: 'image: name:tag@sha256:...'.",
		.check = check_digest,
	},
	{
		.id = "CMP-026",
		.severity = BW_SEV_HIGH,
		.title = "Secret written in a service's environment",
		.aliases = "",
		.fix = "Move the value to a compose secret ('secrets:' with 'file:') or to an "
		       "env_file kept out of version control, and rotate it.",
		.check = check_env_secrets,
	},
	{
		.id = "CMP-027",
		.severity = BW_SEV_LOW,
		.title = "Restart policy 'always' without a health check",
		.aliases = "CIS-5.15 CIS-5.27",
		.fix = "Add a 'healthcheck', and prefer 'restart: on-failure' with a retry limit.",
		.check = check_restart,
	},
	{
		.id = "CMP-028",
		.severity = BW_SEV_MEDIUM,
		.title = "Risky sysctl set",
		.aliases = "KSV-0026",
		.fix = "Remove the sysctl, or set it on the host if the host really needs it.",
		.check = check_sysctls,
	},
	{
		.id = "CMP-029",
		.severity = BW_SEV_INFO,
		.title = "Legacy v1 compose file format",
		.aliases = "",
		.fix = "Move the services under a top-level 'services:' key (and 'net:' to "
		       "'network_mode:').",
		.check = check_v1,
	},
	{
		.id = "CMP-030",
		.severity = BW_SEV_INFO,
		.title = "File named by 'include' or 'extends' not found",
		.aliases = "",
		.fix = "Lint the project with the referenced file present, or fix the path.",
		.check = check_missing,
	},
	{
		.id = "CMP-031",
		.severity = BW_SEV_HIGH,
		.title = "Image pulled from a registry outside the trusted list",
		.aliases = "CIS-4.2",
		.fix = "Pull the image from a trusted registry, or add its registry to "
		       "trusted_registries in .bulwark.yaml.",
		.check = check_registry,
	},
};

const struct bw_ruleset compose_ruleset = {
	.name = "compose",
	.kind = "compose",
	.prefix = "CMP-",
	.rules = compose_rules,
	.len = BW_ARRAY_SIZE(compose_rules),
};
