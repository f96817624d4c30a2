#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Alpine edge and the repository stream (TAP; VULNMATCH.md §2.1, §6 and case 32): the real secdb
# v3.10/main.json of $BW_SHARED/corpus/vulndb imported, plus TEST INPUT made here: the real
# v3.11/main.json with its distroversion rewritten to "edge" (so the two branches hold different
# fixes). Images with a hand-written apk database are scanned with `bulwark image`; an image on
# 3.10 must be matched against v3.10, the same image whose /etc/apk/repositories pulls from edge
# against edge, a pinned "@tag" edge repository must not count, and an edge os-release
# (VERSION_ID 3.22.0_alpha..., PRETTY_NAME "Alpine Linux edge") must use edge, or warn when the
# database has no edge data. Installed versions are below every fix (0.0.1-r0), so the expected
# findings are every CVE of the origin package in the branch's file, read from the file itself.
set -u
. "$(dirname "$0")/lib.sh"
S=${BW_SHARED:-}/corpus/vulndb/alpine/secdb-json-converted-from-yaml
[ -f "$S/v3.10/main.json" ] && [ -f "$S/v3.11/main.json" ] || skip_all "Alpine secdb corpus not found ($S)"
make_tmp
db=$tmp/vuln.db

"$PY" - "$S/v3.11/main.json" "$tmp/edge-main.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["distroversion"] = "edge"  # test input: v3.11's fixes under the edge branch
json.dump(d, open(sys.argv[2], "w"))
EOF
check "secdb v3.10 (corpus) and a relabelled edge file import" \
	"$BULWARK" -q db import --db "$db" --source alpine "$S/v3.10/main.json" "$tmp/edge-main.json"
"$BULWARK" -q db import --db "$tmp/no-edge.db" --source alpine "$S/v3.10/main.json"

cat >"$tmp/installed" <<'EOF'
P:musl
V:0.0.1-r0
o:musl

P:libcrypto1.1
V:0.0.1-r0
o:openssl

P:sqlite-libs
V:0.0.1-r0
o:sqlite

P:busybox
V:999.0-r0
o:busybox

EOF
# want SECDB: "CVE package ecosystem" lines expected for $tmp/installed against one secdb file
want() {
	"$PY" - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
eco = "alpine:" + ("edge" if d["distroversion"] == "edge" else d["distroversion"])
fixes = {p["pkg"]["name"]: p["pkg"]["secfixes"] for p in d["packages"]}
out = set()
for binary, origin in (("musl", "musl"), ("libcrypto1.1", "openssl"), ("sqlite-libs", "sqlite")):
    for ver, ids in fixes.get(origin, {}).items():
        if ver != "0":
            out |= {f"{i.split()[0]} {binary} {eco}" for i in ids}
print("\n".join(sorted(out)))
EOF
}
# scan NAME OS_RELEASE REPOSITORIES [DB]: one-layer image; prints "CVE package ecosystem" lines
scan() {
	local L=$tmp/$1
	mkdir -p "$L/etc/apk" "$L/lib/apk/db"
	printf '%s\n' "$2" >"$L/etc/os-release"
	[ -n "$3" ] && printf '%s\n' "$3" >"$L/etc/apk/repositories"
	cp "$tmp/installed" "$L/lib/apk/db/installed"
	"$PY" "$BW_ROOT/tests/tools/mk-image.py" "$tmp/$1.tar" "$L"
	"$BULWARK" image --db "${4:-$db}" --max-db-age 0 --fail-on never --format json "$tmp/$1.tar" \
		>"$tmp/$1.json" 2>"$tmp/$1.err" || { cat "$tmp/$1.err"; return 1; }
	"$PY" - "$tmp/$1.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print("\n".join(sorted(f'{v["id"]} {v["package"]["name"]} {v["ecosystem"]}' for v in d["vulnerabilities"])))
EOF
}
v310=$(want "$S/v3.10/main.json")
edge=$(want "$tmp/edge-main.json")
[ "$v310" != "$edge" ] && [ "$(echo "$edge" | grep -c .)" -gt 5 ] ||
	fail "the two secdb files should give different expectations" "$v310 / $edge"
rel310='ID=alpine
VERSION_ID=3.10.9
PRETTY_NAME="Alpine Linux v3.10"'
relEdge='ID=alpine
VERSION_ID=3.22.0_alpha20250108
PRETTY_NAME="Alpine Linux edge"'

got=$(scan plain "$rel310" "")
[ "$got" = "$v310" ] && ok "3.10 image, no repositories file: the v3.10 secdb ($(echo "$got" | grep -c .) findings)" ||
	fail "3.10 image" "$(diff <(echo "$v310") <(echo "$got"))"
got=$(scan repo-edge "$rel310" 'https://dl-cdn.alpinelinux.org/alpine/v3.10/main
https://dl-cdn.alpinelinux.org/alpine/edge/main
https://dl-cdn.alpinelinux.org/alpine/edge/community')
[ "$got" = "$edge" ] && ok "3.10 image pulling from edge repositories: the edge secdb ($(echo "$got" | grep -c .) findings)" ||
	fail "3.10 image with edge repositories" "$(diff <(echo "$edge") <(echo "$got"))"
got=$(scan repo-pinned "$rel310" '# comment: https://example.org/alpine/edge/main
http://mirror.example.org/pub/alpine/v3.10/main/
@testing https://dl-cdn.alpinelinux.org/alpine/edge/testing')
[ "$got" = "$v310" ] && ok "a pinned '@testing' edge repository and a comment do not switch the branch" ||
	fail "pinned edge repository" "$(diff <(echo "$v310") <(echo "$got"))"
got=$(scan edge "$relEdge" "")
[ "$got" = "$edge" ] && ! grep -q warning "$tmp/edge.err" &&
	ok "edge os-release (VERSION_ID 3.22.0_alpha20250108): the edge secdb, no warning" ||
	fail "edge os-release" "$(diff <(echo "$edge") <(echo "$got")) $(cat "$tmp/edge.err")"
got=$(scan edge-nodata "$relEdge" "" "$tmp/no-edge.db")
[ -z "$got" ] && grep -q "no data for Alpine 3.22.0_alpha20250108 ('alpine:edge')" "$tmp/edge-nodata.err" &&
	grep -q '"rule_id": *"VULN-001"' "$tmp/edge-nodata.json" &&
	ok "edge without edge data: the warning names 'alpine:edge' and VULN-001 is reported, not a clean result" ||
	fail "edge without data" "$got $(cat "$tmp/edge-nodata.err")"
done_testing
