/* SPDX-License-Identifier: Apache-2.0 */
/* What every libFuzzer target shares: the entry point libFuzzer (or replay-main.c, which runs
 * the seeds and regressions in the tests) calls, and CHECK, which traps when an invariant of the
 * code under test is broken, so the fuzzer reports it as a crash. */
#ifndef BW_FUZZ_CHECK_H
#define BW_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

#endif
