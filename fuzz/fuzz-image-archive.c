/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for image archives (docker save, OCI archives): the same bytes read in two
 * passes (outer headers, then each layer at its offset) and as one stream must give the same
 * image, or fail alike. Seeds: fuzz/corpus/image-archive/. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-check.h"
#include "image/image.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct img_image *two = NULL, *one = NULL;
	struct bw_error e2 = {0}, e1 = {0};
	int r2 = img_archive_scan_mem(data, size, true, pkg_catalogers, pkg_catalogers_len, &two,
				      &e2);
	int r1 = img_archive_scan_mem(data, size, false, pkg_catalogers, pkg_catalogers_len, &one,
				      &e1);

	CHECK(r2 >= -4095 && r1 >= -4095);
	CHECK((r2 == 0) == (r1 == 0));
	if (r2 < 0) {
		CHECK(two == NULL && one == NULL && e2.msg[0] != '\0');
		return 0;
	}
	CHECK(one->n_layers == two->n_layers && one->total_entries == two->total_entries);
	for (size_t i = 0; i < one->n_layers; i++)
		CHECK(strcmp(one->layers[i].diff_id, two->layers[i].diff_id) == 0);
	CHECK(img_fs_count(one->fs) == img_fs_count(two->fs));
	CHECK(one->inventory.len == two->inventory.len);
	img_image_free(two);
	img_image_free(one);
	return 0;
}
