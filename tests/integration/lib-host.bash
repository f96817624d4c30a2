# SPDX-License-Identifier: Apache-2.0
# Helpers for the `bulwark host` integration tests (sourced, not run): a tiny local image
# built from Debian's static busybox plus a do-nothing binary named sshd, imported once and
# cached as a tarball in the build folder.

# host_test_image NAME [DOCKER_ARGS...]: makes sure image NAME exists in the daemon that
# `docker DOCKER_ARGS` talks to. Prints a reason and returns 1 when it cannot.
host_test_image() {
	local name=$1; shift
	docker "$@" image inspect "$name" >/dev/null 2>&1 && return 0
	local cache=${BW_BUILD:-/tmp}/host-test-rootfs.tar
	if [ ! -s "$cache" ]; then
		local bb=/bin/busybox
		if [ ! -x "$bb" ] || ldd "$bb" >/dev/null 2>&1; then
			echo "no static busybox (apt-get install busybox-static)"
			return 1
		fi
		local root
		root=$(mktemp -d)
		mkdir -p "$root/bin" "$root/usr/sbin" "$root/etc" "$root/tmp"
		cp "$bb" "$root/bin/busybox"
		for a in sh sleep true ps cat ls id; do ln -s busybox "$root/bin/$a"; done
		echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
		# A process literally named sshd, to test CIS 5.7 without an SSH server.
		printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' >"$root/sshd.c"
		if ! cc -static -O2 -o "$root/usr/sbin/sshd" "$root/sshd.c" 2>/dev/null; then
			rm -rf "$root"
			echo "cannot build a static test binary (cc -static)"
			return 1
		fi
		rm "$root/sshd.c"
		tar -C "$root" -cf "$cache.tmp" . && mv "$cache.tmp" "$cache"
		rm -rf "$root"
	fi
	docker "$@" import "$cache" "$name" >/dev/null
}

# host_ids JSON PATH: the sorted rule ids of the findings at PATH, space-separated.
host_ids() {
	jq -r --arg p "$2" '[.findings[] | select(.path == $p) | .rule_id] | sort | join(" ")' "$1"
}

# sorted_ids ID...: the ids sorted like host_ids prints them.
sorted_ids() {
	printf '%s\n' "$@" | grep -v '^$' | LC_ALL=C sort | paste -sd' ' -
}
