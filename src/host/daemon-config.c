/* SPDX-License-Identifier: Apache-2.0 */
/* The daemon's effective configuration: daemon.json overlaid with the dockerd command line,
 * parsed the way dockerd's flag library reads it. Pure: callers read the files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host/host-internal.h"
#include "util/str.h"
#include "util/banned.h"

enum flag_kind {
	FLAG_STRING, /* --name VALUE or --name=VALUE */
	FLAG_BOOL,   /* --name or --name=BOOL; never takes the next word */
	FLAG_LIST,   /* repeatable: collected into an array */
};

struct flag_def {
	const char *name; /* long name without dashes */
	char short_name;  /* 0 when none */
	const char *key;  /* the daemon.json key it sets */
	enum flag_kind kind;
};

/* dockerd flags whose daemon.json key differs from their name, or that are not strings;
 * any other --name[=value] is kept as a string under its own name. */
static const struct flag_def flags[] = {
	{.name = "add-runtime", .key = "runtimes", .kind = FLAG_LIST},
	{.name = "allow-nondistributable-artifacts",
	 .key = "allow-nondistributable-artifacts",
	 .kind = FLAG_LIST},
	{.name = "authorization-plugin", .key = "authorization-plugins", .kind = FLAG_LIST},
	{.name = "bridge", .short_name = 'b', .key = "bridge", .kind = FLAG_STRING},
	{.name = "cdi-spec-dir", .key = "cdi-spec-dirs", .kind = FLAG_LIST},
	{.name = "debug", .short_name = 'D', .key = "debug", .kind = FLAG_BOOL},
	{.name = "default-address-pool", .key = "default-address-pools", .kind = FLAG_LIST},
	{.name = "default-ulimit", .key = "default-ulimits", .kind = FLAG_LIST},
	{.name = "dns", .key = "dns", .kind = FLAG_LIST},
	{.name = "dns-opt", .key = "dns-opts", .kind = FLAG_LIST},
	{.name = "dns-search", .key = "dns-search", .kind = FLAG_LIST},
	{.name = "exec-opt", .key = "exec-opts", .kind = FLAG_LIST},
	{.name = "experimental", .key = "experimental", .kind = FLAG_BOOL},
	{.name = "feature", .key = "features", .kind = FLAG_LIST},
	{.name = "graph", .short_name = 'g', .key = "data-root", .kind = FLAG_STRING},
	{.name = "group", .short_name = 'G', .key = "group", .kind = FLAG_STRING},
	{.name = "help", .short_name = 'h', .key = "help", .kind = FLAG_BOOL},
	{.name = "host", .short_name = 'H', .key = "hosts", .kind = FLAG_LIST},
	{.name = "icc", .key = "icc", .kind = FLAG_BOOL},
	{.name = "init", .key = "init", .kind = FLAG_BOOL},
	{.name = "insecure-registry", .key = "insecure-registries", .kind = FLAG_LIST},
	{.name = "ip-forward", .key = "ip-forward", .kind = FLAG_BOOL},
	{.name = "ip-forward-no-drop", .key = "ip-forward-no-drop", .kind = FLAG_BOOL},
	{.name = "ip-masq", .key = "ip-masq", .kind = FLAG_BOOL},
	{.name = "ip6tables", .key = "ip6tables", .kind = FLAG_BOOL},
	{.name = "iptables", .key = "iptables", .kind = FLAG_BOOL},
	{.name = "ipv6", .key = "ipv6", .kind = FLAG_BOOL},
	{.name = "label", .key = "labels", .kind = FLAG_LIST},
	{.name = "live-restore", .key = "live-restore", .kind = FLAG_BOOL},
	{.name = "log-level", .short_name = 'l', .key = "log-level", .kind = FLAG_STRING},
	{.name = "log-opt", .key = "log-opts", .kind = FLAG_LIST},
	{.name = "no-new-privileges", .key = "no-new-privileges", .kind = FLAG_BOOL},
	{.name = "node-generic-resource", .key = "node-generic-resources", .kind = FLAG_LIST},
	{.name = "pidfile", .short_name = 'p', .key = "pidfile", .kind = FLAG_STRING},
	{.name = "raw-logs", .key = "raw-logs", .kind = FLAG_BOOL},
	{.name = "registry-mirror", .key = "registry-mirrors", .kind = FLAG_LIST},
	{.name = "rootless", .key = "rootless", .kind = FLAG_BOOL},
	{.name = "selinux-enabled", .key = "selinux-enabled", .kind = FLAG_BOOL},
	{.name = "storage-driver", .short_name = 's', .key = "storage-driver", .kind = FLAG_STRING},
	{.name = "storage-opt", .key = "storage-opts", .kind = FLAG_LIST},
	{.name = "tls", .key = "tls", .kind = FLAG_BOOL},
	{.name = "tlsverify", .key = "tlsverify", .kind = FLAG_BOOL},
	{.name = "userland-proxy", .key = "userland-proxy", .kind = FLAG_BOOL},
	{.name = "validate", .key = "validate", .kind = FLAG_BOOL},
	{.name = "version", .short_name = 'v', .key = "version", .kind = FLAG_BOOL},
};

static const struct flag_def *flag_long(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strlen(flags[i].name) == len && memcmp(flags[i].name, name, len) == 0)
			return &flags[i];
	return NULL;
}

static const struct flag_def *flag_short(char c)
{
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (flags[i].short_name == c)
			return &flags[i];
	return NULL;
}

/* Go's strconv.ParseBool: 0 false, 1 true, -1 not a boolean. */
static int parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(s, yes[i]) == 0)
			return 1;
		if (strcmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Records one flag with its value (NULL for a bare boolean flag). */
static int set_flag(json_t *obj, const struct flag_def *def, const char *key, const char *value)
{
	json_t *v;

	if (def && def->kind == FLAG_BOOL) {
		int b = value ? parse_bool(value) : 1;
		v = b < 0 ? json_string(value) : json_boolean(b);
	} else {
		v = json_string(value ? value : "");
	}
	if (!v)
		return -ENOMEM;
	if (def && def->kind == FLAG_LIST) {
		json_t *arr = json_object_get(obj, key);
		if (!json_is_array(arr)) {
			arr = json_array();
			if (!arr || json_object_set_new(obj, key, arr) < 0) {
				json_decref(v);
				return -ENOMEM;
			}
		}
		return json_array_append_new(arr, v) < 0 ? -ENOMEM : 0;
	}
	return json_object_set_new(obj, key, v) < 0 ? -ENOMEM : 0;
}

int host_daemon_parse_cmdline(struct host_daemon *d, const char *buf, size_t len)
{
	const char *argv[4096];
	size_t argc = 0;
	json_t *obj = json_object();
	char key[256];
	int r = 0;

	if (!obj)
		return -ENOMEM;
	/* Split at NULs; a missing final NUL still ends the last word. */
	for (size_t i = 0; i < len && argc < sizeof(argv) / sizeof(argv[0]);) {
		size_t n = strnlen(buf + i, len - i);
		if (i + n >= len)
			break; /* unterminated last word: cannot be used in place */
		argv[argc++] = buf + i;
		i += n + 1;
	}
	for (size_t i = 1; i < argc && r == 0; i++) {
		const char *a = argv[i];
		const struct flag_def *def;
		const char *value = NULL;

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue; /* dockerd takes no positional arguments */
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t nlen = eq ? (size_t)(eq - name) : strlen(name);

			if (nlen == 0 || nlen >= sizeof(key))
				continue;
			def = flag_long(name, nlen);
			memcpy(key, name, nlen);
			key[nlen] = '\0';
			if (eq)
				value = eq + 1;
			else if ((!def || def->kind != FLAG_BOOL) && i + 1 < argc &&
				 argv[i + 1][0] != '-')
				value = argv[++i];
			else if (def && def->kind != FLAG_BOOL)
				continue; /* a value flag without a value: dockerd would refuse */
			r = set_flag(obj, def, def ? def->key : key, value);
			continue;
		}
		/* Short flags: -D, -Hunix://..., -H=..., -H unix://..., -Dl debug. */
		for (const char *p = a + 1; *p && r == 0; p++) {
			def = flag_short(*p);
			if (!def)
				break;
			if (def->kind == FLAG_BOOL) {
				r = set_flag(obj, def, def->key, NULL);
				continue;
			}
			if (p[1] == '=')
				value = p + 2;
			else if (p[1])
				value = p + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				break;
			r = set_flag(obj, def, def->key, value);
			break;
		}
	}
	if (r < 0) {
		json_decref(obj);
		return r;
	}
	json_decref(d->flags);
	d->flags = obj;
	return 0;
}

int host_daemon_parse_json(struct host_daemon *d, const char *path, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *j = json_loadb(text, len, 0, &jerr);
	char *p = strdup(path);

	if (!p) {
		json_decref(j);
		return -ENOMEM;
	}
	free(d->json_path);
	d->json_path = p;
	d->json_exists = true;
	free(d->json_error);
	d->json_error = NULL;
	json_decref(d->file);
	d->file = NULL;
	if (j && json_is_object(j)) {
		d->file = j;
		return 0;
	}
	if (j) {
		json_decref(j);
		d->json_error = strdup("the top level is not a JSON object");
	} else if (asprintf(&d->json_error, "line %d: %s", jerr.line, jerr.text) < 0) {
		d->json_error = NULL;
	}
	if (!d->json_error)
		return -ENOMEM;
	d->file = json_object();
	return d->file ? 0 : -ENOMEM;
}

int host_daemon_merge(struct host_daemon *d)
{
	json_t *m = d->file ? json_deep_copy(d->file) : json_object();
	const char *key;
	json_t *v;

	if (!m)
		return -ENOMEM;
	json_object_foreach(d->flags, key, v)
	{
		if (json_object_set(m, key, v) < 0) {
			json_decref(m);
			return -ENOMEM;
		}
	}
	json_decref(d->merged);
	d->merged = m;
	return 0;
}

void host_daemon_release(struct host_daemon *d)
{
	free(d->cmdline_path);
	free(d->exe);
	free(d->json_path);
	free(d->json_error);
	json_decref(d->file);
	json_decref(d->flags);
	json_decref(d->merged);
	*d = (struct host_daemon){0};
}

const json_t *host_daemon_get(const struct host_daemon *d, const char *key)
{
	return d->merged ? json_object_get(d->merged, key) : NULL;
}

bool host_daemon_bool(const struct host_daemon *d, const char *key, bool dflt)
{
	const json_t *v = host_daemon_get(d, key);
	int b;

	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_string(v) && (b = parse_bool(json_string_value(v))) >= 0)
		return b == 1;
	return dflt;
}

const char *host_daemon_string(const struct host_daemon *d, const char *key)
{
	return json_string_value(host_daemon_get(d, key));
}

const char *host_daemon_where(const struct host_daemon *d, const char *key)
{
	if (d->flags && json_object_get(d->flags, key))
		return d->cmdline_path ? d->cmdline_path : "dockerd command line";
	if (d->file && json_object_get(d->file, key))
		return d->json_path;
	return NULL;
}
