#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` sections 5.1, 6 and 7 against a real swarm: a dockerd of its own, in a network
# namespace of its own (so its bridges, iptables rules and swarm ports stay there; all swarm
# traffic is on that namespace's 127.0.0.1), with its own data root, exec root, pidfile and
# socket. The swarm is initialised on a non-default port with one encrypted and one plain
# overlay network, a secret, a 48 h certificate lifetime and data-path port 4790: every
# section-7 check must run and give exactly the expected findings; then auto-lock turns 7.5
# off and a swarm listening on 0.0.0.0 turns 7.2 on, also when it advertises another port
# than it listens on. Before the swarm, the manual section-6 checks count this daemon's images
# and containers.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK

[ "$(id -u)" -eq 0 ] || skip_all "needs root (starts a dockerd in a network namespace)"
for t in dockerd docker ip nsenter ss curl jq openssl python3; do
	command -v "$t" >/dev/null 2>&1 || skip_all "no $t"
done

d=$(mktemp -d /tmp/bwsw.XXXXXX)
ns=bwsw$$
sock=$d/docker.sock
D() { docker -H "unix://$sock" "$@"; }
cleanup() {
	[ -n "${decoy:-}" ] && kill "$decoy" 2>/dev/null
	[ -n "${netns_pid:-}" ] && D swarm leave --force >/dev/null 2>&1
	host_netns_dockerd_stop "$ns"
	rm -rf "$d"
}
trap cleanup EXIT
cd "$d"

host_netns_dockerd "$d" "$ns" >"$d/why" || { fail "dockerd in namespace $ns starts" "$(cat "$d/why")"; done_testing; exit; }
pid=$netns_pid
ok "dockerd answers on $sock (pid $pid, network namespace $ns)"
export DOCKER_HOST=unix://$sock

# outcomes FILE: "ID=OUTCOME ..." of the checks in a JSON report, sorted.
outcomes() { jq -r '[.host.checks[] | "\(.id)=\(.outcome)"] | sort | join(" ")' "$1"; }

# --- swarm inactive: section 7 does not apply, 5.1 passes ------------------------------
"$B" host --format json --section 5.1,7 --include-manual >off.json 2>/dev/null
got=$(outcomes off.json)
want="CIS-5.1=passed CIS-7.1=not_applicable CIS-7.2=not_applicable CIS-7.3=not_applicable CIS-7.4=not_applicable CIS-7.5=not_applicable CIS-7.6=not_applicable CIS-7.7=not_applicable CIS-7.8=not_applicable CIS-7.9=not_applicable"
[ "$got" = "$want" ] && [ "$(jq '.findings | length' off.json)" = 0 ] \
	&& ok "swarm inactive: 5.1 passes, every section-7 check is not applicable" || fail "inactive" "$got"

# --- section 6 (manual): image and container sprawl, counted against the daemon's own lists --
IMG=bulwark-host-test:1
if why=$(host_test_image "$IMG"); then
	docker tag "$IMG" bulwark-host-test:unused-name >/dev/null
	host_test_image bulwark-host-test:2 >/dev/null # a second, different image: nothing uses it
	docker create --name s-stopped "$IMG" sleep 1 >/dev/null
	docker run -d --name s-running --network none "$IMG" sleep 100000 >/dev/null
	"$B" host --format json --section 6 --include-manual >six.json 2>/dev/null
	n_img=$(docker image ls -q --no-trunc | sort -u | wc -l)
	n_unused=$(comm -23 <(docker image ls -q --no-trunc | sort -u) \
		<(docker ps -aq | xargs docker inspect --format '{{.Image}}' | sort -u) | wc -l)
	n_stopped=$(docker ps -aq --filter status=created --filter status=exited | wc -l)
	got=$(jq -r '[.findings[] | "\(.rule_id)|\(.message)"] | sort | join(";")' six.json)
	want="CIS-6.1|manual check: the daemon holds $n_img image(s), $n_unused of them used by none of the 2 audited container(s); remove the ones no longer needed;CIS-6.2|manual check: 2 container(s), $n_stopped of them not running; remove the ones no longer needed"
	[ "$got" = "$want" ] && [ "$n_img" = 2 ] && [ "$n_unused" = 1 ] && [ "$n_stopped" = 1 ] \
		&& ok "6.1/6.2 count 2 images (1 unused) and 2 containers (1 stopped) as docker lists them" \
		|| fail "section 6" "got:  $got"$'\n'"want: $want"
	docker rm -f s-stopped s-running >/dev/null
else
	ok "# SKIP section 6: $why"
fi

# --- an active single-manager swarm --------------------------------------------------------
port=23770
D swarm init --advertise-addr 127.0.0.1 --listen-addr "127.0.0.1:$port" --data-path-port 4790 \
	>/dev/null 2>"$d/init.err" || { fail "swarm init" "$(cat "$d/init.err")"; done_testing; exit; }
D swarm update --cert-expiry 48h >/dev/null &&
	D network create -d overlay --opt encrypted bw-enc >/dev/null &&
	D network create -d overlay bw-plain >/dev/null &&
	printf 'not-a-real-password' | D secret create bw-secret - >/dev/null &&
	ok "swarm on 127.0.0.1:$port with networks bw-enc (encrypted), bw-plain and one secret" ||
	fail "swarm setup"
node=$(D info --format '{{.Swarm.NodeID}}')
ca_end=$(D swarm ca | openssl x509 -noout -enddate | sed 's/^notAfter=//')
ca_day=$(date -u -d "$ca_end" +%Y-%m-%d)

"$B" host --format json --section 2.15,5.1,7 --include-manual >on.json 2>err; rc=$?
[ $rc -eq 0 ] && ok "no finding at or above --fail-on high: exit 0" || fail "exit code" "rc=$rc $(cat err)"
got=$(outcomes on.json)
want="CIS-2.15=not_applicable CIS-5.1=failed CIS-7.1=passed CIS-7.2=passed CIS-7.3=failed CIS-7.4=manual CIS-7.5=failed CIS-7.6=manual CIS-7.7=manual CIS-7.8=manual CIS-7.9=manual"
[ "$got" = "$want" ] && ok "swarm active: every section-7 check runs (7.1, 7.2 pass; 7.3, 7.5 fail; 2.15 n/a)" \
	|| fail "outcomes" "got:  $got"$'\n'"want: $want"
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)"] | sort | join(" ")' on.json)
want="CIS-5.1|$sock CIS-7.3|bw-plain CIS-7.3|ingress CIS-7.4|$sock CIS-7.5|$sock CIS-7.6|$sock CIS-7.7|$sock CIS-7.8|$sock CIS-7.9|$sock"
[ "$got" = "$want" ] && ok "exactly the expected findings: 7.3 on bw-plain and ingress, not on bw-enc" \
	|| fail "findings" "got:  $got"$'\n'"want: $want"
msg() { jq -r --arg i "$1" '[.findings[] | select(.rule_id == $i) | .message] | join(";")' on.json; }
[[ "$(msg CIS-5.1)" == *"(node '$node')"* ]] && ok "5.1 names the node" || fail "5.1 message" "$(msg CIS-5.1)"
[ "$(msg CIS-7.5)" = "swarm managers are not auto-locked (AutoLockManagers is false)" ] \
	&& ok "7.5: auto-lock off" || fail "7.5 message" "$(msg CIS-7.5)"
[[ "$(msg CIS-7.4)" == *"holds 1 secret(s)"* ]] && ok "7.4 counts the swarm's secrets" || fail "7.4" "$(msg CIS-7.4)"
[[ "$(msg CIS-7.7)" == *"valid for 48 hour(s) (2 day(s)"* ]] && ok "7.7 reports the 48 h node certificate lifetime" \
	|| fail "7.7" "$(msg CIS-7.7)"
[[ "$(msg CIS-7.8)" == *"expires on $ca_day;"* ]] && ok "7.8 reports the root CA expiry openssl reads ($ca_day)" \
	|| fail "7.8" "$(msg CIS-7.8) (openssl: $ca_end)"
[[ "$(msg CIS-7.9)" == *"uses '127.0.0.1' (NodeAddr)"*"UDP port 4790"* ]] && ok "7.9 reports the management address and data-path port" \
	|| fail "7.9" "$(msg CIS-7.9)"
if [ ! -s on.json ] || grep -q -e SWMTKN -e not-a-real-password on.json; then
	fail "join tokens or secret values leak into the report (or no report)"
else
	ok "no join token or secret value in the report"
fi

D swarm update --autolock=true >/dev/null
"$B" host --format json --section 7.5 >m.json 2>/dev/null
[ "$(outcomes m.json)" = "CIS-7.5=passed" ] && ok "auto-lock on: 7.5 passes" || fail "autolock" "$(outcomes m.json)"

# --- the management port on every address of the namespace fires 7.2 --------------------
D swarm leave --force >/dev/null
port=23771
D swarm init --advertise-addr 127.0.0.1 --listen-addr "0.0.0.0:$port" >/dev/null 2>"$d/init.err" ||
	fail "swarm init on 0.0.0.0" "$(cat "$d/init.err")"
"$B" host --format json --section 7.2 >m.json 2>/dev/null
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | join(";")' m.json)
re="^CIS-7\.2\|/proc/$pid/net/tcp6?\|the swarm management port listens on every address \('(0\.0\.0\.0|\[::\]):$port'\)$"
[[ "$got" =~ $re ]] && ok "listen-addr 0.0.0.0:$port fires 7.2, read from dockerd's own namespace" \
	|| fail "7.2 wildcard" "$got"
listen=$(nsenter --net="/run/netns/$ns" ss -Hltn "sport = :$port" | awk '{print $4}')
[[ "$listen" == "*:$port" || "$listen" == "0.0.0.0:$port" || "$listen" == "[::]:$port" ]] \
	&& ok "ss agrees: $listen listens" || fail "ss" "$listen"

# --- advertised port != listen port: 7.2 follows the listen address -----------------------
# The API shows only the advertised address; a decoy (not swarm) listens on every address at
# the advertised port, so 7.2 must look at the listen port, from the daemon's swarm state.
D swarm leave --force >/dev/null
adv=23772 lport=23773
nsenter --net="/run/netns/$ns" python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(); time.sleep(120)' "$adv" &
decoy=$!
for _ in $(seq 1 40); do
	[ -n "$(nsenter --net="/run/netns/$ns" ss -Hltn "sport = :$adv")" ] && break
	sleep 0.25
done
D swarm init --advertise-addr "127.0.0.1:$adv" --listen-addr "127.0.0.1:$lport" >/dev/null 2>"$d/init.err" ||
	fail "swarm init with advertise and listen ports" "$(cat "$d/init.err")"
got=$(D info --format '{{range .Swarm.RemoteManagers}}{{.Addr}}{{end}}')
[ "$got" = "127.0.0.1:$adv" ] && ok "the API shows the advertised 127.0.0.1:$adv only" || fail "RemoteManagers" "$got"
"$B" host --format json --section 7.2 >m.json 2>/dev/null
[ "$(outcomes m.json)" = "CIS-7.2=passed" ] && [ "$(jq '.findings | length' m.json)" = 0 ] \
	&& ok "listen 127.0.0.1:$lport, decoy on 0.0.0.0:$adv: 7.2 passes (the listen port is checked)" \
	|| fail "7.2 with a decoy on the advertised port" "$(jq -c .findings m.json)"
kill "$decoy" 2>/dev/null
wait "$decoy" 2>/dev/null
D swarm leave --force >/dev/null
D swarm init --advertise-addr "127.0.0.1:$adv" --listen-addr "0.0.0.0:$lport" >/dev/null 2>"$d/init.err" ||
	fail "swarm init on 0.0.0.0:$lport" "$(cat "$d/init.err")"
"$B" host --format json --section 7.2 >m.json 2>/dev/null
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.message)"] | join(";")' m.json)
re="^CIS-7\.2\|the swarm management port listens on every address \('(0\.0\.0\.0|\[::\]):$lport'\)$"
[[ "$got" =~ $re ]] && ok "advertised :$adv, listening on 0.0.0.0:$lport: 7.2 fires naming port $lport" \
	|| fail "7.2 on the listen port" "$got"

done_testing
