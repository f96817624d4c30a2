/* SPDX-License-Identifier: Apache-2.0 */
/* The "packages" array of the JSON report, and helpers shared by the SBOM writers. */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "out/sbom.h"
#include "util/banned.h"

void *bw_out_packages_json(const struct pkg_inventory *inv, const char *const *layer_diff_ids,
			   size_t n_layers)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < inv->len; i++) {
		const struct pkg_package *p = &inv->pkgs[i];
		json_t *j = json_pack(
			"{s:s, s:s, s:s, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:i}", "type",
			pkg_type_name(p->type), "name", p->name, "version", p->version, "purl",
			p->purl, "source_name", p->source_name, "source_version", p->source_version,
			"arch", p->arch, "namespace", p->namespace_, "licenses", p->licenses,
			"path", p->path, "layer", (int)p->layer);
		if (j && p->os_owner)
			(void)json_object_set_new(j, "os_owner", json_string(p->os_owner));
		if (j && p->layer < n_layers && layer_diff_ids && layer_diff_ids[p->layer])
			(void)json_object_set_new(j, "layer_diff_id",
						  json_string(layer_diff_ids[p->layer]));
		if (!j || json_array_append_new(a, j) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

void bw_sbom_uuid(const struct bw_sbom_subject *s, char out[37])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	memset(md, 0, sizeof(md));
	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
		const char *id = s->digest ? s->digest : s->name;
		char count[32];
		(void)snprintf(count, sizeof(count), "/%zu/", s->inv ? s->inv->len : 0);
		(void)EVP_DigestUpdate(ctx, "bulwark-sbom/" BW_VERSION "/",
				       strlen("bulwark-sbom/" BW_VERSION "/"));
		(void)EVP_DigestUpdate(ctx, id, strlen(id));
		(void)EVP_DigestUpdate(ctx, count, strlen(count));
		(void)EVP_DigestFinal_ex(ctx, md, &n);
	}
	EVP_MD_CTX_free(ctx);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 layout */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[md[i] >> 4];
		out[o++] = hex[md[i] & 15];
	}
	out[o] = '\0';
}

void bw_sbom_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(out, 32, "1970-01-01T00:00:00Z");
}
