/*
 * slab_model.h - layer 3: the slab model. It keeps the current snapshot,
 * computes slabtop's totals, and hands out a row per cache that views
 * read through their column tables. Changes over time are the row set's
 * (rowset.h).
 *
 * The clock is an argument (seconds, any monotonic origin), so tests are
 * deterministic.
 */
#ifndef KMEMTOP_SLAB_MODEL_H
#define KMEMTOP_SLAB_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meminfo.h"
#include "rowset.h"
#include "slabinfo.h"
#include "util.h"

/* Totals exactly as slabtop computes them. */
struct slab_totals {
	uint64_t active_objs, num_objs;	    /* objects */
	uint64_t active_slabs, num_slabs;   /* slabs */
	uint64_t active_caches, num_caches; /* caches (active: num_objs>0) */
	uint64_t active_size, total_size;   /* bytes: objs x objsize */
	uint64_t min_objsize, avg_objsize, max_objsize; /* bytes */
	uint64_t pages; /* pages: slabs x pagesperslab */
};

void slab_totals_compute(const struct slab_snapshot *s, struct slab_totals *t);

/* A cache's size as slabtop computes it: num_slabs x pagesperslab x page
 * size, in bytes. */
uint64_t slab_cache_size(const struct slab_cache *c, uint64_t page_size);
/* Percentage of objects in use, truncated, computed in float as slabtop
 * does so the numbers are identical. */
unsigned slab_cache_use(const struct slab_cache *c);



struct slab_row {
	struct slab_cache c; /* the cache's counts, as read */
	const char *name;    /* borrowed from the model, NUL-terminated */
	uint64_t cache_size; /* bytes */
	uint64_t use;	     /* percent */

	/* From /sys/kernel/slab (slab_sys.c), where known; the strings
	 * stay valid until the read after next. */
	bool have_sys;	      /* object_size, waste, eff */
	bool have_partial;    /* partial, pct_partial */
	bool fetched;	      /* partial was read (or tried) */
	bool have_reclaim;    /* unreclaimable */
	bool unreclaimable;   /* reclaim_account 0: counted in SUnreclaim */
	uint64_t object_size; /* bytes: the object, not its slot */
	uint64_t waste;	      /* bytes: cache_size - active x object_size */
	uint64_t eff;	      /* percent: active x object_size / cache_size */
	uint64_t partial;     /* partial slabs */
	uint64_t pct_partial; /* percent of the slabs */
	uint64_t nmerged;     /* other names merged into the cache */
	const char *merged;   /* those names, '\n'-joined, or "" */
	const char *label;    /* the screen's name: "signal_cache +7" */
	const char *filter;   /* what '/' matches: the name, merged names */
	const char *dir;      /* its directory in /sys/kernel/slab, or "" */

	/* Allocation activity (the eBPF feed, matched by the cache's name;
	 * the slab view fills it when its activity columns are on): counts
	 * since attach, and per second over the last interval. */
	bool have_act;	     /* an event of the cache was seen */
	bool have_act_rate;  /* two readings: the rates are known */
	bool have_act_frees; /* a free was seen (else frees unknown) */
	bool have_act_free_rate;
	uint64_t act_allocs, act_frees;
	double act_alloc_rate, act_free_rate; /* per second */
	double act_bytes_rate;		      /* bytes per second */
};

struct slab_model {
	struct slab_snapshot cur, spare; /* spare: the next parse's room */
	double t_cur;			 /* seconds, from the caller's clock */
	uint64_t page_size;		 /* bytes */
	struct slab_totals tot;
	struct slab_row *rows; /* one per cache of cur, file order */
	size_t nrows, rows_cap;
};

void slab_model_init(struct slab_model *m, uint64_t page_size);
void slab_model_free(struct slab_model *m);

/* Take a new read of /proc/slabinfo at time now. Returns 0, or -1 with
 * err set when the text is not a slabinfo (the model keeps its last good
 * reading then). */
int slab_model_update(struct slab_model *m, const char *text, size_t len,
		      double now, struct kerr *err);

#endif
