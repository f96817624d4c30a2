#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark fix` on a compose file: the override it writes is accepted by Docker Compose's
# `config` (the Debian docker-compose package, or the docker compose plugin), and linting the
# merged result shows the findings it fixed are gone while the ones it reports as not changed
# remain. --bind-local writes Compose 2.24's '!override' tag, which bulwark itself must read.
set -u
. "$(dirname "$0")/lib.sh"
B=${BULWARK:?}
"$B" fix --help >/dev/null 2>&1 || skip_all "this build has no 'bulwark fix' command"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$BW_ROOT/examples/webapp/compose.yaml" "$work/compose.yaml"

out=$("$B" fix --mem 512m --cpus 1 --pids 200 "$work/compose.yaml" 2>&1)
rc=$?
[ $rc -eq 0 ] && [ -s "$work/compose.bulwark.yaml" ] && ok "fix wrote compose.bulwark.yaml" ||
	fail "fix wrote compose.bulwark.yaml" "exit $rc: $out"
grep -q "^changed:" <<<"$out" && grep -q "^not changed:" <<<"$out" &&
	grep -q "runs privileged" <<<"$out" && ok "fix prints what it changed and what it could not" ||
	fail "fix prints what it changed and what it could not" "$out"

if command -v docker-compose >/dev/null; then
	dc=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
	dc=(docker compose)
else
	dc=()
fi
if [ ${#dc[@]} -eq 0 ]; then
	ok "compose config accepts the override # SKIP no docker-compose (apt-get install docker-compose)"
else
	(cd "$work" && POSTGRES_PASSWORD=x "${dc[@]}" -f compose.yaml -f compose.bulwark.yaml config \
		>merged-compose.yaml 2>config.err)
	[ $? -eq 0 ] && ok "${dc[*]} config accepts the override" ||
		fail "${dc[*]} config accepts the override" "$(cat "$work/config.err")"
	rules() { # rules FILE: "service rule" lines of its findings
		"$B" lint --format json --fail-on never --ignore-file /dev/null "$1" | python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    print(f["message"].split("\x27")[1], f["rule_id"])' | sort -u
	}
	before=$(rules "$work/compose.yaml")
	after=$(rules "$work/merged-compose.yaml")
	gone=$(comm -23 <(echo "$before") <(echo "$after") | awk '{print $2}' | sort -u | tr '\n' ' ')
	left=$(comm -12 <(echo "$before") <(echo "$after") | awk '{print $2}' | sort -u | tr '\n' ' ')
	[ "$gone" = "CMP-004 CMP-005 CMP-018 CMP-021 CMP-022 CMP-023 " ] &&
		ok "the merged file no longer has the fixed findings" ||
		fail "the merged file no longer has the fixed findings" "gone: $gone"
	grep -q "CMP-001" <<<"$left" && grep -q "CMP-016" <<<"$left" &&
		ok "what fix could not change is still reported" ||
		fail "what fix could not change is still reported" "left: $left"
fi

"$B" fix --bind-local --override-file "$work/local.yaml" "$work/compose.yaml" >/dev/null 2>&1
grep -q '!override \["127.0.0.1:80:3000"\]' "$work/local.yaml" &&
	grep -q '!override \["127.0.0.1:5432:5432"\]' "$work/local.yaml" &&
	ok "--bind-local rebinds published ports to 127.0.0.1" ||
	fail "--bind-local rebinds published ports to 127.0.0.1" "$(cat "$work/local.yaml")"
cp "$work/local.yaml" "$work/local-compose.yaml"
check "bulwark reads the '!override' tag it writes" \
	"$B" lint --fail-on never --ignore-file /dev/null "$work/local-compose.yaml"

printf 'web:\n  image: nginx:1.27\n' >"$work/v1-compose.yml"
out=$("$B" fix "$work/v1-compose.yml" 2>&1)
[ $? -eq 3 ] && grep -q "legacy v1 format" <<<"$out" && ok "a v1 file is refused with the reason" ||
	fail "a v1 file is refused with the reason" "$out"
done_testing
