#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `db import --source debian-dsa` (TAP): the security tracker's data/DSA/list and DLA/list of
# April 2023 ($BW_SHARED/corpus/vulndb/debian/security-tracker-text-2023-04) imported whole,
# its one malformed line reported with its position; then a bullseye package list at versions before, between
# and at the fixes is matched, and the DSAs reported must be exactly those whose bullseye
# line names a higher version, by `dpkg --compare-versions` over the list itself; the
# findings carry their CVEs as aliases, so an ignore file entry for a CVE suppresses them.
set -u
. "$(dirname "$0")/lib.sh"
T=${BW_SHARED:-}/corpus/vulndb/debian/security-tracker-text-2023-04
[ -f "$T/DSA-list" ] || skip_all "tracker lists not found ($T)"
command -v dpkg >/dev/null || skip_all "needs dpkg --compare-versions as the oracle"
HELPER=$BW_BUILD/test-vuln
make_tmp
db=$tmp/vuln.db

out=$("$BULWARK" db import --db "$db" --source debian-dsa "$T/DSA-list" "$T/DLA-list" 2>&1)
dsa=$(grep -c '^\[.*\] DSA-' "$T/DSA-list")
# the one line of the 2023 lists that fits no form: "[woody] - kernel-image-2.4.17-ia64
# kernel-image-2.4.17-ia64" (a package name where the version belongs)
if echo "$out" | grep -q 'DSA-list: .* 1 malformed' && echo "$out" | grep -q 'DLA-list: .* 0 malformed' &&
	[ "$(echo "$out" | grep -c 'not understood')" = 1 ] &&
	echo "$out" | grep -q 'DSA-list:17244:2: DSA-423 line not understood'; then
	ok "DSA and DLA lists imported ($(echo "$out" | grep -oE 'DSA-list: [0-9]+ records') of $dsa DSAs: those naming a CVE); the one bad line reported at DSA-list:17244:2"
else
	fail "DSA/DLA import" "$out"
fi

# installed source versions: below every fix, between fixes, at the newest fix
cat >"$tmp/status" <<'EOF'
Package: libssl1.1
Status: install ok installed
Source: openssl
Version: 1.1.1n-0+deb11u2

Package: apache2-bin
Status: install ok installed
Source: apache2
Version: 2.4.52-1~deb11u2

Package: xserver-xorg-core
Status: install ok installed
Source: xorg-server
Version: 2:1.20.11-1+deb11u6

Package: libcurl4
Status: install ok installed
Source: curl
Version: 7.74.0-1.3+deb11u1

Package: sox
Status: install ok installed
Version: 14.4.2+git20190427-2

EOF
[ -x "$HELPER" ] || { ok "matching # SKIP $HELPER not built"; done_testing; exit; }
"$HELPER" --match "$db" dpkg "$tmp/status" debian 11 >"$tmp/got.tsv"
got=$(awk -F'\t' '!/^#/ { print $1, $3, $4 }' "$tmp/got.tsv" | sort)
# the oracle: every bullseye line of these source packages in an advisory with CVEs, kept
# when dpkg orders the installed version below it
want=$(awk -v OFS='\t' '
	/^\[/ { sub(/^\[[^]]*\][ \t]*/, ""); id = $1; cves = 0; next }
	/^[ \t]*\{/ { cves = ($0 ~ /[A-Z]+-[0-9]/); next }
	/^[ \t]*\[bullseye\] - / && cves { print id, $3, $4 }' "$T/DSA-list" "$T/DLA-list" |
	while IFS=$'\t' read -r id src fix; do
		case $src in
		openssl) bin=libssl1.1 v=1.1.1n-0+deb11u2 ;; apache2) bin=apache2-bin v=2.4.52-1~deb11u2 ;;
		xorg-server) bin=xserver-xorg-core v=2:1.20.11-1+deb11u6 ;; curl) bin=libcurl4 v=7.74.0-1.3+deb11u1 ;;
		sox) bin=sox v=14.4.2+git20190427-2 ;; *) continue ;;
		esac
		dpkg --compare-versions "$v" lt "$fix" && echo "$bin $id $fix"
	done | sort)
count=$(echo "$want" | grep -c .)
[ "$got" = "$want" ] && [ "$count" -gt 5 ] &&
	ok "bullseye: exactly the $count DSAs whose fixed version dpkg orders above the installed one (xorg-server at its newest fix: none)" ||
	fail "DSA matches differ from the dpkg oracle" "$(diff <(echo "$want") <(echo "$got"))"
echo "$got" | grep -q '^sox DSA-5356-1 ' && ! echo "$got" | grep -q 'DSA-5356-2' &&
	ok "sox: DSA-5356-1 reported, its regression update DSA-5356-2 (no CVE) not" ||
	fail "sox regression update" "$got"

grep -q "^# warning: only the advisory lists (DSA/DLA) have data for Debian 11 ('debian:bullseye'): its packages were checked against them, but open issues without an advisory are not known" "$tmp/got.tsv" &&
	! grep -q 'not checked' "$tmp/got.tsv" &&
	ok "bullseye with only the lists: the warning says what was checked and what is not known" ||
	fail "bullseye warning" "$(grep '^#' "$tmp/got.tsv")"

# the newest advisory date (ISO) of each release in the lists, and of the lists as a whole
awk -v OFS='\t' '
	BEGIN { split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " "); for (i in m) mon[m[i]] = i }
	/^\[/ { d = sprintf("%s-%02d-%02d", substr($3, 1, 4), mon[$2], substr($1, 2)); cves = 0; next }
	/^[ \t]*\{/ { cves = ($0 ~ /[A-Z]+-[0-9]/); if (cves && d > all) all = d; next }
	/^[ \t]*\[[a-z]+\] - / && cves { r = $1; gsub(/[][ \t]/, "", r); if (d > last[r]) last[r] = d }
	END { for (r in last) print r, last[r]; print "ALL", all }' "$T/DSA-list" "$T/DLA-list" >"$tmp/newest.tsv"
newest() { awk -v r="$1" '$1 == r { print $2 }' "$tmp/newest.tsv"; }
days() { echo $((($(date -ud "$(newest ALL)" +%s) - $(date -ud "$(newest "$1")" +%s)) / 86400)); }
for rel in 7:wheezy 9:stretch; do
	"$HELPER" --match "$db" dpkg "$tmp/status" debian "${rel%:*}" >"$tmp/old.tsv"
	want="no data for Debian ${rel%:*} ('debian:${rel#*:}'): the release may be end of life or its feed not imported; its OS packages were checked only against the DSA/DLA lists, whose newest advisory for it is from $(newest "${rel#*:}")"
	[ "$(days "${rel#*:}")" -gt 90 ] && grep -qF "$want" "$tmp/old.tsv" &&
		ok "${rel#*:}: newest advisory $(newest "${rel#*:}"), $(days "${rel#*:}") days before the lists' newest: still reported as end of life" ||
		fail "${rel#*:} EOL warning ($(days "${rel#*:}") days)" "$(grep '^#' "$tmp/old.tsv")"
done

# --- through bulwark image: CVE aliases, and an ignore entry for a CVE ---
L=$tmp/layer
mkdir -p "$L/etc" "$L/var/lib/dpkg"
printf 'ID=debian\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\nPRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\n' >"$L/etc/os-release"
cp "$tmp/status" "$L/var/lib/dpkg/status"
"$PY" "$BW_ROOT/tests/tools/mk-image.py" "$tmp/img.tar" "$L"
printf 'CVE-2023-25690\n' >"$tmp/ignore" # one of apache2's DSA-5376-1 (fixed 2.4.56-1~deb11u1)
"$BULWARK" image --db "$db" --max-db-age 0 --fail-on never --format json --show-suppressed \
	--ignore-file "$tmp/ignore" "$tmp/img.tar" >"$tmp/img.json" 2>"$tmp/img.err"
res=$("$PY" - "$tmp/img.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
v = {x["id"]: x for x in d["vulnerabilities"]}
a = v.get("DSA-5376-1", {})
b = v.get("DSA-5380-1", {"suppressed": "absent"})
print("CVE-2023-25690" in a.get("aliases", []), a.get("suppressed"), a.get("fixed_version"),
      a.get("link"), b["suppressed"])
EOF
)
[ "$res" = "True True 2.4.56-1~deb11u1 https://security-tracker.debian.org/tracker/DSA-5376-1 absent" ] &&
	ok "DSA-5376-1 carries its CVEs as aliases; an ignore entry for CVE-2023-25690 suppresses it" ||
	fail "aliases / ignore through a CVE ($res)" "$(cat "$tmp/img.err")"
grep -q "warning: only the advisory lists (DSA/DLA) have data for Debian 11" "$tmp/img.err" &&
	! grep -q '"VULN-001"' "$tmp/img.json" &&
	ok "bulwark image on bullseye: the lists-only warning on stderr, no VULN-001 (the release has data)" ||
	fail "bullseye image warning / VULN-001" "$(cat "$tmp/img.err")"
done_testing
