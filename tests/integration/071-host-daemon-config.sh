#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` section 1-3 against two real daemon configurations: the default dockerd
# (no daemon.json) and a second dockerd with its own socket, data root (on a tmpfs),
# exec root, bridge and daemon.json (userns-remap, icc false, live-restore,
# no-new-privileges, syslog logging) plus a flag on its command line. The hardened
# settings must turn exactly the matching section-2 findings off, and findings must name
# where each setting was seen (daemon.json from --config-file, or /proc/PID/cmdline).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK
root=$(cd "$(dirname "$0")/../.." && pwd)

[ "$(id -u)" -eq 0 ] || skip_all "needs root (starts a second dockerd)"
command -v dockerd >/dev/null 2>&1 || skip_all "no dockerd"
command -v docker >/dev/null 2>&1 || skip_all "no docker client"
command -v ip >/dev/null 2>&1 || skip_all "no ip command (iproute2)"
why=$("$root/scripts/start-dockerd" 2>&1) || skip_all "no docker daemon: $why"

d=$(mktemp -d /tmp/bwh-d2.XXXXXX)
chmod 755 "$d" # the remapped root must traverse it
br=bwh$$
br=${br:0:15}
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
	fi
	mountpoint -q "$d/data" && umount "$d/data"
	ip link del "$br" 2>/dev/null
	rm -rf "$d"
}
trap cleanup EXIT
cd "$d"

# --- the default daemon: no daemon.json, default settings ------------------------------
"$B" host --format json --section 1.1.1,2 >default.json 2>err
ids=$(jq -r '[.findings[].rule_id] | unique | join(" ")' default.json)
if [ -e /etc/docker/daemon.json ]; then
	ok "# SKIP default-daemon expectations: /etc/docker/daemon.json exists"
else
	for id in CIS-1.1.1 CIS-2.2 CIS-2.9 CIS-2.13 CIS-2.14 CIS-2.15 CIS-2.16; do
		[[ " $ids " == *" $id "* ]] && ok "default daemon: $id fires" || fail "default daemon: $id" "$ids"
	done
	p=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.14") | .path][0]' default.json)
	[ "$p" = /etc/docker/daemon.json ] && ok "an unset setting is reported at the daemon.json to edit" \
		|| fail "default path" "$p"
fi

# --- audit rules from /etc/audit/rules.d (only where the host has no audit setup at all) --
if [ ! -e /etc/audit ] && ! command -v auditctl >/dev/null 2>&1; then
	"$B" host --format json --section 1.1.3,1.1.4,1.1.5,1.1.6,1.1.7,1.1.8,1.1.9,1.1.10,1.1.11,1.1.12,1.1.13,1.1.14,1.1.15,1.1.16,1.1.17,1.1.18 >a.json 2>/dev/null
	got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)"] | join(";")' a.json)
	[ "$got" = "CIS-1.1.3|/etc/audit/rules.d" ] && ok "no audit rules at all: one CIS-1.1.3 finding" \
		|| fail "no audit rules" "$got"
	dockerd_bin=$(readlink -f "$(command -v dockerd)")
	mkdir -p /etc/audit/rules.d
	printf -- '-w %s -p x -k docker\n-w /etc/docker/ -k docker\n' "$dockerd_bin" \
		>/etc/audit/rules.d/bulwark-test.rules
	"$B" host --format json --section 1.1.3,1.1.4,1.1.5,1.1.6,1.1.7,1.1.8,1.1.9,1.1.10,1.1.11,1.1.12,1.1.13,1.1.14,1.1.15,1.1.16,1.1.17,1.1.18 >a.json 2>/dev/null
	rm -rf /etc/audit
	ids=$(jq -r '[.findings[].rule_id] | unique | join(" ")' a.json)
	[[ " $ids " != *" CIS-1.1.3 "* && " $ids " != *" CIS-1.1.6 "* ]] \
		&& ok "watched dockerd and /etc/docker pass 1.1.3 and 1.1.6" || fail "audit watches" "$ids"
	root_dir=$(docker info --format '{{.DockerRootDir}}')
	got=$(jq -r --arg p "$root_dir" '[.findings[] | select(.rule_id == "CIS-1.1.5") | "\(.path)|\(.message)"] | join(";")' a.json)
	[ "$got" = "$root_dir|no audit rule watches '$root_dir' (rules from '/etc/audit/rules.d')" ] \
		&& ok "an unwatched data root fires 1.1.5 naming it" || fail "CIS-1.1.5" "$got"
else
	ok "# SKIP audit rules from /etc/audit/rules.d: this host has auditctl or /etc/audit (077 tests 'auditctl -l')"
fi

# --- a second, hardened daemon ---------------------------------------------------------
mkdir -p "$d/data" "$d/exec"
mount -t tmpfs -o size=256m bulwark-test "$d/data" || skip_all "cannot mount a tmpfs"
ip link add "$br" type bridge && ip addr add 172.31.251.1/24 dev "$br" && ip link set "$br" up \
	|| skip_all "cannot create bridge $br"
cat >"$d/daemon.json" <<EOF
{
	"icc": false,
	"userns-remap": "default",
	"live-restore": true,
	"no-new-privileges": true,
	"log-driver": "syslog",
	"bridge": "$br"
}
EOF
chmod 644 "$d/daemon.json"
sock=$d/docker.sock
setsid dockerd --config-file "$d/daemon.json" --data-root "$d/data" --exec-root "$d/exec" \
	--pidfile "$d/docker.pid" -H "unix://$sock" --log-level=debug >"$d/dockerd.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
	curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.5
done
curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 ||
	{ fail "second dockerd starts" "$(tail -n 5 "$d/dockerd.log")"; done_testing; exit; }
ok "second dockerd answers on $sock"
[ -s "$d/docker.pid" ] && pid=$(cat "$d/docker.pid")
export DOCKER_HOST=unix://$sock

"$B" host --format json --section 1.1.1,2,3.17,3.18 >hard.json 2>err; rc=$?
jq -e . hard.json >/dev/null && ok "report parses (rc=$rc)" || fail "hardened report" "$(cat err)"
ids=$(jq -r '[.findings[].rule_id] | unique | join(" ")' hard.json)
for id in CIS-2.2 CIS-2.9 CIS-2.13 CIS-2.14 CIS-2.15; do
	[[ " $ids " != *" $id "* ]] && ok "hardened daemon: $id is off" || fail "hardened daemon: $id still fires" \
		"$(jq -r --arg i "$id" '.findings[] | select(.rule_id == $i) | "\(.path): \(.message)"' hard.json)"
done
[[ " $ids " != *" CIS-1.1.1 "* ]] && ok "data root on its own filesystem passes CIS-1.1.1" || fail "CIS-1.1.1 on tmpfs" "$ids"
[[ " $ids " == *" CIS-2.16 "* && " $ids " == *" CIS-2.12 "* ]] && ok "settings left at their default still fire" \
	|| fail "unchanged settings" "$ids"
p=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.16") | .path][0]' hard.json)
[ "$p" = "$d/daemon.json" ] && ok "daemon.json found through --config-file on dockerd's command line" \
	|| fail "daemon.json path" "$p"
got=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.3") | "\(.path)|\(.message)"] | join(";")' hard.json)
[ "$got" = "/proc/$pid/cmdline|the daemon log level is 'debug', not 'info'" ] \
	&& ok "a command-line flag is reported at /proc/PID/cmdline with its value" || fail "CIS-2.3 from the command line" "$got"
[[ " $ids " != *" CIS-3.17 "* && " $ids " != *" CIS-3.18 "* ]] && ok "daemon.json root:root 0644 passes 3.17/3.18" \
	|| fail "3.17/3.18" "$ids"
chmod 666 "$d/daemon.json"
"$B" host --format json --section 3.18 >m.json 2>/dev/null
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | join(";")' m.json)
[ "$got" = "CIS-3.18|$d/daemon.json|has mode 0666, more permissive than 0644" ] \
	&& ok "daemon.json mode 0666 fires CIS-3.18 naming the file and mode" || fail "CIS-3.18" "$got"
chmod 644 "$d/daemon.json"

# --daemon-json reads another file instead (here: one that undoes the hardening).
printf '{"no-new-privileges": false}\n' >other.json
"$B" host --format json --section 2.14 --daemon-json "$d/other.json" >m.json 2>/dev/null
[ "$(jq -r '[.findings[] | "\(.rule_id)|\(.path)"] | join(";")' m.json)" = "CIS-2.14|$d/other.json" ] \
	&& ok "--daemon-json PATH replaces the daemon's own daemon.json" || fail "--daemon-json" "$(jq -c .findings m.json)"

"$B" host --daemon-json "$d/none.json" >/dev/null 2>err; rc=$?
[ $rc -eq 3 ] && grep -q "none.json" err && ok "a missing --daemon-json exits 3 naming it" || fail "missing --daemon-json" "rc=$rc $(cat err)"

# Containers inherit the daemon's no-new-privileges default.
IMG=bulwark-host-test:1
if why=$(host_test_image "$IMG"); then
	docker create --name h-plain "$IMG" sleep 1 >/dev/null
	docker create --name h-optout --security-opt no-new-privileges=false "$IMG" sleep 1 >/dev/null
	"$B" host --format json --section 5.26 >m.json 2>/dev/null
	got=$(jq -r '[.findings[] | .path] | join(" ")' m.json)
	[ "$got" = "h-optout" ] && ok "daemon no-new-privileges default: only the opt-out container fires 5.26" \
		|| fail "5.26 with daemon default" "$got"
	docker rm -f h-plain h-optout >/dev/null 2>&1
else
	ok "# SKIP container inheritance: $why"
fi
unset DOCKER_HOST

done_testing
