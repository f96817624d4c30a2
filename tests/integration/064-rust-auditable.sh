#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cargo-auditable data in real Rust executables: a program built offline with Debian's rustc
# gets a .dep-v0 section in cargo-auditable's format (zlib-compressed JSON, attached with
# objcopy as `cargo auditable` would link it; Debian 12 ships no cargo-auditable). bulwark
# must list exactly the runtime crates objcopy reads back, in `image` and `sbom`, skip build
# dependencies, and report a damaged or unreachable section with its path. No daemon needed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rustc=$(command -v /usr/bin/rustc || command -v rustc) || skip_all "rustc not installed (scripts/bootstrap)"
command -v objcopy >/dev/null || skip_all "objcopy not installed"
make_tmp
mkdir -p "$tmp/root/etc" "$tmp/root/usr/local/bin" "$tmp/root/opt"
printf 'ID=debian\nVERSION_ID="12"\n' >"$tmp/root/etc/os-release"
echo 'fn main() { println!("hello"); }' >"$tmp/hello.rs"
"$rustc" -O -o "$tmp/hello" "$tmp/hello.rs" 2>"$tmp/err" || skip_all "rustc cannot build: $(head -3 "$tmp/err")"

# audit data as cargo-auditable writes it: the root crate, runtime and build-time dependencies
python3 - "$tmp" <<'PY'
import json, sys, zlib
d = sys.argv[1]
pkgs = [{"name": "hello", "version": "0.1.0", "source": "local", "dependencies": [1, 2, 3], "root": True},
        {"name": "itoa", "version": "1.0.9", "source": "crates.io"},
        {"name": "serde", "version": "1.0.188", "source": "crates.io", "kind": "runtime", "dependencies": [3]},
        {"name": "cc", "version": "1.0.83", "source": "crates.io", "kind": "build"}]
open(d + "/dep.z", "wb").write(zlib.compress(json.dumps({"packages": pkgs}).encode()))
open(d + "/bad.z", "wb").write(zlib.compress(b'{"packages": [{"name": "x"}]}'))
open(d + "/big", "wb").write(b"\0" * (17 << 20))
PY
bin=$tmp/root/usr/local/bin
objcopy --add-section .dep-v0="$tmp/dep.z" "$tmp/hello" "$bin/hello-rs"
strip -o "$bin/hello-stripped" "$bin/hello-rs"
cp "$tmp/hello" "$bin/hello-plain"
objcopy --add-section .dep-v0="$tmp/bad.z" "$tmp/hello" "$bin/hello-bad"
# the other ELF flavours (objcopy writes them from any bytes): 32-bit, big-endian
for fmt in elf32-little elf32-big elf64-big; do
	objcopy -I binary -O $fmt --add-section .dep-v0="$tmp/dep.z" "$tmp/hello.rs" "$bin/hello-$fmt" &&
		chmod 755 "$bin/hello-$fmt"
done
# 17 MiB of another section between .dep-v0 and the section table: out of the reader's reach
objcopy --add-section .zz-pad="$tmp/big" "$bin/hello-rs" "$tmp/root/opt/hello-far"
python3 "$BW_ROOT/tests/tools/mk-image.py" "$tmp/rust.tar" "$tmp/root" || skip_all "cannot write image"

# the oracle: what objcopy reads back from the binary, build dependencies left out
objcopy --dump-section .dep-v0="$tmp/dumped.z" "$bin/hello-rs" "$tmp/scratch"
python3 -c '
import json, sys, zlib
for p in json.loads(zlib.decompress(open(sys.argv[1], "rb").read()))["packages"]:
    if p.get("kind") != "build":
        print("pkg:cargo/%s@%s" % (p["name"], p["version"]))' "$tmp/dumped.z" | sort >"$tmp/oracle.txt"

"$BULWARK" image --quiet --format json --fail-on never "$tmp/rust.tar" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "image with Rust executables scans" || fail "scan failed ($rc)" "$(cat "$tmp/err")"
for b in hello-rs hello-stripped hello-elf32-little hello-elf32-big hello-elf64-big; do
	jq -r --arg p "usr/local/bin/$b" '.packages[] | select(.type == "cargo" and .path == $p) | .purl' \
		"$tmp/out.json" | sort >"$tmp/ours.txt"
	[ "$(wc -l <"$tmp/oracle.txt")" -eq 3 ] && diff -u "$tmp/oracle.txt" "$tmp/ours.txt" >"$tmp/d" &&
		ok "$b: crates equal the .dep-v0 objcopy dumps, build dependency left out" ||
		fail "$b: crates differ" "$(cat "$tmp/d")"
done
jq -e '[.packages[] | select(.type == "cargo") | .path] | unique == ["usr/local/bin/hello-elf32-big",
	"usr/local/bin/hello-elf32-little", "usr/local/bin/hello-elf64-big", "usr/local/bin/hello-rs",
	"usr/local/bin/hello-stripped"]' "$tmp/out.json" >/dev/null &&
	ok "no crates from the plain, damaged or unreachable executables" ||
	fail "unexpected cargo packages" "$(jq -c '[.packages[] | select(.type == "cargo") | [.path, .purl]]' "$tmp/out.json")"
jq -e '[.findings[] | select(.rule_id == "IMG-016" and (.message | test("hello-bad.*malformed cargo-auditable data in .dep-v0: package 0 has no name or version")))] | length == 1' \
	"$tmp/out.json" >/dev/null && ok "damaged .dep-v0: IMG-016 names the file and the fault" ||
	fail "damaged .dep-v0 note" "$(jq -c '[.findings[] | select(.rule_id == "IMG-016")]' "$tmp/out.json")"
jq -e '[.findings[] | select(.rule_id == "IMG-016" and (.message | test("opt/hello-far.*section .dep-v0 lies more than 16 MiB before the section table")))] | length == 1' \
	"$tmp/out.json" >/dev/null && ok "section out of reach: IMG-016 says so instead of a silent miss" ||
	fail "far .dep-v0 note" "$(jq -c '[.findings[] | select(.rule_id == "IMG-016")]' "$tmp/out.json")"

"$BULWARK" sbom "$tmp/rust.tar" >"$tmp/cdx.json" 2>"$tmp/err" &&
	jq -r '.components[].purl' "$tmp/cdx.json" | grep '^pkg:cargo/' | sort -u >"$tmp/cdx.txt" &&
	diff -u "$tmp/oracle.txt" "$tmp/cdx.txt" >"$tmp/d" &&
	ok "sbom: CycloneDX lists the crates" || fail "sbom: CycloneDX crates" "$(cat "$tmp/err" "$tmp/d" 2>/dev/null | head)"
done_testing
