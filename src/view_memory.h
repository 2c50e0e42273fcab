/*
 * view_memory.h - layer 5: the memory view ("where did the RAM go"), the
 * balance sheet of /proc/meminfo, and its column table. Rows are struct
 * mem_row (memory_model.h).
 */
#ifndef KMEMTOP_VIEW_MEMORY_H
#define KMEMTOP_VIEW_MEMORY_H

#include "table.h"
#include "view.h"

extern const struct table memory_table;
extern const struct view view_memory;

#endif
