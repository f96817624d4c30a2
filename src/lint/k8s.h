/* SPDX-License-Identifier: Apache-2.0 */
/* The Kubernetes model: the workloads of a manifest (one or many YAML documents, `List`s too)
 * with their pod template located whatever the kind (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob, PodTemplate) and their containers, init
 * containers and ephemeral containers. Other kinds are counted and left alone; Helm templates
 * and kustomize overlays are not rendered. */
#ifndef BW_LINT_K8S_H
#define BW_LINT_K8S_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "util/ydoc.h"

enum k8s_container_kind {
	K8S_CONTAINER,
	K8S_INIT_CONTAINER,
	K8S_EPHEMERAL_CONTAINER,
	K8S_CONTAINER_KIND_COUNT,
};

struct k8s_container {
	enum k8s_container_kind kind;
	const struct ydoc_node *node;	   /* the container's mapping */
	const char *name;		   /* "" when missing */
	const struct ydoc_node *sc;	   /* its securityContext mapping, or NULL */
	const struct ydoc_node *resources; /* its resources mapping, or NULL */
};

struct k8s_workload {
	const char *kind;		  /* "Deployment" ... */
	const char *name;		  /* metadata.name, "" when missing */
	const struct ydoc_node *obj;	  /* the object's mapping */
	const struct ydoc_node *pod_meta; /* the pod template's metadata (annotations), or NULL */
	const struct ydoc_node *pod_spec; /* the pod spec mapping */
	const struct ydoc_node *pod_sc;	  /* the pod's securityContext mapping, or NULL */
	int line, col;			  /* the pod spec's `spec:` key: where pod findings go */
	struct k8s_container *containers;
	size_t n_containers;
};

struct k8s_file {
	struct ydoc_file *ydoc; /* its arena holds the model */
	const char *path;
	struct k8s_workload *workloads;
	size_t n_workloads;
	size_t n_objects; /* documents (and List items) with apiVersion and kind */
};

/* True when YAML text has top-level `apiVersion:` and `kind:` keys (a cheap line scan). */
bool k8s_looks_like(const char *data, size_t len);

/* Parses a manifest. Documents without apiVersion/kind are skipped; a workload whose pod
 * template or containers are missing or of the wrong shape is an error (-EINVAL) naming file,
 * line and column, as are YAML errors. */
int k8s_file_parse_path(const char *path, struct k8s_file **ret, struct bw_error *err);
int k8s_file_parse_mem(const char *path, const char *data, size_t len, struct k8s_file **ret,
		       struct bw_error *err);
struct k8s_file *k8s_file_free(struct k8s_file *kf);
void k8s_file_freep(struct k8s_file **kf);

/* "container", "init container" or "ephemeral container", for messages. */
const char *k8s_container_kind_name(enum k8s_container_kind kind);
/* A securityContext field as Kubernetes resolves it: the container's, else the pod's (for
 * fields the pod level has: runAsUser, runAsNonRoot, seccompProfile ...). *ret_pod (may be
 * NULL) tells which. NULL when neither sets it. */
const struct ydoc_node *k8s_sc_get(const struct k8s_workload *w, const struct k8s_container *c,
				   const char *key, bool *ret_pod);

#endif
