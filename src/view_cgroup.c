/*
 * view_cgroup.c - the cgroup view: which service or container holds the
 * kernel's memory (slab, sockets, stacks, page tables, per-CPU, vmalloc),
 * one row per cgroup as a tree (or flat with full paths), under the
 * machine's own figures and what no cgroup is charged for.
 *
 * It finds the hierarchy (cgroup v2 with the memory controller, else v1's
 * memory controller) through /proc/self/mountinfo, or DIR/sys/fs/cgroup
 * under --root, and reads it through the source: a captured tree is
 * untrusted like every other. It parses none of the files itself
 * (mountinfo.c, sockstat.c, cgroupfs.c do). Its columns, keys, summaries
 * and metrics are all here; the registry (views.c) has one line for it.
 */
#include "view_cgroup.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_model.h"
#include "cgroupfs.h"
#include "mountinfo.h"
#include "prom.h"
#include "sockstat.h"
#include "view_oom.h"

#define ROW(p) ((const struct cg_row *)(p))

/* ---- columns ---------------------------------------------------------- */

#define VALF(c, f)                                           \
	.kind = V_U64, .off = offsetof(struct cg_row, v[c]), \
	.have = offsetof(struct cg_row, have[c]), .flags = COL_MAYBE | (f)
#define VAL(c) VALF(c, 0)

/* MAX: absent (blank, null) when there is no limit ("max") */
static void get_max(const void *p, struct value *v)
{
	v->kind = ROW(p)->have[CC_MAX] && ROW(p)->v[CC_MAX] != UINT64_MAX
			  ? V_U64
			  : V_NONE;
	v->u = ROW(p)->v[CC_MAX];
}

static void get_psi(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_psi ? V_F64 : V_NONE;
	v->f = ROW(p)->psi;
}

static void get_kind(const void *p, struct value *v)
{
	static const char *const k[] = { "machine", "not charged", "cgroup" };

	v->kind = V_STR;
	v->s = k[ROW(p)->kind];
}

/* A column's metric (prom_table): kmemtop_cgroup_NAME, and
 * kmemtop_machine_NAME and kmemtop_not_charged_NAME (cg_metrics) */
#define MET(name, how, h) .metric = name, .met = how, .metric_help = h

#define COLS(...)                                                                                                                                             \
	{                                                                                                                                                     \
		.key = "kernel",                                                                                                                              \
		.title = "KERNEL",                                                                                                                            \
		.json = "kernel",                                                                                                                             \
		.letter = 'k',                                                                                                                                \
		.width = 8,                                                                                                                                   \
		.fmt = F_KIB,                                                                                                                                 \
		VAL(CC_KERNEL),                                                                                                                               \
		MET("kernel_bytes", MET_SUM,                                                                                                                  \
		    "Kernel memory (memory.stat kernel)"),                                                                                                    \
		.help = "kernel memory charged: memory.stat kernel, or the sum of its parts before 5.18, in KiB (JSON: bytes)"                                \
	},                                                                                                                                                    \
		{ .key = "slab_u",                                                                                                                            \
		  .title = "SLAB_U",                                                                                                                          \
		  .json = "slab_unreclaimable",                                                                                                               \
		  .letter = 'u',                                                                                                                              \
		  .width = 7,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_SLAB_U),                                                                                                                             \
		  MET("slab_unreclaimable_bytes", MET_SUM,                                                                                                    \
		      "Unreclaimable slab"),                                                                                                                  \
		  .help = "unreclaimable slab (slab_unreclaimable), in KiB" },                                                                                \
		{ .key = "slab_r",                                                                                                                            \
		  .title = "SLAB_R",                                                                                                                          \
		  .json = "slab_reclaimable",                                                                                                                 \
		  .letter = 'l',                                                                                                                              \
		  .width = 7,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_SLAB_R),                                                                                                                             \
		  MET("slab_reclaimable_bytes", MET_SUM, "Reclaimable slab"),                                                                                 \
		  .help = "reclaimable slab (slab_reclaimable), in KiB" },                                                                                    \
		{ .key = "sock",                                                                                                                              \
		  .title = "SOCK",                                                                                                                            \
		  .json = "sock",                                                                                                                             \
		  .letter = 'o',                                                                                                                              \
		  .width = 6,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_SOCK),                                                                                                                               \
		  MET("sock_bytes", MET_SUM, "Socket buffers"),                                                                                               \
		  .help = "socket buffers (sock), in KiB" },                                                                                                  \
		{ .key = "stack",                                                                                                                             \
		  .title = "STACK",                                                                                                                           \
		  .json = "kernel_stack",                                                                                                                     \
		  .letter = 's',                                                                                                                              \
		  .width = 6,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_STACK),                                                                                                                              \
		  MET("kernel_stack_bytes", MET_SUM, "Kernel stacks"),                                                                                        \
		  .help = "kernel stacks (kernel_stack), in KiB" },                                                                                           \
		{ .key = "pgtbl",                                                                                                                             \
		  .title = "PGTBL",                                                                                                                           \
		  .json = "pagetables",                                                                                                                       \
		  .letter = 'p',                                                                                                                              \
		  .width = 6,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_PGTBL),                                                                                                                              \
		  MET("pagetables_bytes", MET_SUM, "Page tables"),                                                                                            \
		  .help = "page tables (pagetables, and sec_pagetables), in KiB" },                                                                           \
		{ .key = "percpu",                                                                                                                            \
		  .title = "PERCPU",                                                                                                                          \
		  .json = "percpu",                                                                                                                           \
		  .letter = 'c',                                                                                                                              \
		  .width = 6,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_PERCPU),                                                                                                                             \
		  MET("percpu_bytes", MET_SUM, "Per-CPU memory"),                                                                                             \
		  .help = "per-CPU memory (percpu, 5.9 on), in KiB" },                                                                                        \
		{ .key = "vmalloc",                                                                                                                           \
		  .title = "VMALLOC",                                                                                                                         \
		  .json = "vmalloc",                                                                                                                          \
		  .letter = 'v',                                                                                                                              \
		  .width = 7,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_VMALLOC),                                                                                                                            \
		  MET("vmalloc_bytes", MET_SUM, "vmalloc memory"),                                                                                            \
		  .help = "vmalloc memory (vmalloc, 5.19 on), in KiB" },                                                                                      \
		{ .key = "current",                                                                                                                           \
		  .title = "CURRENT",                                                                                                                         \
		  .json = "current",                                                                                                                          \
		  .letter = 'm',                                                                                                                              \
		  .width = 8,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  VAL(CC_CURRENT),                                                                                                                            \
		  MET("current_bytes", MET_SUM,                                                                                                               \
		      "All memory (memory.current)"),                                                                                                         \
		  .help = "all memory charged (memory.current; v1 memory.usage_in_bytes), in KiB" },                                                          \
		{ .key = "max",                                                                                                                               \
		  .title = "MAX",                                                                                                                             \
		  .json = "max",                                                                                                                              \
		  .letter = 'x',                                                                                                                              \
		  .width = 8,                                                                                                                                 \
		  .fmt = F_KIB,                                                                                                                               \
		  .get = get_max,                                                                                                                             \
		  .help = "the limit (memory.max; v1 memory.limit_in_bytes), blank (null) when there is none, in KiB" },                                      \
		{ .key = "oom_kills",                                                                                                                         \
		  .title = "OOMK",                                                                                                                            \
		  .json = "oom_kills",                                                                                                                        \
		  .letter = 'O',                                                                                                                              \
		  .width = 4,                                                                                                                                 \
		  .fmt = F_COUNT,                                                                                                                             \
		  VALF(CC_OOM_KILLS, COL_ALERT),                                                                                                              \
		  MET("oom_kills", MET_SUM_RANKED,                                                                                                            \
		      "Processes the OOM killer killed in the cgroup (memory.events oom_kill)."),                                                             \
		  .help = "processes the OOM killer killed in it (memory.events oom_kill); on screen, a row whose kills rose since the baseline is marked" }, \
		{ .key = "psi",                                                                                                                               \
		  .title = "PSI",                                                                                                                             \
		  .json = "psi_some_avg10",                                                                                                                   \
		  .letter = 'P',                                                                                                                              \
		  .width = 5,                                                                                                                                 \
		  .fmt = F_PCT1,                                                                                                                              \
		  .get = get_psi,                                                                                                                             \
		  .help = "memory pressure: share of time some task waited for memory, last 10 s (memory.pressure some avg10)" },                             \
		{ .key = "delta_kernel",                                                                                                                      \
		  .title = "dKERNEL",                                                                                                                         \
		  .json = "delta_kernel",                                                                                                                     \
		  .width = 7,                                                                                                                                 \
		  .fmt = F_DELTA_KIB,                                                                                                                         \
		  .flags = COL_DELTA | COL_NOJSON,                                                                                                            \
		  .delta_of = "kernel",                                                                                                                       \
		  .help = "change of KERNEL in KiB (since the last refresh, the baseline, or per second)" },                                                  \
		{ .key = "delta_slab_u",                                                                                                                      \
		  .title = "dSLAB_U",                                                                                                                         \
		  .json = "delta_slab_unreclaimable",                                                                                                         \
		  .width = 7,                                                                                                                                 \
		  .fmt = F_DELTA_KIB,                                                                                                                         \
		  .flags = COL_DELTA | COL_NOJSON,                                                                                                            \
		  .delta_of = "slab_unreclaimable",                                                                                                           \
		  .help = "change of SLAB_U in KiB (same modes as dKERNEL)" },                                                                                \
		__VA_ARGS__,                                                                                                                                  \
		{ .key = "path",                                                                                                                              \
		  .title = "PATH",                                                                                                                            \
		  .json = "path",                                                                                                                             \
		  .width = 30,                                                                                                                                \
		  .fmt = F_TEXT,                                                                                                                              \
		  .flags = COL_HIDDEN | COL_ID,                                                                                                               \
		  .kind = V_STR,                                                                                                                              \
		  .off = offsetof(struct cg_row, path),                                                                                                       \
		  .help = "the cgroup's path from the hierarchy's root; empty for the machine rows (not displayed)",                                          \
		  .label = "cgroup" },                                                                                                                        \
		{ .key = "row",                                                                                                                               \
		  .title = "ROW",                                                                                                                             \
		  .json = "row",                                                                                                                              \
		  .width = 11,                                                                                                                                \
		  .fmt = F_TEXT,                                                                                                                              \
		  .flags = COL_HIDDEN | COL_ID,                                                                                                               \
		  .get = get_kind,                                                                                                                            \
		  .help = "machine, not charged, or cgroup (not displayed)" },                                                                                \
	{                                                                                                                                                     \
		.key = "order", .title = "ORDER", .json = "order",                                                                                            \
		.letter = 't', .width = 6, .fmt = F_COUNT,                                                                                                    \
		.flags = COL_HIDDEN | COL_ASC | COL_NOJSON, .kind = V_U64,                                                                                    \
		.off = offsetof(struct cg_row, order),                                                                                                        \
		.help = "tree order: parents before children, siblings by KERNEL (not displayed; the default)"                                                \
	}

static const struct column tree_cols[] = { COLS(
	{ .key = "name",
	  .title = "CGROUP",
	  .json = "name",
	  .letter = 'n',
	  .width = 30,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_NAME,
	  .kind = V_STR,
	  .off = offsetof(struct cg_row, label),
	  .help = "the cgroup, indented under its parent (--flat: its path)" }) };

static const struct column flat_cols[] = { COLS(
	{ .key = "name",
	  .title = "CGROUP",
	  .json = "name",
	  .letter = 'n',
	  .width = 40,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_NAME,
	  .kind = V_STR,
	  .off = offsetof(struct cg_row, label),
	  .help = "the cgroup, indented under its parent (--flat: its path)" }) };

static void get_depth(const void *p, struct value *v)
{
	v->kind = V_I64;
	v->i = ROW(p)->depth;
}

/* The metrics' alone: the depth (1: top level) that says which series
 * add up (a parent's figures include its children's). */
static const struct column met_cols[] = {
	{ .key = "depth", .get = get_depth, .label = "depth" },
};

/* The machine and what no cgroup is charged for: names of their own, so
 * that no sum() over one name counts the machine's bytes twice. */
static const struct met_own *own_names(const void *row)
{
	static const struct met_own own[] = {
		[CGR_MACHINE] = { "kmemtop_machine_",
				  " of the machine (meminfo, sockstat)." },
		[CGR_UNCHARGED] = { "kmemtop_not_charged_",
				    " charged to no top-level cgroup." },
	};

	return ROW(row)->kind == CGR_CGROUP ? NULL : &own[ROW(row)->kind];
}

enum { PROM_CGROUP_TOP = 50 };

/* Per cgroup, labelled with its path and depth, the PROM_CGROUP_TOP with
 * the most KERNEL (then by path), the others summed per depth as
 * cgroup="(other)" (their OOM kills not counted). Only the series of one
 * depth add up: those of depth 1 plus the not charged make the
 * machine's. Label sets alike after escaping (a byte ESC, the text \x1b)
 * are one series, their sum. */
static const struct table_metrics cg_metrics = {
	.prefix = "kmemtop_cgroup_",
	.help_tail = " charged to the cgroup, its children's included.",
	.top = PROM_CGROUP_TOP,
	.rank = { "kernel", "path" },
	.other = "(other)",
	.cols = met_cols,
	.ncols = ARRAY_SIZE(met_cols),
	.own = own_names,
};

static const struct table cgroup_tree = {
	.name = "cgroup",
	.cols = tree_cols,
	.ncols = ARRAY_SIZE(tree_cols),
	.default_sort = ARRAY_SIZE(tree_cols) - 1, /* tree order */
	.default_asc = true,
	.metrics = &cg_metrics,
};

static const struct table cgroup_flat = {
	.name = "cgroup-flat",
	.cols = flat_cols,
	.ncols = ARRAY_SIZE(flat_cols),
	.default_sort = 0, /* KERNEL, largest first */
	.metrics = &cg_metrics,
};

static const struct table *const tables[] = { &cgroup_tree, &cgroup_flat };

/* ---- options ---------------------------------------------------------- */

struct cg_settings {
	bool flat;
	int depth; /* 0: all */
};

static void *settings_new(void)
{
	return xcalloc(1, sizeof(struct cg_settings));
}

static int set_flat(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct cg_settings *)s)->flat = true;
	return 0;
}

static int set_depth(void *s, const char *arg, struct kerr *err)
{
	const char *p = arg;
	uint64_t v;

	if (!parse_u64(&p, p + strlen(p), &v) || *p || v < 1 || v > 1000) {
		kerr_set(err, "invalid --depth '%.32s' (1 to 1000)", arg);
		return -1;
	}
	((struct cg_settings *)s)->depth = (int)v;
	return 0;
}

static const struct view_option options[] = {
	{ "flat", NULL,
	  "cgroup: one row per cgroup with its full path, not a tree",
	  set_flat },
	{ "depth", "N", "cgroup: cgroups at most N levels down (1: top-level)",
	  set_depth },
};

/* ---- reading ---------------------------------------------------------- */

enum cg_version { CGV_NONE, CGV_1, CGV_2 };

struct cg_view {
	struct cg_model m;
	const struct options *o;
	bool flat;
	int depth;
	enum cg_version ver;
	char *base; /* the hierarchy's root, relative to the source's root */
	struct kerr why;  /* no hierarchy: why */
	struct sbuf note; /* files that could not be read, said once */
	size_t unreadable;
	size_t skipped; /* memory.stat lines that were no "key value" */
	/* the cap: at most max cgroups are read (CG_MAX, or lower for
	 * tests); more: cgroups listed but not read for it; cut: a
	 * directory's listing stopped at SOURCE_DIR_MAX entries */
	size_t max, more;
	bool cut;
	struct source_budget budget; /* a capture's reads this refresh */
	/* the screen: collapsed subtrees (their paths), the rows shown */
	char **collapsed;
	size_t ncollapsed;
	struct cg_row *shown; /* then nhidden rows a collapse hides */
	size_t nshown, nhidden, shown_cap;
};

#define CV(st)	((struct cg_view *)(st))
#define CCV(st) ((const struct cg_view *)(st))

/* The most cgroups a refresh reads: beyond them the view would take
 * seconds and hundreds of MB a refresh (a 6.x cgroup's five files are
 * about 1.7 KB; 100,000 directories take 15 s to read here), and no host
 * seen has a tenth of them. */
#define CG_MAX 100000

/* A captured cgroup file larger than this is none a kernel wrote: a 6.x
 * memory.stat is about 1.5 KB, the others a line or two; 64 KiB leaves
 * room for the keys kernels will add. */
#define CG_FILE_MAX (64 * 1024)

/* The most one refresh reads from a captured tree's cgroup files: the
 * files of CG_MAX cgroups as a 6.x kernel writes them are about 170 MB;
 * past 256 MiB the tree is no kernel's, and reading on would cost
 * seconds a refresh (10 cgroups of 500 MB files took 6.5 s and 517 MB). */
#define CG_READ_BUDGET (256UL * 1024 * 1024)

/* KMEMTOP_TEST_CGROUP_MAX=N lowers the cap to N (1 to CG_MAX), so that a
 * test sees it reached without making 100,001 directories; it can never
 * raise it, and anything else in it is ignored. */
static size_t cap_from_env(void)
{
	const char *e = getenv("KMEMTOP_TEST_CGROUP_MAX"), *p = e;
	uint64_t n;

	if (!e || !parse_u64(&p, e + strlen(e), &n) || *p || n < 1 ||
	    n > CG_MAX)
		return CG_MAX;
	return (size_t)n;
}

static void *create(const struct options *o, const void *settings)
{
	const struct cg_settings *s = settings;
	struct cg_view *v = xcalloc(1, sizeof(*v));

	cg_model_init(&v->m);
	v->max = cap_from_env();
	v->o = o;
	v->flat = s && s->flat;
	v->depth = s ? s->depth : 0;
	return v;
}

static void destroy(void *st)
{
	struct cg_view *v = CV(st);

	cg_model_free(&v->m);
	free(v->base);
	sbuf_free(&v->note);
	for (size_t i = 0; i < v->ncollapsed; i++)
		free(v->collapsed[i]);
	free(v->collapsed);
	free(v->shown);
	free(v);
}

/* The cgroup hierarchy holding the memory controller: the live one from
 * mountinfo (v2 if its cgroup.controllers lists memory, else v1's memory
 * mount), a captured one at sys/fs/cgroup. */
static void find_hierarchy(struct cg_view *v, struct view_env *env)
{
	struct sbuf rel = { 0 };
	struct kerr err;
	char *v2 = NULL, *v1 = NULL;
	size_t bad = 0; /* malformed lines of mountinfo */

	free(v->base);
	v->base = NULL;
	v->ver = CGV_NONE;
	if (env->src.live &&
	    !source_read(&env->src, "proc/self/mountinfo", &env->buf, &err)) {
		struct mountinfo mi;
		const struct mount_entry *e;

		mountinfo_parse(env->buf.data, env->buf.len, &mi);
		/* paths under the source's root: without the leading "/" */
		if ((e = mountinfo_find(&mi, "cgroup2", NULL)))
			v2 = xstrdup(e->point + 1);
		if ((e = mountinfo_find(&mi, "cgroup", "memory")))
			v1 = xstrdup(e->point + 1);
		bad = mi.skipped;
		mountinfo_free(&mi);
	} else if (!env->src.live) {
		v2 = xstrdup("sys/fs/cgroup");
		v1 = xstrdup("sys/fs/cgroup/memory");
	}
	if (v2) {
		sbuf_addf(&rel, "%s/cgroup.controllers", v2);
		if (!source_read_within(&env->src, rel.s, &env->buf,
					CG_FILE_MAX, &v->budget, &err) &&
		    strstr(env->buf.data, "memory")) {
			v->ver = CGV_2;
			v->base = v2;
			v2 = NULL;
		}
	}
	if (v->ver == CGV_NONE && v1) {
		sbuf_reset(&rel);
		sbuf_addf(&rel, "%s/memory.usage_in_bytes", v1);
		if (!source_read_within(&env->src, rel.s, &env->buf,
					CG_FILE_MAX, &v->budget, &err)) {
			v->ver = CGV_1;
			v->base = v1;
			v1 = NULL;
		}
	}
	if (v->ver == CGV_NONE) {
		sbuf_reset(&rel);
		if (bad)
			sbuf_addf(&rel, " (%zu malformed line(s) of it skipped)",
				  bad);
		kerr_set(
			&v->why,
			"no memory controller: neither cgroup v2 with memory in cgroup.controllers nor a cgroup v1 memory hierarchy%s%s",
			env->src.live ? " in /proc/self/mountinfo"
				      : " under sys/fs/cgroup of the tree",
			bad ? rel.s : "");
	}
	free(v1);
	free(v2);
	sbuf_free(&rel);
}

/* A file of the cgroup at dir; NULL when it cannot be read (counted). */
static const char *cg_file(struct cg_view *v, struct view_env *env,
			   const char *dir, const char *name, bool must)
{
	struct sbuf rel = { 0 };
	struct kerr err;
	int e;

	sbuf_addf(&rel, "%s%s/%s", v->base, dir, name);
	e = source_read_within(&env->src, rel.s, &env->buf, CG_FILE_MAX,
			       &v->budget, &err);
	sbuf_free(&rel);
	if (e) {
		/* a cgroup gone since the listing: nothing to say; the
		 * budget spent: the summary says it */
		if (e == ENOSPC && v->budget.spent)
			return NULL;
		if (must && e != ENOENT && !v->unreadable++)
			sbuf_addf(&v->note, "%s", err.msg);
		return NULL;
	}
	return env->buf.data;
}

static void read_node(struct cg_view *v, struct view_env *env,
		      struct cg_node *n, const char *dir)
{
	const char *t;
	uint64_t x;

	if (v->ver == CGV_2) {
		struct cg_stat s;
		if ((t = cg_file(v, env, dir, "memory.stat", true))) {
			cgroupfs_stat(t, env->buf.len, &s);
			v->skipped += s.skipped + s.dup;
			n->v[CC_SLAB_U] = s.v[CG_SLAB_UNRECL];
			n->have[CC_SLAB_U] = s.have[CG_SLAB_UNRECL];
			n->v[CC_SLAB_R] = s.v[CG_SLAB_RECL];
			n->have[CC_SLAB_R] = s.have[CG_SLAB_RECL];
			n->v[CC_SOCK] = s.v[CG_SOCK];
			n->have[CC_SOCK] = s.have[CG_SOCK];
			n->v[CC_STACK] = s.v[CG_KERNEL_STACK];
			n->have[CC_STACK] = s.have[CG_KERNEL_STACK];
			n->v[CC_PGTBL] =
				s.v[CG_PAGETABLES] + s.v[CG_SEC_PAGETABLES];
			n->have[CC_PGTBL] = s.have[CG_PAGETABLES];
			n->v[CC_PERCPU] = s.v[CG_PERCPU];
			n->have[CC_PERCPU] = s.have[CG_PERCPU];
			n->v[CC_VMALLOC] = s.v[CG_VMALLOC];
			n->have[CC_VMALLOC] = s.have[CG_VMALLOC];
			if (s.have[CG_KERNEL]) {
				n->v[CC_KERNEL] = s.v[CG_KERNEL];
				n->have[CC_KERNEL] = true;
			} else if (!s.bad[CG_KERNEL]) {
				/* before 5.18: the parts there are */
				for (int c = CC_SLAB_U; c <= CC_VMALLOC; c++)
					if (c != CC_SOCK && n->have[c]) {
						n->v[CC_KERNEL] += n->v[c];
						n->have[CC_KERNEL] = true;
					}
			}
		}
		if ((t = cg_file(v, env, dir, "memory.current", true)) &&
		    !cgroupfs_value(t, false, &x)) {
			n->v[CC_CURRENT] = x;
			n->have[CC_CURRENT] = true;
		}
		if ((t = cg_file(v, env, dir, "memory.max", false)) &&
		    !cgroupfs_value(t, true, &x)) {
			n->v[CC_MAX] = x;
			n->have[CC_MAX] = true;
		}
		if ((t = cg_file(v, env, dir, "memory.events", false)) &&
		    !cgroupfs_key(t, env->buf.len, "oom_kill", &x)) {
			n->v[CC_OOM_KILLS] = x;
			n->have[CC_OOM_KILLS] = true;
		}
		if ((t = cg_file(v, env, dir, "memory.pressure", false)))
			n->have_psi = !cgroupfs_pressure(t, &n->psi);
		return;
	}
	/* v1 */
	if ((t = cg_file(v, env, dir, "memory.usage_in_bytes", true)) &&
	    !cgroupfs_value(t, false, &x)) {
		n->v[CC_CURRENT] = x;
		n->have[CC_CURRENT] = true;
	}
	if ((t = cg_file(v, env, dir, "memory.kmem.usage_in_bytes", false)) &&
	    !cgroupfs_value(t, false, &x)) {
		n->v[CC_KERNEL] = x;
		n->have[CC_KERNEL] = true;
	}
	if ((t = cg_file(v, env, dir, "memory.kmem.tcp.usage_in_bytes",
			 false)) &&
	    !cgroupfs_value(t, false, &x)) {
		n->v[CC_SOCK] = x;
		n->have[CC_SOCK] = true;
	}
	if ((t = cg_file(v, env, dir, "memory.limit_in_bytes", false)) &&
	    !cgroupfs_value(t, false, &x)) {
		/* v1 writes "no limit" as a page-rounded LONG_MAX */
		n->v[CC_MAX] = x >= (1ULL << 62) ? UINT64_MAX : x;
		n->have[CC_MAX] = true;
	}
	if ((t = cg_file(v, env, dir, "memory.oom_control", false)) &&
	    !cgroupfs_key(t, env->buf.len, "oom_kill", &x)) {
		n->v[CC_OOM_KILLS] = x;
		n->have[CC_OOM_KILLS] = true;
	}
}

struct walk {
	struct cg_view *v;
	struct view_env *env;
	struct cg_reading *r;
	char **dirs; /* the subdirectories of the directory listed */
	size_t ndirs, cap;
	size_t listed; /* entries of the directory listed, files too */
};

static void on_entry(const char *name, const char *link, bool dir, void *ctx)
{
	struct walk *w = ctx;

	w->listed++;
	if (!dir || link)
		return;
	xgrow((void **)&w->dirs, &w->cap, w->ndirs + 1, sizeof(*w->dirs));
	w->dirs[w->ndirs++] = xstrdup(name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The cgroups under path (depth d), parents first, siblings by name (so
 * that the first v->max are the same ones each refresh); at most v->max:
 * the cgroups listed beyond them are counted in v->more. */
static void walk(struct walk *w, const char *path, int d)
{
	struct sbuf rel = { 0 };
	struct kerr err;
	size_t first = w->ndirs, end;

	sbuf_addf(&rel, "%s%s", w->v->base, path);
	w->listed = 0;
	source_list(&w->env->src, rel.s, on_entry, w, &err);
	/* "." and ".." count toward the listing's bound */
	if (!w->env->src.live && w->listed + 2 >= SOURCE_DIR_MAX)
		w->v->cut = true;
	sbuf_free(&rel);
	end = w->ndirs;
	if (end > first) /* dirs is NULL until the first entry */
		qsort(w->dirs + first, end - first, sizeof(*w->dirs), by_name);
	for (size_t i = first; i < end; i++) {
		struct sbuf p = { 0 };
		struct cg_node *n;
		if (w->r->n >= w->v->max || w->v->budget.spent) {
			w->v->more += end - i;
			break;
		}
		sbuf_addf(&p, "%s/%s", path, w->dirs[i]);
		xgrow((void **)&w->r->nodes, &w->r->cap, w->r->n + 1,
		      sizeof(*w->r->nodes));
		n = &w->r->nodes[w->r->n++];
		memset(n, 0, sizeof(*n));
		n->path = xstrdup(p.s);
		n->depth = d;
		read_node(w->v, w->env, n, p.s);
		if (!w->v->depth || d < w->v->depth)
			walk(w, p.s, d + 1);
		sbuf_free(&p);
	}
	for (size_t i = first; i < end; i++)
		free(w->dirs[i]);
	w->ndirs = first;
}

/* The machine: meminfo's kernel figures, sockstat's socket pages. */
static void machine(struct view_env *env, struct cg_node *m)
{
	static const struct {
		enum cg_col c;
		enum mi_field f;
	} map[] = {
		{ CC_SLAB_U, MI_SUNRECLAIM }, { CC_SLAB_R, MI_SRECLAIMABLE },
		{ CC_STACK, MI_KERNELSTACK }, { CC_PGTBL, MI_PAGETABLES },
		{ CC_PERCPU, MI_PERCPU },     { CC_VMALLOC, MI_VMALLOCUSED },
		{ CC_MAX, MI_MEMTOTAL },
	};
	struct kerr err;

	memset(m, 0, sizeof(*m));
	m->path = NULL;
	for (size_t i = 0; env->have_mi && i < ARRAY_SIZE(map); i++)
		if (env->mi.have[map[i].f]) {
			m->v[map[i].c] = env->mi.bytes[map[i].f];
			m->have[map[i].c] = true;
		}
	/* KERNEL: the same parts a cgroup sums before 5.18 */
	for (int c = CC_SLAB_U; c <= CC_VMALLOC; c++)
		if (c != CC_SOCK && m->have[c]) {
			m->v[CC_KERNEL] += m->v[c];
			m->have[CC_KERNEL] = true;
		}
	if (!source_read(&env->src, "proc/net/sockstat", &env->buf, &err)) {
		struct sockstat ss;

		sockstat_parse(env->buf.data, env->buf.len, &ss);
		/* a sum past 64 bits is no number of bytes: absent */
		m->have[CC_SOCK] = ss.have_mem &&
				   !__builtin_mul_overflow(ss.mem,
							   env->opt->page_size,
							   &m->v[CC_SOCK]);
		if (!m->have[CC_SOCK])
			m->v[CC_SOCK] = 0;
	}
}

/* The rows the screen shows: none under a collapsed cgroup. */
static bool is_collapsed(const struct cg_view *v, const char *path)
{
	for (size_t i = 0; i < v->ncollapsed; i++)
		if (!strcmp(v->collapsed[i], path))
			return true;
	return false;
}

static void select_rows(struct cg_view *v)
{
	const struct cg_model *m = &v->m;
	int hide_below = 0; /* depth of a collapsed ancestor, 0: none */

	size_t nhidden = 0;

	xgrow((void **)&v->shown, &v->shown_cap, m->nrows ? m->nrows : 1,
	      sizeof(*v->shown));
	v->nshown = 0;
	/* in tree order: a collapsed row hides the rows below it (kept
	 * after the shown ones: the row set pairs them still, so one
	 * shown again is not new) */
	{
		size_t *idx = table_sorted(
			&cgroup_tree.cols[cgroup_tree.default_sort], false,
			m->rows, sizeof(*m->rows), m->nrows);
		for (size_t k = 0; k < m->nrows; k++) {
			struct cg_row r = m->rows[idx[k]];
			if (hide_below && r.kind == CGR_CGROUP &&
			    r.depth > hide_below) {
				idx[nhidden++] = idx[k];
				continue;
			}
			hide_below = 0;
			r.collapsed = r.kind == CGR_CGROUP && r.has_children &&
				      is_collapsed(v, r.path);
			if (r.collapsed)
				hide_below = r.depth;
			v->shown[v->nshown++] = r;
		}
		v->nhidden = nhidden;
		for (size_t k = 0; k < nhidden; k++)
			v->shown[v->nshown + k] = m->rows[idx[k]];
		free(idx);
	}
}

static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct cg_view *v = CV(st);
	struct cg_reading r = { 0 };
	struct walk w = { v, env, &r, NULL, 0, 0 };

	(void)err;
	v->budget = (struct source_budget){ .left = CG_READ_BUDGET };
	if (!v->base)
		find_hierarchy(v, env);
	v->unreadable = 0;
	v->skipped = 0;
	v->more = 0;
	v->cut = false;
	sbuf_reset(&v->note);
	machine(env, &r.machine);
	if (v->ver != CGV_NONE)
		walk(&w, "", 1);
	free(w.dirs);
	cg_model_update(&v->m, &r, now, v->flat);
	select_rows(v);
	return 0;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct cg_view *v = CCV(st);
	const struct cg_model *m = &v->m;
	bool screen = use == USE_SCREEN;
	/* the machine, first in tree order: its figures are no cgroup's
	 * (cgroup v1 keeps no SLAB_U) */
	size_t totals = screen && v->nshown && v->shown[0].kind == CGR_MACHINE;

	*t = (struct out_table){
		.table = v->flat ? &cgroup_flat : &cgroup_tree,
		.rows = screen ? v->shown : m->rows,
		.row_size = sizeof(*m->rows),
		.nrows = screen ? v->nshown : m->nrows,
		.nhidden = screen ? v->nhidden : 0,
		.ntotals = totals,
	};
}

static const char *filter_key(const void *st, const void *row)
{
	(void)st;
	return ROW(row)->kind == CGR_CGROUP ? ROW(row)->path : ROW(row)->label;
}

/* ---- summaries -------------------------------------------------------- */

/* Cgroups were left out: the cap was reached with more listed, or a
 * listing was cut. */
static bool truncated(const struct cg_view *v)
{
	return v->more || v->cut || v->budget.spent;
}

/* How many cgroups there are at least: those read and those listed
 * after the cap; one more where a listing was cut. */
static size_t at_least(const struct cg_view *v)
{
	return v->m.cur.n + v->more + (v->cut ? 1 : 0);
}

/* n with a comma every three digits: "100,000" */
struct grouped_text {
	char s[32];
};

static struct grouped_text grouped(size_t n)
{
	struct grouped_text g;
	char d[24];
	int len = snprintf(d, sizeof(d), "%zu", n), k = 0;

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			g.s[k++] = ',';
		g.s[k++] = d[i];
	}
	g.s[k] = '\0';
	return g;
}

static const char *version_name(enum cg_version v)
{
	return v == CGV_2 ? "cgroup v2" : v == CGV_1 ? "cgroup v1" : "none";
}

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, const struct rowset *rs, struct sbuf *out)
{
	const struct cg_view *v = CCV(st);
	static const enum mi_field f[] = { MI_SLAB, MI_SUNRECLAIM,
					   MI_KERNELSTACK, MI_PAGETABLES };

	if (v->ver == CGV_NONE) {
		sbuf_addf(out, "Cgroups: %s\n", v->why.msg);
	} else {
		if (truncated(v))
			sbuf_addf(out, "Cgroups: first %s of at least %s",
				  grouped(v->m.cur.n).s,
				  grouped(at_least(v)).s);
		else
			sbuf_addf(out, "Cgroups: %zu", v->m.cur.n);
		sbuf_addf(out, " in /%s (%s)", v->base, version_name(v->ver));
		if (v->depth)
			sbuf_addf(out, ", %d level(s) down", v->depth);
		sbuf_addc(out, '\n');
		if (v->budget.spent)
			sbuf_addf(
				out,
				"kmemtop read %lu MiB of the capture's cgroup files, the budget of a refresh: the rest is not read\n",
				CG_READ_BUDGET >> 20);
		else if (v->cut)
			sbuf_addf(
				out,
				"A directory of the capture holds more than the %s entries listed: the rest of it is not read\n",
				grouped(SOURCE_DIR_MAX).s);
		else if (truncated(v))
			sbuf_addf(
				out,
				"Only the first %s cgroups (by path) are read: the others are left out\n",
				grouped(v->max).s);
		if (v->ver == CGV_1)
			sbuf_addf(
				out,
				"cgroup v1 keeps no SLAB_U, SLAB_R, STACK, PGTBL, PERCPU, VMALLOC or PSI per cgroup: empty; KERNEL is memory.kmem.usage_in_bytes, SOCK only TCP\n");
	}
	if (v->unreadable)
		sbuf_addf(out,
			  "%zu file(s) unreadable, their cells empty: %s\n",
			  v->unreadable, v->note.s);
	if (v->skipped)
		sbuf_addf(
			out,
			"%zu memory.stat line(s) that are no \"key value\" or repeat a key: their cells empty\n",
			v->skipped);
	if (use == USE_SCREEN)
		view_meminfo_line(env, rs, f, ARRAY_SIZE(f), out);
	else
		sbuf_addc(out, '\n');
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct cg_view *v = CCV(st);
	json_object *sum = json_object_new_object();

	(void)env;
	json_object_object_add(sum, "hierarchy",
			       json_object_new_string(version_name(v->ver)));
	json_object_object_add(
		sum, "root",
		v->base ? output_json_string(v->base, strlen(v->base)) : NULL);
	output_json_u64(sum, "cgroups", v->m.cur.n);
	json_object_object_add(sum, "truncated",
			       json_object_new_boolean(truncated(v)));
	output_json_u64(sum, "cgroups_at_least", at_least(v));
	json_object_object_add(sum, "budget_spent",
			       json_object_new_boolean(v->budget.spent));
	output_json_u64(sum, "unreadable_files", v->unreadable);
	json_object_object_add(head, "summary", sum);
}

/* ---- the screen ------------------------------------------------------- */

static void status(const void *st, struct sbuf *out)
{
	const struct cg_view *v = CCV(st);

	sbuf_addf(out, "%s", v->flat ? "Flat" : "Tree");
	if (v->ncollapsed)
		sbuf_addf(out, " (%zu collapsed)", v->ncollapsed);
}

static unsigned key_flat(void *st, const void *row, char *msg, size_t size)
{
	struct cg_view *v = CV(st);

	(void)row;
	v->flat = !v->flat;
	snprintf(msg, size, "%s", v->flat ? "flat: full paths" : "tree");
	return R_REREAD;
}

/* Left and Right fold and unfold the selected cgroup's subtree (as in
 * file managers; htop's + and - are the refresh delay here). */
static unsigned fold(struct cg_view *v, const struct cg_row *r, bool left,
		     char *msg, size_t size)
{
	bool was;

	if (!r || r->kind != CGR_CGROUP || !r->has_children || v->flat) {
		snprintf(msg, size, "nothing to %s: %s",
			 left ? "collapse" : "expand",
			 v->flat ? "the flat list has no subtrees (f: tree)"
				 : "no cgroups below this row");
		return R_REDRAW;
	}
	was = is_collapsed(v, r->path);
	if (left && !was) {
		v->collapsed =
			xrealloc(v->collapsed,
				 (v->ncollapsed + 1) * sizeof(*v->collapsed));
		v->collapsed[v->ncollapsed++] = xstrdup(r->path);
	} else if (!left && was) {
		for (size_t i = 0; i < v->ncollapsed; i++)
			if (!strcmp(v->collapsed[i], r->path)) {
				free(v->collapsed[i]);
				v->collapsed[i] = v->collapsed[--v->ncollapsed];
				break;
			}
	}
	snprintf(msg, size, "%s %.200s", left ? "collapsed" : "expanded",
		 r->path);
	select_rows(v);
	return R_REBUILD;
}

static unsigned key_collapse(void *st, const void *row, char *msg, size_t size)
{
	return fold(CV(st), row, true, msg, size);
}

static unsigned key_expand(void *st, const void *row, char *msg, size_t size)
{
	return fold(CV(st), row, false, msg, size);
}

/* the folds first, as the help screen listed them */
static const struct view_key keys[] = {
	{ VIEW_KEY_LEFT, "Left", key_collapse,
	  "collapse the selected cgroup's subtree" },
	{ VIEW_KEY_RIGHT, "Right", key_expand,
	  "expand the selected cgroup's subtree" },
	{ 'f', "f", key_flat, "flat (full paths) or tree" },
};

/* The growth of row i's columns cols (keys, summed), in bytes (or per
 * second) against the row set's reference; 0 where none is known. */
static double growth(const struct rowset *rs, size_t i, const char *const *cols)
{
	double sum = 0;

	for (; *cols; cols++) {
		int c = table_find_key(rs->table, *cols);
		struct value v;

		if (c < 0)
			continue;
		rowset_change(rs, &rs->table->cols[c], i, &v);
		if (v.kind == V_I64)
			sum += (double)v.i;
		else if (v.kind == V_F64)
			sum += v.f;
	}
	return sum;
}

/* What a cgroup's processes are sorted by when Enter opens them: the
 * OOM view's column that explains the kind of kernel memory that grew
 * most (in the screen's deltas: since the last refresh, the baseline,
 * or per second): socket buffers by SOCKS, slab (dentries, inodes,
 * files) by FDS, page tables by PTE; RSS when none grew (or nothing is
 * known yet). */
static const char *growth_sort(const struct rowset *rs, size_t i)
{
	static const char *const sock[] = { "sock", NULL };
	static const char *const slab[] = { "slab_u", "slab_r", NULL };
	static const char *const pgtbl[] = { "pgtbl", NULL };
	const struct {
		const char *const *keys;
		const char *sort;
	} kinds[] = { { sock, "socks" }, { slab, "fds" }, { pgtbl, "pte" } };
	const char *best = "rss";
	double most = 0;

	for (size_t k = 0; rs && rs->table && k < ARRAY_SIZE(kinds); k++) {
		double g = growth(rs, i, kinds[k].keys);
		if (g > most) {
			most = g;
			best = kinds[k].sort;
		}
	}
	return best;
}

/* Enter on a cgroup: its processes, and those below it, in the OOM view
 * (restricted to PATH exactly: its restrict_to), sorted by what explains
 * its growth. */
static bool enter(void *st, const void *row, struct view_target *to)
{
	const struct cg_row *r = row;

	(void)st;
	if (r->kind != CGR_CGROUP)
		return false;
	to->view = &view_oom;
	to->sort = growth_sort(to->rs, to->row);
	snprintf(to->arg, sizeof(to->arg), "%s", r->path);
	return strlen(r->path) < sizeof(to->arg);
}

static const char *const label[] = { "path", "name", NULL };

const struct view view_cgroup = {
	.name = "cgroup",
	.what = "cgroups' kernel memory",
	.meminfo = VIEW_MI_SCREEN | VIEW_MI_REPORT,
	.options = options,
	.noptions = ARRAY_SIZE(options),
	.settings_new = settings_new,
	.create = create,
	.destroy = destroy,
	.read = read_view,
	.skipped = view_skipped_none, /* memory.stat's: the summary */
	.rows = rows,
	.filter_key = filter_key,
	.summary = summary,
	.json_head = json_head,
	.status = status,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.enter = enter,
	.help_note =
		"The first row is the machine (meminfo, sockstat); the second what\n"
		"no top-level cgroup is charged for: memory the kernel took for\n"
		"itself (boot-time caches, kernel threads) or before the cgroup\n"
		"existed. Rows whose OOM kills grew since the baseline are marked.",
	.main_value = "kernel",
	.main_bytes = true,
	.label = label,
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
