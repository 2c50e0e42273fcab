/*
 * view_slab.h - layer 5: the slab view (/proc/slabinfo), and its column
 * table: the first eight displayed columns are slabtop's, in slabtop's
 * order, with slabtop's sort letters. Rows are struct slab_row.
 */
#ifndef KMEMTOP_VIEW_SLAB_H
#define KMEMTOP_VIEW_SLAB_H

#include "table.h"
#include "view.h"

extern const struct view view_slab;
extern const struct table slab_table;

/* slabtop's five summary lines for the totals t, exactly as it prints
 * them: the start of -o. */
struct slab_totals;
void slab_summary_lines(const struct slab_totals *t, struct sbuf *out);

#endif
