/* SPDX-License-Identifier: Apache-2.0 */
/* The facts a host audit collects (daemon API answers, the daemon's effective configuration,
 * file modes, audit rules) and the parsers behind them. Seen by src/host/ and its unit test;
 * checks read these structures and do no I/O. */
#ifndef BW_HOST_HOST_INTERNAL_H
#define BW_HOST_HOST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/report.h"
#include "core/rule.h"
#include "host/host.h"

/* Largest daemon.json we read; real ones are a few hundred bytes. */
#define HOST_MAX_DAEMON_JSON (1024u * 1024u)
/* Largest /proc/PID/cmdline we read (the kernel caps it near ARG_MAX anyway). */
#define HOST_MAX_CMDLINE (256u * 1024u)
/* Largest audit rules text (auditctl -l output or one rules file). */
#define HOST_MAX_AUDIT_RULES (4u * 1024u * 1024u)
/* Audit watches we keep; real systems have a few hundred rules. */
#define HOST_MAX_AUDIT_PATHS 100000u
/* Registry certificate files we stat under /etc/docker/certs.d. */
#define HOST_MAX_CERT_FILES 10000u
/* Containers one audit inspects; past it the audit stops with an error. */
#define HOST_MAX_CONTAINERS 100000u

/* The files sections 1 and 3 look at. */
enum host_file_id {
	HOST_F_DOCKERD,		/* the dockerd binary */
	HOST_F_RUN_CONTAINERD,	/* /run/containerd */
	HOST_F_DATA_ROOT,	/* DockerRootDir, /var/lib/docker by default */
	HOST_F_ETC_DOCKER,	/* /etc/docker */
	HOST_F_SERVICE,		/* the docker.service unit */
	HOST_F_CONTAINERD_SOCK, /* the containerd socket dockerd uses */
	HOST_F_SOCKET_UNIT,	/* the docker.socket unit */
	HOST_F_ETC_DEFAULT,	/* /etc/default/docker */
	HOST_F_DAEMON_JSON,	/* daemon.json */
	HOST_F_CONTAINERD_TOML, /* /etc/containerd/config.toml */
	HOST_F_SYSCONFIG,	/* /etc/sysconfig/docker */
	HOST_F_CONTAINERD_BIN,	/* containerd */
	HOST_F_SHIM,		/* containerd-shim */
	HOST_F_SHIM_V1,		/* containerd-shim-runc-v1 */
	HOST_F_SHIM_V2,		/* containerd-shim-runc-v2 */
	HOST_F_RUNC,		/* runc */
	HOST_F_DOCKER_SOCK,	/* the API socket we talk to */
	HOST_F_TLSCACERT,	/* tlscacert of the daemon configuration */
	HOST_F_TLSCERT,		/* tlscert */
	HOST_F_TLSKEY,		/* tlskey */
	HOST_F_COUNT
};

struct host_file {
	char *path;	/* owned; NULL when there is no candidate path at all */
	char *real;	/* owned; realpath(path) when it exists, else NULL */
	bool exists;	/* stat succeeded */
	bool is_dir;	/* a directory */
	unsigned uid;	/* owner */
	unsigned gid;	/* group */
	unsigned mode;	/* permission bits (& 07777) */
	char user[64];	/* owner name, or the number */
	char group[64]; /* group name, or the number */
};

/* Audit rules: what auditd watches (from `auditctl -l`, else the rules files). */
struct host_audit {
	char *source; /* owned: "auditctl -l" or the rules folder; NULL when none was found */
	char **trees; /* owned: -w PATH and -F dir=PATH (cover PATH and all beneath it) */
	size_t n_trees;
	char **exact; /* owned: -F path=PATH (covers PATH only) */
	size_t n_exact;
};

/* The daemon's effective configuration: daemon.json overlaid with the dockerd command line
 * (dockerd itself refuses a setting given in both, so the overlay is exact for a running
 * daemon). Keys are daemon.json keys ("icc", "insecure-registries"); command-line lists
 * become arrays and known boolean flags booleans. */
struct host_daemon {
	int pid;	    /* dockerd's pid, 0 when it was not found */
	char *cmdline_path; /* owned: "/proc/PID/cmdline", NULL when not found */
	char *exe;	    /* owned: the dockerd binary, NULL when unknown */
	char *json_path;    /* owned: the daemon.json that applies (may not exist) */
	bool json_exists;   /* json_path was read */
	char *json_error;   /* owned: why daemon.json could not be used, or NULL */
	json_t *file;	    /* owned: daemon.json object (empty when absent) */
	json_t *flags;	    /* owned: command-line settings, same keys */
	json_t *merged;	    /* owned: file overlaid with flags */
};

/* Parses a NUL-separated dockerd command line (argv[0] first) into d->flags. 0, -ENOMEM. */
int host_daemon_parse_cmdline(struct host_daemon *d, const char *buf, size_t len);
/* Parses daemon.json text into d->file; a syntax error or a non-object is recorded in
 * d->json_error (the daemon would not start with it) and leaves d->file empty. 0, -ENOMEM. */
int host_daemon_parse_json(struct host_daemon *d, const char *path, const char *text, size_t len);
/* Builds d->merged from d->file and d->flags. 0 or -ENOMEM. */
int host_daemon_merge(struct host_daemon *d);
void host_daemon_release(struct host_daemon *d);
/* The merged value of `key`, or NULL when it is set nowhere (the daemon's default). */
const json_t *host_daemon_get(const struct host_daemon *d, const char *key);
/* `key` as a boolean ("true"/"false" strings from the command line too); dflt when unset
 * or not a boolean. */
bool host_daemon_bool(const struct host_daemon *d, const char *key, bool dflt);
/* `key` as a string, or NULL. */
const char *host_daemon_string(const struct host_daemon *d, const char *key);
/* Where `key` was set: the cmdline path, the daemon.json path, or NULL (default). */
const char *host_daemon_where(const struct host_daemon *d, const char *key);

/* Adds the watches of audit rules text (auditctl -l output or a rules file). 0, -ENOMEM,
 * -E2BIG past HOST_MAX_AUDIT_PATHS. */
int host_audit_parse(struct host_audit *a, const char *text);
/* True when a rule covers `path` (or its resolved form `real`, may be NULL). */
bool host_audit_covers(const struct host_audit *a, const char *path, const char *real);
void host_audit_release(struct host_audit *a);

struct host_container {
	const char *id;	  /* borrowed from inspect */
	const char *name; /* borrowed from inspect, without the leading '/' */
	json_t *inspect;  /* owned: GET /containers/{id}/json */
	bool running;	  /* State.Running */
	json_t *top;	  /* owned: GET /containers/{id}/top, NULL when not running/asked */
	json_t *execs;	  /* owned: array of GET /exec/{id}/json, NULL when none/asked */
};

struct host_image {
	char *name;	 /* owned: first repo tag, else the id */
	json_t *inspect; /* owned: GET /images/{id}/json */
};

/* Namespaces a container can share with "the host" (HostConfig.NetworkMode=host ...). */
enum host_ns { HOST_NS_NET, HOST_NS_PID, HOST_NS_IPC, HOST_NS_UTS, HOST_NS_USER, HOST_NS_COUNT };

struct host_facts {
	const char *socket; /* borrowed: the API socket */
	json_t *info;	    /* owned: GET /info */
	json_t *version;    /* owned: GET /version */
	struct host_daemon daemon;
	bool rootless;	      /* /info SecurityOptions hold "name=rootless" */
	unsigned daemon_uid;  /* the user dockerd runs as: 0, or a rootless daemon's owner */
	char daemon_user[64]; /* its name, or the number */
	char *daemon_env;     /* owned: dockerd's /proc/PID/environ (NUL-separated), or NULL */
	size_t daemon_env_len;
	/* A rootless daemon's namespaces that rootlesskit made its own (they differ from those
	 * of the process that started it): a container's "host" namespace is then the daemon's
	 * private one, not the host's. */
	bool private_ns[HOST_NS_COUNT];
	struct host_file files[HOST_F_COUNT];
	struct host_file *certs; /* owned: files under /etc/docker/certs.d */
	size_t n_certs;
	bool certs_dir; /* /etc/docker/certs.d exists */
	struct host_audit audit;
	bool data_root_separate; /* DockerRootDir is on another filesystem than / */
	char data_root_dev[32];	 /* its device, "254:0" */
	char *docker_group;	 /* owned: members of group 'docker', comma-separated; NULL */
	json_t *bridge;		 /* owned: GET /networks/bridge, NULL when there is none */
	json_t *overlays;	 /* owned: overlay networks (swarm active), NULL otherwise */
	json_t *swarm;		 /* owned: GET /swarm on a manager, NULL otherwise */
	json_t *image_list;	 /* owned: GET /images/json when 6.1 runs, NULL otherwise */
	char *swarm_wildcard;	 /* owned: "0.0.0.0:2377" when the swarm management port
				  * listens on all addresses, NULL otherwise */
	char swarm_tcp_path[32]; /* the TCP table that was read for it, "/proc/PID/net/tcp" */
	long n_secrets;		 /* GET /secrets on a manager: how many; -1 when not read */
	int64_t swarm_ca_expiry; /* the swarm root CA's notAfter (epoch seconds), 0: unknown */
	char *content_trust;	 /* owned: $DOCKER_CONTENT_TRUST, NULL when unset */
	bool kernel_apparmor;	 /* /sys/module/apparmor/parameters/enabled says Y */
	bool kernel_selinux;	 /* /sys/fs/selinux/enforce exists */
	struct host_container *containers; /* owned */
	size_t n_containers;
	struct host_image *images; /* owned */
	size_t n_images;
};

/* Which facts the selected checks need, so an audit of one section reads only its part. */
struct host_want {
	bool files;	 /* sections 1 and 3: stat the daemon's files */
	bool audit;	 /* section 1.1: audit rules */
	bool containers; /* container checks, manual counts */
	bool images;	 /* image checks */
	bool top;	 /* 5.7: process lists of running containers */
	bool execs;	 /* 5.23: exec sessions of running containers */
	bool swarm;	 /* section 7: networks, swarm spec, listening sockets */
	bool image_list; /* 6.1: the daemon's image list */
};

struct dock_client;
struct host_run;

/* Reads everything `w` asks for into f (zero-initialised by the caller). Problems that only
 * blind some checks become notes in run; 0, or -errno with err set when the daemon does not
 * answer or a --container does not exist. */
int host_facts_collect(struct host_facts *f, struct dock_client *c, const struct host_opts *o,
		       const struct host_want *w, struct host_run *run, struct bw_error *err);
void host_facts_release(struct host_facts *f);
/* Adds a note for stderr ("cannot read X: ..."); 0 or -ENOMEM. */
int host_run_note(struct host_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What every host check receives as its subject. */
struct host_subject {
	const struct host_facts *f;
	const struct host_container *ct; /* container rules: the container */
	const struct host_image *img;	 /* image rules: the image */
	bool *na;			 /* a check sets *na when it does not apply here */
};

/* Sets the finding path and adds a finding (line 0: the whole target). 0 or -ENOMEM. */
int host_report(struct bw_report *out, const struct bw_rule *rule, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The daemon's /info SecurityOptions hold an entry starting with `name=NAME`. */
bool host_info_has_secopt(const struct host_facts *f, const char *name);
/* The path a daemon-level finding is reported at: where `key` was set, else daemon.json. */
const char *host_daemon_path(const struct host_facts *f, const char *key);

extern const struct bw_rule host_rules[];
extern const size_t host_rules_len;
extern const struct bw_rule host_container_rules[];
extern const size_t host_container_rules_len;
extern const struct bw_rule host_image_rules[];
extern const size_t host_image_rules_len;
extern const struct bw_rule host_manual_rules[];
extern const size_t host_manual_rules_len;

#endif
