/*
 * view_oom.h - layer 3: the OOM view's columns.
 */
#ifndef KMEMTOP_VIEW_OOM_H
#define KMEMTOP_VIEW_OOM_H

#include "oom_model.h"
#include "view.h"

extern const struct view view_oom;

#endif
