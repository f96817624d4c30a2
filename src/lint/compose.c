/* SPDX-License-Identifier: Apache-2.0 */
/* Builds the compose model: validates the top level (spec or legacy v1), interpolates values
 * from `.env`, follows `extends` and types the keys the rules read. It does not validate every
 * service key against the Compose schema, and never runs or contacts anything. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/limits.h"
#include "lint/compose.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

/* ---- names and content ---- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static bool is_word_sep(char c)
{
	return c == '-' || c == '_' || c == '.' || c == '+';
}

bool compose_name_matches(const char *path)
{
	const char *b = base_name(path);
	size_t len = strlen(b), stem;

	if (len > 4 && strcasecmp(b + len - 4, ".yml") == 0)
		stem = len - 4;
	else if (len > 5 && strcasecmp(b + len - 5, ".yaml") == 0)
		stem = len - 5;
	else
		return false;
	/* "compose" as a word of the name: compose.yaml, docker-compose.prod.yml, x-compose.yml,
	 * compose.override.yaml; not composer.yml or decompose.yml. */
	for (size_t i = 0; i + 7 <= stem; i++) {
		if (strncasecmp(b + i, "compose", 7) != 0)
			continue;
		if ((i == 0 || is_word_sep(b[i - 1])) && (i + 7 == stem || is_word_sep(b[i + 7])))
			return true;
	}
	return false;
}

/* The next line of [*p, end): sets *line and *n (without the newline), advances *p. */
static bool next_line(const char **p, const char *end, const char **line, size_t *n)
{
	if (*p >= end)
		return false;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	*line = *p;
	*n = (size_t)((nl ? nl : end) - *p);
	if (*n > 0 && (*line)[*n - 1] == '\r')
		(*n)--;
	*p = nl ? nl + 1 : end;
	return true;
}

static bool blank_or_comment(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i == n || l[i] == '#';
}

bool compose_looks_like(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *l;
	size_t n;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (next_line(&p, end, &l, &n)) {
		if (n < 9 || memcmp(l, "services:", 9) != 0)
			continue;
		size_t i = 9;
		while (i < n && l[i] == ' ')
			i++;
		if (i < n && l[i] == '{')
			return true; /* services: {web: ...} */
		if (i < n && l[i] != '#')
			return false;
		/* The value is the block below: indented, and a mapping (GitLab CI's
		 * `services:` is a list of images). */
		while (next_line(&p, end, &l, &n)) {
			if (blank_or_comment(l, n))
				continue;
			size_t k = 0;
			while (k < n && l[k] == ' ')
				k++;
			return k > 0 && k < n && l[k] != '-';
		}
		return false;
	}
	return false;
}

/* ---- building context ---- */

struct ctx {
	struct compose_file *cf;
	struct bw_arena *a;
	struct bw_error *err;
	const char *dir;      /* folder of the main file, NULL when unknown */
	const char *cur_path; /* file errors name (the main file or an extended one) */
	char **vars;	      /* "NAME=value" from .env */
	size_t n_vars;
	size_t cap_services, cap_includes, cap_missing, cap_others, cap_vars;
};

static int cfail(struct ctx *c, const struct ydoc_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cfail(struct ctx *c, const struct ydoc_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = bw_verrorf(c->err, -EINVAL, c->cur_path, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return r;
}

static int oom(struct ctx *c)
{
	return bw_errorf(c->err, -ENOMEM, c->cur_path, 0, 0, "out of memory");
}

/* Grows an arena array to hold n+1 elements (old contents copied; the old block is left in
 * the arena, so growth costs at most twice the final size). */
static void *grow(struct bw_arena *a, void *old, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return old;
	size_t nc = *cap ? *cap * 2 : 8;
	void *p = bw_arena_calloc(a, nc, size);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, old, n * size);
	*cap = nc;
	return p;
}

/* ---- paths ---- */

static char *dir_of(struct bw_arena *a, const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return bw_arena_strdup(a, ".");
	if (s == path)
		return bw_arena_strdup(a, "/");
	return bw_arena_strndup(a, path, (size_t)(s - path));
}

/* dir/rel, with "." and "x/.." components removed lexically. */
static char *path_join(struct bw_arena *a, const char *dir, const char *rel)
{
	BW_CLEANUP(bw_freep) char *tmp = NULL;
	const char *comp[512];
	size_t n = 0;
	bool abs = rel[0] == '/';
	struct bw_buf out;

	if (asprintf(&tmp, "%s%s%s", abs || !dir ? "" : dir, abs || !dir ? "" : "/", rel) < 0) {
		tmp = NULL;
		return NULL;
	}
	abs = tmp[0] == '/';
	for (char *save = NULL, *t = strtok_r(tmp, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && n > 0 && strcmp(comp[n - 1], "..") != 0) {
			n--;
			continue;
		}
		if (strcmp(t, "..") == 0 && n == 0 && abs)
			continue;
		if (n == BW_ARRAY_SIZE(comp))
			return NULL;
		comp[n++] = t;
	}
	bw_buf_init(&out, 65536);
	int r = bw_buf_adds(&out, abs ? "/" : "");
	for (size_t i = 0; i < n && r == 0; i++)
		r = bw_buf_printf(&out, "%s%s", i ? "/" : "", comp[i]);
	if (r == 0 && out.len == 0)
		r = bw_buf_adds(&out, ".");
	char *res = r == 0 ? bw_arena_strdup(a, bw_buf_str(&out)) : NULL;
	bw_buf_release(&out);
	return res;
}

static bool is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_remote_ref(const char *s)
{
	return strstr(s, "://") || bw_str_startswith(s, "git@") || bw_str_startswith(s, "oci:");
}

/* ---- interpolation ---- */

struct interp {
	const char *const *vars;
	size_t n;
	char *err;
	size_t err_len;
};

static bool name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* The value of NAME, or NULL when it has none; the last definition wins. */
static const char *var_get(const char *const *vars, size_t n, const char *name, size_t len)
{
	for (size_t i = n; i-- > 0;)
		if (strncmp(vars[i], name, len) == 0 && vars[i][len] == '=')
			return vars[i] + len + 1;
	return NULL;
}

static int interp_bad(struct interp *in, const char *s, size_t len, const char *why)
{
	if (in->err)
		(void)snprintf(in->err, in->err_len, "invalid interpolation in '%.*s': %s",
			       (int)(len > 80 ? 80 : len), s, why);
	return -EINVAL;
}

/* Expands s[*i..len) into out, up to the end or, inside a `${...}` word, the closing brace. */
static int interp_run(struct interp *in, const char *s, size_t len, size_t *i, bool in_word,
		      unsigned depth, struct bw_buf *out, bool *unsure)
{
	int r = 0;

	if (depth > BW_MAX_INTERP_DEPTH)
		return interp_bad(in, s, len, "nested too deeply");
	while (*i < len && r == 0) {
		char ch = s[*i];
		if (in_word && ch == '}')
			return 0;
		if (ch != '$' || *i + 1 >= len) {
			r = bw_buf_addc(out, ch);
			(*i)++;
			continue;
		}
		char nx = s[*i + 1];
		if (nx == '$') {
			r = bw_buf_addc(out, '$');
			*i += 2;
			continue;
		}
		if (name_start(nx)) {
			size_t st = *i + 1, e = st;
			while (e < len && name_char(s[e]))
				e++;
			const char *v = var_get(in->vars, in->n, s + st, e - st);
			if (!v)
				*unsure = true;
			else
				r = bw_buf_adds(out, v);
			*i = e;
			continue;
		}
		if (nx != '{') {
			r = bw_buf_addc(out, '$'); /* "$(date)", "5$": Compose keeps them */
			(*i)++;
			continue;
		}
		size_t st = *i + 2, e = st;
		while (e < len && name_char(s[e]))
			e++;
		if (e == st || !name_start(s[st]))
			return interp_bad(in, s, len, "'${' must be followed by a variable name");
		const char *v = var_get(in->vars, in->n, s + st, e - st);
		bool colon = false, set = v != NULL, nonempty = v && *v;
		char op = 0;
		struct bw_buf word;
		bool wunsure = false;
		bw_buf_init(&word, BW_MAX_INTERP_VALUE);
		if (e + 1 < len && s[e] == ':' && s[e + 1] && strchr("-?+", s[e + 1])) {
			colon = true;
			op = s[e + 1];
			e += 2;
		} else if (e < len && s[e] && strchr("-?+", s[e])) {
			op = s[e];
			e += 1;
		}
		if (op) {
			r = interp_run(in, s, len, &e, true, depth + 1, &word, &wunsure);
			if (r < 0) {
				bw_buf_release(&word);
				return r;
			}
		}
		if (e >= len || s[e] != '}') {
			bw_buf_release(&word);
			return interp_bad(in, s, len, "'${' without a matching '}'");
		}
		*i = e + 1;
		bool missing = colon ? !nonempty : !set;
		switch (op) {
		case '-':
			if (missing) {
				r = bw_buf_adds(out, bw_buf_str(&word));
				*unsure |= wunsure;
			} else {
				r = bw_buf_adds(out, v);
			}
			break;
		case '+':
			if (!missing) {
				r = bw_buf_adds(out, bw_buf_str(&word));
				*unsure |= wunsure;
			}
			break;
		case '?':
			if (missing)
				*unsure = true; /* Compose stops here; we judge what we know */
			else
				r = bw_buf_adds(out, v);
			break;
		default:
			if (!set)
				*unsure = true;
			else
				r = bw_buf_adds(out, v);
			break;
		}
		bw_buf_release(&word);
	}
	if (r < 0)
		return r == -E2BIG ? interp_bad(in, s, len, "value too long once expanded") : r;
	return 0;
}

int compose_interpolate(const char *s, const char *const *vars, size_t n, char **ret,
			bool *ret_unsure, char *err_msg, size_t err_len)
{
	struct interp in = {.vars = vars, .n = n, .err = err_msg, .err_len = err_len};
	struct bw_buf out;
	size_t i = 0;
	bool unsure = false;
	int r;

	bw_buf_init(&out, BW_MAX_INTERP_VALUE);
	r = interp_run(&in, s, strlen(s), &i, false, 0, &out, &unsure);
	if (r == 0) {
		char *res = out.data ? bw_buf_steal(&out) : strdup("");
		if (!res)
			r = -ENOMEM;
		else {
			*ret = res;
			*ret_unsure = unsure;
		}
	}
	bw_buf_release(&out);
	return r;
}

static int interp_node(struct ctx *c, struct ydoc_node *n)
{
	char msg[300];
	BW_CLEANUP(bw_freep) char *res = NULL;
	bool unsure = false;
	int r;

	if (n->len != strlen(n->str) || !memchr(n->str, '$', n->len))
		return 0;
	r = compose_interpolate(n->str, (const char *const *)c->vars, c->n_vars, &res, &unsure, msg,
				sizeof(msg));
	if (r == -ENOMEM)
		return oom(c);
	if (r < 0)
		return cfail(c, n, "%s (write '$$' for a literal '$')", msg);
	if (strcmp(res, n->str) != 0 || unsure) {
		char *copy = bw_arena_strdup(c->a, res);
		if (!copy)
			return oom(c);
		n->orig = n->str;
		n->str = copy;
		n->len = strlen(copy);
		n->user |= COMPOSE_NODE_SUBST;
	}
	if (unsure)
		n->user |= COMPOSE_NODE_UNRESOLVED;
	return 0;
}

/* Interpolates every value (not keys) once; shared nodes are marked done. */
static int interp_tree(struct ctx *c, struct ydoc_node *n)
{
	int r = 0;

	if (n->user & COMPOSE_NODE_DONE)
		return 0;
	n->user |= COMPOSE_NODE_DONE;
	switch (n->kind) {
	case YDOC_SCALAR:
		return interp_node(c, n);
	case YDOC_SEQ:
		for (size_t i = 0; i < n->n_items && r == 0; i++)
			r = interp_tree(c, n->items[i]);
		break;
	case YDOC_MAP:
		for (size_t i = 0; i < n->n_pairs && r == 0; i++)
			r = interp_tree(c, n->pairs[i].value);
		break;
	case YDOC_KIND_COUNT:
		break;
	}
	return r;
}

/* ---- .env ---- */

static int env_add(struct ctx *c, const char *name, size_t nlen, const char *value)
{
	if (c->n_vars >= BW_MAX_DOTENV_VARS)
		return bw_errorf(c->err, -E2BIG, c->cf->env_path, 0, 0, "more than %u variables",
				 BW_MAX_DOTENV_VARS);
	char **v = grow(c->a, c->vars, c->n_vars, &c->cap_vars, sizeof(*v));
	if (!v)
		return oom(c);
	c->vars = v;
	c->vars[c->n_vars] = bw_arena_printf(c->a, "%.*s=%s", (int)nlen, name, value);
	if (!c->vars[c->n_vars])
		return oom(c);
	c->n_vars++;
	return 0;
}

/* Parses KEY=VALUE lines as Compose's dotenv does: `export`, comments, single quotes
 * (literal), double quotes (escapes, may span lines), ${VAR} from earlier lines. */
static int env_parse(struct ctx *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int line_no = 0;

	while (p < end) {
		const char *l = p, *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		line_no++;
		p = eol ? eol + 1 : end;
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		if (l == le || *l == '#' || *l == '\r')
			continue;
		if ((size_t)(le - l) > 7 && memcmp(l, "export ", 7) == 0)
			l += 7;
		while (l < le && *l == ' ')
			l++;
		const char *name = l;
		while (l < le && (name_char(*l) || *l == '.' || *l == '-'))
			l++;
		size_t nlen = (size_t)(l - name);
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		if (nlen == 0 || l == le || (*l != '=' && *l != ':'))
			continue; /* not an assignment: Compose ignores such lines too */
		l++;
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		struct bw_buf v;
		bool interpolate = true;
		int r = 0;
		bw_buf_init(&v, BW_MAX_INTERP_VALUE);
		if (l < le && (*l == '\'' || *l == '"')) {
			char q = *l++;
			const char *s = l;
			interpolate = q == '"';
			while (s < end && *s != q && r == 0) {
				if (q == '"' && *s == '\\' && s + 1 < end) {
					char e = s[1];
					r = bw_buf_addc(&v, e == 'n'   ? '\n'
							    : e == 't' ? '\t'
							    : e == 'r' ? '\r'
								       : e);
					s += 2;
					continue;
				}
				if (*s == '\n')
					line_no++;
				r = bw_buf_addc(&v, *s++);
			}
			/* continue after the closing quote's line */
			const char *nl = s < end ? memchr(s, '\n', (size_t)(end - s)) : NULL;
			p = nl ? nl + 1 : end;
		} else {
			const char *ve = le;
			for (const char *h = l; h < le; h++)
				if (*h == '#' && h > l && (h[-1] == ' ' || h[-1] == '\t')) {
					ve = h;
					break;
				}
			while (ve > l && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			r = bw_buf_add(&v, l, (size_t)(ve - l));
		}
		if (r < 0) {
			bw_buf_release(&v);
			return r == -ENOMEM ? oom(c)
					    : bw_errorf(c->err, r, c->cf->env_path, line_no, 0,
							"value too long");
		}
		const char *val = bw_buf_str(&v);
		BW_CLEANUP(bw_freep) char *expanded = NULL;
		if (interpolate && strchr(val, '$')) {
			bool unsure;
			if (compose_interpolate(val, (const char *const *)c->vars, c->n_vars,
						&expanded, &unsure, NULL, 0) == 0)
				val = expanded;
		}
		r = env_add(c, name, nlen, val);
		bw_buf_release(&v);
		if (r < 0)
			return r;
	}
	return 0;
}

static int env_load(struct ctx *c)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	size_t len;
	char *path;
	int r;

	if (!c->dir)
		return 0;
	path = path_join(c->a, c->dir, ".env");
	if (!path)
		return oom(c);
	if (!is_regular_file(path))
		return 0;
	r = bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len);
	if (r < 0)
		return bw_errorf(c->err, r, path, 0, 0, "cannot read: %s", strerror(-r));
	c->cf->env_path = path;
	return env_parse(c, data, len);
}

/* ---- top level ---- */

static const char *const spec_keys[] = {
	"version", "name",    "services", "networks", "volumes",
	"secrets", "configs", "include",  "models",   NULL,
};

static bool is_spec_key(const struct ydoc_node *k)
{
	if (k->kind != YDOC_SCALAR)
		return false;
	if (bw_str_startswith(k->str, "x-"))
		return true;
	for (size_t i = 0; spec_keys[i]; i++)
		if (strcmp(k->str, spec_keys[i]) == 0)
			return true;
	return false;
}

/* Levenshtein distance, capped: enough to suggest `services` for `sevices`. */
static unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned prev = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cur = row[j];
			unsigned sub = prev + (tolower((unsigned char)a[i - 1]) !=
					       tolower((unsigned char)b[j - 1]));
			unsigned del = row[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			prev = cur;
		}
	}
	return row[lb];
}

static const char *suggest_key(const char *key)
{
	const char *best = NULL;
	unsigned best_d = 3;

	for (size_t i = 0; spec_keys[i]; i++) {
		unsigned d = edit_distance(key, spec_keys[i]);
		if (d < best_d) {
			best_d = d;
			best = spec_keys[i];
		}
	}
	return best;
}

static bool looks_like_service(const struct ydoc_node *v)
{
	return v && v->kind == YDOC_MAP &&
	       (ydoc_map_get(v, "image") || ydoc_map_get(v, "build") || ydoc_map_get(v, "extends"));
}

static int check_top(struct ctx *c, const struct ydoc_node *root, enum compose_format *ret)
{
	bool any_spec = false, all_services = root->n_pairs > 0;

	for (size_t i = 0; i < root->n_pairs; i++) {
		const struct ydoc_pair *p = &root->pairs[i];
		if (is_spec_key(p->key))
			any_spec = true;
		else if (!(p->value->kind == YDOC_MAP || ydoc_is_null(p->value)))
			all_services = false;
	}
	if (!any_spec && all_services) {
		for (size_t i = 0; i < root->n_pairs; i++)
			if (looks_like_service(root->pairs[i].value)) {
				*ret = COMPOSE_FORMAT_V1;
				return 0;
			}
	}
	for (size_t i = 0; i < root->n_pairs; i++) {
		const struct ydoc_node *k = root->pairs[i].key;
		if (is_spec_key(k))
			continue;
		if (k->kind != YDOC_SCALAR)
			return cfail(c, k, "top-level keys must be strings, not a %s",
				     ydoc_kind_name(k->kind));
		const char *s = suggest_key(k->str);
		if (s)
			return cfail(c, k, "unknown top-level key '%.80s' (did you mean '%s'?)",
				     k->str, s);
		return cfail(c, k,
			     "unknown top-level key '%.80s' (expected services, networks, volumes, "
			     "secrets, configs, include, name, version or x-*)",
			     k->str);
	}
	*ret = COMPOSE_FORMAT_SPEC;
	return 0;
}

/* ---- typed values ---- */

/* Entries compared when merging an inherited list into a service's: real lists are short;
 * past this, inherited duplicates are kept rather than compared quadratically. */
#define MERGE_SCAN 1024u

struct svc_caps {
	size_t ports, mounts, env;
	size_t cap_add, cap_drop, security_opt, devices, sysctls, secrets, env_files, profiles;
};

static struct compose_where where_of(const struct compose_service *svc,
				     const struct compose_layer *layer, const struct ydoc_node *n)
{
	if (layer->via)
		return (struct compose_where){svc->extends_at.line, svc->extends_at.col,
					      layer->via};
	return (struct compose_where){n->line, n->col, NULL};
}

static int list_add(struct ctx *c, struct compose_list *l, size_t *cap, struct compose_where at,
		    const char *s, bool unsure)
{
	/* extends merges these lists as sets: an inherited item the service has is dropped
	 * (bounded: a hostile file may have huge lists) */
	for (size_t i = 0; at.via && l->len <= MERGE_SCAN && i < l->len; i++)
		if (strcmp(l->items[i].s, s) == 0)
			return 0;
	struct compose_item *it = grow(c->a, l->items, l->len, cap, sizeof(*it));
	if (!it)
		return oom(c);
	l->items = it;
	l->items[l->len++] = (struct compose_item){.at = at, .s = s, .unsure = unsure};
	return 0;
}

static int shape_error(struct ctx *c, const struct compose_service *svc, const char *key,
		       const struct ydoc_node *n, const char *want)
{
	return cfail(c, n, "service '%.80s' '%s' must be %s, not a %s", svc->name, key, want,
		     ydoc_kind_name(n->kind));
}

/* A list of strings (cap_add, security_opt, profiles ...). */
static int parse_str_list(struct ctx *c, struct compose_service *svc,
			  const struct compose_layer *layer, const char *key,
			  struct compose_list *l, size_t *cap, bool caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, key);

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind != YDOC_SEQ)
		return shape_error(c, svc, key, v, "a list");
	for (size_t i = 0; i < v->n_items; i++) {
		const struct ydoc_node *it = v->items[i];
		if (it->kind != YDOC_SCALAR)
			return shape_error(c, svc, key, it, "a list of strings");
		const char *s = it->str;
		if (caps) {
			char *u =
				bw_arena_strdup(c->a, bw_str_casestartswith(s, "CAP_") ? s + 4 : s);
			if (!u)
				return oom(c);
			for (char *q = u; *q; q++)
				*q = (char)toupper((unsigned char)*q);
			s = u;
		}
		int r = list_add(c, l, cap, where_of(svc, layer, it), s, compose_unsure(it));
		if (r < 0)
			return r;
	}
	return 0;
}

/* sysctls: mapping or list of "k=v". */
static int parse_sysctls(struct ctx *c, struct compose_service *svc,
			 const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "sysctls");
	int r = 0;

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind == YDOC_SEQ)
		return parse_str_list(c, svc, layer, "sysctls", &svc->sysctls, &caps->sysctls,
				      false);
	if (v->kind != YDOC_MAP)
		return shape_error(c, svc, "sysctls", v, "a mapping or a list");
	for (size_t i = 0; i < v->n_pairs && r == 0; i++) {
		const struct ydoc_pair *p = &v->pairs[i];
		const char *val = ydoc_str(p->value);
		char *s = bw_arena_printf(c->a, "%s=%s", ydoc_str(p->key) ? p->key->str : "",
					  val ? val : "");
		if (!s)
			return oom(c);
		r = list_add(c, &svc->sysctls, &caps->sysctls, where_of(svc, layer, p->key), s,
			     compose_unsure(p->value));
	}
	return r;
}

/* devices: "/dev/x[:/dev/y[:rwm]]" or {source, target, permissions}. */
static int parse_devices(struct ctx *c, struct compose_service *svc,
			 const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "devices");
	int r = 0;

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind != YDOC_SEQ)
		return shape_error(c, svc, "devices", v, "a list");
	for (size_t i = 0; i < v->n_items && r == 0; i++) {
		const struct ydoc_node *it = v->items[i];
		const struct ydoc_node *src =
			it->kind == YDOC_MAP ? ydoc_map_get(it, "source") : it;
		if (!src || src->kind != YDOC_SCALAR)
			return shape_error(c, svc, "devices", it, "a list of strings or mappings");
		r = list_add(c, &svc->devices, &caps->devices, where_of(svc, layer, it), src->str,
			     compose_unsure(src));
	}
	return r;
}

/* secrets: "name" or {source: name, target, ...}. */
static int parse_secrets(struct ctx *c, struct compose_service *svc,
			 const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "secrets");
	int r = 0;

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind != YDOC_SEQ)
		return shape_error(c, svc, "secrets", v, "a list");
	for (size_t i = 0; i < v->n_items && r == 0; i++) {
		const struct ydoc_node *it = v->items[i];
		const struct ydoc_node *src =
			it->kind == YDOC_MAP ? ydoc_map_get(it, "source") : it;
		if (!src || src->kind != YDOC_SCALAR)
			return shape_error(c, svc, "secrets", it, "a list of names or mappings");
		r = list_add(c, &svc->secrets, &caps->secrets, where_of(svc, layer, it), src->str,
			     compose_unsure(src));
	}
	return r;
}

/* env_file: "path", ["a", "b"] or [{path, required}]. */
static int parse_env_files(struct ctx *c, struct compose_service *svc,
			   const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "env_file");
	int r = 0;

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind == YDOC_SCALAR)
		return list_add(c, &svc->env_files, &caps->env_files, where_of(svc, layer, v),
				v->str, compose_unsure(v));
	if (v->kind != YDOC_SEQ)
		return shape_error(c, svc, "env_file", v, "a path or a list");
	for (size_t i = 0; i < v->n_items && r == 0; i++) {
		const struct ydoc_node *it = v->items[i];
		const struct ydoc_node *p = it->kind == YDOC_MAP ? ydoc_map_get(it, "path") : it;
		if (!p || p->kind != YDOC_SCALAR)
			return shape_error(c, svc, "env_file", it, "a list of paths or mappings");
		r = list_add(c, &svc->env_files, &caps->env_files, where_of(svc, layer, it), p->str,
			     compose_unsure(p));
	}
	return r;
}

static int env_push(struct ctx *c, struct compose_service *svc, struct svc_caps *caps,
		    struct compose_env e)
{
	for (size_t i = 0; e.at.via && svc->n_env <= MERGE_SCAN && i < svc->n_env; i++)
		if (strcmp(svc->env[i].name, e.name) == 0)
			return 0; /* an inherited variable the service sets itself */
	struct compose_env *n = grow(c->a, svc->env, svc->n_env, &caps->env, sizeof(*n));
	if (!n)
		return oom(c);
	svc->env = n;
	svc->env[svc->n_env++] = e;
	return 0;
}

/* environment: ["K=V", "K"] or {K: V, K: null}. */
static int parse_environment(struct ctx *c, struct compose_service *svc,
			     const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "environment");
	int r = 0;

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind == YDOC_SEQ) {
		for (size_t i = 0; i < v->n_items && r == 0; i++) {
			const struct ydoc_node *it = v->items[i];
			if (it->kind != YDOC_SCALAR)
				return shape_error(c, svc, "environment", it,
						   "a list of 'NAME=value' strings");
			const char *eq = strchr(it->str, '=');
			const char *raw = it->orig ? it->orig : it->str;
			const char *req = strchr(raw, '=');
			struct compose_env e = {
				.at = where_of(svc, layer, it),
				.name = eq ? bw_arena_strndup(c->a, it->str, (size_t)(eq - it->str))
					   : it->str,
				.value = eq ? eq + 1 : NULL,
				.raw = req ? req + 1 : NULL,
				.unsure = compose_unsure(it),
			};
			if (!e.name)
				return oom(c);
			r = env_push(c, svc, caps, e);
		}
		return r;
	}
	if (v->kind != YDOC_MAP)
		return shape_error(c, svc, "environment", v, "a mapping or a list");
	for (size_t i = 0; i < v->n_pairs && r == 0; i++) {
		const struct ydoc_pair *p = &v->pairs[i];
		if (p->key->kind != YDOC_SCALAR)
			return shape_error(c, svc, "environment", p->key, "keyed by names");
		if (p->value->kind != YDOC_SCALAR)
			return shape_error(c, svc, "environment", p->value,
					   "a mapping of names to strings");
		bool null = ydoc_is_null(p->value);
		struct compose_env e = {
			.at = where_of(svc, layer, p->value),
			.name = p->key->str,
			.value = null ? NULL : p->value->str,
			.raw = null		? NULL
			       : p->value->orig ? p->value->orig
						: p->value->str,
			.unsure = compose_unsure(p->value),
		};
		r = env_push(c, svc, caps, e);
	}
	return r;
}

/* "8080" or "8000-8010": 0, or -EINVAL when not a port or range. */
static int port_range(const char *s, size_t n, unsigned *lo, unsigned *hi)
{
	unsigned v[2] = {0, 0};
	int k = 0;
	size_t i = 0;

	if (n == 0)
		return -EINVAL;
	for (;;) {
		size_t st = i;
		unsigned x = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && x <= 65535)
			x = x * 10 + (unsigned)(s[i++] - '0');
		if (i == st || x > 65535)
			return -EINVAL;
		v[k++] = x;
		if (i == n)
			break;
		if (s[i] != '-' || k == 2)
			return -EINVAL;
		i++;
	}
	if (k == 2 && v[1] < v[0])
		return -EINVAL;
	*lo = v[0];
	*hi = k == 2 ? v[1] : v[0];
	return 0;
}

/* Short syntax: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], IPv6 hosts in brackets. */
static void port_short(struct bw_arena *a, const char *text, struct compose_port *p)
{
	size_t len = strlen(text);
	const char *slash = memchr(text, '/', len);
	size_t n = slash ? (size_t)(slash - text) : len;
	const char *ip = NULL, *rest = text;
	size_t ip_len = 0, rest_len = n;

	if (n > 0 && text[0] == '[') {
		const char *cb = memchr(text, ']', n);
		if (cb && cb + 1 < text + n && cb[1] == ':') {
			ip = text + 1;
			ip_len = (size_t)(cb - ip);
			rest = cb + 2;
			rest_len = n - (size_t)(rest - text);
		}
	}
	/* Split from the right: container, then host port, then whatever is left is the IP. */
	const char *c1 = NULL, *c2 = NULL;
	for (size_t i = rest_len; i-- > 0;) {
		if (rest[i] != ':')
			continue;
		if (!c1)
			c1 = rest + i;
		else if (!c2 && !ip) {
			c2 = rest + i;
			break;
		}
	}
	const char *ctr = c1 ? c1 + 1 : rest;
	size_t ctr_len = rest_len - (size_t)(ctr - rest);
	if (c1) {
		const char *hs = c2 ? c2 + 1 : rest;
		size_t hl = (size_t)(c1 - hs);
		if (c2 && !ip) {
			ip = rest;
			ip_len = (size_t)(c2 - rest);
		}
		if (hl > 0) {
			p->published = true;
			if (port_range(hs, hl, &p->published_lo, &p->published_hi) < 0)
				p->unsure = true;
		}
	}
	if (port_range(ctr, ctr_len, &p->target_lo, &p->target_hi) < 0)
		p->unsure = true;
	if (ip && ip_len > 0)
		p->host_ip = bw_arena_strndup(a, ip, ip_len);
}

static int parse_ports(struct ctx *c, struct compose_service *svc,
		       const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "ports");

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind != YDOC_SEQ)
		return shape_error(c, svc, "ports", v, "a list");
	for (size_t i = 0; i < v->n_items; i++) {
		const struct ydoc_node *it = v->items[i];
		struct compose_port p = {.at = where_of(svc, layer, it)};
		if (it->kind == YDOC_SCALAR) {
			p.text = it->str;
			p.unsure = compose_unsure(it);
			port_short(c->a, it->str, &p);
		} else if (it->kind == YDOC_MAP) {
			const struct ydoc_node *t = ydoc_map_get(it, "target");
			const struct ydoc_node *pub = ydoc_map_get(it, "published");
			const struct ydoc_node *ip = ydoc_map_get(it, "host_ip");
			p.text = ydoc_str(t) ? t->str : "";
			if (!ydoc_str(t) || port_range(t->str, t->len, &p.target_lo, &p.target_hi))
				p.unsure = true;
			if (ydoc_str(pub) && !ydoc_is_null(pub)) {
				p.published = true;
				if (port_range(pub->str, pub->len, &p.published_lo,
					       &p.published_hi) < 0)
					p.unsure = true;
				p.unsure |= compose_unsure(pub);
			}
			if (ydoc_str(ip) && ip->len > 0) {
				p.host_ip = ip->str;
				p.unsure |= compose_unsure(ip);
			}
			p.unsure |= compose_unsure(t);
		} else {
			return shape_error(c, svc, "ports", it, "a list of strings or mappings");
		}
		struct compose_port *np =
			grow(c->a, svc->ports, svc->n_ports, &caps->ports, sizeof(*np));
		if (!np)
			return oom(c);
		svc->ports = np;
		svc->ports[svc->n_ports++] = p;
	}
	return 0;
}

static const char *const propagations[] = {
	"shared", "rshared", "slave", "rslave", "private", "rprivate", NULL,
};

static const char *propagation_word(const char *w, size_t n)
{
	for (size_t i = 0; propagations[i]; i++)
		if (strlen(propagations[i]) == n && memcmp(propagations[i], w, n) == 0)
			return propagations[i];
	return NULL;
}

static bool is_host_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '\\' ||
	       (isalpha((unsigned char)s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/'));
}

/* Short syntax: "SRC:DST[:MODE]", "DST"; Windows sources like C:\x keep their colon. */
static int mount_short(struct ctx *c, const char *s, struct compose_mount *m)
{
	const char *parts[3] = {NULL, NULL, NULL};
	size_t lens[3] = {0, 0, 0};
	size_t n = 0;
	const char *p = s;
	bool drive = isalpha((unsigned char)s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/');

	while (n < 3) {
		const char *col = strchr(drive && n == 0 ? p + 2 : p, ':');
		if (!col || n == 2) {
			parts[n] = p;
			lens[n++] = strlen(p);
			break;
		}
		parts[n] = p;
		lens[n++] = (size_t)(col - p);
		p = col + 1;
	}
	if (n == 1) {
		m->type = COMPOSE_MOUNT_VOLUME; /* anonymous */
		m->target = s;
		return 0;
	}
	m->source = bw_arena_strndup(c->a, parts[0], lens[0]);
	m->target = bw_arena_strndup(c->a, parts[1], lens[1]);
	if (!m->source || !m->target)
		return oom(c);
	m->type = is_host_path(m->source) ? COMPOSE_MOUNT_BIND : COMPOSE_MOUNT_VOLUME;
	if (n == 3) {
		const char *w = parts[2], *end = parts[2] + lens[2];
		while (w < end) {
			const char *e = memchr(w, ',', (size_t)(end - w));
			size_t wl = (size_t)((e ? e : end) - w);
			if (wl == 2 && memcmp(w, "ro", 2) == 0)
				m->read_only = true;
			const char *pw = propagation_word(w, wl);
			if (pw)
				m->propagation = pw;
			w = e ? e + 1 : end;
		}
	}
	return 0;
}

static int parse_mounts(struct ctx *c, struct compose_service *svc,
			const struct compose_layer *layer, struct svc_caps *caps)
{
	const struct ydoc_node *v = ydoc_map_get(layer->map, "volumes");
	int r;

	if (!v || ydoc_is_null(v))
		return 0;
	if (v->kind != YDOC_SEQ)
		return shape_error(c, svc, "volumes", v, "a list");
	for (size_t i = 0; i < v->n_items; i++) {
		const struct ydoc_node *it = v->items[i];
		struct compose_mount m = {.at = where_of(svc, layer, it)};
		if (it->kind == YDOC_SCALAR) {
			m.unsure = compose_unsure(it);
			r = mount_short(c, it->str, &m);
			if (r < 0)
				return r;
		} else if (it->kind == YDOC_MAP) {
			const char *type = ydoc_str(ydoc_map_get(it, "type"));
			const struct ydoc_node *src = ydoc_map_get(it, "source");
			const struct ydoc_node *dst = ydoc_map_get(it, "target");
			const struct ydoc_node *bind = ydoc_map_get(it, "bind");
			bool ro = false;
			m.long_syntax = true;
			m.source = ydoc_str(src) && src->len ? src->str : NULL;
			m.target = ydoc_str(dst) ? dst->str : "";
			if (!type)
				m.type = m.source && is_host_path(m.source) ? COMPOSE_MOUNT_BIND
									    : COMPOSE_MOUNT_VOLUME;
			else if (strcmp(type, "bind") == 0)
				m.type = COMPOSE_MOUNT_BIND;
			else if (strcmp(type, "volume") == 0)
				m.type = COMPOSE_MOUNT_VOLUME;
			else if (strcmp(type, "tmpfs") == 0)
				m.type = COMPOSE_MOUNT_TMPFS;
			else
				m.type = COMPOSE_MOUNT_OTHER;
			if (compose_bool(ydoc_map_get(it, "read_only"), &ro) == 0)
				m.read_only = ro;
			const char *prop = ydoc_str(ydoc_map_get(bind, "propagation"));
			if (prop)
				m.propagation = propagation_word(prop, strlen(prop));
			m.unsure = compose_unsure(src) || compose_unsure(dst);
		} else {
			return shape_error(c, svc, "volumes", it, "a list of strings or mappings");
		}
		bool dup = false;
		for (size_t k = 0;
		     m.at.via && svc->n_mounts <= MERGE_SCAN && k < svc->n_mounts && !dup; k++)
			dup = svc->mounts[k].at.via != m.at.via && m.target[0] &&
			      strcmp(svc->mounts[k].target, m.target) == 0;
		if (dup)
			continue; /* extends merges volumes by target: the nearer layer wins */
		struct compose_mount *nm =
			grow(c->a, svc->mounts, svc->n_mounts, &caps->mounts, sizeof(*nm));
		if (!nm)
			return oom(c);
		svc->mounts = nm;
		svc->mounts[svc->n_mounts++] = m;
	}
	return 0;
}

static int parse_layer(struct ctx *c, struct compose_service *svc, const struct compose_layer *l,
		       struct svc_caps *caps)
{
	const char *saved = c->cur_path;
	int r;

	if (l->file)
		c->cur_path = l->file;
	r = parse_ports(c, svc, l, caps);
	if (r == 0)
		r = parse_mounts(c, svc, l, caps);
	if (r == 0)
		r = parse_environment(c, svc, l, caps);
	if (r == 0)
		r = parse_str_list(c, svc, l, "cap_add", &svc->cap_add, &caps->cap_add, true);
	if (r == 0)
		r = parse_str_list(c, svc, l, "cap_drop", &svc->cap_drop, &caps->cap_drop, true);
	if (r == 0)
		r = parse_str_list(c, svc, l, "security_opt", &svc->security_opt,
				   &caps->security_opt, false);
	if (r == 0)
		r = parse_str_list(c, svc, l, "profiles", &svc->profiles, &caps->profiles, false);
	if (r == 0)
		r = parse_devices(c, svc, l, caps);
	if (r == 0)
		r = parse_sysctls(c, svc, l, caps);
	if (r == 0)
		r = parse_secrets(c, svc, l, caps);
	if (r == 0)
		r = parse_env_files(c, svc, l, caps);
	c->cur_path = saved;
	return r;
}

/* ---- extends ---- */

/* The services mapping of a document root: `services:` or, for v1, the root itself. */
static const struct ydoc_node *services_of(const struct ydoc_node *root)
{
	const struct ydoc_node *s;

	if (!root || root->kind != YDOC_MAP)
		return NULL;
	s = ydoc_map_get(root, "services");
	if (s)
		return s->kind == YDOC_MAP ? s : NULL;
	for (size_t i = 0; i < root->n_pairs; i++)
		if (is_spec_key(root->pairs[i].key))
			return NULL;
	return root;
}

static int add_missing(struct ctx *c, struct compose_where at, const char *path, const char *what,
		       const char *why)
{
	struct compose_file *cf = c->cf;
	struct compose_ref *m = grow(c->a, cf->missing, cf->n_missing, &c->cap_missing, sizeof(*m));

	if (!m)
		return oom(c);
	cf->missing = m;
	cf->missing[cf->n_missing++] =
		(struct compose_ref){.at = at, .path = path, .what = what, .why = why};
	return 0;
}

/* Loads (once) a file named by `extends: file:`; *ret NULL when it does not exist. */
static int load_other(struct ctx *c, const char *path, struct ydoc_file **ret)
{
	struct compose_file *cf = c->cf;
	struct ydoc_file *f = NULL;
	struct bw_error perr = {0};
	int r;

	for (size_t i = 0; i < cf->n_others; i++)
		if (strcmp(cf->others[i]->path, path) == 0) {
			*ret = cf->others[i];
			return 0;
		}
	*ret = NULL;
	if (!is_regular_file(path))
		return 0;
	struct ydoc_file **o = grow(c->a, cf->others, cf->n_others, &c->cap_others, sizeof(*o));
	if (!o)
		return oom(c);
	cf->others = o;
	r = ydoc_parse_path(path, &f, &perr);
	if (r < 0) {
		*c->err = perr;
		return r;
	}
	cf->others[cf->n_others++] = f;
	for (size_t d = 0; d < f->n_docs; d++) {
		r = interp_tree(c, f->docs[d].root);
		if (r < 0)
			return r;
	}
	*ret = f;
	return 0;
}

static const struct ydoc_node *find_service(const struct ydoc_node *services, const char *name)
{
	return ydoc_map_get(services, name);
}

static int build_layers(struct ctx *c, struct compose_service *svc,
			const struct ydoc_node *services)
{
	struct compose_layer *layers;
	size_t n = 1;
	const char *cur_file = NULL; /* NULL: the main file */
	const char *cur_dir = c->dir;
	const struct ydoc_node *cur_services = services;

	layers = bw_arena_calloc(c->a, BW_MAX_COMPOSE_EXTENDS + 1, sizeof(*layers));
	if (!layers)
		return oom(c);
	layers[0] = (struct compose_layer){.map = svc->map, .service = svc->name};
	svc->layers = layers;
	svc->n_layers = 1;
	const struct ydoc_pair *ext0 = ydoc_map_pair(svc->map, "extends");
	if (ext0)
		svc->extends_at = (struct compose_where){ext0->key->line, ext0->key->col, NULL};
	for (;;) {
		const struct compose_layer *cur = &layers[n - 1];
		const struct ydoc_node *ext = ydoc_map_get(cur->map, "extends");
		const struct ydoc_node *sname, *file = NULL;
		struct compose_where at = {svc->extends_at.line, svc->extends_at.col, cur->via};
		if (!ext || ydoc_is_null(ext))
			break;
		sname = ext->kind == YDOC_MAP ? ydoc_map_get(ext, "service") : ext;
		if (ext->kind == YDOC_MAP)
			file = ydoc_map_get(ext, "file");
		if (!ydoc_str(sname) || (file && !ydoc_str(file))) {
			const char *saved = c->cur_path;
			if (cur_file)
				c->cur_path = cur_file;
			int r = cfail(c, ext,
				      "service '%.80s' 'extends' needs a service name (and an "
				      "optional 'file')",
				      cur->service);
			c->cur_path = saved;
			return r;
		}
		const char *next_file = cur_file;
		const char *next_dir = cur_dir;
		const struct ydoc_node *next_services = cur_services;
		if (file) {
			if (is_remote_ref(file->str) || !cur_dir)
				return add_missing(c, at, file->str, "extends",
						   cur_dir ? "is not a local file" : "not checked");
			char *p = path_join(c->a, cur_dir, file->str);
			struct ydoc_file *f;
			if (!p)
				return oom(c);
			if (strcmp(p, c->cf->path) == 0) {
				next_file = NULL;
				next_services = services;
				next_dir = c->dir;
			} else {
				int r = load_other(c, p, &f);
				if (r < 0)
					return r;
				if (!f)
					return add_missing(c, at, file->str, "extends",
							   "not found");
				next_file = f->path;
				next_dir = dir_of(c->a, p);
				next_services = f->n_docs ? services_of(f->docs[0].root) : NULL;
				if (!next_dir)
					return oom(c);
			}
		}
		const struct ydoc_node *base = find_service(next_services, sname->str);
		if (!base || base->kind != YDOC_MAP) {
			if (!next_file && !cur_file)
				return cfail(
					c, sname,
					"service '%.80s' extends '%.80s', which this file does "
					"not define",
					cur->service, sname->str);
			char *why = bw_arena_printf(c->a, "defines no service '%.80s'", sname->str);
			if (!why)
				return oom(c);
			return add_missing(c, at, next_file ? next_file : c->cf->path, "extends",
					   why);
		}
		for (size_t i = 0; i < n; i++)
			if (layers[i].map == base)
				return cfail(c, ext,
					     "service '%.80s' extends itself through '%.80s'",
					     svc->name, sname->str);
		if (n > BW_MAX_COMPOSE_EXTENDS)
			return cfail(c, ext, "service '%.80s' extends more than %u levels deep",
				     svc->name, BW_MAX_COMPOSE_EXTENDS);
		char *via = next_file ? bw_arena_printf(c->a, "inherited from '%s' service '%s'",
							base_name(next_file), sname->str)
				      : bw_arena_printf(c->a, "inherited from service '%s'",
							sname->str);
		if (!via)
			return oom(c);
		layers[n++] = (struct compose_layer){
			.map = base, .service = sname->str, .file = next_file, .via = via};
		svc->n_layers = n;
		cur_file = next_file;
		cur_dir = next_dir;
		cur_services = next_services;
	}
	return 0;
}

/* ---- services, includes ---- */

static int add_services(struct ctx *c, const struct ydoc_node *services)
{
	struct compose_file *cf = c->cf;

	if (!services || ydoc_is_null(services))
		return 0;
	if (services->kind != YDOC_MAP)
		return cfail(c, services, "'services' must be a mapping, not a %s",
			     ydoc_kind_name(services->kind));
	if (services->n_pairs > BW_MAX_COMPOSE_SERVICES)
		return bw_errorf(c->err, -E2BIG, c->cur_path, services->line, services->col,
				 "more than %u services", BW_MAX_COMPOSE_SERVICES);
	for (size_t i = 0; i < services->n_pairs; i++) {
		const struct ydoc_pair *p = &services->pairs[i];
		if (p->key->kind != YDOC_SCALAR)
			return cfail(c, p->key, "service names must be strings, not a %s",
				     ydoc_kind_name(p->key->kind));
		if (ydoc_is_null(p->value))
			continue;
		if (p->value->kind != YDOC_MAP)
			return cfail(c, p->value, "service '%.80s' must be a mapping, not a %s",
				     p->key->str, ydoc_kind_name(p->value->kind));
		struct compose_service *s =
			grow(c->a, cf->services, cf->n_services, &c->cap_services, sizeof(*s));
		if (!s)
			return oom(c);
		cf->services = s;
		struct compose_service *svc = &cf->services[cf->n_services++];
		struct svc_caps caps = {0};
		*svc = (struct compose_service){
			.name = p->key->str,
			.at = {p->key->line, p->key->col, NULL},
			.map = p->value,
		};
		int r = build_layers(c, svc, services);
		for (size_t l = 0; l < svc->n_layers && r == 0; l++)
			r = parse_layer(c, svc, &svc->layers[l], &caps);
		if (r < 0)
			return r;
	}
	return 0;
}

static int add_include_path(struct ctx *c, const struct ydoc_node *n)
{
	struct compose_file *cf = c->cf;
	struct compose_where at = {n->line, n->col, NULL};

	if (n->kind != YDOC_SCALAR)
		return cfail(c, n, "'include' paths must be strings, not a %s",
			     ydoc_kind_name(n->kind));
	if (is_remote_ref(n->str))
		return add_missing(c, at, n->str, "include", "is not a local file");
	if (!c->dir)
		return add_missing(c, at, n->str, "include", "not checked");
	char *p = path_join(c->a, c->dir, n->str);
	if (!p)
		return oom(c);
	if (!is_regular_file(p))
		return add_missing(c, at, n->str, "include", "not found");
	struct compose_include *inc =
		grow(c->a, cf->includes, cf->n_includes, &c->cap_includes, sizeof(*inc));
	if (!inc)
		return oom(c);
	cf->includes = inc;
	cf->includes[cf->n_includes++] = (struct compose_include){.at = at, .path = p};
	return 0;
}

/* include: ["a.yaml", {path: "b.yaml"}, {path: ["c.yaml", "d.yaml"]}] */
static int add_includes(struct ctx *c, const struct ydoc_node *inc)
{
	int r = 0;

	if (!inc || ydoc_is_null(inc))
		return 0;
	if (inc->kind != YDOC_SEQ)
		return cfail(c, inc, "'include' must be a list, not a %s",
			     ydoc_kind_name(inc->kind));
	for (size_t i = 0; i < inc->n_items && r == 0; i++) {
		const struct ydoc_node *it = inc->items[i];
		if (it->kind != YDOC_MAP) {
			r = add_include_path(c, it);
			continue;
		}
		const struct ydoc_node *p = ydoc_map_get(it, "path");
		if (!p)
			return cfail(c, it, "'include' entry without 'path'");
		if (p->kind == YDOC_SEQ) {
			for (size_t k = 0; k < p->n_items && r == 0; k++)
				r = add_include_path(c, p->items[k]);
		} else {
			r = add_include_path(c, p);
		}
	}
	return r;
}

static int build_doc(struct ctx *c, const struct ydoc_node *root)
{
	struct compose_file *cf = c->cf;
	enum compose_format fmt;
	int r;

	if (ydoc_is_null(root))
		return 0;
	if (root->kind != YDOC_MAP)
		return cfail(c, root, "the top level must be a mapping, not a %s",
			     ydoc_kind_name(root->kind));
	r = check_top(c, root, &fmt);
	if (r < 0)
		return r;
	if (!cf->root) {
		cf->root = root;
		cf->format = fmt;
		if (fmt == COMPOSE_FORMAT_V1)
			cf->format_line = root->pairs[0].key->line;
	}
	if (fmt == COMPOSE_FORMAT_V1)
		return add_services(c, root);
	const struct ydoc_node *sec = ydoc_map_get(root, "secrets");
	if (sec && sec->kind == YDOC_MAP && !cf->top_secrets)
		cf->top_secrets = sec;
	r = add_includes(c, ydoc_map_get(root, "include"));
	if (r == 0)
		r = add_services(c, ydoc_map_get(root, "services"));
	return r;
}

static int build(struct ctx *c)
{
	struct ydoc_file *y = c->cf->ydoc;
	int r;

	r = env_load(c);
	for (size_t d = 0; d < y->n_docs && r == 0; d++)
		r = interp_tree(c, y->docs[d].root);
	for (size_t d = 0; d < y->n_docs && r == 0; d++)
		r = build_doc(c, y->docs[d].root);
	if (r == 0 && !c->cf->root)
		r = bw_errorf(c->err, -EINVAL, c->cf->path, 1, 1,
			      "the file is empty: a compose file needs a top-level mapping");
	return r;
}

int compose_file_parse_mem(const char *path, const char *dir, const char *data, size_t len,
			   struct compose_file **ret, struct bw_error *err)
{
	BW_CLEANUP(compose_file_freep) struct compose_file *cf = calloc(1, sizeof(*cf));
	struct ctx c = {.err = err};
	int r;

	if (!cf)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	r = ydoc_parse_mem(path, data, len, &cf->ydoc, err);
	if (r < 0)
		return r;
	c.cf = cf;
	c.a = &cf->ydoc->arena;
	c.cur_path = cf->ydoc->path;
	cf->path = cf->ydoc->path;
	if (dir) {
		c.dir = bw_arena_strdup(c.a, dir);
		if (!c.dir)
			return oom(&c);
	}
	r = build(&c);
	if (r < 0)
		return r;
	*ret = BW_TAKE(cf);
	return 0;
}

int compose_file_parse_path(const char *path, struct compose_file **ret, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *data = NULL;
	BW_CLEANUP(bw_freep) char *dir = NULL;
	const char *slash = strrchr(path, '/');
	size_t len = 0;
	int r = bw_file_read(path, BW_MAX_CONFIG_FILE, &data, &len);

	if (r == -EFBIG)
		return bw_errorf(err, r, path, 0, 0, "file larger than %u bytes",
				 BW_MAX_CONFIG_FILE);
	if (r < 0)
		return bw_errorf(err, r, path, 0, 0, "cannot read: %s", strerror(-r));
	dir = slash ? (slash == path ? strdup("/") : strndup(path, (size_t)(slash - path)))
		    : strdup(".");
	if (!dir)
		return bw_errorf(err, -ENOMEM, path, 0, 0, "out of memory");
	return compose_file_parse_mem(path, dir, data, len, ret, err);
}

struct compose_file *compose_file_free(struct compose_file *cf)
{
	if (!cf)
		return NULL;
	for (size_t i = 0; i < cf->n_others; i++)
		ydoc_file_free(cf->others[i]);
	ydoc_file_free(cf->ydoc);
	free(cf);
	return NULL;
}

void compose_file_freep(struct compose_file **cf)
{
	*cf = compose_file_free(*cf);
}

/* ---- queries ---- */

static const struct ydoc_node *get_path(const struct ydoc_node *map, const char *key)
{
	const char *p = key;
	const struct ydoc_node *n = map;

	while (n && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		char part[64];
		if (len >= sizeof(part))
			return NULL;
		memcpy(part, p, len);
		part[len] = '\0';
		n = ydoc_map_get(n, part);
		p = dot ? dot + 1 : p + len;
	}
	return n;
}

const struct ydoc_node *compose_service_get(const struct compose_service *svc, const char *key,
					    struct compose_where *at)
{
	for (size_t i = 0; i < svc->n_layers; i++) {
		const struct ydoc_node *n = get_path(svc->layers[i].map, key);
		if (!n)
			continue;
		if (at)
			*at = where_of(svc, &svc->layers[i], n);
		return n;
	}
	return NULL;
}

int compose_bool(const struct ydoc_node *n, bool *ret)
{
	static const char *const yes[] = {"true", "yes", "on", "y", NULL};
	static const char *const no[] = {"false", "no", "off", "n", NULL};
	const char *s = ydoc_str(n);

	if (!s)
		return -EINVAL;
	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

bool compose_unsure(const struct ydoc_node *n)
{
	return n && (n->user & COMPOSE_NODE_UNRESOLVED);
}
