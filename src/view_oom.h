/*
 * view_oom.h - layer 3: the OOM view's columns.
 */
#ifndef KMEMTOP_VIEW_OOM_H
#define KMEMTOP_VIEW_OOM_H

#include "oom_model.h"
#include "table.h"

extern const struct table view_oom;

#endif
