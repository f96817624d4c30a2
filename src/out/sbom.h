/* SPDX-License-Identifier: Apache-2.0 */
/* Package lists out: the "packages" array of the JSON report, and SBOM documents in
 * CycloneDX 1.5 JSON and SPDX 2.3 JSON. Writers only format the inventory they are given. */
#ifndef BW_OUT_SBOM_H
#define BW_OUT_SBOM_H

#include <stdint.h>
#include <stdio.h>

#include "pkg/pkg.h"

/* What an SBOM describes: one image and what was found in it. */
struct bw_sbom_subject {
	const char *name;	  /* the reference as given: "app.tar", "debian:12" */
	const char *digest;	  /* image id, "sha256:..." (config digest); NULL when unknown */
	const char *tag;	  /* first repo tag ("debian:12"); NULL when none */
	const char *architecture; /* "amd64"; NULL when unknown */
	const struct pkg_inventory *inv;
	int64_t created;		   /* document timestamp, seconds since the epoch */
	const char *const *layer_diff_ids; /* per layer, to name where a package came from */
	size_t n_layers;
};

/* The packages as a JSON array (a json_t *, new reference), or NULL on OOM. */
void *bw_out_packages_json(const struct pkg_inventory *inv, const char *const *layer_diff_ids,
			   size_t n_layers);
/* Each returns 0, -ENOMEM, or -EIO when writing failed. */
int bw_out_cyclonedx(FILE *f, const struct bw_sbom_subject *s);
int bw_out_spdx(FILE *f, const struct bw_sbom_subject *s);

/* Shared by the SBOM writers: a name-based UUID (RFC 4122 version 5 layout, SHA-256) of the
 * subject, so the same image gives the same document id; and an RFC 3339 UTC timestamp. */
void bw_sbom_uuid(const struct bw_sbom_subject *s, char out[37]);
void bw_sbom_time(int64_t t, char out[32]);

#endif
