/* SPDX-License-Identifier: Apache-2.0 */
/* SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): the image is the described CONTAINER
 * package; it CONTAINS the OPERATING-SYSTEM package, which CONTAINS the OS packages, and the
 * language packages; each package has a purl external ref. Consumers such as Trivy find a
 * distribution's packages through that OS package.
 * Licenses found are free text, so they go to licenseComments, not licenseDeclared. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "out/sbom.h"
#include "util/banned.h"

/* "SPDXRef-" ids allow letters, digits, '.' and '-' only. */
static void spdx_id(char *out, size_t outlen, const char *kind, const char *name, size_t n)
{
	size_t o = (size_t)snprintf(out, outlen, "SPDXRef-%s-", kind);

	for (const char *p = name; *p && o + 16 < outlen; p++) {
		char c = *p;
		out[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					   (c >= '0' && c <= '9') || c == '.' || c == '-'
				   ? c
				   : '-';
	}
	(void)snprintf(out + o, outlen - o, "-%zu", n);
}

static json_t *package(const struct pkg_package *p, const char *id, const struct bw_sbom_subject *s)
{
	char info[600];
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "SPDXID", id, "name",
			      p->name, "versionInfo", p->version, "downloadLocation", "NOASSERTION",
			      "filesAnalyzed", 0, "licenseConcluded", "NOASSERTION",
			      "licenseDeclared", "NOASSERTION", "copyrightText", "NOASSERTION");

	if (!j)
		return NULL;
	if (p->purl)
		(void)json_object_set_new(j, "externalRefs",
					  json_pack("[{s:s, s:s, s:s}]", "referenceCategory",
						    "PACKAGE-MANAGER", "referenceType", "purl",
						    "referenceLocator", p->purl));
	if (p->licenses)
		(void)json_object_set_new(j, "licenseComments", json_string(p->licenses));
	if (p->source_name) {
		(void)snprintf(info, sizeof(info), "built from source package %s %s",
			       p->source_name, p->source_version ? p->source_version : p->version);
		(void)json_object_set_new(j, "sourceInfo", json_string(info));
	}
	(void)snprintf(info, sizeof(info), "%s package found in /%s%s%s", pkg_type_name(p->type),
		       p->path ? p->path : "",
		       p->layer < s->n_layers && s->layer_diff_ids ? ", layer " : "",
		       p->layer < s->n_layers && s->layer_diff_ids && s->layer_diff_ids[p->layer]
			       ? s->layer_diff_ids[p->layer]
			       : "");
	if (p->os_owner) {
		size_t n = strlen(info);
		(void)snprintf(info + n, sizeof(info) - n, "; the file belongs to OS package %s",
			       p->os_owner);
	}
	(void)json_object_set_new(j, "comment", json_string(info));
	return j;
}

/* Index of the OS package named `name` (a language package's os_owner), or inv->len. */
static size_t os_package_index(const struct pkg_inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->len; i++) {
		const struct pkg_package *p = &inv->pkgs[i];
		if (pkg_type_is_os(p->type) && strcmp(p->name, name) == 0)
			return i;
	}
	return inv->len;
}

int bw_out_spdx(FILE *f, const struct bw_sbom_subject *s)
{
	json_auto_t *root = NULL;
	json_t *pkgs = json_array(), *rels = json_array();
	char uuid[37], ts[32], ns[600], id[400], clean[200];
	const struct pkg_inventory *inv = s->inv;
	const char *name = s->tag ? s->tag : s->name;
	size_t k = 0;

	if (!pkgs || !rels) {
		json_decref(pkgs);
		json_decref(rels);
		return -ENOMEM;
	}
	bw_sbom_uuid(s, uuid);
	bw_sbom_time(s->created, ts);
	for (const char *p = name; *p && k + 1 < sizeof(clean); p++)
		clean[k++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					     (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'
				     ? *p
				     : '-';
	clean[k] = '\0';
	(void)snprintf(ns, sizeof(ns), "https://spdx.org/spdxdocs/bulwark-%s-%s", clean, uuid);

	json_t *image =
		json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "SPDXID", "SPDXRef-Image",
			  "name", name, "downloadLocation", "NOASSERTION", "filesAnalyzed", 0,
			  "licenseConcluded", "NOASSERTION", "licenseDeclared", "NOASSERTION",
			  "copyrightText", "NOASSERTION", "primaryPackagePurpose", "CONTAINER");
	if (image && s->digest)
		(void)json_object_set_new(image, "versionInfo", json_string(s->digest));
	(void)json_array_append_new(pkgs, image);
	(void)json_array_append_new(rels,
				    json_pack("{s:s, s:s, s:s}", "spdxElementId",
					      "SPDXRef-DOCUMENT", "relationshipType", "DESCRIBES",
					      "relatedSpdxElement", "SPDXRef-Image"));
	if (inv->os.id) {
		json_t *os =
			json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "SPDXID",
				  "SPDXRef-OperatingSystem", "name", inv->os.id, "downloadLocation",
				  "NOASSERTION", "filesAnalyzed", 0, "licenseConcluded",
				  "NOASSERTION", "licenseDeclared", "NOASSERTION", "copyrightText",
				  "NOASSERTION", "primaryPackagePurpose", "OPERATING-SYSTEM");
		if (os && inv->os.version_id)
			(void)json_object_set_new(os, "versionInfo",
						  json_string(inv->os.version_id));
		(void)json_array_append_new(pkgs, os);
		(void)json_array_append_new(rels, json_pack("{s:s, s:s, s:s}", "spdxElementId",
							    "SPDXRef-Image", "relationshipType",
							    "CONTAINS", "relatedSpdxElement",
							    "SPDXRef-OperatingSystem"));
	}
	for (size_t i = 0; i < inv->len; i++) {
		const struct pkg_package *p = &inv->pkgs[i];
		spdx_id(id, sizeof(id), pkg_type_name(p->type), p->name, i + 1);
		json_t *pj = package(p, id, s);
		const char *parent = inv->os.id && pkg_type_is_os(p->type)
					     ? "SPDXRef-OperatingSystem"
					     : "SPDXRef-Image";
		json_t *rj = json_pack("{s:s, s:s, s:s}", "spdxElementId", parent,
				       "relationshipType", "CONTAINS", "relatedSpdxElement", id);
		if (!pj || !rj || json_array_append_new(pkgs, pj) < 0 ||
		    json_array_append_new(rels, rj) < 0) {
			json_decref(pkgs);
			json_decref(rels);
			return -ENOMEM;
		}
	}
	/* a language package whose file an OS package ships: the OS package CONTAINS it */
	for (size_t i = 0; i < inv->len; i++) {
		const struct pkg_package *p = &inv->pkgs[i];
		size_t o = p->os_owner ? os_package_index(inv, p->os_owner) : inv->len;
		char oid[400];
		if (o == inv->len)
			continue;
		spdx_id(id, sizeof(id), pkg_type_name(p->type), p->name, i + 1);
		spdx_id(oid, sizeof(oid), pkg_type_name(inv->pkgs[o].type), inv->pkgs[o].name,
			o + 1);
		json_t *rj = json_pack("{s:s, s:s, s:s, s:s}", "spdxElementId", oid,
				       "relationshipType", "CONTAINS", "relatedSpdxElement", id,
				       "comment", "the OS package's file list holds this package");
		if (!rj || json_array_append_new(rels, rj) < 0) {
			json_decref(pkgs);
			json_decref(rels);
			return -ENOMEM;
		}
	}
	root = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:[s]}, s:[s], s:o, s:o}",
			 "spdxVersion", "SPDX-2.3", "dataLicense", "CC0-1.0", "SPDXID",
			 "SPDXRef-DOCUMENT", "name", name, "documentNamespace", ns, "creationInfo",
			 "created", ts, "creators", "Tool: bulwark-" BW_VERSION,
			 "documentDescribes", "SPDXRef-Image", "packages", pkgs, "relationships",
			 rels);
	if (!root)
		return -ENOMEM;
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 || fputc('\n', f) == EOF)
		return -EIO;
	return 0;
}
