/*
 * view_cgroup.h - layer 5: kernel memory by cgroup (memory.stat of
 * cgroup v2, what v1 offers), beside the machine's own figures.
 */
#ifndef KMEMTOP_VIEW_CGROUP_H
#define KMEMTOP_VIEW_CGROUP_H

#include "view.h"

extern const struct view view_cgroup;

#endif
