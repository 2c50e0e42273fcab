/*
 * activity_model.h - layer 3: allocation activity per slab cache, from
 * the event source's counts since attach (activity_src.h): one row per
 * cache with its totals and its rates over the last interval.
 *
 * The rates are the model's own per-second values (the change of the
 * source's counts between two readings over the time between them), not
 * a delta column of the row set: they mean "per second" whatever the
 * screen's delta mode is. The totals are plain columns, and their
 * changes (dALLOCS) come from the row set like every other delta.
 *
 * Frees: a cache none of whose frees the tracepoints showed since attach
 * (bulk and RCU frees fire none) has no free count: unknown, not 0.
 * Nothing here computes allocs minus frees: that is no growth.
 */
#ifndef KMEMTOP_ACTIVITY_MODEL_H
#define KMEMTOP_ACTIVITY_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "activity_src.h"

struct act_row {
	const char *name; /* borrowed from the model's reading */
	uint64_t allocs;  /* since attach */
	uint64_t frees;	  /* since attach; have_frees false: unknown */
	bool have_frees;
	uint64_t bytes_alloc; /* bytes, since attach */
	/* per second over the last interval; have_rate false on the
	 * first reading, and for a cache whose counts went down (another
	 * cache at a freed cache's address) */
	double alloc_rate, free_rate, bytes_rate, req_rate;
	bool have_rate, have_free_rate;
	bool other; /* the "(other)" row: caches the map had no room for */
	/* a kmalloc bucket guessed from the size, or kfree's unknown cache
	 * (activity_src.h): not one named cache's counts */
	bool approx;
};

/* The rows of one kind (caches, or call sites) of the last reading. */
struct act_part {
	struct act_row *rows;
	size_t nrows, cap;
	/* the reading's rates (sums of the rows that have one) */
	double total_alloc_rate, total_free_rate, total_bytes_rate;
	size_t nunknown; /* rows with allocations and no free seen */
	size_t napprox;	 /* rows marked approx */
};

struct act_model {
	struct act_reading cur, prev;
	bool have_prev;
	unsigned long nreads; /* readings taken */
	double now, then;     /* seconds, monotonic: cur's and prev's */
	struct act_part caches, sites;
	bool have_total; /* the parts' totals are rates (two readings) */
};

void act_model_init(struct act_model *m);
void act_model_free(struct act_model *m);

/* Take reading r (its contents move into the model; r is left empty) at
 * time now. Caches are paired with the previous reading by their key;
 * one the previous reading lacks counted from 0 in the interval (the
 * program makes an entry at a cache's first event and never removes
 * one). One whose counts went down is another cache at a reused
 * address: no rate. */
void act_model_update(struct act_model *m, struct act_reading *r, double now);

#endif
