/* SPDX-License-Identifier: Apache-2.0 */
/* CycloneDX 1.5 JSON (cyclonedx.org/docs/1.5/json): the image as metadata.component, every
 * package a component with its purl, the OS as an operating-system component. The dependency
 * graph says which packages the OS holds (image -> os -> deb/apk/rpm packages) and which the
 * image holds beside it (language packages), as Trivy and other consumers read it. */
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/sbom.h"
#include "util/banned.h"

static json_t *property(const char *name, const char *value)
{
	return json_pack("{s:s, s:s}", "name", name, "value", value);
}

static json_t *component(const struct pkg_package *p, const char *ref,
			 const struct bw_sbom_subject *s)
{
	/* Go modules are named by their whole path (as cyclonedx-gomod, Syft and Trivy write them);
	 * other ecosystems' namespaces (Maven group, npm scope) go to "group" */
	bool whole_path = p->type == PKG_TYPE_GOLANG && p->namespace_;
	char *go_path = NULL;
	if (whole_path && asprintf(&go_path, "%s/%s", p->namespace_, p->name) < 0)
		return NULL;
	json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "bom-ref", ref, "type", "library", "name",
			      whole_path ? go_path : p->name, "version", p->version);
	json_t *props = json_array();

	free(go_path);
	if (!c || !props) {
		json_decref(c);
		json_decref(props);
		return NULL;
	}
	if (p->purl)
		(void)json_object_set_new(c, "purl", json_string(p->purl));
	if (p->namespace_ && !whole_path && !pkg_type_is_os(p->type))
		(void)json_object_set_new(c, "group", json_string(p->namespace_));
	if (p->licenses)
		(void)json_object_set_new(c, "licenses",
					  json_pack("[{s:{s:s}}]", "license", "name", p->licenses));
	(void)json_array_append_new(props,
				    property("bulwark:package:type", pkg_type_name(p->type)));
	if (p->path)
		(void)json_array_append_new(props, property("bulwark:location:path", p->path));
	if (p->layer < s->n_layers && s->layer_diff_ids && s->layer_diff_ids[p->layer])
		(void)json_array_append_new(props, property("bulwark:location:layer_diff_id",
							    s->layer_diff_ids[p->layer]));
	if (p->source_name)
		(void)json_array_append_new(props, property("bulwark:source:name", p->source_name));
	if (p->source_version)
		(void)json_array_append_new(props,
					    property("bulwark:source:version", p->source_version));
	if (p->arch)
		(void)json_array_append_new(props, property("bulwark:package:arch", p->arch));
	if (p->os_owner)
		(void)json_array_append_new(props, property("bulwark:os-owner", p->os_owner));
	(void)json_object_set_new(c, "properties", props);
	return c;
}

int bw_out_cyclonedx(FILE *f, const struct bw_sbom_subject *s)
{
	json_auto_t *root = NULL;
	json_t *components = json_array(), *depends = json_array(), *os_depends = json_array();
	char uuid[37], ts[32], serial[64];
	const struct pkg_inventory *inv = s->inv;
	const char *name = s->tag ? s->tag : s->name;

	if (!components || !depends || !os_depends) {
		json_decref(components);
		json_decref(depends);
		json_decref(os_depends);
		return -ENOMEM;
	}
	bw_sbom_uuid(s, uuid);
	bw_sbom_time(s->created, ts);
	(void)snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
	for (size_t i = 0; i < inv->len; i++) {
		char ref[64];
		(void)snprintf(ref, sizeof(ref), "pkg-%zu", i + 1);
		json_t *c = component(&inv->pkgs[i], ref, s);
		json_t *parent =
			inv->os.id && pkg_type_is_os(inv->pkgs[i].type) ? os_depends : depends;
		if (!c || json_array_append_new(components, c) < 0 ||
		    json_array_append_new(parent, json_string(ref)) < 0) {
			json_decref(components);
			json_decref(depends);
			json_decref(os_depends);
			return -ENOMEM;
		}
	}
	if (inv->os.id) {
		json_t *os = json_pack("{s:s, s:s, s:s}", "bom-ref", "os", "type",
				       "operating-system", "name", inv->os.id);
		if (os && inv->os.version_id)
			(void)json_object_set_new(os, "version", json_string(inv->os.version_id));
		if (os && inv->os.pretty_name)
			(void)json_object_set_new(os, "description",
						  json_string(inv->os.pretty_name));
		(void)json_array_append_new(components, os);
		(void)json_array_append_new(depends, json_string("os"));
	}
	json_t *image =
		json_pack("{s:s, s:s, s:s}", "bom-ref", "image", "type", "container", "name", name);
	if (image && s->digest)
		(void)json_object_set_new(image, "version", json_string(s->digest));
	/* metadata.tools in the array form 1.5 still accepts: Trivy's CycloneDX reader (up to at
	 * least the version tests/integration/062-sbom.sh runs) refuses the newer object form */
	root = json_pack("{s:s, s:s, s:s, s:s, s:i, s:{s:s, s:[{s:s, s:s, s:s}], s:o}, s:o, "
			 "s:[{s:s, s:o}]}",
			 "$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json", "bomFormat",
			 "CycloneDX", "specVersion", "1.5", "serialNumber", serial, "version", 1,
			 "metadata", "timestamp", ts, "tools", "vendor", "bulwark", "name",
			 "bulwark", "version", BW_VERSION, "component", image, "components",
			 components, "dependencies", "ref", "image", "dependsOn", depends);
	if (!root) {
		json_decref(os_depends);
		return -ENOMEM;
	}
	if (inv->os.id)
		(void)json_array_append_new(
			json_object_get(root, "dependencies"),
			json_pack("{s:s, s:o}", "ref", "os", "dependsOn", os_depends));
	else
		json_decref(os_depends);
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 || fputc('\n', f) == EOF)
		return -EIO;
	return 0;
}
