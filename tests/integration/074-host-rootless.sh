#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` against a real rootless dockerd (Debian's dockerd-rootless.sh under
# rootlesskit), run as an unprivileged test user with no DOCKER_HOST: bulwark must find
# $XDG_RUNTIME_DIR/docker.sock, read the user's ~/.config/docker/daemon.json and the rootless
# dockerd's command line, report the daemon as rootless, and leave out what rootless makes
# irrelevant (2.9 user namespaces; 3.15/3.17/3.23 expect the daemon's user, not root; the
# sticky bit dockerd puts on its socket is no extra permission for 3.16). Then root audits the
# same daemon through DOCKER_HOST (the user's daemon.json, not root's), and section 5 runs on
# a hardened and a risky container created in it: rootlesskit runs with --pidns, so --pid host
# and --userns host share rootlesskit's namespaces (not applicable) while --network, --ipc
# and --uts host are the host's (reported).
#
# rootlesskit runs with --net=host: this VM's /dev/net/tun is mode 0600, so the default
# slirp4netns network fails for any user ("setting up tap tap0: ... ip tuntap add name tap0
# mode tap ... open: Permission denied"). With the host network the rootless daemon cannot
# manage bridges or iptables, hence --bridge=none --iptables=false on its command line.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK
rootless_sh=/usr/share/docker.io/contrib/dockerd-rootless.sh

[ "$(id -u)" -eq 0 ] || skip_all "needs root (creates the test user)"
for t in dockerd docker rootlesskit newuidmap newgidmap useradd su pgrep curl jq; do
	command -v "$t" >/dev/null 2>&1 || skip_all "no $t (scripts/bootstrap installs rootlesskit and uidmap)"
done
[ -x "$rootless_sh" ] || skip_all "no $rootless_sh (docker.io)"

user=bulwark-rootless
id -u "$user" >/dev/null 2>&1 || useradd -m -s /bin/sh "$user" || skip_all "cannot create user $user"
uid=$(id -u "$user")
home=$(getent passwd "$user" | cut -d: -f6)
grep -q "^$user:" /etc/subuid || echo "$user:400000:65536" >>/etc/subuid
grep -q "^$user:" /etc/subgid || echo "$user:400000:65536" >>/etc/subgid
run=/run/user/$uid
mkdir -p "$run" && chown "$user:" "$run" && chmod 700 "$run"
w=$(mktemp -d /tmp/bwrl.XXXXXX)
chown "$user:" "$w"
chmod 755 "$w"
cd "$w"
# the build folder may sit below a folder the test user cannot enter (a clone in a mktemp -d)
cp "$BULWARK" "$w/bulwark" && chmod 755 "$w/bulwark" && B=$w/bulwark

# as_user CMD: runs CMD as the test user in a clean environment (no DOCKER_HOST).
as_user() {
	su -s /bin/sh "$user" -c "cd '$w' && exec env -i HOME='$home' XDG_RUNTIME_DIR='$run' \
PATH=/usr/share/docker.io/contrib:/usr/sbin:/usr/bin:/sbin:/bin $*"
}
as_user test -x "$B" || { rm -rf "$w"; skip_all "$B is not executable by $user"; }

# The test user's dockerd and rootlesskit (docker.pid holds a pid of rootlesskit's PID
# namespace, not the host's).
stop_daemon() {
	for p in $(pgrep -u "$user" -x dockerd) $(pgrep -u "$user" -x rootlesskit); do
		kill "$p" 2>/dev/null
		for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
	done
}
cleanup() {
	stop_daemon
	rm -rf "$w"
}
trap cleanup EXIT
stop_daemon # a daemon left by an interrupted run

mkdir -p "$home/.config/docker"
printf '{"no-new-privileges": true}\n' >"$home/.config/docker/daemon.json"
chown -R "$user:" "$home/.config"
chmod 644 "$home/.config/docker/daemon.json"
as_user "sh -c 'DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none \
DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--pidns setsid dockerd-rootless.sh --bridge=none --iptables=false >$w/dockerd.log 2>&1 &'"
for _ in $(seq 1 60); do
	curl -fsS --max-time 2 --unix-socket "$run/docker.sock" http://d/_ping >/dev/null 2>&1 && break
	sleep 0.5
done
curl -fsS --max-time 2 --unix-socket "$run/docker.sock" http://d/_ping >/dev/null 2>&1 ||
	{ fail "rootless dockerd starts" "$(grep -v '^+' "$w/dockerd.log" | tail -n 5)"; done_testing; exit; }
opts=$(curl -fsS --unix-socket "$run/docker.sock" http://d/v1.41/info | jq -c .SecurityOptions)
[[ "$opts" == *'"name=rootless"'* ]] && ok "a real rootless dockerd answers on $run/docker.sock ($opts)" \
	|| fail "rootless daemon" "$opts"
dpid=$(pgrep -u "$user" -x dockerd)
[ "$(stat -c %u "/proc/$dpid")" = "$uid" ] && ok "its dockerd (pid $dpid) runs as $user" || fail "dockerd owner"

as_user "$B" host --format json --section 2,3 --include-manual >out.json 2>err; rc=$?
jq -e . out.json >/dev/null && ok "bulwark host runs as $user (rc=$rc)" || fail "report" "$(cat err)"
got=$(jq -r '[.targets[] | select(.kind == "host") | .path] | join(" ")' out.json)
[ "$got" = "$run/docker.sock" ] && ok "no DOCKER_HOST: the rootless socket \$XDG_RUNTIME_DIR/docker.sock is found" \
	|| fail "socket discovery" "$got $(cat err)"
msg=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.1") | .message] | join(";")' out.json)
[ "$msg" = "manual check: the daemon runs rootless as user '$user' (SecurityOptions name=rootless); nothing to change" ] \
	&& ok "2.1 reports the daemon as rootless" || fail "2.1" "$msg"

outcome() { jq -r --arg i "$1" '[.host.checks[] | select(.id == $i) | .outcome] | join("")' out.json; }
for id in CIS-2.9 CIS-2.14 CIS-3.15 CIS-3.16 CIS-3.17 CIS-3.18 CIS-3.23 CIS-3.24; do
	[ "$(outcome $id)" = passed ] && ok "rootless: $id passes" || fail "rootless: $id" \
		"$(outcome $id): $(jq -r --arg i "$id" '.findings[] | select(.rule_id == $i) | "\(.path): \(.message)"' out.json)"
done
[ "$(stat -c %a "$run/docker.sock")" = 1660 ] && ok "the socket really carries the sticky bit (mode 1660)" \
	|| fail "socket mode" "$(stat -c %a "$run/docker.sock")"
got=$(jq -r '[.findings[] | select(.rule_id | startswith("CIS-2.")) | .rule_id] | sort | join(" ")' out.json)
[ "$got" = "CIS-2.1 CIS-2.12 CIS-2.13 CIS-2.15 CIS-2.16 CIS-2.4 CIS-2.8" ] \
	&& ok "section 2: exactly 2.1 and 2.8 (advice), 2.4, 2.12, 2.13, 2.15, 2.16" || fail "section 2" "$got"
got=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.4" or .rule_id == "CIS-2.16") | "\(.rule_id)|\(.path)"] | sort | join(" ")' out.json)
[ "$got" = "CIS-2.16|$home/.config/docker/daemon.json CIS-2.4|/proc/$dpid/cmdline" ] \
	&& ok "the user's daemon.json and the rootless dockerd's command line are where settings come from" \
	|| fail "setting paths" "$got"

# The daemon-owned files must belong to the daemon's user, and keep their modes.
chown root:root "$home/.config/docker/daemon.json"
chmod 666 "$home/.config/docker/daemon.json"
as_user "$B" host --format json --section 3.17,3.18 >m.json 2>/dev/null
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.message)"] | sort | join(";")' m.json)
[ "$got" = "CIS-3.17|owned by 'root:root', not by '$user', the user the rootless daemon runs as;CIS-3.18|has mode 0666, more permissive than 0644" ] \
	&& ok "a root-owned, world-writable daemon.json fires 3.17 and 3.18" || fail "3.17/3.18" "$got"
chown "$user:" "$home/.config/docker/daemon.json"
chmod 644 "$home/.config/docker/daemon.json"

# --- root audits the rootless daemon through DOCKER_HOST -----------------------------------
# Root's own HOME holds a daemon.json that says the opposite: it must not be read.
mkdir -p "$w/roothome/.config/docker"
printf '{"no-new-privileges": false, "live-restore": true}\n' >"$w/roothome/.config/docker/daemon.json"
export DOCKER_HOST=unix://$run/docker.sock
HOME=$w/roothome XDG_CONFIG_HOME='' "$B" host --format json --section 2,3 --include-manual >root.json 2>err
got=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.4" or .rule_id == "CIS-2.16") | "\(.rule_id)|\(.path)"] | sort | join(" ")' root.json)
[ "$got" = "CIS-2.16|$home/.config/docker/daemon.json CIS-2.4|/proc/$dpid/cmdline" ] \
	&& ok "root with DOCKER_HOST: the rootless dockerd (pid $dpid) and its user's daemon.json are read" \
	|| fail "root: setting paths" "$got $(cat err)"
got=$(jq -r '[.host.checks[] | select(.id == "CIS-2.14" or .id == "CIS-2.15") | "\(.id)=\(.outcome)"] | sort | join(" ")' root.json)
[ "$got" = "CIS-2.14=passed CIS-2.15=failed" ] \
	&& ok "root: no-new-privileges from the user's daemon.json (2.14 passes), not root's (2.15 fails)" \
	|| fail "root: daemon.json used" "$got"
msg=$(jq -r '[.findings[] | select(.rule_id == "CIS-2.1") | .message] | join(";")' root.json)
[[ "$msg" == *"rootless as user '$user'"* ]] && ok "root: 2.1 names the daemon's user" || fail "root: 2.1" "$msg"
got=$(jq -r '[.host.checks[] | select(.id == "CIS-3.15" or .id == "CIS-3.17") | .outcome] | join(" ")' root.json)
[ "$got" = "passed passed" ] && ok "root: socket and daemon.json owned by $user pass 3.15 and 3.17" \
	|| fail "root: owners" "$got"

# --- section 5 on containers of the rootless daemon ----------------------------------------
[ "$(readlink "/proc/$dpid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ] &&
	[ "$(readlink "/proc/$dpid/ns/net")" = "$(readlink /proc/self/ns/net)" ] &&
	ok "dockerd has a PID namespace of its own (rootlesskit --pidns) and the host's network" ||
	fail "namespaces" "$(ls -l "/proc/$dpid/ns")"
IMG=bulwark-host-test:1
if why=$(host_test_image "$IMG"); then
	mkdir -p "$w/shared"
	docker create --name rl-hard --read-only --cap-drop ALL --security-opt no-new-privileges \
		--user 1000 --pids-limit 64 --memory 64m --cpu-shares 512 --network none \
		--health-cmd true "$IMG" sleep 1 >/dev/null &&
		docker create --name rl-risky --cap-add SYS_ADMIN --security-opt seccomp=unconfined \
			--pid host --network host --ipc host --uts host --userns host \
			-v "$run/docker.sock:/var/run/docker.sock" -v "$w/shared:/mnt:shared" \
			"$IMG" sleep 1 >/dev/null &&
		ok "rl-hard and rl-risky created in the rootless daemon" || fail "docker create (rootless)"
	"$B" host --format json --section 4.1,5 >c.json 2>err
	[ "$(host_ids c.json rl-hard)" = "" ] && ok "rootless: the hardened container has no finding" \
		|| fail "rl-hard" "$(host_ids c.json rl-hard)"
	# Limits: one finding at the daemon when it cannot enforce them (no cgroups here), else
	# on the risky container, which sets none.
	info=$(curl -fsS --unix-socket "$run/docker.sock" http://d/v1.41/info)
	off=() on=()
	[ "$(jq -r .MemoryLimit <<<"$info")" = false ] && off+=(CIS-5.11) || on+=(CIS-5.11)
	[ "$(jq -r '.CpuCfsQuota or .CpuShares or .CPUSet' <<<"$info")" = false ] && off+=(CIS-5.12) || on+=(CIS-5.12)
	[ "$(jq -r .PidsLimit <<<"$info")" = false ] && off+=(CIS-5.29) || on+=(CIS-5.29)
	want=$(sorted_ids CIS-4.1 CIS-5.4 CIS-5.10 CIS-5.13 CIS-5.17 CIS-5.20 CIS-5.21 CIS-5.22 CIS-5.27 CIS-5.32 "${on[@]}")
	got=$(host_ids c.json rl-risky)
	[ "$got" = "$want" ] && ok "rootless risky container: exactly $want" \
		|| fail "rl-risky" "got:  $got"$'\n'"want: $want"
	got=$(jq -r '[.host.checks[] | select(.id == "CIS-5.16" or .id == "CIS-5.31") | .outcome] | join(" ")' c.json)
	[ "$got" = "not_applicable not_applicable" ] \
		&& ok "--pid host and --userns host share rootlesskit's namespaces: 5.16 and 5.31 do not apply" \
		|| fail "5.16/5.31" "$got"
	want=
	if [ "$(jq -r .MemoryLimit <<<"$info")" = false ]; then
		want="CIS-5.11|the daemon cannot enforce memory limits (/info MemoryLimit=false, a rootless daemon needs cgroup v2 with delegated controllers): 2 container(s) run without one"
	fi
	got=$(jq -r --arg p "$run/docker.sock" '[.findings[] | select(.path == $p) | "\(.rule_id)|\(.message)"] | map(select(startswith("CIS-5.11|"))) | join(";")' c.json)
	[ "$got" = "$want" ] && ok "5.11 matches the daemon's MemoryLimit=$(jq -r .MemoryLimit <<<"$info")" \
		|| fail "5.11 at the daemon" "got:  $got"$'\n'"want: $want"
	got=$(jq -r --arg p "$run/docker.sock" '[.findings[] | select(.path == $p) | .rule_id] | sort | join(" ")' c.json)
	want=$(sorted_ids "${off[@]}")
	[ "$got" = "$want" ] && ok "limits the daemon cannot enforce are reported once, at its socket ($want)" \
		|| fail "limits at the daemon" "got:  $got"$'\n'"want: $want"
	docker rm -f rl-hard rl-risky >/dev/null
	docker rmi "$IMG" >/dev/null
else
	ok "# SKIP rootless containers: $why"
fi
unset DOCKER_HOST

done_testing
