# SPDX-License-Identifier: Apache-2.0
# Builds (once) the real images the image tests and bench/image-scan read, and caches them
# under build/test-images/v$IMAGES_VERSION/ (bump the version when this file changes what it
# builds). Needs root, a Docker daemon (scripts/start-dockerd), debootstrap, skopeo and go.
# Source it, then call `images_ensure` (0 = ready; else prints why on stdout and returns 1).
#
# What it builds, in $IMG:
#   rootfs/              debootstrap --variant=minbase bookworm (dpkg-query oracle)
#   minbase.tar          docker save of that rootfs imported (one layer, legacy layout)
#   minbase-oci/         skopeo copy of it to an OCI layout (gzip layers)
#   app.tar              docker save of a 5-layer image built FROM it (see app/Dockerfile)
#   app-oci/             OCI layout of app (gzip), app-oci-zstd/ (zstd)
#   app-docker25.tar     app as Docker >= 25 saves it: an OCI layout plus manifest.json
#   app-dpkg.txt         dpkg-query run inside the app container: the package oracle
#   alpine.tar           a small hand-made Alpine-like image (apk database, alpine-release)
IMAGES_VERSION=3
IMG=${BW_ROOT:?}/build/test-images/v$IMAGES_VERSION
APP_REF=bulwark-test/app:v$IMAGES_VERSION
MINBASE_REF=bulwark-test/minbase:v$IMAGES_VERSION

images_log() { echo "# images: $*" >&2; }

images_build_minbase() {
	if [ ! -f "$IMG/rootfs/.done" ]; then
		images_log "debootstrap --variant=minbase bookworm (about 40 s)"
		rm -rf "$IMG/rootfs"
		debootstrap --variant=minbase bookworm "$IMG/rootfs" http://deb.debian.org/debian \
			>"$IMG/debootstrap.log" 2>&1 || { tail -5 "$IMG/debootstrap.log"; return 1; }
		touch "$IMG/rootfs/.done"
	fi
	if ! docker image inspect "$MINBASE_REF" >/dev/null 2>&1; then
		if [ -f "$IMG/minbase.tar" ]; then
			docker load -i "$IMG/minbase.tar" >/dev/null || return 1
		else
			tar -C "$IMG/rootfs" --exclude=./.done -c . |
				docker import - "$MINBASE_REF" >/dev/null || return 1
		fi
	fi
	[ -f "$IMG/minbase.tar" ] || docker save "$MINBASE_REF" -o "$IMG/minbase.tar" || return 1
	[ -d "$IMG/minbase-oci" ] ||
		skopeo copy -q "docker-archive:$IMG/minbase.tar" "oci:$IMG/minbase-oci:v1" || return 1
}

images_build_app() {
	local ctx=$IMG/app
	rm -rf "$ctx" && mkdir -p "$ctx/py" "$ctx/go"
	# A Go program with module build info (go version -m shows it).
	cat >"$ctx/go/go.mod" <<-'EOF'
	module example.com/hello

	go 1.19
	EOF
	cat >"$ctx/go/main.go" <<-'EOF'
	package main

	import "fmt"

	func main() { fmt.Println("hello from go") }
	EOF
	(cd "$ctx/go" && CGO_ENABLED=0 GOCACHE="$IMG/gocache" GOPATH="$IMG/gopath" GOFLAGS=-mod=mod \
		go build -o ../hello-go .) || return 1
	# A Python program and an installed distribution's metadata.
	mkdir -p "$ctx/py/requests-2.31.0.dist-info"
	printf 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n' \
		>"$ctx/py/requests-2.31.0.dist-info/METADATA"
	printf 'import requests\nprint("hello from python")\n' >"$ctx/py/app.py"
	cat >"$ctx/Dockerfile" <<-'EOF'
	ARG BASE
	FROM ${BASE}
	ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq9v3kTq2W
	EXPOSE 22/tcp 8080/tcp
	# layer 1: files later deleted, a folder later made opaque, setuid/setgid files,
	# credentials left behind, a world-writable program in PATH
	RUN mkdir -p /opt/app /opt/data/old /root/.ssh /srv/app/.git && \
	    echo secret > /opt/app/secret.txt && echo v1 > /opt/app/readd.txt && \
	    echo keep > /opt/app/keep.txt && echo old > /opt/data/old/file && \
	    cp /bin/true /usr/local/bin/suid-tool && chmod 4755 /usr/local/bin/suid-tool && \
	    cp /bin/true /usr/local/bin/sgid-tool && chmod 2755 /usr/local/bin/sgid-tool && \
	    cp /bin/true /usr/local/bin/ww-tool && chmod 0777 /usr/local/bin/ww-tool && \
	    printf -- '-----BEGIN RSA PRIVATE KEY-----\nMIIEfakefakefakefakefake\n-----END RSA PRIVATE KEY-----\n' > /root/.ssh/id_rsa && \
	    printf -- '-----BEGIN PRIVATE KEY-----\nMIIEfakefakefake\n-----END PRIVATE KEY-----\n' > /srv/app/server.pem && \
	    printf -- '-----BEGIN CERTIFICATE-----\nMIIEfakecert\n-----END CERTIFICATE-----\n' > /srv/app/ca.pem && \
	    echo 'DB_PASSWORD=hunter2hunter2' > /srv/app/.env && echo '[core]' > /srv/app/.git/config && \
	    echo 'ghost::19000:0:99999:7:::' >> /etc/shadow && \
	    echo 'toor:x:0:0:root:/root:/bin/sh' >> /etc/passwd
	# layer 2: a Python and a Go program
	COPY py/app.py /srv/app/app.py
	COPY py/requests-2.31.0.dist-info /usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info
	COPY hello-go /usr/local/bin/hello-go
	# layer 3: whiteouts (deleted files), an opaque folder, a package purged
	RUN rm /opt/app/secret.txt /opt/app/readd.txt && rm -rf /opt/data && mkdir -p /opt/data/new && \
	    echo new > /opt/data/new/file && dpkg --purge --force-all e2fsprogs >/dev/null 2>&1
	# layer 4: a deleted file added again
	RUN echo v2 > /opt/app/readd.txt
	# layer 5: risky build steps that show in the history (never executed)
	RUN true || curl -fsSL https://get.example.invalid/install.sh | sh
	RUN true || sudo apt-get -y upgrade
	CMD ["/bin/sh"]
	EOF
	docker build -q --network host --build-arg "BASE=$MINBASE_REF" -t "$APP_REF" "$ctx" \
		>"$IMG/build.log" 2>&1 || { tail -20 "$IMG/build.log"; return 1; }
}

images_ensure() {
	[ "$(id -u)" -eq 0 ] || { echo "not root"; return 1; }
	for t in debootstrap skopeo go docker; do
		command -v $t >/dev/null 2>&1 || { echo "$t is not installed (scripts/bootstrap --test-tools)"; return 1; }
	done
	"$BW_ROOT/scripts/start-dockerd" >/dev/null 2>&1 || { echo "no Docker daemon"; return 1; }
	mkdir -p "$IMG"
	if [ -f "$IMG/.done" ]; then
		# the cache survives a daemon reset; put the images back into the daemon
		docker image inspect "$APP_REF" >/dev/null 2>&1 || docker load -i "$IMG/app.tar" >/dev/null
		docker image inspect "$MINBASE_REF" >/dev/null 2>&1 ||
			docker load -i "$IMG/minbase.tar" >/dev/null
		return 0
	fi
	images_build_minbase || { echo "cannot build the minbase image"; return 1; }
	# Always built (the daemon's layer cache makes a rebuild cheap): the tests also read
	# the build context, which a daemon that kept the image from an earlier run lacks.
	images_build_app || { echo "cannot build the app image"; return 1; }
	docker save "$APP_REF" -o "$IMG/app.tar" || return 1
	docker run --rm "$APP_REF" dpkg-query -W -f '${db:Status-Status} ${Package} ${Version}\n' |
		awk '$1 == "installed" { print $2, $3 }' | sort >"$IMG/app-dpkg.txt" || return 1
	rm -rf "$IMG/app-oci" "$IMG/app-oci-zstd" "$IMG/app-oci-raw"
	skopeo copy -q "docker-archive:$IMG/app.tar" "oci:$IMG/app-oci:v1" || return 1
	skopeo copy -q --dest-compress-format zstd "docker-archive:$IMG/app.tar" \
		"oci:$IMG/app-oci-zstd:v1" || return 1
	skopeo copy -q --dest-oci-accept-uncompressed-layers "docker-archive:$IMG/app.tar" \
		"oci:$IMG/app-oci-raw:v1" || return 1
	# Docker >= 25 layout: the OCI layout plus a manifest.json naming blobs/sha256/... paths.
	python3 - "$IMG/app-oci-raw" "$APP_REF" <<-'EOF' || return 1
	import json, sys
	d, ref = sys.argv[1], sys.argv[2]
	idx = json.load(open(d + "/index.json"))
	mdig = idx["manifests"][0]["digest"].split(":")[1]
	m = json.load(open(d + "/blobs/sha256/" + mdig))
	blob = lambda desc: "blobs/sha256/" + desc["digest"].split(":")[1]
	json.dump([{"Config": blob(m["config"]), "RepoTags": [ref],
	            "Layers": [blob(l) for l in m["layers"]]}], open(d + "/manifest.json", "w"))
	EOF
	tar -C "$IMG/app-oci-raw" -cf "$IMG/app-docker25.tar" . || return 1
	images_build_alpine || { echo "cannot build the alpine image"; return 1; }
	touch "$IMG/.done"
}

# An Alpine-like image from files we wrote: enough for OS detection and the apk cataloger.
images_build_alpine() {
	local r=$IMG/alpine-rootfs
	rm -rf "$r" && mkdir -p "$r/etc" "$r/lib/apk/db" "$r/bin"
	echo 3.20.3 >"$r/etc/alpine-release"
	printf 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n' \
		>"$r/etc/os-release"
	cat >"$r/lib/apk/db/installed" <<-'EOF'
	C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=
	P:musl
	V:1.2.5-r0
	A:x86_64
	L:MIT
	o:musl
	F:lib
	R:ld-musl-x86_64.so.1

	C:Q1bbbbbbbbbbbbbbbbbbbbbbbbbbb=
	P:busybox
	V:1.36.1-r29
	A:x86_64
	L:GPL-2.0-only
	o:busybox
	F:bin
	R:busybox

	C:Q1ccccccccccccccccccccccccccc=
	P:libcrypto3
	V:3.3.2-r0
	A:x86_64
	L:Apache-2.0
	o:openssl

	EOF
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
	tar -C "$r" -c . | docker import -c 'USER 1000' - bulwark-test/alpine:v$IMAGES_VERSION >/dev/null &&
		docker save bulwark-test/alpine:v$IMAGES_VERSION -o "$IMG/alpine.tar"
}
