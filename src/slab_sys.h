/*
 * slab_sys.h - layer 3: what /sys/kernel/slab adds to /proc/slabinfo
 * (SLUB kernels): which cache names SLUB merged into one cache, each
 * cache's object size (slabinfo's "objsize" is the slot), whether it is
 * reclaimable, its partial slabs, and for the detail of one cache its
 * flags, per-node counts and call sites.
 *
 * Read through the source (the live /sys, or DIR/sys of a captured tree),
 * only as needed: the directory listing and two attributes per cache when
 * a cache appears; the partial slabs of the rows asked for; the rest for
 * one cache at a time. Where /sys/kernel/slab is missing (SLAB kernels,
 * captures without it, /sys not mounted) `present` is false and `why`
 * says so; the slab view works as before.
 */
#ifndef KMEMTOP_SLAB_SYS_H
#define KMEMTOP_SLAB_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slab_model.h"
#include "slabsys.h"
#include "source.h"
#include "util.h"

/* A cache directory of /sys/kernel/slab (a real name, or ":A-0000192"
 * for a mergeable cache) and the names that are links to it. */
struct slab_sys_cache {
	size_t dir;   /* arena offset */
	size_t names; /* arena offset: every name, '\n'-joined,
			     * sorted (the directory's own if it is one) */
	size_t nnames;
	bool have_size;	      /* object_size was read */
	uint64_t object_size; /* bytes: the object, without the slot's
			       * padding, red zone or tracking data */
	bool have_reclaim;
	bool reclaimable; /* reclaim_account: SReclaimable, not SUnreclaim */
	bool listed;	  /* in the last listing */
};

struct slab_sys {
	bool present;	 /* the last listing worked */
	struct kerr why; /* when not present: why (for the screen) */
	bool tried;	 /* listed at least once */
	size_t unknown;	 /* caches of the last read it does not know */
	struct slab_sys_cache *c;
	size_t n, cap;
	struct keyindex by_dir;
	/* name -> cache: every link and real-named directory */
	size_t *name_off, *name_cache;
	size_t nnames, names_cap;
	struct keyindex by_name;
	char *text; /* arena of the names above */
	size_t len, text_cap;
	/* the strings of the rows (labels, filters, merged lists): two
	 * arenas in turn, so the previous read's rows stay valid */
	char *row_text[2];
	size_t row_len[2], row_cap[2];
	int turn;
	size_t lists; /* listings made (tests count them) */
};

void slab_sys_init(struct slab_sys *s);
void slab_sys_free(struct slab_sys *s);

/* List ROOT/sys/kernel/slab: the names, their caches, and the object
 * size and reclaim flag of each cache not seen before. A link whose
 * target is not a plain name in the same directory is ignored. Returns 0,
 * or -1 when the directory cannot be listed (present false, why set). */
int slab_sys_scan(struct slab_sys *s, const struct source *src);

/* The cache that name is (a link or a directory), or NULL. */
const struct slab_sys_cache *slab_sys_find(const struct slab_sys *s,
					   const char *name);

/* Fill the /sys fields of the model's rows (object size, waste,
 * efficiency, merged names, label, filter text, reclaimable). Lists the
 * directory first on the first call, and again when a cache that
 * appeared since the last read is not known. */
void slab_sys_rows(struct slab_sys *s, const struct source *src,
		   struct slab_model *m);

/* Read the partial slabs of row r (its cache's "partial" attribute) and
 * set PARTIAL and %PARTIAL. Returns true when they became known. */
bool slab_sys_partial(const struct slab_sys *s, const struct source *src,
		      struct slab_row *r);

/* Everything /sys/kernel/slab (and debugfs) says of row r's cache, as
 * lines of text for the detail pane (untrusted: the caller sanitizes):
 * sizes, slabs, per-node counts, flags in words, the loss split into
 * padding and the slabs' tails, merged names, and the call sites where
 * the cache tracks its users (or what to do to see them). buf is
 * scratch. */
void slab_sys_detail(const struct slab_sys *s, const struct source *src,
		     const struct slab_row *r, uint64_t page_size,
		     struct source_buf *buf, struct sbuf *out);

#endif
