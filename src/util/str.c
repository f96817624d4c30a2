/* SPDX-License-Identifier: Apache-2.0 */
/* String and small file helpers. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/str.h"
#include "util/banned.h"

bool bw_str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool bw_str_casestartswith(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool bw_str_endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool bw_str_in_list(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list;

	if (!list || wl == 0)
		return false;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if ((size_t)(e - p) == wl && strncasecmp(p, word, wl) == 0)
			return true;
		p = e;
	}
	return false;
}

int bw_parse_u64(const char *s, uint64_t *ret)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*p - '0'), &v))
			return -ERANGE;
	}
	*ret = v;
	return 0;
}

int bw_file_read(const char *path, size_t max, char **ret_data, size_t *ret_len)
{
	BW_CLEANUP(bw_closep) int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	BW_CLEANUP(bw_freep) char *data = NULL;
	struct stat st;
	size_t len = 0, cap;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EBADF;
	if ((uint64_t)st.st_size > max)
		return -EFBIG;
	cap = (size_t)st.st_size + 1;
	data = malloc(cap);
	if (!data)
		return -ENOMEM;
	for (;;) {
		if (len + 1 == cap) {
			if (cap > max)
				return -EFBIG;
			char *p = realloc(data, cap * 2);
			if (!p)
				return -ENOMEM;
			data = p;
			cap *= 2;
		}
		ssize_t n = read(fd, data + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max)
		return -EFBIG;
	data[len] = '\0';
	*ret_data = BW_TAKE(data);
	*ret_len = len;
	return 0;
}

void bw_str_mask(const char *s, size_t keep, char *out, size_t outlen)
{
	size_t n = strlen(s);

	if (outlen == 0)
		return;
	if (n <= keep * 2)
		keep = n / 4;
	if (keep > outlen - 1)
		keep = outlen - 1;
	memcpy(out, s, keep);
	size_t i = keep;
	for (int k = 0; k < 4 && i + 1 < outlen; k++)
		out[i++] = '*';
	out[i] = '\0';
}
