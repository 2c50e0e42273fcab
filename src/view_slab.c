/*
 * view_slab.c - the slab view: /proc/slabinfo as slabtop shows it, with
 * each cache's change since the last refresh, the baseline, or per
 * second.
 *
 * Its column table is the one place a slab column is described: the
 * screen, the text of -o (byte for byte slabtop's), JSON, metrics,
 * --help, --list-columns and the man page check all read it.
 */
#include "view_slab.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity_feed.h"
#include "prom.h"
#include "slab_model.h"
#include "slab_sys.h"

#define ROW(p)	 ((const struct slab_row *)(p))
#define CACHE(f) .kind = V_U64, .off = offsetof(struct slab_row, c.f)
#define ROWF(f)	 .kind = V_U64, .off = offsetof(struct slab_row, f)
#define SYS(f, h)                                           \
	.kind = V_U64, .off = offsetof(struct slab_row, f), \
	.have = offsetof(struct slab_row, h)

/* A column's metric (prom_table): kmemtop_slab_NAME. */
#define MET(name, how, h) .metric = name, .met = how, .metric_help = h
#define SAME_NAME	  " Caches of one name are summed."

/* The columns of every table of the view: slabtop's and the deltas;
 * the activity columns in the tables that have them; the waste columns;
 * then NAME; then the hidden ones. */
#define SLAB_COLS                                                                                            \
	{ .key = "objs",                                                                                     \
	  .title = "OBJS",                                                                                   \
	  .json = "num_objs",                                                                                \
	  .letter = 'o',                                                                                     \
	  .width = 6,                                                                                        \
	  .fmt = F_COUNT,                                                                                    \
	  CACHE(num_objs),                                                                                   \
	  MET("objects", MET_SUM,                                                                            \
	      "Objects allocated in the slab cache, in use or free (num_objs)." SAME_NAME),                  \
	  .help = "objects allocated, in use or free (num_objs)" },                                          \
		{ .key = "active",                                                                           \
		  .title = "ACTIVE",                                                                         \
		  .json = "active_objs",                                                                     \
		  .letter = 'a',                                                                             \
		  .width = 6,                                                                                \
		  .fmt = F_COUNT,                                                                            \
		  CACHE(active_objs),                                                                        \
		  MET("objects_active", MET_SUM,                                                             \
		      "Objects in use in the slab cache (active_objs)." SAME_NAME),                          \
		  .help = "objects in use (active_objs)" },                                                  \
		{ .key = "use",                                                                              \
		  .title = "USE",                                                                            \
		  .json = "use",                                                                             \
		  .letter = 'u',                                                                             \
		  .width = 3,                                                                                \
		  .fmt = F_PERCENT,                                                                          \
		  ROWF(use),                                                                                 \
		  .help = "percentage of the objects in use (cache utilization)" },                          \
		{ .key = "objsize",                                                                          \
		  .title = "OBJ SIZE",                                                                       \
		  .json = "objsize",                                                                         \
		  .letter = 's',                                                                             \
		  .width = 7,                                                                                \
		  .fmt = F_KIB2,                                                                             \
		  CACHE(objsize),                                                                            \
		  MET("object_size_bytes", MET_MAX,                                                          \
		      "Size of one object of the slab cache (objsize); the largest of caches of one name."), \
		  .help = "size of one object, in KiB (JSON: bytes)" },                                      \
		{ .key = "slabs",                                                                            \
		  .title = "SLABS",                                                                          \
		  .json = "num_slabs",                                                                       \
		  .letter = 'l',                                                                             \
		  .width = 6,                                                                                \
		  .fmt = F_COUNT,                                                                            \
		  CACHE(num_slabs),                                                                          \
		  MET("slabs", MET_SUM,                                                                      \
		      "Slabs allocated to the cache (num_slabs)." SAME_NAME),                                \
		  .help = "slabs allocated (num_slabs)" },                                                   \
		{ .key = "objperslab",                                                                       \
		  .title = "OBJ/SLAB",                                                                       \
		  .json = "objperslab",                                                                      \
		  .letter = 'b',                                                                             \
		  .width = 8,                                                                                \
		  .fmt = F_COUNT,                                                                            \
		  CACHE(objperslab),                                                                         \
		  .help = "objects per slab" },                                                              \
		{ .key = "cache_size",                                                                       \
		  .title = "CACHE SIZE",                                                                     \
		  .json = "cache_size",                                                                      \
		  .letter = 'c',                                                                             \
		  .width = 9,                                                                                \
		  .fmt = F_KIB,                                                                              \
		  ROWF(cache_size),                                                                          \
		  MET("cache_size_bytes", MET_SUM,                                                           \
		      "Memory of the slab cache: slabs x pages per slab x page size." SAME_NAME),            \
		  .help = "slabs x pages per slab x page size, in KiB (JSON: bytes)" },                      \
		{ .key = "delta_active",                                                                     \
		  .title = "dACTIVE",                                                                        \
		  .json = "delta_active",                                                                    \
		  .width = 8,                                                                                \
		  .fmt = F_DELTA,                                                                            \
		  .flags = COL_DELTA | COL_NOJSON,                                                           \
		  .delta_of = "active_objs",                                                                 \
		  .help = "change of ACTIVE (since the last refresh, the baseline, or per second)" },        \
		{ .key = "delta_size",                                                                       \
		  .title = "dSIZE",                                                                          \
		  .json = "delta_cache_size",                                                                \
		  .width = 9,                                                                                \
		  .fmt = F_DELTA_KIB,                                                                        \
		  .flags = COL_DELTA | COL_NOJSON,                                                           \
		  .delta_of = "cache_size",                                                                  \
		  .help = "change of CACHE SIZE in KiB (same modes as dACTIVE)" },

/* The activity columns (the eBPF feed, A, --activity): ALLOC/s, FREE/s
 * and BYTES/s beside the deltas; the counts since attach hidden (JSON,
 * -s, and the Prometheus counters). */
#define SLAB_ACT_COLS                                                                                                                                                                                          \
	{                                                                                                                                                                                                      \
		.key = "allocs_per_sec",                                                                                                                                                                       \
		.title = "ALLOC/s",                                                                                                                                                                            \
		.json = "allocs_per_sec",                                                                                                                                                                      \
		.width = 9,                                                                                                                                                                                    \
		.fmt = F_COUNT,                                                                                                                                                                                \
		.flags = COL_MAYBE,                                                                                                                                                                            \
		.get = get_alloc_rate,                                                                                                                                                                         \
		.help = "allocations from the cache per second over the last interval (kmem tracepoints; blank until the second reading)"                                                                      \
	},                                                                                                                                                                                                     \
		{ .key = "frees_per_sec",                                                                                                                                                                      \
		  .title = "FREE/s",                                                                                                                                                                           \
		  .json = "frees_per_sec",                                                                                                                                                                     \
		  .width = 9,                                                                                                                                                                                  \
		  .fmt = F_COUNT,                                                                                                                                                                              \
		  .flags = COL_MAYBE,                                                                                                                                                                          \
		  .get = get_free_rate,                                                                                                                                                                        \
		  .help = "frees per second seen by the tracepoints; blank (null) when no free of the cache was ever seen: unknown, not 0" },                                                                  \
		{ .key = "bytes_per_sec",                                                                                                                                                                      \
		  .title = "BYTES/s",                                                                                                                                                                          \
		  .json = "bytes_per_sec",                                                                                                                                                                     \
		  .width = 8,                                                                                                                                                                                  \
		  .fmt = F_KIB,                                                                                                                                                                                \
		  .flags = COL_MAYBE,                                                                                                                                                                          \
		  .get = get_bytes_rate,                                                                                                                                                                       \
		  .help = "bytes of the slots allocated per second, in KiB (JSON: bytes)" },                                                                                                                   \
		{ .key = "allocs",                                                                                                                                                                             \
		  .title = "ALLOCS",                                                                                                                                                                           \
		  .json = "allocs",                                                                                                                                                                            \
		  .width = 11,                                                                                                                                                                                 \
		  .fmt = F_COUNT,                                                                                                                                                                              \
		  .flags = COL_HIDDEN | COL_MAYBE,                                                                                                                                                             \
		  .get = get_allocs,                                                                                                                                                                           \
		  MET("allocations_total", MET_COUNTER,                                                                                                                                                        \
		      "Allocations from the slab cache seen by the kmem tracepoints since kmemtop attached (--activity)." SAME_NAME),                                                                          \
		  .help = "allocations seen since kmemtop attached (not displayed)" },                                                                                                                         \
		{ .key = "frees",                                                                                                                                                                              \
		  .title = "FREES",                                                                                                                                                                            \
		  .json = "frees",                                                                                                                                                                             \
		  .width = 11,                                                                                                                                                                                 \
		  .fmt = F_COUNT,                                                                                                                                                                              \
		  .flags = COL_HIDDEN | COL_MAYBE,                                                                                                                                                             \
		  .get = get_frees,                                                                                                                                                                            \
		  MET("frees_total", MET_COUNTER,                                                                                                                                                              \
		      "Frees of the slab cache's objects seen by the kmem tracepoints since kmemtop attached (--activity); only caches a free was seen of: bulk and RCU frees fire no tracepoint." SAME_NAME), \
		  .help = "frees seen since kmemtop attached; null when none was seen: unknown (not displayed)" },

/* The waste columns (COL_EXTRA: shown on demand, w, --waste). */
#define SLAB_WASTE_COLS                                                                                                                                    \
	{                                                                                                                                                  \
		.key = "waste",                                                                                                                            \
		.title = "WASTE",                                                                                                                          \
		.json = "waste",                                                                                                                           \
		.letter = 'W',                                                                                                                             \
		.width = 8,                                                                                                                                \
		.fmt = F_KIB,                                                                                                                              \
		.flags = COL_EXTRA | COL_MAYBE,                                                                                                            \
		SYS(waste, have_sys),                                                                                                                      \
		MET("waste_bytes", MET_SUM,                                                                                                                \
		    "Memory of the cache's slabs not holding object bytes: cache size - active objects x object size (/sys/kernel/slab)." SAME_NAME),      \
		.help = "memory of the slabs not holding object bytes: CACHE SIZE - ACTIVE x object size, in KiB (JSON: bytes; Loss in tools/mm/slabinfo)" \
	},                                                                                                                                                 \
		{ .key = "eff",                                                                                                                            \
		  .title = "EFF",                                                                                                                          \
		  .json = "efficiency",                                                                                                                    \
		  .letter = 'E',                                                                                                                           \
		  .width = 3,                                                                                                                              \
		  .fmt = F_PERCENT,                                                                                                                        \
		  .flags = COL_EXTRA | COL_MAYBE,                                                                                                          \
		  SYS(eff, have_sys),                                                                                                                      \
		  .help = "ACTIVE x object size / CACHE SIZE, percent (%Ef in tools/mm/slabinfo)" },                                                       \
		{ .key = "partial",                                                                                                                        \
		  .title = "PARTIAL",                                                                                                                      \
		  .json = "partial_slabs",                                                                                                                 \
		  .letter = 'T',                                                                                                                           \
		  .width = 7,                                                                                                                              \
		  .fmt = F_COUNT,                                                                                                                          \
		  .flags = COL_EXTRA | COL_MAYBE | COL_LAZY,                                                                                               \
		  SYS(partial, have_partial),                                                                                                              \
		  MET("partial_slabs", MET_SUM,                                                                                                            \
		      "Partial slabs of the cache: neither full nor empty (/sys/kernel/slab)." SAME_NAME),                                                 \
		  .help = "slabs neither full nor empty (sysfs partial): free slots the cache keeps" },                                                    \
		{ .key = "pct_partial",                                                                                                                    \
		  .title = "PART",                                                                                                                         \
		  .json = "partial_pct",                                                                                                                   \
		  .letter = 'F',                                                                                                                           \
		  .width = 4,                                                                                                                              \
		  .fmt = F_PERCENT,                                                                                                                        \
		  .flags = COL_EXTRA | COL_MAYBE | COL_LAZY,                                                                                               \
		  SYS(pct_partial, have_partial),                                                                                                          \
		  .help = "PARTIAL / SLABS, percent (%Fr in tools/mm/slabinfo)" },

#define SLAB_HIDDEN_COLS                                                                                         \
	{ .key = "active_slabs",                                                                                 \
	  .title = "ASLABS",                                                                                     \
	  .json = "active_slabs",                                                                                \
	  .letter = 'v',                                                                                         \
	  .width = 6,                                                                                            \
	  .fmt = F_COUNT,                                                                                        \
	  .flags = COL_HIDDEN,                                                                                   \
	  CACHE(active_slabs),                                                                                   \
	  .help = "slabs holding at least one object in use (not displayed)" },                                  \
		{ .key = "pagesperslab",                                                                         \
		  .title = "PG/SLAB",                                                                            \
		  .json = "pagesperslab",                                                                        \
		  .letter = 'p',                                                                                 \
		  .width = 7,                                                                                    \
		  .fmt = F_COUNT,                                                                                \
		  .flags = COL_HIDDEN,                                                                           \
		  CACHE(pagesperslab),                                                                           \
		  .help = "pages per slab (not displayed)" },                                                    \
		{ .key = "object_size",                                                                          \
		  .title = "OBJECT",                                                                             \
		  .json = "object_size",                                                                         \
		  .width = 7,                                                                                    \
		  .fmt = F_COUNT,                                                                                \
		  .flags = COL_HIDDEN | COL_MAYBE,                                                               \
		  SYS(object_size, have_sys),                                                                    \
		  .help = "bytes of one object without its slot's padding (sysfs object_size; not displayed)" }, \
		{ .key = "merged",                                                                               \
		  .title = "MERGED",                                                                             \
		  .json = "merged",                                                                              \
		  .width = 20,                                                                                   \
		  .fmt = F_RENDER,                                                                               \
		  .flags = COL_HIDDEN,                                                                           \
		  .get = get_merged,                                                                             \
		  .render = render_text,                                                                         \
		  .list_sep = '\n',                                                                              \
		  .help = "the other cache names SLUB merged into this cache (not displayed; the screen adds +N to NAME)" },

static void get_alloc_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_act_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->act_alloc_rate);
}

static void get_free_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_act_free_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->act_free_rate);
}

static void get_bytes_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_act_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->act_bytes_rate);
}

static void get_allocs(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_act ? V_U64 : V_NONE;
	v->u = ROW(p)->act_allocs;
}

static void get_frees(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_act_frees ? V_U64 : V_NONE;
	v->u = ROW(p)->act_frees;
}

/* The names merged into the cache: absent where /sys/kernel/slab does
 * not know the cache, an empty list where none is. */
static void get_merged(const void *p, struct value *v)
{
	v->kind = ROW(p)->dir && *ROW(p)->dir ? V_STR : V_NONE;
	v->s = ROW(p)->merged;
}

static void render_text(const struct value *v, struct sbuf *out)
{
	sbuf_add(out, v->s, strlen(v->s));
}

static const struct column cols[] = {
	SLAB_COLS SLAB_WASTE_COLS{ .key = "name",
				   .title = "NAME",
				   .json = "name",
				   .letter = 'n',
				   .width = 23,
				   .fmt = F_TEXT,
				   .flags = COL_ASC | COL_ID | COL_NAME,
				   .kind = V_STR,
				   .off = offsetof(struct slab_row, name),
				   .help = "name of the cache",
				   .label = "cache" },
	SLAB_HIDDEN_COLS
};

/* With the activity columns (--activity, A). */
static const struct column act_cols[] = {
	SLAB_COLS SLAB_ACT_COLS SLAB_WASTE_COLS{
		.key = "name",
		.title = "NAME",
		.json = "name",
		.letter = 'n',
		.width = 23,
		.fmt = F_TEXT,
		.flags = COL_ASC | COL_ID | COL_NAME,
		.kind = V_STR,
		.off = offsetof(struct slab_row, name),
		.help = "name of the cache",
		.label = "cache" },
	SLAB_HIDDEN_COLS
};

/* The metrics' alone: how many names SLUB merged into the cache. */
static const struct column met_cols[] = {
	{ .key = "merged_names",
	  .kind = V_U64,
	  .off = offsetof(struct slab_row, nmerged),
	  .have = offsetof(struct slab_row, have_sys),
	  .flags = COL_MAYBE,
	  MET("merged_names", MET_MAX,
	      "Other cache names SLUB merged into the cache (/sys/kernel/slab); its counts include theirs.") },
};

/* Per cache name (label cache), every cache: caches of one name (as
 * real kernels have) are one series. */
static const struct table_metrics slab_metrics = {
	.prefix = "kmemtop_slab_",
	.cols = met_cols,
	.ncols = ARRAY_SIZE(met_cols),
};

const struct table slab_table = {
	.name = "slab",
	.cols = cols,
	.ncols = ARRAY_SIZE(cols),
	.default_sort = 0, /* objects, largest first, as slabtop */
	.metrics = &slab_metrics,
};

/* The screen's: NAME says how many names were merged into the cache. */
static const struct column screen_cols[] = {
	SLAB_COLS SLAB_WASTE_COLS{
		.key = "name",
		.title = "NAME",
		.json = "name",
		.letter = 'n',
		.width = 23,
		.fmt = F_TEXT,
		.flags = COL_ASC | COL_ID | COL_NAME,
		.kind = V_STR,
		.off = offsetof(struct slab_row, label),
		.help = "name of the cache (on screen: +N when SLUB merged N other names into it)" },
	SLAB_HIDDEN_COLS
};

static const struct column screen_act_cols[] = {
	SLAB_COLS SLAB_ACT_COLS SLAB_WASTE_COLS{
		.key = "name",
		.title = "NAME",
		.json = "name",
		.letter = 'n',
		.width = 23,
		.fmt = F_TEXT,
		.flags = COL_ASC | COL_ID | COL_NAME,
		.kind = V_STR,
		.off = offsetof(struct slab_row, label),
		.help = "name of the cache (on screen: +N when SLUB merged N other names into it)" },
	SLAB_HIDDEN_COLS
};

static const struct table slab_screen_table = {
	.name = "slab",
	.cols = screen_cols,
	.ncols = ARRAY_SIZE(screen_cols),
	.default_sort = 0,
};

static const struct table slab_screen_act_table = {
	.name = "slab-activity",
	.cols = screen_act_cols,
	.ncols = ARRAY_SIZE(screen_act_cols),
	.default_sort = 0,
};

/* The table with the activity columns: its own name for --list-columns
 * (the columns of "slab" and the activity's). */
static const struct table slab_act_table = {
	.name = "slab-activity",
	.cols = act_cols,
	.ncols = ARRAY_SIZE(act_cols),
	.default_sort = 0,
	.metrics = &slab_metrics,
};

static const struct table *const tables[] = { &slab_table, &slab_act_table };

/* ---- options ---------------------------------------------------------- */

struct slab_settings {
	bool waste;	    /* --waste: the waste columns in text */
	bool unreclaimable; /* --unreclaimable: those caches only */
	bool activity;	    /* --activity: the activity columns */
};

static void *settings_new(void)
{
	return xcalloc(1, sizeof(struct slab_settings));
}

static int set_waste(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct slab_settings *)s)->waste = true;
	return 0;
}

static int set_unreclaimable(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct slab_settings *)s)->unreclaimable = true;
	return 0;
}

static int set_activity(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct slab_settings *)s)->activity = true;
	return 0;
}

static const struct view_option options[] = {
	{ "waste", NULL,
	  "slab: add WASTE, EFF, PARTIAL and PART columns (from /sys/kernel/slab)",
	  set_waste },
	{ "unreclaimable", NULL,
	  "slab: only caches that are not reclaimable (SUnreclaim)",
	  set_unreclaimable },
	{ "activity", NULL,
	  "slab: add ALLOC/s, FREE/s and BYTES/s columns (attaches the eBPF program)",
	  set_activity },
};

/* ---- the view --------------------------------------------------------- */

struct slab_view {
	struct slab_model m;
	struct slab_sys sys;
	const char *file; /* for notes: ROOT/proc/slabinfo */
	struct sbuf path;
	bool waste;	    /* the waste columns shown */
	bool unreclaimable; /* only the caches that are not reclaimable */
	bool all_partial;   /* reports: every row's partial slabs */
	bool no_sys;	    /* slabtop's text: /sys/kernel/slab unused */
	bool read_once;	    /* a reading of slabinfo succeeded */
	/* the rows shown with unreclaimable: copies of the model's */
	struct slab_row *only;
	size_t nonly, only_cap;
	/* the cache S shrinks: its sysfs directory, held from the key on */
	struct source_dir shrink_dir;
	char shrink_name[96];
	uint64_t shrink_slabs;
	/* the activity columns: shown, the run's feed (borrowed), why they
	 * are empty ("": they are not), the feed's caches by name */
	bool activity;
	struct act_feed *feed;
	struct kerr act_why;
	const struct act_row **by_name;
	size_t by_name_cap;
};

#define SV(st)	((struct slab_view *)(st))
#define CSV(st) ((const struct slab_view *)(st))

static void *create(const struct options *o, const void *settings)
{
	const struct slab_settings *s = settings;
	struct slab_view *v = xcalloc(1, sizeof(*v));

	slab_model_init(&v->m, o->page_size);
	slab_sys_init(&v->sys);
	source_path(o->root, "proc/slabinfo", &v->path);
	v->file = v->path.s;
	v->waste = s && s->waste;
	v->unreclaimable = s && s->unreclaimable;
	v->activity = s && s->activity;
	/* JSON and metrics always carry the partial slabs; text with
	 * --waste; the screen reads them for the rows it shows */
	v->all_partial = (o->once || o->batch) &&
			 (o->format != FMT_TEXT || v->waste);
	/* -o and -b text as slabtop's read nothing more than it does */
	v->no_sys = (o->once || o->batch) && o->format == FMT_TEXT &&
		    !v->waste && !v->unreclaimable;
	v->shrink_dir = (struct source_dir)SOURCE_DIR_NONE;
	return v;
}

static void destroy(void *st)
{
	slab_model_free(&SV(st)->m);
	slab_sys_free(&SV(st)->sys);
	sbuf_free(&SV(st)->path);
	free(SV(st)->only);
	source_dir_release(&SV(st)->shrink_dir);
	free(SV(st)->by_name);
	free(st);
}

/* The rows shown: every cache, or the unreclaimable ones. */
static void select_rows(struct slab_view *v)
{
	const struct slab_model *m = &v->m;

	v->nonly = 0;
	if (!v->unreclaimable)
		return;
	xgrow((void **)&v->only, &v->only_cap, m->nrows ? m->nrows : 1,
	      sizeof(*v->only));
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].unreclaimable)
			v->only[v->nonly++] = m->rows[i];
	/* then the others, not shown: the row set keeps them in the
	 * reading, so that a cache shown again after U is not new */
	for (size_t i = 0, k = v->nonly; i < m->nrows; i++)
		if (!m->rows[i].unreclaimable)
			v->only[k++] = m->rows[i];
}

static int cmp_act_name(const void *a, const void *b)
{
	return strcmp((*(const struct act_row *const *)a)->name,
		      (*(const struct act_row *const *)b)->name);
}

/* The activity of the caches read: the feed's rows matched to the slab
 * rows by name. A merged cache is the kernel's one cache, named by its
 * first name, which is slabinfo's row: the names merged into it have no
 * rows of their own, and their allocations are the row's. Feed rows of
 * one name (a cache destroyed and made again) are summed; slabinfo rows
 * of one name: the first has them. */
static void read_activity(struct slab_view *v, struct view_env *env, double now)
{
	const struct act_part *p;
	size_t n = 0;
	bool *taken;
	int rc;

	v->act_why.msg[0] = '\0';
	v->feed = view_env_activity(env);
	rc = act_feed_read(v->feed, &env->src, now, env->refresh, &v->act_why);
	if (rc > 0 && !v->act_why.msg[0] && v->feed->why.msg[0])
		kerr_set(&v->act_why, "%s", v->feed->why.msg);
	if (rc > 0 && !v->act_why.msg[0])
		kerr_set(&v->act_why, "no allocation activity");
	if (rc != 0)
		return;
	p = &v->feed->m.caches;
	xgrow((void **)&v->by_name, &v->by_name_cap, p->nrows ? p->nrows : 1,
	      sizeof(*v->by_name));
	for (size_t i = 0; i < p->nrows; i++)
		if (!p->rows[i].other && p->rows[i].name)
			v->by_name[n++] = &p->rows[i];
	qsort(v->by_name, n, sizeof(*v->by_name), cmp_act_name);
	taken = xcalloc(n ? n : 1, sizeof(*taken));
	for (size_t i = 0; i < v->m.nrows; i++) {
		struct slab_row *r = &v->m.rows[i];
		struct act_row key = { .name = r->name }, *kp = &key;
		const struct act_row **hit = n ? bsearch(&kp, v->by_name, n,
							 sizeof(*v->by_name),
							 cmp_act_name)
					       : NULL;
		size_t k;

		if (!hit)
			continue;
		k = (size_t)(hit - v->by_name);
		while (k && !strcmp(v->by_name[k - 1]->name, r->name))
			k--;
		if (taken[k]) /* by a row of the same name */
			continue;
		taken[k] = true;
		for (; k < n && !strcmp(v->by_name[k]->name, r->name); k++) {
			const struct act_row *a = v->by_name[k];

			r->have_act = true;
			r->act_allocs += a->allocs;
			if (a->have_frees) {
				r->have_act_frees = true;
				r->act_frees += a->frees;
			}
			if (a->have_rate) {
				r->have_act_rate = true;
				r->act_alloc_rate += a->alloc_rate;
				r->act_bytes_rate += a->bytes_rate;
			}
			if (a->have_free_rate) {
				r->have_act_free_rate = true;
				r->act_free_rate += a->free_rate;
			}
		}
	}
	free(taken);
}

static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct slab_view *v = SV(st);
	struct kerr why = { { 0 } };

	if (source_read(&env->src, "proc/slabinfo", &env->buf, err))
		return -1;
	if (slab_model_update(&v->m, env->buf.data, env->buf.len, now, &why)) {
		kerr_set(err, "%.1000s: %s", v->file, why.msg);
		return -1;
	}
	if (!v->no_sys)
		slab_sys_rows(&v->sys, &env->src, &v->m);
	for (size_t i = 0; v->all_partial && v->sys.present && i < v->m.nrows;
	     i++)
		slab_sys_partial(&v->sys, &env->src, &v->m.rows[i]);
	if (v->activity)
		read_activity(v, env, now);
	select_rows(v);
	v->read_once = true;
	return 0;
}

static void fetch(void *st, const struct view_env *env, size_t i)
{
	struct slab_view *v = SV(st);
	struct slab_row *r = v->unreclaimable ? &v->only[i] : &v->m.rows[i];

	if (r->fetched || !v->sys.present)
		return;
	r->fetched = true;
	slab_sys_partial(&v->sys, &env->src, r);
}

static size_t skipped(const void *st, struct sbuf *note)
{
	view_skipped_note(CSV(st)->m.cur.skipped, CSV(st)->file,
			  CSV(st)->m.cur.first_skipped, note);
	return CSV(st)->m.cur.skipped;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct slab_view *v = CSV(st);
	const struct slab_model *m = &v->m;

	*t = (struct out_table){
		.table = use == USE_SCREEN
				 ? (v->activity ? &slab_screen_act_table
						: &slab_screen_table)
			 : v->activity ? &slab_act_table
				       : &slab_table,
		.rows = v->unreclaimable ? v->only : m->rows,
		.row_size = sizeof(*m->rows),
		.nrows = v->unreclaimable ? v->nonly : m->nrows,
		.nhidden = v->unreclaimable ? m->nrows - v->nonly : 0,
		.extra = v->waste,
		.slabtop = use == USE_TEXT,
	};
}

/* The name and the names merged into the cache: /UNIX finds the
 * cache the UNIX sockets live in. */
static const char *filter_key(const void *st, const void *row)
{
	(void)st;
	return ROW(row)->filter ? ROW(row)->filter : ROW(row)->name;
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

void slab_summary_lines(const struct slab_totals *t, struct sbuf *out)
{
	output_label(out, "Active / Total Objects (% used)");
	sbuf_addf(out, "%" PRIu64 " / %" PRIu64 " (%.1f%%)\n", t->active_objs,
		  t->num_objs, pct(t->active_objs, t->num_objs));
	output_label(out, "Active / Total Slabs (% used)");
	sbuf_addf(out, "%" PRIu64 " / %" PRIu64 " (%.1f%%)\n", t->active_slabs,
		  t->num_slabs, pct(t->active_slabs, t->num_slabs));
	output_label(out, "Active / Total Caches (% used)");
	sbuf_addf(out, "%" PRIu64 " / %" PRIu64 " (%.1f%%)\n", t->active_caches,
		  t->num_caches, pct(t->active_caches, t->num_caches));
	output_label(out, "Active / Total Size (% used)");
	sbuf_addf(out, "%.2fK / %.2fK (%.1f%%)\n",
		  (double)t->active_size / 1024.0,
		  (double)t->total_size / 1024.0,
		  pct(t->active_size, t->total_size));
	output_label(out, "Minimum / Average / Maximum Object");
	sbuf_addf(out, "%.2fK / %.2fK / %.2fK\n",
		  (double)t->min_objsize / 1024.0,
		  (double)t->avg_objsize / 1024.0,
		  (double)t->max_objsize / 1024.0);
}

/* The meminfo fields the summary shows: the screen's line, and JSON's
 * fields (lower case, bytes). */
static const enum mi_field slab_mi[] = { MI_SLAB, MI_SRECLAIMABLE,
					 MI_SUNRECLAIM };
static const char *const slab_mi_json[] = { "slab", "sreclaimable",
					    "sunreclaim" };

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, const struct rowset *rs, struct sbuf *out)
{
	const struct slab_view *v = CSV(st);

	/* nothing read yet (slabinfo unreadable): no zeros that look like
	 * data; the error line says why */
	if (v->read_once)
		slab_summary_lines(&v->m.tot, out);
	if (use == USE_SCREEN)
		view_meminfo_line(env, rs, slab_mi, ARRAY_SIZE(slab_mi), out);
	/* why the waste columns are empty, when they are shown (slabtop's
	 * five lines stay alone otherwise) */
	if (v->waste && v->sys.tried && !v->sys.present)
		sbuf_addf(
			out,
			"No waste, merged names or partial slabs: %s (a SLUB kernel's /sys/kernel/slab has them)\n",
			v->sys.why.msg);
	/* why the activity columns are empty, when they are shown */
	if (v->activity && v->act_why.msg[0])
		sbuf_addf(out, "No allocation activity: %s\n", v->act_why.msg);
	if (use != USE_SCREEN)
		sbuf_addc(out, '\n');
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct slab_model *m = &CSV(st)->m;
	const struct slab_totals *t = &m->tot;
	json_object *sum = json_object_new_object();

	output_json_u64(sum, "active_objs", t->active_objs);
	output_json_u64(sum, "num_objs", t->num_objs);
	output_json_u64(sum, "active_slabs", t->active_slabs);
	output_json_u64(sum, "num_slabs", t->num_slabs);
	output_json_u64(sum, "active_caches", t->active_caches);
	output_json_u64(sum, "num_caches", t->num_caches);
	output_json_u64(sum, "active_size", t->active_size);
	output_json_u64(sum, "total_size", t->total_size);
	output_json_u64(sum, "min_objsize", t->min_objsize);
	output_json_u64(sum, "avg_objsize", t->avg_objsize);
	output_json_u64(sum, "max_objsize", t->max_objsize);
	output_json_u64(sum, "skipped_lines", m->cur.skipped);
	/* whether /sys/kernel/slab was read: waste, merged names, partial
	 * slabs are null without it */
	json_object_object_add(sum, "sysfs",
			       json_object_new_boolean(CSV(st)->sys.present));
	/* /proc/meminfo's slab lines, as the screen shows them (null: not
	 * read, or not in this kernel's file) */
	for (size_t i = 0; i < ARRAY_SIZE(slab_mi); i++)
		json_object_object_add(
			sum, slab_mi_json[i],
			env->have_mi && env->mi.have[slab_mi[i]]
				? json_object_new_uint64(
					  env->mi.bytes[slab_mi[i]])
				: NULL);
	/* the activity columns: whether their counts are there, and why
	 * not (absent without --activity) */
	if (CSV(st)->activity) {
		const struct slab_view *v = CSV(st);
		bool on = !v->act_why.msg[0] && act_feed_attached(v->feed);

		json_object_object_add(sum, "activity",
				       json_object_new_boolean(on));
		if (!on)
			json_object_object_add(
				sum, "activity_why",
				output_json_string(v->act_why.msg,
						   strlen(v->act_why.msg)));
	}
	json_object_object_add(head, "summary", sum);
}

/* ---- the replay screen ------------------------------------------------ */

/* slabtop's five lines from a recording's totals (all of them or none) */
static bool json_summary(json_object *line, struct sbuf *out)
{
	json_object *sum = NULL;
	struct slab_totals t = { 0 };
	bool ok;

	json_object_object_get_ex(line, "summary", &sum);
	ok = view_json_u64(sum, "active_objs", &t.active_objs) &&
	     view_json_u64(sum, "num_objs", &t.num_objs) &&
	     view_json_u64(sum, "active_slabs", &t.active_slabs) &&
	     view_json_u64(sum, "num_slabs", &t.num_slabs) &&
	     view_json_u64(sum, "active_caches", &t.active_caches) &&
	     view_json_u64(sum, "num_caches", &t.num_caches) &&
	     view_json_u64(sum, "active_size", &t.active_size) &&
	     view_json_u64(sum, "total_size", &t.total_size) &&
	     view_json_u64(sum, "min_objsize", &t.min_objsize) &&
	     view_json_u64(sum, "avg_objsize", &t.avg_objsize) &&
	     view_json_u64(sum, "max_objsize", &t.max_objsize);
	if (ok) {
		struct view_env env = { 0 };

		slab_summary_lines(&t, out);
		/* the meminfo line as recorded (recordings before it: none) */
		for (size_t i = 0; i < ARRAY_SIZE(slab_mi); i++) {
			env.mi.have[slab_mi[i]] =
				view_json_u64(sum, slab_mi_json[i],
					      &env.mi.bytes[slab_mi[i]]);
			env.have_mi = env.have_mi || env.mi.have[slab_mi[i]];
		}
		if (env.have_mi)
			view_meminfo_line(&env, NULL, slab_mi,
					  ARRAY_SIZE(slab_mi), out);
	}
	return ok;
}

/* The recorded merged names: a list of strings, or NULL. */
static json_object *json_merged(json_object *row)
{
	json_object *m;

	if (!json_object_object_get_ex(row, "merged", &m) ||
	    !json_object_is_type(m, json_type_array))
		return NULL;
	return m;
}

/* NAME as the screen's: "signal_cache +2" */
static bool json_value(const struct column *c, json_object *row,
		       json_object *line, struct value *out, struct sbuf *text)
{
	json_object *name, *m;

	(void)line;
	if (strcmp(c->key, "name"))
		return false;
	if (!row)
		return true;
	if (!json_object_object_get_ex(row, "name", &name) ||
	    !json_object_is_type(name, json_type_string))
		return false;
	sbuf_add(text, json_object_get_string(name),
		 (size_t)json_object_get_string_len(name));
	m = json_merged(row);
	if (m && json_object_array_length(m))
		sbuf_addf(text, " +%zu", json_object_array_length(m));
	out->kind = V_STR;
	return true;
}

/* The name and the merged names, as filter_key */
static void json_filter_key(json_object *row, struct sbuf *out)
{
	json_object *f, *m = json_merged(row);

	if (json_object_object_get_ex(row, "name", &f) &&
	    json_object_is_type(f, json_type_string))
		sbuf_add(out, json_object_get_string(f),
			 (size_t)json_object_get_string_len(f));
	for (size_t i = 0; m && i < json_object_array_length(m); i++) {
		f = json_object_array_get_idx(m, i);
		if (!json_object_is_type(f, json_type_string))
			continue;
		sbuf_addc(out, '\n');
		sbuf_add(out, json_object_get_string(f),
			 (size_t)json_object_get_string_len(f));
	}
}

/* ---- metrics ---------------------------------------------------------- */

/* The totals (the caches' own metrics come from the columns). */
static void metrics(const void *st, const struct view_env *env,
		    struct sbuf *out)
{
	const struct slab_model *m = &CSV(st)->m;

	(void)env;
	prom_family(out, "kmemtop_slab_caches",
		    "Slab caches in /proc/slabinfo.");
	sbuf_addf(out, "kmemtop_slab_caches %" PRIu64 "\n", m->tot.num_caches);
	prom_family(out, "kmemtop_slab_size_bytes",
		    "Memory of all slab objects: active (in use) or total.");
	sbuf_addf(out,
		  "kmemtop_slab_size_bytes{state=\"active\"} %" PRIu64 "\n"
		  "kmemtop_slab_size_bytes{state=\"total\"} %" PRIu64 "\n",
		  m->tot.active_size, m->tot.total_size);
}

/* ---- the screen ------------------------------------------------------- */

static void status(const void *st, struct sbuf *out)
{
	const struct slab_model *m = &CSV(st)->m;
	const struct slab_view *v = CSV(st);

	if (v->unreclaimable)
		sbuf_addf(out, "Unreclaimable only (%zu of %zu)  ", v->nonly,
			  m->nrows);
	if (v->activity)
		sbuf_addf(out, "%s  ",
			  v->act_why.msg[0]	       ? "eBPF: off"
			  : act_feed_attached(v->feed) ? "eBPF: attached"
						       : "eBPF: not read yet");
}

/* -o with the activity columns: their rates need a second reading. */
static bool warming(const void *st)
{
	const struct slab_view *v = CSV(st);

	return v->activity && act_feed_attached(v->feed) &&
	       v->feed->m.nreads < 2;
}

/* The activity columns: attaching on the next read (R_REREAD), which
 * says why where it cannot. */
static unsigned key_activity(void *st, const void *row, char *msg, size_t size)
{
	struct slab_view *v = SV(st);

	(void)row;
	v->activity = !v->activity;
	v->act_why.msg[0] = '\0';
	snprintf(
		msg, size, "%s",
		v->activity
			? "activity columns: ALLOC/s FREE/s BYTES/s (rates from the second reading)"
			: "activity columns hidden");
	return R_REREAD;
}

static unsigned key_waste(void *st, const void *row, char *msg, size_t size)
{
	struct slab_view *v = SV(st);

	(void)row;
	v->waste = !v->waste;
	snprintf(msg, size, "%s",
		 !v->waste	  ? "waste columns hidden"
		 : v->sys.present ? "waste columns: WASTE EFF PARTIAL PART"
		 : !v->read_once
			 ? "waste columns empty: no cache was read (/proc/slabinfo)"
			 : "waste columns empty: no /sys/kernel/slab");
	return R_REBUILD;
}

static unsigned key_unreclaimable(void *st, const void *row, char *msg,
				  size_t size)
{
	struct slab_view *v = SV(st);

	(void)row;
	v->unreclaimable = !v->unreclaimable;
	select_rows(v);
	snprintf(
		msg, size, "%s",
		!v->unreclaimable ? "all caches"
		: v->sys.present
			? "unreclaimable caches only (SUnreclaim)"
			: "no /sys/kernel/slab: which caches reclaim is unknown");
	return R_REBUILD;
}

static const struct view_key keys[] = {
	{ 'w', "w", key_waste,
	  "show or hide the waste columns: WASTE, EFF, PARTIAL, PART" },
	{ 'U', "U", key_unreclaimable,
	  "only the unreclaimable caches (SUnreclaim), or all again" },
	{ 'A', "A", key_activity,
	  "show or hide the activity columns: ALLOC/s, FREE/s, BYTES/s (eBPF; attaches on first use)" },
};

/* ---- shrink ('S') ----------------------------------------------------- */

/* An attribute of the held cache directory: its first number. */
static bool held_u64(const struct source_dir *d, const char *name, uint64_t *v,
		     struct kerr *err)
{
	char buf[256];
	struct slabsys_count c;

	if (source_dir_read(d, name, buf, sizeof(buf), err))
		return false;
	if (slabsys_count(buf, &c)) {
		kerr_set(err, "%.1000s/%s: no count in it", d->path.s, name);
		return false;
	}
	*v = c.total;
	return true;
}

static void shrink_end(void *st)
{
	source_dir_release(&SV(st)->shrink_dir);
}

/* Take hold of the cache's directory now: the write goes to this cache,
 * or to none if it is destroyed meanwhile (its directory goes with it). */
static bool shrink_begin(void *st, const struct view_env *env, const void *row,
			 char *title, size_t title_size, char *text,
			 size_t text_size, char *msg, size_t size)
{
	struct slab_view *v = SV(st);
	const struct slab_row *r = row;
	struct sbuf rel = { 0 }, name = { 0 };
	struct kerr err = { { 0 } };
	bool ok;

	(void)title, (void)title_size, (void)text, (void)text_size;
	if (!r) {
		snprintf(msg, size, "no cache selected");
		return false;
	}
	if (env->src.no_writes) {
		snprintf(msg, size,
			 "a captured tree (--root) cannot be shrunk");
		return false;
	}
	if (!r->dir || !*r->dir) {
		snprintf(msg, size, "no /sys/kernel/slab entry for this cache");
		return false;
	}
	sbuf_addf(&rel, "sys/kernel/slab/%s", r->dir);
	ok = !source_dir_hold(&env->src, rel.s, &v->shrink_dir, &err) &&
	     held_u64(&v->shrink_dir, "slabs", &v->shrink_slabs, &err);
	sbuf_free(&rel);
	if (!ok) {
		snprintf(msg, size, "%.250s", err.msg);
		shrink_end(st);
		return false;
	}
	sanitize(&name, r->name, strlen(r->name), SAN_ASCII);
	snprintf(v->shrink_name, sizeof(v->shrink_name), "%.80s", name.s);
	sbuf_free(&name);
	return true;
}

static bool shrink_check(void *st, const char *text, char *question,
			 size_t question_size, char *msg, size_t size)
{
	struct slab_view *v = SV(st);

	(void)text, (void)msg, (void)size;
	snprintf(
		question, question_size,
		"Shrink %s (%" PRIu64
		" slabs): give its empty slabs back? (y or Enter shrinks, any other key cancels)",
		v->shrink_name, v->shrink_slabs);
	return true;
}

static void shrink_commit(void *st, char *msg, size_t size)
{
	struct slab_view *v = SV(st);
	struct kerr err = { { 0 } };
	uint64_t after = 0;
	int e = source_dir_write(&v->shrink_dir, "shrink", "1", 1, &err);

	if (e == ENOENT || e == EACCES || e == EPERM) {
		snprintf(msg, size, "%s: not shrunk: %s%s", v->shrink_name,
			 strerror(e),
			 e == ENOENT ? " (the cache is gone)"
				     : " (run as root)");
		return;
	}
	if (e) { /* refused by the source, or failed: its words */
		snprintf(msg, size, "%s: not shrunk: %.200s", v->shrink_name,
			 err.msg);
		return;
	}
	if (!held_u64(&v->shrink_dir, "slabs", &after, &err)) {
		snprintf(msg, size, "%s: shrunk", v->shrink_name);
		return;
	}
	slab_shrink_words(v->shrink_name, v->shrink_slabs, after, msg, size);
}

void slab_shrink_words(const char *name, uint64_t before, uint64_t after,
		       char *msg, size_t size)
{
	if (after >= before)
		snprintf(
			msg, size,
			"%s: shrunk, %" PRIu64 " -> %" PRIu64
			" slabs (none freed: every slab still holds objects in use, and shrink gives back only empty ones)",
			name, before, after);
	else
		snprintf(msg, size,
			 "%s: shrunk, %" PRIu64 " -> %" PRIu64 " slabs (%" PRIu64
			 " freed)",
			 name, before, after, before - after);
}

static const struct view_edit edits[] = { {
	.key = 'S',
	.label = "S",
	.help = "shrink the selected cache (root, live system): write 1 to its shrink file, after a confirmation",
	.begin = shrink_begin,
	.check = shrink_check,
	.commit = shrink_commit,
	.end = shrink_end,
} };

/* ---- the detail pane -------------------------------------------------- */

enum { DETAIL_TOP = 5 }; /* call sites and processes in the pane */

static int cmp_alloc_rate(const void *a, const void *b)
{
	const struct act_row *x = a, *y = b;
	double u = x->have_rate ? x->alloc_rate : -1,
	       w = y->have_rate ? y->alloc_rate : -1;

	if (u != w)
		return u < w ? 1 : -1;
	return (x->allocs < y->allocs) - (x->allocs > y->allocs);
}

/* The top rows of by that allocated from the cache, by allocation rate. */
static void detail_top(const struct act_model *m, const struct act_row *c,
		       enum act_by by, const char *what, struct sbuf *out)
{
	struct act_part p = { 0 };

	act_model_of_cache(m, by, c->key, &p);
	qsort(p.rows, p.nrows, sizeof(*p.rows), cmp_alloc_rate);
	sbuf_addf(out, "Top %s by allocation rate (%zu in all):\n", what,
		  p.nrows);
	for (size_t i = 0; i < p.nrows && i < DETAIL_TOP; i++) {
		const struct act_row *a = &p.rows[i];

		if (a->have_rate)
			sbuf_addf(out, "  %10.0f/s", a->alloc_rate);
		else
			sbuf_addf(out, "  %12s", "-");
		sbuf_addf(out, " %12" PRIu64 " allocs  ", a->allocs);
		if (by == ACT_BY_PROC)
			sbuf_addf(out, "PID %" PRIu32 " ", a->tgid);
		sbuf_addf(out, "%s\n", a->name && *a->name ? a->name : "?");
	}
	if (!p.nrows)
		sbuf_addf(out, "  none seen\n");
	act_part_free(&p);
}

/* The cache's allocation activity, live: its call sites and processes
 * (the eBPF feed's counts per cache and site, per cache and process). */
static void detail_activity(const struct slab_view *v, const struct slab_row *r,
			    struct sbuf *out)
{
	const struct act_model *m;
	const struct act_row *c;

	sbuf_addf(out, "Allocation activity (eBPF, last interval):\n");
	if (v->act_why.msg[0] || !act_feed_attached(v->feed)) {
		sbuf_addf(out, "  none: %s\n",
			  v->act_why.msg[0] ? v->act_why.msg : "not read yet");
		sbuf_addc(out, '\n');
		return;
	}
	m = &v->feed->m;
	c = act_model_cache_named(m, r->name);
	if (!c) {
		sbuf_addf(
			out,
			"  no allocation from this cache seen since attach\n\n");
		return;
	}
	if (c->have_rate)
		sbuf_addf(out, "  %.0f allocs/s, ", c->alloc_rate);
	if (c->have_rate && c->have_free_rate)
		sbuf_addf(out, "%.0f frees/s; ", c->free_rate);
	else if (c->have_rate)
		sbuf_addf(out, "frees/s unknown (none seen); ");
	sbuf_addf(out, "%" PRIu64 " allocations since attach\n", c->allocs);
	detail_top(m, c, ACT_BY_SITE, "call sites", out);
	detail_top(m, c, ACT_BY_PROC, "processes", out);
	sbuf_addc(out, '\n');
}

static void detail(void *st, const struct view_env *env, const void *row,
		   struct sbuf *out)
{
	const struct slab_view *v = CSV(st);
	const struct slab_model *m = &v->m;
	const struct slab_row *r = row;
	struct source_buf buf = { 0 };

	/* the live activity first: it changes at each refresh */
	if (v->activity)
		detail_activity(v, r, out);
	slab_sys_detail(&v->sys, &env->src, r, m->page_size, &buf, out);
	source_buf_free(&buf);
}

static const char *const label[] = { "name", NULL };

const struct view view_slab = {
	.name = "slab",
	.what = "slab caches",
	.meminfo = VIEW_MI_SCREEN | VIEW_MI_JSON,
	.options = options,
	.noptions = ARRAY_SIZE(options),
	.settings_new = settings_new,
	.create = create,
	.destroy = destroy,
	.read = read_view,
	.warming = warming,
	.skipped = skipped,
	.rows = rows,
	.filter_key = filter_key,
	.summary = summary,
	.json_head = json_head,
	.metrics = metrics,
	.status = status,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.edits = edits,
	.nedits = ARRAY_SIZE(edits),
	.fetch = fetch,
	.detail = detail,
	.main_value = "active_objs",
	.main_bytes = false,
	.label = label,
	.json_summary = json_summary,
	.json_value = json_value,
	.json_filter_key = json_filter_key,
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
