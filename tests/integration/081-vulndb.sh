#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark db` end to end (TAP): imports of the real feed corpus ($BW_SHARED/corpus/vulndb),
# a malformed record reported with file:line:col while the rest imports, updates that are
# killed with SIGKILL at random moments (the database is always the old or the new one), scans
# (db info) running during updates, and `db update` from a local HTTP server on 127.0.0.1 with
# conditional requests (ETag, If-Modified-Since), a retried 503, a failing feed, --timeout on
# a slow download, and progress output on a pseudo-terminal (none when stderr is a file).
set -u
. "$(dirname "$0")/lib.sh"
V=${BW_SHARED:-}/corpus/vulndb
[ -d "$V/osv/go" ] || skip_all "vulnerability corpus not found ($V)"
tmp=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/vuln.db

# sql QUERY: prints the first column of the first row, from a read-only connection
sql() {
	"$PY" - "$db" "$1" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(c.execute(sys.argv[2]).fetchone()[0])
EOF
}

# --- imports of the real corpus ---
out=$("$BULWARK" db import --db "$db" --source osv "$V/osv/go" 2>&1)
if echo "$out" | grep -q '4274 records.*17 withdrawn'; then
	ok "Go corpus: 4274 records imported, 17 withdrawn skipped (4291 files)"
else
	fail "Go corpus import" "$out"
fi
out=$("$BULWARK" db import --db "$db" --source osv "$V/osv/pypi-yaml" 2>&1)
if echo "$out" | grep -qE '[0-9]+ records.* 0 malformed.*GIT ranges skipped'; then
	ok "PyPI YAML corpus imported: $(echo "$out" | grep -oE '[0-9]+ records' | head -1)"
else
	fail "PyPI YAML corpus import" "$out"
fi
out=$("$BULWARK" db import --db "$db" --source alpine "$V/alpine/secdb-yaml-2020" 2>&1)
yaml_n=$(echo "$out" | grep -oE '[0-9]+ advisories' | head -1)
out=$("$BULWARK" db import --db "$db" --source alpine "$V/alpine/secdb-json-converted-from-yaml" 2>&1)
json_n=$(echo "$out" | grep -oE '[0-9]+ advisories' | head -1)
[ -n "$yaml_n" ] && [ "$yaml_n" = "$json_n" ] && ok "Alpine secdb 3.3-3.11: YAML and JSON give the same $yaml_n" ||
	fail "Alpine secdb YAML ($yaml_n) vs JSON ($json_n)" "$out"
check "Debian tracker fixtures import" "$BULWARK" db import --db "$db" --source debian \
	"$V/debian/fixtures/vunnel-debian.json" "$V/debian/fixtures/osv.dev-debian_security_tracker_mock.json"
check "OSV Ubuntu and Chainguard fixtures import" "$BULWARK" db import --db "$db" --source osv \
	"$V/osv/ubuntu-fixtures" "$V/osv/chainguard-fixtures"
cnt=$(sql "SELECT count(*) FROM sources")
[ "$cnt" = 8 ] && ok "8 sources stored" || fail "8 sources expected, got $cnt"
"$BULWARK" db info --db "$db" --format json >"$tmp/info.json" &&
	"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["sources"]) == 8 and d["records"] > 30000' "$tmp/info.json" &&
	ok "db info --format json" || fail "db info --format json" "$(cat "$tmp/info.json")"
# the text form: one row per source with its counts and age (one source made 3 days old on a copy)
cp "$db" "$tmp/age.db"
"$PY" - "$tmp/age.db" <<'EOF'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE sources SET updated = ? WHERE name LIKE 'osv:%/osv/go'", (int(time.time()) - 3 * 86400 - 60,))
c.commit()
EOF
"$BULWARK" db info --db "$tmp/age.db" >"$tmp/info.txt" 2>&1
goline=$(grep -E ' osv:.*/osv/go$' "$tmp/info.txt")
goadv=$(db=$tmp/age.db sql "SELECT advisories || ' ' || skipped FROM sources WHERE name LIKE 'osv:%/osv/go'")
if [ "$(grep -cE '^(debian|alpine|osv|debian-dsa) +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ (min|h|days) ' "$tmp/info.txt")" = 8 ] &&
	echo "$goline" | grep -qE "^osv +4274 +${goadv% *} +${goadv#* } +3 days " && grep -q '^sources   8, ' "$tmp/info.txt"; then
	ok "db info (text): 8 source rows with records, advisories, skipped and age (Go: 4274 records, ${goadv% *} advisories, ${goadv#* } skipped, 3 days)"
else
	fail "db info text output" "$(cat "$tmp/info.txt")"
fi
before=$(sql "SELECT count(*) FROM advisories")
"$BULWARK" db import --db "$db" --source osv "$V/osv/go" >/dev/null 2>&1
after=$(sql "SELECT count(*) FROM advisories")
[ "$before" = "$after" ] && ok "re-importing a source replaces it ($after advisories)" ||
	fail "re-import changed advisories $before -> $after"

# --- a malformed record: reported with file and position, the rest imported ---
cat >"$tmp/tracker.json" <<'EOF'
{"pkg-a": {"CVE-2020-0001": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "1.0-1"}}}},
 "pkg-b": {"CVE-2020-0002": {"releases": {"bookworm": {"status": resolved}}}},
 "pkg-c": {"CVE-2020-0003": {"releases": {"bookworm": {"status": "open"}}}}}
EOF
out=$("$BULWARK" db import --db "$tmp/m.db" --source debian "$tmp/tracker.json" 2>&1)
if echo "$out" | grep -q "tracker.json:2:[0-9]*: package 'pkg-b'" &&
	[ "$(db=$tmp/m.db sql "SELECT count(*) FROM advisories")" = 2 ]; then
	ok "malformed record reported at tracker.json:2:COL and skipped, the other two imported"
else
	fail "malformed record handling" "$out"
fi

# --- kill -9 at any moment: the database is the old one or the new one, never half ---
old_sources=$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM sources ORDER BY name)")
bad=0
for i in $(seq 1 10); do
	"$BULWARK" db import --db "$db" --source osv --name "killed-$i" "$V/osv/go" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v s="$i" 'BEGIN { srand(s * 7); printf "%.2f", rand() * 3 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	state=$("$PY" - "$db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
names = [r[0] for r in c.execute("SELECT name FROM sources ORDER BY name")]
print(",".join(n for n in names if not n.startswith("killed-")), len([n for n in names if n.startswith("killed-")]))
EOF
) || { bad=$((bad + 1)); continue; }
	[ "${state% *}" = "$old_sources" ] || bad=$((bad + 1))
done
survived=$(sql "SELECT count(*) FROM sources WHERE name LIKE 'killed-%'")
[ "$bad" = 0 ] && ok "10 updates killed with SIGKILL at random moments: database always whole ($survived finished first)" ||
	fail "database damaged after kill -9 ($bad times)"
check "an update after killed ones succeeds (stale .new file replaced)" \
	"$BULWARK" db import --db "$db" --source osv --name killed-1 "$V/osv/go"

# --- scans during updates see a whole database ---
("$BULWARK" db import --db "$db" --source osv --name during-1 "$V/osv/go" &&
	"$BULWARK" db import --db "$db" --source osv --name during-2 "$V/osv/pypi-yaml" &&
	"$BULWARK" db import --db "$db" --source osv --name during-1 "$V/osv/go") >/dev/null 2>&1 &
upd=$!
reads=0 rbad=0
while kill -0 "$upd" 2>/dev/null; do
	if "$BULWARK" db info --db "$db" --format json >"$tmp/r.json" 2>"$tmp/r.err" &&
		"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["advisories"] > 0' "$tmp/r.json"; then
		reads=$((reads + 1))
	else
		rbad=$((rbad + 1))
		cat "$tmp/r.err"
	fi
done
wait "$upd"
rc=$?
[ "$rbad" = 0 ] && [ "$rc" = 0 ] && [ "$reads" -gt 0 ] && ok "$reads reads during 3 updates, all complete" ||
	fail "reads during updates: $rbad failed of $((reads + rbad)), update rc $rc"

# --- db update over HTTP on 127.0.0.1 with conditional requests ---
mkdir -p "$tmp/www/alpine"
"$PY" - "$V/osv/go" "$tmp/www/go.zip" <<'EOF'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(sys.argv[1])):
        z.write(os.path.join(sys.argv[1], n), n)
EOF
cp "$V/alpine/secdb-json-converted-from-yaml/v3.10/main.json" "$tmp/www/alpine/main.json"
cp "$V/debian/fixtures/vunnel-debian.json" "$tmp/www/tracker.json"
"$PY" "$BW_ROOT/tests/tools/feed-server.py" "$tmp/www" "$tmp/port" "$tmp/http.log" 120 &
server=$!
for _ in $(seq 50); do [ -f "$tmp/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$tmp/port")"
hdb=$tmp/h.db
feeds=(--feed "osv=$url/go.zip" --feed "alpine=$url/flaky/2/alpine/main.json" --feed "debian=$url/tracker.json")
out=$("$BULWARK" db update --db "$hdb" "${feeds[@]}" 2>&1)
rc=$?
if [ $rc = 0 ] && echo "$out" | grep -q '4274 records' && echo "$out" | grep -q 'retrying (2 of 3)' &&
	[ "$(grep -c ' 503$' "$tmp/http.log")" = 2 ]; then
	ok "db update downloads 3 feeds (one after two 503s) from 127.0.0.1"
else
	fail "db update from the local server (rc $rc)" "$out"
fi
out=$("$BULWARK" db update --db "$hdb" "${feeds[@]}" 2>&1)
if [ "$(echo "$out" | grep -c 'not modified')" = 3 ] && [ "$(grep -c ' 304$' "$tmp/http.log")" = 3 ]; then
	ok "second update: If-None-Match answered 304 for every feed, nothing downloaded"
else
	fail "conditional update" "$out"
fi
# progress on a terminal: stderr a pseudo-terminal (script(1) from util-linux), then a file;
# the server sends go.zip in 20 pieces over 3 seconds, so progress is printed more than once
if command -v script >/dev/null; then
	slow=$url/slow/3/go.zip
	script -qec "$(printf '%q ' "$BULWARK" db update --db "$tmp/p.db" --feed "osv=$slow")" \
		/dev/null >"$tmp/pty.out" 2>&1 </dev/null
	size=$(awk -v b="$(stat -c %s "$tmp/www/go.zip")" 'BEGIN { printf "%.1f", b / 1048576 }')
	# the progress lines: "\r  URL: DONE / SIZE MiB", one per second
	got=$(tr '\r' '\n' <"$tmp/pty.out" | sed -n "s|^  $slow: \([0-9.]*\) / $size MiB *\$|\1|p")
	if [ "$(echo "$got" | grep -c .)" -ge 2 ] && [ "$(echo "$got" | sort -n)" = "$got" ] &&
		[ "$(echo "$got" | uniq | wc -l)" -ge 2 ] && grep -qF "$(printf '\r\033[K')" "$tmp/pty.out" &&
		grep -q '4274 records' "$tmp/pty.out"; then
		ok "db update on a terminal shows download progress ($(echo $got | tr ' ' ,) of $size MiB), erased when done"
	else
		fail "progress on a pseudo-terminal" "$(tr '\r\033' '|^' <"$tmp/pty.out" | head -c 600)"
	fi
else
	ok "progress on a terminal # SKIP script(1) not installed"
fi
"$BULWARK" db update --db "$tmp/p2.db" --feed "osv=$url/slow/3/go.zip" >"$tmp/nopty.out" 2>"$tmp/nopty.err"
! grep -q 'MiB' "$tmp/nopty.err" && ! grep -q "$(printf '\r')" "$tmp/nopty.err" && grep -q '4274 records' "$tmp/nopty.err" &&
	ok "stderr not a terminal: no progress output, only the summary" ||
	fail "progress when stderr is a file" "$(tr '\r' '|' <"$tmp/nopty.err" | head -c 600)"
# --timeout: a download slower than the limit fails (retried once), the feed exits 3
t0=$SECONDS
out=$("$BULWARK" db update --db "$tmp/t.db" --timeout 1 --retries 1 --feed "osv=$url/slow/6/go.zip" 2>&1)
rc=$? took=$((SECONDS - t0))
if [ $rc = 3 ] && [ "$(echo "$out" | grep -c 'timed out after 1')" = 2 ] && echo "$out" | grep -q 'retrying (1 of 1)' &&
	[ "$took" -lt 10 ]; then
	ok "--timeout 1 on a 6-second download: timed out twice (one retry), exit 3 after ${took}s"
else
	fail "--timeout (rc $rc, ${took}s)" "$out"
fi
n1=$(db=$hdb sql "SELECT count(*) FROM advisories")
touch -d '2030-01-01' "$tmp/www/tracker.json"
echo ' ' >>"$tmp/www/tracker.json"
out=$("$BULWARK" db update --db "$hdb" "${feeds[@]}" 2>&1)
if echo "$out" | grep -q 'tracker.json: 7 records' && [ "$(echo "$out" | grep -c 'not modified')" = 2 ]; then
	ok "a changed feed is downloaded again, the unchanged ones are not"
else
	fail "changed feed" "$out"
fi
out=$("$BULWARK" db update --db "$hdb" --feed "osv=$url/missing.zip" --feed "debian=$url/tracker.json" 2>&1)
rc=$?
n2=$(db=$hdb sql "SELECT count(*) FROM advisories")
if [ $rc = 3 ] && echo "$out" | grep -q 'HTTP status 404' && [ "$n1" = "$n2" ]; then
	ok "a failing feed exits 3 and keeps the previous data ($n2 advisories)"
else
	fail "failing feed (rc $rc, advisories $n1 -> $n2)" "$out"
fi
done_testing
