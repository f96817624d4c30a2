# SPDX-License-Identifier: Apache-2.0
# Builds (once) an image with very many small files for the memory test and bench/image-scan,
# cached as build/test-images/many-v$MANY_VERSION/many.tar (docker save, legacy layout).
# FROM the minbase image of lib-images.sh (so it has a dpkg database), three RUN layers write
# 300,000 one-line files with coreutils `split` and delete some with `rm`, which the daemon's
# overlay2 turns into file whiteouts, folder whiteouts and an opaque folder.
# Source it after lib-images.sh, then call `many_ensure` (0 = ready; else prints why).
MANY_VERSION=1
MANY=${BW_ROOT:?}/build/test-images/many-v$MANY_VERSION
MANY_REF=bulwark-test/many:v$MANY_VERSION

many_ensure() {
	images_ensure || return 1
	if [ -f "$MANY/.done" ]; then # the cache survives a daemon reset; load it back
		docker image inspect "$MANY_REF" >/dev/null 2>&1 || docker load -i "$MANY/many.tar" >/dev/null
		return
	fi
	rm -rf "$MANY" && mkdir -p "$MANY/ctx"
	# files DIR FOLDERS: FOLDERS folders of 500 one-line files (f000..f499) under DIR
	cat >"$MANY/ctx/Dockerfile" <<-'EOF'
	ARG BASE
	FROM ${BASE}
	SHELL ["/bin/bash", "-c"]
	# layer 1: 150,000 files in /data/a/d000..d299
	RUN for d in $(seq -w 0 299); do mkdir -p /data/a/d$d && cd /data/a/d$d && \
	    seq 500 | split -l 1 -a 3 -d - f; done
	# layer 2: 100,000 files in /data/b; folder whiteouts (/data/a/d00?), file whiteouts
	# (/data/a/d1??/f00?), an opaque folder (/data/a/d299 emptied and refilled)
	RUN for d in $(seq -w 0 199); do mkdir -p /data/b/d$d && cd /data/b/d$d && \
	    seq 500 | split -l 1 -a 3 -d - f; done && rm -rf /data/a/d00? && \
	    rm -f /data/a/d1??/f00? && rm -rf /data/a/d299 && mkdir /data/a/d299 && \
	    echo new >/data/a/d299/new
	# layer 3: 50,000 files in /data/c; /data/b/d01? deleted
	RUN for d in $(seq -w 0 99); do mkdir -p /data/c/d$d && cd /data/c/d$d && \
	    seq 500 | split -l 1 -a 3 -d - f; done && rm -rf /data/b/d01?
	EOF
	docker build -q --network host --build-arg "BASE=$MINBASE_REF" -t "$MANY_REF" "$MANY/ctx" \
		>"$MANY/build.log" 2>&1 || { tail -20 "$MANY/build.log"; return 1; }
	docker save "$MANY_REF" -o "$MANY/many.tar" || return 1
	touch "$MANY/.done"
}
