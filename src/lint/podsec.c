/* SPDX-License-Identifier: Apache-2.0 */
/* Tables of risky capabilities, host paths, sysctls and ports; image reference checks; the
 * look-back that reports a value shared through an anchor once. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/report.h"
#include "lint/podsec.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

static const struct {
	const char *cap;
	const char *risk;
} cap_risks[] = {
	{.cap = "ALL", .risk = "every capability: as good as privileged"},
	{.cap = "SYS_ADMIN", .risk = "mounts, namespaces and more: the usual container escape"},
	{.cap = "SYS_MODULE", .risk = "loads modules into the host kernel"},
	{.cap = "SYS_PTRACE", .risk = "traces and injects code into other processes"},
	{.cap = "SYS_RAWIO", .risk = "raw access to I/O ports and device memory"},
	{.cap = "SYS_BOOT", .risk = "reboots the host"},
	{.cap = "SYS_TIME", .risk = "sets the host clock"},
	{.cap = "DAC_READ_SEARCH", .risk = "opens host files by handle (the 'shocker' escape)"},
	{.cap = "NET_ADMIN", .risk = "reconfigures interfaces, routes and firewall rules"},
	{.cap = "NET_RAW", .risk = "crafts raw packets (ARP and DNS spoofing)"},
	{.cap = "BPF", .risk = "loads BPF programs into the kernel"},
	{.cap = "PERFMON", .risk = "reads kernel and process performance data"},
	{.cap = "MAC_ADMIN", .risk = "changes the AppArmor or SELinux policy"},
	{.cap = "MAC_OVERRIDE", .risk = "bypasses the AppArmor or SELinux policy"},
	{.cap = "SYSLOG", .risk = "reads and clears the kernel log, which leaks kernel addresses"},
};

static const char *cap_name(const char *cap)
{
	return bw_str_casestartswith(cap, "CAP_") ? cap + 4 : cap;
}

const char *podsec_cap_risk(const char *cap)
{
	const char *c = cap_name(cap);

	for (size_t i = 0; i < BW_ARRAY_SIZE(cap_risks); i++)
		if (strcasecmp(c, cap_risks[i].cap) == 0)
			return cap_risks[i].risk;
	return NULL;
}

bool podsec_cap_is_all(const char *cap)
{
	return strcasecmp(cap_name(cap), "ALL") == 0;
}

/* ---- host paths ---- */

static const char *const socket_names[] = {
	"docker.sock",	   "containerd.sock",  "crio.sock",	"podman.sock",
	"dockershim.sock", "cri-dockerd.sock", "docker_engine", NULL,
};

/* Whole trees: mounting any of these, or anything below them, exposes host state. */
static const char *const sensitive_trees[] = {
	"/proc",
	"/sys",
	"/boot",
	"/root",
	"/var/lib/docker",
	"/var/lib/containerd",
	"/var/lib/kubelet",
	"/etc/ssh",
	"/etc/kubernetes",
	"/etc/docker",
	NULL,
};

/* Exact paths: the folders themselves (their ordinary subpaths, such as /etc/localtime,
 * are common and harmless). */
static const char *const sensitive_exact[] = {
	"/",	    "/etc",	   "/dev",	   "/var/run",	   "/run",
	"/var",	    "/usr",	   "/lib",	   "/lib64",	   "/bin",
	"/sbin",    "/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d",
	"/dev/mem", "/dev/kmem",   NULL,
};

/* Collapses "//", "/./" and a trailing "/" into out. */
static void normalise(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (const char *p = in; *p && n + 1 < outlen; p++) {
		if (*p == '/' && n > 0 && out[n - 1] == '/')
			continue;
		if (*p == '.' && n > 0 && out[n - 1] == '/' && (p[1] == '/' || p[1] == '\0'))
			continue;
		out[n++] = *p;
	}
	while (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
}

enum podsec_path podsec_host_path(const char *path, const char **ret_what)
{
	char p[4096];
	const char *base;
	const char *dummy;

	if (!ret_what)
		ret_what = &dummy;
	if (bw_str_startswith(path, "\\\\.\\pipe\\") || bw_str_startswith(path, "//./pipe/")) {
		*ret_what = "a Docker named pipe";
		return strstr(path, "docker") ? PODSEC_PATH_SOCKET : PODSEC_PATH_OK;
	}
	if (path[0] != '/')
		return PODSEC_PATH_OK;
	normalise(path, p, sizeof(p));
	base = strrchr(p, '/');
	base = base ? base + 1 : p;
	for (size_t i = 0; socket_names[i]; i++)
		if (strcmp(base, socket_names[i]) == 0) {
			*ret_what = "a container runtime's API socket";
			return PODSEC_PATH_SOCKET;
		}
	if (strcmp(p, "/var/run/docker") == 0 || strcmp(p, "/run/docker") == 0 ||
	    strcmp(p, "/run/containerd") == 0 || strcmp(p, "/var/run/containerd") == 0 ||
	    strcmp(p, "/run/podman") == 0 || strcmp(p, "/var/run/crio") == 0 ||
	    strcmp(p, "/run/crio") == 0) {
		*ret_what = "a folder holding a container runtime's API socket";
		return PODSEC_PATH_SOCKET;
	}
	for (size_t i = 0; sensitive_exact[i]; i++)
		if (strcmp(p, sensitive_exact[i]) == 0) {
			*ret_what = strcmp(p, "/var/run") == 0 || strcmp(p, "/run") == 0 ||
						    strcmp(p, "/var") == 0
					    ? "host runtime state, including the Docker socket"
					    : "host system files";
			if (strcmp(p, "/") == 0)
				*ret_what = "the host's whole file system";
			return PODSEC_PATH_SENSITIVE;
		}
	for (size_t i = 0; sensitive_trees[i]; i++) {
		size_t l = strlen(sensitive_trees[i]);
		if (strncmp(p, sensitive_trees[i], l) == 0 && (p[l] == '\0' || p[l] == '/')) {
			*ret_what = bw_str_startswith(p, "/proc") || bw_str_startswith(p, "/sys")
					    ? "kernel and process state of the host"
					    : "host system files";
			return PODSEC_PATH_SENSITIVE;
		}
	}
	return PODSEC_PATH_OK;
}

/* ---- sysctls ---- */

static const char *const ipc_sysctls[] = {
	"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",	    "kernel.sem", "kernel.shmall",
	"kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", NULL,
};

static bool value_is_on(const char *v)
{
	return v && strcmp(v, "0") != 0 && *v;
}

static bool ends_with_key(const char *name, const char *prefix, const char *suffix)
{
	return bw_str_startswith(name, prefix) && bw_str_endswith(name, suffix);
}

const char *podsec_sysctl_risk(const char *name_in, const char *value)
{
	char name[256];

	(void)snprintf(name, sizeof(name), "%s", name_in);
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	if (bw_str_startswith(name, "kernel.")) {
		for (size_t i = 0; ipc_sysctls[i]; i++)
			if (strcmp(name, ipc_sysctls[i]) == 0)
				return NULL;
		return "it is not namespaced: it changes the host kernel";
	}
	if (bw_str_startswith(name, "fs.mqueue."))
		return NULL;
	if (bw_str_startswith(name, "vm.") || bw_str_startswith(name, "fs."))
		return "it is not namespaced: it changes the host";
	if (bw_str_startswith(name, "net.")) {
		if ((strcmp(name, "net.ipv4.ip_forward") == 0 ||
		     ends_with_key(name, "net.ipv4.conf.", ".forwarding") ||
		     ends_with_key(name, "net.ipv6.conf.", ".forwarding")) &&
		    value_is_on(value))
			return "it turns the container into a router between networks";
		if (ends_with_key(name, "net.ipv4.conf.", ".route_localnet") && value_is_on(value))
			return "it routes outside traffic to 127.0.0.0/8, exposing localhost-only "
			       "services";
		return NULL;
	}
	return "it is not namespaced: it changes the host";
}

/* ---- ports ---- */

static const struct {
	unsigned port;
	const char *what;
	const char *hints; /* words of image or service names that run it */
} known_ports[] = {
	{22, "SSH", "ssh"},
	{23, "Telnet", "telnet"},
	{1433, "SQL Server", "mssql sqlserver sql-server"},
	{1521, "Oracle", "oracle"},
	{2181, "ZooKeeper", "zookeeper zk"},
	{2375, "Docker API (plain HTTP)", "docker dind"},
	{2376, "Docker API", "docker dind"},
	{2379, "etcd", "etcd"},
	{2380, "etcd peer", "etcd"},
	{3306, "MySQL", "mysql mariadb percona"},
	{3389, "RDP", "rdp windows"},
	{4369, "Erlang EPMD", "rabbitmq erlang ejabberd couchdb"},
	{5432, "PostgreSQL", "postgres postgis timescale pg"},
	{5672, "RabbitMQ", "rabbitmq"},
	{5900, "VNC", "vnc"},
	{5984, "CouchDB", "couchdb"},
	{5985, "WinRM", "winrm windows"},
	{5986, "WinRM", "winrm windows"},
	{6379, "Redis", "redis valkey keydb"},
	{6443, "Kubernetes API", "k3s kube k8s"},
	{7474, "Neo4j", "neo4j"},
	{7687, "Neo4j Bolt", "neo4j"},
	{8086, "InfluxDB", "influx"},
	{8091, "Couchbase", "couchbase"},
	{8123, "ClickHouse", "clickhouse"},
	{8500, "Consul", "consul"},
	{8529, "ArangoDB", "arango"},
	{9042, "Cassandra", "cassandra scylla"},
	{9092, "Kafka", "kafka redpanda"},
	{9200, "Elasticsearch", "elastic opensearch"},
	{9300, "Elasticsearch transport", "elastic opensearch"},
	{10250, "kubelet", "kube"},
	{11211, "Memcached", "memcache"},
	{15672, "RabbitMQ management", "rabbitmq"},
	{26257, "CockroachDB", "cockroach"},
	{27017, "MongoDB", "mongo"},
	{27018, "MongoDB", "mongo"},
	{27019, "MongoDB", "mongo"},
	{28015, "RethinkDB", "rethink"},
};

/* True when one of the space-separated `hints` occurs in `s` (any case). */
static bool hinted(const char *hints, const char *s)
{
	const char *h = hints;

	if (!s)
		return false;
	while (*h) {
		size_t n = strcspn(h, " ");
		for (const char *p = s; *p; p++)
			if (strncasecmp(p, h, n) == 0)
				return true;
		h += n;
		while (*h == ' ')
			h++;
	}
	return false;
}

const char *podsec_port_service(unsigned port, const char *image, const char *name)
{
	for (size_t i = 0; i < BW_ARRAY_SIZE(known_ports); i++)
		if (known_ports[i].port == port &&
		    (hinted(known_ports[i].hints, image) || hinted(known_ports[i].hints, name)))
			return known_ports[i].what;
	return NULL;
}

/* ---- images ---- */

const char *podsec_image_problem(const char *ref, bool want_digest)
{
	size_t n = strlen(ref);
	const char *last = ref;

	if (strchr(ref, '@'))
		return NULL;
	if (want_digest)
		return "is not pinned by digest: the tag can move to other content";
	for (size_t i = 0; i < n; i++)
		if (ref[i] == '/')
			last = ref + i + 1;
	const char *colon = memchr(last, ':', n - (size_t)(last - ref));
	if (!colon)
		return "has no tag, so it means 'latest'";
	if (n - (size_t)(colon + 1 - ref) == 6 && strncmp(colon + 1, "latest", 6) == 0)
		return "uses the 'latest' tag";
	return NULL;
}

/* Findings looked back at for a duplicate: enough for any real file, bounded for hostile ones. */
#define DEDUP_SCAN 4096

bool podsec_reported(const struct bw_report *out, const struct bw_rule *self, int line, int col)
{
	for (size_t i = out->len, steps = 0; i-- > 0 && steps++ < DEDUP_SCAN;) {
		const struct bw_finding *f = &out->findings[i];
		if (f->rule != self) /* a check's findings are the tail of the report */
			break;
		if (f->line == line && f->col == col)
			return true;
	}
	return false;
}
