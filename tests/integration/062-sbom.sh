#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark sbom`: CycloneDX 1.5 validated against the published schema (ajv), SPDX 2.3
# checked against the specification's rules, both listing what `bulwark image` lists.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-images.sh"

why=$(images_ensure) || skip_all "cannot build test images: $why"
export NODE_PATH=$BW_ROOT/build/node-tools/node_modules
[ -d "$NODE_PATH/@cyclonedx/cyclonedx-library" ] || skip_all "node test tools missing (scripts/bootstrap --test-tools)"
validate="node $BW_ROOT/tests/tools/sbom-validate.js"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BULWARK" image --quiet --format json --fail-on never "$IMG/app.tar" >"$tmp/image.json" 2>/dev/null
jq -r '.packages[] | .purl' "$tmp/image.json" | sort >"$tmp/purls.txt"
for src in app.tar alpine.tar minbase-oci; do
	SOURCE_DATE_EPOCH=1700000000 "$BULWARK" sbom "$IMG/$src" >"$tmp/$src.cdx.json" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] && $validate cyclonedx "$tmp/$src.cdx.json" >"$tmp/v" 2>&1 &&
		ok "$src: CycloneDX 1.5 document is valid against the published schema" ||
		fail "$src: CycloneDX (exit $rc)" "$(cat "$tmp/err" "$tmp/v" | head -20)"
	"$BULWARK" sbom --format spdx --output "$tmp/$src.spdx.json" "$IMG/$src" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] && $validate spdx "$tmp/$src.spdx.json" >"$tmp/v" 2>&1 &&
		ok "$src: SPDX 2.3 document follows the specification's rules" ||
		fail "$src: SPDX (exit $rc)" "$(cat "$tmp/err" "$tmp/v" | head -20)"
done
jq -r '.components[] | select(.purl) | .purl' "$tmp/app.tar.cdx.json" | sort | diff -q - "$tmp/purls.txt" >/dev/null &&
	ok "CycloneDX lists exactly the packages 'bulwark image' lists ($(wc -l <"$tmp/purls.txt"))" ||
	fail "CycloneDX package list differs from bulwark image"
jq -r '.packages[] | .externalRefs[]? | select(.referenceType == "purl") | .referenceLocator' "$tmp/app.tar.spdx.json" |
	sort | diff -q - "$tmp/purls.txt" >/dev/null &&
	ok "SPDX lists exactly the packages 'bulwark image' lists" || fail "SPDX package list differs"
jq -e '.metadata.timestamp == "2023-11-14T22:13:20Z" and (.serialNumber | test("^urn:uuid:"))' \
	"$tmp/app.tar.cdx.json" >/dev/null && ok "SOURCE_DATE_EPOCH sets the timestamp" || fail "timestamp"
SOURCE_DATE_EPOCH=1700000000 "$BULWARK" sbom "$IMG/app-oci" >"$tmp/again.json" 2>/dev/null
# skopeo rewrites the config (so the image id differs); the components must not
jq -S '{components, dependencies}' "$tmp/again.json" >"$tmp/a1"
jq -S '{components, dependencies}' "$tmp/app.tar.cdx.json" >"$tmp/a2"
cmp -s "$tmp/a1" "$tmp/a2" && ok "the same image read as OCI layout gives the same CycloneDX components" ||
	fail "CycloneDX differs between docker save and OCI layout" "$(diff "$tmp/a1" "$tmp/a2" | head)"
# The validators bite: a broken document is refused.
jq '.components[0].type = "bogus"' "$tmp/app.tar.cdx.json" >"$tmp/broken.json"
! $validate cyclonedx "$tmp/broken.json" >/dev/null 2>&1 && ok "schema validation rejects a wrong component type" ||
	fail "CycloneDX validator accepted a broken document"
jq '.packages[1].SPDXID = "SPDXRef-bad id"' "$tmp/app.tar.spdx.json" >"$tmp/broken.json"
! $validate spdx "$tmp/broken.json" >/dev/null 2>&1 && ok "SPDX checks reject a malformed SPDXID" ||
	fail "SPDX validator accepted a broken document"
"$BULWARK" sbom --format table "$IMG/app.tar" >/dev/null 2>&1
[ $? -eq 2 ] && ok "sbom --format table is a usage error" || fail "sbom --format table"
done_testing
