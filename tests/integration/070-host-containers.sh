#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` against a real dockerd: containers with known settings (hardened, risky,
# ports, shared propagation, privileged, sshd, host namespaces...) must produce exactly the
# expected findings on exactly the expected containers, the hardened one none. Also the
# filters (--container, --label, --section), manual checks, exit codes, ignore files,
# formats and the summary line.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK
root=$(cd "$(dirname "$0")/../.." && pwd)

command -v docker >/dev/null 2>&1 || skip_all "no docker client"
[ "$(id -u)" -eq 0 ] || skip_all "needs root (creates containers, reads /proc)"
why=$("$root/scripts/start-dockerd" 2>&1) || skip_all "no docker daemon: $why"
IMG=bulwark-host-test:1
why=$(host_test_image "$IMG") || skip_all "$why"

L=bulwark.test=host-070
t=$(mktemp -d)
sshd_pid=
cleanup() {
	docker rm -f $(docker ps -aq --filter "label=$L") >/dev/null 2>&1
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	rm -rf "$t"
}
trap cleanup EXIT
docker rm -f $(docker ps -aq --filter "label=$L") >/dev/null 2>&1
mkdir -p "$t/shared" "$t/work"
cd "$t/work"

run() { docker run -d --label "$L" "$@" >/dev/null || fail "docker run $*"; }
create() { docker create --label "$L" "$@" >/dev/null || fail "docker create $*"; }

run --name h-hardened --read-only --cap-drop ALL --security-opt no-new-privileges --user 1000 \
	--pids-limit 100 --memory 64m --cpu-shares 512 --health-cmd true --restart on-failure:3 \
	"$IMG" sleep 100000
run --name h-risky --cap-add SYS_ADMIN --security-opt seccomp=unconfined --pid host \
	--network host -v /var/run/docker.sock:/var/run/docker.sock "$IMG" sleep 100000
run --name h-sshd "$IMG" /usr/sbin/sshd
create --name h-ports -p 0.0.0.0:8080:80 -p 127.0.0.1:8081:81 -p 80:8000 "$IMG" sleep 1
create --name h-shared -v "$t/shared:/mnt:rshared" "$IMG" sleep 1
create --name h-priv --privileged "$IMG" sleep 1
create --name h-misc --ipc host --uts host --userns host --device /dev/null:/dev/xnull \
	--cgroup-parent /bulwark-test --restart always -v /etc:/host/etc:ro --no-healthcheck \
	"$IMG" sleep 1
# A host process named sshd: a container sharing the host PID namespace must not be
# reported for it (the classic false positive of `docker exec ps | grep sshd`).
docker cp h-sshd:/usr/sbin/sshd "$t/sshd" && { "$t/sshd" & sshd_pid=$!; }

[ -n "$sshd_pid" ] && [ "$(cat /proc/$sshd_pid/comm 2>/dev/null)" = sshd ] \
	&& ok "a host process named sshd runs (pid $sshd_pid)" || fail "host sshd stand-in"
unset DOCKER_CONTENT_TRUST
"$B" host --label "$L" --format json --section 4,5 >out.json 2>err; rc=$?
[ $rc -eq 1 ] && ok "findings at or above the default --fail-on high exit 1" \
	|| fail "exit code with critical findings" "rc=$rc $(cat err)"
jq -e . out.json >/dev/null && ok "JSON report parses" || fail "JSON report" "$(head -c 500 out.json)"

base="CIS-4.1 CIS-5.11 CIS-5.12 CIS-5.13 CIS-5.26 CIS-5.27 CIS-5.29"
expect() { # expect CONTAINER IDS...
	local c=$1; shift
	local want got
	want=$(sorted_ids "$@")
	got=$(host_ids out.json "$c")
	[ "$got" = "$want" ] && ok "$c: exactly ${want:-no findings}" \
		|| fail "$c: expected findings" "want: $want"$'\n'"got:  $got"$'\n'"$(jq -r --arg p "$c" '.findings[] | select(.path == $p) | "\(.rule_id) \(.message)"' out.json)"
}
expect h-hardened
expect h-risky $base CIS-5.4 CIS-5.22 CIS-5.16 CIS-5.10 CIS-5.32
expect h-sshd $base CIS-5.7
expect h-ports $base CIS-5.14 CIS-5.14 CIS-5.8
expect h-shared $base CIS-5.20
expect h-priv $base CIS-5.5
expect h-misc $base CIS-5.17 CIS-5.21 CIS-5.31 CIS-5.18 CIS-5.25 CIS-5.15 CIS-5.6
expect "$IMG" CIS-4.6
expect '$DOCKER_CONTENT_TRUST' CIS-4.5

if docker info --format '{{json .SecurityOptions}}' | grep -qE 'name=(apparmor|selinux)'; then
	ok "# SKIP host-level AppArmor finding: this host has a MAC system"
else
	got=$(jq -r '[.findings[] | select(.rule_id == "CIS-5.2")] | map("\(.path)|\(.message)") | join(";")' out.json)
	[[ "$got" == "/sys/kernel/security|"*"7 container(s)"* && "$got" != *";"* ]] \
		&& ok "no AppArmor/SELinux: one host-level CIS-5.2 finding, not one per container" \
		|| fail "host-level CIS-5.2" "$got"
fi
cnt=$(jq '[.findings[] | select(.path | startswith("h-") or . == "'"$IMG"'" or . == "/sys/kernel/security" or . == "$DOCKER_CONTENT_TRUST" | not)] | length' out.json)
[ "$cnt" = 0 ] && ok "no finding about anything else" || fail "unexpected finding paths" "$(jq -c '.findings[].path' out.json | sort -u)"

msg=$(jq -r '.findings[] | select(.path == "h-risky" and .rule_id == "CIS-5.4") | .message' out.json)
[[ "$msg" == *SYS_ADMIN* ]] && ok "capability finding names the capability" || fail "CIS-5.4 message" "$msg"
msg=$(jq -r '.findings[] | select(.path == "h-shared" and .rule_id == "CIS-5.20") | .message' out.json)
[[ "$msg" == *"'rshared'"* && "$msg" == *"$t/shared"* ]] && ok "propagation finding names mount and mode" || fail "CIS-5.20 message" "$msg"
msg=$(jq -r '[.findings[] | select(.path == "h-ports" and .rule_id == "CIS-5.14") | .message] | join("|")' out.json)
[[ "$msg" == *"HostIp='0.0.0.0'"* && "$msg" == *"HostIp=''"* && "$msg" != *8081* ]] \
	&& ok "bind-address findings name the address, not the 127.0.0.1 port" || fail "CIS-5.14 messages" "$msg"
msg=$(jq -r '.findings[] | select(.path == "h-sshd" and .rule_id == "CIS-5.7") | .message' out.json)
[[ "$msg" == *"/usr/sbin/sshd"* ]] && ok "sshd finding names the process" || fail "CIS-5.7 message" "$msg"

line=$(grep '^bulwark host: ' err)
[[ "$line" =~ ^bulwark\ host:\ ([0-9]+)\ checks\ on\ 7\ container\(s\)\ and\ 1\ image\(s\):\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ not\ applicable ]] \
	&& [ $((BASH_REMATCH[2] + BASH_REMATCH[3] + BASH_REMATCH[4])) -eq "${BASH_REMATCH[1]}" ] \
	&& ok "summary line: checks run = passed + failed + not applicable" || fail "summary line" "$(cat err)"
js=$(jq -r '.host.summary | "\(.checks) checks on \(.containers) container(s) and \(.images) image(s): \(.passed) passed, \(.failed) failed, \(.not_applicable) not applicable"' out.json)
[ "bulwark host: $js" = "$line" ] && [ "$(jq '[.host.checks[] | select(.outcome == "failed")] | length' out.json)" = "${BASH_REMATCH[3]}" ] \
	&& ok "JSON host.summary and host.checks agree with the summary line" || fail "JSON host summary" "$js / $line"

# Filters.
rid=$(docker inspect --format '{{.Id}}' h-risky)
"$B" host --container h-hardened --container "${rid:0:12}" --format json --section 5 >f.json 2>err
paths=$(jq -r '[.findings[].path] | unique | join(" ")' f.json)
[[ "$paths" == "/sys/kernel/security h-risky" || "$paths" == "h-risky" ]] && grep -q 'on 2 container(s)' err \
	&& ok "--container by name and by short id selects exactly those" || fail "--container" "$paths $(cat err)"
"$B" host --container no-such-container-xyz >/dev/null 2>err; rc=$?
[ $rc -eq 3 ] && grep -q "no such container 'no-such-container-xyz'" err \
	&& ok "unknown --container exits 3 naming it" || fail "unknown --container" "rc=$rc $(cat err)"
"$B" host --label "$L" --section 5.5 --format json >f.json 2>/dev/null
[ "$(jq -r '[.findings[] | "\(.rule_id)@\(.path)"] | join(" ")' f.json)" = "CIS-5.5@h-priv" ] \
	&& ok "--section 5.5 runs that one check" || fail "--section 5.5" "$(jq -c '.findings' f.json)"
"$B" host --section 8 >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "'8'" err && ok "--section without checks is a usage error" || fail "--section 8" "rc=$rc"
"$B" host --label "$L" --label "$L" --label nosuch=label --format json --section 5 >f.json 2>err
[ "$(jq '[.findings[] | select(.path | startswith("h-"))] | length' f.json)" = 0 ] && grep -q 'on 0 container(s)' err \
	&& ok "--label values must all match" || fail "--label AND" "$(cat err)"

# Manual checks, content trust, exit codes, ignore file, formats.
"$B" host --label "$L" --include-manual --format json --section 1.2,4.2,5.30 >m.json 2>err
[ "$(jq -r '[.findings[] | select(.severity == "INFO") | .rule_id] | sort | join(" ")' m.json)" = "CIS-1.2.1 CIS-1.2.2 CIS-4.2 CIS-5.30" ] \
	&& grep -q '4 manual' err && ok "--include-manual lists manual checks as INFO" || fail "--include-manual" "$(jq -c '[.findings[].rule_id]' m.json) $(cat err)"
"$B" host --label "$L" --format json --section 1.2 >m.json 2>/dev/null
[ "$(jq '.findings | length' m.json)" = 0 ] && ok "manual checks stay out without --include-manual" || fail "manual default"
DOCKER_CONTENT_TRUST=1 "$B" host --label "$L" --format json --section 4.5 >m.json 2>/dev/null
[ "$(jq '.findings | length' m.json)" = 0 ] && ok "DOCKER_CONTENT_TRUST=1 passes CIS-4.5" || fail "content trust"
"$B" host --label "$L" --fail-on never >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok "--fail-on never exits 0" || fail "--fail-on never" "rc=$rc"
"$B" host --container h-hardened --section 5 >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok "hardened container alone exits 0" || fail "hardened exit" "rc=$rc"
printf 'CIS-5.5 h-priv\nCIS-5.32\n' >.bulwarkignore
"$B" host --label "$L" --section 5.5,5.32 --format json >f.json 2>err; rc=$?
[ "$(jq '.summary.findings' f.json)" = 0 ] && [ "$(jq '.summary.suppressed' f.json)" = 2 ] && [ $rc -eq 0 ] \
	&& grep -q '2 suppressed' err && ok "ignore file suppresses by id and container" || fail "ignore file" "rc=$rc $(cat err)"
rm .bulwarkignore
"$B" host --label "$L" --section 5 --format junit >j.xml 2>/dev/null
xmllint --noout j.xml 2>/dev/null && grep -q 'testsuite name="h-hardened"[^>]*failures="0"' j.xml \
	&& grep -q 'testsuite name="h-priv"[^>]*failures="[1-9]' j.xml \
	&& ok "JUnit: one suite per container, hardened has no failure" || fail "junit" "$(grep testsuite j.xml | head)"
"$B" host --label "$L" --section 5 --format sarif >s.sarif 2>/dev/null
jq -e '.runs[0].results | length > 0' s.sarif >/dev/null && ok "SARIF has results" || fail "sarif"
"$B" host --label "$L" --section 5 --no-color >tbl.txt 2>/dev/null
grep -q '^h-priv$' tbl.txt && grep -q 'CIS-5.5' tbl.txt && ! grep -q '^h-hardened$' tbl.txt \
	&& ok "table groups findings by container" || fail "table" "$(head -20 tbl.txt)"

DOCKER_HOST=tcp://127.0.0.1:2375 "$B" host >/dev/null 2>err; rc=$?
[ $rc -eq 3 ] && grep -q 'unix://' err && ok "DOCKER_HOST=tcp:// is refused" || fail "tcp DOCKER_HOST" "rc=$rc $(cat err)"
DOCKER_HOST=unix://$t/none.sock "$B" host >/dev/null 2>err; rc=$?
[ $rc -eq 3 ] && grep -q "none.sock" err && ok "missing socket exits 3 naming it" || fail "missing socket" "rc=$rc $(cat err)"
DOCKER_HOST=unix:///var/run/docker.sock "$B" host --label "$L" --section 5.5 --format json >f.json 2>/dev/null
[ "$(jq '.findings | length' f.json)" = 1 ] && ok "DOCKER_HOST=unix:// is used" || fail "DOCKER_HOST unix"

done_testing
