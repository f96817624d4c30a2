/* SPDX-License-Identifier: Apache-2.0 */
/* The Docker Engine API client: libcurl over the daemon's unix socket, GET only, every body
 * bounded. One curl handle per client, so consecutive requests reuse one connection. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "docker/docker.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

#ifndef BW_VERSION
#define BW_VERSION "0"
#endif

struct dock_client {
	CURL *curl;
	char *socket;	  /* owned */
	char api[16];	  /* negotiated "1.41" */
	unsigned api_num; /* 1041 for "1.41" */
	json_t *version;  /* owned: GET /version */
	char errbuf[CURL_ERROR_SIZE];
};

/* What one request collects while curl runs. */
struct xfer {
	struct dock_client *c;
	long status;	     /* HTTP status, read at the first body byte */
	struct bw_buf body;  /* the JSON body (dock_get_json) */
	struct bw_buf ebody; /* the error body of a non-2xx answer */
	dock_chunk_fn fn;    /* NULL for JSON requests */
	void *userdata;
	uint64_t seen, max; /* streamed bytes, and their bound (0 = none) */
	int stop;	    /* why the write callback stopped the transfer (< 0) */
};

static int parse_api(const char *s, unsigned *ret)
{
	unsigned major = 0, minor = 0;
	int n = 0;

	if (!s || sscanf(s, "%3u.%3u%n", &major, &minor, &n) != 2 || s[n] != '\0')
		return -EINVAL;
	*ret = major * 1000 + minor;
	return 0;
}

static void curl_init_once(void)
{
	static bool done;

	if (!done) {
		(void)curl_global_init(CURL_GLOBAL_DEFAULT);
		(void)atexit(curl_global_cleanup);
		done = true;
	}
}

/* Resolves the socket path from `host`, $DOCKER_HOST, the system socket or the rootless one. */
int dock_socket_path(const char *host, char **ret_path, struct bw_error *err)
{
	const char *env = getenv("DOCKER_HOST");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	BW_CLEANUP(bw_freep) char *rootless = NULL;
	const char *from = host ? "--host" : "DOCKER_HOST";
	const char *path;
	char *dup;

	if (!host && env && *env)
		host = env;
	if (host) {
		if (!bw_str_startswith(host, "unix://"))
			return bw_errorf(err, -EPROTONOSUPPORT, "", 0, 0,
					 "%s '%s' is not a unix:// socket; bulwark talks to the "
					 "local daemon only",
					 from, host);
		path = host + strlen("unix://");
		if (*path != '/')
			return bw_errorf(err, -EINVAL, "", 0, 0,
					 "%s '%s' does not name an absolute socket path", from,
					 host);
	} else {
		path = "/var/run/docker.sock";
		if (access(path, R_OK | W_OK) < 0 && xdg && *xdg) {
			if (asprintf(&rootless, "%s/docker.sock", xdg) < 0) {
				rootless = NULL;
				return -ENOMEM;
			}
			if (access(rootless, F_OK) == 0)
				path = rootless;
		}
	}
	dup = strdup(path);
	if (!dup)
		return -ENOMEM;
	*ret_path = dup;
	return 0;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct xfer *x = userp;
	size_t n = size * nmemb;
	int r;

	if (x->status == 0)
		(void)curl_easy_getinfo(x->c->curl, CURLINFO_RESPONSE_CODE, &x->status);
	if (x->status < 200 || x->status > 299) {
		/* keep the start of an error body; the rest is dropped, not an error */
		size_t room = x->ebody.max - x->ebody.len;
		(void)bw_buf_add(&x->ebody, data, n < room ? n : room);
		return n;
	}
	if (x->fn) {
		if (x->max && (n > x->max || x->seen > x->max - n)) {
			x->stop = -E2BIG;
			return 0;
		}
		x->seen += n;
		r = x->fn(data, n, x->userdata);
		if (r < 0) {
			x->stop = r;
			return 0;
		}
		return n;
	}
	r = bw_buf_add(&x->body, data, n);
	if (r < 0) {
		x->stop = r;
		return 0;
	}
	return n;
}

/* The daemon's {"message": "..."} of an error body, or the body itself, or "". */
static void error_message(const struct bw_buf *b, char *out, size_t outlen)
{
	json_t *j = b->len ? json_loadb(b->data, b->len, 0, NULL) : NULL;
	const char *m = j ? json_string_value(json_object_get(j, "message")) : NULL;

	(void)snprintf(out, outlen, "%s", m ? m : bw_buf_str(b));
	json_decref(j);
	/* a trailing newline from a plain-text body */
	size_t len = strlen(out);
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
}

static int transport_error(struct dock_client *c, CURLcode cc, const char *path,
			   struct bw_error *err)
{
	long oserr = 0;

	if (cc == CURLE_OUT_OF_MEMORY)
		return -ENOMEM;
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return bw_errorf(err, -ETIMEDOUT, c->socket, 0, 0,
				 "docker daemon did not answer 'GET %s' in time", path);
	if (cc != CURLE_COULDNT_CONNECT)
		return bw_errorf(err, -EIO, c->socket, 0, 0, "'GET %s' failed: %s", path,
				 c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
	(void)curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &oserr);
	if (oserr == ENOENT)
		return bw_errorf(err, -ENOENT, c->socket, 0, 0,
				 "no docker daemon socket here (is dockerd running? set "
				 "DOCKER_HOST=unix:///path to choose another)");
	if (oserr == EACCES || oserr == EPERM)
		return bw_errorf(err, -EACCES, c->socket, 0, 0,
				 "permission denied on the docker socket (run as root or as a "
				 "member of the 'docker' group)");
	return bw_errorf(err, -ECONNREFUSED, c->socket, 0, 0,
			 "cannot connect to the docker daemon: %s",
			 oserr ? strerror((int)oserr) : "connection refused");
}

/* Runs one GET of `path` (versioned unless `raw`), filling x. */
static int request(struct dock_client *c, const char *path, bool raw, struct xfer *x,
		   struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *url = NULL;
	CURLcode cc;

	if (!path || path[0] != '/')
		return bw_errorf(err, -EINVAL, "", 0, 0, "docker API path '%s' must start with '/'",
				 path ? path : "");
	if (asprintf(&url, raw ? "http://docker%s" : "http://docker/v%s%s", raw ? path : c->api,
		     path) < 0) {
		url = NULL;
		return -ENOMEM;
	}
	c->errbuf[0] = '\0';
	x->c = c;
	if (curl_easy_setopt(c->curl, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, x) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, x->fn ? 0L : (long)DOCK_JSON_TIMEOUT) !=
		    CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_LIMIT, x->fn ? 1L : 0L) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_TIME, (long)DOCK_STREAM_STALL) != CURLE_OK)
		return -ENOMEM;
	cc = curl_easy_perform(c->curl);
	if (cc == CURLE_WRITE_ERROR && x->stop < 0) {
		if (x->stop == -E2BIG)
			return bw_errorf(err, -E2BIG, c->socket, 0, 0,
					 "answer to 'GET %s' is larger than %llu bytes", path,
					 x->fn ? (unsigned long long)x->max
					       : (unsigned long long)x->body.max);
		if (x->stop == -ENOMEM || x->fn)
			return x->stop;
		return bw_errorf(err, x->stop, c->socket, 0, 0, "'GET %s' failed", path);
	}
	if (cc != CURLE_OK)
		return transport_error(c, cc, path, err);
	if (x->status == 0)
		(void)curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &x->status);
	if (x->status < 200 || x->status > 299) {
		char msg[400];
		error_message(&x->ebody, msg, sizeof(msg));
		return bw_errorf(err, x->status == 404 ? -ENOENT : -EIO, c->socket, 0, 0,
				 "'GET %s' answered HTTP %ld%s%s", path, x->status,
				 msg[0] ? ": " : "", msg);
	}
	return 0;
}

static int get_json(struct dock_client *c, const char *path, bool raw, size_t max,
		    json_t **ret_json, struct bw_error *err)
{
	struct xfer x = {0};
	json_error_t jerr;
	json_t *j;
	int r;

	bw_buf_init(&x.body, max ? max : DOCK_MAX_JSON);
	bw_buf_init(&x.ebody, DOCK_MAX_ERROR_BODY);
	r = request(c, path, raw, &x, err);
	if (r == 0) {
		j = json_loadb(x.body.data ? x.body.data : "", x.body.len, JSON_DECODE_ANY, &jerr);
		if (!j)
			r = bw_errorf(err, -EPROTO, c->socket, 0, 0,
				      "answer to 'GET %s' is not JSON: %s", path, jerr.text);
		else
			*ret_json = j;
	}
	bw_buf_release(&x.body);
	bw_buf_release(&x.ebody);
	return r;
}

int dock_get_json(struct dock_client *c, const char *path, size_t max, json_t **ret_json,
		  struct bw_error *err)
{
	return get_json(c, path, false, max, ret_json, err);
}

int dock_get_stream(struct dock_client *c, const char *path, uint64_t max, dock_chunk_fn fn,
		    void *userdata, struct bw_error *err)
{
	struct xfer x = {.fn = fn, .userdata = userdata, .max = max};
	int r;

	bw_buf_init(&x.ebody, DOCK_MAX_ERROR_BODY);
	r = request(c, path, false, &x, err);
	bw_buf_release(&x.ebody);
	return r;
}

static int negotiate(struct dock_client *c, struct bw_error *err)
{
	const char *have;
	unsigned server, min, max;
	int r;

	r = get_json(c, "/version", true, 1024 * 1024, &c->version, err);
	if (r < 0)
		return r;
	have = json_string_value(json_object_get(c->version, "ApiVersion"));
	if (parse_api(have, &server) < 0)
		return bw_errorf(err, -EPROTO, c->socket, 0, 0,
				 "the daemon on this socket does not say its API version (is it "
				 "a docker daemon?)");
	(void)parse_api(DOCK_API_MIN, &min);
	(void)parse_api(DOCK_API_MAX, &max);
	if (server < min)
		return bw_errorf(err, -EPROTO, c->socket, 0, 0,
				 "docker API version %s is older than %s, the oldest bulwark "
				 "reads",
				 have, DOCK_API_MIN);
	c->api_num = server < max ? server : max;
	(void)snprintf(c->api, sizeof(c->api), "%u.%u", c->api_num / 1000, c->api_num % 1000);
	return 0;
}

int dock_client_new(const char *host, struct dock_client **ret_client, struct bw_error *err)
{
	BW_CLEANUP(dock_client_freep) struct dock_client *c = NULL;
	struct stat st;
	int r;

	curl_init_once();
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	r = dock_socket_path(host, &c->socket, err);
	if (r < 0)
		return r;
	if (stat(c->socket, &st) < 0) {
		r = -errno;
		if (r == -ENOENT)
			return bw_errorf(err, r, c->socket, 0, 0,
					 "no docker daemon socket here (is dockerd running? set "
					 "DOCKER_HOST=unix:///path to choose another)");
		return bw_errorf(err, r, c->socket, 0, 0, "cannot reach the docker socket: %s",
				 strerror(-r));
	}
	if (!S_ISSOCK(st.st_mode))
		return bw_errorf(err, -ENOTSOCK, c->socket, 0, 0, "not a unix socket");
	c->curl = curl_easy_init();
	if (!c->curl)
		return -ENOMEM;
	if (curl_easy_setopt(c->curl, CURLOPT_UNIX_SOCKET_PATH, c->socket) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http") != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_NOPROXY, "*") != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, (long)DOCK_CONNECT_TIMEOUT) !=
		    CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "bulwark/" BW_VERSION) != CURLE_OK ||
	    curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf) != CURLE_OK)
		return -ENOMEM;
	r = negotiate(c, err);
	if (r < 0)
		return r;
	*ret_client = BW_TAKE(c);
	return 0;
}

struct dock_client *dock_client_free(struct dock_client *c)
{
	if (!c)
		return NULL;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	json_decref(c->version);
	free(c->socket);
	free(c);
	return NULL;
}

const char *dock_client_socket(const struct dock_client *c)
{
	return c->socket;
}

const char *dock_client_api_version(const struct dock_client *c)
{
	return c->api;
}

const json_t *dock_client_version(const struct dock_client *c)
{
	return c->version;
}

bool dock_client_api_at_least(const struct dock_client *c, const char *version)
{
	unsigned v;

	return parse_api(version, &v) == 0 && c->api_num >= v;
}

char *dock_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out, *p;

	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	p = out;
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		    (*q >= '0' && *q <= '9') || strchr("-._~:/@", *q)) {
			*p++ = (char)*q;
		} else {
			*p++ = '%';
			*p++ = hex[*q >> 4];
			*p++ = hex[*q & 15];
		}
	}
	*p = '\0';
	return out;
}
