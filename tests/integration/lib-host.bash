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

# host_netns_dockerd DIR NS [--hosts-in-config] [DOCKERD_ARGS...]: starts a dockerd of the
# test's own in a new network namespace NS (its bridges, iptables rules and TCP ports stay
# there), with data root, exec root, pidfile and socket (DIR/docker.sock) under DIR, and waits
# until it answers. With --hosts-in-config the socket is not named on dockerd's command line:
# the daemon.json given with --config-file lists it in "hosts". Sets netns_pid (so call it
# directly, not in $(...)); prints the reason and returns 1 when it cannot.
# nsenter, not `ip netns exec`: the latter remounts /sys and hides the cgroup mounts
# dockerd needs. Stop it with host_netns_dockerd_stop NS.
host_netns_dockerd() {
	local dir=$1 ns=$2 host=(-H "unix://$1/docker.sock")
	shift 2
	[ "${1:-}" = --hosts-in-config ] && { host=(); shift; }
	netns_pid=
	ip netns add "$ns" && ip -n "$ns" link set lo up || { echo "cannot create network namespace $ns"; return 1; }
	setsid nsenter --net="/run/netns/$ns" dockerd --data-root "$dir/data" --exec-root "$dir/exec" \
		--pidfile "$dir/docker.pid" "${host[@]}" --bridge none "$@" \
		>"$dir/dockerd.log" 2>&1 &
	netns_pid=$!
	for _ in $(seq 1 60); do
		curl -fsS --max-time 2 --unix-socket "$dir/docker.sock" http://d/_ping >/dev/null 2>&1 && break
		kill -0 "$netns_pid" 2>/dev/null || break
		sleep 0.5
	done
	if ! curl -fsS --max-time 2 --unix-socket "$dir/docker.sock" http://d/_ping >/dev/null 2>&1; then
		echo "dockerd in $ns did not answer: $(tail -n 3 "$dir/dockerd.log")"
		return 1
	fi
	[ -s "$dir/docker.pid" ] && netns_pid=$(cat "$dir/docker.pid")
	return 0
}

# host_netns_dockerd_stop NS: stops the dockerd host_netns_dockerd started and removes NS.
host_netns_dockerd_stop() {
	if [ -n "${netns_pid:-}" ]; then
		kill "$netns_pid" 2>/dev/null
		for _ in $(seq 1 40); do kill -0 "$netns_pid" 2>/dev/null || break; sleep 0.25; done
	fi
	netns_pid=
	ip netns del "$1" 2>/dev/null
	return 0
}

# host_tls_setup NAME: for a test dockerd of its own with TLS files (075, 076). Skips the suite
# unless root with the tools; makes $d (removed on exit, with the daemon in network namespace
# $ns stopped), enters it, points DOCKER_HOST at $d/docker.sock, and writes a self-signed
# certificate for 127.0.0.1 as ca.pem and cert.pem, with its key.pem.
host_tls_setup() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (starts a dockerd in a network namespace)"
	local t
	for t in dockerd ip nsenter curl jq openssl; do
		command -v "$t" >/dev/null 2>&1 || skip_all "no $t"
	done
	d=$(mktemp -d "/tmp/$1.XXXXXX")
	ns=$1$$
	trap 'host_netns_dockerd_stop "$ns"; rm -rf "$d"' EXIT
	cd "$d" || exit 1
	export DOCKER_HOST=unix://$d/docker.sock
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-keyout key.pem -out ca.pem -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		>/dev/null 2>&1 || skip_all "openssl cannot make a certificate"
	cp ca.pem cert.pem
}
