# SPDX-License-Identifier: Apache-2.0
# TAP helpers for integration scripts: plan-less counting, printed plan at the end.
n=0
fails=0
ok() { # ok DESCRIPTION: records a pass
	n=$((n + 1)); echo "ok $n - $1"
}
fail() { # fail DESCRIPTION [DETAIL]: records a failure
	n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}
check() { # check DESCRIPTION CMD...: passes when CMD succeeds
	local d=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else fail "$d" "command: $*"; fi
}
skip_all() { # skip_all REASON
	echo "1..0 # SKIP $1"; exit 0
}
done_testing() {
	echo "1..$n"; [ "$fails" -eq 0 ]
}
# Debian's python3 first (python3-rpm and other oracles are installed for it), else PATH's
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
make_tmp() { # make_tmp: sets $tmp to a new folder that is removed when the script exits
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
}
