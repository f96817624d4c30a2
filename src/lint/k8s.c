/* SPDX-License-Identifier: Apache-2.0 */
/* Finds the pod template of each workload object and lists its containers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "lint/k8s.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

/* `List` items nest Lists rarely; this bounds the recursion. */
#define K8S_MAX_LIST_DEPTH 4

bool k8s_looks_like(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	bool api = false, kind = false;

	while (p < end && !(api && kind)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n >= 11 && memcmp(p, "apiVersion:", 11) == 0)
			api = true;
		else if (n >= 5 && memcmp(p, "kind:", 5) == 0)
			kind = true;
		else if (n >= 3 && memcmp(p, "---", 3) == 0)
			api = kind = false; /* both must be in one document */
		p = nl ? nl + 1 : end;
	}
	return api && kind;
}

struct kctx {
	struct k8s_file *kf;
	struct bw_arena *a;
	struct bw_error *err;
	size_t cap;
};

static int kfail(struct kctx *c, const struct ydoc_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int kfail(struct kctx *c, const struct ydoc_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = bw_verrorf(c->err, -EINVAL, c->kf->path, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return r;
}

/* Where each workload kind keeps its pod template (a dotted path to the template mapping,
 * holding `metadata` and `spec`); "" means the object itself is the pod. */
static const struct {
	const char *kind;
	const char *template_path;
} workload_kinds[] = {
	{.kind = "Pod", .template_path = ""},
	{.kind = "Deployment", .template_path = "spec.template"},
	{.kind = "StatefulSet", .template_path = "spec.template"},
	{.kind = "DaemonSet", .template_path = "spec.template"},
	{.kind = "ReplicaSet", .template_path = "spec.template"},
	{.kind = "ReplicationController", .template_path = "spec.template"},
	{.kind = "Job", .template_path = "spec.template"},
	{.kind = "CronJob", .template_path = "spec.jobTemplate.spec.template"},
	{.kind = "PodTemplate", .template_path = "template"},
};

static const struct ydoc_node *get_path(const struct ydoc_node *n, const char *path,
					const struct ydoc_node **ret_parent_key)
{
	const char *p = path;

	while (n && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		char part[32];
		if (len >= sizeof(part))
			return NULL;
		memcpy(part, p, len);
		part[len] = '\0';
		const struct ydoc_pair *pr = ydoc_map_pair(n, part);
		if (!pr)
			return NULL;
		if (ret_parent_key)
			*ret_parent_key = pr->key;
		n = pr->value;
		p = dot ? dot + 1 : p + len;
	}
	return n;
}

static int add_containers(struct kctx *c, struct k8s_workload *w, const char *key,
			  enum k8s_container_kind kind, size_t *cap)
{
	const struct ydoc_node *list = ydoc_map_get(w->pod_spec, key);

	if (!list || ydoc_is_null(list))
		return 0;
	if (list->kind != YDOC_SEQ)
		return kfail(c, list, "%s '%.80s' '%s' must be a list, not a %s", w->kind, w->name,
			     key, ydoc_kind_name(list->kind));
	for (size_t i = 0; i < list->n_items; i++) {
		const struct ydoc_node *ct = list->items[i];
		if (ct->kind != YDOC_MAP)
			return kfail(c, ct, "%s '%.80s' '%s' entries must be mappings, not a %s",
				     w->kind, w->name, key, ydoc_kind_name(ct->kind));
		if (w->n_containers == *cap) {
			size_t nc = *cap ? *cap * 2 : 4;
			struct k8s_container *n = bw_arena_calloc(c->a, nc, sizeof(*n));
			if (!n)
				return -ENOMEM;
			if (w->n_containers)
				memcpy(n, w->containers, w->n_containers * sizeof(*n));
			w->containers = n;
			*cap = nc;
		}
		const struct ydoc_node *sc = ydoc_map_get(ct, "securityContext");
		const struct ydoc_node *res = ydoc_map_get(ct, "resources");
		const char *name = ydoc_str(ydoc_map_get(ct, "name"));
		w->containers[w->n_containers++] = (struct k8s_container){
			.kind = kind,
			.node = ct,
			.name = name ? name : "",
			.sc = sc && sc->kind == YDOC_MAP ? sc : NULL,
			.resources = res && res->kind == YDOC_MAP ? res : NULL,
		};
	}
	return 0;
}

static int add_workload(struct kctx *c, const struct ydoc_node *obj, const char *kind,
			const char *template_path)
{
	struct k8s_file *kf = c->kf;
	struct k8s_workload w = {.kind = kind, .obj = obj};
	const struct ydoc_node *tmpl = obj, *spec_key = NULL;
	const char *name = ydoc_str(get_path(obj, "metadata.name", NULL));
	size_t cap = 0;
	int r;

	w.name = name ? name : "";
	if (*template_path) {
		tmpl = get_path(obj, template_path, NULL);
		if (!tmpl || tmpl->kind != YDOC_MAP)
			return kfail(c, ydoc_map_pair(obj, "kind")->key,
				     "%s '%.80s' has no pod template at '%s'", kind, w.name,
				     template_path);
	}
	w.pod_meta = ydoc_map_get(tmpl, "metadata");
	w.pod_spec = get_path(tmpl, "spec", &spec_key);
	if (!w.pod_spec || w.pod_spec->kind != YDOC_MAP)
		return kfail(c, spec_key ? spec_key : ydoc_map_pair(obj, "kind")->key,
			     "%s '%.80s' has no pod spec%s%s", kind, w.name,
			     *template_path ? " under " : "", template_path);
	w.line = spec_key->line;
	w.col = spec_key->col;
	const struct ydoc_node *psc = ydoc_map_get(w.pod_spec, "securityContext");
	w.pod_sc = psc && psc->kind == YDOC_MAP ? psc : NULL;
	r = add_containers(c, &w, "initContainers", K8S_INIT_CONTAINER, &cap);
	if (r == 0)
		r = add_containers(c, &w, "containers", K8S_CONTAINER, &cap);
	if (r == 0)
		r = add_containers(c, &w, "ephemeralContainers", K8S_EPHEMERAL_CONTAINER, &cap);
	if (r < 0)
		return r;
	if (kf->n_workloads == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 4;
		struct k8s_workload *n = bw_arena_calloc(c->a, nc, sizeof(*n));
		if (!n)
			return -ENOMEM;
		if (kf->n_workloads)
			memcpy(n, kf->workloads, kf->n_workloads * sizeof(*n));
		kf->workloads = n;
		c->cap = nc;
	}
	kf->workloads[kf->n_workloads++] = w;
	return 0;
}

static int add_object(struct kctx *c, const struct ydoc_node *obj, unsigned depth)
{
	if (!obj || obj->kind != YDOC_MAP)
		return 0;
	const char *api = ydoc_str(ydoc_map_get(obj, "apiVersion"));
	const char *kind = ydoc_str(ydoc_map_get(obj, "kind"));
	if (!api || !kind)
		return 0; /* not a Kubernetes object (a values file, a kustomize patch ...) */
	c->kf->n_objects++;
	if (strcmp(kind, "List") == 0 || bw_str_endswith(kind, "List")) {
		const struct ydoc_node *items = ydoc_map_get(obj, "items");
		int r = 0;
		if (depth >= K8S_MAX_LIST_DEPTH || !items || items->kind != YDOC_SEQ)
			return 0;
		for (size_t i = 0; i < items->n_items && r == 0; i++)
			r = add_object(c, items->items[i], depth + 1);
		return r;
	}
	for (size_t i = 0; i < BW_ARRAY_SIZE(workload_kinds); i++)
		if (strcmp(kind, workload_kinds[i].kind) == 0)
			return add_workload(c, obj, workload_kinds[i].kind,
					    workload_kinds[i].template_path);
	return 0;
}

int k8s_file_parse_mem(const char *path, const char *data, size_t len, struct k8s_file **ret,
		       struct bw_error *err)
{
	BW_CLEANUP(k8s_file_freep) struct k8s_file *kf = calloc(1, sizeof(*kf));
	struct kctx c = {.err = err};
	int r = 0;

	if (!kf)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	r = ydoc_parse_mem(path, data, len, &kf->ydoc, err);
	if (r < 0)
		return r;
	kf->path = kf->ydoc->path;
	c.kf = kf;
	c.a = &kf->ydoc->arena;
	for (size_t d = 0; d < kf->ydoc->n_docs && r == 0; d++)
		r = add_object(&c, kf->ydoc->docs[d].root, 0);
	if (r == -ENOMEM)
		return bw_errorf(err, r, path, 0, 0, "out of memory");
	if (r < 0)
		return r;
	*ret = BW_TAKE(kf);
	return 0;
}

int k8s_file_parse_path(const char *path, struct k8s_file **ret, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len = 0;
	int r = bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len);

	if (r == -EFBIG)
		return bw_errorf(err, r, path, 0, 0, "file larger than %u bytes",
				 BW_MAX_CONFIG_FILE);
	if (r < 0)
		return bw_errorf(err, r, path, 0, 0, "cannot read: %s", strerror(-r));
	return k8s_file_parse_mem(path, data, len, ret, err);
}

struct k8s_file *k8s_file_free(struct k8s_file *kf)
{
	if (!kf)
		return NULL;
	ydoc_file_free(kf->ydoc);
	free(kf);
	return NULL;
}

void k8s_file_freep(struct k8s_file **kf)
{
	*kf = k8s_file_free(*kf);
}

const char *k8s_container_kind_name(enum k8s_container_kind kind)
{
	switch (kind) {
	case K8S_CONTAINER:
		return "container";
	case K8S_INIT_CONTAINER:
		return "init container";
	case K8S_EPHEMERAL_CONTAINER:
		return "ephemeral container";
	case K8S_CONTAINER_KIND_COUNT:
		break;
	}
	return "container";
}

static const char *const pod_level_keys[] = {
	"runAsUser",	  "runAsGroup",	     "runAsNonRoot",   "seLinuxOptions",
	"seccompProfile", "appArmorProfile", "windowsOptions", NULL,
};

const struct ydoc_node *k8s_sc_get(const struct k8s_workload *w, const struct k8s_container *c,
				   const char *key, bool *ret_pod)
{
	const struct ydoc_node *v = c ? ydoc_map_get(c->sc, key) : NULL;

	if (v && !ydoc_is_null(v)) {
		if (ret_pod)
			*ret_pod = false;
		return v;
	}
	for (size_t i = 0; pod_level_keys[i]; i++) {
		if (strcmp(pod_level_keys[i], key) != 0)
			continue;
		v = ydoc_map_get(w->pod_sc, key);
		if (v && !ydoc_is_null(v)) {
			if (ret_pod)
				*ret_pod = true;
			return v;
		}
	}
	return NULL;
}
