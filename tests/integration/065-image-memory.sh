#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 4: `bulwark image` on a docker-save tarball with 300,000 files (lib-many-files.sh)
# stays under 64 MB of peak RSS, and the two ways of reading an archive agree: a file is
# read in two passes (headers, then each layer in order, straight into the index), standard
# input and the Docker daemon as streams (layer entries kept, packed, until the manifest gives
# the order); every way stays under the bound and gives the same answers.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-images.sh"
. "$(dirname "$0")/lib-many-files.sh"

[ -x /usr/bin/time ] || skip_all "/usr/bin/time is not installed (scripts/bootstrap)"
why=$(many_ensure) || skip_all "cannot build the many-file image: $why"
make_tmp
# Under ASan the quarantine (up to 256 MiB of freed memory held back) is turned off for the
# measured runs; shadow memory still counts, so the bound is stricter than on a release build.
export ASAN_OPTIONS=${ASAN_OPTIONS:-}:quarantine_size_mb=0:malloc_context_size=0
scan=("$BULWARK" image --quiet --format json --fail-on never --no-vulns)
limit_kib=$((64 * 1024))
summary() { # the answers that must not depend on how the archive was read
	jq -S '{files: .image.files, layers: .image.layers, packages: .packages,
		findings: [.findings[] | "\(.rule_id) \(.message)"] | sort}' "$1"
}

/usr/bin/time -f %M -o "$tmp/rss" "${scan[@]}" "$MANY/many.tar" >"$tmp/file.json" 2>"$tmp/file.err"
rc=$?
rss=$(tail -1 "$tmp/rss")
files=$(jq -r '.image.files' "$tmp/file.json" 2>/dev/null)
if [ $rc -eq 0 ] && [ "${files:-0}" -gt 250000 ] && [ "$rss" -lt $limit_kib ]; then
	ok "many.tar read as a file: $files files, peak RSS $((rss / 1024)) MB < 64 MB"
else
	fail "many.tar read as a file: exit $rc, $files files, peak RSS $((rss / 1024)) MB" "$(cat "$tmp/file.err")"
fi

/usr/bin/time -f %M -o "$tmp/rss" bash -c '"$@" <"$0"' "$MANY/many.tar" "${scan[@]}" - \
	>"$tmp/redirect.json" 2>"$tmp/redirect.err"
rss=$(tail -1 "$tmp/rss")
cmp -s <(summary "$tmp/file.json") <(summary "$tmp/redirect.json") && [ "$rss" -lt $limit_kib ] &&
	ok "standard input redirected from the file: same answers, peak RSS $((rss / 1024)) MB" ||
	fail "standard input redirected from the file (peak RSS $((rss / 1024)) MB)" "$(cat "$tmp/redirect.err")"

/usr/bin/time -f %M -o "$tmp/rss" bash -c 'cat "$0" | "$@"' "$MANY/many.tar" "${scan[@]}" - \
	>"$tmp/pipe.json" 2>"$tmp/pipe.err"
rss=$(tail -1 "$tmp/rss")
if cmp -s <(summary "$tmp/file.json") <(summary "$tmp/pipe.json") && [ "$rss" -lt $limit_kib ]; then
	ok "a pipe on standard input (streamed): same files, layers, packages and findings, peak RSS $((rss / 1024)) MB < 64 MB"
else
	fail "a pipe on standard input: peak RSS $((rss / 1024)) MB, or it differs from the two-pass read" \
		"$(diff <(summary "$tmp/file.json") <(summary "$tmp/pipe.json") | head -20; cat "$tmp/pipe.err")"
fi

# The same image as the daemon holds it, streamed through the Engine API.
/usr/bin/time -f %M -o "$tmp/rss" "${scan[@]}" "$MANY_REF" >"$tmp/daemon.json" 2>"$tmp/daemon.err"
rss=$(tail -1 "$tmp/rss")
if cmp -s <(summary "$tmp/file.json") <(summary "$tmp/daemon.json") && [ "$rss" -lt $limit_kib ] &&
	[ "$(jq -r .image.source "$tmp/daemon.json")" = daemon ]; then
	ok "$MANY_REF from the daemon (streamed): same answers as the file, peak RSS $((rss / 1024)) MB < 64 MB"
else
	fail "$MANY_REF from the daemon: peak RSS $((rss / 1024)) MB, or it differs from the file" \
		"$(diff <(summary "$tmp/file.json") <(summary "$tmp/daemon.json") | head -20; cat "$tmp/daemon.err")"
fi
jq -e '(.packages | length) > 50 and ([.image.layers[].entries] | add) > 300000' "$tmp/file.json" >/dev/null &&
	ok "$(jq '.packages | length' "$tmp/file.json") dpkg packages and $(jq '[.image.layers[].entries] | add' "$tmp/file.json") layer entries read" ||
	fail "packages or layer entries missing" "$(jq -c '.image.layers' "$tmp/file.json")"

# Whiteouts, against the daemon's own view of the same image (overlay2 applied them).
"${scan[@]}" --list-files "$MANY/many.tar" | jq -r '.image.file_list[].path | select(test("^data(/|$)"))' |
	sort >"$tmp/ours.txt"
docker run --rm --network none -w / "$MANY_REF" find data | sort >"$tmp/daemon.txt"
if [ -s "$tmp/ours.txt" ] && diff -u "$tmp/daemon.txt" "$tmp/ours.txt" >"$tmp/d"; then
	ok "/data: $(wc -l <"$tmp/ours.txt") paths equal find(1) in a container of the image (file, folder and opaque whiteouts)"
else
	fail "/data differs from find in the container" "$(head -20 "$tmp/d")"
fi
grep -qx 'data/a/d299/new' "$tmp/ours.txt" && ! grep -q '^data/a/d299/f' "$tmp/ours.txt" &&
	! grep -q '^data/a/d00' "$tmp/ours.txt" && ! grep -q '^data/b/d01' "$tmp/ours.txt" &&
	ok "opaque folder refilled, deleted folders gone" || fail "whiteout spot checks"

# One byte changed in a layer: the two-pass read still stops on the digest.
cp "$MANY/many.tar" "$tmp/bad.tar"
python3 - "$tmp/bad.tar" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    m = [m for m in t.getmembers() if m.name.endswith("layer.tar")][-1]
with open(sys.argv[1], "r+b") as f:
    f.seek(m.offset_data + m.size // 3)
    b = f.read(1)
    f.seek(-1, 1)
    f.write(bytes([b[0] ^ 0x01]))
PY
"${scan[@]}" "$tmp/bad.tar" >/dev/null 2>"$tmp/bad.err"
rc=$?
[ $rc -eq 3 ] && grep -q "digest mismatch in layer" "$tmp/bad.err" &&
	ok "one byte changed in a layer: '$(head -c 120 "$tmp/bad.err")'" ||
	fail "corrupted layer not caught (exit $rc)" "$(cat "$tmp/bad.err")"

done_testing
