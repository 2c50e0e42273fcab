/*
 * views.c - the registry: every view kmemtop has, in the order Tab walks
 * them and --view lists them. A new view is one line here (and its own
 * files).
 */
#include "view.h"
#include "view_activity.h"
#include "view_cgroup.h"
#include "view_memory.h"
#include "view_oom.h"
#include "view_slab.h"
#include "view_vmalloc.h"

const struct view *const views[] = {
	&view_slab, &view_vmalloc, &view_oom, &view_cgroup, &view_memory,
	&view_activity,
};

const size_t nviews = ARRAY_SIZE(views);
