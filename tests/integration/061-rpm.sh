#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The rpm cataloger against a real rpmdb.sqlite written by rpm itself (Debian's rpm 4.18):
# names, epochs, versions, source packages and licenses must match `rpm -qa`. A Berkeley DB
# database is reported as unreadable (IMG-016), not silently skipped. A Python dist-info that an
# rpm package installed is marked as owned by it (left to the OS feed), a copy elsewhere is not.
# No daemon needed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

command -v rpmbuild >/dev/null && command -v rpm >/dev/null || skip_all "rpm and rpmbuild not installed"
make_tmp
mkdir -p "$tmp/top/SPECS" "$tmp/root/etc" "$tmp/bdb/etc" "$tmp/bdb/var/lib/rpm"
spec() { # spec NAME EPOCH VERSION RELEASE LICENSE
	cat >"$tmp/top/SPECS/$1.spec" <<-SPEC
	Name: $1
	$([ -n "$2" ] && echo "Epoch: $2")
	Version: $3
	Release: $4
	Summary: test package
	License: $5
	BuildArch: noarch
	%description
	test
	%files
	SPEC
	rpmbuild --define "_topdir $tmp/top" -bb "$tmp/top/SPECS/$1.spec" >/dev/null 2>&1
}
spec hello-bw 2 1.2.3 4.el9 "MIT AND Apache-2.0"
spec plain-bw "" 0.9 1.el9 GPL-2.0-only
db=/usr/lib/sysimage/rpm
rpm --root "$tmp/root" --dbpath "$db" --initdb 2>/dev/null
rpm --root "$tmp/root" --dbpath "$db" -i --justdb --nodeps --ignoreos --ignorearch \
	"$tmp"/top/RPMS/noarch/*.rpm >/dev/null 2>&1
[ -f "$tmp/root$db/rpmdb.sqlite" ] || skip_all "this rpm does not write rpmdb.sqlite"
# A package whose files really land in the root: a Python dist-info, then a copy rpm never saw.
site=usr/lib/python3.9/site-packages
cat >"$tmp/top/SPECS/pyowned-bw.spec" <<-SPEC
Name: pyowned-bw
Version: 1.0
Release: 1
Summary: test package owning a Python dist-info
License: MIT
BuildArch: noarch
%description
test
%install
mkdir -p %{buildroot}/$site/owned_bw-1.0.dist-info
printf 'Metadata-Version: 2.1\\nName: owned-bw\\nVersion: 1.0\\n' >%{buildroot}/$site/owned_bw-1.0.dist-info/METADATA
%files
/$site/owned_bw-1.0.dist-info
SPEC
rpmbuild --define "_topdir $tmp/top" --define "_rpmdir $tmp/owned" -bb "$tmp/top/SPECS/pyowned-bw.spec" >"$tmp/err" 2>&1 &&
	rpm --root "$tmp/root" --dbpath "$db" -i --nodeps --ignoreos --ignorearch "$tmp"/owned/noarch/*.rpm >>"$tmp/err" 2>&1 ||
	fail "cannot build and install the dist-info rpm" "$(tail -5 "$tmp/err")"
mkdir -p "$tmp/root/opt/app"
cp -r "$tmp/root/$site/owned_bw-1.0.dist-info" "$tmp/root/opt/app/"
rm -f "$tmp/root$db"/*-shm "$tmp/root$db"/*-wal "$tmp/root$db/.rpm.lock"
printf 'ID="rhel"\nVERSION_ID="9.4"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4"\n' >"$tmp/root/etc/os-release"
python3 "$BW_ROOT/tests/tools/mk-image.py" "$tmp/rpm.tar" "$tmp/root" || skip_all "cannot write image"
"$BULWARK" image --quiet --format json --fail-on never "$tmp/rpm.tar" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "image with an rpmdb.sqlite scans" || fail "scan failed ($rc)" "$(cat "$tmp/err")"
rpm --root "$tmp/root" --dbpath "$db" -qa --qf '%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\n' |
	sort >"$tmp/oracle.txt"
jq -r '.packages[] | select(.type == "rpm") | "\(.name) \(.version)"' "$tmp/out.json" | sort >"$tmp/ours.txt"
[ -s "$tmp/ours.txt" ] && diff -u "$tmp/oracle.txt" "$tmp/ours.txt" >"$tmp/d" &&
	ok "rpm packages and versions (with epoch) equal rpm -qa" || fail "rpm list differs" "$(cat "$tmp/d")"
jq -e '.packages[] | select(.name == "hello-bw") | .purl == "pkg:rpm/rhel/hello-bw@1.2.3-4.el9?arch=noarch&distro=rhel-9.4&epoch=2"
	and .licenses == "MIT AND Apache-2.0" and .source_name == "hello-bw" and .source_version == "2:1.2.3-4.el9"' \
	"$tmp/out.json" >/dev/null && ok "rpm purl with epoch qualifier, license, source package" ||
	fail "rpm package record" "$(jq -c '.packages' "$tmp/out.json")"
# rpm -qf is the oracle for who owns each copy of the dist-info.
for m in "$site/owned_bw-1.0.dist-info/METADATA" opt/app/owned_bw-1.0.dist-info/METADATA; do
	want=$(rpm --root "$tmp/root" --dbpath "$db" -qf --qf '%{NAME}' "/$m" 2>/dev/null) || want=null
	got=$(jq -r --arg p "$m" '.packages[] | select(.type == "pypi" and .path == $p) | .os_owner // "null"' "$tmp/out.json")
	[ "$got" = "$want" ] && ok "pypi owned-bw at /$m: os_owner $got, as rpm -qf says" ||
		fail "pypi owned-bw at /$m: os_owner '$got', rpm -qf says '$want'"
done
"$BULWARK" sbom "$tmp/rpm.tar" >"$tmp/cdx.json" 2>"$tmp/err" &&
	jq -e '[.components[] | select(.purl == "pkg:pypi/owned-bw@1.0") | [.properties[]? |
		select(.name == "bulwark:os-owner") | .value]] | sort == [[], ["pyowned-bw"]]' "$tmp/cdx.json" >/dev/null &&
	ok "sbom: CycloneDX marks the rpm-owned copy only" ||
	fail "sbom: os-owner property" "$(jq -c '[.components[] | select(.purl == "pkg:pypi/owned-bw@1.0")]' "$tmp/cdx.json")"
# A PyPI advisory for owned-bw: only the copy rpm does not own is matched against it.
mkdir -p "$tmp/osv"
echo '{"id": "GHSA-bwbw-0000-0001", "modified": "2024-01-01T00:00:00Z", "affected": [{"package":
	{"ecosystem": "PyPI", "name": "owned-bw"}, "ranges": [{"type": "ECOSYSTEM", "events":
	[{"introduced": "0"}, {"fixed": "2.0"}]}]}]}' >"$tmp/osv/GHSA-bwbw-0000-0001.json"
"$BULWARK" -q db import --db "$tmp/v.db" --source osv "$tmp/osv" 2>"$tmp/err" &&
	"$BULWARK" image --db "$tmp/v.db" --format json --fail-on never "$tmp/rpm.tar" >"$tmp/vuln.json" 2>>"$tmp/err" &&
	jq -e '[.vulnerabilities[] | select(.id == "GHSA-bwbw-0000-0001") | .package.path] ==
		["opt/app/owned_bw-1.0.dist-info/METADATA"]' "$tmp/vuln.json" >/dev/null &&
	ok "vulnerabilities: the rpm-owned dist-info is left to the OS feed, the copy is matched" ||
	fail "vulnerabilities of the owned and unowned dist-info" "$(cat "$tmp/err"; jq -c '.vulnerabilities' "$tmp/vuln.json" 2>&1 | head -c 600)"
# A Berkeley DB rpmdb (magic 0x00061561 at offset 12): a clear INFO finding, no packages.
printf '\0\0\0\0\0\0\0\0\0\0\0\0\x61\x15\x06\0' >"$tmp/bdb/var/lib/rpm/Packages"
head -c 4096 /dev/zero >>"$tmp/bdb/var/lib/rpm/Packages"
printf 'ID="centos"\nVERSION_ID="7"\n' >"$tmp/bdb/etc/os-release"
python3 "$BW_ROOT/tests/tools/mk-image.py" "$tmp/bdb.tar" "$tmp/bdb"
"$BULWARK" image --quiet --format json --fail-on never "$tmp/bdb.tar" >"$tmp/bdb.json" 2>"$tmp/err"
jq -e '[.findings[] | select(.rule_id == "IMG-016" and (.message | test("Berkeley DB.*rpmdb.sqlite")))] | length == 1' \
	"$tmp/bdb.json" >/dev/null && ok "Berkeley DB rpmdb: IMG-016 says what it needs" ||
	fail "Berkeley DB rpmdb note" "$(jq -c '.findings' "$tmp/bdb.json") $(cat "$tmp/err")"
done_testing
