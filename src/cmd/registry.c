/* SPDX-License-Identifier: Apache-2.0 */
/* Every rule set bulwark has, registered with the core registry in one place. */
#include "cmd/cmd.h"
#include "lint/dockerfile-rules.h"
#include "util/banned.h"

void cmd_register_rulesets(void)
{
	bw_ruleset_register(&df_image_ruleset);
	bw_ruleset_register(&df_run_ruleset);
}
