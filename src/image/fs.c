/* SPDX-License-Identifier: Apache-2.0 */
/* The in-memory index of an image's final filesystem: a tree of nodes (for whiteouts of whole
 * subtrees) plus a hash table by full path (for lookups). Layers are applied in order; no
 * byte of any file is kept here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/cleanup.h"
#include "util/banned.h"

/* Paths and link targets, packed end to end (the arena would align each to 16 bytes). */
struct str_chunk {
	struct str_chunk *next;
	size_t used, size;
	char data[];
};

struct img_fs {
	struct bw_arena arena; /* nodes; whiteouts do not give memory back */
	struct str_chunk *strs;
	struct img_node **buckets;
	size_t n_buckets, count;
	struct img_node *root;
};

static size_t path_hash(const char *s)
{
	size_t h = 14695981039346656037ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *fs_strdup(struct img_fs *fs, const char *s)
{
	size_t n = strlen(s) + 1;
	struct str_chunk *c = fs->strs;

	if (!c || c->size - c->used < n) {
		size_t size = n > 64u * 1024u ? n : 64u * 1024u;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = fs->strs;
		c->used = 0;
		c->size = size;
		fs->strs = c;
	}
	char *p = memcpy(c->data + c->used, s, n);
	c->used += n;
	return p;
}

struct img_fs *img_fs_new(void)
{
	struct img_fs *fs = calloc(1, sizeof(*fs));

	if (!fs)
		return NULL;
	bw_arena_init(&fs->arena, 0);
	fs->n_buckets = 1024;
	fs->buckets = calloc(fs->n_buckets, sizeof(*fs->buckets));
	fs->root = bw_arena_calloc(&fs->arena, 1, sizeof(*fs->root));
	if (!fs->buckets || !fs->root)
		return img_fs_free(fs);
	fs->root->path = "";
	fs->root->type = IMG_NODE_DIR;
	fs->root->mode = 0755;
	fs->root->implicit = true;
	return fs;
}

struct img_fs *img_fs_free(struct img_fs *fs)
{
	if (!fs)
		return NULL;
	bw_arena_release(&fs->arena);
	for (struct str_chunk *c = fs->strs, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(fs->buckets);
	free(fs);
	return NULL;
}

size_t img_fs_count(const struct img_fs *fs)
{
	return fs ? fs->count : 0;
}

const struct img_node *img_fs_lookup(const struct img_fs *fs, const char *path)
{
	if (!fs)
		return NULL;
	if (!*path)
		return fs->root;
	for (struct img_node *n = fs->buckets[path_hash(path) & (fs->n_buckets - 1)]; n;
	     n = n->hnext)
		if (strcmp(n->path, path) == 0)
			return n;
	return NULL;
}

static int rehash(struct img_fs *fs)
{
	size_t nb = fs->n_buckets * 2;
	struct img_node **b = calloc(nb, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < fs->n_buckets; i++) {
		struct img_node *n = fs->buckets[i];
		while (n) {
			struct img_node *next = n->hnext;
			size_t h = path_hash(n->path) & (nb - 1);
			n->hnext = b[h];
			b[h] = n;
			n = next;
		}
	}
	free(fs->buckets);
	fs->buckets = b;
	fs->n_buckets = nb;
	return 0;
}

/* Unlinks n from the hash table and its parent; then the same for everything below it. */
static void node_delete(struct img_fs *fs, struct img_node *n)
{
	struct img_node **pp = &fs->buckets[path_hash(n->path) & (fs->n_buckets - 1)];

	while (n->child) /* iterative over siblings, recursive in depth (<= path depth) */
		node_delete(fs, n->child);
	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = n->hnext;
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->parent = n->prev = n->next = n->hnext = NULL;
	fs->count--;
}

static void children_delete(struct img_fs *fs, struct img_node *dir)
{
	while (dir->child)
		node_delete(fs, dir->child);
}

/* Returns the node for `path`, creating it (and implicit parents) when missing. */
static struct img_node *node_get(struct img_fs *fs, const char *path, unsigned position, int depth)
{
	struct img_node *n = (struct img_node *)img_fs_lookup(fs, path), *parent;
	const char *slash;

	if (n)
		return n;
	if (depth > (int)BW_MAX_IMG_PATH_DEPTH || fs->count >= BW_MAX_IMG_ENTRIES)
		return NULL;
	slash = strrchr(path, '/');
	if (slash) {
		char *pp = strndup(path, (size_t)(slash - path));
		if (!pp)
			return NULL;
		parent = node_get(fs, pp, position, depth + 1);
		free(pp);
	} else {
		parent = fs->root;
	}
	if (!parent)
		return NULL;
	if (parent->type != IMG_NODE_DIR) {
		/* a path below a file or symlink: tar would write through a symlink; we keep the
		 * index a tree and make the parent a directory */
		parent->type = IMG_NODE_DIR;
		parent->link = NULL;
		parent->hardlink = false;
	}
	if (fs->count + 1 > fs->n_buckets && rehash(fs) < 0)
		return NULL;
	n = bw_arena_calloc(&fs->arena, 1, sizeof(*n));
	if (!n || !(n->path = fs_strdup(fs, path)))
		return NULL;
	n->type = IMG_NODE_DIR;
	n->mode = 0755;
	n->implicit = true;
	n->layer = position;
	n->parent = parent;
	n->next = parent->child;
	if (parent->child)
		parent->child->prev = n;
	parent->child = n;
	size_t h = path_hash(path) & (fs->n_buckets - 1);
	n->hnext = fs->buckets[h];
	fs->buckets[h] = n;
	fs->count++;
	return n;
}

static int apply_entry(struct img_fs *fs, const struct img_rec *r, unsigned position)
{
	struct img_node *n;
	const struct img_node *target = NULL;

	if (!*r->path) { /* the root itself: only its metadata */
		fs->root->mode = r->mode;
		fs->root->uid = r->uid;
		fs->root->gid = r->gid;
		return 0;
	}
	if (r->hardlink)
		target = img_fs_lookup(fs, r->link);
	n = node_get(fs, r->path, position, 0);
	if (!n)
		return fs->count >= BW_MAX_IMG_ENTRIES ? -E2BIG : -ENOMEM;
	enum img_node_type type = r->type;
	if (r->hardlink)
		type = target ? target->type : IMG_NODE_FILE;
	if (n->type == IMG_NODE_DIR && type != IMG_NODE_DIR)
		children_delete(fs, n);
	n->type = type;
	n->mode = r->mode & 07777;
	n->uid = r->uid;
	n->gid = r->gid;
	n->mtime = r->mtime;
	n->size = r->hardlink && target ? target->size : r->size;
	n->layer = position;
	n->hardlink = r->hardlink;
	n->implicit = false;
	n->link = NULL;
	if (r->link && !(n->link = fs_strdup(fs, r->link)))
		return -ENOMEM;
	return 0;
}

int img_fs_apply(struct img_fs *fs, const struct img_blob *b, unsigned position,
		 struct bw_error *err)
{
	BW_CLEANUP(bw_freep) char *path = malloc(BW_MAX_IMG_PATH + 1);
	BW_CLEANUP(bw_freep) char *link = malloc(BW_MAX_IMG_PATH + 1);
	struct img_recs_iter it = {0};
	struct img_rec rec;

	if (!path || !link)
		return -ENOMEM;
	/* Whiteouts apply to lower layers only (OCI image spec, "Whiteouts"): first all of
	 * them, then the layer's own entries, whatever their order in the tar. */
	while (img_recs_next(&b->recs, &it, &rec, path, link)) {
		struct img_node *n;
		if (rec.kind == IMG_REC_ENTRY)
			continue;
		n = (struct img_node *)img_fs_lookup(fs, rec.path);
		if (!n)
			continue;
		if (rec.kind == IMG_REC_OPAQUE)
			children_delete(fs, n);
		else if (n != fs->root)
			node_delete(fs, n);
	}
	it = (struct img_recs_iter){0};
	while (img_recs_next(&b->recs, &it, &rec, path, link)) {
		int e;
		if (rec.kind != IMG_REC_ENTRY)
			continue;
		e = apply_entry(fs, &rec, position);
		if (e == -E2BIG)
			return bw_errorf(err, e, b->name, 0, 0,
					 "image has more than %u files, refusing it",
					 BW_MAX_IMG_ENTRIES);
		if (e < 0)
			return e;
	}
	return 0;
}

int img_fs_resolve(const struct img_fs *fs, const char *path, const struct img_node **ret)
{
	/* `todo` holds the components still to walk, `cur` the resolved prefix. */
	BW_CLEANUP(bw_freep) char *todo = strdup(path);
	char cur[BW_MAX_IMG_PATH + 1] = "";
	unsigned hops = 0;
	const struct img_node *n = fs ? fs->root : NULL;

	if (!todo)
		return -ENOMEM;
	if (!n)
		return -ENOENT;
	while (*todo) {
		char *p = todo, *slash;
		while (*p == '/')
			p++;
		if (!*p)
			break;
		slash = strchr(p, '/');
		size_t cl = slash ? (size_t)(slash - p) : strlen(p);
		char comp[BW_MAX_IMG_PATH + 1];
		if (cl > BW_MAX_IMG_PATH)
			return -ENAMETOOLONG;
		memcpy(comp, p, cl);
		comp[cl] = '\0';
		memmove(todo, p + cl, strlen(p + cl) + 1);
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) { /* beneath the root: ".." at the root stays */
			char *s = strrchr(cur, '/');
			if (s)
				*s = '\0';
			else
				cur[0] = '\0';
			n = img_fs_lookup(fs, cur);
			continue;
		}
		size_t ul = strlen(cur);
		if (ul + 1 + cl > BW_MAX_IMG_PATH)
			return -ENAMETOOLONG;
		if (ul)
			cur[ul++] = '/';
		memcpy(cur + ul, comp, cl + 1);
		n = img_fs_lookup(fs, cur);
		if (!n)
			return -ENOENT;
		if (n->type == IMG_NODE_SYMLINK && n->link) {
			if (++hops > BW_MAX_IMG_SYMLINKS)
				return -ELOOP;
			/* new todo = link target + rest; an absolute target restarts at the root */
			char *nt = NULL;
			if (asprintf(&nt, "%s/%s", n->link, todo) < 0)
				return -ENOMEM;
			free(todo);
			todo = nt;
			if (n->link[0] == '/') {
				cur[0] = '\0';
			} else {
				char *s = strrchr(cur, '/');
				if (s)
					*s = '\0';
				else
					cur[0] = '\0';
			}
			n = img_fs_lookup(fs, cur);
		}
	}
	if (!n)
		return -ENOENT;
	*ret = n;
	return 0;
}

static int node_ptr_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct img_node *const *)a)->path,
		      (*(const struct img_node *const *)b)->path);
}

int img_fs_walk(const struct img_fs *fs, int (*fn)(const struct img_node *n, void *arg), void *arg)
{
	BW_CLEANUP(bw_freep) const struct img_node **all = NULL;
	size_t k = 0;
	int r = 0;

	if (!fs || fs->count == 0)
		return 0;
	all = calloc(fs->count, sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < fs->n_buckets; i++)
		for (const struct img_node *n = fs->buckets[i]; n && k < fs->count; n = n->hnext)
			all[k++] = n;
	qsort(all, k, sizeof(*all), node_ptr_cmp);
	for (size_t i = 0; i < k && r == 0; i++)
		r = fn(all[i], arg);
	return r;
}
