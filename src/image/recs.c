/* SPDX-License-Identifier: Apache-2.0 */
/* A streamed layer's entry records, held until the layer order is known, packed about as
 * tightly as the fs index holds them: a tar lists a folder's entries together, so each path
 * is stored as the length it shares with the previous one plus the rest; owner, mode and
 * mtime are left out when they equal the previous record's; numbers are LEB128 varints.
 * Records are appended to 256 KiB chunks and read back in order only. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "image/image-internal.h"
#include "util/banned.h"

#define RECS_CHUNK (256u * 1024u)
/* Worst case of one record besides its two strings: head, 3 path and link lengths, 3
 * 32-bit and 2 64-bit varints. */
#define REC_MAX_FIXED (1u + 3u * 5u + 3u * 5u + 2u * 10u)

struct img_recs_chunk {
	struct img_recs_chunk *next;
	size_t used;
	unsigned char data[RECS_CHUNK];
};

/* head byte: kind in bits 0-1, type in bits 2-4, then these flags */
enum { REC_HARDLINK = 1u << 5, REC_HAS_LINK = 1u << 6, REC_SAME_META = 1u << 7 };

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static const unsigned char *get_varint(const unsigned char *p, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	do {
		*v |= (uint64_t)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p++ & 0x80);
	return p;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static bool same_meta(const struct img_rec *a, const struct img_rec *b)
{
	return a->mode == b->mode && a->uid == b->uid && a->gid == b->gid && a->mtime == b->mtime;
}

int img_recs_add(struct img_recs *rs, const struct img_rec *r)
{
	size_t pl = strlen(r->path), ll = r->link ? strlen(r->link) : 0, shared = 0;
	bool same = rs->n && same_meta(r, &rs->last);
	uint8_t head = (uint8_t)((unsigned)r->kind | ((unsigned)r->type << 2) |
				 (r->hardlink ? REC_HARDLINK : 0) | (r->link ? REC_HAS_LINK : 0) |
				 (same ? REC_SAME_META : 0));
	unsigned char *p;

	if (pl > BW_MAX_IMG_PATH || ll > BW_MAX_IMG_PATH)
		return -EINVAL;
	if (!rs->last_path && !(rs->last_path = malloc(BW_MAX_IMG_PATH + 1)))
		return -ENOMEM;
	if (!rs->tail || RECS_CHUNK - rs->tail->used < REC_MAX_FIXED + pl + ll) {
		struct img_recs_chunk *c = malloc(sizeof(*c));
		if (!c)
			return -ENOMEM;
		c->next = NULL;
		c->used = 0;
		if (rs->tail)
			rs->tail->next = c;
		else
			rs->head = c;
		rs->tail = c;
	}
	while (rs->n && shared < pl && shared < rs->last_len &&
	       r->path[shared] == rs->last_path[shared])
		shared++;
	p = rs->tail->data + rs->tail->used;
	*p++ = head;
	p = put_varint(p, shared);
	p = put_varint(p, pl - shared);
	memcpy(p, r->path + shared, pl - shared);
	p += pl - shared;
	if (!same) {
		p = put_varint(p, r->mode);
		p = put_varint(p, r->uid);
		p = put_varint(p, r->gid);
		p = put_varint(p, zigzag(r->mtime));
	}
	p = put_varint(p, r->size);
	if (r->link) {
		p = put_varint(p, ll);
		memcpy(p, r->link, ll);
		p += ll;
	}
	rs->tail->used = (size_t)(p - rs->tail->data);
	memcpy(rs->last_path + shared, r->path + shared, pl - shared + 1);
	rs->last_len = pl;
	rs->last = *r;
	rs->last.path = rs->last.link = NULL;
	rs->n++;
	return 0;
}

bool img_recs_next(const struct img_recs *rs, struct img_recs_iter *it, struct img_rec *out,
		   char *path, char *link)
{
	const unsigned char *p;
	uint64_t shared, rest, v;
	uint8_t head;

	if (!it->started)
		*it = (struct img_recs_iter){.chunk = rs->head, .started = true};
	while (it->chunk && it->off >= it->chunk->used) {
		it->chunk = it->chunk->next;
		it->off = 0;
	}
	if (!it->chunk)
		return false;
	p = it->chunk->data + it->off;
	head = *p++;
	p = get_varint(p, &shared);
	p = get_varint(p, &rest);
	/* path[0..shared) still holds the previous record's path: the caller's same buffer */
	memcpy(path + shared, p, rest);
	path[shared + rest] = '\0';
	p += rest;
	if (!(head & REC_SAME_META)) {
		p = get_varint(p, &v);
		it->last.mode = (unsigned)v;
		p = get_varint(p, &v);
		it->last.uid = (unsigned)v;
		p = get_varint(p, &v);
		it->last.gid = (unsigned)v;
		p = get_varint(p, &v);
		it->last.mtime = unzigzag(v);
	}
	*out = (struct img_rec){
		.kind = (enum img_rec_kind)(head & 3u),
		.type = (enum img_node_type)((head >> 2) & 7u),
		.hardlink = (head & REC_HARDLINK) != 0,
		.mode = it->last.mode,
		.uid = it->last.uid,
		.gid = it->last.gid,
		.mtime = it->last.mtime,
		.path = path,
	};
	p = get_varint(p, &out->size);
	if (head & REC_HAS_LINK) {
		p = get_varint(p, &v);
		memcpy(link, p, v);
		link[v] = '\0';
		out->link = link;
		p += v;
	}
	it->off = (size_t)(p - it->chunk->data);
	return true;
}

void img_recs_release(struct img_recs *rs)
{
	struct img_recs_chunk *c = rs->head;

	while (c) {
		struct img_recs_chunk *next = c->next;
		free(c);
		c = next;
	}
	free(rs->last_path);
	*rs = (struct img_recs){0};
}

size_t img_recs_bytes(const struct img_recs *rs)
{
	size_t n = 0;

	for (const struct img_recs_chunk *c = rs->head; c; c = c->next)
		n += c->used;
	return n;
}
