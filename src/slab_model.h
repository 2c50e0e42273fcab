/*
 * model.h - layer 3: the slab model. It keeps the current, previous and
 * baseline snapshots, computes slabtop's totals and each cache's change,
 * and hands out rows that views read through their column tables.
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
	size_t prev;	     /* this cache in prev_rows, or SIZE_MAX */
	size_t base;	     /* this cache in the baseline, or SIZE_MAX */
	bool has_ref;	     /* the delta mode's reference (previous
				     * read or baseline) had this cache */
	bool is_new;	     /* absent from the baseline */
	bool rate;	     /* d_* hold per-second rates */
	int64_t d_active;    /* objects, change vs the reference */
	int64_t d_size;	     /* bytes, change vs the reference */
	double r_active;     /* objects per second (rate mode) */
	double r_size;	     /* bytes per second (rate mode) */

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
};

struct slab_model {
	struct slab_snapshot cur, prev, base;
	bool have_prev, have_base;
	double t_cur, t_prev, t_base; /* seconds, from the caller's clock */
	uint64_t page_size;	      /* bytes */
	struct slab_totals tot, tot_prev;
	enum delta_mode mode;
	struct slab_row *rows; /* one per cache of cur, file order */
	size_t nrows, rows_cap;
	/* The rows of the previous read (valid until the next update), and
	 * those of them no row of this read has (vanished caches). */
	struct slab_row *prev_rows;
	size_t nprev_rows, prev_rows_cap;
	size_t *gone; /* indices into prev_rows */
	size_t ngone, gone_cap;
};

void slab_model_init(struct slab_model *m, uint64_t page_size);
void slab_model_free(struct slab_model *m);

/* Take a new read of /proc/slabinfo at time now. The current snapshot
 * becomes the previous one; the first successful update also sets the
 * baseline. Returns 0, or -1 with err set when the text is not a
 * slabinfo (the model keeps its last good state then). */
int slab_model_update(struct slab_model *m, const char *text, size_t len,
		      double now, struct kerr *err);

/* Make the current snapshot the baseline. */
void slab_model_reset_base(struct slab_model *m);

/* Recompute the rows' deltas for mode (update does this too). */
void slab_model_set_mode(struct slab_model *m, enum delta_mode mode);

#endif
