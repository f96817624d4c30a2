/* SPDX-License-Identifier: Apache-2.0 */
/* The package model (what an SBOM lists) and the cataloger interface: a cataloger names the
 * files it wants and extracts packages or facts from their contents as layers stream past.
 * Catalogers never see the filesystem, never do I/O and never decide what survives: the image
 * walk keeps a result only when its file is still there in the final filesystem. */
#ifndef BW_PKG_PKG_H
#define BW_PKG_PKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Package types; the second column is the purl type (github.com/package-url/purl-spec). */
#define PKG_TYPE_LIST(X)                                                                           \
	X(DEB, "deb")                                                                              \
	X(APK, "apk")                                                                              \
	X(RPM, "rpm")                                                                              \
	X(PYPI, "pypi")                                                                            \
	X(NPM, "npm")                                                                              \
	X(GOLANG, "golang")                                                                        \
	X(MAVEN, "maven")                                                                          \
	X(GEM, "gem")                                                                              \
	X(CARGO, "cargo")

enum pkg_type {
#define PKG_TYPE_ENUM(id, name) PKG_TYPE_##id,
	PKG_TYPE_LIST(PKG_TYPE_ENUM)
#undef PKG_TYPE_ENUM
		PKG_TYPE_COUNT
};

/* Every string is owned by the package (malloc'd) unless NULL. */
struct pkg_package {
	enum pkg_type type;
	char *name;	      /* as the ecosystem spells it ("libc6", "requests") */
	char *version;	      /* full version: epoch included for deb/rpm ("1:2.36-9") */
	char *source_name;    /* deb Source, apk origin, rpm source package; NULL = same as name */
	char *source_version; /* deb source version (epoch included); NULL = same as version */
	char *arch;	      /* "amd64", "x86_64", "all", "noarch"; NULL when none */
	char *namespace_;     /* purl namespace: maven group, npm scope, go module path; NULL */
	char *licenses;	      /* SPDX expression or the text found; NULL when not cheap to know */
	char *path;	      /* file it was found in, relative to the image root */
	char *purl;	      /* set by pkg_inventory_finish */
	char *os_owner;	      /* language packages: the OS package (deb/apk name) whose file
			       * list holds `path`, so the OS feed covers it; NULL otherwise */
	unsigned layer;	      /* position (0-based) of the layer that added it; set by the
			       * image walk before finish (the first layer from which the
			       * package database listed it in this version) */
};

/* What one cataloger extracted from one file. */
struct pkg_found {
	struct pkg_package *pkgs;
	size_t len, cap;
	void *data; /* cataloger-specific facts (os-release fields...), freed by free_data */
};

/* One file of a layer as the walk passes it. */
struct pkg_file {
	const char *path; /* relative to the image root, normalised: "var/lib/dpkg/status" */
	unsigned mode;	  /* st_mode: type and permission bits */
	uint64_t size;	  /* size in the layer */
	unsigned layer;	  /* ordinal of the layer blob being read (walk order) */
};

/* The operating system, from os-release and its older siblings. */
struct pkg_os {
	char *id;	   /* os-release ID: "debian", "alpine", "rhel"; NULL when unknown */
	char *version_id;  /* "12", "3.20.1"; NULL when unknown */
	char *codename;	   /* "bookworm"; NULL when unknown */
	char *pretty_name; /* "Debian GNU/Linux 12 (bookworm)"; NULL when unknown */
	char *id_like;	   /* "rhel fedora"; NULL */
	char *apk_branch;  /* "edge", "v3.18": the branch etc/apk/repositories uses; NULL */
	bool distroless;   /* a dpkg status.d database and no shell: Google distroless */
};

/* A file a cataloger could not read (e.g. an rpmdb in Berkeley DB format): surfaced as an
 * INFO finding rather than silently yielding no packages. */
struct pkg_note {
	char *cataloger; /* owned copy of the cataloger name */
	char *path;	 /* owned */
	unsigned layer;	 /* position of the layer */
	char *message;	 /* owned: what failed and what would be needed */
};

/* Everything the catalogers found in the final filesystem. */
struct pkg_inventory {
	struct pkg_os os;
	struct pkg_package *pkgs; /* sorted by pkg_inventory_finish: type, name, version, path */
	size_t len, cap;
	struct pkg_note *notes;
	size_t notes_len, notes_cap;
};

/* A cataloger result whose file survived to the final filesystem. */
struct pkg_survivor {
	const char *path;	 /* borrowed */
	unsigned layer;		 /* position of the layer that holds the surviving file */
	struct pkg_found *found; /* borrowed; finish may move packages out of it */
};

struct pkg_cataloger {
	const char *name; /* "dpkg", "apk", "rpm", "os"...: unique, used in notes */
	/* How many bytes of this file the cataloger needs (it is read up to that many); 0 when
	 * the file is not wanted. Pure: path (normalised, as in struct pkg_file), st_mode, size.
	 * Called for regular files only. */
	size_t (*want)(const char *path, unsigned mode, uint64_t size);
	/* Extracts packages or facts from the file's first `len` bytes (the whole file unless
	 * `truncated`) into `out`. 0, -ENOMEM, or another -errno with err naming the path and
	 * why: the walk records that as a note and goes on. Exactly one of parse/feed is set. */
	int (*parse)(const struct pkg_file *f, const void *data, size_t len, bool truncated,
		     struct pkg_found *out, struct bw_error *err);
	/* Streaming form, for files too big to hold (binaries): called with each block in
	 * order (`*state` is NULL at first and the cataloger's to keep), then once with
	 * `last` set and len 0, also after an error, so the state is always freed. */
	int (*feed)(void **state, const struct pkg_file *f, const void *data, size_t len, bool last,
		    struct pkg_found *out, struct bw_error *err);
	/* Optional: combines this cataloger's surviving results into the inventory. When NULL,
	 * every surviving package is moved into it with its path and layer set. */
	int (*finish)(struct pkg_inventory *inv, struct pkg_survivor *res, size_t n,
		      struct bw_error *err);
	/* Frees pkg_found.data; NULL when the cataloger sets none. */
	void (*free_data)(void *data);
};

/* The built-in catalogers, in the order their finish runs ("os" first). */
extern const struct pkg_cataloger *const pkg_catalogers[];
extern const size_t pkg_catalogers_len;

extern const struct pkg_cataloger pkg_os_cataloger;
extern const struct pkg_cataloger pkg_dpkg_cataloger;
extern const struct pkg_cataloger pkg_apk_cataloger;
extern const struct pkg_cataloger pkg_rpm_cataloger;
/* Language catalogers (src/pkg/<lang>.c) and "owner", which must come last in the table. */
extern const struct pkg_cataloger pkg_python_cataloger;
extern const struct pkg_cataloger pkg_node_cataloger;
extern const struct pkg_cataloger pkg_go_cataloger;
extern const struct pkg_cataloger pkg_java_cataloger;
extern const struct pkg_cataloger pkg_ruby_cataloger;
extern const struct pkg_cataloger pkg_rust_cataloger;
extern const struct pkg_cataloger pkg_cargo_auditable_cataloger;
extern const struct pkg_cataloger pkg_owner_cataloger;

/* "deb" etc.; "?" when out of range. */
const char *pkg_type_name(enum pkg_type t);
/* deb, apk and rpm: packages of the operating system, covered by the distribution's feed. */
static inline bool pkg_type_is_os(enum pkg_type t)
{
	return t == PKG_TYPE_DEB || t == PKG_TYPE_APK || t == PKG_TYPE_RPM;
}

/* Adds a package to `out`, copying the strings (NULLs allowed except name and version).
 * Returns the new package (owned by out) or NULL on OOM or past BW_MAX_PKG_PACKAGES. */
struct pkg_package *pkg_found_add(struct pkg_found *out, enum pkg_type type, const char *name,
				  const char *version);
/* Frees the packages (not data: its owner's free_data does that). */
void pkg_found_release(struct pkg_found *f);
void pkg_package_release(struct pkg_package *p);

/* Sets *field to a malloc'd copy of s[0..n) (replacing what was there); 0 or -ENOMEM. */
int pkg_strset(char **field, const char *s, size_t n);

void pkg_inventory_init(struct pkg_inventory *inv);
void pkg_inventory_release(struct pkg_inventory *inv);
/* Moves `p` (whose strings it takes) into the inventory; 0 or -ENOMEM / -E2BIG. */
int pkg_inventory_take(struct pkg_inventory *inv, struct pkg_package *p);
/* Records a note; 0 or -ENOMEM. */
int pkg_inventory_note(struct pkg_inventory *inv, const char *cataloger, const char *path,
		       unsigned layer, const char *message);
/* Sorts the packages and computes every purl (namespaces and the distro qualifier come from
 * the OS). 0 or -ENOMEM. */
int pkg_inventory_finish(struct pkg_inventory *inv);
void pkg_os_release(struct pkg_os *os);

/* The package URL of `p` on `os` (which may be NULL), malloc'd; NULL on OOM. */
char *pkg_purl(const struct pkg_package *p, const struct pkg_os *os);

/* Parsers the catalogers use, exposed for unit tests and fuzzers. Each parses a whole
 * database from memory into `out`; 0, -ENOMEM, or -EINVAL with err naming `path`:line. */
int pkg_dpkg_status_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			  struct bw_error *err);
int pkg_apk_installed_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			    struct bw_error *err);
/* rpmdb.sqlite from memory (SQLite deserialises it, nothing is written to disk); -ENOTSUP
 * with an explanation for Berkeley DB and NDB databases. */
int pkg_rpm_sqlite_parse(const char *path, const void *data, size_t len, struct pkg_found *out,
			 struct bw_error *err);
/* Whether path is where rpm keeps rpmdb.sqlite ("var/lib/rpm/rpmdb.sqlite"...). */
bool pkg_rpm_sqlite_path(const char *path);
/* Calls fn with every file ("/usr/bin/x", n bytes) each package of an rpmdb.sqlite installs,
 * and the package's name; fn returns 0 or -errno, which stops the walk. 0, -ENOMEM, or -errno
 * with err naming path. */
typedef int (*pkg_rpm_file_fn)(void *ctx, const char *pkg, const char *file, size_t n);
int pkg_rpm_sqlite_files(const char *path, const void *data, size_t len, pkg_rpm_file_fn fn,
			 void *ctx, struct bw_error *err);
/* Language parsers: one file's contents into `out`; 0, -ENOMEM, or -errno with err set. */
int pkg_python_metadata_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			      struct bw_error *err);
int pkg_node_package_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			   struct bw_error *err);
/* Go module info text (`go version -m` lines, sentinels allowed) and the toolchain version
 * ("go1.21.5"); the streaming feed finds both in an ELF executable. */
int pkg_go_modinfo_parse(const char *path, const char *goversion, size_t goversion_len,
			 const char *mod, size_t len, struct pkg_found *out, struct bw_error *err);
int pkg_go_buildinfo_feed(void **state, const struct pkg_file *f, const void *data, size_t len,
			  bool last, struct pkg_found *out, struct bw_error *err);
int pkg_java_archive_parse(const char *path, const void *data, size_t len, struct pkg_found *out,
			   struct bw_error *err);
int pkg_ruby_gemspec_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			   struct bw_error *err);
int pkg_cargo_lock_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			 struct bw_error *err);
/* cargo-auditable: the zlib-compressed JSON of a .dep-v0 section, and the streaming feed that
 * finds that section in an ELF executable. */
int pkg_cargo_auditable_parse(const char *path, const void *z, size_t zlen, struct pkg_found *out,
			      struct bw_error *err);
int pkg_cargo_auditable_feed(void **state, const struct pkg_file *f, const void *data, size_t len,
			     bool last, struct pkg_found *out, struct bw_error *err);
/* A dpkg *.list, the apk database or an rpmdb.sqlite (told by path) into out->data; lookup gives
 * the owner of a path ("usr/bin/x") or NULL; apply sets os_owner on the inventory's language
 * packages. */
int pkg_owner_list_parse(const char *path, const char *data, size_t len, struct pkg_found *out,
			 struct bw_error *err);
const char *pkg_owner_lookup(const struct pkg_found *f, const char *path);
int pkg_owner_apply(struct pkg_inventory *inv, struct pkg_survivor *res, size_t n);

/* os-release KEY=value text into os (fields already set are replaced). 0 or -ENOMEM. */
int pkg_os_release_parse(const char *data, size_t len, struct pkg_os *os);

#endif
