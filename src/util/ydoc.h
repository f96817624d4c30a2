/* SPDX-License-Identifier: Apache-2.0 */
/* A YAML document tree on top of libyaml: positions for every node, anchors, aliases and merge
 * keys resolved under bounds, multiple documents, strict errors (duplicate keys, tabs). It does
 * not resolve types beyond what callers ask for (ydoc_bool, ydoc_is_null) and keeps no comments. */
#ifndef BW_UTIL_YDOC_H
#define BW_UTIL_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "util/arena.h"

enum ydoc_kind {
	YDOC_SCALAR,
	YDOC_SEQ,
	YDOC_MAP,
	YDOC_KIND_COUNT,
};

enum ydoc_style {
	YDOC_STYLE_PLAIN,   /* unquoted: the only style in which `true` or `null` are not strings */
	YDOC_STYLE_SINGLE,  /* 'quoted' */
	YDOC_STYLE_DOUBLE,  /* "quoted" */
	YDOC_STYLE_LITERAL, /* | block */
	YDOC_STYLE_FOLDED,  /* > block */
	YDOC_STYLE_COUNT,
};

struct ydoc_node;

struct ydoc_pair {
	struct ydoc_node *key;
	struct ydoc_node *value;
};

/* One node. Nodes reached through an alias (or copied in by a merge key) are shared: the same
 * node appears under several parents and carries the position where it was written. */
struct ydoc_node {
	enum ydoc_kind kind;
	enum ydoc_style style;	  /* scalars; YDOC_STYLE_PLAIN for collections */
	int line;		  /* 1-based line of the node's first character */
	int col;		  /* 1-based column (characters) */
	int end_line;		  /* last line the node spans, >= line */
	const char *tag;	  /* explicit tag, expanded ("tag:yaml.org,2002:str"), or NULL */
	const char *anchor;	  /* anchor name written on the node, or NULL */
	char *str;		  /* scalar value, NUL-terminated (may hold NUL bytes: see len) */
	const char *orig;	  /* str as written when a layer above rewrote str, else NULL */
	size_t len;		  /* bytes in str */
	struct ydoc_node **items; /* sequence items */
	size_t n_items;
	struct ydoc_pair *pairs; /* mapping pairs: explicit keys in order, then merged ones */
	size_t n_pairs;
	size_t weight;	 /* nodes in the subtree once aliases are expanded (bounds bombs) */
	unsigned height; /* collection levels below and including this node (0 for scalars) */
	unsigned user;	 /* bits owned by the layer above (compose marks interpolated values) */
	bool open;	 /* internal: collection still being built (an alias to it is a cycle) */
};

struct ydoc_doc {
	struct ydoc_node *root; /* never NULL: an empty document is a null scalar */
	int line;		/* line the document starts on */
};

struct ydoc_file {
	struct bw_arena arena; /* owns every node and string below */
	char *path;	       /* file name used in errors */
	char *text;	       /* the raw text, NUL-terminated (pragmas are read from it) */
	size_t text_len;
	struct ydoc_doc *docs;
	size_t n_docs;
	size_t n_nodes; /* nodes after alias expansion, <= BW_MAX_YAML_NODES */
};

/* Parses `len` bytes of YAML named `path` (copied). On success *ret_file is a new file the caller
 * frees with ydoc_file_free. Errors (-EINVAL for bad input, -E2BIG for bounds, -ENOMEM) fill
 * err with path, line and column: libyaml syntax errors, tabs used for indentation, duplicate
 * keys, unknown or recursive aliases, bad merge keys, alias bombs, nesting too deep. */
int ydoc_parse_mem(const char *path, const char *data, size_t len, struct ydoc_file **ret_file,
		   struct bw_error *err);
/* Reads `path` (at most BW_MAX_CONFIG_FILE bytes) and parses it; -errno when unreadable. */
int ydoc_parse_path(const char *path, struct ydoc_file **ret_file, struct bw_error *err);
/* Frees everything; accepts NULL; returns NULL. */
struct ydoc_file *ydoc_file_free(struct ydoc_file *f);
void ydoc_file_freep(struct ydoc_file **f);

/* "scalar", "sequence" or "mapping", for messages. */
const char *ydoc_kind_name(enum ydoc_kind kind);
/* The value under scalar key `key` of a mapping, or NULL (also when `map` is NULL or no map). */
const struct ydoc_node *ydoc_map_get(const struct ydoc_node *map, const char *key);
/* The pair for `key`, so callers can report at the key's position; NULL when absent. */
const struct ydoc_pair *ydoc_map_pair(const struct ydoc_node *map, const char *key);
/* The scalar's text, or NULL for collections and NULL nodes. */
const char *ydoc_str(const struct ydoc_node *n);
/* True for an explicit or implicit null: a plain "", "~", "null"; or the !!null tag. */
bool ydoc_is_null(const struct ydoc_node *n);
/* A boolean written plain (or tagged !!bool): true/false and YAML 1.1's yes/no/on/off, any
 * case. 0 and *ret set, or -EINVAL (quoted "true" is a string, not a boolean). */
int ydoc_bool(const struct ydoc_node *n, bool *ret);
/* A plain decimal integer (optional sign); 0 or -EINVAL / -ERANGE. */
int ydoc_int(const struct ydoc_node *n, int64_t *ret);

#endif
