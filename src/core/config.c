/* SPDX-License-Identifier: Apache-2.0 */
/* `.bulwark.yaml`: a flat mapping of known keys. Read with libyaml's event API; anything
 * unexpected is an error naming the line, so a typo never silently disables a setting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/config.h"
#include "core/limits.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

#define CONFIG_MAX_LIST 1024

void bw_config_release(struct bw_config *cfg)
{
	for (size_t i = 0; i < cfg->n_trusted_registries; i++)
		free(cfg->trusted_registries[i]);
	free(cfg->trusted_registries);
	free(cfg->path);
	*cfg = (struct bw_config){0};
}

static inline void yaml_parser_deletep(yaml_parser_t *p)
{
	yaml_parser_delete(p);
}

static int next_event(yaml_parser_t *p, yaml_event_t *ev, const char *path, struct bw_error *err)
{
	if (!yaml_parser_parse(p, ev))
		return bw_errorf(err, -EINVAL, path, (int)p->problem_mark.line + 1,
				 (int)p->problem_mark.column + 1, "invalid YAML: %s",
				 p->problem ? p->problem : "parse error");
	return 0;
}

static int read_string_list(yaml_parser_t *p, const char *path, const char *key, int line,
			    char ***ret_list, size_t *ret_len, struct bw_error *err)
{
	yaml_event_t ev;
	char **list = NULL;
	size_t n = 0;
	int r;

	if ((r = next_event(p, &ev, path, err)) < 0)
		return r;
	if (ev.type != YAML_SEQUENCE_START_EVENT) {
		yaml_event_delete(&ev);
		return bw_errorf(err, -EINVAL, path, line, 0, "'%s' must be a list of strings",
				 key);
	}
	yaml_event_delete(&ev);
	for (;;) {
		if ((r = next_event(p, &ev, path, err)) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type != YAML_SCALAR_EVENT || n >= CONFIG_MAX_LIST) {
			r = bw_errorf(err, -EINVAL, path, (int)ev.start_mark.line + 1,
				      (int)ev.start_mark.column + 1,
				      "'%s' must be a list of at most %d strings", key,
				      CONFIG_MAX_LIST);
			yaml_event_delete(&ev);
			goto fail;
		}
		char **nl = reallocarray(list, n + 1, sizeof(*list));
		char *s = strndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (!nl || !s) {
			free(s);
			if (nl)
				list = nl;
			r = -ENOMEM;
			goto fail;
		}
		list = nl;
		list[n++] = s;
	}
	*ret_list = list;
	*ret_len = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return r;
}

int bw_config_load(const char *path, int optional, struct bw_config *cfg, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	BW_CLEANUP(yaml_parser_deletep) yaml_parser_t parser;
	size_t len;
	yaml_event_t ev;
	int r, depth = 0;

	*cfg = (struct bw_config){0};
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	r = bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len);
	if (r == -ENOENT && optional)
		return 0;
	if (r < 0)
		return bw_errorf(err, r, path, 0, 0, "cannot read configuration: %s", strerror(-r));
	cfg->path = strdup(path);
	if (!cfg->path)
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);

	for (;;) {
		if ((r = next_event(&parser, &ev, path, err)) < 0)
			goto fail;
		yaml_event_type_t type = ev.type;
		int line = (int)ev.start_mark.line + 1;
		if (type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (type == YAML_MAPPING_START_EVENT) {
			depth++;
			yaml_event_delete(&ev);
			continue;
		}
		if (type == YAML_MAPPING_END_EVENT) {
			depth--;
			yaml_event_delete(&ev);
			continue;
		}
		if (type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&ev);
			if (type == YAML_STREAM_START_EVENT || type == YAML_DOCUMENT_START_EVENT ||
			    type == YAML_DOCUMENT_END_EVENT)
				continue;
			r = bw_errorf(err, -EINVAL, path, line, 0,
				      "expected a mapping of settings");
			goto fail;
		}
		if (depth != 1) {
			yaml_event_delete(&ev);
			r = bw_errorf(err, -EINVAL, path, line, 0,
				      "expected a mapping of settings");
			goto fail;
		}
		char key[128];
		(void)snprintf(key, sizeof(key), "%.*s", (int)ev.data.scalar.length,
			       (const char *)ev.data.scalar.value);
		yaml_event_delete(&ev);
		if (strcmp(key, "trusted_registries") == 0) {
			for (size_t i = 0; i < cfg->n_trusted_registries; i++)
				free(cfg->trusted_registries[i]);
			free(cfg->trusted_registries);
			cfg->trusted_registries = NULL;
			cfg->n_trusted_registries = 0;
			r = read_string_list(&parser, path, key, line, &cfg->trusted_registries,
					     &cfg->n_trusted_registries, err);
			if (r < 0)
				goto fail;
		} else {
			r = bw_errorf(err, -EINVAL, path, line, 0, "unknown setting '%s'", key);
			goto fail;
		}
	}
	return 0;
fail:
	bw_config_release(cfg);
	return r;
}
