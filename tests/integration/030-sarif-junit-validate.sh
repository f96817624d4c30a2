#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The SARIF and JUnit reports of real lint runs, checked by real validators: SARIF against the
# published SARIF 2.1.0 schema (from @microsoft/jest-sarif, with ajv) plus GitHub code
# scanning's own rules (tests/tools/sarif-validate.js); JUnit with xmllint against
# tests/data/junit.xsd, its counts with XPath, both cross-checked with the JSON report. Inputs
# cover a parse error, suppressed findings, paths with spaces and non-ASCII, hostile bytes
# and a clean file. The node tools come from `scripts/bootstrap --test-tools`.
set -u
. "$(dirname "$0")/lib.sh"
B=${BULWARK:?}
root=${BW_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
xsd=$root/tests/data/junit.xsd
validator=$root/tests/tools/sarif-validate.js
export NODE_PATH=$root/build/node-tools/node_modules

skip() { # skip DESCRIPTION REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

[ -x "$B" ] || skip_all "no bulwark binary at '$B'"
command -v jq >/dev/null || skip_all "jq not installed"

have_sarif=""
if ! command -v node >/dev/null; then
	why_sarif="node not installed"
elif ! node -e 'require.resolve("ajv-draft-04"); require.resolve("ajv-formats");
		require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json")' 2>/dev/null; then
	why_sarif="SARIF schema or ajv missing in build/node-tools (run scripts/bootstrap --test-tools)"
else
	have_sarif=1
fi
have_xml=""
command -v xmllint >/dev/null && have_xml=1

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1

# Fixtures: relative paths, as a user in a repository would give them.
mkdir -p "dir with space" "ünïcödé"
printf 'FROM ubuntu:latest\nUSER root\nRUN apt-get update && apt-get install -y curl\n' \
	>"dir with space/Dockerfile"
printf 'FROM debian:latest\nRUN echo "h\xc3\xa9llo <&> \x27q\x27" > /tmp/x\nUSER root\n' >"ünïcödé/Dockerfile.ñ"
printf 'FROM debian:12.5\nFORM x\n' >broken.Dockerfile
printf 'FROM debian:12.5\nFO\001RM \377\376 <x&y>\n' >hostile.Dockerfile
printf '# hadolint ignore=DL3007\nFROM ubuntu:latest\nUSER root\nCMD ["true"]\n' >suppressed.Dockerfile
printf 'FROM debian:12.5@sha256:%s\nRUN useradd -u 10001 app\nUSER 10001\nHEALTHCHECK CMD ["true"]\nCMD ["true"]\n' \
	0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef >clean.Dockerfile
printf 'DL3002 suppressed.Dockerfile\n' >ignore
# A Latin-1 file: findings quote bytes that are not UTF-8 (kept out of the JSON cross-checks).
printf 'FROM ubuntu:latest\nUSER r\351oot\nRUN apt-get install -y caf\351\n' >latin1.Dockerfile
all=("dir with space/Dockerfile" "ünïcödé/Dockerfile.ñ" broken.Dockerfile hostile.Dockerfile
	suppressed.Dockerfile clean.Dockerfile)

# lint OUT FORMAT ARGS...: one run; exit codes 0 (clean), 1 (findings) and 3 (parse error)
# are all normal here.
lint() {
	local out=$1 fmt=$2
	shift 2
	"$B" lint --format "$fmt" --fail-on never --ignore-file ignore "$@" >"$out" 2>"$out.err"
	local rc=$?
	case $rc in
	0 | 1 | 3) return 0 ;;
	*) echo "# bulwark exited $rc: $(head -c 500 "$out.err")"; return 1 ;;
	esac
}

lint all.json json "${all[@]}" || fail "lint --format json runs"
lint all-s.json json --show-suppressed "${all[@]}" || fail "lint --format json --show-suppressed runs"
lint clean.json json clean.Dockerfile || fail "lint --format json of the clean file runs"
nfind=$(jq '.findings | length' all.json)
nsupp=$(jq '[.findings[] | select(.suppressed)] | length' all-s.json)
nerr=$(jq '[.targets[] | select(.error)] | length' all.json)
[ "$nfind" -gt 0 ] && [ "$nsupp" -ge 2 ] && [ "$nerr" -ge 2 ] &&
	ok "fixtures give findings ($nfind), suppressed ones ($nsupp) and parse errors ($nerr)" ||
	fail "fixtures give findings, suppressed ones and parse errors" \
		"findings=$nfind suppressed=$nsupp errors=$nerr"

# ---- SARIF ----
sarif_valid() { # sarif_valid DESCRIPTION FILE
	local msg
	if msg=$(node "$validator" "$2" 2>&1); then ok "$1"; else fail "$1" "$msg"; fi
}
if [ -n "$have_sarif" ]; then
	lint all.sarif sarif "${all[@]}" && sarif_valid "SARIF of all fixtures is valid 2.1.0 and GitHub-ready" all.sarif
	lint all-s.sarif sarif --show-suppressed "${all[@]}" &&
		sarif_valid "SARIF with --show-suppressed is valid" all-s.sarif
	lint clean.sarif sarif clean.Dockerfile && sarif_valid "SARIF with zero findings is valid" clean.sarif
	lint latin1.sarif sarif latin1.Dockerfile &&
		sarif_valid "SARIF of a file that is not UTF-8 is valid (U+FFFD for bad bytes)" latin1.sarif
	abs=()
	for f in "${all[@]}"; do abs+=("$t/$f"); done
	lint abs.sarif sarif "${abs[@]}" && sarif_valid "SARIF of absolute paths (file:/// URIs) is valid" abs.sarif

	got=$(jq '.runs[0].results | length' all.sarif)
	[ "$got" = "$nfind" ] && ok "SARIF has one result per JSON finding ($got)" ||
		fail "SARIF results match JSON findings" "sarif=$got json=$nfind"
	got=$(jq -c '[.runs[0].results[].ruleId] | unique' all.sarif)
	want=$(jq -c '[.findings[].rule_id] | unique' all.json)
	[ "$got" = "$want" ] && ok "SARIF rule ids are the JSON ones" || fail "SARIF rule ids" "sarif=$got json=$want"
	got=$(jq -c '[.runs[0].tool.driver.rules[].id]' all.sarif)
	[ "$got" = "$want" ] && ok "driver.rules lists exactly the referenced rules, sorted" ||
		fail "driver.rules lists the referenced rules" "rules=$got want=$want"
	got=$(jq '[.runs[0].results[] | select(.suppressions)] | length' all-s.sarif)
	kinds=$(jq -c '[.runs[0].results[].suppressions[]?.kind] | unique' all-s.sarif)
	[ "$got" = "$nsupp" ] && [ "$kinds" = '["external","inSource"]' ] &&
		ok "suppressed findings carry suppressions (pragma inSource, ignore file external)" ||
		fail "suppressions" "with suppressions=$got json suppressed=$nsupp kinds=$kinds"
	got=$(jq '[.runs[0].results[] | select(.suppressions)] | length' all.sarif)
	[ "$got" = 0 ] && ok "without --show-suppressed no suppressed result is written" ||
		fail "suppressed results leak without --show-suppressed" "$got"
	got=$(jq '.runs[0].invocations[0].toolExecutionNotifications | length' all.sarif)
	[ "$got" = "$nerr" ] && ok "parse errors are tool execution notifications ($got)" ||
		fail "parse errors as notifications" "notifications=$got errors=$nerr"
	got=$(jq '[.runs[0].results, .runs[0].tool.driver.rules] | map(length)' clean.sarif | jq -c .)
	[ "$got" = "[0,0]" ] && ok "zero findings: empty results and rules" || fail "zero findings" "$got"
	# URIs decode back to the paths given, relative ones against %SRCROOT%.
	bad=$(jq -r '.runs[0].results[].locations[0].physicalLocation.artifactLocation
		| [.uri, (.uriBaseId // "")] | @tsv' all.sarif | sort -u |
		node -e 'const ps = new Set(process.argv.slice(1));
			const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
			for (const l of lines) {
				const [u, base] = l.split("\t");
				if (base !== "%SRCROOT%" || !ps.has(decodeURIComponent(u))) console.log(l);
			}' "${all[@]}")
	[ -z "$bad" ] && ok "artifact URIs are percent-encoded paths relative to %SRCROOT%" ||
		fail "artifact URIs" "$bad"
	bad=$(jq -r '.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri' abs.sarif |
		grep -v '^file:///' || true)
	[ -z "$bad" ] && ok "absolute paths become file:/// URIs" || fail "absolute URIs" "$bad"
	got=$(jq -c '[.runs[0].tool.driver.rules[].properties."security-severity"] | unique' all.sarif)
	jq -e '[.runs[0].tool.driver.rules[] | .properties."security-severity" | tonumber
		| select(. >= 0 and . <= 10)] | length > 0' all.sarif >/dev/null &&
		jq -e 'all(.runs[0].tool.driver.rules[]; (.properties.tags | index("security")) and .help.markdown
		and .defaultConfiguration.level)' all.sarif >/dev/null &&
		ok "rules carry security-severity $got, tags, help and a default level" ||
		fail "rule properties" "$(jq -c '.runs[0].tool.driver.rules[0]' all.sarif)"
	# The validator is not vacuous: the same log broken in ways GitHub rejects must fail.
	jq '.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0' all.sarif >broken1.sarif
	jq 'del(.runs[0].results[0].ruleId) | del(.runs[0].results[0].ruleIndex)' all.sarif >broken2.sarif
	jq '.runs[0].tool.driver.rules[0].properties."security-severity" = "high"' all.sarif >broken3.sarif
	jq '.runs[0].results[0].level = "fatal"' all.sarif >broken4.sarif
	rejected=0
	for f in broken1 broken2 broken3 broken4; do node "$validator" "$f.sarif" >/dev/null 2>&1 || rejected=$((rejected + 1)); done
	[ "$rejected" = 4 ] && ok "the validator rejects startLine 0, no ruleId, a word severity, a bad level" ||
		fail "validator rejects broken logs" "rejected $rejected of 4"
	# Fingerprints: the same finding keeps its fingerprint when the path is spelled ./x.
	lint dot.sarif sarif "./dir with space/Dockerfile"
	lint nodot.sarif sarif "dir with space/Dockerfile"
	a=$(jq -c '[.runs[0].results[].partialFingerprints]' dot.sarif)
	b=$(jq -c '[.runs[0].results[].partialFingerprints]' nodot.sarif)
	[ "$a" = "$b" ] && [ "$a" != "[]" ] && ok "partial fingerprints are stable across path spellings" ||
		fail "fingerprints stable" "$a vs $b"
else
	for d in "SARIF validates against the 2.1.0 schema" "SARIF GitHub checks"; do skip "$d" "$why_sarif"; done
fi

# ---- JUnit ----
xp() { # xp FILE XPATH: prints the XPath value
	xmllint --xpath "$2" "$1" 2>/dev/null
}
junit_valid() { # junit_valid DESCRIPTION FILE
	local msg
	if msg=$(xmllint --noout --schema "$xsd" "$2" 2>&1); then ok "$1"; else fail "$1" "$msg"; fi
}
junit_counts() { # junit_counts DESCRIPTION FILE: totals and per-suite counts add up
	local f=$2 msg=""
	[ "$(xp "$f" 'number(/testsuites/@tests) = count(//testcase)')" = true ] || msg+="tests "
	[ "$(xp "$f" 'number(/testsuites/@failures) = count(//testcase[failure])')" = true ] || msg+="failures "
	[ "$(xp "$f" 'number(/testsuites/@errors) = count(//testcase[error])')" = true ] || msg+="errors "
	[ "$(xp "$f" 'count(//testsuite[number(@tests) != count(testcase)])')" = 0 ] || msg+="suite-tests "
	[ "$(xp "$f" 'count(//testsuite[number(@failures) != count(testcase[failure])])')" = 0 ] ||
		msg+="suite-failures "
	[ "$(xp "$f" 'count(//testsuite[number(@errors) != count(testcase[error])])')" = 0 ] ||
		msg+="suite-errors "
	[ -z "$msg" ] && ok "$1" || fail "$1" "inconsistent: $msg"
}
if [ -n "$have_xml" ]; then
	lint all.xml junit "${all[@]}" && junit_valid "JUnit of all fixtures validates against junit.xsd" all.xml
	junit_counts "JUnit counts add up (testsuites, every testsuite)" all.xml
	lint all-s.xml junit --show-suppressed "${all[@]}" &&
		junit_valid "JUnit with --show-suppressed validates" all-s.xml
	junit_counts "JUnit counts add up with --show-suppressed" all-s.xml
	lint clean.xml junit clean.Dockerfile && junit_valid "JUnit with zero findings validates" clean.xml
	lint latin1.xml junit latin1.Dockerfile && junit_valid "JUnit of a file that is not UTF-8 validates" latin1.xml
	junit_counts "JUnit counts add up with zero findings" clean.xml

	sed 's/<testcase classname="[^"]*" /<testcase /' all.xml >broken1.xml
	sed '0,/tests="[0-9]*"/s//tests="-1"/' all.xml >broken2.xml
	sed 's|</failure>|</failure><failure/>|' all.xml >broken3.xml
	rejected=0
	for f in broken1 broken2 broken3; do xmllint --noout --schema "$xsd" "$f.xml" >/dev/null 2>&1 || rejected=$((rejected + 1)); done
	[ "$rejected" = 3 ] && ok "junit.xsd rejects a missing classname, a negative count, two outcomes" ||
		fail "junit.xsd rejects broken reports" "rejected $rejected of 3"

	want=$(jq '[.findings[] | select(.suppressed | not) | [.path, .rule_id]] | unique | length' all.json)
	got=$(xp all.xml 'count(//testcase[failure])')
	[ "$got" = "$want" ] && ok "one failing test case per file and rule with findings ($got)" ||
		fail "failing test cases" "junit=$got json(path,rule)=$want"
	got=$(xp all-s.xml 'count(//testcase[failure])')
	[ "$got" = "$want" ] && ok "suppressed findings do not fail test cases" ||
		fail "suppressed findings fail test cases" "junit=$got want=$want"
	got=$(xp all-s.xml 'count(//testcase/system-out)')
	[ "$got" -ge 1 ] && ok "suppressed findings are listed in system-out ($got)" || fail "system-out" "$got"
	got=$(xp all.xml 'count(//testcase[error])')
	[ "$got" = "$nerr" ] && ok "each parse error is one test case in error ($got)" ||
		fail "parse errors" "junit=$got json=$nerr"
	lines=0 nl=$'\n'
	nf=$(xp all.xml 'count(//failure)')
	for ((i = 1; i <= nf; i++)); do
		k=$(xp all.xml "string-length(string((//failure)[$i])) -
			string-length(translate(string((//failure)[$i]), '$nl', ''))")
		lines=$((lines + k))
	done
	[ "$lines" = "$nfind" ] && ok "failure bodies list every finding, one line each ($lines)" ||
		fail "failure lines" "lines=$lines findings=$nfind"
	got=$(xp clean.xml 'concat(/testsuites/@tests, " ", /testsuites/@failures, " ", /testsuites/@errors)')
	[[ "$got" =~ ^[1-9][0-9]*\ 0\ 0$ ]] && ok "clean file: every rule a passing test case ($got)" ||
		fail "clean file counts" "$got"
	got=$(xp all.xml 'count(//testsuite[@name="ünïcödé/Dockerfile.ñ"]) + count(//testsuite[@name="dir with space/Dockerfile"])')
	[ "$got" = 2 ] && ok "suite names keep spaces and non-ASCII" || fail "suite names" "$got"
else
	skip "JUnit validates against junit.xsd" "xmllint not installed (apt-get install libxml2-utils)"
fi

# ---- table ----
lint all.txt table "${all[@]}"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' all.txt; then
	fail "table output has no raw control characters" "$(grep -n $'[\x01-\x08\x0b-\x1f\x7f]' all.txt | cat -v)"
else
	ok "table output has no raw control characters"
fi
tail -n 1 all.txt | grep -qE '^[0-9]+ findings? (\([0-9]+ [a-z]+(, [0-9]+ [a-z]+)*\))?, [0-9]+ suppressed, 6 files' &&
	ok "table ends with the summary line" || fail "table summary" "$(tail -n 3 all.txt)"
lint quiet.txt table --quiet clean.Dockerfile
[ "$(jq '.findings | length' clean.json)" = 0 ] && [ ! -s quiet.txt ] && ok "--quiet with nothing found prints nothing" || fail "--quiet clean" "$(cat quiet.txt)"

done_testing
