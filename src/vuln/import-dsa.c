/* SPDX-License-Identifier: Apache-2.0 */
/* Importer for the Debian security tracker's advisory lists (data/DSA/list, data/DLA/list,
 * data/DTSA/list of salsa.debian.org/security-tracker-team/security-tracker):
 *   [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *   	{CVE-2023-1393}
 *   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 * Each advisory becomes a record (id DSA-5380-1, its CVEs as aliases, its date as published)
 * and, per release line, an advisory for that source package in debian:<release>: fixed at the
 * version, or not affected (<not-affected>), or affected without a fix (<end-of-life>,
 * <unfixed>). Advisories naming no CVE (regression updates, notices) are not stored: they name
 * no vulnerability. A line that fits none of the forms is warned about with its position and
 * skipped. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/cleanup.h"
#include "vuln/import.h"
#include "vuln/vuln-internal.h"
#include "util/banned.h"

/* Longest line considered; the longest real CVE lists are a few kB. */
#define DSA_MAX_LINE 65536u

/* One release line of the current advisory, kept until the advisory ends. */
struct dsa_fix {
	char release[32];
	char package[128];
	char version[128]; /* "" with a status tag */
	enum vuln_status status;
};

/* Release lines kept per advisory; real ones have a dozen at most. */
#define DSA_MAX_FIXES 256u

struct dsa_ctx {
	const char *path;
	const struct vuln_sink *sink;
	struct vuln_import_stats *st;
	char id[64];	    /* current advisory, "" before the first */
	char title[256];    /* "xorg-server - security update" */
	char date[16];	    /* "2023-03-29" from "[29 Mar 2023]"; "" when not a date */
	struct bw_buf cves; /* space-separated */
	struct dsa_fix *fixes;
	size_t n_fixes;
};

/* Copies the next blank-separated word of *p into out (truncation or a NUL byte is an error);
 * advances *p. */
static bool next_word(const char **p, const char *end, char *out, size_t outlen)
{
	const char *s = *p, *w;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	w = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*p = s;
	if (s == w || (size_t)(s - w) >= outlen || memchr(w, '\0', (size_t)(s - w)))
		return false; /* empty, too long, or holding a NUL byte */
	memcpy(out, w, (size_t)(s - w));
	out[s - w] = '\0';
	return true;
}

/* Sends the finished advisory to the sink. */
static int dsa_flush(struct dsa_ctx *c)
{
	char link[160], eco[64];
	int r;

	if (!c->id[0] || c->cves.len == 0) {
		c->id[0] = '\0';
		return 0;
	}
	(void)snprintf(link, sizeof(link), "https://security-tracker.debian.org/tracker/%s", c->id);
	struct vuln_record rec = {
		.id = c->id,
		.aliases = bw_buf_str(&c->cves),
		.title = c->title[0] ? c->title : NULL,
		.published = c->date[0] ? c->date : NULL,
		.link = link,
	};
	c->st->records++;
	if ((r = c->sink->record(c->sink->arg, &rec)) < 0)
		return r;
	for (size_t i = 0; i < c->n_fixes; i++) {
		const struct dsa_fix *f = &c->fixes[i];
		struct vuln_range range = {.fixed = f->version[0] ? f->version : NULL};
		(void)snprintf(eco, sizeof(eco), "debian:%s", f->release);
		struct vuln_advisory a = {
			.vuln_id = c->id,
			.ecosystem = eco,
			.package = f->package,
			.scheme = VULN_SCHEME_DEB,
			.status = f->status,
			.fixed = range.fixed,
			.ranges = &range,
			.n_ranges = f->status == VULN_STATUS_NOT_AFFECTED ? 0 : 1,
		};
		c->st->advisories++;
		c->st->not_affected += f->status == VULN_STATUS_NOT_AFFECTED;
		if ((r = c->sink->advisory(c->sink->arg, &a)) < 0)
			return r;
	}
	c->id[0] = '\0';
	return 0;
}

/* "29 Mar 2023" (the text between the brackets) as "2023-03-29" into c->date, else "". */
static void dsa_date(struct dsa_ctx *c, const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char text[16], mon[4];
	unsigned day, year;
	const char *m;

	c->date[0] = '\0';
	if (n >= sizeof(text))
		return;
	memcpy(text, s, n);
	text[n] = '\0';
	if (sscanf(text, "%2u %3s %4u", &day, mon, &year) != 3 || strlen(mon) != 3 ||
	    !(m = strstr(months, mon)) || (m - months) % 3 != 0 || day < 1 || day > 31)
		return;
	(void)snprintf(c->date, sizeof(c->date), "%04u-%02u-%02u", year,
		       (unsigned)((m - months) / 3 + 1), day);
}

/* "[29 Mar 2023] DSA-5380-1 xorg-server - security update" */
static bool dsa_header(struct dsa_ctx *c, const char *s, const char *end)
{
	const char *close = memchr(s, ']', (size_t)(end - s)), *p;

	if (!close)
		return false;
	dsa_date(c, s + 1, (size_t)(close - s - 1));
	p = close + 1;
	if (!next_word(&p, end, c->id, sizeof(c->id)) || !isupper((unsigned char)c->id[0]) ||
	    !strchr(c->id, '-')) {
		c->id[0] = '\0';
		return false;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	(void)snprintf(c->title, sizeof(c->title), "%.*s", (int)(end - p), p);
	bw_buf_clear(&c->cves);
	c->n_fixes = 0;
	return true;
}

/* "{CVE-2023-1393 CVE-2023-1394}" (ids of any kind are kept; a trailing blank is fine) */
static int dsa_cves(struct dsa_ctx *c, const char *s, const char *end)
{
	const char *close = memchr(s, '}', (size_t)(end - s));

	if (!close)
		return -EINVAL;
	for (const char *p = s + 1;;) {
		while (p < close && (*p == ' ' || *p == '\t'))
			p++;
		if (p == close)
			return 0;
		size_t n = 0;
		while (p + n < close && p[n] != ' ' && p[n] != '\t' && p[n] != '\0')
			n++;
		if (n == 0 || n > 64) /* a NUL byte; far longer than any real id */
			return -EINVAL;
		int r = bw_buf_printf(&c->cves, "%s%.*s", c->cves.len ? " " : "", (int)n, p);
		if (r < 0)
			return r;
		p += n;
	}
}

/* "[bullseye] - xorg-server 2:1.20.11-1+deb11u6 (notes)", "[lenny] - vlc <not-affected> (..)" */
static int dsa_fix_line(struct dsa_ctx *c, const char *s, const char *end)
{
	const char *close = memchr(s, ']', (size_t)(end - s)), *p;
	struct dsa_fix f = {.status = VULN_STATUS_FIXED};
	char dash[4];

	if (!close || (size_t)(close - s - 1) >= sizeof(f.release) || close == s + 1)
		return -EINVAL;
	memcpy(f.release, s + 1, (size_t)(close - s - 1));
	f.release[close - s - 1] = '\0';
	for (const char *q = f.release; *q; q++)
		if (!islower((unsigned char)*q) && *q != '-')
			return -EINVAL;
	p = close + 1;
	if (!next_word(&p, end, dash, sizeof(dash)) || strcmp(dash, "-") != 0 ||
	    !next_word(&p, end, f.package, sizeof(f.package)) ||
	    !next_word(&p, end, f.version, sizeof(f.version)))
		return -EINVAL;
	if (f.version[0] == '<') {
		if (strcmp(f.version, "<not-affected>") == 0)
			f.status = VULN_STATUS_NOT_AFFECTED;
		else if (strcmp(f.version, "<end-of-life>") == 0)
			f.status = VULN_STATUS_END_OF_LIFE;
		else if (strcmp(f.version, "<unfixed>") == 0)
			f.status = VULN_STATUS_AFFECTED;
		else
			return -EINVAL;
		f.version[0] = '\0';
	} else if (!isdigit((unsigned char)f.version[0])) {
		return -EINVAL;
	}
	if (c->n_fixes == DSA_MAX_FIXES)
		return -E2BIG;
	c->fixes[c->n_fixes++] = f;
	return 0;
}

static int dsa_line(struct dsa_ctx *c, const char *s, const char *end, int line)
{
	const char *t = s;
	int r = 0;

	while (t < end && (*t == ' ' || *t == '\t'))
		t++;
	if (t == end || (end - t >= 5 && strncmp(t, "NOTE:", 5) == 0))
		return 0;
	if (t == s && *t == '[') { /* a header starts in the first column */
		if ((r = dsa_flush(c)) < 0)
			return r;
		if (dsa_header(c, s, end))
			return 0;
		r = -EINVAL;
	} else if (!c->id[0]) {
		return 0; /* the rest of an advisory whose header was unusable */
	} else if (*t == '{') {
		r = dsa_cves(c, t, end);
	} else if (*t == '[') {
		r = dsa_fix_line(c, t, end);
	} else {
		r = -EINVAL;
	}
	if (r == -EINVAL || r == -E2BIG) {
		vimport_warn(c->sink, c->st, c->path, line, (int)(t - s) + 1,
			     "%s line not understood, skipping it",
			     t == s ? "advisory header" : c->id);
		return 0;
	}
	return r;
}

int vuln_import_dsa(const char *path, const char *data, size_t len, const struct vuln_sink *sink,
		    struct vuln_import_stats *st, struct bw_error *err)
{
	BW_CLEANUP(bw_freep) struct dsa_fix *fixes = calloc(DSA_MAX_FIXES, sizeof(*fixes));
	struct dsa_ctx c = {.path = path, .sink = sink, .st = st, .fixes = fixes};
	const char *p = data, *end = data + len;
	int line = 0, r = 0;

	if (!fixes)
		return -ENOMEM;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p < end && *p != '[')
		return bw_errorf(err, -EINVAL, path, 1, 1,
				 "not a Debian advisory list (expected '[date] DSA-N package')");
	bw_buf_init(&c.cves, DSA_MAX_LINE);
	for (p = data; r == 0 && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		line++;
		if (e > p && e[-1] == '\r')
			e--;
		if ((size_t)(e - p) > DSA_MAX_LINE)
			vimport_warn(sink, st, path, line, 1, "line too long, skipping it");
		else
			r = dsa_line(&c, p, e, line);
		p = nl ? nl + 1 : end;
	}
	if (r == 0)
		r = dsa_flush(&c);
	bw_buf_release(&c.cves);
	return r;
}
