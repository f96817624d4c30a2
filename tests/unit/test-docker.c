/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for docker/: socket selection, version negotiation, error answers, bounded
 * bodies and streaming, against a small fake daemon on a unix socket in a thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "docker/docker.h"

struct fake {
	char dir[64];
	char path[100];
	int fd;
	pthread_t thread;
	const char *api; /* ApiVersion the fake daemon claims */
	char last[256];	 /* request line of the last request */
	size_t big;	 /* size of the /big answer */
};

static void answer(int c, int status, const char *type, const char *body, size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, type, len);

	/* MSG_NOSIGNAL: the client may hang up early (bounded bodies, stopped streams) */
	if (send(c, head, (size_t)n, MSG_NOSIGNAL) < 0 ||
	    (len && send(c, body, len, MSG_NOSIGNAL) < 0))
		return;
}

static void *serve(void *arg)
{
	struct fake *f = arg;

	for (;;) {
		char req[4096];
		size_t len = 0;
		int c = accept(f->fd, NULL, NULL);

		if (c < 0)
			return NULL;
		while (len < sizeof(req) - 1) {
			ssize_t n = read(c, req + len, sizeof(req) - 1 - len);
			if (n <= 0)
				break;
			len += (size_t)n;
			req[len] = '\0';
			if (strstr(req, "\r\n\r\n"))
				break;
		}
		req[len] = '\0';
		(void)snprintf(f->last, sizeof(f->last), "%.*s", (int)strcspn(req, "\r"), req);
		if (strncmp(req, "GET /version ", 12) == 0) {
			char body[128];
			int n = snprintf(body, sizeof(body),
					 "{\"ApiVersion\": \"%s\", \"Version\": \"x\"}", f->api);
			answer(c, 200, "application/json", body, (size_t)n);
		} else if (strstr(req, "/missing ")) {
			const char *b = "{\"message\": \"No such container: missing\"}";
			answer(c, 404, "application/json", b, strlen(b));
		} else if (strstr(req, "/notjson ")) {
			answer(c, 200, "text/plain", "hello", 5);
		} else if (strstr(req, "/big ")) {
			char *b = malloc(f->big);
			memset(b, 'a', f->big);
			answer(c, 200, "application/octet-stream", b, f->big);
			free(b);
		} else {
			answer(c, 200, "application/json", "{\"ok\": true}", 12);
		}
		close(c);
	}
}

static int setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	assert_non_null(f);
	(void)snprintf(f->dir, sizeof(f->dir), "/tmp/bw-dock-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	(void)snprintf(f->path, sizeof(f->path), "%s/docker.sock", f->dir);
	(void)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->fd >= 0);
	assert_int_equal(bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->fd, 8), 0);
	f->api = "1.41";
	f->big = 100000;
	assert_int_equal(pthread_create(&f->thread, NULL, serve, f), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fake *f = *state;

	shutdown(f->fd, SHUT_RDWR);
	close(f->fd);
	pthread_join(f->thread, NULL);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct dock_client *connect_fake(struct fake *f)
{
	char host[120];
	struct dock_client *c = NULL;
	struct bw_error err = {0};

	(void)snprintf(host, sizeof(host), "unix://%s", f->path);
	assert_int_equal(dock_client_new(host, &c, &err), 0);
	return c;
}

static void test_version_is_negotiated_down_to_the_daemon(void **state)
{
	struct fake *f = *state;
	struct dock_client *c = connect_fake(f);
	struct bw_error err = {0};
	json_t *j = NULL;

	assert_string_equal(dock_client_api_version(c), "1.41");
	assert_true(dock_client_api_at_least(c, "1.40"));
	assert_false(dock_client_api_at_least(c, "1.42"));
	assert_string_equal(dock_client_socket(c), f->path);
	assert_int_equal(dock_get_json(c, "/info", 0, &j, &err), 0);
	assert_true(json_is_true(json_object_get(j, "ok")));
	assert_string_equal(f->last, "GET /v1.41/info HTTP/1.1");
	json_decref(j);
	dock_client_free(c);

	f->api = "1.99"; /* newer than we ask for: we stay at our maximum */
	c = connect_fake(f);
	assert_string_equal(dock_client_api_version(c), DOCK_API_MAX);
	dock_client_free(c);
	f->api = "1.41";
}

static void test_too_old_or_unversioned_daemon_is_refused(void **state)
{
	struct fake *f = *state;
	struct dock_client *c = NULL;
	struct bw_error err = {0};
	char host[120];

	(void)snprintf(host, sizeof(host), "unix://%s", f->path);
	f->api = "1.12";
	assert_int_equal(dock_client_new(host, &c, &err), -EPROTO);
	assert_null(c);
	assert_non_null(strstr(err.msg, "1.12"));
	f->api = "banana";
	assert_int_equal(dock_client_new(host, &c, &err), -EPROTO);
	f->api = "1.41";
}

static void test_error_answers_carry_the_daemon_message(void **state)
{
	struct fake *f = *state;
	struct dock_client *c = connect_fake(f);
	struct bw_error err = {0};
	json_t *j = NULL;

	assert_int_equal(dock_get_json(c, "/containers/missing", 0, &j, &err), -ENOENT);
	assert_null(j);
	assert_non_null(strstr(err.msg, "HTTP 404: No such container: missing"));
	assert_int_equal(dock_get_json(c, "/notjson", 0, &j, &err), -EPROTO);
	assert_int_equal(dock_get_json(c, "no-slash", 0, &j, &err), -EINVAL);
	dock_client_free(c);
}

static void test_bodies_are_bounded(void **state)
{
	struct fake *f = *state;
	struct dock_client *c = connect_fake(f);
	struct bw_error err = {0};
	json_t *j = NULL;

	assert_int_equal(dock_get_json(c, "/big", 1000, &j, &err), -E2BIG);
	assert_null(j);
	dock_client_free(c);
}

struct sink {
	size_t bytes, calls;
	int stop_after;
};

static int on_chunk(const void *data, size_t len, void *userdata)
{
	struct sink *s = userdata;

	(void)data;
	s->bytes += len;
	s->calls++;
	return s->stop_after && (int)s->calls >= s->stop_after ? -ECANCELED : 0;
}

static void test_stream_delivers_every_byte_and_stops_on_request(void **state)
{
	struct fake *f = *state;
	struct dock_client *c = connect_fake(f);
	struct bw_error err = {0};
	struct sink s = {0};

	assert_int_equal(dock_get_stream(c, "/big", 0, on_chunk, &s, &err), 0);
	assert_int_equal(s.bytes, f->big);
	s = (struct sink){.stop_after = 1};
	assert_int_equal(dock_get_stream(c, "/big", 0, on_chunk, &s, &err), -ECANCELED);
	s = (struct sink){0};
	assert_int_equal(dock_get_stream(c, "/big", 5000, on_chunk, &s, &err), -E2BIG);
	assert_true(s.bytes <= 5000);
	s = (struct sink){0};
	assert_int_equal(dock_get_stream(c, "/missing", 0, on_chunk, &s, &err), -ENOENT);
	assert_int_equal(s.bytes, 0); /* an error body is not handed to the callback */
	dock_client_free(c);
}

static void test_socket_choice_and_refusals(void **state)
{
	(void)state;
	struct dock_client *c = NULL;
	struct bw_error err = {0};

	assert_int_equal(dock_client_new("tcp://127.0.0.1:2375", &c, &err), -EPROTONOSUPPORT);
	assert_int_equal(dock_client_new("unix://relative.sock", &c, &err), -EINVAL);
	assert_int_equal(dock_client_new("unix:///nonexistent/docker.sock", &c, &err), -ENOENT);
	assert_string_equal(err.path, "/nonexistent/docker.sock");
	assert_int_equal(dock_client_new("unix:///tmp", &c, &err), -ENOTSOCK);
	assert_null(c);
}

static void test_docker_host_environment_picks_the_socket(void **state)
{
	struct fake *f = *state;
	struct dock_client *c = NULL;
	struct bw_error err = {0};
	char host[120];

	(void)snprintf(host, sizeof(host), "unix://%s", f->path);
	assert_int_equal(setenv("DOCKER_HOST", host, 1), 0);
	assert_int_equal(dock_client_new(NULL, &c, &err), 0);
	assert_string_equal(dock_client_socket(c), f->path);
	dock_client_free(c);
	assert_int_equal(setenv("DOCKER_HOST", "tcp://10.0.0.1:2376", 1), 0);
	assert_int_equal(dock_client_new(NULL, &c, &err), -EPROTONOSUPPORT);
	assert_non_null(strstr(err.msg, "DOCKER_HOST"));
	assert_int_equal(unsetenv("DOCKER_HOST"), 0);
}

static void test_escape_keeps_image_references_readable(void **state)
{
	(void)state;
	char *s = dock_escape("library/nginx:1.25@sha256:ab");

	assert_string_equal(s, "library/nginx:1.25@sha256:ab");
	free(s);
	s = dock_escape("{\"label\":[\"a=b c\"]}");
	assert_string_equal(s, "%7B%22label%22:%5B%22a%3Db%20c%22%5D%7D");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_is_negotiated_down_to_the_daemon),
		cmocka_unit_test(test_too_old_or_unversioned_daemon_is_refused),
		cmocka_unit_test(test_error_answers_carry_the_daemon_message),
		cmocka_unit_test(test_bodies_are_bounded),
		cmocka_unit_test(test_stream_delivers_every_byte_and_stops_on_request),
		cmocka_unit_test(test_socket_choice_and_refusals),
		cmocka_unit_test(test_docker_host_environment_picks_the_socket),
		cmocka_unit_test(test_escape_keeps_image_references_readable),
	};
	return cmocka_run_group_tests_name("docker", tests, setup, teardown);
}
