/*
 * view_activity.h - layer 5: who allocates right now: allocations and
 * frees per slab cache per second, counted from the kmem tracepoints by
 * an eBPF program (activity_src.h).
 */
#ifndef KMEMTOP_VIEW_ACTIVITY_H
#define KMEMTOP_VIEW_ACTIVITY_H

#include "view.h"

extern const struct view view_activity;

#endif
