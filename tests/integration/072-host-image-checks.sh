#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host --image-checks` against a real dockerd: `bulwark image`'s IMG- checks run
# once per image the audited containers use (two containers on one image: one set of
# findings, at 'NAME (SHORT-ID)'), not at all without the option or outside section 4.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK
root=$(cd "$(dirname "$0")/../.." && pwd)

command -v docker >/dev/null 2>&1 || skip_all "no docker client"
command -v jq >/dev/null 2>&1 || skip_all "no jq"
[ "$(id -u)" -eq 0 ] || skip_all "needs root (creates containers)"
why=$("$root/scripts/start-dockerd" 2>&1) || skip_all "no docker daemon: $why"
IMG=bulwark-host-test:1
IMG2=bulwark-host-test:072-$$ # a second image (a commit of a container of the first)
why=$(host_test_image "$IMG") || skip_all "$why"

L=bulwark.test=host-072-$$
t=$(mktemp -d)
cleanup() {
	docker rm -f $(docker ps -aq --filter "label=$L") >/dev/null 2>&1
	docker rmi "$IMG2" >/dev/null 2>&1
	rm -rf "$t"
}
trap cleanup EXIT
cd "$t"

for c in a b; do
	docker create --label "$L" --name "h072-$c-$$" "$IMG" sleep 1 >/dev/null \
		|| fail "docker create h072-$c"
done
id=$(docker image inspect --format '{{.Id}}' "$IMG")
short=${id#sha256:}
short=${short:0:12}
P="$IMG ($short)"
docker commit --change "LABEL bulwark.test.072=$$" "h072-a-$$" "$IMG2" >/dev/null \
	|| skip_all "cannot commit a second image"
docker create --label "$L" --name "h072-c-$$" "$IMG2" sleep 1 >/dev/null || fail "docker create h072-c"
id2=$(docker image inspect --format '{{.Id}}' "$IMG2")
short2=${id2#sha256:}
P2="$IMG2 (${short2:0:12})"

# --- with the option: IMG- findings once per image ---------------------------------------
"$B" host --label "$L" --image-checks --format json --fail-on never >on.json 2>err; rc=$?
[ $rc -eq 0 ] && ok "--image-checks runs (exit 0 with --fail-on never)" \
	|| fail "--image-checks exit code" "rc=$rc $(cat err)"
jq -e . on.json >/dev/null && ok "JSON report parses" || fail "JSON report" "$(head -c 300 on.json)"
want=$(printf '%s\n' "$P" "$P2" | LC_ALL=C sort | paste -sd';' -)
for rule in IMG-002 IMG-003; do
	got=$(jq -r --arg r "$rule" '[.findings[] | select(.rule_id == $r) | .path] | sort | join(";")' on.json)
	[ "$got" = "$want" ] && ok "$rule reported exactly once per image (two containers share '$P')" \
		|| fail "$rule once per image" "want: $want"$'\n'"got: $got"
done
img_paths=$(jq -r '[.findings[] | select(.rule_id | startswith("IMG-")) | .path] | unique | join(";")' on.json)
[ "$img_paths" = "$want" ] && ok "every IMG- finding is at an image" || fail "IMG- paths" "$img_paths"
msg=$(jq -r '[.findings[] | select(.rule_id == "IMG-002") | .message][0]' on.json)
[ -n "$msg" ] && [ "$msg" != null ] && ok "IMG-002 has a message: $msg" || fail "IMG-002 message" "$msg"
# the CIS image check (4.6) still runs on its own, beside IMG-003
n46=$(jq -r --arg p "$IMG" '[.findings[] | select(.rule_id == "CIS-4.6" and .path == $p)] | length' on.json)
[ "$n46" = 1 ] && ok "CIS-4.6 still reported once at '$IMG'" || fail "CIS-4.6 beside IMG-003" "$n46"
outc=$(jq -r '[.host.checks[] | select(.id == "IMG-002" or .id == "IMG-003") | .outcome] | join(" ")' on.json)
[ "$outc" = "failed failed" ] && ok "IMG-002 and IMG-003 count as failed checks in the summary" \
	|| fail "IMG- outcomes" "$outc"
nimg=$(jq -r '.host.summary.images' on.json)
[ "$nimg" = 2 ] && ok "the summary counts two images" || fail "summary images" "$nimg"
grep -q 'image(s)' err && ok "summary line names the images" || fail "summary line" "$(cat err)"

# --- the table says the same ------------------------------------------------------------
"$B" host --label "$L" --image-checks --section 4 --fail-on never >on.txt 2>/dev/null
grep -q "IMG-002" on.txt && grep -qF "$P" on.txt && ok "table output lists IMG-002 at the image" \
	|| fail "table output" "$(head -c 600 on.txt)"

# --- without the option, or outside section 4: no IMG- finding ----------------------------
"$B" host --label "$L" --format json --fail-on never >off.json 2>/dev/null
cnt=$(jq -r '[.findings[] | select(.rule_id | startswith("IMG-"))] | length' off.json)
[ "$cnt" = 0 ] && ok "no IMG- finding without --image-checks" || fail "IMG- without the option" "$cnt"
cnt=$(jq -r '[.host.checks[] | select(.id | startswith("IMG-"))] | length' off.json)
[ "$cnt" = 0 ] && ok "no IMG- check in the summary without --image-checks" || fail "IMG- checks listed" "$cnt"
"$B" host --label "$L" --image-checks --section 5 --format json --fail-on never >s5.json 2>/dev/null
cnt=$(jq -r '[.findings[] | select(.rule_id | startswith("IMG-"))] | length' s5.json)
[ "$cnt" = 0 ] && ok "--section 5 leaves the image checks out" || fail "IMG- with --section 5" "$cnt"
"$B" host --label "$L" --image-checks --section 4 --format json --fail-on never >s4.json 2>/dev/null
cnt=$(jq -r '[.findings[] | select(.rule_id == "IMG-002")] | length' s4.json)
[ "$cnt" = 2 ] && ok "--section 4 keeps them" || fail "IMG- with --section 4" "$cnt"

# --- --container restricts the images too ----------------------------------------------
"$B" host --container "h072-a-$$" --image-checks --section 4 --format json --fail-on never \
	>one.json 2>/dev/null
got=$(jq -r '[.findings[] | select(.rule_id == "IMG-003") | .path] | join(";")' one.json)
[ "$got" = "$P" ] && ok "--container: IMG-003 once at its image" || fail "--container IMG-003" "$got"

# --- --fail-on applies to IMG- findings (IMG-002 is MEDIUM) ------------------------------
"$B" host --label "$L" --image-checks --section 4 --format json --fail-on medium >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] && ok "--fail-on medium fails on IMG-002" || fail "--fail-on medium" "rc=$rc"

"$B" host --help | grep -q -- '--image-checks' && ok "--help documents --image-checks" \
	|| fail "--help"
done_testing
