/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the importer of the Debian tracker's DSA/DLA/DTSA lists: it returns 0
 * or a known error, every advisory it emits is well-formed, and every warning has a message. */
#include "fuzz-import.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(vuln_import_dsa, data, size);
}
