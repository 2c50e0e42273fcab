/*
 * activity_model.h - layer 3: allocation activity per slab cache, from
 * the event source's counts since attach (activity_src.h): one row per
 * cache with its totals and its rates over the last interval; and the
 * same allocations by call site, by process and by cgroup.
 *
 * The source counts call sites per (site, cache) and processes per
 * (tgid, cgroup, cache). Each such entry is paired with the previous
 * reading by its whole key and given its rates; the rows of a part are
 * sums of entries (rates add up): a call site's over the caches it
 * allocated from, a process's over caches and cgroups, a cgroup's over
 * processes and caches. act_model_of_cache sums only the entries of one
 * cache. Call sites, processes and cgroups have no frees (the source
 * counts frees per cache only).
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

/* The parts of the model: how its rows are grouped. */
enum act_by { ACT_BY_CACHE, ACT_BY_SITE, ACT_BY_PROC, ACT_BY_CGROUP, ACT_BY_N };

struct act_row {
	const char *name; /* borrowed from the model's reading: a cache's
			   * name, a call site's symbol, a process's comm
			   * ("" unknown), a cgroup's path or "cgroup N".
			   * Untrusted. */
	/* identity within its part: cache address, call site, tgid, cgroup
	 * id (never shown) */
	uint64_t key;
	uint32_t tgid; /* ACT_BY_PROC rows: the process's tgid (PID column);
			* 0 otherwise */
	/* no cache was known (the classic tracepoints, or no
	 * bpf_get_kmem_cache): a kmalloc bucket guessed from the size, or
	 * kfree's unknown cache (activity_src.h) */
	bool approx;
	uint64_t allocs;  /* since attach */
	uint64_t frees;	  /* since attach; have_frees false: unknown */
	bool have_frees;
	uint64_t bytes_alloc; /* bytes, since attach */
	/* per second over the last interval; have_rate false on the
	 * first reading, and for a cache whose counts went down (another
	 * cache at a freed cache's address) */
	double alloc_rate, free_rate, bytes_rate, req_rate;
	bool have_rate, have_free_rate;
	bool other; /* the "(other)" row: what the map had no room for */
};

/* The rows of one kind (caches, call sites, ...) of the last reading. */
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
	struct act_part caches, sites, procs, cgroups;
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

/* The part of rows grouped by `by`. */
const struct act_part *act_model_part(const struct act_model *m,
				      enum act_by by);

/* The rows of `by` (ACT_BY_SITE, _PROC or _CGROUP) that allocated from the
 * cache whose ACT_BY_CACHE row key is `cache`, with their rates over the
 * same interval, into out (its rows replaced; free with act_part_free).
 * What the maps had no room for is not in it (the "(other)" entries know
 * no cache). ACT_BY_CACHE: the cache's row alone. */
void act_model_of_cache(const struct act_model *m, enum act_by by,
			uint64_t cache, struct act_part *out);
void act_part_free(struct act_part *p);

/* The ACT_BY_CACHE row named name (the slab view's cache NAME), or NULL.
 * The program keeps ACT_NAME_LEN - 1 bytes of a name: a longer name
 * matches the row its first bytes name. */
const struct act_row *act_model_cache_named(const struct act_model *m,
					    const char *name);

#endif
