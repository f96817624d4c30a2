#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark host` 2.7 and 3.9-3.14 against a real dockerd listening on TCP, in a network
# namespace of its own (the TCP socket is that namespace's 127.0.0.1): first with
# --tlsverify and TLS files of known owners and modes, which must give exactly the expected
# section-3 findings and pass 2.7; then with no TLS at all, which must fail 2.7 (CRITICAL).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-host.bash"
B=$BULWARK

host_tls_setup bwtls
port=23750
# One self-signed certificate serves as the CA and as the daemon's own certificate.
chmod 644 ca.pem
chmod 444 cert.pem
chown nobody:root cert.pem
chmod 400 key.pem

host_netns_dockerd "$d" "$ns" -H "tcp://127.0.0.1:$port" --tlsverify --tlscacert "$d/ca.pem" \
	--tlscert "$d/cert.pem" --tlskey "$d/key.pem" >why ||
	{ fail "dockerd with TLS starts" "$(cat why)"; done_testing; exit; }
ok "dockerd (pid $netns_pid) listens on tcp://127.0.0.1:$port with --tlsverify in $ns"

sections=2.7,3.9,3.10,3.11,3.12,3.13,3.14
"$B" host --format json --section "$sections" >t.json 2>err
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | sort | join(";")' t.json)
want="CIS-3.10|$d/ca.pem|has mode 0644, more permissive than 0444;CIS-3.11|$d/cert.pem|owned by 'nobody:root', not 'root:root'"
[ "$got" = "$want" ] && ok "TLS files from dockerd's command line: exactly 3.10 (ca.pem 0644) and 3.11 (cert.pem owner)" \
	|| fail "TLS file findings" "got:  $got"$'\n'"want: $want"$'\n'"$(cat err)"
got=$(jq -r '[.host.checks[] | select(.outcome == "passed") | .id] | sort | join(" ")' t.json)
[ "$got" = "CIS-2.7 CIS-3.12 CIS-3.13 CIS-3.14 CIS-3.9" ] \
	&& ok "2.7 (tlsverify with all three files) and the other file checks pass" || fail "passed checks" "$got"

chmod 640 key.pem
"$B" host --format json --section 3.14 >t.json 2>/dev/null
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.path)|\(.message)"] | join(";")' t.json)
[ "$got" = "CIS-3.14|$d/key.pem|has mode 0640, more permissive than 0400" ] \
	&& ok "a group-readable key fires 3.14 (HIGH)" || fail "3.14" "$got"

# --- the same port without TLS ---------------------------------------------------------
host_netns_dockerd_stop "$ns"
host_netns_dockerd "$d" "$ns" -H "tcp://127.0.0.1:$port" >why ||
	{ fail "dockerd without TLS starts" "$(cat why)"; done_testing; exit; }
"$B" host --format json --section "$sections" >t.json 2>err; rc=$?
got=$(jq -r '[.findings[] | "\(.rule_id)|\(.severity)|\(.path)|\(.message)"] | join(";")' t.json)
want="CIS-2.7|CRITICAL|/proc/$netns_pid/cmdline|the daemon listens on 'tcp://127.0.0.1:$port' without client certificate verification ('tlsverify' is not true)"
[ "$got" = "$want" ] && ok "plain TCP: one CRITICAL 2.7 naming the address, from dockerd's command line" \
	|| fail "2.7 without TLS" "got:  $got"$'\n'"want: $want"$'\n'"$(cat err)"
[ $rc -eq 1 ] && ok "and the audit exits 1" || fail "exit code" "rc=$rc"
got=$(jq -r '[.host.checks[] | select(.outcome == "not_applicable") | .id] | sort | join(" ")' t.json)
[ "$got" = "CIS-3.10 CIS-3.11 CIS-3.12 CIS-3.13 CIS-3.14 CIS-3.9" ] \
	&& ok "no TLS configured: 3.9-3.14 do not apply" || fail "n/a without TLS" "$got"

done_testing
