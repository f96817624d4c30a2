#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark image` against real images built by lib-images.sh (debootstrap + docker import,
# docker build, docker save, skopeo): package lists against dpkg-query, the same answers from
# every source, whiteouts, digest verification, hostile archives, image checks.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-images.sh"

why=$(images_ensure) || skip_all "cannot build test images: $why"
make_tmp

scan() { # scan OUT REF [OPTIONS...]: JSON report of REF into OUT; returns bulwark's exit code
	local out=$1 ref=$2
	shift 2
	"$BULWARK" image --quiet --format json --fail-on never "$@" "$ref" >"$out" 2>"$out.err"
}
pkgs() { jq -r '.packages[] | select(.type == "deb") | "\(.name) \(.version)"' "$1" | sort; }
# The findings that must not depend on how the image was read: rule, message.
findings() { jq -r '.findings[] | "\(.rule_id) \(.message)"' "$1" | sort; }

# 1. The dpkg list of the imported rootfs equals dpkg-query on the same rootfs.
scan "$tmp/minbase.json" "$IMG/minbase.tar"
dpkg-query -W -f '${db:Status-Status} ${Package} ${Version}\n' --admindir="$IMG/rootfs/var/lib/dpkg" |
	awk '$1 == "installed" { print $2, $3 }' | sort >"$tmp/minbase-oracle.txt"
pkgs "$tmp/minbase.json" >"$tmp/minbase-ours.txt"
if [ -s "$tmp/minbase-ours.txt" ] && diff -u "$tmp/minbase-oracle.txt" "$tmp/minbase-ours.txt" >"$tmp/d"; then
	ok "minbase: $(wc -l <"$tmp/minbase-ours.txt") dpkg packages equal dpkg-query --admindir on the rootfs"
else
	fail "minbase: dpkg list differs from dpkg-query" "$(head -20 "$tmp/d")"
fi
jq -e '.image.distro.id == "debian" and .image.distro.version_id == "12" and
	(.packages[] | select(.name == "libc6") | .source_name == "glibc" and
	 (.purl | startswith("pkg:deb/debian/libc6@")) and (.purl | contains("distro=debian-12")))' \
	"$tmp/minbase.json" >/dev/null && ok "minbase: OS, source package and purl of libc6" ||
	fail "minbase: OS or libc6 record wrong" "$(jq -c '.image.distro, [.packages[] | select(.name == "libc6")]' "$tmp/minbase.json")"

# 2. The 5-layer app image: packages equal dpkg-query run inside the container (a package
#    purged in layer 3 is gone), and every source gives the same answers.
scan "$tmp/app.json" "$IMG/app.tar"
pkgs "$tmp/app.json" >"$tmp/app-ours.txt"
if [ -s "$tmp/app-ours.txt" ] && diff -u "$IMG/app-dpkg.txt" "$tmp/app-ours.txt" >"$tmp/d"; then
	ok "app: $(wc -l <"$tmp/app-ours.txt") dpkg packages equal dpkg-query inside the container"
else
	fail "app: dpkg list differs from dpkg-query in the container" "$(head -20 "$tmp/d")"
fi
grep -q '^e2fsprogs ' "$tmp/app-ours.txt" && fail "app: e2fsprogs purged in a later layer is listed" ||
	ok "app: a package purged in a later layer is not listed"
jq -e '[.packages[] | select(.type == "deb") | .layer] | all(. == 0)' "$tmp/app.json" >/dev/null &&
	ok "app: packages are attributed to the layer that added them (the base)" ||
	fail "app: package layers" "$(jq -c '[.packages[] | .layer] | unique' "$tmp/app.json")"
findings "$tmp/app.json" >"$tmp/app-findings.txt"
for src in "$IMG/app-oci" "$IMG/app-oci-zstd" "$IMG/app-docker25.tar" "$APP_REF"; do
	name=${src#"$IMG/"}
	scan "$tmp/other.json" "$src"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name: scan failed ($rc)" "$(cat "$tmp/other.json.err")"
		continue
	fi
	pkgs "$tmp/other.json" | diff -q - "$tmp/app-ours.txt" >/dev/null &&
		findings "$tmp/other.json" | diff -q - "$tmp/app-findings.txt" >/dev/null &&
		jq -e --slurpfile a "$tmp/app.json" '.image.files == $a[0].image.files' "$tmp/other.json" >/dev/null &&
		ok "$name ($(jq -r .image.source "$tmp/other.json")): same packages, findings and files as docker save" ||
		fail "$name: answers differ from the docker-save tarball" \
			"$(findings "$tmp/other.json" | diff - "$tmp/app-findings.txt" | head; pkgs "$tmp/other.json" | diff - "$tmp/app-ours.txt" | head)"
done
jq -e '[.image.layers[].compression] | unique == ["zstd"]' <(scan /dev/stdout "$IMG/app-oci-zstd") >/dev/null &&
	ok "zstd layers detected by content" || fail "zstd layers not reported as zstd"

# 3. Whiteouts: deleted files are absent, an opaque folder hides what was below it, a file
#    deleted and added again is present from the layer that added it back.
scan "$tmp/files.json" "$IMG/app.tar" --list-files
has() { jq -e --arg p "$1" '[.image.file_list[] | select(.path == $p)] | length == 1' "$tmp/files.json" >/dev/null; }
layer_of() { jq -r --arg p "$1" '.image.file_list[] | select(.path == $p) | .layer' "$tmp/files.json"; }
! has opt/app/secret.txt && ok "whiteout: opt/app/secret.txt deleted in layer 6 is absent" ||
	fail "whiteout: deleted file still listed"
! has opt/data/old/file && ! has opt/data/old && has opt/data/new/file &&
	ok "opaque/deleted folder: opt/data/old is gone, opt/data/new/file is there" ||
	fail "opaque folder handling" "$(jq -c '[.image.file_list[] | select(.path | startswith("opt/data"))]' "$tmp/files.json")"
has opt/app/readd.txt && [ "$(layer_of opt/app/readd.txt)" = 6 ] &&
	ok "re-added file is present, from the layer that added it back" ||
	fail "re-added file" "layer $(layer_of opt/app/readd.txt)"
has opt/app/keep.txt && [ "$(layer_of opt/app/keep.txt)" = 1 ] && ok "untouched file keeps its layer" ||
	fail "untouched file"
[ "$(jq -r '.image.file_list[] | select(.path == "usr/local/bin/suid-tool") | .mode' "$tmp/files.json")" = 4755 ] &&
	ok "setuid bit kept in the index" || fail "setuid mode lost"

# 4. Image checks on the app image: what the Dockerfile planted, and nothing planted-free.
expect() { # expect RULE REGEX DESCRIPTION
	jq -e --arg r "$1" --arg m "$2" '[.findings[] | select(.rule_id == $r and (.message | test($m)))] | length > 0' \
		"$tmp/app.json" >/dev/null && ok "$1: $3" || fail "$1: $3" "$(jq -c --arg r "$1" '[.findings[] | select(.rule_id == $r) | .message]' "$tmp/app.json")"
}
expect IMG-002 "no User" "runs as root"
expect IMG-003 "HEALTHCHECK" "no health check"
expect IMG-004 "22/tcp" "port 22 exposed"
expect IMG-005 "AWS_SECRET_ACCESS_KEY.*\\*\\*\\*\\*" "secret in Env, masked"
jq -e '[.findings[] | select(.message | contains("wJalrXUtnFEMI"))] | length == 0' "$tmp/app.json" >/dev/null &&
	ok "IMG-005: the secret value appears nowhere in the report" || fail "secret value leaked into the report"
expect IMG-006 "suid-tool' is setuid" "setuid file listed"
expect IMG-006 "sgid-tool' is setgid" "setgid file listed"
expect IMG-007 "'ghost'" "empty password in /etc/shadow"
expect IMG-008 "uid 0 .*'toor'" "duplicate uid 0"
expect IMG-009 "root/.ssh/id_rsa" "SSH private key"
expect IMG-009 "srv/app/server.pem' is a private key" "PEM private key"
expect IMG-009 "srv/app/.env" ".env file"
expect IMG-009 "srv/app/.git' is a git" ".git folder (reported once)"
jq -e '[.findings[] | select(.rule_id == "IMG-009" and (.message | test("ca.pem|.git/config")))] | length == 0' \
	"$tmp/app.json" >/dev/null && ok "IMG-009: a certificate and files inside .git are not reported" ||
	fail "IMG-009 false positives"
expect IMG-010 "ww-tool" "world-writable program in PATH"
expect IMG-013 "apt-get -y upgrade" "apt-get upgrade in the history"
expect IMG-014 "curl .* \\| sh" "curl | sh in the history"
expect IMG-015 "sudo" "sudo in the history"
jq -e '[.findings[] | select(.rule_id == "IMG-011" or .rule_id == "IMG-012" or .rule_id == "IMG-001")] | length == 0' \
	"$tmp/app.json" >/dev/null && ok "no age, ADD-URL or digest finding on a fresh, intact image" ||
	fail "unexpected IMG-001/011/012"
scan "$tmp/age.json" "$IMG/app.tar" --max-age 0
jq -e '[.findings[] | select(.rule_id == "IMG-011")] | length == 0' "$tmp/age.json" >/dev/null &&
	ok "--max-age 0 turns the age check off" || fail "--max-age 0"
"$BULWARK" image --quiet --max-age x "$IMG/app.tar" >/dev/null 2>&1
[ $? -eq 2 ] && ok "--max-age x is a usage error" || fail "--max-age x"

# 5. Alpine: apk database with origins, OS from os-release, USER 1000 is not root.
scan "$tmp/alpine.json" "$IMG/alpine.tar"
jq -e '.image.distro.id == "alpine" and ([.packages[] | select(.type == "apk")] | length == 3) and
	(.packages[] | select(.name == "libcrypto3") | .source_name == "openssl" and
	 .purl == "pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64&distro=alpine-3.20.3&upstream=openssl")' \
	"$tmp/alpine.json" >/dev/null && ok "alpine: 3 apk packages, origin and purl" ||
	fail "alpine packages" "$(jq -c '.image.distro, .packages' "$tmp/alpine.json")"
jq -e '[.findings[] | select(.rule_id == "IMG-002")] | length == 0' "$tmp/alpine.json" >/dev/null &&
	ok "alpine: USER 1000 is not reported as root" || fail "USER 1000 reported as root"

# 6. Integrity: one byte changed in a layer stops the scan with the digest error (exit 3).
cp "$IMG/app.tar" "$tmp/bad.tar"
python3 - "$tmp/bad.tar" <<'EOF'
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    m = max((m for m in t.getmembers() if m.name.endswith("layer.tar")), key=lambda m: m.size)
with open(sys.argv[1], "r+b") as f:
    f.seek(m.offset_data + m.size // 2)
    b = f.read(1)
    f.seek(-1, 1)
    f.write(bytes([b[0] ^ 0x20]))
EOF
scan "$tmp/bad.json" "$tmp/bad.tar"
rc=$?
[ $rc -eq 3 ] && grep -q "digest mismatch in layer" "$tmp/bad.json.err" &&
	jq -e '[.findings[] | select(.rule_id == "IMG-001" and .severity == "CRITICAL")] | length == 1' "$tmp/bad.json" >/dev/null &&
	ok "one byte changed in a layer: digest error, CRITICAL IMG-001, exit 3" ||
	fail "corrupted layer not caught (exit $rc)" "$(cat "$tmp/bad.json.err")"
cp -r "$IMG/app-oci" "$tmp/bad-oci"
blob=$(ls -S "$tmp/bad-oci/blobs/sha256/" | head -1)
python3 -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(5000); b=f.read(1); f.seek(5000); f.write(bytes([b[0]^1]))' "$tmp/bad-oci/blobs/sha256/$blob"
scan "$tmp/bad2.json" "$tmp/bad-oci"
rc=$?
[ $rc -eq 3 ] && grep -q "digest mismatch" "$tmp/bad2.json.err" &&
	ok "one byte changed in a gzip layer of an OCI layout: digest error, exit 3" ||
	fail "corrupted OCI layer not caught (exit $rc)" "$(cat "$tmp/bad2.json.err")"
head -c 50000000 "$IMG/app.tar" >"$tmp/short.tar"
scan "$tmp/short.json" "$tmp/short.tar"
rc=$?
[ $rc -eq 3 ] && [ -s "$tmp/short.json.err" ] && ok "truncated archive: exit 3 with '$(head -c 100 "$tmp/short.json.err")'" ||
	fail "truncated archive (exit $rc)" "$(cat "$tmp/short.json.err")"

# 7. Hostile archives: refused with a precise error, never followed.
hostile() { # hostile NAME ENTRY-KIND: a docker-save archive whose one layer holds that entry
	python3 - "$tmp/$1.tar" "$2" <<'EOF'
import hashlib, io, json, sys, tarfile
out, kind = sys.argv[1], sys.argv[2]
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
    def add(name, data=b"x", **kw):
        i = tarfile.TarInfo(name); i.size = len(data)
        for k, v in kw.items(): setattr(i, k, v)
        t.addfile(i, io.BytesIO(data) if i.type == tarfile.REGTYPE else None)
    if kind == "dotdot": add("etc/../../evil")
    elif kind == "absolute": add("/etc/evil")
    elif kind == "longname": add("a/" + "b" * 300 + "/file")
    elif kind == "symloop":
        add("usr/bin", type=tarfile.SYMTYPE, linkname="../usr/bin")
        add("usr/local/bin", type=tarfile.SYMTYPE, linkname="/usr/local/bin")
    elif kind == "hardlink-escape": add("x", type=tarfile.LNKTYPE, linkname="../../etc/shadow")
data = layer.getvalue()
diff = "sha256:" + hashlib.sha256(data).hexdigest()
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "1000"},
                  "rootfs": {"type": "layers", "diff_ids": [diff]}}).encode()
cname = hashlib.sha256(cfg).hexdigest() + ".json"
man = json.dumps([{"Config": cname, "RepoTags": ["h:1"], "Layers": ["l/layer.tar"]}]).encode()
with tarfile.open(out, "w") as t:
    for name, d in (("l/layer.tar", data), (cname, cfg), ("manifest.json", man)):
        i = tarfile.TarInfo(name); i.size = len(d); t.addfile(i, io.BytesIO(d))
EOF
}
for k in dotdot absolute hardlink-escape; do
	hostile "$k" "$k"
	scan "$tmp/h.json" "$tmp/$k.tar"
	rc=$?
	[ $rc -eq 3 ] && grep -qE "escapes the image root|absolute path" "$tmp/h.json.err" &&
		ok "hostile layer ($k): refused, '$(head -c 120 "$tmp/h.json.err")'" ||
		fail "hostile layer ($k) not refused (exit $rc)" "$(cat "$tmp/h.json.err")"
done
hostile longname longname
scan "$tmp/h.json" "$tmp/longname.tar" --list-files &&
	jq -e '[.image.file_list[] | select(.path | endswith("/file")) | .path | length] == [307]' "$tmp/h.json" >/dev/null &&
	ok "PAX long path names are kept whole" || fail "long names" "$(cat "$tmp/h.json.err")"
hostile symloop symloop
timeout 20 "$BULWARK" image --quiet --format json --fail-on never "$tmp/symloop.tar" >"$tmp/h.json" 2>"$tmp/h.json.err"
[ $? -eq 0 ] && ok "symlink loops in PATH folders: no hang, no crash" || fail "symlink loop" "$(cat "$tmp/h.json.err")"

# 8. Errors that name the problem.
"$BULWARK" image --quiet bulwark-test/no-such-image:never >/dev/null 2>"$tmp/e"
[ $? -eq 3 ] && grep -qi "no such image\|does not exist\|not found" "$tmp/e" && ok "unknown daemon image: '$(head -c 150 "$tmp/e")'" ||
	fail "unknown daemon image" "$(cat "$tmp/e")"
DOCKER_HOST=unix:///nonexistent.sock "$BULWARK" image --quiet some/image:1 >/dev/null 2>"$tmp/e"
[ $? -eq 3 ] && grep -q "nonexistent.sock" "$tmp/e" && ok "DOCKER_HOST socket that does not answer is named" ||
	fail "DOCKER_HOST error" "$(cat "$tmp/e")"
"$BULWARK" image --quiet --platform linux/s390x "$IMG/app-oci" >/dev/null 2>"$tmp/e"
rc=$?
# skopeo's index records no platform: an explicit other platform still reads the only image
[ $rc -le 1 ] && ok "--platform on a single-image index without platforms reads it" || fail "--platform" "$(cat "$tmp/e")"
mkdir -p "$tmp/multi" && cp -r "$IMG/app-oci/." "$tmp/multi/"
jq '.manifests = [(.manifests[0] + {platform: {os: "linux", architecture: "arm64", variant: "v8"}}),
	(.manifests[0] + {platform: {os: "linux", architecture: "amd64"}})]' "$IMG/app-oci/index.json" >"$tmp/multi/index.json"
"$BULWARK" image --quiet --platform linux/s390x "$tmp/multi" >/dev/null 2>"$tmp/e"
[ $? -eq 3 ] && grep -q "linux/arm64" "$tmp/e" && ok "--platform with no match lists the platforms there are" ||
	fail "--platform mismatch" "$(cat "$tmp/e")"
scan "$tmp/m.json" "$tmp/multi" --platform linux/arm64 && jq -e '.packages | length > 50' "$tmp/m.json" >/dev/null &&
	ok "--platform picks the matching manifest of an index" || fail "--platform pick" "$(cat "$tmp/m.json.err")"

# progress: a line a layer on stderr when it is a terminal (script(1) gives one), none otherwise
if command -v script >/dev/null; then
	for src in app.tar app-oci; do
		script -qec "'$BULWARK' image --format json --output '$tmp/p.json' '$IMG/$src'" /dev/null |
			tr -d '\r' >"$tmp/tty.txt"
		"$BULWARK" image --format json --output "$tmp/p.json" "$IMG/$src" 2>"$tmp/notty.txt"
		layers=$(jq '.image.layers | length' "$tmp/p.json")
		got=$(grep -cE '^bulwark: (reading layer|layer [0-9]+/)' "$tmp/tty.txt")
		[ "$got" -eq "$layers" ] && ! grep -qE 'reading layer|layer [0-9]+/' "$tmp/notty.txt" &&
			ok "$src: on a terminal one progress line for each of its $layers layers, none when stderr is a file" ||
			fail "$src: progress" "$got lines for $layers layers: $(head -3 "$tmp/tty.txt")"
	done
else
	ok "progress on a terminal # SKIP no script(1)"
fi

done_testing
