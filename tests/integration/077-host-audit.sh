#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` 1.1.3 and 1.1.11 against the kernel's loaded audit rules (`auditctl -l`, from
# Debian's auditd package): a dockerd of the test's own runs with --config-file in the test's
# folder. With no rule loaded, 1.1.3 alone says nothing is audited; a `-w` watch on that
# daemon.json, then a `-F path=` rule on the dockerd binary, added by the test (and deleted by
# key, in a trap, whatever happens), turn 1.1.11 and then 1.1.3 to passed, and back once the
# rules are gone. Where auditctl cannot run, the rules files under /etc/audit/rules.d decide.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK

[ "$(id -u)" -eq 0 ] || skip_all "needs root (loads audit rules, starts a dockerd)"
for t in auditctl dockerd ip nsenter curl jq; do
	command -v "$t" >/dev/null 2>&1 || skip_all "no $t (scripts/bootstrap installs auditd)"
done
before=$(auditctl -l 2>&1) || skip_all "auditctl -l fails here: $before"

d=$(mktemp -d /tmp/bwau.XXXXXX)
ns=bwau$$
key=bulwark-test-$$
cleanup() {
	auditctl -D -k "$key" >/dev/null 2>&1
	host_netns_dockerd_stop "$ns"
	rm -rf "$d"
}
trap cleanup EXIT
cd "$d"
export DOCKER_HOST=unix://$d/docker.sock
printf '{"icc": false}\n' >daemon.json

host_netns_dockerd "$d" "$ns" --config-file "$d/daemon.json" >why ||
	{ fail "dockerd starts" "$(cat why)"; done_testing; exit; }
bin=$(readlink -f "/proc/$netns_pid/exe")
ok "dockerd (pid $netns_pid, $bin) runs with --config-file $d/daemon.json"

# audit_findings: "ID|PATH|MESSAGE" of 1.1.3 and 1.1.11, sorted.
audit_findings() {
	"$B" host --format json --section 1.1.3,1.1.11 >a.json 2>err
	jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | sort | join(";")' a.json
}
outcomes() { jq -r '[.host.checks[] | "\(.id)=\(.outcome)"] | sort | join(" ")' a.json; }
dockerd_unwatched="CIS-1.1.3|$bin|no audit rule watches '$bin' (rules from 'auditctl -l')"
# What the loaded rules give before the test adds its own.
if [ "$before" = "No rules" ]; then
	want0="CIS-1.1.3|/etc/audit/rules.d|no audit rule watches any file (rules from 'auditctl -l'): no docker file is audited, starting with '$bin'"
	out0="CIS-1.1.11=not_applicable CIS-1.1.3=failed"
elif ! grep -q -e "$bin" -e /tmp <<<"$before"; then
	want0="CIS-1.1.11|$d/daemon.json|no audit rule watches '$d/daemon.json' (rules from 'auditctl -l');$dockerd_unwatched"
	out0="CIS-1.1.11=failed CIS-1.1.3=failed"
else
	want0=
fi
if [ -n "$want0" ]; then
	got=$(audit_findings)
	[ "$got" = "$want0" ] && [ "$(outcomes)" = "$out0" ] \
		&& ok "before the test's rules: ${want0%%|*} as expected ($out0)" \
		|| fail "before the rules" "got:  $got $(outcomes)"$'\n'"want: $want0 $out0"$'\n'"$(cat err)"
else
	ok "# SKIP expectations without the test's rules: the loaded rules already name $bin or /tmp"
fi

auditctl -w "$d/daemon.json" -p wa -k "$key" >/dev/null || { fail "auditctl -w"; done_testing; exit; }
got=$(audit_findings)
[ "$got" = "$dockerd_unwatched" ] && [ "$(outcomes)" = "CIS-1.1.11=passed CIS-1.1.3=failed" ] \
	&& ok "-w on daemon.json: 1.1.11 passes, 1.1.3 fails naming the unwatched dockerd and 'auditctl -l'" \
	|| fail "with -w only" "$got $(outcomes)"
auditctl -a always,exit -F arch=b64 -F path="$bin" -F perm=x -k "$key" >/dev/null ||
	{ fail "auditctl -a ... -F path=$bin"; done_testing; exit; }
loaded=$(auditctl -l -k "$key" 2>&1)
[[ "$loaded" == *"-w $d/daemon.json -p wa -k $key"* && "$loaded" == *"-F path=$bin"* ]] \
	&& ok "the kernel holds both rules (auditctl -l -k $key)" || fail "auditctl -l" "$loaded"
got=$(audit_findings)
[ "$got" = "" ] && [ "$(outcomes)" = "CIS-1.1.11=passed CIS-1.1.3=passed" ] \
	&& ok "and -F path= on dockerd: 1.1.3 passes too" || fail "with both rules" "$got $(outcomes)"

auditctl -D -k "$key" >/dev/null
[ "$(auditctl -l 2>&1)" = "$before" ] && ok "the rules are gone again (auditctl -l as before the test)" \
	|| fail "rules left" "$(auditctl -l 2>&1)"
if [ -n "$want0" ]; then
	got=$(audit_findings)
	[ "$got" = "$want0" ] && ok "without them, the findings are those of the start again" || fail "after the rules" "$got"
fi

# --- the /etc/audit/rules.d fallback, where auditctl cannot be run -------------------------
# In a mount namespace of its own, a file without execute bits is bound over every auditctl
# and a folder of the test's over /etc/audit: the real ones are not touched.
if command -v unshare >/dev/null 2>&1 && [ -d /etc/audit ]; then
	mkdir -p "$d/etc-audit/rules.d"
	: >"$d/noexec"
	printf -- '-w %s -p wa -k docker\n' "$d/daemon.json" >"$d/etc-audit/rules.d/docker.rules"
	printf -- '## a comment\n-D\n' >"$d/etc-audit/rules.d/audit.rules"
	hide=
	for a in /usr/sbin/auditctl /sbin/auditctl /usr/bin/auditctl /usr/local/sbin/auditctl; do
		[ -f "$a" ] && hide+="mount --bind '$d/noexec' '$a' && "
	done
	unshare -m --propagation private sh -c "$hide mount --bind '$d/etc-audit' /etc/audit &&
		exec '$B' host --format json --section 1.1.3,1.1.11" >a.json 2>err
	got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | sort | join(";")' a.json)
	want="CIS-1.1.3|$bin|no audit rule watches '$bin' (rules from '/etc/audit/rules.d')"
	[ "$got" = "$want" ] && [ "$(outcomes)" = "CIS-1.1.11=passed CIS-1.1.3=failed" ] \
		&& ok "no runnable auditctl: the rules files decide (1.1.11 watched there, 1.1.3 not)" \
		|| fail "rules.d fallback" "got:  $got $(outcomes)"$'\n'"want: $want"$'\n'"$(cat err)"
	[ -x "$(command -v auditctl)" ] && ok "auditctl is still executable outside that namespace" || fail "auditctl changed"
else
	ok "# SKIP rules.d fallback: no unshare or no /etc/audit to stand in for"
fi

done_testing
