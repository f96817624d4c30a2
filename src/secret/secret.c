/* SPDX-License-Identifier: Apache-2.0 */
/* Secret detection by value shape and variable name (see secret.h). Hand-written scanners
 * over byte classes, no regex engine: linear in the value's length on any input. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "secret/secret.h"
#include "util/str.h"
#include "util/banned.h"

/* Values longer than this are documents (certificates, JSON), judged by shape only. */
#define SECRET_MAX_GENERIC 1024u
/* Words of a variable name that secret_name_is_sensitive looks at. */
#define SECRET_MAX_WORDS 16u
#define SECRET_MAX_WORD 48u

/* ---- byte classes ---- */

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_upper(c) || is_lower(c) || is_digit(c);
}

static bool cls_upper_digit(char c)
{
	return is_upper(c) || is_digit(c);
}

static bool cls_alnum(char c)
{
	return is_alnum(c);
}

static bool cls_alnum_us(char c)
{
	return is_alnum(c) || c == '_';
}

static bool cls_alnum_dash(char c)
{
	return is_alnum(c) || c == '-';
}

static bool cls_alnum_us_dash(char c)
{
	return is_alnum(c) || c == '_' || c == '-';
}

static bool cls_base64(char c)
{
	return is_alnum(c) || c == '+' || c == '/';
}

static size_t span(const char *s, bool (*cls)(char))
{
	size_t n = 0;

	while (s[n] && cls(s[n]))
		n++;
	return n;
}

/* ---- vendor token shapes ---- */

struct shape {
	const char *kind;   /* static name reported to the user */
	const char *prefix; /* literal, case-sensitive */
	bool (*cls)(char);  /* class of the characters after the prefix */
	unsigned min;	    /* at least this many of them */
	unsigned max;	    /* at most (0: no limit); the token must end there */
};

/* Public formats: AWS IAM key ids, GitHub/GitLab/Slack/Stripe/Google/npm/PyPI/Hugging Face
 * tokens. The prefixes are what the vendors' own scanners key on. */
static const struct shape shapes[] = {
	{.kind = "AWS access key id",
	 .prefix = "AKIA",
	 .cls = cls_upper_digit,
	 .min = 16,
	 .max = 16},
	{.kind = "AWS access key id",
	 .prefix = "ASIA",
	 .cls = cls_upper_digit,
	 .min = 16,
	 .max = 16},
	{.kind = "GitHub token", .prefix = "ghp_", .cls = cls_alnum, .min = 30},
	{.kind = "GitHub token", .prefix = "gho_", .cls = cls_alnum, .min = 30},
	{.kind = "GitHub token", .prefix = "ghu_", .cls = cls_alnum, .min = 30},
	{.kind = "GitHub token", .prefix = "ghs_", .cls = cls_alnum, .min = 30},
	{.kind = "GitHub token", .prefix = "ghr_", .cls = cls_alnum, .min = 30},
	{.kind = "GitHub token", .prefix = "github_pat_", .cls = cls_alnum_us, .min = 40},
	{.kind = "GitLab token", .prefix = "glpat-", .cls = cls_alnum_us_dash, .min = 20},
	{.kind = "Slack token", .prefix = "xoxb-", .cls = cls_alnum_dash, .min = 10},
	{.kind = "Slack token", .prefix = "xoxa-", .cls = cls_alnum_dash, .min = 10},
	{.kind = "Slack token", .prefix = "xoxp-", .cls = cls_alnum_dash, .min = 10},
	{.kind = "Slack token", .prefix = "xoxr-", .cls = cls_alnum_dash, .min = 10},
	{.kind = "Slack token", .prefix = "xoxs-", .cls = cls_alnum_dash, .min = 10},
	{.kind = "Stripe secret key", .prefix = "sk_live_", .cls = cls_alnum, .min = 20},
	{.kind = "Stripe secret key", .prefix = "rk_live_", .cls = cls_alnum, .min = 20},
	{.kind = "Google API key",
	 .prefix = "AIza",
	 .cls = cls_alnum_us_dash,
	 .min = 35,
	 .max = 35},
	{.kind = "npm token", .prefix = "npm_", .cls = cls_alnum, .min = 36, .max = 36},
	{.kind = "PyPI token",
	 .prefix = "pypi-AgEIcHlwaS5vcmc",
	 .cls = cls_alnum_us_dash,
	 .min = 50},
	{.kind = "Hugging Face token", .prefix = "hf_", .cls = cls_alnum, .min = 34, .max = 34},
};

/* The first bytes of the shapes' prefixes as a 256-bit set: a scan tests one bit at most
 * offsets instead of every shape. */
struct shape_starts {
	uint64_t bits[4];
};

static void shape_starts_init(struct shape_starts *f)
{
	*f = (struct shape_starts){{0}};
	for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		unsigned char c = (unsigned char)shapes[k].prefix[0];

		f->bits[c >> 6] |= UINT64_C(1) << (c & 63);
	}
}

static bool shape_may_start(const struct shape_starts *f, char ch)
{
	unsigned char c = (unsigned char)ch;

	return (f->bits[c >> 6] >> (c & 63)) & 1;
}

/* The shape whose token starts at s[i], or NULL. A token starts at a word boundary. */
static const struct shape *shape_at(const char *s, size_t i)
{
	if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '_'))
		return NULL;
	for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		const struct shape *sh = &shapes[k];

		if (s[i] != sh->prefix[0])
			continue;
		size_t pl = strlen(sh->prefix);
		if (strncmp(s + i, sh->prefix, pl) != 0)
			continue;
		size_t n = span(s + i + pl, sh->cls);
		if (n < sh->min || (sh->max && n > sh->max))
			continue;
		return sh;
	}
	return NULL;
}

/* Three base64url segments, the first two JSON objects ("eyJ" is base64 of '{"'). */
static bool jwt_at(const char *s, size_t i)
{
	const char *p = s + i;
	size_t n;

	if (i > 0 && cls_alnum_us_dash(s[i - 1]))
		return false;
	for (int seg = 0; seg < 3; seg++) {
		if (seg < 2 && strncmp(p, "eyJ", 3) != 0)
			return false;
		n = span(p, cls_alnum_us_dash);
		if (n < 10)
			return false;
		p += n;
		if (seg < 2 && *p++ != '.')
			return false;
	}
	return true;
}

/* The kind of the first vendor token or JWT in v, or NULL. */
static const char *token_find(const char *v)
{
	struct shape_starts f;

	shape_starts_init(&f);
	for (size_t i = 0; v[i]; i++) {
		const struct shape *sh;

		if (shape_may_start(&f, v[i]) && (sh = shape_at(v, i)))
			return sh->kind;
		if (v[i] == 'e' && jwt_at(v, i))
			return "JSON web token";
	}
	return NULL;
}

/* "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----",
 * "-----BEGIN PGP PRIVATE KEY BLOCK-----" ... */
static bool has_private_key_block(const char *v)
{
	for (const char *p = strstr(v, "-----BEGIN "); p; p = strstr(p + 1, "-----BEGIN ")) {
		const char *q = p + 11;
		size_t n = 0;

		while (n < 40 && (is_upper(q[n]) || q[n] == ' '))
			n++;
		for (size_t k = 0; k + 11 <= n; k++)
			if (strncmp(q + k, "PRIVATE KEY", 11) == 0)
				return true;
	}
	return false;
}

/* ---- passwords in URLs ---- */

struct url_cred {
	const char *scheme; /* start of "scheme://" */
	const char *user;   /* start of the user name */
	const char *pass;   /* start of the password */
	size_t pass_len;
	const char *host; /* after '@' */
	size_t host_len;  /* up to the path, query or end */
};

static bool url_authority_char(char c)
{
	return c && c != '/' && c != '?' && c != '#' && c != ' ' && c != '\t' && c != '\n' &&
	       c != '"' && c != '\'';
}

/* The first "scheme://user:password@host" in v whose password is written out. */
static bool url_find_cred(const char *v, struct url_cred *ret)
{
	for (const char *p = strstr(v, "://"); p; p = strstr(p + 1, "://")) {
		const char *a = p + 3, *at = NULL, *colon = NULL;
		size_t n = 0;

		if (p == v || !is_alnum(p[-1]))
			continue;
		while (url_authority_char(a[n])) {
			if (a[n] == '@')
				at = a + n;
			n++;
		}
		if (!at)
			continue;
		colon = memchr(a, ':', (size_t)(at - a));
		if (!colon || colon + 1 == at || colon == a)
			continue;
		if (memchr(colon + 1, '$', (size_t)(at - colon - 1)) ||
		    memchr(colon + 1, '{', (size_t)(at - colon - 1)) ||
		    memchr(colon + 1, '<', (size_t)(at - colon - 1)))
			continue; /* ${PASSWORD}, {{ pw }}, <password>: not written out */
		if (at + 1 == a + n)
			continue; /* no host */
		const char *sc = p;

		while (sc > v &&
		       (is_alnum(sc[-1]) || sc[-1] == '+' || sc[-1] == '.' || sc[-1] == '-'))
			sc--;
		*ret = (struct url_cred){
			.scheme = sc,
			.user = a,
			.pass = colon + 1,
			.pass_len = (size_t)(at - colon - 1),
			.host = at + 1,
			.host_len = (size_t)(a + n - at - 1),
		};
		return true;
	}
	return false;
}

/* ---- placeholders ---- */

/* Substrings that mark a value as not real, case-insensitive. */
static const char *const placeholder_parts[] = {
	"example",    "changeme",     "change_me",    "change-me", "changeit",
	"dummy",      "placeholder",  "fake",	      "sample",	   "redacted",
	"notasecret", "not-a-secret", "not_a_secret", "your_",	   "your-",
	"yourpass",   "xxxx",	      "****",	      "{{",	   NULL,
};

/* Whole values that are words, not secrets, case-insensitive. */
static const char *const placeholder_words[] = {
	"none",	 "null", "nil",	    "true",	 "false",    "yes",    "no",
	"on",	 "off",	 "secret",  "secrets",	 "password", "passwd", "pass",
	"token", "test", "testing", "default",	 "empty",    "unset",  "todo",
	"tbd",	 "n/a",	 "na",	    "undefined", "changeme", NULL,
};

static char to_lower(char c)
{
	return is_upper(c) ? (char)(c - 'A' + 'a') : c;
}

/* strcasestr for a short lower-case needle, without its per-call set-up: values are short
 * and the needles are a dozen bytes at most, so this stays linear in the value's length. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t m = strlen(needle);

	for (const char *p = hay; *p; p++)
		if (to_lower(*p) == needle[0] && strncasecmp(p, needle, m) == 0)
			return true;
	return false;
}

static bool is_var_ref(const char *v)
{
	for (const char *p = strchr(v, '$'); p; p = strchr(p + 1, '$'))
		if (p[1] == '{' || p[1] == '(' || p[1] == '_' || is_alnum(p[1]))
			return true;
	return false;
}

bool secret_value_is_placeholder(const char *value)
{
	size_t n, distinct = 0;
	bool seen[256] = {false};
	bool digits = true;

	if (!value)
		return true;
	while (*value == ' ' || *value == '\t')
		value++;
	n = strlen(value);
	if (n == 0 || is_var_ref(value))
		return true;
	if (value[0] == '/' || bw_str_startswith(value, "./") || bw_str_startswith(value, "~/"))
		return true;
	if (value[0] == '<' && value[n - 1] == '>')
		return true; /* "<your token>" */
	for (size_t k = 0; placeholder_words[k]; k++)
		if (strcasecmp(value, placeholder_words[k]) == 0)
			return true;
	for (size_t k = 0; placeholder_parts[k]; k++)
		if (contains_ci(value, placeholder_parts[k]))
			return true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];

		if (!seen[c]) {
			seen[c] = true;
			distinct++;
		}
		if (!is_digit((char)c))
			digits = false;
	}
	if (distinct <= 2)
		return true;	 /* "0000-0000", "FFFF0000", "xxx" */
	return digits && n <= 4; /* a port, a length, a flag */
}

/* ---- names ---- */

/* Words that make a name a credential's name on their own. */
static const char *const strong_words[] = {
	"PASSWORD",   "PASSWD",	   "PASSPHRASE",  "PASS",	"PWD",	 "SECRET",
	"SECRETS",    "TOKEN",	   "CREDENTIALS", "CREDENTIAL", "CREDS", "APIKEY",
	"PRIVATEKEY", "ACCESSKEY", "SECRETKEY",	  NULL,
};

/* Words that make a following KEY a credential (API_KEY, SIGNING_KEY ...). */
static const char *const key_qualifiers[] = {
	"API",	   "ACCESS", "SECRET", "PRIVATE", "SIGNING", "ENCRYPTION", "MASTER",
	"LICENSE", "CLIENT", "APP",    "AUTH",	  "SESSION", "SERVICE",	   "ACCOUNT",
	"DEPLOY",  "SSH",    "JWT",    "HMAC",	  "CRYPT",   "CIPHER",	   "AES",
	"WEBHOOK", "ADMIN",  "ROOT",   "SHARED",  NULL,
};

/* Words that make a name about a credential rather than one. */
static const char *const about_words[] = {
	"FILE",	    "FILES",	   "PATH",     "DIR",	      "DIRECTORY",  "URL",
	"URI",	    "ENDPOINT",	   "HOST",     "HOSTNAME",    "SERVER",	    "PORT",
	"VERSION",  "VER",	   "NAME",     "USER",	      "USERNAME",   "LOGIN",
	"ID",	    "IDS",	   "LENGTH",   "LEN",	      "MIN",	    "MAX",
	"EXPIRY",   "EXPIRE",	   "EXPIRES",  "EXPIRATION",  "TTL",	    "TIMEOUT",
	"LIFETIME", "AGE",	   "HEADER",   "TYPE",	      "MODE",	    "ENABLED",
	"ENABLE",   "DISABLED",	   "DISABLE",  "REQUIRED",    "REQUIRE",    "POLICY",
	"FORMAT",   "ALGORITHM",   "ALGO",     "HASH",	      "METHOD",	    "PROVIDER",
	"BACKEND",  "STORE",	   "LOCATION", "SOURCE",      "REF",	    "NAMESPACE",
	"KEYRING",  "PREFIX",	   "SUFFIX",   "FIELD",	      "PARAM",	    "VAR",
	"ENV",	    "COUNT",	   "SIZE",     "BITS",	      "LIMIT",	    "RESET",
	"ROTATION", "INTERVAL",	   "SCOPE",    "SCOPES",      "AUDIENCE",   "ISSUER",
	"REGION",   "CHARS",	   "PATTERN",  "REGEX",	      "COMPLEXITY", "STRENGTH",
	"PROMPT",   "CMD",	   "COMMAND",  "SCRIPT",      "HELPER",	    "MANAGER",
	"LABEL",    "KIND",	   "CLASS",    "MODULE",      "PLUGIN",	    "DRIVER",
	"PUBLIC",   "PUBLISHABLE", "PUB",      "FINGERPRINT", "MOUNT",	    "NODE",
	"DOMAIN",   "EMAIL",	   "TAG",      "BRANCH",      "CACHE",	    "SALT",
	NULL,
};

static bool word_in(const char *w, const char *const *list)
{
	for (; *list; list++) /* the first byte rules out most words without a call */
		if (w[0] == (*list)[0] && strcmp(w, *list) == 0)
			return true;
	return false;
}

/* A strong word itself, or a run-together name ending in one ("DBPASSWORD", "AUTHTOKEN"). */
static bool word_is_strong(const char *w)
{
	static const char *const tails[] = {"PASSWORD", "PASSWD", "SECRET",
					    "TOKEN",	"APIKEY", NULL};

	if (word_in(w, strong_words))
		return true;
	for (size_t k = 0; tails[k]; k++)
		if (strlen(w) > strlen(tails[k]) && bw_str_endswith(w, tails[k]))
			return true;
	return false;
}

/* Splits `name` into upper-case words at '_', '-', '.', and lower-to-upper camelCase
 * changes. Returns the number of words (at most SECRET_MAX_WORDS). */
static size_t name_words(const char *name, char words[][SECRET_MAX_WORD])
{
	size_t n = 0, len = 0;

	for (const char *p = name;; p++) {
		bool sep = !*p || !is_alnum(*p);
		bool camel = *p && p > name && is_lower(p[-1]) && is_upper(*p);

		if ((sep || camel) && len > 0) {
			words[n][len] = '\0';
			if (++n == SECRET_MAX_WORDS)
				return n;
			len = 0;
		}
		if (!*p)
			return n;
		if (sep)
			continue;
		if (len + 1 < SECRET_MAX_WORD)
			words[n][len++] = (char)(is_lower(*p) ? *p - 'a' + 'A' : *p);
	}
}

bool secret_name_is_sensitive(const char *name)
{
	char words[SECRET_MAX_WORDS][SECRET_MAX_WORD];
	size_t n;
	bool strong = false;

	if (!name || !*name)
		return false;
	if (strcasecmp(name, "AWS_ACCESS_KEY_ID") == 0)
		return true; /* half of the AWS key pair; ID is otherwise an "about" word */
	n = name_words(name, words);
	if (n == 1 && (strcmp(words[0], "PWD") == 0 || strcmp(words[0], "OLDPWD") == 0))
		return false; /* the shell's working directory */
	for (size_t i = 0; i < n; i++) {
		if (word_in(words[i], about_words))
			return false;
		if (word_is_strong(words[i]))
			strong = true;
		else if (strcmp(words[i], "KEY") == 0 && i > 0 &&
			 word_in(words[i - 1], key_qualifiers))
			strong = true;
		else if (strcmp(words[i], "AUTH") == 0 && i + 1 == n && n > 1)
			strong = true; /* COMPOSER_AUTH, BASIC_AUTH */
	}
	return strong;
}

/* ---- randomness ---- */

/* log2(x) for x >= 1 without libm: x = m * 2^e with m in [1, 2), and
 * ln(m) = 2 * atanh((m - 1) / (m + 1)), a series that converges fast for m < 2. */
static double log2_pos(double x)
{
	int e = 0;
	double y, y2, term, sum = 0;

	while (x >= 2) {
		x /= 2;
		e++;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (int k = 1; k < 30; k += 2) {
		sum += term / k;
		term *= y2;
	}
	return e + 2 * sum / 0.69314718055994530942;
}

/* Shannon entropy of the bytes of s, in bits per byte. */
static double entropy(const char *s, size_t n)
{
	unsigned counts[256] = {0};
	double h = 0;

	for (size_t i = 0; i < n; i++)
		counts[(unsigned char)s[i]]++;
	for (size_t c = 0; c < 256; c++)
		if (counts[c])
			h -= (double)counts[c] / (double)n *
			     (log2_pos((double)counts[c]) - log2_pos((double)n));
	return h;
}

/* A generated secret rather than a word: long enough, no spaces, no path or URL, mixed
 * character classes and high entropy. "hunter2" and "admin" are not; a 32-hex-digit key,
 * a base64 key or "s3cr3tP@ssw0rd!" are. */
static bool looks_random(const char *v)
{
	size_t n = strlen(v);
	bool lo = false, up = false, dig = false, sym = false;
	int classes;

	if (n < 12 || n > SECRET_MAX_GENERIC || strstr(v, "://"))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];

		if ((unsigned char)c <= ' ' || (unsigned char)c >= 0x7f)
			return false;
		lo |= is_lower(c);
		up |= is_upper(c);
		dig |= is_digit(c);
		sym |= !is_alnum(c);
	}
	classes = lo + up + dig + sym;
	double h = entropy(v, n);
	return (h >= 3.5 && classes >= 2) || (h >= 3.0 && classes >= 3);
}

/* An AWS secret access key: 40 base64 characters with upper, lower and digits. */
static bool aws_secret_shape(const char *v)
{
	bool lo = false, up = false, dig = false;

	if (strlen(v) != 40 || span(v, cls_base64) != 40)
		return false;
	for (const char *p = v; *p; p++) {
		lo |= is_lower(*p);
		up |= is_upper(*p);
		dig |= is_digit(*p);
	}
	return lo && up && dig;
}

static bool name_is_aws_secret(const char *name)
{
	return name && contains_ci(name, "aws") && contains_ci(name, "secret");
}

const char *secret_classify(const char *name, const char *value)
{
	struct url_cred uc;
	const char *kind;

	if (!value || !*value || contains_ci(value, "example"))
		return NULL;
	if (has_private_key_block(value))
		return "private key";
	kind = token_find(value);
	if (kind)
		return kind;
	if (url_find_cred(value, &uc)) {
		char pw[256];

		if (uc.pass_len < sizeof(pw)) {
			memcpy(pw, uc.pass, uc.pass_len);
			pw[uc.pass_len] = '\0';
			if (!secret_value_is_placeholder(pw))
				return "password in URL";
		}
	}
	if (!name)
		return NULL; /* the checks below judge a value by its variable's name */
	if (secret_value_is_placeholder(value))
		return NULL;
	if (name_is_aws_secret(name) && aws_secret_shape(value))
		return "AWS secret access key";
	if (secret_name_is_sensitive(name) && looks_random(value))
		return "generic secret";
	return NULL;
}

/* ---- masking ---- */

/* A vendor token, JWT or private key anywhere in v. */
static bool has_token(const char *v)
{
	return has_private_key_block(v) || token_find(v) != NULL;
}

void secret_mask(const char *value, char *out, size_t outlen)
{
	struct url_cred uc;
	size_t keep = 0;

	if (outlen == 0)
		return;
	if (!value) {
		out[0] = '\0';
		return;
	}
	if (!has_token(value) && url_find_cred(value, &uc)) {
		size_t head = (size_t)(uc.pass - uc.scheme); /* "scheme://user:" */
		int n = snprintf(out, outlen, "%.*s****@%.*s", (int)(head > 200 ? 200 : head),
				 uc.scheme, (int)(uc.host_len > 200 ? 200 : uc.host_len), uc.host);

		if (n >= 0)
			return;
	}
	const struct shape *sh = shape_at(value, 0);
	if (sh)
		keep = strlen(sh->prefix);
	else if (bw_str_startswith(value, "eyJ"))
		keep = 3;
	else if (bw_str_startswith(value, "-----BEGIN "))
		keep = 11;
	bw_str_mask(value, keep, out, outlen);
}
