/* SPDX-License-Identifier: Apache-2.0 */
/* The image config JSON (OCI image-spec config.md, Docker's superset): user, env, ports,
 * healthcheck, history and rootfs diff ids. Unknown keys are ignored; wrong types are errors. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/banned.h"

static int dup_str(json_t *o, const char *key, char **ret)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -EINVAL;
	*ret = strdup(json_string_value(v));
	return *ret ? 0 : -ENOMEM;
}

/* An array of strings (or null) to a malloc'd vector. */
static int dup_strv(json_t *a, char ***ret, size_t *ret_n)
{
	size_t n, i;
	json_t *v;

	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -EINVAL;
	n = json_array_size(a);
	*ret = calloc(n ? n : 1, sizeof(char *));
	if (!*ret)
		return -ENOMEM;
	json_array_foreach(a, i, v)
	{
		if (!json_is_string(v))
			return -EINVAL;
		if (!((*ret)[i] = strdup(json_string_value(v))))
			return -ENOMEM;
		*ret_n = i + 1;
	}
	return 0;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* RFC 3339 to seconds; 0 when it does not parse. */
static int64_t rfc3339_seconds(const char *s)
{
	struct tm tm = {0};
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	int64_t t, off = 0;

	if (!p)
		return 0;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if ((*p == '+' || *p == '-') && strlen(p) >= 6) {
		int hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = (p[4] - '0') * 10 + (p[5] - '0');
		off = (int64_t)(hh * 3600 + mm * 60) * (*p == '+' ? 1 : -1);
	}
	t = (int64_t)timegm(&tm);
	return t - off;
}

void img_config_release(struct img_config *c)
{
	free(c->architecture);
	free(c->os);
	free(c->variant);
	free(c->created);
	free(c->user);
	strv_free(c->env, c->n_env);
	strv_free(c->exposed_ports, c->n_exposed_ports);
	strv_free(c->diff_ids, c->n_diff_ids);
	for (size_t i = 0; i < c->n_history; i++) {
		free(c->history[i].created);
		free(c->history[i].created_by);
		free(c->history[i].comment);
	}
	free(c->history);
	*c = (struct img_config){0};
}

static int config_fill(json_t *root, struct img_config *c)
{
	json_t *cfg = json_object_get(root, "config"), *v, *h;
	int r;

	if (!json_is_object(root))
		return -EINVAL;
	if ((r = dup_str(root, "architecture", &c->architecture)) < 0 ||
	    (r = dup_str(root, "os", &c->os)) < 0 ||
	    (r = dup_str(root, "variant", &c->variant)) < 0 ||
	    (r = dup_str(root, "created", &c->created)) < 0)
		return r;
	if (c->created)
		c->created_unix = rfc3339_seconds(c->created);
	if (cfg && json_is_object(cfg)) {
		if ((r = dup_str(cfg, "User", &c->user)) < 0 ||
		    (r = dup_strv(json_object_get(cfg, "Env"), &c->env, &c->n_env)) < 0)
			return r;
		v = json_object_get(cfg, "ExposedPorts");
		if (v && json_is_object(v) && json_object_size(v)) {
			const char *k;
			json_t *ignored;
			c->exposed_ports = calloc(json_object_size(v), sizeof(char *));
			if (!c->exposed_ports)
				return -ENOMEM;
			json_object_foreach(v, k, ignored)
			{
				if (!(c->exposed_ports[c->n_exposed_ports] = strdup(k)))
					return -ENOMEM;
				c->n_exposed_ports++;
			}
		}
		h = json_object_get(cfg, "Healthcheck");
		v = h ? json_object_get(h, "Test") : NULL;
		if (v && json_is_array(v) && json_array_size(v) > 0) {
			const char *t0 = json_string_value(json_array_get(v, 0));
			if (t0 && strcmp(t0, "NONE") == 0)
				c->healthcheck_none = true;
			else
				c->healthcheck = true;
		}
	}
	v = json_object_get(json_object_get(root, "rootfs"), "diff_ids");
	if ((r = dup_strv(v, &c->diff_ids, &c->n_diff_ids)) < 0)
		return r;
	if (c->n_diff_ids > BW_MAX_IMG_LAYERS)
		return -E2BIG;
	v = json_object_get(root, "history");
	if (v && json_is_array(v) && json_array_size(v)) {
		size_t i, n = json_array_size(v);
		int layer = 0;
		json_t *e;
		if (n > 100000)
			return -E2BIG;
		c->history = calloc(n, sizeof(*c->history));
		if (!c->history)
			return -ENOMEM;
		json_array_foreach(v, i, e)
		{
			struct img_history *hi = &c->history[i];
			c->n_history = i + 1;
			if (!json_is_object(e))
				return -EINVAL;
			if ((r = dup_str(e, "created", &hi->created)) < 0 ||
			    (r = dup_str(e, "created_by", &hi->created_by)) < 0 ||
			    (r = dup_str(e, "comment", &hi->comment)) < 0)
				return r;
			hi->empty_layer = json_is_true(json_object_get(e, "empty_layer"));
			hi->layer = hi->empty_layer ? -1 : layer++;
		}
	}
	return 0;
}

int img_config_parse(const char *data, size_t len, struct img_config *c, struct bw_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	int r;

	if (!root)
		return bw_errorf(err, -EINVAL, "image config", je.line, je.column,
				 "image config is not JSON: %s", je.text);
	r = config_fill(root, c);
	json_decref(root);
	if (r < 0) {
		img_config_release(c);
		if (r == -EINVAL)
			return bw_errorf(err, r, "image config", 0, 0,
					 "image config has a field of the wrong type");
		if (r == -E2BIG)
			return bw_errorf(err, r, "image config", 0, 0,
					 "image config lists more than %u layers",
					 BW_MAX_IMG_LAYERS);
	}
	return r;
}

void img_platform_default(char *os, size_t oslen, char *arch, size_t archlen, char *variant,
			  size_t varlen)
{
	static const struct {
		const char *machine, *arch, *variant;
	} map[] = {
		{"x86_64", "amd64", ""},    {"aarch64", "arm64", "v8"}, {"armv7l", "arm", "v7"},
		{"armv6l", "arm", "v6"},    {"i686", "386", ""},	{"i386", "386", ""},
		{"ppc64le", "ppc64le", ""}, {"s390x", "s390x", ""},	{"riscv64", "riscv64", ""},
		{"mips64", "mips64le", ""},
	};
	struct utsname u;
	const char *a = "amd64", *v = "";

	if (uname(&u) == 0) {
		a = u.machine;
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(u.machine, map[i].machine) == 0) {
				a = map[i].arch;
				v = map[i].variant;
			}
	}
	(void)snprintf(os, oslen, "linux");
	(void)snprintf(arch, archlen, "%s", a);
	(void)snprintf(variant, varlen, "%s", v);
}
