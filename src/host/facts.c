/* SPDX-License-Identifier: Apache-2.0 */
/* Collects what the host checks read: daemon API answers (GET only), the dockerd process
 * and its configuration, file owners and modes, audit rules, mounts. All of the audit's I/O
 * is here; the checks only read the result. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "docker/docker.h"
#include "host/host-internal.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

int host_run_note(struct host_run *run, const char *fmt, ...)
{
	char **grown, *msg;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	grown = realloc(run->notes, (run->n_notes + 1) * sizeof(*run->notes));
	if (!grown) {
		free(msg);
		return -ENOMEM;
	}
	run->notes = grown;
	run->notes[run->n_notes++] = msg;
	return 0;
}

/* --- files ------------------------------------------------------------------------------- */

static void name_user(unsigned uid, char *out, size_t len)
{
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		(void)snprintf(out, len, "%s", res->pw_name);
	else
		(void)snprintf(out, len, "%u", uid);
}

static void name_group(unsigned gid, char *out, size_t len)
{
	struct group gr, *res = NULL;
	char buf[16384];

	if (getgrgid_r(gid, &gr, buf, sizeof(buf), &res) == 0 && res)
		(void)snprintf(out, len, "%s", res->gr_name);
	else
		(void)snprintf(out, len, "%u", gid);
}

/* Records `path` (copied; may be NULL) and stats it. 0 or -ENOMEM. */
static int file_set(struct host_file *file, const char *path)
{
	struct stat st;

	free(file->path);
	free(file->real);
	*file = (struct host_file){0};
	if (!path)
		return 0;
	file->path = strdup(path);
	if (!file->path)
		return -ENOMEM;
	if (stat(path, &st) < 0)
		return 0;
	file->exists = true;
	file->is_dir = S_ISDIR(st.st_mode);
	file->uid = st.st_uid;
	file->gid = st.st_gid;
	file->mode = st.st_mode & 07777;
	file->real = realpath(path, NULL); /* NULL on OOM only degrades matching */
	name_user(file->uid, file->user, sizeof(file->user));
	name_group(file->gid, file->group, sizeof(file->group));
	return 0;
}

/* The first of `dirs`/`name` that exists, else the first candidate. */
static int file_find(struct host_file *file, const char *const *dirs, const char *name)
{
	char path[PATH_MAX];

	for (size_t i = 0; dirs[i]; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		if (access(path, F_OK) == 0)
			return file_set(file, path);
	}
	(void)snprintf(path, sizeof(path), "%s/%s", dirs[0], name);
	return file_set(file, path);
}

static const char *const unit_dirs[] = {"/etc/systemd/system", "/run/systemd/system",
					"/usr/lib/systemd/system", "/lib/systemd/system", NULL};
static const char *const bin_dirs[] = {
	"/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin", NULL};

/* Stats every file under /etc/docker/certs.d (two levels: registry folder, then files). */
static int collect_certs(struct host_facts *f)
{
	static const char base[] = "/etc/docker/certs.d";
	BW_CLEANUP(bw_freep) char *pattern = NULL;
	glob_t g = {0};
	int r = 0;

	f->certs_dir = access(base, F_OK) == 0;
	if (!f->certs_dir)
		return 0;
	if (asprintf(&pattern, "%s/*/*", base) < 0) {
		pattern = NULL;
		return -ENOMEM;
	}
	if (glob(pattern, 0, NULL, &g) != 0) {
		globfree(&g);
		return 0;
	}
	size_t n = g.gl_pathc < HOST_MAX_CERT_FILES ? g.gl_pathc : HOST_MAX_CERT_FILES;
	f->certs = calloc(n ? n : 1, sizeof(*f->certs));
	if (!f->certs) {
		globfree(&g);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n && r == 0; i++) {
		r = file_set(&f->certs[f->n_certs], g.gl_pathv[i]);
		if (r == 0 && f->certs[f->n_certs].exists && !f->certs[f->n_certs].is_dir)
			f->n_certs++;
		else
			(void)file_set(&f->certs[f->n_certs], NULL); /* frees the slot */
	}
	globfree(&g);
	return r;
}

/* The value of `name` in dockerd's environment (NULL when unset or unreadable). */
static const char *daemon_env(const struct host_facts *f, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < f->daemon_env_len; i += strlen(f->daemon_env + i) + 1)
		if (strncmp(f->daemon_env + i, name, n) == 0 && f->daemon_env[i + n] == '=')
			return f->daemon_env + i + n + 1;
	return NULL;
}

/* The daemon's home folder as dockerd finds it: $HOME of its process, else its user's. */
static void daemon_home(const struct host_facts *f, char *out, size_t len)
{
	const char *home = daemon_env(f, "HOME");
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (!home && getpwuid_r(f->daemon_uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		home = res->pw_dir;
	(void)snprintf(out, len, "%s", home ? home : "/root");
}

/* A TLS file of the daemon: the configured path, or dockerd's default when TLS is on
 * ($DOCKER_CERT_PATH, else ~/.docker, of the daemon). */
static int tls_file(struct host_facts *f, enum host_file_id id, const char *key, const char *dflt)
{
	const char *p = host_daemon_string(&f->daemon, key);
	const char *dir = daemon_env(f, "DOCKER_CERT_PATH");
	char path[PATH_MAX], home[PATH_MAX / 2];
	bool tls = host_daemon_bool(&f->daemon, "tls", false) ||
		   host_daemon_bool(&f->daemon, "tlsverify", false);

	if (!p && tls) {
		daemon_home(f, home, sizeof(home));
		if (dir && *dir)
			(void)snprintf(path, sizeof(path), "%s/%s", dir, dflt);
		else
			(void)snprintf(path, sizeof(path), "%s/.docker/%s", home, dflt);
		p = path;
	}
	return file_set(&f->files[id], p);
}

static int collect_files(struct host_facts *f)
{
	const char *root = json_string_value(json_object_get(f->info, "DockerRootDir"));
	const char *containerd = host_daemon_string(&f->daemon, "containerd");
	const char *exec_root = host_daemon_string(&f->daemon, "exec-root");
	char path[PATH_MAX];
	int r = 0;

	if (f->daemon.exe)
		r = file_set(&f->files[HOST_F_DOCKERD], f->daemon.exe);
	else
		r = file_find(&f->files[HOST_F_DOCKERD], bin_dirs, "dockerd");
	if (r == 0)
		r = file_set(&f->files[HOST_F_RUN_CONTAINERD], "/run/containerd");
	if (r == 0)
		r = file_set(&f->files[HOST_F_DATA_ROOT], root);
	if (r == 0)
		r = file_set(&f->files[HOST_F_ETC_DOCKER], "/etc/docker");
	if (r == 0)
		r = file_find(&f->files[HOST_F_SERVICE], unit_dirs, "docker.service");
	if (r == 0 && !containerd) {
		const char *slash = strrchr(f->socket, '/');
		if (exec_root)
			(void)snprintf(path, sizeof(path), "%s/containerd/containerd.sock",
				       exec_root);
		else if (f->rootless && slash) /* exec root: $XDG_RUNTIME_DIR/docker */
			(void)snprintf(path, sizeof(path), "%.*s/docker/containerd/containerd.sock",
				       (int)(slash - f->socket), f->socket);
		else
			(void)snprintf(path, sizeof(path),
				       "/var/run/docker/containerd/containerd.sock");
		containerd = access(path, F_OK) == 0 ? path : "/run/containerd/containerd.sock";
	}
	if (r == 0)
		r = file_set(&f->files[HOST_F_CONTAINERD_SOCK], containerd);
	if (r == 0)
		r = file_find(&f->files[HOST_F_SOCKET_UNIT], unit_dirs, "docker.socket");
	if (r == 0)
		r = file_set(&f->files[HOST_F_ETC_DEFAULT], "/etc/default/docker");
	if (r == 0)
		r = file_set(&f->files[HOST_F_DAEMON_JSON], f->daemon.json_path);
	if (r == 0)
		r = file_set(&f->files[HOST_F_CONTAINERD_TOML], "/etc/containerd/config.toml");
	if (r == 0)
		r = file_set(&f->files[HOST_F_SYSCONFIG], "/etc/sysconfig/docker");
	if (r == 0)
		r = file_find(&f->files[HOST_F_CONTAINERD_BIN], bin_dirs, "containerd");
	if (r == 0)
		r = file_find(&f->files[HOST_F_SHIM], bin_dirs, "containerd-shim");
	if (r == 0)
		r = file_find(&f->files[HOST_F_SHIM_V1], bin_dirs, "containerd-shim-runc-v1");
	if (r == 0)
		r = file_find(&f->files[HOST_F_SHIM_V2], bin_dirs, "containerd-shim-runc-v2");
	if (r == 0)
		r = file_find(&f->files[HOST_F_RUNC], bin_dirs, "runc");
	if (r == 0)
		r = tls_file(f, HOST_F_TLSCACERT, "tlscacert", "ca.pem");
	if (r == 0)
		r = tls_file(f, HOST_F_TLSCERT, "tlscert", "cert.pem");
	if (r == 0)
		r = tls_file(f, HOST_F_TLSKEY, "tlskey", "key.pem");
	if (r == 0)
		r = collect_certs(f);
	return r;
}

/* Runs the always-present socket entry last: other collectors may fail, this one cannot. */
static int collect_socket(struct host_facts *f)
{
	return file_set(&f->files[HOST_F_DOCKER_SOCK], f->socket);
}

/* --- the dockerd process ----------------------------------------------------------------- */

/* Socket inodes listening at `path` (or its other /run spelling), from /proc/net/unix. */
static size_t listening_inodes(const char *path, const char *real, unsigned long *out, size_t max)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len, n = 0;

	if (bw_file_read("/proc/net/unix", 64u * 1024u * 1024u, &data, &len) < 0)
		return 0;
	for (char *line = data, *next; *line && n < max; line = next) {
		char p[PATH_MAX] = "";
		unsigned long inode;
		unsigned st;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		/* Num RefCount Protocol Flags Type St Inode Path */
		if (sscanf(line, "%*s %*s %*s %*s %*s %x %lu %4095s", &st, &inode, p) != 3)
			continue;
		const char *q = bw_str_startswith(p, "/var/run/") ? p + 4 : p;
		const char *a = bw_str_startswith(path, "/var/run/") ? path + 4 : path;
		if (strcmp(q, a) == 0 || (real && strcmp(p, real) == 0))
			out[n++] = inode;
	}
	return n;
}

/* True when process `pid` holds one of the socket inodes. */
static bool holds_inode(int pid, const unsigned long *inodes, size_t n)
{
	char dir[64], link[PATH_MAX], target[128];
	struct dirent *de;
	bool found = false;
	DIR *d;

	(void)snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	d = opendir(dir);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		ssize_t k;
		unsigned long ino;

		(void)snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
		k = readlink(link, target, sizeof(target) - 1);
		if (k <= 0)
			continue;
		target[k] = '\0';
		if (sscanf(target, "socket:[%lu]", &ino) != 1)
			continue;
		for (size_t i = 0; i < n; i++)
			found = found || ino == inodes[i];
	}
	(void)closedir(d);
	return found;
}

/* True when dockerd's command line names `sock` with -H (or names no host at all and
 * `sock` is the default socket). */
static bool cmdline_names(const char *buf, size_t len, const char *sock, const char *real)
{
	struct host_daemon d = {0};
	const json_t *hosts, *h;
	bool hit = false;
	size_t i;

	if (host_daemon_parse_cmdline(&d, buf, len) < 0)
		return false;
	hosts = json_object_get(d.flags, "hosts");
	if (!hosts) {
		const char *dflt = "/var/run/docker.sock";
		hit = strcmp(sock, dflt) == 0 || strcmp(sock, "/run/docker.sock") == 0 ||
		      (real && strcmp(real, "/run/docker.sock") == 0);
	}
	json_array_foreach(hosts, i, h)
	{
		const char *v = json_string_value(h);
		if (!v || !bw_str_startswith(v, "unix://"))
			continue;
		v += strlen("unix://");
		BW_CLEANUP(bw_freep) char *rv = realpath(v, NULL);
		if (strcmp(v, sock) == 0 || (real && rv && strcmp(rv, real) == 0))
			hit = true;
	}
	host_daemon_release(&d);
	return hit;
}

/* True when process `pid` is named dockerd. */
static bool is_dockerd(int pid)
{
	char path[64], comm[64] = "";
	FILE *fp;

	(void)snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fp = fopen(path, "re");
	if (!fp)
		return false;
	if (!fgets(comm, sizeof(comm), fp))
		comm[0] = '\0';
	(void)fclose(fp);
	return strcmp(comm, "dockerd\n") == 0;
}

/* The process that listens on unix socket `sock`, from the peer credentials of a connection
 * (no request is sent), as a pid of our PID namespace; 0 when unknown. Works across network
 * and PID namespaces (a rootless dockerd behind slirp4netns or rootlesskit --pidns). */
static int peer_pid(const char *sock)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	struct ucred cred = {0};
	socklen_t len = sizeof(cred);
	int fd, pid = 0;

	if (strlen(sock) >= sizeof(a.sun_path))
		return 0;
	memcpy(a.sun_path, sock, strlen(sock));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	if (connect(fd, (const struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
		pid = cred.pid;
	(void)close(fd);
	return pid;
}

/* Finds the dockerd serving `sock`: the socket's peer when that is a dockerd (not systemd's
 * socket activation), else the one holding its listening socket, else the one whose command
 * line names it, else the only dockerd. 0 when none. */
static int find_dockerd(const char *sock)
{
	BW_CLEANUP(bw_freep) char *real = realpath(sock, NULL);
	unsigned long inodes[16];
	size_t n_inodes;
	int pids[256], n = 0, by_cmdline = 0, peer = peer_pid(sock);
	struct dirent *de;
	DIR *d;

	if (peer > 0 && is_dockerd(peer))
		return peer;
	n_inodes = listening_inodes(sock, real, inodes, 16);
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < 256) {
		uint64_t pid;

		if (bw_parse_u64(de->d_name, &pid) < 0 || pid > INT_MAX)
			continue;
		if (is_dockerd((int)pid))
			pids[n++] = (int)pid;
	}
	(void)closedir(d);
	for (int i = 0; i < n; i++)
		if (n_inodes && holds_inode(pids[i], inodes, n_inodes))
			return pids[i];
	for (int i = 0; i < n && !by_cmdline; i++) {
		char path[64];
		BW_CLEANUP(bw_freep) char *buf = NULL;
		size_t len;

		(void)snprintf(path, sizeof(path), "/proc/%d/cmdline", pids[i]);
		if (bw_file_read(path, HOST_MAX_CMDLINE, &buf, &len) == 0 &&
		    cmdline_names(buf, len, sock, real))
			by_cmdline = pids[i];
	}
	if (by_cmdline)
		return by_cmdline;
	return n == 1 ? pids[0] : 0;
}

/* Who the daemon runs as: root, or for a rootless daemon the owner of its process (else of
 * its socket). */
static void collect_daemon_user(struct host_facts *f)
{
	char path[64];
	struct stat st;

	f->rootless = host_info_has_secopt(f, "rootless");
	(void)snprintf(path, sizeof(path), "/proc/%d", f->daemon.pid);
	if (f->rootless && ((f->daemon.pid && stat(path, &st) == 0) || stat(f->socket, &st) == 0))
		f->daemon_uid = st.st_uid;
	name_user(f->daemon_uid, f->daemon_user, sizeof(f->daemon_user));
}

/* The parent of `pid` from /proc/PID/status, 0 when unknown. */
static int parent_pid(int pid)
{
	char path[64], line[256];
	int ppid = 0;
	FILE *fp;

	(void)snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fp = fopen(path, "re");
	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "PPid: %d", &ppid) == 1)
			break;
	(void)fclose(fp);
	return ppid;
}

/* readlink /proc/PID/ns/NAME ("net:[4026531840]") into out; false when unreadable. */
static bool ns_id(int pid, const char *name, char *out, size_t len)
{
	char path[64];
	ssize_t n;

	(void)snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	n = readlink(path, out, len - 1);
	if (n <= 0)
		return false;
	out[n] = '\0';
	return true;
}

/* For a rootless daemon: which of its namespaces differ from those of its first ancestor
 * outside its user namespace (rootlesskit's parent, in the user's session). */
static void collect_daemon_ns(struct host_facts *f)
{
	static const char *const names[HOST_NS_COUNT] = {[HOST_NS_NET] = "net",
							 [HOST_NS_PID] = "pid",
							 [HOST_NS_IPC] = "ipc",
							 [HOST_NS_UTS] = "uts",
							 [HOST_NS_USER] = "user"};
	char mine[64], other[64], user[64];
	int p = f->daemon.pid, depth = 0;

	if (!f->rootless || !p || !ns_id(p, "user", user, sizeof(user)))
		return;
	do {
		if (++depth > 64 || (p = parent_pid(p)) <= 0 ||
		    !ns_id(p, "user", other, sizeof(other)))
			return;
	} while (strcmp(other, user) == 0);
	for (size_t k = 0; k < HOST_NS_COUNT; k++)
		f->private_ns[k] = ns_id(f->daemon.pid, names[k], mine, sizeof(mine)) &&
				   ns_id(p, names[k], other, sizeof(other)) &&
				   strcmp(mine, other) != 0;
}

static int collect_daemon(struct host_facts *f, const struct host_opts *o, struct host_run *run,
			  struct bw_error *err)
{
	struct host_daemon *d = &f->daemon;
	BW_CLEANUP(bw_freep) char *buf = NULL;
	BW_CLEANUP(bw_freep) char *json = NULL;
	char path[PATH_MAX];
	const char *json_path;
	size_t len;
	int r;

	d->pid = find_dockerd(f->socket);
	d->flags = json_object();
	if (!d->flags)
		return -ENOMEM;
	collect_daemon_user(f);
	collect_daemon_ns(f);
	if (d->pid) {
		(void)snprintf(path, sizeof(path), "/proc/%d/environ", d->pid);
		r = bw_file_read(path, HOST_MAX_CMDLINE, &f->daemon_env, &f->daemon_env_len);
		if (r == -ENOMEM)
			return r;
	}
	if (d->pid) {
		(void)snprintf(path, sizeof(path), "/proc/%d/cmdline", d->pid);
		r = bw_file_read(path, HOST_MAX_CMDLINE, &buf, &len);
		if (r == 0) {
			d->cmdline_path = strdup(path);
			if (!d->cmdline_path)
				return -ENOMEM;
			r = host_daemon_parse_cmdline(d, buf, len);
			if (r < 0)
				return r;
		} else {
			d->pid = 0;
		}
		(void)snprintf(path, sizeof(path), "/proc/%d/exe", d->pid);
		d->exe = d->pid ? realpath(path, NULL) : NULL;
	}
	if (!d->pid && (r = host_run_note(run,
					  "cannot find the dockerd process serving '%s': its "
					  "command-line flags are not checked",
					  f->socket)) < 0)
		return r;

	json_path = o->daemon_json ? o->daemon_json
				   : json_string_value(json_object_get(d->flags, "config-file"));
	if (!json_path && f->rootless) { /* $XDG_CONFIG_HOME/docker, of the daemon's user */
		const char *xdg = daemon_env(f, "XDG_CONFIG_HOME");
		char home[PATH_MAX / 2];
		daemon_home(f, home, sizeof(home));
		if (xdg && *xdg)
			(void)snprintf(path, sizeof(path), "%s/docker/daemon.json", xdg);
		else
			(void)snprintf(path, sizeof(path), "%s/.config/docker/daemon.json", home);
		json_path = path;
	}
	if (!json_path)
		json_path = "/etc/docker/daemon.json";
	r = bw_file_read(json_path, HOST_MAX_DAEMON_JSON, &json, &len);
	if (r < 0 && r != -ENOMEM && o->daemon_json)
		return bw_errorf(err, r, o->daemon_json, 0, 0, "cannot read --daemon-json: %s",
				 strerror(-r));
	if (r == 0) {
		r = host_daemon_parse_json(d, json_path, json, len);
		if (r < 0)
			return r;
		if (d->json_error &&
		    (r = host_run_note(run, "cannot use '%s': %s", json_path, d->json_error)) < 0)
			return r;
	} else {
		if (r != -ENOENT &&
		    (r = host_run_note(run, "cannot read '%s': %s", json_path, strerror(-r))) < 0)
			return r;
		d->json_path = strdup(json_path);
		d->file = json_object();
		if (!d->json_path || !d->file)
			return -ENOMEM;
	}
	return host_daemon_merge(d);
}

/* --- audit rules, mounts, groups, kernel ------------------------------------------------- */

static int collect_audit(struct host_facts *f)
{
	struct bw_buf out;
	char chunk[4096];
	glob_t g = {0};
	FILE *p;
	int r = 0, st;
	size_t n;

	static const char *const auditctl[] = {"/usr/sbin/auditctl", "/sbin/auditctl",
					       "/usr/bin/auditctl", "/usr/local/sbin/auditctl"};
	char cmd[128] = "";

	for (size_t i = 0; i < sizeof(auditctl) / sizeof(auditctl[0]) && !cmd[0]; i++)
		if (access(auditctl[i], X_OK) == 0)
			(void)snprintf(cmd, sizeof(cmd), "%s -l 2>/dev/null", auditctl[i]);
	bw_buf_init(&out, HOST_MAX_AUDIT_RULES);
	p = cmd[0] ? popen(cmd, "re") : NULL; /* a fixed command line: no user input */
	if (p) {
		while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0 && r == 0)
			r = bw_buf_add(&out, chunk, n);
		st = pclose(p);
		if (r == 0 && st == 0) {
			f->audit.source = strdup("'auditctl -l'");
			r = f->audit.source ? host_audit_parse(&f->audit, bw_buf_str(&out))
					    : -ENOMEM;
			bw_buf_release(&out);
			return r == -E2BIG ? 0 : r;
		}
	}
	bw_buf_release(&out);
	if (r == -ENOMEM)
		return r;
	r = 0;
	if (glob("/etc/audit/rules.d/*.rules", 0, NULL, &g) != 0)
		g.gl_pathc = 0;
	for (size_t i = 0; i <= g.gl_pathc && r == 0; i++) {
		const char *path = i < g.gl_pathc ? g.gl_pathv[i] : "/etc/audit/audit.rules";
		BW_CLEANUP(bw_freep) char *text = NULL;
		size_t len;

		if (bw_file_read(path, HOST_MAX_AUDIT_RULES, &text, &len) < 0)
			continue;
		if (!f->audit.source) {
			f->audit.source = strdup(i < g.gl_pathc ? "'/etc/audit/rules.d'"
								: "'/etc/audit/audit.rules'");
			if (!f->audit.source)
				r = -ENOMEM;
		}
		if (r == 0)
			r = host_audit_parse(&f->audit, text);
	}
	if (g.gl_pathc)
		globfree(&g);
	return r == -E2BIG ? 0 : r;
}

/* Whether docker's data root sits on a filesystem of its own, by device number: a bind mount
 * of a folder of the root filesystem onto itself is a mount point, not a partition. */
static void collect_data_root_fs(struct host_facts *f)
{
	const struct host_file *root = &f->files[HOST_F_DATA_ROOT];
	struct stat st, slash;

	if (!root->path || stat(root->path, &st) < 0 || stat("/", &slash) < 0)
		return;
	f->data_root_separate = st.st_dev != slash.st_dev;
	(void)snprintf(f->data_root_dev, sizeof(f->data_root_dev), "%u:%u", major(st.st_dev),
		       minor(st.st_dev));
}

static int collect_group(struct host_facts *f)
{
	struct group gr, *res = NULL;
	char buf[65536];
	struct bw_buf b;
	int r = 0;

	if (getgrnam_r("docker", &gr, buf, sizeof(buf), &res) != 0 || !res)
		return 0;
	bw_buf_init(&b, 65536);
	for (char **m = res->gr_mem; *m && r == 0; m++)
		r = bw_buf_printf(&b, "%s%s", b.len ? "," : "", *m);
	if (r == 0 && !b.data)
		r = bw_buf_adds(&b, "");
	if (r < 0) {
		bw_buf_release(&b);
		return r == -E2BIG ? 0 : r;
	}
	f->docker_group = bw_buf_steal(&b);
	return f->docker_group ? 0 : -ENOMEM;
}

static void collect_kernel(struct host_facts *f)
{
	BW_CLEANUP(bw_freep) char *aa = NULL;
	size_t len;

	if (bw_file_read("/sys/module/apparmor/parameters/enabled", 64, &aa, &len) == 0)
		f->kernel_apparmor = aa[0] == 'Y';
	f->kernel_selinux = access("/sys/fs/selinux/enforce", F_OK) == 0;
}

/* The port of "HOST:PORT", 0 when there is none. */
static unsigned addr_port(const char *addr)
{
	const char *colon = addr ? strrchr(addr, ':') : NULL;
	uint64_t port;

	if (!colon || bw_parse_u64(colon + 1, &port) < 0 || port == 0 || port > 65535)
		return 0;
	return (unsigned)port;
}

/* The port this manager listens on for swarm management. The API shows only the advertised
 * address, whose port may differ (--advertise-addr A:1 --listen-addr B:2), so first the
 * ListenAddr of the daemon's own swarm state (DockerRootDir/swarm/docker-state.json), else
 * the port of its own entry in /info Swarm.RemoteManagers, else the default 2377. */
static unsigned swarm_manager_port(const struct host_facts *f)
{
	const json_t *sw = json_object_get(f->info, "Swarm"), *m;
	const char *self = json_string_value(json_object_get(sw, "NodeID"));
	const char *root = json_string_value(json_object_get(f->info, "DockerRootDir"));
	BW_CLEANUP(bw_freep) char *text = NULL;
	char path[PATH_MAX];
	unsigned port = 0;
	size_t i, len;

	(void)snprintf(path, sizeof(path), "%s/swarm/docker-state.json", root ? root : "");
	if (root && bw_file_read(path, HOST_MAX_DAEMON_JSON, &text, &len) == 0) {
		json_t *st = json_loadb(text, len, 0, NULL);
		port = addr_port(json_string_value(json_object_get(st, "ListenAddr")));
		json_decref(st);
	}
	json_array_foreach(json_object_get(sw, "RemoteManagers"), i, m)
	{
		const char *id = json_string_value(json_object_get(m, "NodeID"));
		if (!port && self && id && strcmp(id, self) == 0)
			port = addr_port(json_string_value(json_object_get(m, "Addr")));
	}
	return port ? port : 2377;
}

/* The swarm management port listening on a wildcard address, from the TCP tables of the
 * daemon's network namespace (/proc/PID/net/tcp*, else our own). */
static int collect_swarm_port(struct host_facts *f)
{
	static const char *const files[] = {"tcp", "tcp6"};
	unsigned want = swarm_manager_port(f);
	char proc[24];

	if (f->daemon.pid)
		(void)snprintf(proc, sizeof(proc), "/proc/%d/net", f->daemon.pid);
	else
		(void)snprintf(proc, sizeof(proc), "/proc/net");
	for (size_t k = 0; k < 2 && !f->swarm_wildcard; k++) {
		BW_CLEANUP(bw_freep) char *data = NULL;
		size_t len;

		(void)snprintf(f->swarm_tcp_path, sizeof(f->swarm_tcp_path), "%s/%s", proc,
			       files[k]);
		if (bw_file_read(f->swarm_tcp_path, 64u * 1024u * 1024u, &data, &len) < 0)
			continue;
		for (char *line = data, *next; *line; line = next) {
			char local[64];
			unsigned st, port;

			next = strchrnul(line, '\n');
			if (*next)
				*next++ = '\0';
			/* sl local_address rem_address st: "0: 00000000:0949 00000000:0000 0A" */
			if (sscanf(line, "%*s %63s %*s %x", local, &st) != 2 || st != 0x0A)
				continue;
			char *colon = strrchr(local, ':');
			if (!colon || sscanf(colon + 1, "%x", &port) != 1 || port != want)
				continue;
			*colon = '\0';
			if (strspn(local, "0") != strlen(local))
				continue;
			if (asprintf(&f->swarm_wildcard, k ? "[::]:%u" : "0.0.0.0:%u", port) < 0) {
				f->swarm_wildcard = NULL;
				return -ENOMEM;
			}
			break;
		}
	}
	return 0;
}

/* --- the daemon API ---------------------------------------------------------------------- */

/* When the swarm's root CA certificate (GET /swarm TLSInfo.TrustRoot, PEM) expires, as
 * seconds since the epoch; 0 when it cannot be read. */
static int64_t swarm_ca_expiry(const json_t *swarm)
{
	const char *pem =
		json_string_value(json_object_get(json_object_get(swarm, "TLSInfo"), "TrustRoot"));
	BIO *bio = pem ? BIO_new_mem_buf(pem, -1) : NULL;
	X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	struct tm tm;
	int64_t t = 0;

	if (cert && ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1)
		t = (int64_t)timegm(&tm);
	X509_free(cert);
	BIO_free(bio);
	return t;
}

static int collect_swarm(struct host_facts *f, struct dock_client *c, struct host_run *run)
{
	const json_t *sw = json_object_get(f->info, "Swarm");
	const char *st = json_string_value(json_object_get(sw, "LocalNodeState"));
	BW_CLEANUP(bw_freep) char *q = NULL;
	struct bw_error e = {0};
	int r;

	if (!st || strcmp(st, "active") != 0)
		return 0;
	q = dock_escape("{\"driver\":[\"overlay\"]}");
	if (!q)
		return -ENOMEM;
	char path[512];
	(void)snprintf(path, sizeof(path), "/networks?filters=%s", q);
	r = dock_get_json(c, path, 0, &f->overlays, &e);
	if (r == -ENOMEM)
		return r;
	if (r < 0 && (r = host_run_note(run, "cannot list overlay networks: %s", e.msg)) < 0)
		return r;
	if (json_is_true(json_object_get(sw, "ControlAvailable"))) {
		BW_CLEANUP(json_decrefp) json_t *secrets = NULL;
		r = dock_get_json(c, "/swarm", 0, &f->swarm, &e);
		if (r == -ENOMEM)
			return r;
		if (r < 0 && (r = host_run_note(run, "cannot read the swarm: %s", e.msg)) < 0)
			return r;
		f->swarm_ca_expiry = swarm_ca_expiry(f->swarm);
		/* metadata only: the daemon never returns a secret's value */
		r = dock_get_json(c, "/secrets", 0, &secrets, &e);
		if (r == -ENOMEM)
			return r;
		if (r == 0)
			f->n_secrets = (long)json_array_size(secrets);
		else if ((r = host_run_note(run, "cannot list swarm secrets: %s", e.msg)) < 0)
			return r;
	}
	return collect_swarm_port(f);
}

static bool label_matches(const json_t *inspect, const struct host_opts *o)
{
	const json_t *labels = json_object_get(json_object_get(inspect, "Config"), "Labels");

	for (size_t i = 0; i < o->n_labels; i++) {
		const char *want = o->labels[i], *eq = strchr(want, '=');
		char key[1024];

		(void)snprintf(key, sizeof(key), "%.*s", (int)(eq ? eq - want : (long)strlen(want)),
			       want);
		const char *v = json_string_value(json_object_get(labels, key));
		if (!v || (eq && strcmp(v, eq + 1) != 0))
			return false;
	}
	return true;
}

static int container_cmp(const void *a, const void *b)
{
	return strcmp(((const struct host_container *)a)->name,
		      ((const struct host_container *)b)->name);
}

/* Inspects container `ref` into f->containers unless already there. */
static int add_container(struct host_facts *f, struct dock_client *c, const char *ref,
			 const struct host_opts *o, size_t cap, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *esc = dock_escape(ref);
	BW_CLEANUP(json_decrefp) json_t *j = NULL;
	BW_CLEANUP(bw_freep) char *path = NULL;
	const char *id, *name;
	int r;

	if (!esc || asprintf(&path, "/containers/%s/json", esc) < 0) {
		path = NULL;
		return -ENOMEM;
	}
	r = dock_get_json(c, path, 0, &j, err);
	if (r == -ENOENT)
		return bw_errorf(err, -ENOENT, "", 0, 0, "no such container '%s'", ref);
	if (r < 0)
		return r;
	id = json_string_value(json_object_get(j, "Id"));
	name = json_string_value(json_object_get(j, "Name"));
	if (!id || !name)
		return bw_errorf(err, -EPROTO, "", 0, 0,
				 "the daemon's answer for container '%s' has no Id or Name", ref);
	for (size_t i = 0; i < f->n_containers; i++)
		if (strcmp(f->containers[i].id, id) == 0)
			return 0;
	if (!label_matches(j, o))
		return 0;
	if (f->n_containers >= cap)
		return bw_errorf(err, -E2BIG, "", 0, 0, "more than %u containers",
				 HOST_MAX_CONTAINERS);
	struct host_container *ct = &f->containers[f->n_containers++];
	ct->inspect = BW_TAKE(j);
	ct->id = id;
	ct->name = name[0] == '/' ? name + 1 : name;
	ct->running =
		json_is_true(json_object_get(json_object_get(ct->inspect, "State"), "Running"));
	return 0;
}

/* The ids of every container (all states), narrowed by the daemon to --label matches. */
static int list_containers(struct dock_client *c, const struct host_opts *o, json_t **ret,
			   struct bw_error *err)
{
	BW_CLEANUP(json_decrefp) json_t *filter = NULL;
	BW_CLEANUP(bw_freep) char *dump = NULL, *esc = NULL, *path = NULL;
	json_t *labels;

	if (!o->n_labels)
		return dock_get_json(c, "/containers/json?all=1", 0, ret, err);
	filter = json_object();
	labels = json_array();
	if (!filter || !labels || json_object_set_new(filter, "label", labels) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < o->n_labels; i++)
		if (json_array_append_new(labels, json_string(o->labels[i])) < 0)
			return -ENOMEM;
	dump = json_dumps(filter, JSON_COMPACT);
	esc = dump ? dock_escape(dump) : NULL;
	if (!esc || asprintf(&path, "/containers/json?all=1&filters=%s", esc) < 0) {
		path = NULL;
		return -ENOMEM;
	}
	return dock_get_json(c, path, 0, ret, err);
}

static int collect_containers(struct host_facts *f, struct dock_client *c,
			      const struct host_opts *o, const struct host_want *w,
			      struct host_run *run, struct bw_error *err)
{
	BW_CLEANUP(json_decrefp) json_t *list = NULL;
	size_t cap;
	int r;

	if (o->n_containers) {
		cap = o->n_containers;
	} else {
		r = list_containers(c, o, &list, err);
		if (r < 0)
			return r;
		cap = json_array_size(list);
	}
	if (cap > HOST_MAX_CONTAINERS)
		return bw_errorf(err, -E2BIG, "", 0, 0,
				 "the daemon has %zu containers, more than %u", cap,
				 HOST_MAX_CONTAINERS);
	f->containers = calloc(cap ? cap : 1, sizeof(*f->containers));
	if (!f->containers)
		return -ENOMEM;
	for (size_t i = 0; i < cap; i++) {
		const char *ref =
			o->n_containers
				? o->containers[i]
				: json_string_value(json_object_get(json_array_get(list, i), "Id"));
		if (!ref)
			continue;
		r = add_container(f, c, ref, o, cap, err);
		if (r == -ENOENT && !o->n_containers)
			continue; /* removed since the listing */
		if (r < 0)
			return r;
	}
	qsort(f->containers, f->n_containers, sizeof(*f->containers), container_cmp);

	for (size_t i = 0; i < f->n_containers; i++) {
		struct host_container *ct = &f->containers[i];
		const json_t *ids = json_object_get(ct->inspect, "ExecIDs"), *e;
		char path[512];
		struct bw_error e2 = {0};
		size_t k;

		if (!ct->running)
			continue;
		if (w->top) {
			(void)snprintf(path, sizeof(path), "/containers/%s/top", ct->id);
			r = dock_get_json(c, path, 0, &ct->top, &e2);
			if (r == -ENOMEM)
				return r;
			if (r < 0 &&
			    (r = host_run_note(run, "cannot list the processes of '%s': %s",
					       ct->name, e2.msg)) < 0)
				return r;
		}
		if (!w->execs || json_array_size(ids) == 0)
			continue;
		ct->execs = json_array();
		if (!ct->execs)
			return -ENOMEM;
		json_array_foreach(ids, k, e)
		{
			json_t *ej = NULL;
			const char *id = json_string_value(e);
			if (!id)
				continue;
			(void)snprintf(path, sizeof(path), "/exec/%s/json", id);
			r = dock_get_json(c, path, 0, &ej, &e2);
			if (r == -ENOMEM)
				return r;
			if (r == 0 && json_array_append_new(ct->execs, ej) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

static int image_name(const json_t *inspect, const char *id, char **ret)
{
	const char *tag =
		json_string_value(json_array_get(json_object_get(inspect, "RepoTags"), 0));
	char *s;

	if (tag && strcmp(tag, "<none>:<none>") != 0)
		s = strdup(tag);
	else if (asprintf(&s, "%.19s", id) < 0) /* "sha256:" and 12 hex digits */
		s = NULL;
	if (!s)
		return -ENOMEM;
	*ret = s;
	return 0;
}

static int collect_images(struct host_facts *f, struct dock_client *c, const struct host_opts *o,
			  struct host_run *run)
{
	BW_CLEANUP(json_decrefp) json_t *ids = json_array();
	const json_t *v;
	struct bw_error e = {0};
	size_t i;
	int r;

	if (!ids)
		return -ENOMEM;
	if (o->n_containers || o->n_labels) {
		for (i = 0; i < f->n_containers; i++) {
			json_t *id = json_object_get(f->containers[i].inspect, "Image");
			if (json_is_string(id) && json_array_append(ids, id) < 0)
				return -ENOMEM;
		}
	} else {
		BW_CLEANUP(json_decrefp) json_t *list = NULL;
		r = dock_get_json(c, "/images/json", 0, &list, &e);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			return host_run_note(run, "cannot list images: %s", e.msg);
		json_array_foreach(list, i, v)
		{
			json_t *id = json_object_get(v, "Id");
			if (json_is_string(id) && json_array_append(ids, id) < 0)
				return -ENOMEM;
		}
	}
	f->images = calloc(json_array_size(ids) + 1, sizeof(*f->images));
	if (!f->images)
		return -ENOMEM;
	json_array_foreach(ids, i, v)
	{
		const char *id = json_string_value(v);
		bool dup = false;
		char path[512];
		json_t *j = NULL;

		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(json_string_value(json_array_get(ids, k)), id) == 0;
		if (dup)
			continue;
		(void)snprintf(path, sizeof(path), "/images/%s/json", id);
		r = dock_get_json(c, path, 0, &j, &e);
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			if ((r = host_run_note(run, "cannot inspect image '%s': %s", id, e.msg)) <
			    0)
				return r;
			continue;
		}
		struct host_image *img = &f->images[f->n_images];
		img->inspect = j;
		r = image_name(j, id, &img->name);
		if (r < 0) {
			json_decref(j);
			img->inspect = NULL;
			return r;
		}
		f->n_images++;
	}
	return 0;
}

int host_facts_collect(struct host_facts *f, struct dock_client *c, const struct host_opts *o,
		       const struct host_want *w, struct host_run *run, struct bw_error *err)
{
	struct bw_error e = {0};
	const char *ct;
	int r;

	f->socket = dock_client_socket(c);
	f->n_secrets = -1;
	f->version = json_deep_copy(dock_client_version(c));
	if (!f->version)
		return -ENOMEM;
	r = dock_get_json(c, "/info", 0, &f->info, err);
	if (r < 0)
		return r;
	r = collect_daemon(f, o, run, err);
	if (r == 0)
		r = collect_socket(f);
	if (r == 0 && w->files)
		r = collect_files(f);
	if (r == 0 && w->files)
		collect_data_root_fs(f);
	if (r == 0 && w->audit)
		r = collect_audit(f);
	if (r == 0)
		r = collect_group(f);
	if (r < 0)
		return r;
	collect_kernel(f);
	ct = getenv("DOCKER_CONTENT_TRUST");
	if (ct && !(f->content_trust = strdup(ct)))
		return -ENOMEM;
	r = dock_get_json(c, "/networks/bridge", 0, &f->bridge, &e);
	if (r == -ENOMEM)
		return r;
	if (r < 0 && r != -ENOENT &&
	    (r = host_run_note(run, "cannot read the bridge network: %s", e.msg)) < 0)
		return r;
	if (w->swarm && (r = collect_swarm(f, c, run)) < 0)
		return r;
	if (w->containers && (r = collect_containers(f, c, o, w, run, err)) < 0)
		return r;
	if (w->images && (r = collect_images(f, c, o, run)) < 0)
		return r;
	if (w->image_list) {
		r = dock_get_json(c, "/images/json", 0, &f->image_list, &e);
		if (r == -ENOMEM)
			return r;
		if (r < 0 && (r = host_run_note(run, "cannot list images: %s", e.msg)) < 0)
			return r;
	}
	return 0;
}

void host_facts_release(struct host_facts *f)
{
	json_decref(f->info);
	json_decref(f->version);
	host_daemon_release(&f->daemon);
	free(f->daemon_env);
	for (size_t i = 0; i < HOST_F_COUNT; i++) {
		free(f->files[i].path);
		free(f->files[i].real);
	}
	for (size_t i = 0; i < f->n_certs; i++) {
		free(f->certs[i].path);
		free(f->certs[i].real);
	}
	free(f->certs);
	host_audit_release(&f->audit);
	free(f->docker_group);
	json_decref(f->bridge);
	json_decref(f->overlays);
	json_decref(f->swarm);
	json_decref(f->image_list);
	free(f->swarm_wildcard);
	free(f->content_trust);
	for (size_t i = 0; i < f->n_containers; i++) {
		json_decref(f->containers[i].inspect);
		json_decref(f->containers[i].top);
		json_decref(f->containers[i].execs);
	}
	free(f->containers);
	for (size_t i = 0; i < f->n_images; i++) {
		free(f->images[i].name);
		json_decref(f->images[i].inspect);
	}
	free(f->images);
	*f = (struct host_facts){0};
}
