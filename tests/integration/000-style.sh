#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# House style checks (STYLE.md B2, B6, B9): clang-format clean, no // comments, an SPDX
# line on every source file, no exit() below cmd/, banned.h included by every .c.
set -u
. "$(dirname "$0")/lib.sh"
cd "$BW_ROOT" || exit 1
mapfile -t srcs < <(git ls-files -co --exclude-standard '*.c' '*.h' | grep -v '^build')

if command -v clang-format >/dev/null; then
	bad=$(for f in "${srcs[@]}"; do clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
	[ -z "$bad" ] && ok "clang-format clean (${#srcs[@]} files)" || fail "clang-format differs (run make format)" "$bad"
else
	ok "clang-format clean # SKIP clang-format not installed"
fi
bad=$(grep -lnE '^[[:space:]]*//|[;{}][[:space:]]*//' "${srcs[@]}" 2>/dev/null)
[ -z "$bad" ] && ok "no // comments" || fail "// comments found" "$bad"
bad=$(for f in "${srcs[@]}"; do head -n 2 "$f" | grep -q 'SPDX-License-Identifier' || echo "$f"; done)
[ -z "$bad" ] && ok "every source file opens with an SPDX line" || fail "missing SPDX line" "$bad"
bad=$(grep -lE '(^|[^_a-z])exit[[:space:]]*\(' $(printf '%s\n' "${srcs[@]}" | grep '^src/' | grep -vE '^src/(main\.c|cmd/)') 2>/dev/null)
[ -z "$bad" ] && ok "no exit() below cmd/" || fail "exit() below cmd/" "$bad"
bad=$(for f in $(printf '%s\n' "${srcs[@]}" | grep -E '^src/.*\.c$'); do grep -q '#include "util/banned.h"' "$f" || echo "$f"; done)
[ -z "$bad" ] && ok "every src/*.c includes util/banned.h" || fail "banned.h missing" "$bad"
done_testing
