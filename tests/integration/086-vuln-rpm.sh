#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# rpm packages against OSV AlmaLinux / Rocky Linux records (TAP; VULNMATCH.md §3, §4, cases 33
# and 34). An rpmdb.sqlite is written by the real rpm tool (as in 061) with packages that test
# epochs, releases, '~' and '^', and a subpackage whose source package has another name. The
# corpus has no AlmaLinux or Rocky records, so the OSV records are TEST INPUT made here (ids
# ALSA-2099:* / RLSA-2099:*, following the OSV schema). The findings of `bulwark image` must be
# exactly those rpm's own comparison (rpm.labelCompare of python3-rpm) calls affected, looked up
# by source package in AlmaLinux:9 (or Rocky Linux:9 for ID=rocky); an rpm distribution without
# a feed (ID=rhel) and an AlmaLinux release without data must warn and report VULN-001.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

command -v rpmbuild >/dev/null && command -v rpm >/dev/null || skip_all "rpm and rpmbuild not installed"
/usr/bin/python3 -c 'import rpm' 2>/dev/null || skip_all "needs python3-rpm (rpm.labelCompare) as the oracle"
make_tmp
mkdir -p "$tmp/top/SPECS" "$tmp/root/etc" "$tmp/osv"
spec() { # spec NAME EPOCH VERSION RELEASE [SUBPACKAGE]
	cat >"$tmp/top/SPECS/$1.spec" <<-SPEC
	Name: $1
	$([ -n "$2" ] && echo "Epoch: $2")
	Version: $3
	Release: $4
	Summary: test package
	License: MIT
	BuildArch: noarch
	%description
	test
	%files
	$([ -n "${5:-}" ] && printf '%%package %s\nSummary: sub\n%%description %s\nsub\n%%files %s\n' "$5" "$5" "$5")
	SPEC
	rpmbuild --define "_topdir $tmp/top" -bb "$tmp/top/SPECS/$1.spec" >"$tmp/build.log" 2>&1 ||
		fail "rpmbuild $1" "$(tail -5 "$tmp/build.log")"
}
spec hello-bw 2 1.2.3 4.el9
spec plain-bw "" 0.9 1.el9
spec tilde-bw "" '1.0~rc1' 1.el9
spec caret-bw "" '1.0^git1' 1.el9
spec srcname-bw "" 3.0 1.el9 libs
dbp=/usr/lib/sysimage/rpm
rpm --root "$tmp/root" --dbpath "$dbp" --initdb 2>/dev/null
rpm --root "$tmp/root" --dbpath "$dbp" -i --justdb --nodeps --ignoreos --ignorearch \
	"$tmp"/top/RPMS/noarch/*.rpm >/dev/null 2>&1
[ -f "$tmp/root$dbp/rpmdb.sqlite" ] || skip_all "this rpm does not write rpmdb.sqlite"
rm -f "$tmp/root$dbp"/*-shm "$tmp/root$dbp"/*-wal "$tmp/root$dbp/.rpm.lock"
rpm --root "$tmp/root" --dbpath "$dbp" -qa \
	--qf '%{NAME} %{SOURCERPM} %|EPOCH?{%{EPOCH}}:{0}| %{VERSION} %{RELEASE}\n' >"$tmp/installed.txt"
[ "$(wc -l <"$tmp/installed.txt")" = 6 ] || fail "6 rpm packages expected" "$(cat "$tmp/installed.txt")"

# osv ID ECOSYSTEM PACKAGE INTRODUCED FIXED: one OSV record (test input)
osv() {
	printf '{"schema_version": "1.6.0", "id": "%s", "modified": "2099-01-01T00:00:00Z",
 "summary": "test record for bulwark", "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
 "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "%s"}, {"fixed": "%s"}]}]}]}\n' \
		"$1" "$2" "$3" "$4" "$5" >"$tmp/osv/${1//:/-}.json"
}
osv ALSA-2099:0001 AlmaLinux:9 hello-bw 0 2:1.2.3-5.el9      # release 4 < 5: affected
osv ALSA-2099:0002 AlmaLinux:9 hello-bw 0 1:9.9-1.el9        # epoch 2 > 1: not affected
osv ALSA-2099:0003 AlmaLinux:9 plain-bw 0 0:0.9-1.el9        # no EPOCH tag = 0: equal (case 34)
osv ALSA-2099:0004 AlmaLinux:9 plain-bw 0 0.9-1.el9_1        # release 1.el9 < 1.el9_1
osv ALSA-2099:0005 AlmaLinux:9 tilde-bw 0 1.0-1.el9          # 1.0~rc1 < 1.0
osv ALSA-2099:0006 AlmaLinux:9 caret-bw 0 1.01-1.el9         # 1.0^git1 < 1.01 (case 33)
osv ALSA-2099:0007 AlmaLinux:9 caret-bw 0 1.0-1.el9          # 1.0^git1 > 1.0
osv ALSA-2099:0008 AlmaLinux:9 srcname-bw 0 3.1-1.el9        # both binaries of source srcname-bw
osv ALSA-2099:0009 AlmaLinux:9 hello-bw 2:1.2.4-1.el9 2:1.2.5-1.el9 # introduced after ours
osv ALSA-2099:0010 AlmaLinux:8 plain-bw 0 9.9-1.el8          # another release
osv RLSA-2099:0001 "Rocky Linux:9" plain-bw 0 0.9-2.el9      # Rocky only
"$BULWARK" -q db import --db "$tmp/v.db" --source osv "$tmp/osv" 2>"$tmp/err" || fail "OSV import" "$(cat "$tmp/err")"

# oracle ECOSYSTEM: "id binary fixed" lines rpm.labelCompare calls affected
oracle() {
	/usr/bin/python3 - "$tmp/osv" "$tmp/installed.txt" "$1" <<'EOF'
import glob, json, re, sys
import rpm
def evr(s):
    e, _, vr = s.rpartition(":") if ":" in s else ("0", "", s)
    v, _, r = vr.rpartition("-")
    return (e or "0", v, r)
inst = []
for line in open(sys.argv[2]):
    name, srpm, e, v, r = line.split()
    inst.append((name, re.sub(r"-[^-]+-[^-]+\.src\.rpm$", "", srpm), (e, v, r)))
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    d = json.load(open(f))
    for a in d["affected"]:
        if a["package"]["ecosystem"] != sys.argv[3]:
            continue
        ev = a["ranges"][0]["events"]
        intro, fixed = ev[0]["introduced"], ev[1]["fixed"]
        for name, src, have in inst:
            if src == a["package"]["name"] and (intro == "0" or rpm.labelCompare(have, evr(intro)) >= 0) \
                    and rpm.labelCompare(have, evr(fixed)) < 0:
                print(d["id"], name, fixed)
EOF
}
# scan NAME OS_RELEASE [DB]: prints "id binary fixed ecosystem" lines of the image's findings
scan() {
	printf '%s\n' "$2" >"$tmp/root/etc/os-release"
	python3 "$BW_ROOT/tests/tools/mk-image.py" "$tmp/$1.tar" "$tmp/root"
	"$BULWARK" image --db "${3:-$tmp/v.db}" --max-db-age 0 --fail-on never --format json "$tmp/$1.tar" \
		>"$tmp/$1.json" 2>"$tmp/$1.err" || { cat "$tmp/$1.err"; return 1; }
	jq -r '.vulnerabilities[] | "\(.id) \(.package.name) \(.fixed_version) \(.ecosystem)"' "$tmp/$1.json" | sort
}

want=$(oracle AlmaLinux:9 | sed 's/$/ AlmaLinux:9/' | sort)
got=$(scan alma 'ID="almalinux"
VERSION_ID="9.4"
PRETTY_NAME="AlmaLinux 9.4 (Seafoam Ocelot)"')
[ "$(echo "$want" | grep -c .)" -ge 5 ] && [ "$got" = "$want" ] &&
	ok "AlmaLinux 9: exactly the $(echo "$got" | grep -c .) findings rpm.labelCompare gives (epoch, release, ~, ^, source package of a subpackage)" ||
	fail "AlmaLinux 9 findings differ from rpm.labelCompare" "$(diff <(echo "$want") <(echo "$got"))"
echo "$got" | grep -q '^ALSA-2099:0008 srcname-bw-libs ' && ! echo "$got" | grep -qE 'ALSA-2099:000[2379] ' &&
	ok "the subpackage srcname-bw-libs is matched by its source package; epoch 2 > 1:9.9, 0.9-1.el9 = 0:0.9-1.el9, 1.0^git1 > 1.0" ||
	fail "rpm comparison details" "$got"
jq -e '[.vulnerabilities[] | select(.id == "ALSA-2099:0001")][0].installed_version == "2:1.2.3-4.el9"' \
	"$tmp/alma.json" >/dev/null && ok "the installed version shown is the source EVR with its epoch (2:1.2.3-4.el9)" ||
	fail "installed version" "$(jq -c '.vulnerabilities[0]' "$tmp/alma.json")"

want=$(oracle "Rocky Linux:9" | sed 's/$/ Rocky Linux:9/' | sort)
got=$(scan rocky 'ID="rocky"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"')
[ -n "$want" ] && [ "$got" = "$want" ] && ok "Rocky Linux 9: only the Rocky Linux:9 record ($got)" ||
	fail "Rocky Linux 9 findings" "$(diff <(echo "$want") <(echo "$got"))"

got=$(scan rhel 'ID="rhel"
VERSION_ID="9.4"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"')
[ -z "$got" ] && grep -q "no vulnerability feed for the rpm packages of 'rhel'" "$tmp/rhel.err" &&
	jq -e '[.findings[] | select(.rule_id == "VULN-001")] | length == 1' "$tmp/rhel.json" >/dev/null &&
	ok "RHEL (no feed): a warning and VULN-001, not a clean result" ||
	fail "RHEL without a feed" "$got $(cat "$tmp/rhel.err")"
got=$(scan alma7 'ID="almalinux"
VERSION_ID="7.9"')
[ -z "$got" ] && grep -q "no data for AlmaLinux 7.9 ('AlmaLinux:7')" "$tmp/alma7.err" &&
	jq -e '[.findings[] | select(.rule_id == "VULN-001")] | length == 1' "$tmp/alma7.json" >/dev/null &&
	ok "AlmaLinux 7 (no records for it): a warning naming 'AlmaLinux:7' and VULN-001" ||
	fail "AlmaLinux without data" "$got $(cat "$tmp/alma7.err")"
done_testing
