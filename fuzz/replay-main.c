/* SPDX-License-Identifier: Apache-2.0 */
/* Runs a libFuzzer target over files and folders without libFuzzer, so the sanitizer build of
 * `make test` replays every seed and every regression. Prints a TAP line per folder. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz-check.h"
#include "util/str.h"
#include "util/banned.h"

static int replay_file(const char *path, unsigned *count)
{
	char *data = NULL;
	size_t len = 0;

	if (bw_file_read(path, 64u * 1024u * 1024u, &data, &len) < 0) {
		fprintf(stderr, "fuzz-replay: cannot read '%s'\n", path);
		return -1;
	}
	(void)LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	(*count)++;
	return 0;
}

static int replay(const char *path, unsigned *count)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0; /* a folder that does not exist yet has nothing to replay */
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, count);
	DIR *d = opendir(path);
	struct dirent *de;
	int r = 0;
	if (!d)
		return -1;
	while ((de = readdir(d)) && r == 0) {
		char sub[4096];
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub))
			continue;
		r = replay(sub, count);
	}
	closedir(d);
	return r;
}

int main(int argc, char **argv)
{
	int failed = 0;

	printf("1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		unsigned count = 0;
		int r = replay(argv[i], &count);
		printf("%s %d - replayed %u inputs from %s\n", r == 0 ? "ok" : "not ok", i, count,
		       argv[i]);
		failed |= r != 0;
	}
	return failed;
}
