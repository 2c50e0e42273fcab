/*
 * view_slab.c - one entry per slab column. Everything that shows a slab
 * column (the TUI, --once text, JSON, --help, the man page check) reads
 * this table.
 */
#include "view_slab.h"

#include <stddef.h>

#include "slab_model.h"

#define ROW(p) ((const struct slab_row *)(p))
#define CACHE(f) .kind = V_U64, .off = offsetof(struct slab_row, c.f)
#define ROWF(f) .kind = V_U64, .off = offsetof(struct slab_row, f)

static void delta(const struct slab_row *r, int64_t d, double rate,
		  struct value *v)
{
	if (!r->has_ref) {
		v->kind = V_NONE;
		v->i = 0;
	} else if (r->rate) {
		v->kind = V_F64;
		v->f = rate;
	} else {
		v->kind = V_I64;
		v->i = d;
	}
}

static void get_d_active(const void *p, struct value *v)
{
	delta(ROW(p), ROW(p)->d_active, ROW(p)->r_active, v);
}

static void get_d_size(const void *p, struct value *v)
{
	delta(ROW(p), ROW(p)->d_size, ROW(p)->r_size, v);
}

static const struct column cols[] = {
	{ .key = "objs",
	  .title = "OBJS",
	  .json = "num_objs",
	  .letter = 'o',
	  .width = 6,
	  .fmt = F_COUNT,
	  CACHE(num_objs),
	  .help = "objects allocated, in use or free (num_objs)" },
	{ .key = "active",
	  .title = "ACTIVE",
	  .json = "active_objs",
	  .letter = 'a',
	  .width = 6,
	  .fmt = F_COUNT,
	  CACHE(active_objs),
	  .help = "objects in use (active_objs)" },
	{ .key = "use",
	  .title = "USE",
	  .json = "use",
	  .letter = 'u',
	  .width = 3,
	  .fmt = F_PERCENT,
	  ROWF(use),
	  .help = "percentage of the objects in use (cache utilization)" },
	{ .key = "objsize",
	  .title = "OBJ SIZE",
	  .json = "objsize",
	  .letter = 's',
	  .width = 7,
	  .fmt = F_KIB2,
	  CACHE(objsize),
	  .help = "size of one object, in KiB (JSON: bytes)" },
	{ .key = "slabs",
	  .title = "SLABS",
	  .json = "num_slabs",
	  .letter = 'l',
	  .width = 6,
	  .fmt = F_COUNT,
	  CACHE(num_slabs),
	  .help = "slabs allocated (num_slabs)" },
	{ .key = "objperslab",
	  .title = "OBJ/SLAB",
	  .json = "objperslab",
	  .letter = 'b',
	  .width = 8,
	  .fmt = F_COUNT,
	  CACHE(objperslab),
	  .help = "objects per slab" },
	{ .key = "cache_size",
	  .title = "CACHE SIZE",
	  .json = "cache_size",
	  .letter = 'c',
	  .width = 9,
	  .fmt = F_KIB,
	  ROWF(cache_size),
	  .help = "slabs x pages per slab x page size, in KiB (JSON: bytes)" },
	{ .key = "delta_active",
	  .title = "dACTIVE",
	  .json = "delta_active",
	  .width = 8,
	  .fmt = F_DELTA,
	  .flags = COL_DELTA | COL_NOJSON,
	  .get = get_d_active,
	  .help = "change of ACTIVE (since the last refresh, the baseline, "
		  "or per second)" },
	{ .key = "delta_size",
	  .title = "dSIZE",
	  .json = "delta_cache_size",
	  .width = 9,
	  .fmt = F_DELTA_KIB,
	  .flags = COL_DELTA | COL_NOJSON,
	  .get = get_d_size,
	  .help = "change of CACHE SIZE in KiB (same modes as dACTIVE)" },
	{ .key = "name",
	  .title = "NAME",
	  .json = "name",
	  .letter = 'n',
	  .width = 23,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID,
	  .kind = V_STR,
	  .off = offsetof(struct slab_row, name),
	  .help = "name of the cache" },
	{ .key = "active_slabs",
	  .title = "ASLABS",
	  .json = "active_slabs",
	  .letter = 'v',
	  .width = 6,
	  .fmt = F_COUNT,
	  .flags = COL_HIDDEN,
	  CACHE(active_slabs),
	  .help = "slabs holding at least one object in use (not displayed)" },
	{ .key = "pagesperslab",
	  .title = "PG/SLAB",
	  .json = "pagesperslab",
	  .letter = 'p',
	  .width = 7,
	  .fmt = F_COUNT,
	  .flags = COL_HIDDEN,
	  CACHE(pagesperslab),
	  .help = "pages per slab (not displayed)" },
};

const struct table view_slab = {
	.name = "slab",
	.cols = cols,
	.ncols = ARRAY_SIZE(cols),
	.default_sort = 0,
};
