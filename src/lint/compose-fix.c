/* SPDX-License-Identifier: Apache-2.0 */
/* Writes the hardening override: per service, only the keys that Compose's merge of a second
 * file can set (scalars replace, security_opt/cap_drop/tmpfs lists are joined), and a note for
 * everything it cannot fix that way (privileged, no-new-privileges:false, ports without
 * --bind-local). The text is YAML written by hand: every string is double-quoted. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/compose-fix.h"
#include "lint/podsec.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

/* Largest override we write: one service needs a few hundred bytes. */
#define FIX_MAX_YAML (4u * 1024u * 1024u)

struct fixer {
	const struct compose_file *cf;
	const struct compose_fix_opts *o;
	struct compose_fix *fix;
	size_t cap_notes;
};

static int note(struct fixer *fx, bool changed, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int note(struct fixer *fx, bool changed, const char *fmt, ...)
{
	struct compose_fix *f = fx->fix;
	char *text = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	if (f->n_notes == fx->cap_notes) {
		size_t cap = fx->cap_notes ? fx->cap_notes * 2 : 16;
		struct compose_fix_note *nn = reallocarray(f->notes, cap, sizeof(*nn));
		if (!nn) {
			free(text);
			return -ENOMEM;
		}
		f->notes = nn;
		fx->cap_notes = cap;
	}
	f->notes[f->n_notes++] = (struct compose_fix_note){.text = text, .changed = changed};
	f->n_changed += changed;
	return 0;
}

/* Appends s as a YAML double-quoted scalar. */
static int yq(struct bw_buf *b, const char *s)
{
	int r = bw_buf_addc(b, '"');

	for (const unsigned char *p = (const unsigned char *)s; *p && r == 0; p++) {
		if (*p == '"' || *p == '\\')
			r = bw_buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			r = bw_buf_printf(b, "\\x%02x", *p);
		else
			r = bw_buf_addc(b, (char)*p);
	}
	return r == 0 ? bw_buf_addc(b, '"') : r;
}

static bool svc_true(const struct compose_service *svc, const char *key)
{
	const struct ydoc_node *n = compose_service_get(svc, key, NULL);
	bool b = false;

	return n && !compose_unsure(n) && compose_bool(n, &b) == 0 && b;
}

static bool svc_set(const struct compose_service *svc, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		const struct ydoc_node *n = compose_service_get(svc, keys[i], NULL);
		if (n && !ydoc_is_null(n))
			return true;
	}
	return false;
}

/* no-new-privileges in security_opt: 1 on, -1 explicitly off, 0 not set. */
static int nnp_state(const struct compose_service *svc)
{
	int state = 0;

	for (size_t i = 0; i < svc->security_opt.len; i++) {
		const char *s = svc->security_opt.items[i].s;
		size_t n = strcspn(s, ":=");
		if (n != 17 || strncmp(s, "no-new-privileges", 17) != 0)
			continue;
		const char *v = s[n] ? s + n + 1 : "true";
		if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
			state = state ? state : -1;
		else
			state = 1;
	}
	return state;
}

static bool tmp_covered(const struct compose_service *svc)
{
	const struct ydoc_node *t = compose_service_get(svc, "tmpfs", NULL);

	if (ydoc_str(t) && bw_str_startswith(t->str, "/tmp") &&
	    (t->str[4] == '\0' || t->str[4] == ':'))
		return true;
	for (size_t i = 0; t && t->kind == YDOC_SEQ && i < t->n_items; i++) {
		const char *s = ydoc_str(t->items[i]);
		if (s && bw_str_startswith(s, "/tmp") && (s[4] == '\0' || s[4] == ':'))
			return true;
	}
	for (size_t i = 0; i < svc->n_mounts; i++)
		if (strcmp(svc->mounts[i].target, "/tmp") == 0)
			return true;
	return false;
}

static bool on_all_interfaces(const struct compose_port *p)
{
	return !p->host_ip || strcmp(p->host_ip, "0.0.0.0") == 0 || strcmp(p->host_ip, "::") == 0;
}

/* One port entry bound to 127.0.0.1, as a flow item. */
static int port_local(struct bw_buf *b, const struct compose_port *p, const struct ydoc_node *n)
{
	if (n->kind == YDOC_MAP) {
		int r = bw_buf_adds(b, "{");
		bool first = true;
		for (size_t i = 0; i < n->n_pairs && r == 0; i++) {
			const char *k = ydoc_str(n->pairs[i].key), *v = ydoc_str(n->pairs[i].value);
			if (!k || !v || strcmp(k, "host_ip") == 0)
				continue;
			r = bw_buf_printf(b, "%s%s: ", first ? "" : ", ", k);
			if (r == 0)
				r = yq(b, v);
			first = false;
		}
		if (r == 0)
			r = bw_buf_printf(b, "%shost_ip: \"127.0.0.1\"}", first ? "" : ", ");
		return r;
	}
	if (!on_all_interfaces(p) || p->unsure)
		return yq(b, n->str);
	const char *t = n->str;
	if (p->host_ip) { /* "0.0.0.0:80:80" or "[::]:80:80": drop the wildcard address */
		const char *e = t[0] == '[' ? strchr(t, ']') : NULL;
		t = e ? e + 1 : t + strlen(p->host_ip);
		if (*t == ':')
			t++;
	}
	if (!p->published && *t == ':')
		t++; /* "ip::80": no host port */
	BW_CLEANUP(bw_freep) char *s = NULL;
	if (asprintf(&s, "127.0.0.1:%s%s", p->published ? "" : ":", t) < 0) {
		s = NULL;
		return -ENOMEM;
	}
	return yq(b, s);
}

static int fix_ports(struct fixer *fx, const struct compose_service *svc, struct bw_buf *body)
{
	const struct ydoc_node *ports = compose_service_get(svc, "ports", NULL);
	size_t open = 0, unsure = 0;
	int r = 0;

	for (size_t i = 0; i < svc->n_ports; i++) {
		open += on_all_interfaces(&svc->ports[i]) && !svc->ports[i].unsure;
		unsure += svc->ports[i].unsure;
	}
	if (open == 0)
		return 0;
	if (!fx->o->bind_local)
		return note(fx, false,
			    "service '%s': %zu port(s) published on every interface: pass "
			    "--bind-local, or bind them to an address in the compose file",
			    svc->name, open);
	if (!ports || ports->kind != YDOC_SEQ || svc->n_layers > 1)
		return note(
			fx, false,
			"service '%s': ports come from 'extends': bind them to an address where "
			"they are written",
			svc->name);
	r = bw_buf_adds(body, "    ports: !override [");
	for (size_t i = 0; i < ports->n_items && i < svc->n_ports && r == 0; i++) {
		if (i)
			r = bw_buf_adds(body, ", ");
		if (r == 0)
			r = port_local(body, &svc->ports[i], ports->items[i]);
	}
	if (r == 0)
		r = bw_buf_adds(body, "]\n");
	if (r == 0)
		r = note(fx, true,
			 "service '%s': %zu port(s) bound to 127.0.0.1 ('!override' needs Docker "
			 "Compose 2.24.4 or later)%s",
			 svc->name, open,
			 unsure ? "; ports written with unset variables were kept as they are"
				: "");
	return r;
}

static int fix_limits(struct fixer *fx, const struct compose_service *svc, struct bw_buf *body)
{
	static const char *const mem_keys[] = {"mem_limit", "deploy.resources.limits.memory", NULL};
	static const char *const cpu_keys[] = {
		"cpus",	       "deploy.resources.limits.cpus",
		"cpu_quota",   "cpu_count",
		"cpu_percent", "cpu_shares",
		NULL,
	};
	static const char *const pid_keys[] = {"pids_limit", "deploy.resources.limits.pids", NULL};
	bool deploy = ydoc_map_get(ydoc_map_get(svc->map, "deploy"), "resources") != NULL;
	const char *mem = !svc_set(svc, mem_keys) ? fx->o->mem : NULL;
	const char *cpus = !svc_set(svc, cpu_keys) ? fx->o->cpus : NULL;
	const char *pids = !svc_set(svc, pid_keys) ? fx->o->pids : NULL;
	int r = 0;

	/* Keep the style the file uses: deploy.resources when it has one, else the service keys
	 * (pids_limit either way: Compose v1's deploy schema has no pids). */
	if (deploy && (mem || cpus)) {
		r = bw_buf_adds(body, "    deploy:\n      resources:\n        limits:\n");
		if (r == 0 && mem) {
			r = bw_buf_adds(body, "          memory: ");
			if (r == 0)
				r = yq(body, mem);
			if (r == 0)
				r = bw_buf_addc(body, '\n');
		}
		if (r == 0 && cpus)
			r = bw_buf_printf(body, "          cpus: \"%s\"\n", cpus);
	} else {
		if (mem) {
			r = bw_buf_adds(body, "    mem_limit: ");
			if (r == 0)
				r = yq(body, mem);
			if (r == 0)
				r = bw_buf_addc(body, '\n');
		}
		if (r == 0 && cpus)
			r = bw_buf_printf(body, "    cpus: %s\n", cpus);
	}
	if (r == 0 && pids)
		r = bw_buf_printf(body, "    pids_limit: %s\n", pids);
	if (r < 0)
		return r;
	const char *const what[] = {"memory", "CPU", "PIDs"};
	const char *const opt[] = {"--mem SIZE", "--cpus N", "--pids N"};
	const char *const val[] = {mem, cpus, pids};
	const bool had[] = {svc_set(svc, mem_keys), svc_set(svc, cpu_keys), svc_set(svc, pid_keys)};
	for (size_t i = 0; i < 3 && r == 0; i++) {
		if (val[i])
			r = note(fx, true, "service '%s': %s limit set to %s", svc->name, what[i],
				 val[i]);
		else if (!had[i])
			r = note(fx, false, "service '%s': no %s limit: pass %s", svc->name,
				 what[i], opt[i]);
	}
	return r;
}

static int fix_service(struct fixer *fx, const struct compose_service *svc)
{
	struct bw_buf body;
	bool priv = svc_true(svc, "privileged");
	int nnp = nnp_state(svc);
	int r = 0;

	bw_buf_init(&body, FIX_MAX_YAML);
	if (priv)
		r = note(fx, false,
			 "service '%s': runs privileged; an override cannot make that safe: remove "
			 "'privileged: true' and add only the capabilities it needs",
			 svc->name);
	if (r == 0 && nnp == 0) {
		r = bw_buf_adds(&body, "    security_opt: [\"no-new-privileges:true\"]\n");
		if (r == 0)
			r = note(fx, true, "service '%s': added no-new-privileges:true", svc->name);
	} else if (r == 0 && nnp < 0) {
		r = note(fx, false,
			 "service '%s': sets no-new-privileges:false, which an override cannot "
			 "remove "
			 "(Compose joins security_opt lists)",
			 svc->name);
	}
	bool drop_all = false;
	for (size_t i = 0; i < svc->cap_drop.len; i++)
		drop_all |= podsec_cap_is_all(svc->cap_drop.items[i].s);
	if (r == 0 && !drop_all && !priv) {
		struct bw_buf kept;
		bw_buf_init(&kept, 4096);
		for (size_t i = 0; i < svc->cap_add.len && r == 0; i++)
			r = bw_buf_printf(&kept, "%s%s", i ? ", " : "", svc->cap_add.items[i].s);
		if (r == 0)
			r = bw_buf_adds(&body, "    cap_drop: [\"ALL\"]\n");
		if (r == 0)
			r = note(fx, true, "service '%s': added cap_drop [ALL]%s%s%s", svc->name,
				 kept.len ? " (keeps cap_add: " : "", bw_buf_str(&kept),
				 kept.len ? ")" : "");
		bw_buf_release(&kept);
	}
	if (r == 0 && !svc_true(svc, "read_only")) {
		bool tmp = tmp_covered(svc);
		r = bw_buf_adds(&body, "    read_only: true\n");
		if (r == 0 && !tmp)
			r = bw_buf_adds(&body, "    tmpfs: [\"/tmp\"]\n");
		if (r == 0)
			r = note(fx, true,
				 "service '%s': root file system made read-only%s; check which "
				 "other "
				 "paths it writes and give them a tmpfs or a volume",
				 svc->name, tmp ? "" : " with a tmpfs on /tmp");
	}
	if (r == 0)
		r = fix_limits(fx, svc, &body);
	if (r == 0)
		r = fix_ports(fx, svc, &body);
	if (r == 0 && body.len) {
		r = bw_buf_adds(&fx->fix->yaml, "  ");
		if (r == 0)
			r = yq(&fx->fix->yaml, svc->name);
		if (r == 0)
			r = bw_buf_printf(&fx->fix->yaml, ":\n%s", bw_buf_str(&body));
	}
	bw_buf_release(&body);
	return r;
}

/* Size and count values end up unquoted in YAML: only plain decimal shapes pass. */
static bool value_ok(const char *v, bool unit)
{
	size_t i = 0, digits = 0;

	if (!v)
		return true;
	while (isdigit((unsigned char)v[i]) || v[i] == '.')
		digits += isdigit((unsigned char)v[i++]) != 0;
	if (unit && v[i] && strchr("bBkKmMgG", v[i]))
		i++;
	if (unit && v[i] && strchr("bB", v[i]))
		i++;
	return digits > 0 && v[i] == '\0' && i < 32;
}

int compose_fix_build(const struct compose_file *cf, const char *base_name,
		      const struct compose_fix_opts *opts, struct compose_fix *fix,
		      struct bw_error *err)
{
	struct fixer fx = {.cf = cf, .o = opts, .fix = fix};
	const char *version = ydoc_str(ydoc_map_get(cf->root, "version"));
	int r;

	*fix = (struct compose_fix){0};
	bw_buf_init(&fix->yaml, FIX_MAX_YAML);
	if (cf->format == COMPOSE_FORMAT_V1)
		return bw_errorf(err, -EINVAL, cf->path, cf->format_line, 1,
				 "legacy v1 format: Compose cannot merge an override into it (move "
				 "the services under 'services:' first)");
	if (!value_ok(opts->mem, true) || !value_ok(opts->cpus, false) ||
	    !value_ok(opts->pids, false))
		return bw_errorf(err, -EINVAL, NULL, 0, 0,
				 "limits must be plain numbers (memory may end in b, k, m or g)");
	r = bw_buf_printf(
		&fix->yaml,
		"# Written by 'bulwark fix' from %s: hardening for\n"
		"#   docker compose -f %s -f <this file> up\n"
		"# Review it: a read-only root or dropped capabilities can stop a service "
		"that needs them.\n",
		base_name, base_name);
	if (r == 0 && version) {
		r = bw_buf_adds(&fix->yaml, "version: ");
		if (r == 0)
			r = yq(&fix->yaml, version);
		if (r == 0)
			r = bw_buf_addc(&fix->yaml, '\n');
	}
	size_t mark = fix->yaml.len;
	if (r == 0)
		r = bw_buf_adds(&fix->yaml, "services:\n");
	for (size_t i = 0; i < cf->n_services && r == 0; i++)
		r = fix_service(&fx, &cf->services[i]);
	if (r == 0 && fix->yaml.len == mark + strlen("services:\n")) {
		fix->yaml.len = mark; /* nothing to change */
		r = bw_buf_adds(&fix->yaml, "services: {}\n");
	}
	if (r == -ENOMEM)
		return bw_errorf(err, r, cf->path, 0, 0, "out of memory");
	if (r < 0)
		return bw_errorf(err, r, cf->path, 0, 0, "override larger than %u bytes",
				 FIX_MAX_YAML);
	return 0;
}

void compose_fix_release(struct compose_fix *fix)
{
	bw_buf_release(&fix->yaml);
	for (size_t i = 0; i < fix->n_notes; i++)
		free(fix->notes[i].text);
	free(fix->notes);
	*fix = (struct compose_fix){0};
}
