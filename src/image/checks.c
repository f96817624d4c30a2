/* SPDX-License-Identifier: Apache-2.0 */
/* Image checks (IMG-): the image's config, its final filesystem and its build history, as
 * Dockle and CIS Docker Benchmark section 4 judge them. Checks are pure: they read the scanned
 * image (struct img_check_subject) and add findings; the readers below collect the few files
 * they need (passwd, shadow, group, private key candidates) while layers stream past. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/report.h"
#include "image/image.h"
#include "secret/secret.h"
#include "util/cleanup.h"
#include "util/grow.h"
#include "util/str.h"
#include "util/banned.h"

/* ---- file readers ---- */

/* Small text files are kept whole (they are a few KiB); the checks parse them. */
#define ACCOUNTS_MAX (1024u * 1024u)
#define KEY_MAX (64u * 1024u)

static size_t want_exact(const char *path, const char *want)
{
	return strcmp(path, want) == 0 ? ACCOUNTS_MAX : 0;
}

static size_t passwd_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	return want_exact(path, "etc/passwd");
}

static size_t shadow_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	return want_exact(path, "etc/shadow");
}

static size_t group_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	(void)size;
	return want_exact(path, "etc/group");
}

static int text_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		      struct pkg_found *out, struct bw_error *err)
{
	char *t;

	if (truncated)
		return bw_errorf(err, -EFBIG, f->path, 0, 0, "larger than %u KiB, not read",
				 ACCOUNTS_MAX / 1024u);
	t = strndup(data, len);
	if (!t)
		return -ENOMEM;
	out->data = t;
	return 0;
}

/* Private key candidates: names that usually hold keys; the content decides. */
static bool key_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return bw_str_endswith(base, ".pem") || bw_str_endswith(base, ".key") ||
	       strcmp(base, "id_rsa") == 0 || strcmp(base, "id_dsa") == 0 ||
	       strcmp(base, "id_ecdsa") == 0 || strcmp(base, "id_ed25519") == 0 ||
	       bw_str_endswith(base, ".p8");
}

static size_t key_want(const char *path, unsigned mode, uint64_t size)
{
	(void)mode;
	return key_name(path) && size <= 1024u * 1024u ? KEY_MAX : 0;
}

static const char key_marker = 'K'; /* data of a file that holds a private key */

static int key_parse(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		     struct pkg_found *out, struct bw_error *err)
{
	(void)f;
	(void)truncated;
	(void)err;
	if (memmem(data, len, "PRIVATE KEY-----", 16))
		out->data = (void *)&key_marker;
	return 0;
}

static const struct pkg_cataloger img_passwd_reader = {
	.name = "passwd", .want = passwd_want, .parse = text_parse, .free_data = free};
static const struct pkg_cataloger img_shadow_reader = {
	.name = "shadow", .want = shadow_want, .parse = text_parse, .free_data = free};
static const struct pkg_cataloger img_group_reader = {
	.name = "group", .want = group_want, .parse = text_parse, .free_data = free};
static const struct pkg_cataloger img_key_reader = {
	.name = "private-key", .want = key_want, .parse = key_parse};

const struct pkg_cataloger *const img_check_catalogers[] = {
	&img_passwd_reader,
	&img_shadow_reader,
	&img_group_reader,
	&img_key_reader,
};
const size_t img_check_catalogers_len = BW_ARRAY_SIZE(img_check_catalogers);

/* ---- helpers ---- */

static const char *text_of(const struct img_image *img, const struct pkg_cataloger *c,
			   const char *path)
{
	const struct img_result *r = img_result_find(img, c, path);
	return r ? r->found.data : NULL;
}

/* Field `idx` (0-based) of a ':'-separated line into out; false when the line is shorter. */
static bool field(const char *line, size_t len, unsigned idx, char *out, size_t outlen)
{
	const char *p = line, *end = line + len;

	for (unsigned i = 0; i < idx; i++) {
		p = memchr(p, ':', (size_t)(end - p));
		if (!p)
			return false;
		p++;
	}
	const char *e = memchr(p, ':', (size_t)(end - p));
	size_t n = (size_t)((e ? e : end) - p);
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* Calls fn for every non-empty, non-comment line of text. */
static int each_line(const char *text, int (*fn)(const char *line, size_t len, void *arg),
		     void *arg)
{
	int r = 0;

	for (const char *p = text; p && *p && r == 0;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n && p[0] != '#')
			r = fn(p, n, arg);
		p = nl ? nl + 1 : NULL;
	}
	return r;
}

struct layer_label {
	char s[64];
};

/* "layer 3 (sha256:0123456789ab)" for messages. */
static struct layer_label layer_name(const struct img_image *img, unsigned layer)
{
	struct layer_label l;
	const char *d = layer < img->n_layers && img->layers[layer].diff_id
				? img->layers[layer].diff_id
				: "";
	(void)snprintf(l.s, sizeof(l.s), "layer %u (%.19s)", layer + 1, d);
	return l;
}

/* ---- checks ---- */

static int check_digest(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;

	if (!s->integrity_error)
		return 0;
	return bw_report_add(out, self, 0, 0, "%s", s->integrity_error);
}

/* The uid the config's User runs as: 0 for root, -1 unknown (a name not in etc/passwd). */
static long user_uid(const struct img_image *img, const char *user)
{
	char name[256], uid[32];
	const char *passwd = text_of(img, &img_passwd_reader, "etc/passwd");
	uint64_t v;

	if (!user || !*user)
		return 0;
	(void)snprintf(name, sizeof(name), "%.*s", (int)strcspn(user, ":"), user);
	if (bw_parse_u64(name, &v) == 0)
		return v > 0x7fffffff ? -1 : (long)v;
	for (const char *p = passwd; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char who[256];
		if (field(p, n, 0, who, sizeof(who)) && strcmp(who, name) == 0 &&
		    field(p, n, 2, uid, sizeof(uid)) && bw_parse_u64(uid, &v) == 0)
			return v > 0x7fffffff ? -1 : (long)v;
		p = nl ? nl + 1 : NULL;
	}
	return strcmp(name, "root") == 0 ? 0 : -1;
}

static int check_root_user(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	const char *user;

	if (!s->img)
		return 0;
	user = s->img->config.user;
	if (!user || !*user)
		return bw_report_add(out, self, 0, 0,
				     "the image config sets no User, so containers run as root");
	if (user_uid(s->img, user) == 0)
		return bw_report_add(out, self, 0, 0,
				     "the image config's User '%s' is root (uid 0)", user);
	return 0;
}

static int check_healthcheck(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;

	if (!s->img || s->img->config.healthcheck)
		return 0;
	return bw_report_add(out, self, 0, 0,
			     s->img->config.healthcheck_none
				     ? "the image disables its health check (HEALTHCHECK NONE)"
				     : "the image config has no HEALTHCHECK");
}

static const struct {
	unsigned port;
	const char *what;
} risky_ports[] = {
	{21, "FTP"},
	{22, "SSH"},
	{23, "telnet"},
	{111, "rpcbind"},
	{135, "MS RPC"},
	{139, "NetBIOS"},
	{445, "SMB"},
	{2375, "the Docker API"},
	{2376, "the Docker API"},
	{3389, "RDP"},
	{5900, "VNC"},
};

static int check_ports(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	int r = 0;

	for (size_t i = 0; s->img && i < s->img->config.n_exposed_ports && r == 0; i++) {
		const char *p = s->img->config.exposed_ports[i];
		char num[16];
		uint64_t v;
		(void)snprintf(num, sizeof(num), "%.*s", (int)strcspn(p, "/"), p);
		if (bw_parse_u64(num, &v) < 0)
			continue;
		for (size_t k = 0; k < BW_ARRAY_SIZE(risky_ports) && r == 0; k++)
			if (risky_ports[k].port == v)
				r = bw_report_add(out, self, 0, 0,
						  "the image exposes port '%s' (%s)", p,
						  risky_ports[k].what);
	}
	return r;
}

static int check_env_secrets(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	int r = 0;

	for (size_t i = 0; s->img && i < s->img->config.n_env && r == 0; i++) {
		const char *kv = s->img->config.env[i], *eq = strchr(kv, '=');
		char name[256], masked[128];
		const char *kind;
		if (!eq)
			continue;
		(void)snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
		kind = secret_classify(name, eq + 1);
		if (!kind)
			continue;
		secret_mask(eq + 1, masked, sizeof(masked));
		r = bw_report_add(out, self, 0, 0, "config Env '%s' holds a secret (%s): '%s'",
				  name, kind, masked);
	}
	return r;
}

struct walk_ctx {
	const struct bw_rule *self;
	const struct img_image *img;
	struct bw_report *out;
};

static int setuid_one(const struct img_node *n, void *arg)
{
	struct walk_ctx *w = arg;

	if (n->type != IMG_NODE_FILE || !(n->mode & (S_ISUID | S_ISGID)))
		return 0;
	return bw_report_add(w->out, w->self, 0, 0, "'/%s' is %s (mode %04o, owner %u), from %s",
			     n->path,
			     (n->mode & S_ISUID) && (n->mode & S_ISGID) ? "setuid and setgid"
			     : (n->mode & S_ISUID)			? "setuid"
									: "setgid",
			     n->mode, n->uid, layer_name(w->img, n->layer).s);
}

static int check_setuid(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	struct walk_ctx w = {.self = self, .img = s->img, .out = out};

	return s->img ? img_fs_walk(s->img->fs, setuid_one, &w) : 0;
}

struct shadow_ctx {
	const struct bw_rule *self;
	struct bw_report *out;
	const char *file;
};

static int empty_password_line(const char *line, size_t len, void *arg)
{
	struct shadow_ctx *c = arg;
	char name[256], pass[512];

	if (!field(line, len, 0, name, sizeof(name)) || !field(line, len, 1, pass, sizeof(pass)))
		return 0;
	if (pass[0] != '\0')
		return 0;
	return bw_report_add(c->out, c->self, 0, 0,
			     "account '%s' has an empty password in '/%s': anyone may log in as it",
			     name, c->file);
}

static int check_empty_password(const struct bw_rule *self, const void *subject,
				struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	struct shadow_ctx c = {.self = self, .out = out, .file = "etc/shadow"};
	int r;

	if (!s->img)
		return 0;
	r = each_line(text_of(s->img, &img_shadow_reader, "etc/shadow"), empty_password_line, &c);
	c.file = "etc/passwd";
	if (r == 0)
		r = each_line(text_of(s->img, &img_passwd_reader, "etc/passwd"),
			      empty_password_line, &c);
	return r;
}

/* Reports ids (field 2) that more than one name (field 0) uses. */
static int duplicates(const struct bw_rule *self, struct bw_report *out, const char *text,
		      const char *what, const char *file)
{
	struct ent {
		char name[64];
		uint64_t id;
		bool reported;
	};
	BW_CLEANUP(bw_freep) struct ent *e = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char name[64], id[32];
		uint64_t v;
		if (len && p[0] != '#' && p[0] != '+' && p[0] != '-' &&
		    field(p, len, 0, name, sizeof(name)) && field(p, len, 2, id, sizeof(id)) &&
		    bw_parse_u64(id, &v) == 0) {
			if (bw_grow((void **)&e, &cap, n, sizeof(*e)) < 0)
				return -ENOMEM;
			e[n] = (struct ent){.id = v};
			(void)snprintf(e[n].name, sizeof(e[n].name), "%s", name);
			n++;
			if (n > 100000)
				break;
		}
		p = nl ? nl + 1 : NULL;
	}
	for (size_t i = 0; i < n && r == 0; i++) {
		if (e[i].reported)
			continue;
		for (size_t k = i + 1; k < n && r == 0; k++) {
			if (e[k].id != e[i].id || e[k].reported)
				continue;
			e[k].reported = true;
			r = bw_report_add(out, self, 0, 0,
					  "%s %llu is shared by '%s' and '%s' in '/%s'", what,
					  (unsigned long long)e[i].id, e[i].name, e[k].name, file);
		}
	}
	return r;
}

static int check_duplicate_ids(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	int r;

	if (!s->img)
		return 0;
	r = duplicates(self, out, text_of(s->img, &img_passwd_reader, "etc/passwd"), "uid",
		       "etc/passwd");
	if (r == 0)
		r = duplicates(self, out, text_of(s->img, &img_group_reader, "etc/group"), "gid",
			       "etc/group");
	return r;
}

/* Names that should never ship in an image (Dockle DKL-LI-0003 and CIS-DI-0010 files). */
static const char *sensitive_kind(const struct img_node *n)
{
	const char *base = strrchr(n->path, '/');

	base = base ? base + 1 : n->path;
	if (strcmp(base, ".git") == 0)
		return "a git repository (history may hold secrets)";
	if (strcmp(base, ".aws") == 0 && n->type == IMG_NODE_DIR)
		return "AWS CLI credentials folder";
	if (n->type != IMG_NODE_FILE)
		return NULL;
	if (strcmp(base, "id_rsa") == 0 || strcmp(base, "id_dsa") == 0 ||
	    strcmp(base, "id_ecdsa") == 0 || strcmp(base, "id_ed25519") == 0)
		return "an SSH private key";
	if (strcmp(base, ".env") == 0 ||
	    (bw_str_startswith(base, ".env.") && !bw_str_endswith(base, ".example") &&
	     !bw_str_endswith(base, ".sample") && !bw_str_endswith(base, ".template")))
		return "an environment file (usually holds credentials)";
	if (strcmp(base, ".git-credentials") == 0 || strcmp(base, ".netrc") == 0 ||
	    strcmp(base, ".pypirc") == 0 || strcmp(base, ".pgpass") == 0)
		return "a credentials file";
	if (strcmp(base, "config.json") == 0 && strstr(n->path, ".docker/config.json"))
		return "Docker client credentials";
	if (strcmp(base, "credentials") == 0 &&
	    (strstr(n->path, ".aws/") || strstr(n->path, ".gcloud/")))
		return "a cloud credentials file";
	return NULL;
}

struct sensitive_ctx {
	const struct bw_rule *self;
	const struct img_image *img;
	struct bw_report *out;
	char last_git[4097]; /* findings below a reported .git are left out */
};

static int sensitive_one(const struct img_node *n, void *arg)
{
	struct sensitive_ctx *c = arg;
	const char *kind;

	if (c->last_git[0] && bw_str_startswith(n->path, c->last_git) &&
	    n->path[strlen(c->last_git)] == '/')
		return 0;
	kind = sensitive_kind(n);
	if (!kind && n->type == IMG_NODE_FILE) {
		const struct img_result *k = img_result_find(c->img, &img_key_reader, n->path);
		if (k && k->found.data == &key_marker && !strstr(n->path, "id_"))
			kind = "a private key";
	}
	if (!kind)
		return 0;
	if (n->type == IMG_NODE_DIR)
		(void)snprintf(c->last_git, sizeof(c->last_git), "%s", n->path);
	return bw_report_add(c->out, c->self, 0, 0, "'/%s' is %s, added in %s", n->path, kind,
			     layer_name(c->img, n->layer).s);
}

static int check_sensitive_files(const struct bw_rule *self, const void *subject,
				 struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	struct sensitive_ctx c = {.self = self, .img = s->img, .out = out};

	return s->img ? img_fs_walk(s->img->fs, sensitive_one, &c) : 0;
}

static int path_writable_one(const struct img_node *c, void *arg)
{
	struct walk_ctx *w = arg;

	if (c->type != IMG_NODE_FILE || !(c->mode & S_IWOTH))
		return 0;
	return bw_report_add(w->out, w->self, 0, 0,
			     "'/%s' in PATH is world-writable (mode %04o), from %s", c->path,
			     c->mode, layer_name(w->img, c->layer).s);
}

static int check_path_writable(const struct bw_rule *self, const void *subject,
			       struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	uint32_t seen[64];
	size_t n_seen = 0;
	int r = 0;
	BW_CLEANUP(bw_freep) struct img_node *d = NULL;

	if (!s->img)
		return 0;
	if (!(d = malloc(sizeof(*d))))
		return -ENOMEM;
	for (size_t i = 0; i < s->img->config.n_env; i++)
		if (bw_str_startswith(s->img->config.env[i], "PATH="))
			path = s->img->config.env[i] + 5;
	for (const char *p = path; *p && r == 0 && n_seen < BW_ARRAY_SIZE(seen);) {
		size_t len = strcspn(p, ":");
		char dir[4097];
		(void)snprintf(dir, sizeof(dir), "%.*s", (int)len, p);
		p += len + (p[len] == ':');
		if (dir[0] != '/' || img_fs_resolve(s->img->fs, dir, d) < 0 ||
		    d->type != IMG_NODE_DIR)
			continue;
		bool dup = false;
		for (size_t k = 0; k < n_seen; k++)
			dup |= seen[k] == d->id;
		if (dup)
			continue;
		seen[n_seen++] = d->id;
		if ((d->mode & S_IWOTH) && !(d->mode & S_ISVTX))
			r = bw_report_add(
				out, self, 0, 0,
				"PATH directory '%s' is world-writable (mode %04o), from %s", dir,
				d->mode, layer_name(s->img, d->layer).s);
		struct walk_ctx w = {.self = self, .img = s->img, .out = out};
		if (r == 0)
			r = img_fs_walk_dir(s->img->fs, d, path_writable_one, &w);
	}
	return r;
}

static int check_age(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	int64_t days;

	if (!s->img || s->img->config.created_unix <= 0 || s->max_age_days == 0)
		return 0;
	days = (s->now - s->img->config.created_unix) / 86400;
	if (days <= (int64_t)s->max_age_days)
		return 0;
	return bw_report_add(out, self, 0, 0,
			     "the image was built %lld days ago (%s), more than --max-age %u",
			     (long long)days, s->img->config.created, s->max_age_days);
}

/* History steps as the builders record them: "/bin/sh -c #(nop)  ADD ..." (classic builder),
 * "RUN /bin/sh -c ... # buildkit", "ADD https://... /x # buildkit". */
static const char *step_text(const char *created_by)
{
	const char *p = created_by;

	if (bw_str_startswith(p, "|")) /* classic RUN with build args: "|2 A=b /bin/sh -c ..." */
		p += strcspn(p, "/");
	if (bw_str_startswith(p, "/bin/sh -c #(nop)"))
		p += strlen("/bin/sh -c #(nop)");
	else if (bw_str_startswith(p, "/bin/sh -c "))
		p += strlen("/bin/sh -c ");
	while (*p == ' ')
		p++;
	return p;
}

static bool word_at(const char *s, const char *start, const char *w)
{
	size_t n = strlen(w);
	char before = start > s ? start[-1] : ' ';
	char after = start[n];

	return strncmp(start, w, n) == 0 &&
	       !(before == '-' || before == '_' || before == '/' ||
		 (before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) &&
	       !(after == '-' || after == '_' || (after >= 'a' && after <= 'z') ||
		 (after >= '0' && after <= '9'));
}

static bool has_word(const char *s, const char *w)
{
	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
		if (word_at(s, p, w))
			return true;
	return false;
}

static bool adds_url(const char *step)
{
	return (bw_str_startswith(step, "ADD ") || bw_str_startswith(step, "ADD\t")) &&
	       (strstr(step, "http://") || strstr(step, "https://") || strstr(step, "ftp://"));
}

static bool apt_upgrade(const char *s)
{
	static const char *const tools[] = {"apt-get", "apt"};

	for (size_t t = 0; t < BW_ARRAY_SIZE(tools); t++)
		for (const char *p = strstr(s, tools[t]); p; p = strstr(p + 1, tools[t])) {
			if (!word_at(s, p, tools[t]))
				continue;
			const char *q = p + strlen(tools[t]);
			for (;;) { /* skip options */
				while (*q == ' ')
					q++;
				if (*q != '-')
					break;
				q += strcspn(q, " ");
			}
			if (bw_str_startswith(q, "upgrade") ||
			    bw_str_startswith(q, "dist-upgrade") ||
			    bw_str_startswith(q, "full-upgrade"))
				return true;
		}
	return false;
}

/* "curl ... | sh", "wget -qO- ... | sudo bash": a download piped into a shell. */
static bool pipe_to_shell(const char *s)
{
	static const char *const shells[] = {"sh", "bash", "zsh", "ash", "dash", "ksh"};

	for (const char *bar = strchr(s, '|'); bar; bar = strchr(bar + 1, '|')) {
		if (bar[1] == '|' || (bar > s && bar[-1] == '|'))
			continue; /* "||" */
		/* the command before the pipe, back to the previous ; & | ( */
		const char *b = bar;
		while (b > s && !strchr(";&|(", b[-1]))
			b--;
		char before[1024];
		(void)snprintf(before, sizeof(before), "%.*s", (int)(bar - b), b);
		if (!has_word(before, "curl") && !has_word(before, "wget"))
			continue;
		const char *q = bar + 1;
		while (*q == ' ')
			q++;
		if (bw_str_startswith(q, "sudo "))
			q += 5;
		while (*q == ' ')
			q++;
		if (bw_str_startswith(q, "/usr/bin/"))
			q += 9;
		else if (bw_str_startswith(q, "/bin/"))
			q += 5;
		for (size_t k = 0; k < BW_ARRAY_SIZE(shells); k++) {
			size_t n = strlen(shells[k]);
			if (strncmp(q, shells[k], n) == 0 && (q[n] == '\0' || q[n] == ' '))
				return true;
		}
	}
	return false;
}

enum hist_kind { HIST_ADD_URL, HIST_UPGRADE, HIST_CURL_SH, HIST_SUDO };

static int check_history(const struct bw_rule *self, const struct img_check_subject *s,
			 struct bw_report *out, enum hist_kind kind)
{
	int r = 0;

	for (size_t i = 0; s->img && i < s->img->config.n_history && r == 0; i++) {
		const char *cb = s->img->config.history[i].created_by;
		const char *step;
		bool hit = false;
		char shown[160];
		if (!cb)
			continue;
		step = step_text(cb);
		switch (kind) {
		case HIST_ADD_URL:
			hit = adds_url(step);
			break;
		case HIST_UPGRADE:
			hit = apt_upgrade(step);
			break;
		case HIST_CURL_SH:
			hit = pipe_to_shell(step);
			break;
		case HIST_SUDO:
			hit = has_word(step, "sudo");
			break;
		}
		if (!hit)
			continue;
		size_t sl = strlen(step), k = sl < sizeof(shown) - 1 ? sl : sizeof(shown) - 1;
		memcpy(shown, step, k);
		shown[k] = '\0';
		if (sl >= sizeof(shown))
			memcpy(shown + sizeof(shown) - 4, "...", 4);
		r = bw_report_add(out, self, 0, 0, "history step %zu: '%s'", i + 1, shown);
	}
	return r;
}

static int check_add_url(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_history(self, subject, out, HIST_ADD_URL);
}

static int check_upgrade(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_history(self, subject, out, HIST_UPGRADE);
}

static int check_curl_sh(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_history(self, subject, out, HIST_CURL_SH);
}

static int check_sudo(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	return check_history(self, subject, out, HIST_SUDO);
}

static int check_notes(const struct bw_rule *self, const void *subject, struct bw_report *out)
{
	const struct img_check_subject *s = subject;
	int r = 0;

	for (size_t i = 0; s->img && i < s->img->inventory.notes_len && r == 0; i++) {
		const struct pkg_note *n = &s->img->inventory.notes[i];
		r = bw_report_add(out, self, 0, 0, "%s cataloger: '/%s' in %s: %s", n->cataloger,
				  n->path, layer_name(s->img, n->layer).s, n->message);
	}
	return r;
}

static const struct bw_rule img_rules[] = {
	{
		.id = "IMG-001",
		.severity = BW_SEV_CRITICAL,
		.title = "Layer or config does not match its digest",
		.aliases = "",
		.fix = "Do not run this image: pull or rebuild it from a trusted source and "
		       "compare its digest with the one the publisher signed.",
		.check = check_digest,
	},
	{
		.id = "IMG-002",
		.severity = BW_SEV_MEDIUM,
		.title = "Image runs as root",
		.aliases = "CIS-DI-0001 CIS-4.1",
		.fix = "Create an unprivileged user in the image and switch to it with USER.",
		.check = check_root_user,
	},
	{
		.id = "IMG-003",
		.severity = BW_SEV_LOW,
		.title = "Image has no HEALTHCHECK",
		.aliases = "CIS-DI-0006 CIS-4.6",
		.fix = "Add a HEALTHCHECK that probes the service, so failures are noticed.",
		.check = check_healthcheck,
	},
	{
		.id = "IMG-004",
		.severity = BW_SEV_MEDIUM,
		.title = "Image exposes a remote-login or management port",
		.aliases = "DS-0004",
		.fix = "Remove the EXPOSE of remote-login ports; use 'docker exec' to get a shell.",
		.check = check_ports,
	},
	{
		.id = "IMG-005",
		.severity = BW_SEV_HIGH,
		.title = "Secret in the image config's environment",
		.aliases = "CIS-DI-0010 CIS-4.10",
		.fix = "Remove the secret from ENV; pass it at run time from a secret store, and "
		       "rotate it since the image leaked it.",
		.check = check_env_secrets,
	},
	{
		.id = "IMG-006",
		.severity = BW_SEV_INFO,
		.title = "Setuid or setgid file",
		.aliases = "CIS-DI-0008 CIS-4.8",
		.fix = "Remove setuid/setgid bits the application does not need (chmod u-s,g-s) in "
		       "the Dockerfile.",
		.check = check_setuid,
	},
	{
		.id = "IMG-007",
		.severity = BW_SEV_HIGH,
		.title = "Account with an empty password",
		.aliases = "DKL-LI-0001",
		.fix = "Lock the account (passwd -l NAME) or give it a password hash.",
		.check = check_empty_password,
	},
	{
		.id = "IMG-008",
		.severity = BW_SEV_MEDIUM,
		.title = "Duplicate user or group id",
		.aliases = "DKL-LI-0002",
		.fix = "Give every account and group its own id in /etc/passwd and /etc/group.",
		.check = check_duplicate_ids,
	},
	{
		.id = "IMG-009",
		.severity = BW_SEV_HIGH,
		.title = "Credential or repository file left in the image",
		.aliases = "DKL-LI-0003",
		.fix = "Keep the file out of the build context (.dockerignore) or use a build "
		       "secret mount; deleting it in a later layer does not remove it.",
		.check = check_sensitive_files,
	},
	{
		.id = "IMG-010",
		.severity = BW_SEV_MEDIUM,
		.title = "World-writable file or folder in PATH",
		.aliases = "",
		.fix = "Remove the world-write bit (chmod o-w) from programs and PATH folders.",
		.check = check_path_writable,
	},
	{
		.id = "IMG-011",
		.severity = BW_SEV_MEDIUM,
		.title = "Image older than the allowed age",
		.aliases = "",
		.fix = "Rebuild the image on a fresh base to pick up security patches.",
		.check = check_age,
	},
	{
		.id = "IMG-012",
		.severity = BW_SEV_MEDIUM,
		.title = "History shows ADD of a remote URL",
		.aliases = "CIS-DI-0009 CIS-4.9",
		.fix = "Download with RUN curl and verify a checksum, or COPY a vetted file.",
		.check = check_add_url,
	},
	{
		.id = "IMG-013",
		.severity = BW_SEV_LOW,
		.title = "History shows apt-get upgrade",
		.aliases = "DKL-DI-0003",
		.fix = "Use a patched base image instead of upgrading packages in the build.",
		.check = check_upgrade,
	},
	{
		.id = "IMG-014",
		.severity = BW_SEV_MEDIUM,
		.title = "History shows a download piped into a shell",
		.aliases = "",
		.fix = "Download the script, verify its checksum or signature, then run it.",
		.check = check_curl_sh,
	},
	{
		.id = "IMG-015",
		.severity = BW_SEV_MEDIUM,
		.title = "History shows sudo",
		.aliases = "DKL-DI-0001",
		.fix = "Build steps run as root already; drop sudo and switch users with USER.",
		.check = check_sudo,
	},
	{
		.id = "IMG-016",
		.severity = BW_SEV_INFO,
		.title = "Package database could not be read",
		.aliases = "",
		.fix = "See the message for what the database needs; the package list is "
		       "incomplete until then.",
		.check = check_notes,
	},
};

const struct bw_ruleset img_ruleset = {
	.name = "image",
	.kind = "image",
	.prefix = "IMG-",
	.rules = img_rules,
	.len = BW_ARRAY_SIZE(img_rules),
};
