/*
 * view_slab.h - layer 3: the slab view's column table.
 *
 * Rows are struct slab_row (model.h). The first eight displayed columns
 * are slabtop's, in slabtop's order, with slabtop's sort letters.
 */
#ifndef KMEMTOP_VIEW_SLAB_H
#define KMEMTOP_VIEW_SLAB_H

#include "table.h"

extern const struct table view_slab;

#endif
