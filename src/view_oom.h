/*
 * view_oom.h - layer 5: the OOM view (processes by oom_score) and its
 * column table. Rows are struct oom_row (oom_model.h).
 */
#ifndef KMEMTOP_VIEW_OOM_H
#define KMEMTOP_VIEW_OOM_H

#include "table.h"
#include "view.h"

extern const struct table oom_table;
extern const struct view view_oom;

#endif
