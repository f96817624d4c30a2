/* SPDX-License-Identifier: Apache-2.0 */
/* The compose model: a docker-compose / Compose Specification file parsed (ydoc), interpolated
 * and resolved into services whose ports, mounts, environment and lists are typed whatever
 * syntax (short or long, list or map) they were written in. `extends` is followed (same file
 * and other files); `include`d files are listed for the driver, which lints them on their own.
 *
 * Interpolation uses the `.env` file beside the compose file and the defaults written in the
 * file, never the process environment: a linter's result must depend on the files alone, not
 * on who runs it (Compose itself prefers the shell). Values that depend on a variable with no
 * value are marked `unsure`, and rules do not judge them. */
#ifndef BW_LINT_COMPOSE_H
#define BW_LINT_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "util/ydoc.h"

/* ydoc_node.user bits set by interpolation. */
enum compose_node_bits {
	COMPOSE_NODE_DONE = 1u << 0,	   /* interpolated (nodes are shared: never twice) */
	COMPOSE_NODE_UNRESOLVED = 1u << 1, /* uses a variable that has no value */
	COMPOSE_NODE_SUBST = 1u << 2,	   /* value came (partly) from a variable or default */
};

enum compose_format {
	COMPOSE_FORMAT_SPEC, /* `services:` at the top (file formats 2.x, 3.x and the spec) */
	COMPOSE_FORMAT_V1,   /* legacy v1: services at the top level, no `services:` key */
	COMPOSE_FORMAT_COUNT,
};

/* Where a finding about a value belongs. Values inherited through `extends` are reported at
 * the service's own `extends:` key, with `via` naming where they come from. */
struct compose_where {
	int line;
	int col;
	const char *via; /* NULL, or "inherited from service 'base'" / "... from 'f.yaml' ..." */
};

/* One published or exposed port of `ports:` (short "[ip:][host:]container[/proto]" or long). */
struct compose_port {
	struct compose_where at;
	const char *text;	       /* as written (short syntax) or the long syntax's target */
	const char *host_ip;	       /* NULL when none: every interface */
	unsigned published_lo;	       /* first host port; 0 when not published (or random) */
	unsigned published_hi;	       /* last host port of a range; = published_lo otherwise */
	unsigned target_lo, target_hi; /* container ports */
	bool published;		       /* a host port is given (fixed, or a range) */
	bool unsure;		       /* depends on a variable with no value */
};

enum compose_mount_type {
	COMPOSE_MOUNT_BIND,
	COMPOSE_MOUNT_VOLUME, /* named or anonymous volume */
	COMPOSE_MOUNT_TMPFS,
	COMPOSE_MOUNT_OTHER, /* npipe, cluster, image ... */
	COMPOSE_MOUNT_TYPE_COUNT,
};

/* One entry of a service's `volumes:`. */
struct compose_mount {
	struct compose_where at;
	enum compose_mount_type type;
	const char *source;	 /* host path (bind) or volume name; NULL when anonymous */
	const char *target;	 /* path in the container ("" when missing) */
	const char *propagation; /* "shared", "rslave" ...; NULL when not set */
	bool read_only;
	bool long_syntax;
	bool unsure;
};

/* One variable of `environment:` (list "K=V" or mapping). */
struct compose_env {
	struct compose_where at; /* the value (the item for list syntax) */
	const char *name;
	const char *value; /* interpolated; NULL when taken from the shell at run time */
	const char *raw;   /* as written, before interpolation */
	bool unsure;
};

/* A string from a list key (cap_add, security_opt, devices, sysctls "k=v", ...). */
struct compose_item {
	struct compose_where at;
	const char *s;
	bool unsure;
};

struct compose_list {
	struct compose_item *items;
	size_t len;
};

/* One level of a service: its own mapping, then each base it extends. */
struct compose_layer {
	const struct ydoc_node *map; /* the service's mapping at this level */
	const char *service;	     /* its name */
	const char *file;	     /* NULL for this file, else the other file's path */
	const char *via;	     /* NULL for the service itself, else "inherited from ..." */
};

struct compose_service {
	const char *name;
	struct compose_where at;     /* the service's key */
	const struct ydoc_node *map; /* = layers[0].map */
	struct compose_layer *layers;
	size_t n_layers;
	struct compose_where extends_at; /* the `extends:` key (line 0 when none) */
	struct compose_port *ports;
	size_t n_ports;
	struct compose_mount *mounts;
	size_t n_mounts;
	struct compose_env *env;
	size_t n_env;
	struct compose_list cap_add, cap_drop; /* upper case, without "CAP_" */
	struct compose_list security_opt;      /* "seccomp:unconfined" as written */
	struct compose_list devices;	       /* short syntax, or long syntax's source */
	struct compose_list sysctls;	       /* "name=value" */
	struct compose_list secrets;	       /* secret names (short, or long's source) */
	struct compose_list env_files;	       /* paths as written */
	struct compose_list profiles;
};

/* A file named by `include:` or `extends: file:` that is not there (or not a local path). */
struct compose_ref {
	struct compose_where at;
	const char *path; /* as written */
	const char *what; /* "include" or "extends" */
	const char *why;  /* "not found", "defines no service 'x'", ... */
};

struct compose_include {
	struct compose_where at;
	const char *path; /* resolved against the compose file's folder */
};

struct compose_file {
	struct ydoc_file *ydoc;	   /* the main file; its arena holds the whole model */
	struct ydoc_file **others; /* files loaded for `extends` (owned) */
	size_t n_others;
	const char *path;
	enum compose_format format;
	const struct ydoc_node *root; /* first document's root mapping */
	int format_line;	      /* v1: line of the first service */
	struct compose_service *services;
	size_t n_services;
	struct compose_include *includes; /* local files that exist, for the driver */
	size_t n_includes;
	struct compose_ref *missing; /* references the linter could not follow */
	size_t n_missing;
	const char *env_path;		     /* the `.env` read for interpolation, NULL when none */
	const struct ydoc_node *top_secrets; /* top-level `secrets:` mapping or NULL */
};

/* True when the file name is one Docker Compose looks for or a variant of it: compose.yaml,
 * docker-compose.yml, compose.override.yaml, docker-compose.prod.yml, web-compose.yml ... */
bool compose_name_matches(const char *path);
/* True when YAML text has a top-level `services:` key holding a mapping (a cheap line scan,
 * no parse), which tells a compose file whatever its name. */
bool compose_looks_like(const char *data, size_t len);

/* Parses a compose file and builds the model; reads the `.env` beside it and any file named by
 * `extends`. On error (-EINVAL: syntax, unknown top-level key, wrong shape; -E2BIG bounds;
 * -ENOMEM; -errno unreadable) err names the file, line and column. */
int compose_file_parse_path(const char *path, struct compose_file **ret, struct bw_error *err);
/* The same from memory; `dir` (may be NULL: no `.env`, no other files) is where relative
 * paths and `.env` are looked up. Used by tests and the fuzzer. */
int compose_file_parse_mem(const char *path, const char *dir, const char *data, size_t len,
			   struct compose_file **ret, struct bw_error *err);
struct compose_file *compose_file_free(struct compose_file *cf);
void compose_file_freep(struct compose_file **cf);

/* The value of `key` (a dotted path: "deploy.resources.limits.memory") for a service: its own
 * or the nearest base's. *at (may be NULL) is where to report it. NULL when not set. */
const struct ydoc_node *compose_service_get(const struct compose_service *svc, const char *key,
					    struct compose_where *at);
/* A boolean as Compose reads it: true/false/yes/no/on/off in any case and any quoting
 * (Compose casts interpolated strings). 0, or -EINVAL for anything else. */
int compose_bool(const struct ydoc_node *n, bool *ret);
/* True when the node's value depends on a variable that has no value. */
bool compose_unsure(const struct ydoc_node *n);
/* Interpolates one string as Compose does ($$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e},
 * ${VAR?e}, ${VAR:+r}, ${VAR+r}) with `vars` ("NAME=value" strings, n of them). Returns 0 and
 * a malloc'd *ret (with *ret_unsure when a variable had no value), or -EINVAL with a message
 * in err_msg for malformed `${`. */
int compose_interpolate(const char *s, const char *const *vars, size_t n, char **ret,
			bool *ret_unsure, char *err_msg, size_t err_len);

#endif
