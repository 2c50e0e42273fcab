/*
 * view_memory.c - the memory view: where the RAM went. The balance sheet
 * of /proc/meminfo (memory_model.h), whose terms add up to MemTotal, the
 * part no counter explains ("unaccounted") among them, each with its
 * change; above MemTotal the physical RAM of /proc/iomem (root only) and
 * the part reserved at boot. Enter on a slab row opens the slab view, on
 * vmalloc the vmalloc view, on anonymous the OOM view by RSS; the detail
 * of the unaccounted row says what hides there and how to find it.
 */
#include "view_memory.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_model.h"
#include "buddyinfo.h"
#include "iomem.h"
#include "memory_model.h"
#include "pagetypeinfo.h"
#include "prom.h"
#include "view_oom.h"
#include "view_slab.h"
#include "view_vmalloc.h"
#include "vmstat.h"
#include "zoneinfo.h"

#define ROW(p)	   ((const struct mem_row *)(p))
#define F(type, f) .kind = type, .off = offsetof(struct mem_row, f)

static const struct column memory_cols[] = {
	{ .key = "item",
	  .title = "ITEM",
	  .json = "item",
	  .width = 18,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID | COL_HIDDEN,
	  F(V_STR, item),
	  .help = "the row's name in JSON (page_cache, unaccounted, ...): its identity (not displayed)" },
	{ .key = "what",
	  .title = "MEMORY",
	  .json = "what",
	  .width = 24,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_CLIP,
	  F(V_STR, what),
	  .help = "the row, indented under what it is part of" },
	{ .key = "size",
	  .title = "SIZE",
	  .json = "bytes",
	  .width = 10,
	  .fmt = F_KIB,
	  .flags = COL_MAYBE,
	  F(V_I64, bytes),
	  .have = offsetof(struct mem_row, have),
	  .help = "size in KiB (JSON: bytes); empty where meminfo lacks the field; unaccounted may be below zero" },
	{ .key = "delta_size",
	  .title = "dSIZE",
	  .json = "delta_bytes",
	  .width = 9,
	  .fmt = F_DELTA_KIB,
	  .flags = COL_DELTA | COL_NOJSON,
	  .delta_of = "bytes",
	  .help = "change of SIZE in KiB (since the last refresh, the baseline, or per second)" },
	{ .key = "pct",
	  .title = "%TOTAL",
	  .json = "percent",
	  .width = 6,
	  .fmt = F_PCT1,
	  .flags = COL_MAYBE,
	  F(V_F64, pct),
	  .have = offsetof(struct mem_row, have_pct),
	  .help = "SIZE as a percentage of MemTotal" },
	{ .key = "role",
	  .title = "ROLE",
	  .json = "role",
	  .width = 9,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_HIDDEN,
	  F(V_STR, role),
	  .help = "above (MemTotal's), total, term (the terms and the remainder add up to the total), part (of the term above it: not added again), remainder (not displayed)" },
	{ .key = "order",
	  .title = "ORDER",
	  .json = "order",
	  .width = 5,
	  .fmt = F_COUNT,
	  .flags = COL_ASC | COL_HIDDEN | COL_NOJSON,
	  F(V_U64, order),
	  .help = "the sheet's order, the default sort (not displayed)" },
	{ .key = "source",
	  .title = "FROM",
	  .json = "source",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC,
	  F(V_STR, source),
	  .help = "the meminfo fields it is computed from, or why it is empty" },
};

const struct table memory_table = {
	.name = "memory",
	.cols = memory_cols,
	.ncols = ARRAY_SIZE(memory_cols),
	.default_sort = 6, /* order */
	.default_asc = true,
};

/* ---- the allocation profile (/proc/allocinfo) ------------------------ */

#define AROW(p)	   ((const struct alloc_row *)(p))
#define A(type, f) .kind = type, .off = offsetof(struct alloc_row, f)

/* The columns both tables have: bytes and calls, and their changes. */
#define ALLOC_NUMBERS                                                       \
	{ .key = "alloc_bytes",                                             \
	  .title = "BYTES",                                                 \
	  .json = "bytes",                                                  \
	  .width = 10,                                                      \
	  .fmt = F_KIB,                                                     \
	  A(V_I64, bytes),                                                  \
	  .help = "allocated now, in KiB (JSON: bytes)" },                  \
		{ .key = "delta_alloc_bytes",                               \
		  .title = "dBYTES",                                        \
		  .json = "delta_bytes",                                    \
		  .width = 9,                                               \
		  .fmt = F_DELTA_KIB,                                       \
		  .flags = COL_DELTA | COL_NOJSON,                          \
		  .delta_of = "bytes",                                      \
		  .help = "change of BYTES in KiB (same modes as dSIZE)" }, \
		{ .key = "calls",                                           \
		  .title = "CALLS",                                         \
		  .json = "calls",                                          \
		  .width = 9,                                               \
		  .fmt = F_COUNT,                                           \
		  A(V_U64, calls),                                          \
		  .help = "allocations live now (allocinfo's calls)" },     \
	{                                                                   \
		.key = "delta_calls", .title = "dCALLS",                    \
		.json = "delta_calls", .width = 7, .fmt = F_DELTA,          \
		.flags = COL_DELTA | COL_NOJSON, .delta_of = "calls",       \
		.help = "change of CALLS"                                   \
	}

static const struct column alloc_site_cols[] = {
	ALLOC_NUMBERS,
	{ .key = "site",
	  .title = "FILE:LINE",
	  .json = "site",
	  .width = 36,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID | COL_CLIP,
	  A(V_STR, name),
	  .help = "the call site, file and line" },
	{ .key = "module",
	  .title = "MODULE",
	  .json = "module",
	  .width = 12,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID | COL_CLIP,
	  A(V_STR, module),
	  .help = "its module, blank when built in" },
	{ .key = "accurate",
	  .title = "ACC",
	  .json = "accurate",
	  .width = 3,
	  .fmt = F_TEXT,
	  .flags = COL_ASC,
	  A(V_STR, accurate),
	  .help = "\"no\" where its counter missed allocations (allocinfo 2.0's accurate:no)" },
	{ .key = "function",
	  .title = "FUNCTION",
	  .json = "function",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID,
	  A(V_STR, func),
	  .help = "the function that allocates" },
};

static const struct column alloc_group_cols[] = {
	ALLOC_NUMBERS,
	{ .key = "sites",
	  .title = "SITES",
	  .json = "sites",
	  .width = 6,
	  .fmt = F_COUNT,
	  A(V_U64, sites),
	  .help = "call sites in the group" },
	{ .key = "group",
	  .title = "GROUP",
	  .json = "group",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID,
	  A(V_STR, name),
	  .help = "the module (\"(built in)\": the kernel's own) or the file" },
};

static const struct table alloc_site_table = {
	.name = "memory-alloc",
	.cols = alloc_site_cols,
	.ncols = ARRAY_SIZE(alloc_site_cols),
	.default_sort = 0, /* bytes, largest first */
};

static const struct table alloc_group_table = {
	.name = "memory-alloc-group",
	.cols = alloc_group_cols,
	.ncols = ARRAY_SIZE(alloc_group_cols),
	.default_sort = 0,
};

/* ---- fragmentation (buddyinfo, zoneinfo) ------------------------------ */

#define Z(type, f) .kind = type, .off = offsetof(struct frag_row, f)
#define ZMARK(k, t, f, h)                                                  \
	{                                                                  \
		.key = k, .title = t, .json = k, .width = 9, .fmt = F_KIB, \
		.flags = COL_MAYBE, Z(V_U64, f),                           \
		.have = offsetof(struct frag_row, have_marks), .help = h,  \
		.metric = "watermark_" k "_bytes", .met = MET_SUM,         \
		.metric_help = "the zone's " k " watermark in bytes",      \
	}

/* A zone's identity, the first columns of its rows (struct frag_row's
 * and struct pagetype_row's), and the change of its FREE (key k). */
#define ZONE_ID(S)                                                          \
	{ .key = "node",                                                    \
	  .title = "NODE",                                                  \
	  .json = "node",                                                   \
	  .width = 4,                                                       \
	  .fmt = F_COUNT,                                                   \
	  .flags = COL_ASC | COL_ID,                                        \
	  .kind = V_U64,                                                    \
	  .off = offsetof(S, node),                                         \
	  .label = "node",                                                  \
	  .help = "the NUMA node" },                                        \
	{                                                                   \
		.key = "zone", .title = "ZONE", .json = "zone", .width = 8, \
		.fmt = F_TEXT, .flags = COL_ASC | COL_ID, .kind = V_STR,    \
		.off = offsetof(S, zone), .label = "zone",                  \
		.help = "the zone (DMA, DMA32, Normal, Movable, ...)"       \
	}
#define FREE_DELTA(k)                                                         \
	{                                                                     \
		.key = k, .title = "dFREE", .json = "delta_free", .width = 9, \
		.fmt = F_DELTA_KIB, .flags = COL_DELTA | COL_NOJSON,          \
		.delta_of = "free", .help = "change of FREE in KiB"           \
	}

static const struct column frag_cols[] = {
	ZONE_ID(struct frag_row),
	{ .key = "free",
	  .title = "FREE",
	  .json = "free",
	  .width = 10,
	  .fmt = F_KIB,
	  Z(V_U64, free),
	  .metric = "free_bytes",
	  .met = MET_SUM,
	  .metric_help =
		  "free memory in the zone's free lists (buddyinfo), in bytes",
	  .help = "free memory in the zone's free lists (buddyinfo), in KiB (JSON: bytes)" },
	FREE_DELTA("delta_free"),
	ZMARK("min", "MIN", min,
	      "the min watermark (zoneinfo) in KiB: below it only atomic allocations and reclaim may allocate"),
	ZMARK("low", "LOW", low,
	      "the low watermark in KiB: below it kswapd wakes"),
	ZMARK("high", "HIGH", high,
	      "the high watermark in KiB: kswapd sleeps again above it"),
	{ .key = "largest",
	  .title = "LARGEST",
	  .json = "largest",
	  .width = 9,
	  .fmt = F_KIB,
	  .flags = COL_MAYBE,
	  Z(V_U64, largest),
	  .have = offsetof(struct frag_row, have_largest),
	  .metric = "largest_free_block_bytes",
	  .met = MET_SUM,
	  .metric_help = "the largest free block in bytes",
	  .help = "the largest free block, in KiB" },
	{ .key = "unusable3",
	  .title = "UNUS3%",
	  .json = "unusable_order3",
	  .width = 6,
	  .fmt = F_PCT1,
	  Z(V_F64, unusable3),
	  .metric = "unusable_order3_percent",
	  .met = MET_SUM,
	  .metric_help =
		  "percent of the free memory in blocks too small for order 3",
	  .help = "percent of the free memory in blocks too small for order 3 (32 KiB with 4 KiB pages: slab's larger slabs)" },
	{ .key = "unusable9",
	  .title = "UNUS9%",
	  .json = "unusable_order9",
	  .width = 6,
	  .fmt = F_PCT1,
	  Z(V_F64, unusable9),
	  .metric = "unusable_order9_percent",
	  .met = MET_SUM,
	  .metric_help =
		  "percent of the free memory in blocks too small for order 9 (a huge page)",
	  .help = "the same for order 9 (2 MiB: a huge page)" },
	{ .key = "state",
	  .title = "STATE",
	  .json = "state",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC,
	  Z(V_STR, state),
	  .help = "below min, below low or below high where FREE is" },
};

/* What node_exporter lacks of a zone: its free lists by size and its
 * watermarks (from buddyinfo and zoneinfo), a series per node and zone. */
static const struct table_metrics frag_metrics = {
	.prefix = "kmemtop_zone_",
	.help_tail = " (per NUMA node and zone).",
};

static const struct table frag_table = {
	.name = "memory-frag",
	.cols = frag_cols,
	.ncols = ARRAY_SIZE(frag_cols),
	.metrics = &frag_metrics,
	.default_sort = 0, /* node, then zone in file order */
	.default_asc = true,
};

/* ---- migrate types (pagetypeinfo: root, read while shown) ------------ */

#define P(type, f) .kind = type, .off = offsetof(struct pagetype_row, f)

static const struct column pagetype_cols[] = {
	ZONE_ID(struct pagetype_row),
	{ .key = "type",
	  .title = "TYPE",
	  .json = "type",
	  .width = 11,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID,
	  P(V_STR, type),
	  .help = "the migrate type (Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate)" },
	{ .key = "type_free",
	  .title = "FREE",
	  .json = "free",
	  .width = 10,
	  .fmt = F_KIB,
	  P(V_U64, free),
	  .help = "free memory in the zone's free lists of this type, in KiB (JSON: bytes)" },
	FREE_DELTA("delta_type_free"),
	{ .key = "type_largest",
	  .title = "LARGEST",
	  .json = "largest",
	  .width = 9,
	  .fmt = F_KIB,
	  .flags = COL_MAYBE,
	  P(V_U64, largest),
	  .have = offsetof(struct pagetype_row, have_largest),
	  .help = "the largest free block of this type, in KiB (empty: none free)" },
	{ .key = "pageblocks",
	  .title = "BLOCKS",
	  .json = "pageblocks",
	  .width = 7,
	  .fmt = F_COUNT,
	  .flags = COL_MAYBE,
	  P(V_U64, blocks),
	  .have = offsetof(struct pagetype_row, have_blocks),
	  .help = "pageblocks of this type in the zone (\"Number of blocks type\")" },
	{ .key = "pageblock_size",
	  .title = "IN BLOCKS",
	  .json = "pageblock_bytes",
	  .width = 10,
	  .fmt = F_KIB,
	  .flags = COL_MAYBE,
	  P(V_U64, block_bytes),
	  .have = offsetof(struct pagetype_row, have_block_bytes),
	  .help = "BLOCKS x pages per block x page size, in KiB (JSON: bytes): the memory of this type, free or not" },
	{ .key = "type_note",
	  .title = "NOTE",
	  .json = "note",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC,
	  P(V_STR, note),
	  .help = "\"at least\" where the kernel stopped counting a list (100000 blocks)" },
};

static const struct table pagetype_table = {
	.name = "memory-pagetype",
	.cols = pagetype_cols,
	.ncols = ARRAY_SIZE(pagetype_cols),
	.default_sort = 0, /* node, then file order */
	.default_asc = true,
};

static const struct table *const tables[] = { &memory_table, &alloc_site_table,
					      &alloc_group_table, &frag_table,
					      &pagetype_table };

/* ---- options ---------------------------------------------------------- */

struct memory_settings {
	bool alloc; /* the allocation profile, not the balance sheet */
	enum alloc_group group;
	bool frag; /* fragmentation, not the balance sheet */
	bool pagetype; /* the fragmentation tab's migrate types */
};

static void *settings_new(void)
{
	return xcalloc(1, sizeof(struct memory_settings));
}

static int set_alloc_by(void *s, const char *arg, struct kerr *err)
{
	struct memory_settings *m = s;

	m->alloc = true;
	return alloc_group_parse(arg, &m->group, err);
}

static int set_frag(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct memory_settings *)s)->frag = true;
	return 0;
}

static int set_pagetype(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct memory_settings *)s)->pagetype = true;
	return 0;
}

static const struct view_option options[] = {
	{ "pagetype", NULL,
	  "memory: free lists and pageblocks per zone and migrate type (/proc/pagetypeinfo, root), not the balance sheet",
	  set_pagetype },
	{ "frag", NULL,
	  "memory: fragmentation per zone (buddyinfo, zoneinfo), not the balance sheet",
	  set_frag },
	{ "alloc-by", "G",
	  "memory: the allocation profile (/proc/allocinfo) by site, module or file, not the balance sheet",
	  set_alloc_by },
};

/* ---- the view --------------------------------------------------------- */

struct memory_view {
	struct memory_model m;
	enum mem_stacks stacks;
	bool stacks_read; /* vmallocinfo was looked at (once) */
	uint64_t physical;
	bool have_physical;
	const char *no_physical; /* why not */
	uint64_t page_size;
	uint64_t pcp; /* bytes in the per-CPU lists */
	bool have_pcp;
	struct iomem io;
	/* the allocation profile: shown instead of the sheet ('a'), read
	 * while it is shown or was there at the last read */
	bool alloc;
	struct alloc_model am;
	bool have_alloc;
	char alloc_err[300]; /* why there is none */
	/* fragmentation per zone: shown instead of the sheet ('f') */
	bool frag;
	bool frag_metrics; /* read for the metrics (--format prometheus) */
	struct buddyinfo bi;
	struct zoneinfo_zones zz;
	struct frag_row frows[BUDDY_ZONES];
	size_t nfrows;
	char frag_err[300];
	/* migrate types (pagetypeinfo): the fragmentation tab's mode ('m'),
	 * read only while shown */
	bool pagetype;
	struct pagetypeinfo pt;
	struct pagetype_row prows[PT_ROWS];
	size_t nprows;
	char pt_err[300];
	/* reclaim and compaction: two reads of vmstat, their rates */
	struct vmstat vm[2];
	double vm_t[2];
	size_t vm_reads; /* 0, 1, 2: reads kept */
	double rate[VMC_COUNT];
	bool have_rate[VMC_COUNT];
	struct psi_mem psi;
	bool have_psi;
};

#define MV(st)	((struct memory_view *)(st))
#define CMV(st) ((const struct memory_view *)(st))

static void *create(const struct options *o, const void *settings)
{
	struct memory_view *v = xcalloc(1, sizeof(*v));

	const struct memory_settings *s = settings;

	v->no_physical = "not read yet";
	v->page_size = o->page_size;
	v->alloc = s && s->alloc;
	v->am.group = s ? s->group : AG_SITE;
	v->have_alloc = true; /* try it at the first read */
	v->pagetype = s && s->pagetype && !v->alloc;
	v->frag = s && (s->frag || s->pagetype) && !v->alloc;
	/* the zones' metrics, unless the zones are the report's rows */
	v->frag_metrics = o->format == FMT_PROM && (!v->frag || v->pagetype);
	return v;
}

static void destroy(void *st)
{
	iomem_free(&MV(st)->io);
	alloc_model_free(&MV(st)->am);
	free(st);
}

/* The System RAM ranges of /proc/iomem, summed (the top level: the
 * kernel's own resources are below them). Needs root: a user reads
 * zeros. */
static void read_physical(struct memory_view *v, struct view_env *env)
{
	struct kerr err = { { 0 } };
	static const char ram[] = "System RAM";

	v->have_physical = false;
	v->physical = 0;
	v->no_physical = "no /proc/iomem";
	if (source_read(&env->src, "proc/iomem", &env->buf, &err))
		return;
	iomem_parse(&v->io, env->buf.data, env->buf.len);
	v->no_physical = "/proc/iomem shows zeros: System RAM needs root";
	if (v->io.zeros)
		return;
	v->no_physical = "no System RAM in /proc/iomem";
	for (size_t i = 0; i < v->io.n; i++) {
		const struct iomem_res *r = &v->io.res[i];
		if (r->depth || strcmp(r->name, ram) || r->end < r->start)
			continue;
		if (r->end - r->start >=
		    UINT64_MAX -
			    v->physical) { /* no RAM that size: a hostile capture */
			v->have_physical = false;
			v->no_physical = "System RAM of /proc/iomem overflows";
			return;
		}
		v->physical += r->end - r->start + 1;
		v->have_physical = true;
	}
}

/* Whether the kernel stacks are vmalloc pages: from vmallocinfo, once
 * (a kernel's configuration does not change). */
static void read_stacks(struct memory_view *v, struct view_env *env)
{
	struct kerr err = { { 0 } };

	if (v->stacks_read)
		return;
	v->stacks_read = true;
	if (source_read(&env->src, "proc/vmallocinfo", &env->buf, &err))
		return;
	v->stacks = memory_stacks_in_vmalloc(env->buf.data, env->buf.len)
			    ? STACKS_VMALLOC
			    : STACKS_OWN;
}

/* The free pages of the per-CPU lists (zoneinfo, read by any user). */
static void read_pcp(struct memory_view *v, struct view_env *env)
{
	struct kerr err = { { 0 } };
	struct zoneinfo_pcp z;

	v->have_pcp = false;
	if (!v->page_size ||
	    source_read(&env->src, "proc/zoneinfo", &env->buf, &err))
		return;
	zoneinfo_parse_pcp(env->buf.data, env->buf.len, &z);
	if (v->frag || v->frag_metrics)
		zoneinfo_parse_zones(env->buf.data, env->buf.len, &v->zz);
	if (!z.lists || z.pages > UINT64_MAX / v->page_size)
		return;
	v->pcp = z.pages * v->page_size;
	v->have_pcp = true;
}

/* The allocation profile, where the kernel keeps one. */
static void read_alloc(struct memory_view *v, struct view_env *env)
{
	struct kerr err = { { 0 } };

	if (!v->alloc && !v->have_alloc)
		return;
	v->have_alloc = false;
	if (source_read(&env->src, "proc/allocinfo", &env->buf, &err)) {
		snprintf(
			v->alloc_err, sizeof(v->alloc_err),
			"no /proc/allocinfo (Linux 6.10+ with CONFIG_MEM_ALLOC_PROFILING): %.200s",
			err.msg);
		v->am.nrows = 0;
		return;
	}
	if (alloc_model_read(&v->am, env->buf.data, env->buf.len, &err)) {
		snprintf(v->alloc_err, sizeof(v->alloc_err),
			 "allocinfo: %.250s", err.msg);
		return;
	}
	v->have_alloc = true;
}

/* The zones' free blocks (buddyinfo), with the watermarks read_pcp read. */
/* vmstat's counters, their rates since the last read, and PSI */
static void read_reclaim(struct memory_view *v, struct view_env *env,
			 double now)
{
	struct kerr err = { { 0 } };

	v->have_psi = !source_read(&env->src, "proc/pressure/memory", &env->buf,
				   &err);
	if (v->have_psi)
		psi_parse(env->buf.data, env->buf.len, &v->psi);
	if (source_read(&env->src, "proc/vmstat", &env->buf, &err)) {
		v->vm_reads = 0;
		memset(v->have_rate, 0, sizeof(v->have_rate));
		return;
	}
	v->vm[0] = v->vm[1];
	v->vm_t[0] = v->vm_t[1];
	vmstat_parse(env->buf.data, env->buf.len, &v->vm[1]);
	v->vm_t[1] = now;
	if (v->vm_reads < 2)
		v->vm_reads++;
	memset(v->have_rate, 0, sizeof(v->have_rate));
	if (v->vm_reads == 2)
		vmstat_rates(&v->vm[0], &v->vm[1], v->vm_t[1] - v->vm_t[0],
			     v->rate, v->have_rate);
}

static void read_frag(struct memory_view *v, struct view_env *env, double now)
{
	struct kerr err = { { 0 } };

	v->nfrows = 0;
	v->frag_err[0] = '\0';
	if (!v->frag && !v->frag_metrics) {
		v->vm_reads = 0;
		return;
	}
	/* the tab's summary alone shows vmstat's rates and PSI: a metrics
	 * run reads only the zones */
	if (v->frag)
		read_reclaim(v, env, now);
	if (source_read(&env->src, "proc/buddyinfo", &env->buf, &err)) {
		snprintf(v->frag_err, sizeof(v->frag_err), "%.250s", err.msg);
		return;
	}
	buddyinfo_parse(env->buf.data, env->buf.len, &v->bi);
	v->nfrows = memory_frag_rows(&v->bi, v->have_pcp ? &v->zz : NULL,
				     v->page_size, v->frows,
				     ARRAY_SIZE(v->frows));
}

/* The migrate types: /proc/pagetypeinfo costs milliseconds (the kernel
 * walks every free list with the zone locked) and is root's only, so
 * it is read while its tab is shown and never else. */
static void read_pagetype(struct memory_view *v, struct view_env *env)
{
	struct kerr err = { { 0 } };

	v->nprows = 0;
	v->pt_err[0] = '\0';
	v->pt.skipped = 0;
	if (!v->frag || !v->pagetype)
		return;
	if (source_read(&env->src, "proc/pagetypeinfo", &env->buf, &err)) {
		snprintf(v->pt_err, sizeof(v->pt_err), "needs root: %.250s",
			 err.msg);
		return;
	}
	pagetypeinfo_parse(env->buf.data, env->buf.len, &v->pt);
	v->nprows = memory_pagetype_rows(&v->pt, v->page_size, v->prows,
					 ARRAY_SIZE(v->prows));
}

static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct memory_view *v = MV(st);
	struct memory_in in;

	if (!env->have_mi) {
		kerr_set(err, "%.1000s", env->mi_err.msg);
		return -1;
	}
	read_stacks(v, env);
	read_physical(v, env);
	read_pcp(v, env);
	read_alloc(v, env);
	read_frag(v, env, now);
	read_pagetype(v, env);
	in = (struct memory_in){ &env->mi,   v->physical,    v->have_physical,
				 v->stacks,  v->no_physical, v->pcp,
				 v->have_pcp };
	memory_model_compute(&v->m, &in);
	if (!v->m.nrows) {
		kerr_set(err, "/proc/meminfo has no MemTotal or no MemFree");
		return -1;
	}
	return 0;
}

static size_t skipped(const void *st, struct sbuf *note)
{
	const struct memory_view *v = CMV(st);

	if (v->frag && v->pagetype) {
		view_skipped_note(v->pt.skipped, "/proc/pagetypeinfo",
				  v->pt.first_skipped, note);
		return v->pt.skipped;
	}
	if (!v->have_alloc)
		return 0;
	view_skipped_note(v->am.st.skipped, "/proc/allocinfo",
			  v->am.st.first_skipped, note);
	return v->am.st.skipped;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct memory_view *v = CMV(st);
	const struct memory_model *m = &v->m;

	(void)use;
	if (v->frag && v->pagetype) {
		*t = (struct out_table){
			.table = &pagetype_table,
			.rows = v->prows,
			.row_size = sizeof(*v->prows),
			.nrows = v->nprows,
		};
		return;
	}
	if (v->frag) {
		*t = (struct out_table){
			.table = &frag_table,
			.rows = v->frows,
			.row_size = sizeof(*v->frows),
			.nrows = v->nfrows,
		};
		return;
	}
	if (v->alloc) {
		*t = (struct out_table){
			.table = v->am.group == AG_SITE ? &alloc_site_table
							: &alloc_group_table,
			.rows = v->am.rows,
			.row_size = sizeof(*v->am.rows),
			.nrows = v->have_alloc ? v->am.nrows : 0,
		};
		return;
	}
	*t = (struct out_table){
		.table = &memory_table,
		.rows = m->rows,
		.row_size = sizeof(*m->rows),
		.nrows = m->nrows,
	};
}

static const char *filter_key(const void *st, const void *row)
{
	if (CMV(st)->frag && CMV(st)->pagetype)
		return ((const struct pagetype_row *)row)->type;
	if (CMV(st)->frag)
		return ((const struct frag_row *)row)->zone;
	return CMV(st)->alloc ? AROW(row)->name : ROW(row)->what;
}

static const char *const stacks_names[] = {
	[STACKS_UNKNOWN] = "unknown (no /proc/vmallocinfo)",
	[STACKS_VMALLOC] =
		"in vmalloc (CONFIG_VMAP_STACK): counted once, as kernel stacks",
	[STACKS_OWN] = "not in vmalloc",
};

/* vmstat's rates (from the second read on) and PSI */
static void reclaim_lines(const struct memory_view *v, struct sbuf *out)
{
	output_label(out, "Reclaim, compaction (per second)");
	if (v->vm_reads < 2) {
		sbuf_addf(out, "from the next refresh (two vmstat reads)\n");
	} else {
		for (int c = 0; c < VMC_COUNT; c++)
			if (v->have_rate[c])
				sbuf_addf(out, "%s%s %.1f", c ? " " : "",
					  vmstat_name((enum vm_counter)c),
					  v->rate[c]);
		sbuf_addc(out, '\n');
	}
	output_label(out, "PSI memory (avg10 avg60)");
	if (!v->have_psi)
		sbuf_addf(out, "no /proc/pressure/memory\n");
	else
		sbuf_addf(out, "some %.2f%% %.2f%%, full %.2f%% %.2f%%\n",
			  v->psi.some10, v->psi.some60, v->psi.full10,
			  v->psi.full60);
}

/* the migrate types' line: shown, why not, or the key that shows them */
static void pagetype_line(const struct memory_view *v, struct sbuf *out)
{
	output_label(out, "Migrate types");
	if (!v->pagetype)
		sbuf_addf(out, "m shows them (/proc/pagetypeinfo, root)\n");
	else if (v->pt_err[0])
		sbuf_addf(out, "%s\n", v->pt_err);
	else
		sbuf_addf(out,
			  "free lists and pageblocks per type (pageblock: "
			  "%" PRIu64 " pages)\n",
			  v->pt.pages_per_block);
}

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, const struct rowset *rs,
		    struct sbuf *out)
{
	const struct memory_view *v = CMV(st);
	const struct mem_row *r = v->m.rows;

	(void)env, (void)rs;
	if (v->m.nrows) {
		output_label(out, "Unaccounted / MemTotal");
		sbuf_addf(out, "%" PRId64 "K / %" PRId64 "K (%.1f%%)\n",
			  r[MEM_UNACCOUNTED].bytes / 1024,
			  r[MEM_TOTAL].bytes / 1024, r[MEM_UNACCOUNTED].pct);
		output_label(out, "Terms meminfo lacks");
		sbuf_addf(out, "%zu (their pages are in unaccounted)\n",
			  v->m.absent);
	}
	output_label(out, "Kernel stacks");
	sbuf_addf(out, "%s\n", stacks_names[v->stacks]);
	output_label(out, "Allocation profile");
	if (v->have_alloc)
		sbuf_addf(out,
			  "%" PRId64
			  "K in %zu call sites (allocinfo %u.%u)%s\n",
			  v->am.total / 1024, v->am.st.sites, v->am.st.major,
			  v->am.st.minor, v->alloc ? "" : "; a shows it");
	else
		sbuf_addf(out, "%s\n",
			  v->alloc_err[0] ? v->alloc_err : "not read");
	if (v->frag) {
		output_label(out, "Fragmentation");
		sbuf_addf(
			out, "%s\n",
			v->frag_err[0]
				? v->frag_err
				: "per zone; UNUS3%/UNUS9%: free memory too fragmented for order 3 / 9");
		pagetype_line(v, out);
		reclaim_lines(v, out);
	}
	if (use != USE_SCREEN)
		sbuf_addc(out, '\n');
}

/* PSI's JSON members: a value of struct psi_mem and whether it is there */
static const struct {
	const char *name;
	size_t v, have;
} psi_json[] = {
	{ "some_avg10", offsetof(struct psi_mem, some10),
	  offsetof(struct psi_mem, have_some) },
	{ "some_avg60", offsetof(struct psi_mem, some60),
	  offsetof(struct psi_mem, have_some) },
	{ "full_avg10", offsetof(struct psi_mem, full10),
	  offsetof(struct psi_mem, have_full) },
	{ "full_avg60", offsetof(struct psi_mem, full60),
	  offsetof(struct psi_mem, have_full) },
};
#define PSI_VALUE(p, k) ((double *)((char *)(p) + psi_json[k].v))
#define PSI_HAVE(p, k)	((bool *)((char *)(p) + psi_json[k].have))

/* JSON's reclaim (vmstat's rates per second, null before two reads or
 * where a counter is absent) and psi (percent, null where the kernel
 * has no /proc/pressure/memory or the line) */
static void reclaim_json(const struct memory_view *v, json_object *sum)
{
	json_object *r = json_object_new_object(), *p;
	struct psi_mem psi = v->psi;

	for (int c = 0; c < VMC_COUNT; c++)
		json_object_object_add(
			r, vmstat_name((enum vm_counter)c),
			v->vm_reads >= 2 && v->have_rate[c]
				? json_object_new_double(v->rate[c])
				: NULL);
	json_object_object_add(sum, "reclaim_per_second", r);
	if (!v->have_psi) {
		json_object_object_add(sum, "psi", NULL);
		return;
	}
	p = json_object_new_object();
	for (size_t k = 0; k < ARRAY_SIZE(psi_json); k++)
		json_object_object_add(
			p, psi_json[k].name,
			*PSI_HAVE(&psi, k)
				? json_object_new_double(*PSI_VALUE(&psi, k))
				: NULL);
	json_object_object_add(sum, "psi", p);
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct memory_view *v = CMV(st);
	const struct mem_row *r = v->m.rows;
	json_object *sum = json_object_new_object();

	(void)env;
	json_object_object_add(
		sum, "unaccounted",
		v->m.nrows ? json_object_new_int64(r[MEM_UNACCOUNTED].bytes)
			   : NULL);
	json_object_object_add(
		sum, "mem_total",
		v->m.nrows ? json_object_new_int64(r[MEM_TOTAL].bytes) : NULL);
	json_object_object_add(
		sum, "physical",
		v->have_physical ? json_object_new_uint64(v->physical) : NULL);
	json_object_object_add(
		sum, "stacks_in_vmalloc",
		v->stacks == STACKS_UNKNOWN
			? NULL
			: json_object_new_boolean(v->stacks == STACKS_VMALLOC));
	output_json_u64(sum, "absent_terms", v->m.absent);
	if (v->have_alloc) {
		json_object *a = json_object_new_object();
		char ver[32];
		snprintf(ver, sizeof(ver), "%u.%u", v->am.st.major,
			 v->am.st.minor);
		json_object_object_add(a, "version",
				       json_object_new_string(ver));
		output_json_u64(a, "sites", v->am.st.sites);
		json_object_object_add(a, "bytes",
				       json_object_new_int64(v->am.total));
		json_object_object_add(
			a, "group",
			json_object_new_string(alloc_group_name(v->am.group)));
		json_object_object_add(sum, "allocinfo", a);
	} else {
		json_object_object_add(sum, "allocinfo", NULL);
	}
	if (v->frag) /* the fragmentation tab's summary: rates and PSI */
		reclaim_json(v, sum);
	if (v->frag && v->pagetype) { /* null: unreadable (root only) */
		json_object *pt = NULL;
		if (!v->pt_err[0]) {
			pt = json_object_new_object();
			json_object_object_add(
				pt, "pages_per_block",
				v->pt.have_pages_per_block
					? json_object_new_uint64(
						  v->pt.pages_per_block)
					: NULL);
		}
		json_object_object_add(sum, "pagetypeinfo", pt);
	}
	json_object_object_add(head, "summary", sum);
}

/* ---- the replay screen ------------------------------------------------ */

/* A recorded member o.key as a number: false where it is missing, null
 * or no number (an integer too, for doubles). */
static bool json_num(json_object *o, const char *key, bool integer, int64_t *i,
		     double *d)
{
	json_object *x;

	if (!o || !json_object_object_get_ex(o, key, &x))
		return false;
	if (json_object_is_type(x, json_type_int)) {
		if (i)
			*i = json_object_get_int64(x);
		if (d)
			*d = (double)json_object_get_int64(x);
		return true;
	}
	if (integer || !json_object_is_type(x, json_type_double))
		return false;
	*d = json_object_get_double(x);
	return true;
}

/* The allocation profile's summary as recorded (null: none) */
static void json_alloc(json_object *a, struct memory_view *v)
{
	uint64_t sites;

	v->have_alloc = json_object_is_type(a, json_type_object) &&
			json_num(a, "bytes", true, &v->am.total, NULL) &&
			view_json_u64(a, "sites", &sites) &&
			json_object_object_get_ex(a, "version", &a) &&
			sscanf(json_object_get_string(a), "%u.%u",
			       &v->am.st.major, &v->am.st.minor) == 2;
	v->am.st.sites = (size_t)sites;
	if (!v->have_alloc)
		snprintf(v->alloc_err, sizeof(v->alloc_err), "none recorded");
}

/* The fragmentation tab's rates, PSI and migrate types as recorded
 * (members a recording of the sheet lacks: the tab was not shown) */
static void json_frag(json_object *sum, struct memory_view *v)
{
	json_object *o;

	if (json_object_object_get_ex(sum, "reclaim_per_second", &o)) {
		v->frag = true;
		for (int c = 0; c < VMC_COUNT; c++)
			if ((v->have_rate[c] = json_num(
				     o, vmstat_name((enum vm_counter)c), false,
				     NULL, &v->rate[c])))
				v->vm_reads = 2;
	}
	if (json_object_object_get_ex(sum, "psi", &o) &&
	    json_object_is_type(o, json_type_object)) {
		v->have_psi = true;
		for (size_t k = 0; k < ARRAY_SIZE(psi_json); k++)
			*PSI_HAVE(&v->psi, k) = json_num(o, psi_json[k].name,
							 false, NULL,
							 PSI_VALUE(&v->psi, k));
	}
	if (json_object_object_get_ex(sum, "pagetypeinfo", &o)) {
		v->pagetype = v->frag;
		if (!view_json_u64(o, "pages_per_block",
				   &v->pt.pages_per_block))
			snprintf(v->pt_err, sizeof(v->pt_err),
				 "not readable when recorded");
	}
}

/* The sheet's summary lines from a recording's summary, as live: a view
 * made of what was recorded (unaccounted and MemTotal needed). */
static bool json_summary(json_object *line, struct sbuf *out)
{
	json_object *sum = NULL, *o;
	struct memory_view *v;
	int64_t un, total;
	uint64_t absent = 0;

	json_object_object_get_ex(line, "summary", &sum);
	if (!json_num(sum, "unaccounted", true, &un, NULL) ||
	    !json_num(sum, "mem_total", true, &total, NULL) || total <= 0)
		return false;
	v = xcalloc(1, sizeof(*v));
	v->m.nrows = MEM_NITEMS;
	v->m.rows[MEM_UNACCOUNTED].bytes = un;
	v->m.rows[MEM_UNACCOUNTED].pct = (double)un * 100.0 / (double)total;
	v->m.rows[MEM_TOTAL].bytes = total;
	view_json_u64(sum, "absent_terms", &absent);
	v->m.absent = (size_t)absent;
	if (json_object_object_get_ex(sum, "stacks_in_vmalloc", &o) &&
	    json_object_is_type(o, json_type_boolean))
		v->stacks = json_object_get_boolean(o) ? STACKS_VMALLOC
						       : STACKS_OWN;
	o = NULL; /* allocinfo missing: none */
	json_object_object_get_ex(sum, "allocinfo", &o);
	json_alloc(o, v);
	json_frag(sum, v);
	summary(v, NULL, USE_SCREEN, NULL, out);
	free(v);
	return true;
}

/* ---- metrics ---------------------------------------------------------- */

/* What node_exporter's meminfo metrics lack: the remainder, the physical
 * RAM and what boot reserved (the terms are its node_memory_* already). */
static void metrics(const void *st, const struct view_env *env,
		    struct sbuf *out)
{
	static const struct {
		enum mem_item i;
		const char *name, *help;
	} own[] = {
		{ MEM_UNACCOUNTED, "kmemtop_memory_unaccounted_bytes",
		  "MemTotal less every /proc/meminfo term counted once: memory no counter explains (driver pages, pipe and socket buffers, DMA)." },
		{ MEM_PHYSICAL, "kmemtop_memory_physical_bytes",
		  "System RAM of /proc/iomem." },
		{ MEM_RESERVED, "kmemtop_memory_reserved_at_boot_bytes",
		  "Physical RAM less MemTotal: the kernel image, memblock reservations, crashkernel." },
	};
	const struct memory_view *v = CMV(st);
	const struct memory_model *m = &v->m;

	(void)env;
	for (size_t k = 0; k < ARRAY_SIZE(own) && m->nrows; k++) {
		if (!m->rows[own[k].i].have)
			continue;
		prom_family(out, own[k].name, own[k].help);
		sbuf_addf(out, "%s %" PRId64 "\n", own[k].name,
			  m->rows[own[k].i].bytes);
	}
	/* the zones, where the sheet is what the report's rows were (with
	 * --frag the zones are the rows, written as a table already) */
	if (v->frag_metrics)
		prom_table(out, &frag_table, v->frows, sizeof(*v->frows),
			   v->nfrows);
}

/* ---- the screen ------------------------------------------------------- */

static void status(const void *st, struct sbuf *out)
{
	const struct memory_view *v = CMV(st);

	if (v->frag) {
		sbuf_addf(out, "%s",
			  v->pagetype ? "Free lists per migrate type"
				      : "Fragmentation per zone");
		return;
	}
	if (v->alloc) {
		sbuf_addf(out, "Allocation profile by %s",
			  alloc_group_name(v->am.group));
		return;
	}
	sbuf_addf(out, "Physical: %s",
		  CMV(st)->have_physical ? "System RAM of iomem"
					 : CMV(st)->no_physical);
}

/* What hides in the remainder, and how to find it. */
static const char unaccounted_help[] =
	"No /proc/meminfo counter holds these pages. What typically hides here:\n"
	"  - driver pages from alloc_pages() (GPU and DRM buffers, network\n"
	"    rings, virtio and Hyper-V balloons, ION/dma-buf heaps)\n"
	"  - pipe buffers and socket buffers (skbs past the slab's head:\n"
	"    their page fragments)\n"
	"  - DMA and CMA allocations (dma_alloc_coherent); free pages held in\n"
	"    the per-CPU page lists, where /proc/zoneinfo is not read\n"
	"  - the overlap of SwapCached with AnonPages (counted twice: the\n"
	"    remainder is then low)\n"
	"How to find it:\n"
	"  - /proc/allocinfo (Linux 6.10+, CONFIG_MEM_ALLOC_PROFILING): bytes\n"
	"    by call site; a here shows it, g sums it by module or file\n"
	"  - /sys/kernel/debug/dma_buf/bufinfo, /sys/kernel/debug/dri/*/\n"
	"    (GPU), /proc/net/sockstat (socket pages), lsof -p for pipes\n"
	"  - page_owner (page_owner=on, /sys/kernel/debug/page_owner)\n"
	"  - watch dSIZE here while a suspect runs or is stopped\n";

static int by_bytes_desc(const void *a, const void *b)
{
	int64_t x = ((const struct alloc_row *)a)->bytes,
		y = ((const struct alloc_row *)b)->bytes;

	return (x < y) - (x > y);
}

/* Beside unaccounted: the allocation profile summed by module, largest
 * first, where the kernel keeps one (read now, for this pane). */
static void alloc_by_module(const struct view_env *env, struct sbuf *out)
{
	struct source_buf buf = { 0 };
	struct kerr err = { { 0 } };
	struct alloc_model m = { .group = AG_MODULE };

	if (!source_read(&env->src, "proc/allocinfo", &buf, &err) &&
	    !alloc_model_read(&m, buf.data, buf.len, &err) && m.nrows) {
		qsort(m.rows, m.nrows, sizeof(*m.rows), by_bytes_desc);
		sbuf_addf(out,
			  "The allocation profile by module (allocinfo %u.%u; "
			  "a, g: all of it):\n",
			  m.st.major, m.st.minor);
		for (size_t i = 0; i < m.nrows && i < 8; i++)
			sbuf_addf(out, "  %10" PRId64 "K  %s\n",
				  m.rows[i].bytes / 1024, m.rows[i].name);
	}
	alloc_model_free(&m);
	source_buf_free(&buf);
}

static void detail(void *st, const struct view_env *env, const void *row,
		   struct sbuf *out)
{
	const struct mem_row *r = row;

	if (CMV(st)->alloc || CMV(st)->frag)
		return;
	switch (r->id) {
	case MEM_UNACCOUNTED:
		alloc_by_module(env, out);
		sbuf_addf(out, "%s", unaccounted_help);
		break;
	case MEM_SLAB_RECL:
	case MEM_SLAB_UNRECL:
		sbuf_addf(out, "Enter: the slab view (caches by size).\n");
		break;
	case MEM_VMALLOC:
		sbuf_addf(out, "Enter: the vmalloc view (areas by caller).\n");
		break;
	case MEM_ANON:
		sbuf_addf(out, "Enter: the OOM view, processes by RSS.\n");
		break;
	case MEM_RESERVED:
		sbuf_addf(out, "Reserved at boot: the kernel image, memblock "
			       "reservations (struct pages,\ncrashkernel); "
			       "dmesg's \"Memory: ...K/...K available\" line "
			       "breaks it down.\n");
		break;
	default:
		break;
	}
}

/* Enter on a kernel row: the view that explains it. */
static bool enter(void *st, const void *row, struct view_target *to)
{
	const struct mem_row *r = row;

	if (CMV(st)->alloc || CMV(st)->frag)
		return false;
	switch (r->id) {
	case MEM_SLAB_RECL:
	case MEM_SLAB_UNRECL:
		to->view = &view_slab;
		return true;
	case MEM_VMALLOC:
		to->view = &view_vmalloc;
		return true;
	case MEM_ANON:
		to->view = &view_oom;
		to->sort = "rss";
		return true;
	default:
		return false;
	}
}

static unsigned key_alloc(void *st, const void *row, char *msg, size_t size)
{
	struct memory_view *v = MV(st);

	(void)row;
	v->frag = v->pagetype = false;
	v->alloc = !v->alloc;
	if (v->alloc)
		v->have_alloc = true; /* try it again */
	snprintf(msg, size, "%s",
		 v->alloc ? "the allocation profile (/proc/allocinfo)"
			  : "the balance sheet");
	return R_REREAD;
}

static unsigned key_group(void *st, const void *row, char *msg, size_t size)
{
	struct memory_view *v = MV(st);

	(void)row;
	if (!v->alloc) {
		snprintf(msg, size, "g groups the allocation profile (a)");
		return R_REDRAW;
	}
	v->am.group = (enum alloc_group)((v->am.group + 1) % AG_COUNT);
	snprintf(msg, size, "allocation profile by %s",
		 alloc_group_name(v->am.group));
	return R_REREAD;
}

static unsigned key_frag(void *st, const void *row, char *msg, size_t size)
{
	struct memory_view *v = MV(st);

	(void)row;
	v->alloc = v->pagetype = false;
	v->frag = !v->frag;
	snprintf(msg, size, "%s",
		 v->frag ? "fragmentation per zone" : "the balance sheet");
	return R_REREAD;
}

static unsigned key_pagetype(void *st, const void *row, char *msg, size_t size)
{
	struct memory_view *v = MV(st);

	(void)row;
	v->alloc = false;
	v->pagetype = !(v->frag && v->pagetype);
	v->frag = true;
	snprintf(msg, size, "%s",
		 v->pagetype
			 ? "free lists per migrate type (/proc/pagetypeinfo)"
			 : "fragmentation per zone");
	return R_REREAD;
}

static const struct view_key keys[] = {
	{ 'f', "f", key_frag,
	  "fragmentation per zone (buddyinfo, zoneinfo) or the balance sheet" },
	{ 'm', "m", key_pagetype,
	  "the fragmentation tab's migrate types (/proc/pagetypeinfo, root) or its zones" },
	{ 'a', "a", key_alloc,
	  "the allocation profile (/proc/allocinfo) or the balance sheet" },
	{ 'g', "g", key_group,
	  "group the allocation profile by call site, module or file" },
};

static const char *const label[] = { "item", NULL };

const struct view view_memory = {
	.name = "memory",
	.what = "RAM balance sheet",
	.meminfo = VIEW_MI_SCREEN | VIEW_MI_REPORT | VIEW_MI_NEEDED,
	.options = options,
	.noptions = ARRAY_SIZE(options),
	.settings_new = settings_new,
	.create = create,
	.destroy = destroy,
	.read = read_view,
	.skipped = skipped,
	.rows = rows,
	.filter_key = filter_key,
	.summary = summary,
	.json_head = json_head,
	.json_summary = json_summary,
	.metrics = metrics,
	.status = status,
	.detail = detail,
	.enter = enter,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.help_note =
		"The terms (indented once) and unaccounted add up to MemTotal;\n"
		"\"of it\" rows are parts of the row above, not added again.\n"
		"Enter on slab, vmalloc or anonymous opens the view that explains\n"
		"it; on unaccounted, what hides there and how to find it.",
	.main_value = "bytes",
	.main_bytes = true,
	.label = label,
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
