/* SPDX-License-Identifier: Apache-2.0 */
/* A small, read-only Docker Engine API client: GET requests over the daemon's unix socket
 * (libcurl), answers parsed to JSON (jansson) or streamed to a callback. It never sends
 * anything but GET and never talks TCP: DOCKER_HOST=tcp://... is refused. */
#ifndef BW_DOCKER_DOCKER_H
#define BW_DOCKER_DOCKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"

/* Largest JSON answer we parse: `GET /containers/json` for ~10,000 containers is ~30 MiB. */
#define DOCK_MAX_JSON (64u * 1024u * 1024u)
/* Largest error body we keep from a failed request (the daemon sends {"message": "..."}). */
#define DOCK_MAX_ERROR_BODY (16u * 1024u)
/* Oldest API version we accept (Docker 1.12, 2016); older daemons lack fields we read. */
#define DOCK_API_MIN "1.24"
/* Newest API version we ask for; the daemon's own version is used when it is older. */
#define DOCK_API_MAX "1.45"
/* Seconds allowed to connect, and for a whole JSON request. */
#define DOCK_CONNECT_TIMEOUT 10
#define DOCK_JSON_TIMEOUT 60
/* A stream is abandoned when it moves less than 1 byte per second for this long. */
#define DOCK_STREAM_STALL 120

struct dock_client; /* opaque: one curl handle, one socket, the negotiated version */

/* Receives each chunk of a streamed body, in order. Returns 0 to go on, or a negative errno
 * to stop; dock_get_stream then returns that value (and leaves err untouched). */
typedef int (*dock_chunk_fn)(const void *data, size_t len, void *userdata);

/* Finds the daemon's socket, connects and negotiates the API version with `GET /version`.
 * `host` is "unix:///path" or NULL; NULL means $DOCKER_HOST when set, else
 * /var/run/docker.sock when it exists and we may use it, else the rootless daemon's
 * $XDG_RUNTIME_DIR/docker.sock. 0, or -ENOENT (no socket), -EACCES, -ECONNREFUSED,
 * -EPROTONOSUPPORT (not a unix:// host), -EPROTO (not a Docker daemon, or too old),
 * -ENOMEM; err says which socket and why. *ret_client is written only on success. */
int dock_client_new(const char *host, struct dock_client **ret_client, struct bw_error *err);
/* The socket path dock_client_new would use for `host` (same rules), malloc'd into
 * *ret_path; for other clients of the same daemon (a streaming reader with its own curl
 * handle). 0, -EPROTONOSUPPORT, -EINVAL or -ENOMEM; the socket need not exist. */
int dock_socket_path(const char *host, char **ret_path, struct bw_error *err);
/* Frees the client; accepts NULL; returns NULL. */
struct dock_client *dock_client_free(struct dock_client *c);
static inline void dock_client_freep(struct dock_client **c)
{
	dock_client_free(*c);
}

/* The socket path in use ("/var/run/docker.sock"); owned by the client. */
const char *dock_client_socket(const struct dock_client *c);
/* The negotiated API version ("1.41"); owned by the client. */
const char *dock_client_api_version(const struct dock_client *c);
/* The daemon's `GET /version` answer, fetched by dock_client_new; borrowed. */
const json_t *dock_client_version(const struct dock_client *c);
/* True when the negotiated API version is at least "MAJOR.MINOR" (e.g. "1.44"). */
bool dock_client_api_at_least(const struct dock_client *c, const char *version);

/* GET /vX.Y`path` (path starts with '/', may carry a query string already escaped with
 * dock_escape) and parses the body, at most `max` bytes (0 = DOCK_MAX_JSON). On success
 * *ret_json is a new reference the caller must json_decref. Errors: -ENOENT for HTTP 404
 * (err carries the daemon's message), -EIO for other HTTP errors, -E2BIG past `max`,
 * -EPROTO for a body that is not JSON, transport errors as in dock_client_new. */
int dock_get_json(struct dock_client *c, const char *path, size_t max, json_t **ret_json,
		  struct bw_error *err);
/* GET /vX.Y`path` and hands the body to `fn` chunk by chunk as it arrives (for
 * `GET /images/{name}/get`, which is a tar stream). `max` bounds the whole body in bytes
 * (0 = no bound); past it the transfer stops with -E2BIG. A non-2xx answer is not passed to
 * `fn`: it fails as in dock_get_json. Returns 0, the callback's negative value, or an error. */
int dock_get_stream(struct dock_client *c, const char *path, uint64_t max, dock_chunk_fn fn,
		    void *userdata, struct bw_error *err);

/* Percent-encodes `s` for a URL path segment or query value: everything but letters, digits,
 * "-._~" and ":/@" becomes %XX (so "sha256:..." and "library/nginx:1.25" stay readable).
 * Returns a malloc'd string, or NULL on OOM. */
char *dock_escape(const char *s);

#endif
