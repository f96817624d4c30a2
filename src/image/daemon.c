/* SPDX-License-Identifier: Apache-2.0 */
/* An image from the local Docker daemon: GET /images/{name}/get over the Engine API unix
 * socket, pulled block by block through curl's multi interface, so the docker-save stream
 * goes straight into the archive reader and is never saved to a file. */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image-internal.h"
#include "util/buf.h"
#include "util/banned.h"

#define DEFAULT_SOCKET "/var/run/docker.sock"
/* Bytes curl may deliver ahead of the reader before it is paused. */
#define DAEMON_MAX_BUFFERED (4u * 1024u * 1024u)

struct img_daemon {
	CURL *easy;
	CURLM *multi;
	char *buf; /* received, not yet handed out */
	size_t len, cap;
	bool paused, done;
	CURLcode result;
	long status;
	struct bw_buf errbody; /* body of a non-200 answer */
	char errbuf[CURL_ERROR_SIZE];
	char *name;
	char *socket;
};

static size_t write_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct img_daemon *d = arg;
	size_t n = size * nmemb;

	if (d->status == 0)
		(void)curl_easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &d->status);
	if (d->status != 200) {
		(void)bw_buf_add(&d->errbody, p, n < 4096 ? n : 4096);
		return n;
	}
	if (d->len + n > DAEMON_MAX_BUFFERED && d->len > 0) {
		d->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}
	if (d->len + n > d->cap) {
		size_t nc = d->cap ? d->cap : 256 * 1024;
		while (nc < d->len + n)
			nc *= 2;
		char *nb = realloc(d->buf, nc);
		if (!nb)
			return 0; /* curl fails the transfer with CURLE_WRITE_ERROR */
		d->buf = nb;
		d->cap = nc;
	}
	memcpy(d->buf + d->len, p, n);
	d->len += n;
	return n;
}

static void check_done(struct img_daemon *d)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(d->multi, &left)))
		if (m->msg == CURLMSG_DONE) {
			d->done = true;
			d->result = m->data.result;
		}
}

static int answer_error(struct img_daemon *d, struct bw_error *err)
{
	json_error_t je;
	json_t *j = json_loadb(d->errbody.data ? d->errbody.data : "", d->errbody.len, 0, &je);
	const char *msg = j ? json_string_value(json_object_get(j, "message")) : NULL;
	int code = d->status == 404 ? -ENOENT : -EIO;
	char m[400];

	(void)snprintf(m, sizeof(m), "%s", msg ? msg : bw_buf_str(&d->errbody));
	json_decref(j);
	if (d->status == 404)
		return bw_errorf(
			err, code, NULL, 0, 0,
			"no file or folder '%s', and the Docker daemon has no such image: %s",
			d->name, m);
	return bw_errorf(err, code, NULL, 0, 0,
			 "the Docker daemon refused to export image '%s' (HTTP %ld): %s", d->name,
			 d->status, m);
}

static ssize_t daemon_read(void *arg, const void **buf, struct bw_error *err)
{
	struct img_daemon *d = arg;
	int running;

	d->len = 0; /* the previous block was consumed */
	if (d->paused) {
		d->paused = false;
		(void)curl_easy_pause(d->easy, CURLPAUSE_CONT);
	}
	while (d->len == 0 && !d->done) {
		CURLMcode mc = curl_multi_perform(d->multi, &running);
		if (mc != CURLM_OK)
			return bw_errorf(err, -EIO, NULL, 0, 0, "docker API transfer failed: %s",
					 curl_multi_strerror(mc));
		check_done(d);
		if (d->len || d->done)
			break;
		(void)curl_multi_poll(d->multi, NULL, 0, 1000, NULL);
	}
	if (d->done && d->len == 0) {
		if (d->result != CURLE_OK) {
			if (d->result == CURLE_COULDNT_CONNECT)
				return bw_errorf(err, -ECONNREFUSED, NULL, 0, 0,
						 "no file or folder '%s', and no Docker daemon "
						 "answers on '%s' to look the image up: %s",
						 d->name, d->socket,
						 d->errbuf[0] ? d->errbuf
							      : curl_easy_strerror(d->result));
			return bw_errorf(err, -EIO, NULL, 0, 0,
					 "reading image '%s' from the Docker daemon failed: %s",
					 d->name,
					 d->errbuf[0] ? d->errbuf : curl_easy_strerror(d->result));
		}
		if (d->status != 200)
			return answer_error(d, err);
		return 0;
	}
	if (d->status != 200) { /* error bodies are collected, not handed out */
		while (!d->done) {
			if (curl_multi_perform(d->multi, &running) != CURLM_OK)
				break;
			check_done(d);
			if (!d->done)
				(void)curl_multi_poll(d->multi, NULL, 0, 1000, NULL);
		}
		return answer_error(d, err);
	}
	*buf = d->buf;
	return (ssize_t)d->len;
}

static bool ref_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '@';
}

int img_daemon_open(const char *name, const char *docker_host, struct img_daemon **ret,
		    struct img_stream *ret_stream, struct bw_error *err)
{
	struct img_daemon *d;
	const char *host = docker_host ? docker_host : getenv("DOCKER_HOST");
	char *url = NULL;

	if (!*name || strlen(name) > 512)
		return bw_errorf(err, -EINVAL, NULL, 0, 0, "'%.100s' is not an image reference",
				 name);
	for (const char *p = name; *p; p++)
		if (!ref_char_ok(*p))
			return bw_errorf(err, -ENOENT, NULL, 0, 0,
					 "no file or folder '%.200s', and it is not an image "
					 "reference either",
					 name);
	if (host && *host && strncmp(host, "unix://", 7) != 0)
		return bw_errorf(err, -ENOTSUP, NULL, 0, 0,
				 "DOCKER_HOST '%s' is not a unix socket; bulwark reads images from "
				 "a local daemon only (unix:///path)",
				 host);
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	bw_buf_init(&d->errbody, 8192);
	d->name = strdup(name);
	d->socket = strdup(host && *host ? host + 7 : DEFAULT_SOCKET);
	d->easy = curl_easy_init();
	d->multi = curl_multi_init();
	if (!d->name || !d->socket || !d->easy || !d->multi ||
	    asprintf(&url, "http://localhost/images/%s/get", name) < 0) {
		img_daemon_close(d);
		return -ENOMEM;
	}
	(void)curl_easy_setopt(d->easy, CURLOPT_URL, url);
	(void)curl_easy_setopt(d->easy, CURLOPT_UNIX_SOCKET_PATH, d->socket);
	(void)curl_easy_setopt(d->easy, CURLOPT_WRITEFUNCTION, write_cb);
	(void)curl_easy_setopt(d->easy, CURLOPT_WRITEDATA, d);
	(void)curl_easy_setopt(d->easy, CURLOPT_ERRORBUFFER, d->errbuf);
	(void)curl_easy_setopt(d->easy, CURLOPT_BUFFERSIZE, 256L * 1024L);
	(void)curl_easy_setopt(d->easy, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(d->easy, CURLOPT_CONNECTTIMEOUT, 10L);
	(void)curl_easy_setopt(d->easy, CURLOPT_USERAGENT, "bulwark/" BW_VERSION);
	free(url);
	if (curl_multi_add_handle(d->multi, d->easy) != CURLM_OK) {
		img_daemon_close(d);
		return -ENOMEM;
	}
	*ret_stream = (struct img_stream){.read = daemon_read, .arg = d, .name = d->name};
	*ret = d;
	return 0;
}

void img_daemon_close(struct img_daemon *d)
{
	if (!d)
		return;
	if (d->multi && d->easy)
		(void)curl_multi_remove_handle(d->multi, d->easy);
	if (d->easy)
		curl_easy_cleanup(d->easy);
	if (d->multi)
		(void)curl_multi_cleanup(d->multi);
	bw_buf_release(&d->errbody);
	free(d->buf);
	free(d->name);
	free(d->socket);
	free(d);
}
