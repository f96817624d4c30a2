#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Language packages in a real image (lib-images.sh's app image): the Python dist-info and the
# Go binary's build info are listed with the right versions and purls (`go version -m` is the
# oracle for Go), from every image source, and `bulwark sbom` includes them.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-images.sh"

why=$(images_ensure) || skip_all "cannot build test images: $why"
make_tmp

scan() { # scan OUT REF: JSON report of REF into OUT
	"$BULWARK" image --quiet --format json --fail-on never "$2" >"$1" 2>"$1.err"
}
lang() { jq -r '.packages[] | select(.type != "deb") | "\(.type) \(.purl) \(.path)"' "$1" | sort; }

scan "$tmp/app.json" "$IMG/app.tar"
jq -e '[.packages[] | select(.type == "pypi")] | length == 1 and .[0].name == "requests" and
	.[0].version == "2.31.0" and .[0].purl == "pkg:pypi/requests@2.31.0" and
	.[0].path == "usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA" and
	.[0].layer > 0' "$tmp/app.json" >/dev/null &&
	ok "app: the Python dist-info is listed as pkg:pypi/requests@2.31.0 in the layer that copied it" ||
	fail "app: python package" "$(jq -c '[.packages[] | select(.type == "pypi")]' "$tmp/app.json")"

# Go: the toolchain and every module `go version -m` shows for the same binary.
if [ -f "$IMG/app/hello-go" ]; then
	go version -m "$IMG/app/hello-go" | awk -F'\t' '
		NR == 1 { sub(/.*: go/, ""); print "stdlib " $0; next }
		$2 == "mod" || $2 == "dep" { print $3 " " ($4 == "" ? "(devel)" : $4) }' |
		sort >"$tmp/go-oracle.txt"
	jq -r '.packages[] | select(.type == "golang" and .path == "usr/local/bin/hello-go") |
		"\(if .namespace then .namespace + "/" else "" end)\(.name) \(.version)"' \
		"$tmp/app.json" | sort >"$tmp/go-ours.txt"
	if [ -s "$tmp/go-oracle.txt" ] && diff -u "$tmp/go-oracle.txt" "$tmp/go-ours.txt" >"$tmp/d"; then
		ok "app: Go modules of usr/local/bin/hello-go equal go version -m ($(wc -l <"$tmp/go-ours.txt"))"
	else
		fail "app: Go modules differ from go version -m" "$(head -20 "$tmp/d")"
	fi
else
	fail "app: build context binary $IMG/app/hello-go missing"
fi
jq -e '[.packages[] | select(.type == "golang") | .purl] |
	index("pkg:golang/example.com/hello@%28devel%29") != null and
	(map(select(startswith("pkg:golang/stdlib@1."))) | length == 1)' "$tmp/app.json" >/dev/null &&
	ok "app: Go purls name the main module and stdlib" ||
	fail "app: Go purls" "$(jq -c '[.packages[] | select(.type == "golang") | .purl]' "$tmp/app.json")"
jq -e '[.packages[] | select(.type != "deb" and .type != "pypi" and .type != "golang")] | length == 0' \
	"$tmp/app.json" >/dev/null && ok "app: no other language packages (no false positives)" ||
	fail "app: unexpected language packages" "$(lang "$tmp/app.json" | grep -v -e '^pypi' -e '^golang')"

# The same language packages from the other sources.
lang "$tmp/app.json" >"$tmp/lang.txt"
for src in "$IMG/app-oci" "$IMG/app-oci-zstd" "$IMG/app-docker25.tar"; do
	scan "$tmp/other.json" "$src"
	lang "$tmp/other.json" | diff -q - "$tmp/lang.txt" >/dev/null &&
		ok "${src#"$IMG/"}: same language packages as app.tar" ||
		fail "${src#"$IMG/"}: language packages differ" "$(lang "$tmp/other.json" | diff - "$tmp/lang.txt" | head)"
done

# The SBOMs carry them.
"$BULWARK" sbom "$IMG/app.tar" >"$tmp/cdx.json" 2>"$tmp/err" &&
	jq -e '[.components[].purl] | index("pkg:pypi/requests@2.31.0") != null and
		index("pkg:golang/example.com/hello@%28devel%29") != null' "$tmp/cdx.json" >/dev/null &&
	ok "sbom: CycloneDX lists the Python and Go packages" ||
	fail "sbom: CycloneDX lacks the language packages" "$(cat "$tmp/err"; jq -c '[.components[].purl] | map(select(startswith("pkg:deb") | not))' "$tmp/cdx.json" 2>&1 | head -c 600)"
"$BULWARK" sbom --format spdx "$IMG/app.tar" >"$tmp/spdx.json" 2>"$tmp/err" &&
	jq -e '[.packages[].externalRefs[]? | .referenceLocator] | index("pkg:pypi/requests@2.31.0") != null and
		index("pkg:golang/example.com/hello@%28devel%29") != null' "$tmp/spdx.json" >/dev/null &&
	ok "sbom: SPDX lists the Python and Go packages" ||
	fail "sbom: SPDX lacks the language packages" "$(cat "$tmp/err" | head -5)"

done_testing
