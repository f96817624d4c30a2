#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The command line as a user meets it: help, version, exit codes, formats, --output,
# --severity, --fail-on, ignore files (with expiry), inline pragmas and --show-suppressed.
set -u
. "$(dirname "$0")/lib.sh"
B=$BULWARK
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"

printf 'FROM debian:12.5\nUSER root\nCMD ["true"]\n' > root.Dockerfile
printf 'FROM debian:12.5\nRUN useradd -u 10001 app\nUSER 10001\nHEALTHCHECK CMD ["true"]\nCMD ["true"]\n' > clean.Dockerfile
printf 'FROM debian:12.5\nFORM x\n' > broken.Dockerfile

out=$("$B" --help); rc=$?
[ $rc -eq 0 ] && grep -q '^  lint ' <<<"$out" && grep -q '^  rules ' <<<"$out" && grep -q -- '--fail-on' <<<"$out" \
	&& ok "--help lists commands and global options" || fail "--help lists commands and global options" "$out"
for c in lint rules; do
	out=$("$B" "$c" --help); rc=$?
	[ $rc -eq 0 ] && grep -q "Usage: bulwark $c" <<<"$out" && grep -q 'Examples:' <<<"$out" \
		&& ok "$c --help has usage and examples" || fail "$c --help has usage and examples" "$out"
done
out=$("$B" --version); grep -qE '^bulwark [0-9]+\.[0-9]+\.[0-9]+' <<<"$out" && grep -q '^features: ' <<<"$out" \
	&& ok "--version prints version and features" || fail "--version" "$out"

"$B" frobnicate >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "unknown command 'frobnicate'" err && ok "unknown command exits 2" || fail "unknown command exits 2" "rc=$rc $(cat err)"
"$B" lint --bogus x >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && ok "unknown option exits 2 with one line" || fail "unknown option" "rc=$rc $(cat err)"
"$B" lint >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && ok "lint without a path exits 2" || fail "lint without a path exits 2" "rc=$rc"
"$B" lint --format yaml clean.Dockerfile >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "'yaml'" err && ok "bad --format exits 2 naming the value" || fail "bad --format" "rc=$rc $(cat err)"
"$B" lint --fail-on severe clean.Dockerfile >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && ok "bad --fail-on exits 2" || fail "bad --fail-on exits 2" "rc=$rc"

"$B" lint missing.Dockerfile >/dev/null 2>err; rc=$?
[ $rc -eq 3 ] && grep -q "missing.Dockerfile" err && ok "missing file exits 3 naming it" || fail "missing file exits 3" "rc=$rc $(cat err)"
"$B" lint --format json broken.Dockerfile >out.json 2>err; rc=$?
[ $rc -eq 3 ] && grep -q "broken.Dockerfile:2:1:" err && grep -q "FORM" err \
	&& ok "parse error exits 3 with file:line:col" || fail "parse error exits 3 with file:line:col" "rc=$rc $(cat err)"
jq -e '.targets[0].error | test("FORM")' out.json >/dev/null && ok "parse error recorded in JSON targets" || fail "parse error in JSON" "$(cat out.json)"

"$B" lint --format json clean.Dockerfile >out.json 2>err; rc=$?
[ $rc -eq 0 ] && ok "clean Dockerfile exits 0" || fail "clean Dockerfile exits 0" "rc=$rc $(jq -c '.findings[] | [.rule_id, .severity, .message]' out.json)"
"$B" lint --format json root.Dockerfile >out.json; rc=$?
[ $rc -eq 1 ] && ok "findings at or above the default --fail-on exit 1" || fail "findings exit 1" "rc=$rc"
jq -e '.schema and (.findings | length > 0) and all(.findings[]; has("rule_id") and has("aliases") and has("severity")
	and has("title") and has("message") and has("path") and has("line") and has("column") and has("fix"))' out.json >/dev/null \
	&& ok "JSON findings carry every documented key" || fail "JSON keys" "$(head -c 2000 out.json)"
root_id=$(jq -r '[.findings[] | select(.aliases | index("DL3002"))][0].rule_id' out.json)
[ -n "$root_id" ] && [ "$root_id" != null ] && ok "root user found (rule $root_id aliases DL3002)" || fail "root user rule (alias DL3002) fires"
line=$(jq -r --arg id "$root_id" '[.findings[] | select(.rule_id == $id)][0].line' out.json)
[ "$line" = 2 ] && ok "root user finding points at line 2" || fail "root user line" "got $line"

"$B" lint --fail-on critical root.Dockerfile >/dev/null; rc=$?
[ $rc -eq 0 ] && ok "--fail-on critical ignores a HIGH finding" || fail "--fail-on critical" "rc=$rc"
"$B" lint --format json --severity CRITICAL root.Dockerfile >out.json; rc=$?
[ "$(jq '.findings | length' out.json)" = 0 ] && [ $rc -eq 0 ] && ok "--severity filters output and exit code" \
	|| fail "--severity filter" "rc=$rc $(jq -c '.findings' out.json)"
"$B" lint --format json --output report.json root.Dockerfile >stdout.txt; rc=$?
[ $rc -eq 1 ] && [ ! -s stdout.txt ] && jq -e '.findings | length > 0' report.json >/dev/null && ! ls report.json.tmp.* 2>/dev/null \
	&& ok "--output writes the report to the file only" || fail "--output" "rc=$rc"
"$B" lint --format json -- root.Dockerfile >/dev/null; [ $? -eq 1 ] && ok "-- ends options" || fail "-- ends options"
"$B" --format json lint root.Dockerfile | jq -e .findings >/dev/null && ok "global options work before the command" \
	|| fail "global options before the command"

echo "DL3002 root.Dockerfile" > .bulwarkignore
"$B" lint --format json root.Dockerfile >out.json 2>err
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id)] | length == 0' out.json >/dev/null && [ "$(jq .summary.suppressed out.json)" -ge 1 ] \
	&& ok ".bulwarkignore suppresses by alias and path glob" || fail ".bulwarkignore by alias" "$(cat out.json)"
"$B" lint --format json --show-suppressed root.Dockerfile >out.json
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id and .suppressed == true and (.suppressed_by | test("bulwarkignore")))] | length == 1' out.json >/dev/null \
	&& ok "--show-suppressed lists suppressed findings, marked" || fail "--show-suppressed" "$(cat out.json)"
echo "$root_id other/*.Dockerfile" > .bulwarkignore
"$B" lint --format json root.Dockerfile >out.json
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id)] | length == 1' out.json >/dev/null \
	&& ok "an ignore entry for another path does not suppress" || fail "path glob mismatch" "$(cat out.json)"
echo "$root_id exp:2020-01-31" > .bulwarkignore
"$B" lint --format json root.Dockerfile >out.json 2>err
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id)] | length == 1' out.json >/dev/null && grep -q "expired" err \
	&& ok "an expired entry no longer suppresses and says so" || fail "expired entry" "$(cat err)"
rm .bulwarkignore
printf 'DL3002\n' > my.ignore
"$B" lint --format json --ignore-file my.ignore root.Dockerfile >out.json
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id)] | length == 0' out.json >/dev/null \
	&& ok "--ignore-file names another ignore file" || fail "--ignore-file"
"$B" lint --ignore-file nothere.ignore root.Dockerfile >/dev/null 2>err; rc=$?
[ $rc -eq 3 ] && ok "a named ignore file that is missing is an error" || fail "missing --ignore-file" "rc=$rc"

printf 'FROM debian:12.5\n# bulwark ignore=%s\nUSER root\nUSER root\n' "$root_id" > pragma.Dockerfile
"$B" lint --format json pragma.Dockerfile >out.json
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id)] | length == 1 and .[0].line == 4' out.json >/dev/null \
	&& ok "inline pragma suppresses only the next instruction" || fail "inline pragma" "$(jq -c .findings out.json)"
printf 'FROM debian:12.5\nUSER root\n# hadolint global ignore=DL3002\n' > global.Dockerfile
"$B" lint --format json global.Dockerfile >out.json
jq -e --arg id "$root_id" '[.findings[] | select(.rule_id == $id)] | length == 0' out.json >/dev/null \
	&& ok "global pragma (hadolint spelling, alias id) suppresses the whole file" || fail "global pragma" "$(jq -c .findings out.json)"

mkdir -p tree/a tree/.git tree/node_modules/x
cp root.Dockerfile tree/a/Dockerfile; cp root.Dockerfile tree/.git/Dockerfile; cp root.Dockerfile tree/node_modules/x/Dockerfile
cp clean.Dockerfile tree/Containerfile; echo "not a dockerfile" > tree/README.md
"$B" lint --format json tree >out.json
[ "$(jq -r '[.targets[].path] | join(",")' out.json)" = "tree/Containerfile,tree/a/Dockerfile" ] \
	&& ok "a folder walk finds Dockerfiles and skips .git and node_modules" || fail "folder walk" "$(jq -c .targets out.json)"

"$B" lint --no-color root.Dockerfile >table.txt; rc=$?
grep -q "root.Dockerfile" table.txt && grep -q "$root_id" table.txt && ! grep -q $'\033' table.txt \
	&& ok "table output groups by file, no colour when not a terminal" || fail "table output" "$(cat table.txt)"

"$B" rules --format json >rules.json && jq -e 'length > 50 and all(.[]; .id and .severity and .title and .fix)' rules.json >/dev/null \
	&& ok "rules --format json lists every rule" || fail "rules json"
if "$B" rules --format markdown | cmp -s - "$BW_ROOT/docs/rules.md"; then ok "docs/rules.md is generated from the tables (make docs)"
else fail "docs/rules.md is out of date: run 'make docs'"; fi

done_testing
