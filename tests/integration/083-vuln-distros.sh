#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# OSV for the distribution ecosystems and the Wolfi/Chainguard secdb (TAP): the Ubuntu and
# Chainguard OSV fixtures and the Wolfi/Chainguard security.json of ../shared/corpus/vulndb
# imported, then images with a hand-written dpkg status (Ubuntu 22.04) or apk database
# (Wolfi, Chainguard) scanned with `bulwark image` (also with --severity and --fail-on); the
# findings must be exactly the ones the records give: Ubuntu:22.04:LTS and Ubuntu:Pro:22.04:LTS by source package and version, a
# USN folded into the UBUNTU-CVE it is the upstream of, withdrawn records and "fixed: 0"
# (never affected) giving nothing, negligible ones hidden unless --include-unimportant; and a
# hand-written Debian tracker file: "unimportant" and "undetermined" hidden (suppressed, listed
# by --show-suppressed) unless --include-unimportant / --include-undetermined; a distroless
# status.d/ package without Status matched, a deinstalled stanza not.
set -u
. "$(dirname "$0")/lib.sh"
V=${BW_SHARED:-}/corpus/vulndb
[ -d "$V/osv/ubuntu-fixtures" ] || skip_all "vulnerability corpus not found ($V)"
make_tmp
db=$tmp/vuln.db

out=$("$BULWARK" db import --db "$db" --source osv "$V/osv/ubuntu-fixtures" "$V/osv/chainguard-fixtures" 2>&1)
echo "$out" | grep -q '3 withdrawn' && ok "OSV Ubuntu + Chainguard fixtures imported, 3 withdrawn skipped" ||
	fail "OSV distro fixtures import" "$out"
out=$("$BULWARK" db import --db "$db" --source alpine "$V/wolfi" 2>&1)
eco=$("$PY" - "$db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(",".join(r[0] for r in c.execute("SELECT DISTINCT ecosystem FROM advisories WHERE ecosystem NOT LIKE 'Ubuntu%' ORDER BY 1")))
EOF
)
[ "$eco" = "Chainguard,Wolfi,chainguard,wolfi" ] &&
	ok "Wolfi/Chainguard security.json (secdb without distroversion) stored as 'wolfi' and 'chainguard'" ||
	fail "secdb ecosystems '$eco'" "$out"

# scan OSID VERSION_ID KIND DBFILE [OPTIONS]: builds a one-layer image and prints its
# vulnerability findings as sorted "id package installed fixed severity [suppressed]" lines
scan() {
	local os=$1 ver=$2 kind=$3 pkgdb=$4 L=$tmp/$1-layer
	shift 4
	rm -rf "$L"
	mkdir -p "$L/etc" "$L/var/lib/dpkg" "$L/lib/apk/db"
	printf 'ID=%s\nVERSION_ID="%s"\nPRETTY_NAME="%s %s"\n' "$os" "$ver" "$os" "$ver" >"$L/etc/os-release"
	if [ "$kind" = dpkg ]; then cp "$pkgdb" "$L/var/lib/dpkg/status"; else cp "$pkgdb" "$L/lib/apk/db/installed"; fi
	"$PY" "$BW_ROOT/tests/tools/mk-image.py" "$tmp/$os.tar" "$L"
	"$BULWARK" image --db "$db" --max-db-age 0 --fail-on never --format json "$@" "$tmp/$os.tar" \
		>"$tmp/$os.json" 2>"$tmp/$os.err" || { cat "$tmp/$os.err"; return 1; }
	"$PY" - "$tmp/$os.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for v in sorted(d["vulnerabilities"], key=lambda v: (v["package"]["name"], v["id"])):
    print(v["id"], v["package"]["name"], v["installed_version"], v["fixed_version"] or "-",
          v["severity"], v["ecosystem"], "suppressed" if v.get("suppressed") else "")
EOF
}

# --- Ubuntu 22.04 ---
cat >"$tmp/ubuntu.status" <<'EOF'
Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.35-0ubuntu3.1

Package: libwayland-client0
Status: install ok installed
Architecture: amd64
Source: wayland
Version: 1.20.0-1

Package: libnetty-java
Status: install ok installed
Architecture: all
Source: netty
Version: 1:4.1.48-4+deb11u1

Package: sssd-common
Status: install ok installed
Architecture: amd64
Source: sssd
Version: 2.6.3-1ubuntu3.6

Package: unzip
Status: install ok installed
Architecture: amd64
Version: 6.0-26ubuntu3.1

EOF
got=$(scan ubuntu 22.04 dpkg "$tmp/ubuntu.status")
want="UBUNTU-CVE-2022-24823 libnetty-java 1:4.1.48-4+deb11u1 1:4.1.48-4+deb11u2ubuntu0.1~esm1 LOW Ubuntu:Pro:22.04:LTS 
UBUNTU-CVE-2021-3782 libwayland-client0 1.20.0-1 1.20.0-1ubuntu0.1 MEDIUM Ubuntu:22.04:LTS "
[ "$got" = "$want" ] &&
	ok "Ubuntu 22.04: wayland fixed in 1.20.0-1ubuntu0.1 (USN-5614-1 folded in), netty's fix from Ubuntu Pro, negligible glibc/sssd hidden, unzip clean" ||
	fail "Ubuntu 22.04 findings" "$got"
grep -q '"fix": "Upgrade .libnetty-java. to 1:4.1.48-4+deb11u2ubuntu0.1~esm1 or later (an Ubuntu Pro update' "$tmp/ubuntu.json" &&
	! grep -q 'libwayland-client0. to 1.20.0-1ubuntu0.1 or later (an Ubuntu Pro' "$tmp/ubuntu.json" &&
	ok "the netty fix says it is an Ubuntu Pro update, the wayland one does not" ||
	fail "Ubuntu Pro fix text" "$(grep -o '"fix": "[^"]*"' "$tmp/ubuntu.json")"
grep -q "2 unimportant or undetermined hidden" "$tmp/ubuntu.err" &&
	ok "the summary counts the 2 hidden negligible findings" || fail "hidden count" "$(cat "$tmp/ubuntu.err")"
got=$(scan ubuntu 22.04 dpkg "$tmp/ubuntu.status" --show-suppressed | grep UBUNTU-CVE-2016-20013)
want="UBUNTU-CVE-2016-20013 libc6 2.35-0ubuntu3.1 - INFO Ubuntu:22.04:LTS suppressed
UBUNTU-CVE-2016-20013 sssd-common 2.6.3-1ubuntu3.6 - INFO Ubuntu:22.04:LTS suppressed"
[ "$got" = "$want" ] && grep -q '"suppressed_by": "hidden: the vendor rates it unimportant' "$tmp/ubuntu.json" &&
	ok "--show-suppressed lists the negligible ones as INFO, suppressed with the reason" ||
	fail "--show-suppressed" "$got"
got=$(scan ubuntu 22.04 dpkg "$tmp/ubuntu.status" --include-unimportant | grep -c 'INFO.* $')
[ "$got" = 2 ] && ok "--include-unimportant reports them (INFO, not suppressed)" ||
	fail "--include-unimportant ($got)" "$(cat "$tmp/ubuntu.err")"

got=$(scan ubuntu 22.04 dpkg "$tmp/ubuntu.status" --severity MEDIUM,HIGH,CRITICAL | cut -d' ' -f1)
[ "$got" = "UBUNTU-CVE-2021-3782" ] && ok "--severity MEDIUM,HIGH,CRITICAL keeps the MEDIUM wayland finding, drops netty's LOW" ||
	fail "--severity on vulnerabilities" "$got"
# --fail-on: exit 1 when a vulnerability at or above the level remains (MEDIUM is the highest)
rcs=
for lvl in low medium high; do
	"$BULWARK" image --db "$db" --max-db-age 0 --fail-on "$lvl" "$tmp/ubuntu.tar" >/dev/null 2>&1
	rcs="$rcs$lvl=$? "
done
[ "$rcs" = "low=1 medium=1 high=0 " ] && ok "--fail-on low/medium exit 1, high exits 0 (the worst finding is MEDIUM)" ||
	fail "--fail-on with vulnerability findings ($rcs)"

scan ubuntu 12.04 dpkg "$tmp/ubuntu.status" >/dev/null
grep -q '"rule_id": *"VULN-001"' "$tmp/ubuntu.json" && grep -q "no data for Ubuntu 12.04 ('Ubuntu:12.04:LTS')" "$tmp/ubuntu.err" &&
	ok "Ubuntu 12.04 (no OSV data): a warning and VULN-001, not a clean result" ||
	fail "Ubuntu without data" "$(cat "$tmp/ubuntu.err")"

# --- Debian: tracker urgency "unimportant" and status "undetermined" are hidden, not dropped ---
cat >"$tmp/tracker.json" <<'EOF'
{"apt": {"CVE-2011-3374": {"releases": {"bookworm": {"status": "open", "urgency": "unimportant"}}},
         "CVE-2099-0001": {"releases": {"bookworm": {"status": "undetermined"}}},
         "CVE-2099-0002": {"releases": {"bookworm": {"status": "open", "urgency": "low"}}},
         "CVE-2099-0003": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "2.6.1",
                                                     "urgency": "unimportant"}}}}}
EOF
"$BULWARK" -q db import --db "$db" --source debian "$tmp/tracker.json"
printf 'Package: apt\nStatus: install ok installed\nVersion: 2.6.1\n\n' >"$tmp/debian.status"
got=$(scan debian 12 dpkg "$tmp/debian.status" --show-suppressed | cut -d' ' -f1,4,5,7)
want="CVE-2011-3374 - INFO suppressed
CVE-2099-0001 - UNKNOWN suppressed
CVE-2099-0002 - LOW "
[ "$got" = "$want" ] &&
	ok "Debian: unimportant and undetermined listed as suppressed (--show-suppressed), low reported, the unimportant one fixed at 2.6.1 not matched" ||
	fail "Debian hidden findings" "$got"
got=$(scan debian 12 dpkg "$tmp/debian.status" | cut -d' ' -f1)
[ "$got" = "CVE-2099-0002" ] && grep -q '"suppressed": 2' "$tmp/debian.json" &&
	ok "by default only CVE-2099-0002 is reported; the summary counts 2 suppressed" ||
	fail "Debian default findings" "$got"
got=$(scan debian 12 dpkg "$tmp/debian.status" --include-undetermined --include-unimportant | cut -d' ' -f1,7 | tr '\n' ,)
[ "$got" = "CVE-2011-3374 ,CVE-2099-0001 ,CVE-2099-0002 ," ] &&
	ok "--include-undetermined --include-unimportant report all three" ||
	fail "--include-* ($got)" "$(cat "$tmp/debian.err")"

# distroless: status.d/ stanzas without Status count (their md5sums do not); a stanza whose
# Status is "deinstall ok config-files" is not a package
L=$tmp/distroless
mkdir -p "$L/etc" "$L/var/lib/dpkg/status.d"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Distroless"\n' >"$L/etc/os-release"
printf 'Package: apt\nArchitecture: amd64\nVersion: 2.6.1\n' >"$L/var/lib/dpkg/status.d/apt"
printf 'd41d8cd98f00b204e9800998ecf8427e  usr/bin/apt\n' >"$L/var/lib/dpkg/status.d/apt.md5sums"
printf 'Package: apt\nStatus: deinstall ok config-files\nVersion: 2.6.1\n' >"$L/var/lib/dpkg/status.d/apt-removed"
"$PY" "$BW_ROOT/tests/tools/mk-image.py" "$tmp/distroless.tar" "$L"
"$BULWARK" image --db "$db" --max-db-age 0 --fail-on never --format json "$tmp/distroless.tar" >"$tmp/distroless.json" 2>"$tmp/distroless.err"
got=$(jq -r '[.vulnerabilities[] | "\(.id) \(.package.name) \(.installed_version)"] | join(",")' "$tmp/distroless.json")
[ "$got" = "CVE-2099-0002 apt 2.6.1" ] && [ "$(jq '[.packages[] | select(.type == "deb")] | length' "$tmp/distroless.json")" = 1 ] &&
	ok "distroless status.d/apt (no Status) is matched; its md5sums and a deinstalled stanza are not packages" ||
	fail "distroless status.d matching ($got)" "$(cat "$tmp/distroless.err")"

# --- Wolfi: the secdb first, then Wolfi OSV records ---
cat >"$tmp/wolfi.installed" <<'EOF'
P:busybox
V:1.35.0-r2
A:x86_64
o:busybox

P:coreutils
V:9.1-r0
A:x86_64
o:coreutils

P:haproxy-3.0
V:3.0.9-r0
A:x86_64
o:haproxy-3.0

P:syncthing
V:2.0.14-r1
A:x86_64
o:syncthing

P:libcurl-openssl4
V:7.85.0-r0
A:x86_64
o:curl

EOF
got=$(scan wolfi 20230201 apk "$tmp/wolfi.installed")
want="CVE-2022-28391 busybox 1.35.0-r2 1.35.0-r3 UNKNOWN wolfi 
CVE-2022-30065 busybox 1.35.0-r2 1.35.0-r3 UNKNOWN wolfi 
CGA-224q-ccj5-2p53 haproxy-3.0 3.0.9-r0 3.0.10-r0 CRITICAL Wolfi 
CVE-2022-32221 libcurl-openssl4 7.85.0-r0 7.86.0-r0 UNKNOWN wolfi 
CVE-2022-42916 libcurl-openssl4 7.85.0-r0 7.86.0-r0 UNKNOWN wolfi "
[ "$got" = "$want" ] &&
	ok "Wolfi: busybox and curl (by origin) from the secdb, haproxy-3.0 from OSV (CVSS 9.1), coreutils '0' and syncthing at its fix clean" ||
	fail "Wolfi findings" "$got"

# --- Chainguard ---
cat >"$tmp/chainguard.installed" <<'EOF'
P:syncthing
V:2.0.13-r0
o:syncthing

P:syncthing-compat
V:2.0.13-r0
o:syncthing-compat

P:haproxy-2.8
V:2.8.17-r0
o:haproxy-2.8

P:langfuse-fips-3-worker
V:3.152.0-r0
o:langfuse-fips-3-worker

P:grafana
V:7.5.18-r0
o:grafana

EOF
got=$(scan chainguard 20230214 apk "$tmp/chainguard.installed" | cut -d' ' -f1,2,4,6)
want="CVE-2021-36156 grafana 7.5.19-r0 chainguard
CVE-2022-31107 grafana 7.5.19-r0 chainguard
CVE-2022-31123 grafana 7.5.19-r0 chainguard
CVE-2022-31130 grafana 7.5.19-r0 chainguard
CVE-2022-39201 grafana 7.5.19-r0 chainguard
CGA-224q-ccj5-2p53 haproxy-2.8 2.8.18-r0 Chainguard
CGA-xcpc-gm23-prj9 syncthing 2.0.14-r1 Chainguard"
[ "$got" = "$want" ] &&
	ok "Chainguard: grafana from its secdb, haproxy-2.8 and syncthing from OSV; syncthing-compat ('fixed: 0') and langfuse at its fix clean" ||
	fail "Chainguard findings" "$got"
done_testing
