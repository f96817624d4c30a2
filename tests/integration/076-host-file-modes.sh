#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` 3.9-3.18 against a real dockerd of the test's own (in a network namespace of
# its own) whose daemon.json (--config-file), TLS CA, certificate and key and API socket (all
# named in that daemon.json only, not on dockerd's command line) live in the test's folder:
# with the owners and modes the benchmark asks for, every check passes; with a wrong owner and
# a wrong mode on each, exactly one 3.x failure per file and property, naming the file and the
# owner or mode seen; corrected again, they pass again. The machine's own docker files are not
# touched.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK

getent group nogroup >/dev/null && getent passwd nobody >/dev/null || skip_all "no user nobody or group nogroup"
host_tls_setup bwfm
port=23752
cat >daemon.json <<EOF
{"tlsverify": true, "tlscacert": "$d/ca.pem", "tlscert": "$d/cert.pem", "tlskey": "$d/key.pem",
 "hosts": ["unix://$d/docker.sock", "tcp://127.0.0.1:$port"]}
EOF

# as_benchmark: the owners and modes CIS asks for (the socket: root:docker 0660 when the
# group exists, as dockerd creates it).
as_benchmark() {
	chown root:root daemon.json ca.pem cert.pem key.pem
	chmod 644 daemon.json
	chmod 444 ca.pem cert.pem
	chmod 400 key.pem
	chown "root:$(getent group docker >/dev/null && echo docker || echo root)" docker.sock 2>/dev/null
	chmod 660 docker.sock 2>/dev/null
	return 0
}
as_benchmark
host_netns_dockerd "$d" "$ns" --hosts-in-config --config-file "$d/daemon.json" >why ||
	{ fail "dockerd with its own daemon.json and TLS files starts" "$(cat why)"; done_testing; exit; }
ok "dockerd (pid $netns_pid) runs with --config-file $d/daemon.json (tlsverify) in $ns"
as_benchmark

sections=3.9,3.10,3.11,3.12,3.13,3.14,3.15,3.16,3.17,3.18
passed="CIS-3.10 CIS-3.11 CIS-3.12 CIS-3.13 CIS-3.14 CIS-3.15 CIS-3.16 CIS-3.17 CIS-3.18 CIS-3.9"
# audit: runs the section-3 checks into t.json.
audit() { "$B" host --format json --section "$sections" >t.json 2>err; }
passing() { jq -r '[.host.checks[] | select(.outcome == "passed") | .id] | sort | join(" ")' t.json; }

audit
[ "$(jq '.findings | length' t.json)" = 0 ] && [ "$(passing)" = "$passed" ] \
	&& ok "benchmark owners and modes: 3.9-3.18 all pass" \
	|| fail "as benchmark" "$(jq -c '[.findings[] | [.rule_id, .path, .message]]' t.json) $(cat err)"

# One wrong owner and one wrong mode on every file.
chown nobody:root daemon.json && chmod 664 daemon.json
chown nobody:nogroup ca.pem && chmod 644 ca.pem
chown root:nogroup cert.pem && chmod 666 cert.pem
chown nobody:root key.pem && chmod 440 key.pem
chown nobody:nogroup docker.sock && chmod 666 docker.sock
audit
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | sort | join("\n")' t.json)
want=$(LC_ALL=C sort <<EOF
CIS-3.9|$d/ca.pem|owned by 'nobody:nogroup', not 'root:root'
CIS-3.10|$d/ca.pem|has mode 0644, more permissive than 0444
CIS-3.11|$d/cert.pem|owned by 'root:nogroup', not 'root:root'
CIS-3.12|$d/cert.pem|has mode 0666, more permissive than 0444
CIS-3.13|$d/key.pem|owned by 'nobody:root', not 'root:root'
CIS-3.14|$d/key.pem|has mode 0440, more permissive than 0400
CIS-3.15|$d/docker.sock|owned by 'nobody:nogroup', not 'root:docker'
CIS-3.16|$d/docker.sock|has mode 0666, more permissive than 0660
CIS-3.17|$d/daemon.json|owned by 'nobody:root', not 'root:root'
CIS-3.18|$d/daemon.json|has mode 0664, more permissive than 0644
EOF
)
got=$(LC_ALL=C sort <<<"$got")
[ "$got" = "$want" ] && ok "wrong owners and modes: exactly ten 3.x findings naming each file and what was seen" \
	|| fail "wrong owners and modes" "got:"$'\n'"$got"$'\n'"want:"$'\n'"$want"$'\n'"$(cat err)"
seen=$(stat -c '%n %U:%G %a' daemon.json ca.pem cert.pem key.pem docker.sock | paste -sd' ' -)
[ "$seen" = "daemon.json nobody:root 664 ca.pem nobody:nogroup 644 cert.pem root:nogroup 666 key.pem nobody:root 440 docker.sock nobody:nogroup 666" ] \
	&& ok "stat(1) agrees with the owners and modes reported" || fail "stat" "$seen"
[ "$(jq -r '[.findings[] | select(.rule_id == "CIS-3.14") | .severity] | join("")' t.json)" = HIGH ] \
	&& ok "a readable TLS key is HIGH" || fail "3.14 severity"

as_benchmark
audit
[ "$(jq '.findings | length' t.json)" = 0 ] && [ "$(passing)" = "$passed" ] \
	&& ok "corrected again: 3.9-3.18 all pass" \
	|| fail "corrected" "$(jq -c '[.findings[] | [.rule_id, .path, .message]]' t.json)"

done_testing
