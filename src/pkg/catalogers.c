/* SPDX-License-Identifier: Apache-2.0 */
/* The table of built-in catalogers: a new ecosystem is one row here and one file. */
#include "pkg/pkg.h"
#include "util/cleanup.h"
#include "util/banned.h"

/* "os" first: its finish sets the distro that purls of OS packages name. */
const struct pkg_cataloger *const pkg_catalogers[] = {
	&pkg_os_cataloger,
	&pkg_apk_cataloger,
	&pkg_dpkg_cataloger,
	&pkg_rpm_cataloger,
	&pkg_python_cataloger,
	&pkg_node_cataloger,
	&pkg_go_cataloger,
	&pkg_java_cataloger,
	&pkg_ruby_cataloger,
	&pkg_rust_cataloger,
	&pkg_cargo_auditable_cataloger,
	/* last: marks the language packages above whose file an OS package installed */
	&pkg_owner_cataloger,
};
const size_t pkg_catalogers_len = BW_ARRAY_SIZE(pkg_catalogers);
