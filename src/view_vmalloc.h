/*
 * view_vmalloc.h - layer 3: the vmalloc view's column tables.
 *
 * Grouped rows are struct vm_group, ungrouped rows struct vm_row
 * (vmalloc_model.h). The key column's title and JSON name follow the
 * grouping: CALLER/"caller", TYPE/"type", MODULE/"module".
 */
#ifndef KMEMTOP_VIEW_VMALLOC_H
#define KMEMTOP_VIEW_VMALLOC_H

#include "vmalloc_model.h"
#include "table.h"

/* The table for grouped rows (g != VG_NONE). */
const struct table *view_vmalloc_groups(enum vm_group_by g);
/* One row per area: start, end, size, pages, phys, type, module, caller. */
extern const struct table view_vmalloc_areas;
/* The register map: ioremap areas by physical address. */
extern const struct table view_vmalloc_map;

/* "ioremap,vmalloc" for a type bitmask, into out (appended). */
void vm_types_text(unsigned types, struct sbuf *out);

#endif
