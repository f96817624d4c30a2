/* SPDX-License-Identifier: Apache-2.0 */
/* Kubernetes rules K8S-001..: per workload and per container (init and ephemeral ones too),
 * what the pod may do to its node (privileges, capabilities, host namespaces, hostPath
 * volumes, host ports), how it is bounded (user, read-only root, limits, seccomp) and what it
 * runs and carries (image pins and registries, secrets in env). The securityContext is
 * resolved as the kubelet does: a container's own field, else the pod's. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/report.h"
#include "core/rule.h"
#include "lint/k8s-rules.h"
#include "lint/k8s.h"
#include "lint/podsec.h"
#include "lint/registry.h"
#include "secret/secret.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

#define KF(s) (((const struct k8s_subject *)(s))->kf)

#define FOR_WORKLOADS(kf, w)                                                                       \
	for (const struct k8s_workload *w = (kf)->workloads;                                       \
	     w && w < (kf)->workloads + (kf)->n_workloads; w++)
#define FOR_CONTAINERS(w, c)                                                                       \
	for (const struct k8s_container *c = (w)->containers;                                      \
	     c && c < (w)->containers + (w)->n_containers; c++)

/* "container 'app' of Deployment 'web'" */
static void ctr_label(const struct k8s_workload *w, const struct k8s_container *c, char *out,
		      size_t outlen)
{
	(void)snprintf(out, outlen, "%s '%.80s' of %s '%.80s'", k8s_container_kind_name(c->kind),
		       c->name, w->kind, w->name);
}

static int at_node(const struct bw_rule *self, struct bw_report *out, const struct ydoc_node *n,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int at_node(const struct bw_rule *self, struct bw_report *out, const struct ydoc_node *n,
		   const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (podsec_reported(out, self, n->line, n->col))
		return 0;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bw_report_add(out, self, n->line, n->col, "%s", msg);
}

static bool is_true(const struct ydoc_node *n)
{
	bool b = false;

	return n && ydoc_bool(n, &b) == 0 && b;
}

static bool is_false(const struct ydoc_node *n)
{
	bool b = true;

	return n && ydoc_bool(n, &b) == 0 && !b;
}

static const struct ydoc_node *sc_field(const struct k8s_container *c, const char *key)
{
	return ydoc_map_get(c->sc, key);
}

static bool privileged(const struct k8s_container *c)
{
	return is_true(sc_field(c, "privileged"));
}

/* ---- K8S-001: privileged ---- */

static int check_privileged(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		char l[256];
		const struct ydoc_node *n = sc_field(c, "privileged");
		if (!is_true(n))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(self, out, n,
				"%s runs privileged: every capability, every node device and no "
				"seccomp or AppArmor confinement",
				l);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- K8S-002, K8S-003: capabilities ---- */

static const struct ydoc_node *caps_list(const struct k8s_container *c, const char *which)
{
	const struct ydoc_node *l = ydoc_map_get(ydoc_map_get(c->sc, "capabilities"), which);

	return l && l->kind == YDOC_SEQ ? l : NULL;
}

static int check_cap_add(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *add = caps_list(c, "add");
		for (size_t i = 0; add && i < add->n_items; i++) {
			const char *cap = ydoc_str(add->items[i]);
			const char *risk = cap ? podsec_cap_risk(cap) : NULL;
			char l[256];
			if (!risk)
				continue;
			ctr_label(w, c, l, sizeof(l));
			int r = at_node(self, out, add->items[i], "%s adds capability '%.40s': %s",
					l, cap, risk);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int check_cap_drop(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *drop = caps_list(c, "drop");
		bool all = false;
		char l[256];
		for (size_t i = 0; drop && i < drop->n_items && !all; i++)
			all = ydoc_str(drop->items[i]) && podsec_cap_is_all(drop->items[i]->str);
		if (all || privileged(c))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(
			self, out, drop ? drop : c->node,
			"%s does not drop all capabilities (no 'capabilities: {drop: [ALL]}')", l);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- K8S-004: privilege escalation ---- */

static int check_escalation(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *n = sc_field(c, "allowPrivilegeEscalation");
		char l[256];
		if (is_false(n))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = n ? at_node(self, out, n,
				    "%s sets 'allowPrivilegeEscalation: %.20s': setuid programs "
				    "can "
				    "raise its privileges",
				    l, ydoc_str(n) ? n->str : "?")
			  : at_node(self, out, c->node,
				    "%s does not set 'allowPrivilegeEscalation: false': setuid "
				    "programs can raise its privileges",
				    l);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- K8S-005: confinement off ---- */

/* Why a securityContext turns confinement off, or NULL; *ret_at is the offending value. */
static const char *profile_off(const struct ydoc_node *sc, const struct ydoc_node **ret_at)
{
	const struct ydoc_node *t;

	t = ydoc_map_get(ydoc_map_get(sc, "seccompProfile"), "type");
	if (ydoc_str(t) && strcmp(t->str, "Unconfined") == 0) {
		*ret_at = t;
		return "seccompProfile type 'Unconfined': every system call is allowed";
	}
	t = ydoc_map_get(ydoc_map_get(sc, "appArmorProfile"), "type");
	if (ydoc_str(t) && strcmp(t->str, "Unconfined") == 0) {
		*ret_at = t;
		return "appArmorProfile type 'Unconfined'";
	}
	t = ydoc_map_get(ydoc_map_get(sc, "seLinuxOptions"), "type");
	if (ydoc_str(t) && (strcmp(t->str, "spc_t") == 0 || strcmp(t->str, "unconfined_t") == 0)) {
		*ret_at = t;
		return "an unconfined SELinux type";
	}
	return NULL;
}

static int check_annotations(const struct bw_rule *self, const struct k8s_workload *w,
			     struct bw_report *out)
{
	const struct ydoc_node *ann = ydoc_map_get(w->pod_meta, "annotations");

	if (!ann || ann->kind != YDOC_MAP)
		return 0;
	for (size_t i = 0; i < ann->n_pairs; i++) {
		const char *k = ydoc_str(ann->pairs[i].key), *v = ydoc_str(ann->pairs[i].value);
		if (!k || !v || strcmp(v, "unconfined") != 0)
			continue;
		if (!bw_str_startswith(k, "container.apparmor.security.beta.kubernetes.io/") &&
		    !bw_str_startswith(k, "seccomp.security.alpha.kubernetes.io/") &&
		    !bw_str_startswith(k, "container.seccomp.security.alpha.kubernetes.io/"))
			continue;
		int r = at_node(self, out, ann->pairs[i].value,
				"%s '%.80s' annotation '%.120s' turns confinement off", w->kind,
				w->name, k);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_confinement(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		const struct ydoc_node *at = NULL;
		const char *why = profile_off(w->pod_sc, &at);
		int r = 0;
		if (why)
			r = at_node(self, out, at, "%s '%.80s' pod securityContext sets %s",
				    w->kind, w->name, why);
		if (r == 0)
			r = check_annotations(self, w, out);
		if (r < 0)
			return r;
		FOR_CONTAINERS(w, c)
		{
			char l[256];
			why = profile_off(c->sc, &at);
			if (!why)
				continue;
			ctr_label(w, c, l, sizeof(l));
			r = at_node(self, out, at, "%s sets %s", l, why);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-006..K8S-008: host namespaces ---- */

static int check_host_ns(const struct bw_rule *self, const void *subject, struct bw_report *out,
			 const char *key, const char *what)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		const struct ydoc_node *n = ydoc_map_get(w->pod_spec, key);
		if (!is_true(n))
			continue;
		int r = at_node(self, out, n, "%s '%.80s' sets '%s: true': it shares the node's %s",
				w->kind, w->name, key, what);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_host_network(const struct bw_rule *self, const void *subject,
			      struct bw_report *out)
{
	return check_host_ns(self, subject, out, "hostNetwork",
			     "network stack (every port and interface, localhost services)");
}

static int check_host_pid(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_host_ns(self, subject, out, "hostPID", "processes");
}

static int check_host_ipc(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_host_ns(self, subject, out, "hostIPC", "shared memory and IPC objects");
}

/* ---- K8S-009..K8S-011: hostPath volumes ---- */

static int check_host_paths(const struct bw_rule *self, const void *subject, struct bw_report *out,
			    enum podsec_path want)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		const struct ydoc_node *vols = ydoc_map_get(w->pod_spec, "volumes");
		for (size_t i = 0; vols && vols->kind == YDOC_SEQ && i < vols->n_items; i++) {
			const struct ydoc_node *v = vols->items[i];
			const struct ydoc_node *p =
				ydoc_map_get(ydoc_map_get(v, "hostPath"), "path");
			const char *name = ydoc_str(ydoc_map_get(v, "name"));
			const char *what = NULL;
			int r;
			if (!ydoc_str(p) || podsec_host_path(p->str, &what) != want)
				continue;
			if (want == PODSEC_PATH_OK)
				r = at_node(
					self, out, p,
					"%s '%.80s' volume '%.80s' mounts host path '%.200s' from "
					"the node",
					w->kind, w->name, name ? name : "", p->str);
			else
				r = at_node(
					self, out, p,
					"%s '%.80s' volume '%.80s' mounts host path '%.200s' (%s)",
					w->kind, w->name, name ? name : "", p->str, what);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int check_socket(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_host_paths(self, subject, out, PODSEC_PATH_SOCKET);
}

static int check_sensitive(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_host_paths(self, subject, out, PODSEC_PATH_SENSITIVE);
}

static int check_hostpath(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_host_paths(self, subject, out, PODSEC_PATH_OK);
}

/* ---- K8S-012: bidirectional propagation ---- */

static int check_propagation(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *vm = ydoc_map_get(c->node, "volumeMounts");
		for (size_t i = 0; vm && vm->kind == YDOC_SEQ && i < vm->n_items; i++) {
			const struct ydoc_node *p = ydoc_map_get(vm->items[i], "mountPropagation");
			const char *mp = ydoc_str(ydoc_map_get(vm->items[i], "mountPath"));
			char l[256];
			if (!ydoc_str(p) || strcmp(p->str, "Bidirectional") != 0)
				continue;
			ctr_label(w, c, l, sizeof(l));
			int r = at_node(self, out, p,
					"%s mounts '%.200s' with Bidirectional propagation: mounts "
					"made in the container appear on the node",
					l, mp ? mp : "");
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-013: host ports ---- */

static int check_host_ports(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *ports = ydoc_map_get(c->node, "ports");
		for (size_t i = 0; ports && ports->kind == YDOC_SEQ && i < ports->n_items; i++) {
			const struct ydoc_node *hp = ydoc_map_get(ports->items[i], "hostPort");
			int64_t v;
			char l[256];
			if (ydoc_int(hp, &v) < 0 || v <= 0)
				continue;
			const char *ip = ydoc_str(ydoc_map_get(ports->items[i], "hostIP"));
			ctr_label(w, c, l, sizeof(l));
			int r = at_node(self, out, hp, "%s binds host port %lld on %s%.60s%s", l,
					(long long)v, ip ? "'" : "every node interface",
					ip ? ip : "", ip ? "'" : "");
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-014: writable root file system ---- */

static int check_read_only(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *n = sc_field(c, "readOnlyRootFilesystem");
		char l[256];
		if (is_true(n))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(self, out, n ? n : c->node,
				"%s has a writable root file system (no 'readOnlyRootFilesystem: "
				"true')",
				l);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- K8S-015, K8S-016: root user ---- */

static int check_non_root(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *nr = k8s_sc_get(w, c, "runAsNonRoot", NULL);
		const struct ydoc_node *uid = k8s_sc_get(w, c, "runAsUser", NULL);
		int64_t u = -1;
		char l[256];
		if (is_true(nr) || (ydoc_int(uid, &u) == 0 && u != 0) || (uid && u == 0))
			continue; /* non-root, or K8S-016 reports the explicit root */
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(self, out, c->node,
				"%s may run as root: neither 'runAsNonRoot: true' nor a non-zero "
				"'runAsUser' is set",
				l);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_uid0(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		const struct ydoc_node *pod_uid = ydoc_map_get(w->pod_sc, "runAsUser");
		int64_t u;
		bool pod_used = false;
		FOR_CONTAINERS(w, c)
		{
			bool from_pod = false;
			const struct ydoc_node *uid = k8s_sc_get(w, c, "runAsUser", &from_pod);
			char l[256];
			if (ydoc_int(uid, &u) < 0 || u != 0)
				continue;
			if (from_pod) {
				pod_used = true;
				continue;
			}
			ctr_label(w, c, l, sizeof(l));
			int r = at_node(self, out, uid, "%s sets 'runAsUser: 0': it runs as root",
					l);
			if (r < 0)
				return r;
		}
		if (pod_used) {
			int r = at_node(self, out, pod_uid,
					"%s '%.80s' pod securityContext sets 'runAsUser: 0': its "
					"containers run as root",
					w->kind, w->name);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-017, K8S-018: limits ---- */

static int check_limit(const struct bw_rule *self, const void *subject, struct bw_report *out,
		       const char *what)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *lim = ydoc_map_get(c->resources, "limits");
		char l[256];
		if (c->kind == K8S_EPHEMERAL_CONTAINER)
			continue; /* ephemeral containers may not set resources */
		if (ydoc_map_get(lim, what))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(self, out,
				lim	       ? lim
				: c->resources ? c->resources
					       : c->node,
				"%s has no %s limit ('resources.limits.%s')", l,
				strcmp(what, "cpu") == 0 ? "CPU" : what, what);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_mem_limit(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_limit(self, subject, out, "memory");
}

static int check_cpu_limit(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_limit(self, subject, out, "cpu");
}

/* ---- K8S-019, K8S-020: image ---- */

static int check_image(const struct bw_rule *self, const void *subject, struct bw_report *out,
		       bool want_digest)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *img = ydoc_map_get(c->node, "image");
		const char *why;
		char l[256];
		if (!ydoc_str(img) || !img->len ||
		    !(why = podsec_image_problem(img->str, want_digest)))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(self, out, img, "%s image '%.200s' %s", l, img->str, why);
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

/* ---- K8S-021: secrets in env ---- */

static int check_env_secrets(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *env = ydoc_map_get(c->node, "env");
		for (size_t i = 0; env && env->kind == YDOC_SEQ && i < env->n_items; i++) {
			const char *name = ydoc_str(ydoc_map_get(env->items[i], "name"));
			const struct ydoc_node *v = ydoc_map_get(env->items[i], "value");
			char l[256], masked[160];
			if (!name || !ydoc_str(v) || strstr(v->str, "$("))
				continue; /* $(VAR) refers to another variable */
			const char *kind = secret_classify(name, v->str);
			if (!kind)
				continue;
			secret_mask(v->str, masked, sizeof(masked));
			ctr_label(w, c, l, sizeof(l));
			int r = at_node(
				self, out, v,
				"%s env '%.80s' holds a secret (%s: '%s') written in the manifest",
				l, name, kind, masked);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-022: sysctls ---- */

static int check_sysctls(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		const struct ydoc_node *s = ydoc_map_get(w->pod_sc, "sysctls");
		for (size_t i = 0; s && s->kind == YDOC_SEQ && i < s->n_items; i++) {
			const struct ydoc_node *nn = ydoc_map_get(s->items[i], "name");
			const char *v = ydoc_str(ydoc_map_get(s->items[i], "value"));
			const char *why = ydoc_str(nn) ? podsec_sysctl_risk(nn->str, v) : NULL;
			if (!why)
				continue;
			int r = at_node(self, out, nn, "%s '%.80s' sets sysctl '%.120s': %s",
					w->kind, w->name, nn->str, why);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-023: service account token ---- */

static int check_automount(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		const struct ydoc_node *n =
			ydoc_map_get(w->pod_spec, "automountServiceAccountToken");
		int r;
		if (is_false(n))
			continue;
		if (n)
			r = at_node(
				self, out, n,
				"%s '%.80s' mounts its service account token: any process in it "
				"can call the Kubernetes API",
				w->kind, w->name);
		else
			r = bw_report_add(out, self, w->line, w->col,
					  "%s '%.80s' does not set 'automountServiceAccountToken: "
					  "false': any process in it can call the Kubernetes API",
					  w->kind, w->name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- K8S-024: no seccomp profile ---- */

static bool seccomp_annotated(const struct k8s_workload *w)
{
	const char *v = ydoc_str(ydoc_map_get(ydoc_map_get(w->pod_meta, "annotations"),
					      "seccomp.security.alpha.kubernetes.io/pod"));

	return v && (strcmp(v, "runtime/default") == 0 || strcmp(v, "docker/default") == 0 ||
		     bw_str_startswith(v, "localhost/"));
}

static int check_seccomp(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	{
		if (seccomp_annotated(w))
			continue;
		FOR_CONTAINERS(w, c)
		{
			const struct ydoc_node *p = k8s_sc_get(w, c, "seccompProfile", NULL);
			char l[256];
			if (p)
				continue; /* set: K8S-005 judges 'Unconfined' */
			ctr_label(w, c, l, sizeof(l));
			int r = at_node(self, out, c->node,
					"%s sets no seccompProfile: it runs without the runtime's "
					"default seccomp filter unless the cluster enforces one",
					l);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- K8S-025: unmasked /proc ---- */

static int check_proc_mount(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *n = sc_field(c, "procMount");
		char l[256];
		if (!ydoc_str(n) || strcmp(n->str, "Unmasked") != 0)
			continue;
		ctr_label(w, c, l, sizeof(l));
		int r = at_node(self, out, n,
				"%s sets 'procMount: Unmasked': /proc paths the runtime hides "
				"become visible",
				l);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- K8S-026: registries outside the trusted list ---- */

static int check_registry(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct bw_config *cfg = ((const struct k8s_subject *)subject)->cfg;

	FOR_WORKLOADS(KF(subject), w)
	FOR_CONTAINERS(w, c)
	{
		const struct ydoc_node *img = ydoc_map_get(c->node, "image");
		struct registry_ref r;
		char l[256];
		/* "${REGISTRY}/app" is filled in by a tool (envsubst, a CI job) before apply */
		if (!ydoc_str(img) || strchr(img->str, '$') ||
		    registry_ref_parse(img->str, &r) < 0 || registry_trusted(cfg, &r))
			continue;
		ctr_label(w, c, l, sizeof(l));
		int ret = at_node(self, out, img,
				  "%s image '%.200s' comes from registry '%s', which is not in "
				  "trusted_registries",
				  l, img->str, r.registry);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static const struct bw_rule k8s_rules[] = {
	{
		.id = "K8S-001",
		.severity = BW_SEV_CRITICAL,
		.title = "Container runs privileged",
		.aliases = "KSV-0017 CIS-5.5",
		.fix = "Remove 'privileged: true' and grant only the capabilities the container "
		       "needs.",
		.check = check_privileged,
	},
	{
		.id = "K8S-002",
		.severity = BW_SEV_HIGH,
		.title = "Container adds a dangerous capability",
		.aliases = "KSV-0005 KSV-0022 CIS-5.4",
		.fix = "Remove the capability from 'securityContext.capabilities.add'.",
		.check = check_cap_add,
	},
	{
		.id = "K8S-003",
		.severity = BW_SEV_LOW,
		.title = "Container does not drop all capabilities",
		.aliases = "KSV-0003 CIS-5.4",
		.fix = "Set 'securityContext.capabilities.drop: [ALL]' and add back only what the "
		       "container needs.",
		.check = check_cap_drop,
	},
	{
		.id = "K8S-004",
		.severity = BW_SEV_MEDIUM,
		.title = "Container can escalate privileges",
		.aliases = "KSV-0001 CIS-5.26",
		.fix = "Set 'securityContext.allowPrivilegeEscalation: false'.",
		.check = check_escalation,
	},
	{
		.id = "K8S-005",
		.severity = BW_SEV_HIGH,
		.title = "Seccomp, AppArmor or SELinux confinement turned off",
		.aliases = "KSV-0002 KSV-0025 KSV-0030 CIS-5.2 CIS-5.3 CIS-5.22",
		.fix = "Use 'RuntimeDefault' (or a Localhost profile) instead of 'Unconfined'.",
		.check = check_confinement,
	},
	{
		.id = "K8S-006",
		.severity = BW_SEV_HIGH,
		.title = "Pod shares the node's network namespace",
		.aliases = "KSV-0009 CIS-5.10",
		.fix = "Remove 'hostNetwork: true' and expose the pod through a Service.",
		.check = check_host_network,
	},
	{
		.id = "K8S-007",
		.severity = BW_SEV_HIGH,
		.title = "Pod shares the node's PID namespace",
		.aliases = "KSV-0010 CIS-5.16",
		.fix = "Remove 'hostPID: true'.",
		.check = check_host_pid,
	},
	{
		.id = "K8S-008",
		.severity = BW_SEV_HIGH,
		.title = "Pod shares the node's IPC namespace",
		.aliases = "KSV-0008 CIS-5.17",
		.fix = "Remove 'hostIPC: true'.",
		.check = check_host_ipc,
	},
	{
		.id = "K8S-009",
		.severity = BW_SEV_CRITICAL,
		.title = "Container runtime socket mounted from the node",
		.aliases = "KSV-0006 CIS-5.32",
		.fix = "Remove the hostPath volume for the runtime socket; use the Kubernetes API "
		       "or a narrowly scoped agent instead.",
		.check = check_socket,
	},
	{
		.id = "K8S-010",
		.severity = BW_SEV_HIGH,
		.title = "Sensitive node path mounted through hostPath",
		.aliases = "KSV-0023 CIS-5.6",
		.fix = "Replace the hostPath volume with a ConfigMap, Secret or PersistentVolume.",
		.check = check_sensitive,
	},
	{
		.id = "K8S-011",
		.severity = BW_SEV_MEDIUM,
		.title = "hostPath volume used",
		.aliases = "KSV-0023",
		.fix = "Use an emptyDir, ConfigMap or PersistentVolume instead of a hostPath "
		       "volume.",
		.check = check_hostpath,
	},
	{
		.id = "K8S-012",
		.severity = BW_SEV_MEDIUM,
		.title = "Volume mounted with Bidirectional propagation",
		.aliases = "CIS-5.20",
		.fix = "Remove 'mountPropagation: Bidirectional' (use HostToContainer if the "
		       "container only needs to see node mounts).",
		.check = check_propagation,
	},
	{
		.id = "K8S-013",
		.severity = BW_SEV_MEDIUM,
		.title = "Container binds a host port",
		.aliases = "KSV-0024",
		.fix = "Remove 'hostPort' and expose the port through a Service.",
		.check = check_host_ports,
	},
	{
		.id = "K8S-014",
		.severity = BW_SEV_LOW,
		.title = "Root file system is writable",
		.aliases = "KSV-0014 CIS-5.13",
		.fix = "Set 'securityContext.readOnlyRootFilesystem: true' and mount emptyDir "
		       "volumes "
		       "where the container writes.",
		.check = check_read_only,
	},
	{
		.id = "K8S-015",
		.severity = BW_SEV_MEDIUM,
		.title = "Container may run as root",
		.aliases = "KSV-0012",
		.fix = "Set 'securityContext.runAsNonRoot: true' and a non-zero 'runAsUser'.",
		.check = check_non_root,
	},
	{
		.id = "K8S-016",
		.severity = BW_SEV_HIGH,
		.title = "Container runs as UID 0",
		.aliases = "KSV-0105 KSV-0012",
		.fix = "Set 'runAsUser' to a non-zero UID and 'runAsNonRoot: true'.",
		.check = check_uid0,
	},
	{
		.id = "K8S-017",
		.severity = BW_SEV_LOW,
		.title = "Container has no memory limit",
		.aliases = "KSV-0018 CIS-5.11",
		.fix = "Set 'resources.limits.memory'.",
		.check = check_mem_limit,
	},
	{
		.id = "K8S-018",
		.severity = BW_SEV_LOW,
		.title = "Container has no CPU limit",
		.aliases = "KSV-0011 CIS-5.12",
		.fix = "Set 'resources.limits.cpu'.",
		.check = check_cpu_limit,
	},
	{
		.id = "K8S-019",
		.severity = BW_SEV_MEDIUM,
		.title = "Image uses the 'latest' tag or no tag",
		.aliases = "KSV-0013",
		.fix = "Pin the image to a version tag, ideally with its digest.",
		.check = check_latest,
	},
	{
		.id = "K8S-020",
		.severity = BW_SEV_INFO,
		.title = "Image is not pinned by digest",
		.aliases = "",
		.fix = "Append the digest: 'image: name:tag@sha256:...'.",
		.check = check_digest,
	},
	{
		.id = "K8S-021",
		.severity = BW_SEV_HIGH,
		.title = "Secret written in a container's env",
		.aliases = "",
		.fix = "Move the value to a Secret and use 'valueFrom.secretKeyRef', then rotate "
		       "it.",
		.check = check_env_secrets,
	},
	{
		.id = "K8S-022",
		.severity = BW_SEV_MEDIUM,
		.title = "Risky sysctl set",
		.aliases = "KSV-0026",
		.fix = "Remove the sysctl or keep to the safe, namespaced set.",
		.check = check_sysctls,
	},
	{
		.id = "K8S-023",
		.severity = BW_SEV_LOW,
		.title = "Service account token mounted automatically",
		.aliases = "KSV-0036",
		.fix = "Set 'automountServiceAccountToken: false' unless the pod calls the API.",
		.check = check_automount,
	},
	{
		.id = "K8S-024",
		.severity = BW_SEV_LOW,
		.title = "No seccomp profile set",
		.aliases = "KSV-0030 KSV-0104",
		.fix = "Set 'securityContext.seccompProfile.type: RuntimeDefault' on the pod.",
		.check = check_seccomp,
	},
	{
		.id = "K8S-025",
		.severity = BW_SEV_MEDIUM,
		.title = "Unmasked /proc mount",
		.aliases = "KSV-0027",
		.fix = "Remove 'procMount: Unmasked'.",
		.check = check_proc_mount,
	},
	{
		.id = "K8S-026",
		.severity = BW_SEV_HIGH,
		.title = "Image pulled from a registry outside the trusted list",
		.aliases = "CIS-4.2",
		.fix = "Pull the image from a trusted registry, or add its registry to "
		       "trusted_registries in .bulwark.yaml.",
		.check = check_registry,
	},
};

const struct bw_ruleset k8s_ruleset = {
	.name = "k8s",
	.kind = "k8s",
	.prefix = "K8S-",
	.rules = k8s_rules,
	.len = BW_ARRAY_SIZE(k8s_rules),
};
