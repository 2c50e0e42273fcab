/*
 * view_slab.h - layer 5: the slab view (/proc/slabinfo), and its column
 * table: the first eight displayed columns are slabtop's, in slabtop's
 * order, with slabtop's sort letters. Rows are struct slab_row.
 */
#ifndef KMEMTOP_VIEW_SLAB_H
#define KMEMTOP_VIEW_SLAB_H

#include <stddef.h>
#include <stdint.h>

#include "table.h"
#include "view.h"

extern const struct view view_slab;
extern const struct table slab_table;

/* slabtop's five summary lines for the totals t, exactly as it prints
 * them: the start of -o. */
struct slab_totals;
void slab_summary_lines(const struct slab_totals *t, struct sbuf *out);

/* What a shrink of cache name did, in words, from its slabs before and
 * after: "filp: shrunk, 12 -> 10 slabs (2 freed)"; with none freed, why
 * (every slab still holds objects in use). */
void slab_shrink_words(const char *name, uint64_t before, uint64_t after,
		       char *msg, size_t size);

#endif
