/* SPDX-License-Identifier: Apache-2.0 */
/* The in-memory index of an image's final filesystem, compact because it is the one thing a
 * scan keeps per file: a tree of 44-byte nodes numbered 0.. (0 is the root) that hold their
 * own name only, a hash table keyed by (parent, name), owner/mode/mtime tuples interned (a
 * layer's files share a few), names packed end to end. Full paths exist only in the views
 * handed out. Layers are applied in order; no byte of any file is kept here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/cleanup.h"
#include "util/banned.h"

#define NODE_CHUNK_BITS 14u /* nodes per allocation: 16384 (704 KiB) */
#define STR_CHUNK_BITS 20u  /* bytes per string chunk: 1 MiB; an offset is chunk << 20 | at */
#define STR_MAX_CHUNKS 4095u
#define NO_LINK UINT32_MAX

enum { NODE_HARDLINK = 1u << 0, NODE_IMPLICIT = 1u << 1 };

struct fs_node {
	uint32_t parent, child, next, prev; /* tree links by node number; 0 = none */
	uint32_t hnext;			    /* hash chain; also the free list */
	uint32_t name;			    /* string offset of the last path component */
	uint32_t link;			    /* string offset of the link target, or NO_LINK */
	uint32_t meta;			    /* index into img_fs.metas */
	uint32_t size_lo, size_hi;
	uint16_t layer;
	uint8_t type;  /* enum img_node_type */
	uint8_t flags; /* NODE_* */
};
_Static_assert(sizeof(struct fs_node) == 44, "fs_node is packed by hand");
_Static_assert(BW_MAX_IMG_LAYERS <= UINT16_MAX, "layer positions fit fs_node.layer");

/* Owner, permissions and mtime: interned, as a layer's files mostly share them. */
struct fs_meta {
	int64_t mtime;
	uint32_t uid, gid, mode;
};

struct img_fs {
	struct fs_node **nodes; /* chunks of 1 << NODE_CHUNK_BITS */
	uint32_t n_nodes, free_list, count;
	char **strs; /* chunks of 1 << STR_CHUNK_BITS */
	uint32_t n_strs, str_used;
	uint32_t *buckets; /* node numbers; 0 = empty (the root is never hashed) */
	uint32_t n_buckets;
	struct fs_meta *metas;
	uint32_t n_metas, cap_metas;
	uint32_t *meta_slots; /* open addressing: meta index + 1, 0 = empty */
	uint32_t n_meta_slots;
};

static struct fs_node *node(const struct img_fs *fs, uint32_t id)
{
	return &fs->nodes[id >> NODE_CHUNK_BITS][id & ((1u << NODE_CHUNK_BITS) - 1)];
}

static const char *str(const struct img_fs *fs, uint32_t off)
{
	return fs->strs[off >> STR_CHUNK_BITS] + (off & ((1u << STR_CHUNK_BITS) - 1));
}

static size_t hash_bytes(const char *s, size_t n, size_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static size_t name_hash(uint32_t parent, const char *name, size_t len)
{
	return hash_bytes(name, len, 14695981039346656037ull ^ (parent * 0x9e3779b97f4a7c15ull));
}

/* Copies n bytes and a NUL into the string store; -E2BIG past 4 GiB of names. */
static int str_add(struct img_fs *fs, const char *s, size_t n, uint32_t *ret)
{
	if (!fs->n_strs || (1u << STR_CHUNK_BITS) - fs->str_used < n + 1) {
		if (fs->n_strs == STR_MAX_CHUNKS)
			return -E2BIG;
		char **ns = realloc(fs->strs, (fs->n_strs + 1) * sizeof(*ns));
		if (!ns)
			return -ENOMEM;
		fs->strs = ns;
		if (!(ns[fs->n_strs] = malloc(1u << STR_CHUNK_BITS)))
			return -ENOMEM;
		fs->n_strs++;
		fs->str_used = 0;
	}
	char *p = fs->strs[fs->n_strs - 1] + fs->str_used;
	memcpy(p, s, n);
	p[n] = '\0';
	*ret = ((fs->n_strs - 1) << STR_CHUNK_BITS) | fs->str_used;
	fs->str_used += (uint32_t)n + 1;
	return 0;
}

static size_t meta_hash(const struct fs_meta *m)
{
	uint32_t f[5] = {m->uid, m->gid, m->mode, (uint32_t)m->mtime,
			 (uint32_t)((uint64_t)m->mtime >> 32)};

	return hash_bytes((const char *)f, sizeof(f), 14695981039346656037ull);
}

static int meta_rehash(struct img_fs *fs)
{
	uint32_t n = fs->n_meta_slots ? fs->n_meta_slots * 2 : 64;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (uint32_t i = 0; i < fs->n_metas; i++) {
		size_t h = meta_hash(&fs->metas[i]) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = i + 1;
	}
	free(fs->meta_slots);
	fs->meta_slots = s;
	fs->n_meta_slots = n;
	return 0;
}

/* The index of (mode, uid, gid, mtime), added when new. */
static int meta_get(struct img_fs *fs, unsigned mode, unsigned uid, unsigned gid, int64_t mtime,
		    uint32_t *ret)
{
	struct fs_meta m = {.mtime = mtime, .uid = uid, .gid = gid, .mode = mode};
	size_t h;

	if (2 * (fs->n_metas + 1) > fs->n_meta_slots && meta_rehash(fs) < 0)
		return -ENOMEM;
	for (h = meta_hash(&m) & (fs->n_meta_slots - 1); fs->meta_slots[h];
	     h = (h + 1) & (fs->n_meta_slots - 1)) {
		const struct fs_meta *o = &fs->metas[fs->meta_slots[h] - 1];
		if (o->mtime == mtime && o->uid == uid && o->gid == gid && o->mode == mode) {
			*ret = fs->meta_slots[h] - 1;
			return 0;
		}
	}
	if (fs->n_metas == fs->cap_metas) {
		uint32_t nc = fs->cap_metas ? fs->cap_metas * 2 : 64;
		struct fs_meta *nm = realloc(fs->metas, nc * sizeof(*nm));
		if (!nm)
			return -ENOMEM;
		fs->metas = nm;
		fs->cap_metas = nc;
	}
	fs->metas[fs->n_metas] = m;
	fs->meta_slots[h] = ++fs->n_metas;
	*ret = fs->n_metas - 1;
	return 0;
}

/* A zeroed node (from the free list or a new one); its number in *ret. */
static int node_new(struct img_fs *fs, uint32_t *ret)
{
	uint32_t id = fs->free_list;

	if (id) {
		fs->free_list = node(fs, id)->hnext;
	} else {
		id = fs->n_nodes;
		if ((id & ((1u << NODE_CHUNK_BITS) - 1)) == 0) {
			size_t c = id >> NODE_CHUNK_BITS;
			struct fs_node **nn = realloc(fs->nodes, (c + 1) * sizeof(*nn));
			if (!nn)
				return -ENOMEM;
			fs->nodes = nn;
			if (!(nn[c] = malloc(sizeof(struct fs_node) << NODE_CHUNK_BITS)))
				return -ENOMEM;
		}
		fs->n_nodes++;
	}
	*node(fs, id) = (struct fs_node){.link = NO_LINK};
	*ret = id;
	return 0;
}

static void img_fs_freep(struct img_fs **p)
{
	*p = img_fs_free(*p);
}

struct img_fs *img_fs_new(void)
{
	BW_CLEANUP(img_fs_freep) struct img_fs *fs = calloc(1, sizeof(*fs));
	uint32_t root, name;

	if (!fs)
		return NULL;
	fs->n_buckets = 1024;
	fs->buckets = calloc(fs->n_buckets, sizeof(*fs->buckets));
	if (!fs->buckets || node_new(fs, &root) < 0 || str_add(fs, "", 0, &name) < 0 ||
	    meta_get(fs, 0755, 0, 0, 0, &node(fs, root)->meta) < 0)
		return NULL;
	node(fs, root)->name = name;
	node(fs, root)->type = IMG_NODE_DIR;
	node(fs, root)->flags = NODE_IMPLICIT;
	return BW_TAKE(fs);
}

struct img_fs *img_fs_free(struct img_fs *fs)
{
	if (!fs)
		return NULL;
	for (uint32_t i = 0; i < fs->n_nodes; i += 1u << NODE_CHUNK_BITS)
		free(fs->nodes[i >> NODE_CHUNK_BITS]);
	free(fs->nodes);
	for (uint32_t i = 0; i < fs->n_strs; i++)
		free(fs->strs[i]);
	free(fs->strs);
	free(fs->buckets);
	free(fs->metas);
	free(fs->meta_slots);
	free(fs);
	return NULL;
}

size_t img_fs_count(const struct img_fs *fs)
{
	return fs ? fs->count : 0;
}

size_t img_fs_bytes(const struct img_fs *fs)
{
	size_t node_chunks = (fs->n_nodes + (1u << NODE_CHUNK_BITS) - 1) >> NODE_CHUNK_BITS;

	return sizeof(*fs) + (node_chunks * sizeof(struct fs_node) << NODE_CHUNK_BITS) +
	       ((size_t)fs->n_strs << STR_CHUNK_BITS) + fs->n_buckets * sizeof(uint32_t) +
	       fs->cap_metas * sizeof(struct fs_meta) + fs->n_meta_slots * sizeof(uint32_t);
}

/* The child of `parent` called name[0..len), or 0. */
static uint32_t child_find(const struct img_fs *fs, uint32_t parent, const char *name, size_t len)
{
	uint32_t id = fs->buckets[name_hash(parent, name, len) & (fs->n_buckets - 1)];

	for (; id; id = node(fs, id)->hnext) {
		const struct fs_node *n = node(fs, id);
		const char *s = str(fs, n->name);
		if (n->parent == parent && strncmp(s, name, len) == 0 && s[len] == '\0')
			return id;
	}
	return 0;
}

/* Walks a normalised path from the root; the node's number, or 0 when absent. */
static uint32_t path_find(const struct img_fs *fs, const char *path)
{
	uint32_t id = 0;

	while (*path) {
		size_t len = strcspn(path, "/");
		if (len && !(id = child_find(fs, id, path, len)))
			return 0;
		path += len + (path[len] == '/');
	}
	return id;
}

static void view(const struct img_fs *fs, uint32_t id, struct img_node *out)
{
	const struct fs_node *n = node(fs, id);
	const struct fs_meta *m = &fs->metas[n->meta];

	out->link = n->link == NO_LINK ? NULL : str(fs, n->link);
	out->size = (uint64_t)n->size_hi << 32 | n->size_lo;
	out->mode = m->mode;
	out->uid = m->uid;
	out->gid = m->gid;
	out->mtime = m->mtime;
	out->layer = n->layer;
	out->type = (enum img_node_type)n->type;
	out->hardlink = n->flags & NODE_HARDLINK;
	out->implicit = n->flags & NODE_IMPLICIT;
	out->id = id;
}

int img_fs_lookup(const struct img_fs *fs, const char *path, struct img_node *ret)
{
	uint32_t id;

	if (!fs || strlen(path) > BW_MAX_IMG_PATH)
		return -ENOENT;
	id = path_find(fs, path);
	if (!id && *path)
		return -ENOENT;
	view(fs, id, ret);
	memcpy(ret->path, path, strlen(path) + 1);
	return 0;
}

static int rehash(struct img_fs *fs)
{
	uint32_t nb = fs->n_buckets * 2;
	uint32_t *b = calloc(nb, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (uint32_t i = 0; i < fs->n_buckets; i++) {
		uint32_t id = fs->buckets[i];
		while (id) {
			struct fs_node *n = node(fs, id);
			uint32_t next = n->hnext;
			const char *s = str(fs, n->name);
			size_t h = name_hash(n->parent, s, strlen(s)) & (nb - 1);
			n->hnext = b[h];
			b[h] = id;
			id = next;
		}
	}
	free(fs->buckets);
	fs->buckets = b;
	fs->n_buckets = nb;
	return 0;
}

/* Unlinks node `id` (no children left) from the hash table and its parent; frees it. */
static void node_unlink(struct img_fs *fs, uint32_t id)
{
	struct fs_node *n = node(fs, id);
	const char *s = str(fs, n->name);
	uint32_t *pp = &fs->buckets[name_hash(n->parent, s, strlen(s)) & (fs->n_buckets - 1)];

	while (*pp && *pp != id)
		pp = &node(fs, *pp)->hnext;
	if (*pp)
		*pp = n->hnext;
	if (n->prev)
		node(fs, n->prev)->next = n->next;
	else
		node(fs, n->parent)->child = n->next;
	if (n->next)
		node(fs, n->next)->prev = n->prev;
	n->hnext = fs->free_list;
	fs->free_list = id;
	fs->count--;
}

/* Deletes node `id` and everything below it (recursive in depth, <= BW_MAX_IMG_PATH_DEPTH). */
static void node_delete(struct img_fs *fs, uint32_t id)
{
	while (node(fs, id)->child)
		node_delete(fs, node(fs, id)->child);
	node_unlink(fs, id);
}

/* Deletes what layers below `position` put at node `id` and below it, keeping what layer
 * `position` wrote there already (whiteouts apply to lower layers only, whatever their place
 * in the tar). A lower folder that still holds this layer's files becomes an implicit one. */
static void delete_lower(struct img_fs *fs, uint32_t id, unsigned position, bool self)
{
	struct fs_node *n = node(fs, id);

	for (uint32_t c = n->child, next; c; c = next) {
		next = node(fs, c)->next;
		delete_lower(fs, c, position, true);
	}
	if (!self || n->layer >= position)
		return;
	if (!n->child) {
		node_unlink(fs, id);
		return;
	}
	n->type = IMG_NODE_DIR;
	n->link = NO_LINK;
	n->flags = NODE_IMPLICIT;
	n->size_lo = n->size_hi = 0;
	n->meta = 0; /* 0755 root:root, interned first */
	n->layer = (uint16_t)position;
}

/* The node for a normalised path, created (with implicit parents) when missing. */
static int node_get(struct img_fs *fs, const char *path, unsigned position, uint32_t *ret)
{
	uint32_t id = 0;
	int r;

	while (*path) {
		size_t len = strcspn(path, "/");
		uint32_t c = child_find(fs, id, path, len);
		struct fs_node *p = node(fs, id);

		if (p->type != IMG_NODE_DIR) {
			/* a path below a file or symlink: tar would write through a symlink; we
			 * keep the index a tree and make the parent a folder */
			p->type = IMG_NODE_DIR;
			p->link = NO_LINK;
			p->flags &= (uint8_t)~NODE_HARDLINK;
		}
		if (!c) {
			if (fs->count >= BW_MAX_IMG_ENTRIES)
				return -E2BIG;
			if (fs->count + 1 > fs->n_buckets && (r = rehash(fs)) < 0)
				return r;
			if ((r = node_new(fs, &c)) < 0)
				return r;
			struct fs_node *n = node(fs, c);
			if ((r = str_add(fs, path, len, &n->name)) < 0) {
				n->hnext = fs->free_list;
				fs->free_list = c;
				return r;
			}
			p = node(fs, id);
			n->type = IMG_NODE_DIR;
			n->flags = NODE_IMPLICIT;
			n->layer = (uint16_t)position;
			n->parent = id;
			n->next = p->child;
			if (p->child)
				node(fs, p->child)->prev = c;
			p->child = c;
			size_t h = name_hash(id, path, len) & (fs->n_buckets - 1);
			n->hnext = fs->buckets[h];
			fs->buckets[h] = c;
			fs->count++;
		}
		id = c;
		path += len + (path[len] == '/');
	}
	*ret = id;
	return 0;
}

int img_fs_add(struct img_fs *fs, const struct img_rec *rec, unsigned position)
{
	uint32_t id, target = 0, meta;
	int r;

	if (rec->kind != IMG_REC_ENTRY) {
		id = path_find(fs, rec->path);
		if (rec->kind == IMG_REC_OPAQUE && (id || !*rec->path))
			delete_lower(fs, id, position, false);
		else if (id)
			delete_lower(fs, id, position, true);
		return 0;
	}
	if ((r = meta_get(fs, rec->mode & 07777, rec->uid, rec->gid, rec->mtime, &meta)) < 0)
		return r;
	if (!*rec->path) { /* the root itself: only its metadata */
		node(fs, 0)->meta = meta;
		return 0;
	}
	if (rec->hardlink)
		target = path_find(fs, rec->link);
	if ((r = node_get(fs, rec->path, position, &id)) < 0)
		return r;
	struct fs_node *n = node(fs, id);
	enum img_node_type type = rec->type;
	uint64_t size = rec->size;
	if (rec->hardlink) {
		type = target ? (enum img_node_type)node(fs, target)->type : IMG_NODE_FILE;
		size = target ? (uint64_t)node(fs, target)->size_hi << 32 |
					node(fs, target)->size_lo
			      : rec->size;
	}
	if (n->type == IMG_NODE_DIR && type != IMG_NODE_DIR)
		while (n->child)
			node_delete(fs, n->child);
	n->type = (uint8_t)type;
	n->meta = meta;
	n->size_lo = (uint32_t)size;
	n->size_hi = (uint32_t)(size >> 32);
	n->layer = (uint16_t)position;
	n->flags = rec->hardlink ? NODE_HARDLINK : 0;
	n->link = NO_LINK;
	if (rec->link && (r = str_add(fs, rec->link, strlen(rec->link), &n->link)) < 0)
		return r;
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
	while (img_recs_next(&b->recs, &it, &rec, path, link)) {
		int e = img_fs_add(fs, &rec, position);
		if (e == -E2BIG)
			return bw_errorf(err, e, b->name, 0, 0,
					 "image has more than %u files, refusing it",
					 BW_MAX_IMG_ENTRIES);
		if (e < 0)
			return e;
	}
	return 0;
}

int img_fs_resolve(const struct img_fs *fs, const char *path, struct img_node *ret)
{
	/* `todo` holds the components still to walk, `cur` the resolved prefix. */
	BW_CLEANUP(bw_freep) char *todo = strdup(path);
	char cur[BW_MAX_IMG_PATH + 1] = "";
	unsigned hops = 0;
	uint32_t id = 0;

	if (!todo)
		return -ENOMEM;
	if (!fs)
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
			id = path_find(fs, cur);
			continue;
		}
		size_t ul = strlen(cur);
		if (ul + 1 + cl > BW_MAX_IMG_PATH)
			return -ENAMETOOLONG;
		if (ul)
			cur[ul++] = '/';
		memcpy(cur + ul, comp, cl + 1);
		if (!(id = child_find(fs, id, comp, cl)))
			return -ENOENT;
		const struct fs_node *n = node(fs, id);
		if (n->type == IMG_NODE_SYMLINK && n->link != NO_LINK) {
			const char *link = str(fs, n->link);
			if (++hops > BW_MAX_IMG_SYMLINKS)
				return -ELOOP;
			/* new todo = link target + rest; an absolute target restarts at the root */
			char *nt = NULL;
			if (asprintf(&nt, "%s/%s", link, todo) < 0)
				return -ENOMEM;
			free(todo);
			todo = nt;
			if (link[0] == '/') {
				cur[0] = '\0';
			} else {
				char *s = strrchr(cur, '/');
				if (s)
					*s = '\0';
				else
					cur[0] = '\0';
			}
			id = path_find(fs, cur);
		}
	}
	view(fs, id, ret);
	memcpy(ret->path, cur, strlen(cur) + 1);
	return 0;
}

/* One step of a walk: a child's own entry, or (for a folder with entries) its subtree. */
struct walk_item {
	const char *name;
	uint32_t len, id;
	bool subtree; /* sorts as name + "/", so that full paths come out in strcmp order */
};

static int walk_char(const struct walk_item *x, size_t i)
{
	if (i < x->len)
		return (unsigned char)x->name[i];
	return i == x->len && x->subtree ? '/' : 0;
}

static int walk_item_cmp(const void *a, const void *b)
{
	const struct walk_item *x = a, *y = b;

	for (size_t i = 0;; i++) {
		int cx = walk_char(x, i), cy = walk_char(y, i);
		if (cx != cy || cx == 0)
			return cx - cy;
	}
}

struct walk {
	const struct img_fs *fs;
	int (*fn)(const struct img_node *n, void *arg);
	void *arg;
	struct img_node v; /* v.path is the path of the folder being walked, then the entry */
};

/* Calls fn for everything below folder `dir` (whose path is w->v.path[0..len)), in path order. */
static int walk_dir(struct walk *w, uint32_t dir, size_t len)
{
	BW_CLEANUP(bw_freep) struct walk_item *items = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (uint32_t c = node(w->fs, dir)->child; c; c = node(w->fs, c)->next)
		cap += node(w->fs, c)->child ? 2 : 1;
	if (!cap)
		return 0;
	if (!(items = calloc(cap, sizeof(*items))))
		return -ENOMEM;
	for (uint32_t c = node(w->fs, dir)->child; c; c = node(w->fs, c)->next) {
		const char *name = str(w->fs, node(w->fs, c)->name);
		uint32_t nl = (uint32_t)strlen(name);
		items[n++] = (struct walk_item){.name = name, .len = nl, .id = c};
		if (node(w->fs, c)->child)
			items[n++] = (struct walk_item){
				.name = name, .len = nl, .id = c, .subtree = true};
	}
	qsort(items, n, sizeof(*items), walk_item_cmp);
	for (size_t i = 0; i < n && r == 0; i++) {
		size_t nl = items[i].len, at = len ? len + 1 : 0;
		if (at + nl > BW_MAX_IMG_PATH)
			return -ENAMETOOLONG;
		if (len)
			w->v.path[len] = '/';
		memcpy(w->v.path + at, items[i].name, nl + 1);
		if (items[i].subtree) {
			r = walk_dir(w, items[i].id, at + nl);
		} else {
			view(w->fs, items[i].id, &w->v);
			r = w->fn(&w->v, w->arg);
		}
		w->v.path[len] = '\0';
	}
	return r;
}

int img_fs_walk(const struct img_fs *fs, int (*fn)(const struct img_node *n, void *arg), void *arg)
{
	BW_CLEANUP(bw_freep) struct walk *w = NULL;

	if (!fs || fs->count == 0)
		return 0;
	if (!(w = calloc(1, sizeof(*w))))
		return -ENOMEM;
	*w = (struct walk){.fs = fs, .fn = fn, .arg = arg};
	return walk_dir(w, 0, 0);
}

int img_fs_walk_dir(const struct img_fs *fs, const struct img_node *dir,
		    int (*fn)(const struct img_node *n, void *arg), void *arg)
{
	BW_CLEANUP(bw_freep) struct img_node *v = malloc(sizeof(*v));
	size_t len = strlen(dir->path);
	int r = 0;

	if (!v)
		return -ENOMEM;
	for (uint32_t c = node(fs, dir->id)->child; c && r == 0; c = node(fs, c)->next) {
		const char *name = str(fs, node(fs, c)->name);
		size_t at = len ? len + 1 : 0, nl = strlen(name);
		if (at + nl > BW_MAX_IMG_PATH)
			return -ENAMETOOLONG;
		memcpy(v->path, dir->path, len);
		v->path[len] = '/';
		memcpy(v->path + at, name, nl + 1);
		view(fs, c, v);
		r = fn(v, arg);
	}
	return r;
}
