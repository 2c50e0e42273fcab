/*
 * view_vmalloc.h - layer 5: the vmalloc view (/proc/vmallocinfo) and its
 * column tables. Grouped rows are struct vm_group, ungrouped rows struct
 * vm_row (vmalloc_model.h). The key column's title and JSON name follow
 * the grouping: CALLER/"caller", TYPE/"type", MODULE/"module".
 */
#ifndef KMEMTOP_VIEW_VMALLOC_H
#define KMEMTOP_VIEW_VMALLOC_H

#include "table.h"
#include "view.h"
#include "vmalloc_model.h"

extern const struct view view_vmalloc;

/* The table for grouped rows (g != VG_NONE). */
const struct table *vmalloc_group_table(enum vm_group_by g);
/* One row per area: start, end, size, pages, phys, type, module, caller. */
extern const struct table vmalloc_areas_table;
/* The register map: ioremap areas by physical address. */
extern const struct table vmalloc_map_table;

/* "ioremap,vmalloc" for a type bitmask, into out (appended). */
void vm_types_text(unsigned types, struct sbuf *out);

#endif
