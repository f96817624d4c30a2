/* SPDX-License-Identifier: Apache-2.0 */
/* Image reference split and trusted-registry matching (DF-004, CMP-031, K8S-026). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lint/registry.h"
#include "util/cleanup.h"
#include "util/banned.h"

/* Names Docker Hub answers to besides "docker.io". */
static const char *const hub_aliases[] = {
	"index.docker.io",
	"registry-1.docker.io",
	"registry.hub.docker.com",
};

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Rewrites a Docker Hub alias in host (lower case) to "docker.io". */
static void hub_normalise(char *host, size_t len)
{
	for (size_t i = 0; i < BW_ARRAY_SIZE(hub_aliases); i++)
		if (strcmp(host, hub_aliases[i]) == 0)
			(void)snprintf(host, len, "docker.io");
}

int registry_ref_parse(const char *ref, struct registry_ref *ret)
{
	char name[REGISTRY_MAX_REF];
	const char *at = strchr(ref, '@');
	size_t n = at ? (size_t)(at - ref) : strlen(ref);
	char *slash, *colon, *repo = name;
	struct registry_ref r = {0};
	size_t hl;

	if (n == 0 || n >= sizeof(name))
		return -EINVAL;
	memcpy(name, ref, n);
	name[n] = '\0';
	if (at && snprintf(r.digest, sizeof(r.digest), "%s", at + 1) >= (int)sizeof(r.digest))
		return -EINVAL;
	slash = strrchr(name, '/');
	colon = strrchr(name, ':');
	if (name[0] == '/' || strstr(name, "//") || name[n - 1] == '/')
		return -EINVAL;
	if (colon && (!slash || colon > slash)) {
		if (!colon[1])
			return -EINVAL; /* "image:" from a tag variable that expanded to nothing */
		if (snprintf(r.tag, sizeof(r.tag), "%s", colon + 1) >= (int)sizeof(r.tag))
			return -EINVAL;
		*colon = '\0';
	}
	slash = strchr(name, '/');
	hl = slash ? (size_t)(slash - name) : 0;
	if (slash && (memchr(name, '.', hl) || memchr(name, ':', hl) ||
		      (hl == 9 && strncmp(name, "localhost", 9) == 0))) {
		if (hl >= sizeof(r.registry))
			return -EINVAL;
		memcpy(r.registry, name, hl);
		r.registry[hl] = '\0';
		lower(r.registry);
		hub_normalise(r.registry, sizeof(r.registry));
		r.host_given = true;
		repo = slash + 1;
	} else {
		(void)snprintf(r.registry, sizeof(r.registry), "docker.io");
	}
	if (!*repo)
		return -EINVAL;
	/* Docker Hub's official images live under library/: "nginx" is docker.io/library/nginx. */
	if (snprintf(r.repo, sizeof(r.repo), "%s%s",
		     strcmp(r.registry, "docker.io") == 0 && !strchr(repo, '/') ? "library/" : "",
		     repo) >= (int)sizeof(r.repo))
		return -EINVAL;
	*ret = r;
	return 0;
}

/* "*.example.com": a strict subdomain of example.com ("reg.example.com", not "example.com";
 * a port must be written in the entry, as for plain hosts). */
static bool wildcard_matches(const char *pattern, const char *registry)
{
	size_t rl = strlen(registry), pl = strlen(pattern + 1);

	return rl > pl && strcasecmp(registry + rl - pl, pattern + 1) == 0;
}

/* "host/path" or, without a host, a Docker Hub repository prefix ("library", "acme/tools"). */
static bool prefix_matches(const char *pattern, const struct registry_ref *r)
{
	char full[REGISTRY_MAX_REF + 260];
	struct registry_ref pr;
	size_t pl = strlen(pattern);

	while (pl > 0 && pattern[pl - 1] == '/')
		pl--;
	(void)snprintf(full, sizeof(full), "%s/%s", r->registry, r->repo);
	if (strncasecmp(full, pattern, pl) == 0 && (full[pl] == '/' || full[pl] == '\0'))
		return true;
	if (registry_ref_parse(pattern, &pr) < 0 || strcmp(pr.registry, r->registry) != 0)
		return false;
	pl = strlen(pr.repo);
	return strncmp(r->repo, pr.repo, pl) == 0 && (r->repo[pl] == '/' || r->repo[pl] == '\0');
}

bool registry_trusted(const struct bw_config *cfg, const struct registry_ref *r)
{
	if (!cfg->trusted_registries)
		return true;
	for (size_t i = 0; i < cfg->n_trusted_registries; i++) {
		const char *p = cfg->trusted_registries[i];
		char host[256];

		if (!p || !*p)
			continue;
		if (strcmp(p, "*") == 0)
			return true;
		if (p[0] == '*' && p[1] == '.') {
			if (wildcard_matches(p, r->registry))
				return true;
			continue;
		}
		if (strchr(p, '/')) {
			if (prefix_matches(p, r))
				return true;
			continue;
		}
		if (snprintf(host, sizeof(host), "%s", p) >= (int)sizeof(host))
			continue;
		lower(host);
		hub_normalise(host, sizeof(host));
		if (strcmp(host, r->registry) == 0)
			return true;
	}
	return false;
}
