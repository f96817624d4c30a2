/* SPDX-License-Identifier: Apache-2.0 */
/* User configuration from `.bulwark.yaml`: what the rules may be told about the user's
 * environment. Unknown keys are an error naming the key and line. */
#ifndef BW_CORE_CONFIG_H
#define BW_CORE_CONFIG_H

#include <stddef.h>

#include "core/error.h"

struct bw_config {
	char **trusted_registries; /* owned; registry hosts ("docker.io", "ghcr.io"); NULL = any */
	size_t n_trusted_registries;
	char *path; /* owned; file it came from, NULL for defaults */
};

/* Loads `path` into cfg (initialised to defaults first). A missing file is not an error when
 * `optional` is true. 0 or -errno / -EINVAL with err filled. */
int bw_config_load(const char *path, int optional, struct bw_config *cfg, struct bw_error *err);
void bw_config_release(struct bw_config *cfg);

#endif
