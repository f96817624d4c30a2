/* SPDX-License-Identifier: Apache-2.0 */
/* The Kubernetes rule table (K8S-001..), run on every manifest the lint driver finds. */
#ifndef BW_LINT_K8S_RULES_H
#define BW_LINT_K8S_RULES_H

#include "core/config.h"
#include "core/rule.h"
#include "lint/k8s.h"

/* What every Kubernetes check receives as its `subject`. */
struct k8s_subject {
	const struct k8s_file *kf;   /* the manifest's workloads */
	const struct bw_config *cfg; /* user configuration (.bulwark.yaml), never NULL */
};

extern const struct bw_ruleset k8s_ruleset; /* kind "k8s", K8S-001.. */

#endif
