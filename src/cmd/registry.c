/* SPDX-License-Identifier: Apache-2.0 */
/* Every rule set bulwark has, registered with the core registry in one place. */
#include "cmd/cmd.h"
#include "host/host.h"
#include "image/image.h"
#include "lint/compose-rules.h"
#include "lint/dockerfile-rules.h"
#include "lint/k8s-rules.h"
#include "vuln/match.h"
#include "util/banned.h"

void cmd_register_rulesets(void)
{
	bw_ruleset_register(&df_image_ruleset);
	bw_ruleset_register(&df_run_ruleset);
	bw_ruleset_register(&compose_ruleset);
	bw_ruleset_register(&k8s_ruleset);
	bw_ruleset_register(&host_ruleset);
	bw_ruleset_register(&host_container_ruleset);
	bw_ruleset_register(&host_image_ruleset);
	bw_ruleset_register(&host_manual_ruleset);
	bw_ruleset_register(&img_ruleset);
	bw_ruleset_register(&vuln_ruleset);
}
