/*
 * slabinfo.h - layer 2: the /proc/slabinfo parser.
 *
 * Versions 1.1 (SMP and statistics), 2.0 and 2.1, with or without the
 * "(statistics)" columns, SLAB and SLUB. Parsing never allocates per line:
 * caches go into one growing array and their names into one arena.
 */
#ifndef KMEMTOP_SLABINFO_H
#define KMEMTOP_SLABINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct slab_cache {
	uint64_t active_objs;  /* objects in use */
	uint64_t num_objs;     /* objects allocated (in use or free) */
	uint64_t objsize;      /* bytes per object */
	uint64_t objperslab;   /* objects per slab */
	uint64_t pagesperslab; /* pages per slab */
	uint64_t active_slabs; /* slabs */
	uint64_t num_slabs;    /* slabs */
	size_t name_off;       /* offset of the NUL-terminated name in names */
	size_t name_len;       /* bytes, without the NUL */
	size_t line;	       /* 1-based line number in the file */
};

/* One read of /proc/slabinfo. Owns its arrays; reuse it across reads
 * (slabinfo_parse resets it) and free it with slab_snapshot_free. */
struct slab_snapshot {
	struct slab_cache *caches;
	size_t n, cap;
	char *names; /* arena of NUL-terminated names */
	size_t names_len, names_cap;
	unsigned version_major, version_minor; /* 0.0 when no header */
	bool statistics;		       /* "(statistics)" variant */
	size_t skipped;			       /* malformed lines skipped */
	size_t first_skipped; /* line number of the first one, or 0 */
	/* name -> caches, built by slab_snapshot_index */
	struct keyindex ix;
	bool indexed;
};

/* Parse text[0..len). Returns 0 on success (malformed lines are skipped
 * and counted in out->skipped); -1 when the text is not a slabinfo this
 * parser knows (an unknown version), with err saying why. On -1, out
 * holds no caches. */
int slabinfo_parse(const char *text, size_t len, struct slab_snapshot *out,
		   struct kerr *err);

static inline const char *slab_cache_name(const struct slab_snapshot *s,
					  const struct slab_cache *c)
{
	return s->names + c->name_off;
}

/* Index the caches by name (once per parse; O(n)). */
void slab_snapshot_index(struct slab_snapshot *s);

/* Index of the first cache named name (of length len), or SIZE_MAX.
 * Indexes s first when needed. */
size_t slab_snapshot_find(struct slab_snapshot *s, const char *name,
			  size_t len);

/* For each cache of cur, the same cache in ref: the first cache of a
 * name pairs with the first of that name, the second with the second;
 * SIZE_MAX where ref has none. out has cur->n elements; km->paired says
 * which caches of ref were taken. Indexes ref. */
void slab_snapshot_match(const struct slab_snapshot *cur,
			 struct slab_snapshot *ref, struct keymatch *km,
			 size_t *out);

/* Deep copy (for baselines). dst is reset first. */
void slab_snapshot_copy(struct slab_snapshot *dst,
			const struct slab_snapshot *src);

void slab_snapshot_free(struct slab_snapshot *s);

#endif
