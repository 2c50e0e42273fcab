/*
 * view_vmalloc.c - the vmalloc view: /proc/vmallocinfo by caller, type or
 * module, or one row per area; with the ioremap areas alone and no
 * grouping, the map of device registers each driver mapped, by physical
 * address. One entry per column, for the screen, text and JSON alike.
 */
#include "view_vmalloc.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "iomem.h"
#include "prom.h"

#include <stddef.h>
#include <string.h>

#define GROUP(p) ((const struct vm_group *)(p))
#define AREA(p)	 ((const struct vm_row *)(p))

void vm_types_text(unsigned types, struct sbuf *out)
{
	bool first = true;

	for (int t = 0; t < VT_COUNT; t++) {
		if (!(types & (1u << t)))
			continue;
		if (!first)
			sbuf_addc(out, ',');
		first = false;
		sbuf_add(out, vm_type_name((enum vm_type)t),
			 strlen(vm_type_name((enum vm_type)t)));
	}
}

#define G(type, f) .kind = type, .off = offsetof(struct vm_group, f)
#define A(type, f) .kind = type, .off = offsetof(struct vm_row, f)

/* The type list as a number sorts groups of one type together; the text
 * is made by the output and the TUI with vm_types_text. */
static void get_types(const void *p, struct value *v)
{
	v->kind = V_U64;
	v->u = GROUP(p)->types;
}

static void render_types(const struct value *v, struct sbuf *out)
{
	vm_types_text((unsigned)v->u, out);
}

/* A group column's metric (prom_table): kmemtop_vmalloc_GROUP_NAME,
 * summed where two groups have one label. */
#define MET(name, h) .metric = name, .met = MET_SUM, .metric_help = h

#define GROUP_COLS(KEY, TITLE, HELP)                                                \
	{ .key = "areas",                                                           \
	  .title = "AREAS",                                                         \
	  .json = "areas",                                                          \
	  .width = 6,                                                               \
	  .fmt = F_COUNT,                                                           \
	  G(V_U64, areas),                                                          \
	  MET("areas", "vmalloc areas"),                                            \
	  .help = "number of vmalloc areas in the group" },                         \
		{ .key = "ram",                                                     \
		  .title = "RAM",                                                   \
		  .json = "ram",                                                    \
		  .width = 8,                                                       \
		  .fmt = F_KIB,                                                     \
		  G(V_U64, ram),                                                    \
		  MET("ram_bytes", "vmalloc RAM bytes (pages= x page size)"),       \
		  .help = "RAM the areas hold: pages= x page size, in KiB "         \
			  "(JSON: bytes)" },                                        \
		{ .key = "mapped",                                                  \
		  .title = "MAPPED",                                                \
		  .json = "mapped",                                                 \
		  .width = 8,                                                       \
		  .fmt = F_KIB,                                                     \
		  G(V_U64, mapped),                                                 \
		  MET("mapped_bytes",                                               \
		      "vmalloc mapped bytes (without guard pages)"),                \
		  .help = "their size without guard pages, in KiB (JSON: "          \
			  "bytes)" },                                               \
		{ .key = "bytes",                                                   \
		  .title = "VIRTUAL",                                               \
		  .json = "bytes",                                                  \
		  .width = 8,                                                       \
		  .fmt = F_KIB,                                                     \
		  G(V_U64, bytes),                                                  \
		  MET("bytes",                                                      \
		      "vmalloc virtual bytes (size fields, guard pages included)"), \
		  .help = "their size fields, guard pages included, in KiB "        \
			  "(JSON: bytes)" },                                        \
		{ .key = "delta_ram",                                               \
		  .title = "dRAM",                                                  \
		  .json = "delta_ram",                                              \
		  .width = 7,                                                       \
		  .fmt = F_DELTA_KIB,                                               \
		  .flags = COL_DELTA | COL_NOJSON,                                  \
		  .delta_of = "ram",                                                \
		  .help = "change of RAM in KiB (since the last refresh, "          \
			  "the baseline, or per second): what grows" },             \
		{ .key = "delta_areas",                                             \
		  .title = "dAREAS",                                                \
		  .json = "delta_areas",                                            \
		  .width = 6,                                                       \
		  .fmt = F_DELTA,                                                   \
		  .flags = COL_DELTA | COL_NOJSON,                                  \
		  .delta_of = "areas",                                              \
		  .help = "change of AREAS (same modes as dRAM)" },                 \
		{ .key = "types",                                                   \
		  .title = "TYPES",                                                 \
		  .json = "types",                                                  \
		  .width = 8,                                                       \
		  .fmt = F_RENDER,                                                  \
		  .get = get_types,                                                 \
		  .render = render_types,                                           \
		  .flags = COL_CLIP,                                                \
		  .help = "the area types in the group (JSON: a list)" },           \
	{                                                                           \
		.key = KEY, .title = TITLE, .json = KEY, .width = 0,                \
		.fmt = F_TEXT, .flags = COL_ASC | COL_ID, G(V_STR, key),            \
		.help = HELP, .label = KEY                                          \
	}

static const struct column by_caller[] = {
	GROUP_COLS("caller", "CALLER",
		   "the function that made the areas, without its offset"),
};
static const struct column by_type[] = {
	GROUP_COLS("type", "TYPE", "the area type (ioremap, vmalloc, ...)"),
};
static const struct column by_module[] = {
	GROUP_COLS("module", "MODULE",
		   "the module of the caller, (kernel) when built in"),
};

/* The groups by caller or module: those holding the most RAM, a bounded
 * set (by type: the totals' families say it all, see metrics()). */
_Static_assert(PROM_VMALLOC_CALLERS_TOP == 50, "the help says 50");
static const struct table_metrics caller_metrics = {
	.prefix = "kmemtop_vmalloc_caller_",
	.help_tail = " of the 50 caller groups holding the most RAM.",
	.top = PROM_VMALLOC_CALLERS_TOP,
	.rank = { "ram", "bytes" }, /* ioremap groups hold no RAM */
};
static const struct table_metrics module_metrics = {
	.prefix = "kmemtop_vmalloc_module_",
	.help_tail = " of the 50 module groups holding the most RAM.",
	.top = PROM_VMALLOC_CALLERS_TOP,
	.rank = { "ram", "bytes" },
};

static const struct table groups[] = {
	[VG_CALLER] = { .name = "vmalloc-caller",
			.cols = by_caller,
			.ncols = ARRAY_SIZE(by_caller),
			.default_sort = 1,
			.metrics = &caller_metrics },
	[VG_TYPE] = { .name = "vmalloc-type",
		      .cols = by_type,
		      .ncols = ARRAY_SIZE(by_type),
		      .default_sort = 1 },
	[VG_MODULE] = { .name = "vmalloc-module",
			.cols = by_module,
			.ncols = ARRAY_SIZE(by_module),
			.default_sort = 1,
			.metrics = &module_metrics },
};

const struct table *vmalloc_group_table(enum vm_group_by g)
{
	return g < VG_NONE ? &groups[g] : &groups[VG_CALLER];
}

/* ---- one row per area ------------------------------------------------ */

static void get_type(const void *p, struct value *v)
{
	v->kind = V_STR;
	v->s = vm_type_name((enum vm_type)AREA(p)->type);
}

static void get_ram(const void *p, struct value *v)
{
	const struct vm_row *r = AREA(p);

	v->kind = V_U64;
	v->u = !r->have_pages ? 0
	       : r->pages > UINT64_MAX >> r->page_shift
		       ? UINT64_MAX
		       : r->pages << r->page_shift;
}

/* The last byte the mapping reaches, as /proc/iomem writes ends. */
static void get_phys_end(const void *p, struct value *v)
{
	const struct vm_row *r = AREA(p);

	v->kind = V_NONE;
	if (!r->have_phys || !r->mapped)
		return;
	v->kind = V_U64;
	v->u = r->phys + r->mapped - 1 < r->phys ? UINT64_MAX
						 : r->phys + r->mapped - 1;
}

/* The screen's and the text's: the resource, or why there is none. */
static void get_resource(const void *p, struct value *v)
{
	const struct vm_row *r = AREA(p);

	v->kind = V_STR;
	switch (r->res_match) {
	case IOMEM_CONTAINED:
	case IOMEM_PAGES:
		/* told apart from the others of its name */
		v->s = r->res->label;
		return;
	case IOMEM_SPANS:
		v->s = "(spans resources)";
		return;
	case IOMEM_NONE:
		v->s = "(in no resource)";
		return;
	case VM_RES_HIDDEN:
		v->s = "(run as root to name devices)";
		return;
	default:
		v->kind = V_NONE;
	}
}

/* JSON's: the resource's name alone, null when there is none. */
static void get_resource_name(const void *p, struct value *v)
{
	const struct vm_row *r = AREA(p);

	v->kind = r->res ? V_STR : V_NONE;
	if (v->kind == V_STR)
		v->s = r->res->name;
}

static void get_resources(const void *p, struct value *v)
{
	const struct vm_row *r = AREA(p);

	v->kind = r->res ? V_STR : V_NONE;
	if (v->kind == V_STR)
		v->s = r->res->chain;
}

static void render_chain(const struct value *v, struct sbuf *out)
{
	sbuf_add(out, v->s, strlen(v->s));
}

static void get_resource_match(const void *p, struct value *v)
{
	const struct vm_row *r = AREA(p);

	v->kind = V_STR;
	switch (r->res_match) {
	case IOMEM_CONTAINED:
	case IOMEM_SPANS:
	case IOMEM_NONE:
	case IOMEM_PAGES:
		v->s = iomem_match_name((enum iomem_match)r->res_match);
		return;
	case VM_RES_HIDDEN:
		v->s = "hidden";
		return;
	default:
		/* an ioremap with no /proc/iomem to look in; nothing to
		 * look for without phys= */
		v->s = "unknown";
		if (!r->have_phys)
			v->kind = V_NONE;
	}
}

#define COL_START_F(more)                                            \
	{                                                            \
		.key = "start", .title = "START", .json = "start",   \
		.width = 18, .fmt = F_HEX, .flags = COL_ID | (more), \
		A(V_U64, start),                                     \
		.help = "first address, as printed (often hashed)"   \
	}
#define COL_START COL_START_F(0)
#define COL_END_F(more)                                                   \
	{                                                                 \
		.key = "end", .title = "END", .json = "end", .width = 18, \
		.fmt = F_HEX, .flags = COL_ID | (more), A(V_U64, end),    \
		.help = "end address, as printed (often hashed)"          \
	}
#define COL_END COL_END_F(0)
#define COL_SIZE                                                               \
	{                                                                      \
		.key = "size", .title = "VIRTUAL", .json = "size", .width = 9, \
		.fmt = F_KIB, A(V_U64, size),                                  \
		.help = "the size field in KiB: the virtual range, guard "     \
			"page included (JSON: bytes)"                          \
	}
#define COL_MAPPED                                                         \
	{                                                                  \
		.key = "mapped", .title = "MAPPED", .json = "mapped",      \
		.width = 9, .fmt = F_KIB, A(V_U64, mapped),                \
		.help = "the size without the guard page, in KiB; 0 when " \
			"unpurged (JSON: bytes)"                           \
	}
#define COL_RAM                                                              \
	{                                                                    \
		.key = "ram", .title = "RAM", .json = "ram", .width = 9,     \
		.fmt = F_KIB, .get = get_ram,                                \
		.help = "pages= x page size in KiB: the RAM the area holds " \
			"(JSON: bytes)"                                      \
	}
#define COL_PAGES                                                              \
	{                                                                      \
		.key = "pages", .title = "PAGES", .json = "pages", .width = 7, \
		.fmt = F_COUNT, .flags = COL_MAYBE | COL_HIDDEN,               \
		A(V_U64, pages), .have = offsetof(struct vm_row, have_pages),  \
		.help = "pages=N: pages backing the area"                      \
	}
#define COL_PHYS                                                             \
	{                                                                    \
		.key = "phys", .title = "PHYS", .json = "phys", .width = 18, \
		.fmt = F_HEX, .flags = COL_MAYBE, A(V_U64, phys),            \
		.have = offsetof(struct vm_row, have_phys),                  \
		.help = "phys=ADDR: the physical address an ioremap maps"    \
	}
#define COL_PHYS_END(more)                                                  \
	{                                                                   \
		.key = "phys_end", .title = "PHYS END", .json = "phys_end", \
		.width = 18, .fmt = F_HEX, .flags = (more),                 \
		.get = get_phys_end,                                        \
		.help = "PHYS + MAPPED - 1: the last byte mapped, as "      \
			"/proc/iomem writes ends"                           \
	}
#define COL_TYPE                                                             \
	{                                                                    \
		.key = "type", .title = "TYPE", .json = "type", .width = 10, \
		.fmt = F_TEXT, .flags = COL_ASC, .get = get_type,            \
		.help = "the area's type: the first type word on its line"   \
	}
#define COL_MODULE                                                       \
	{                                                                \
		.key = "module", .title = "MODULE", .json = "module",    \
		.width = 12, .fmt = F_TEXT,                              \
		.flags = COL_ASC | COL_ID | COL_MAYBE, A(V_STR, module), \
		.help = "the caller's module, blank when built in"       \
	}
#define COL_CALLER(w, more)                                                   \
	{                                                                     \
		.key = "caller", .title = "CALLER", .json = "caller",         \
		.width = (w), .fmt = F_TEXT,                                  \
		.flags = COL_ASC | COL_ID | COL_MAYBE | (more),               \
		A(V_STR, caller),                                             \
		.help = "the function that made the area, without its offset" \
	}
#define COL_RESOURCE(more)                                                  \
	{                                                                   \
		.key = "resource", .title = "RESOURCE", .json = "resource", \
		.width = 0, .fmt = F_TEXT,                                  \
		.flags = COL_ASC | COL_NOJSON | COL_MAYBE | (more),         \
		.get = get_resource,                                        \
		.help = "the deepest /proc/iomem resource holding PHYS to " \
			"PHYS END: the device (ioremap areas)"              \
	}
/* JSON's resource fields, in every table that has the areas */
#define COLS_RESOURCE_JSON                                                       \
	{ .key = "resource_name",                                                \
	  .title = "RESOURCE",                                                   \
	  .json = "resource",                                                    \
	  .width = 0,                                                            \
	  .fmt = F_TEXT,                                                         \
	  .flags = COL_ASC | COL_HIDDEN | COL_MAYBE,                             \
	  .get = get_resource_name,                                              \
	  .help = "JSON: the resource's name, null when none holds the "         \
		  "range" },                                                     \
		{ .key = "resources",                                            \
		  .title = "RESOURCES",                                          \
		  .json = "resources",                                           \
		  .width = 0,                                                    \
		  .fmt = F_RENDER,                                               \
		  .list_sep = '\n',                                              \
		  .flags = COL_HIDDEN | COL_MAYBE,                               \
		  .get = get_resources,                                          \
		  .render = render_chain,                                        \
		  .help = "JSON: the resources from the outermost down to it" }, \
	{                                                                        \
		.key = "resource_match", .title = "MATCH",                       \
		.json = "resource_match", .width = 9, .fmt = F_TEXT,             \
		.flags = COL_ASC | COL_HIDDEN | COL_MAYBE,                       \
		.get = get_resource_match,                                       \
		.help = "JSON: contained, spans, none, unknown (no "             \
			"/proc/iomem) or hidden (read as a user)"                \
	}

static const struct column area_cols[] = {
	COL_START,
	COL_END,
	COL_SIZE,
	COL_MAPPED,
	COL_RAM,
	COL_PAGES,
	COL_PHYS,
	COL_PHYS_END(COL_HIDDEN),
	COL_TYPE,
	COL_MODULE,
	COL_CALLER(0, 0),
	COL_RESOURCE(COL_HIDDEN),
	COLS_RESOURCE_JSON,
};

const struct table vmalloc_areas_table = {
	.name = "vmalloc-areas",
	.cols = area_cols,
	.ncols = ARRAY_SIZE(area_cols),
	.default_sort = 2,
};

/* START and END are hidden here: they make an area's identity (two
 * areas of one caller at one physical address are two rows). */
static const struct column map_cols[] = {
	COL_PHYS,
	COL_PHYS_END(0),
	COL_MAPPED,
	COL_MODULE,
	COL_CALLER(26, COL_CLIP),
	COL_RESOURCE(0),
	COL_START_F(COL_HIDDEN),
	COL_END_F(COL_HIDDEN),
};

const struct table vmalloc_map_table = {
	.name = "vmalloc-map",
	.cols = map_cols,
	.ncols = ARRAY_SIZE(map_cols),
	.default_sort = 0,
	.default_asc = true, /* by physical address */
};

static const struct table *const tables[] = {
	&groups[VG_CALLER],   &groups[VG_TYPE],	  &groups[VG_MODULE],
	&vmalloc_areas_table, &vmalloc_map_table,
};

/* ---- options ---------------------------------------------------------- */

struct vm_settings {
	enum vm_group_by group_by;
	unsigned types;	    /* bitmask of 1u << VT_x; 0: all */
	const char *caller; /* borrowed from argv */
};

static void *settings_new(void)
{
	return xcalloc(1, sizeof(struct vm_settings));
}

static int set_group_by(void *s, const char *arg, struct kerr *err)
{
	if (vm_group_by_parse(arg, &((struct vm_settings *)s)->group_by) < 0) {
		kerr_set(
			err,
			"unknown grouping '%.64s' (caller, type, module or none)",
			arg);
		return -1;
	}
	return 0;
}

static int set_type(void *s, const char *arg, struct kerr *err)
{
	unsigned mask;
	struct kerr why = { { 0 } };

	if (vm_type_parse_list(arg, &mask, &why) < 0) {
		kerr_set(err, "--type: %s", why.msg);
		return -1;
	}
	((struct vm_settings *)s)->types |= mask;
	return 0;
}

static int set_ioremap(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct vm_settings *)s)->types |= 1u << VT_IOREMAP;
	return 0;
}

static int set_caller(void *s, const char *arg, struct kerr *err)
{
	(void)err;
	((struct vm_settings *)s)->caller = arg;
	return 0;
}

static const struct view_option options[] = {
	{ "group-by", "G", "vmalloc: caller (default), type, module or none",
	  set_group_by },
	{ "type", "LIST", "vmalloc: only these types (ioremap,vmalloc,...)",
	  set_type },
	{ "ioremap", NULL, "vmalloc: only ioremap areas (--type ioremap)",
	  set_ioremap },
	{ "caller", "TEXT", "vmalloc: only callers containing TEXT",
	  set_caller },
};

/* ---- the view --------------------------------------------------------- */

struct vm_view {
	struct vm_model m;
	enum vm_group_by group_by;
	struct vm_filter filter;
	struct sbuf path; /* ROOT/proc/vmallocinfo, for messages */
	/* /proc/iomem, read with the areas when one has a physical
	 * address: which device each ioremap maps. Two, in turn: the last
	 * reading's rows point into the other. */
	struct iomem io[2];
	int io_cur;
	bool have_io;
	struct kerr io_err; /* why there is none */
	bool read_once;	    /* a reading of vmallocinfo was made */
};

#define VV(st)	((struct vm_view *)(st))
#define CVV(st) ((const struct vm_view *)(st))

static bool ioremap_only(const struct vm_view *v)
{
	return v->filter.types == (1u << VT_IOREMAP);
}

static void *create(const struct options *o, const void *settings)
{
	const struct vm_settings *s = settings;
	struct vm_view *v = xcalloc(1, sizeof(*v));

	if (s) {
		v->group_by = s->group_by;
		v->filter.types = s->types;
		v->filter.caller = s->caller;
	}
	vm_model_init(&v->m, v->group_by, &v->filter);
	v->m.page_size = o->page_size;
	source_path(o->root, "proc/vmallocinfo", &v->path);
	return v;
}

static void destroy(void *st)
{
	vm_model_free(&VV(st)->m);
	sbuf_free(&VV(st)->path);
	iomem_free(&VV(st)->io[0]);
	iomem_free(&VV(st)->io[1]);
	free(st);
}

/* A piece of vmallocinfo: fed to the model, then the caller's turn (the
 * screen answers keys from the reading it shows). */
struct feed {
	struct vm_model *m;
	struct view_env *env;
};

static void feed(const char *text, size_t len, void *ctx)
{
	struct feed *f = ctx;

	vm_model_feed(f->m, text, len);
	if (f->env->idle)
		f->env->idle(f->env->idle_ctx);
}

/* Read /proc/iomem (of the same root) when an area has a physical
 * address, and give each such area the resource that holds its mapped
 * range, PHYS to PHYS + MAPPED - 1. */
static void name_devices(struct vm_view *v, struct view_env *env)
{
	struct vm_model *m = &v->m;
	struct iomem *io;
	bool any = false, *used;
	int e;

	for (size_t i = 0; i < m->nrows && !any; i++)
		any = m->rows[i].have_phys;
	v->have_io = false;
	if (!any)
		return;
	e = source_read(&env->src, "proc/iomem", &env->buf, &v->io_err);
	if (e)
		return;
	v->io_cur ^= 1;
	io = &v->io[v->io_cur];
	iomem_parse(io, env->buf.data, env->buf.len);
	v->have_io = true;
	used = xcalloc(io->n ? io->n : 1, sizeof(*used));
	for (size_t i = 0; i < m->nrows; i++) {
		struct vm_row *r = &m->rows[i];
		uint64_t end = r->phys + (r->mapped ? r->mapped - 1 : 0);
		size_t k;

		if (!r->have_phys)
			continue;
		if (io->zeros) {
			r->res_match = VM_RES_HIDDEN;
			continue;
		}
		if (end < r->phys)
			end = UINT64_MAX; /* a range past the top */
		r->res_match = (uint8_t)iomem_find_pages(
			io, r->phys, end, (uint64_t)1 << r->page_shift, &k);
		r->res = k == SIZE_MAX ? NULL : &io->res[k];
		if (k != SIZE_MAX)
			used[k] = true;
	}
	/* resources of one name told apart where rows name several */
	iomem_make_labels(io, used);
	free(used);
}

static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct vm_view *v = VV(st);
	struct feed f = { &v->m, env };
	int e = source_read_lines(&env->src, "proc/vmallocinfo", &env->buf, 0,
				  feed, &f, err);

	/* a file that cannot be opened leaves the last reading */
	if (e && !v->m.feeding)
		return -1;
	/* no line was an area: another file, or junk; the last reading
	 * stays */
	if (!e && vm_model_fed(&v->m)->areas == 0 &&
	    vm_model_fed(&v->m)->skipped) {
		kerr_set(
			err,
			"%.1000s: not a vmallocinfo file (no area line; %zu line(s) skipped)",
			v->path.s, vm_model_fed(&v->m)->skipped);
		vm_model_abort(&v->m);
		return -1;
	}
	/* a read that failed half-way shows what was read, and says so */
	vm_model_end(&v->m, now);
	name_devices(v, env);
	v->read_once = true;
	return e ? -1 : 0;
}

static size_t skipped(const void *st, struct sbuf *note)
{
	view_skipped_note(CVV(st)->m.stats.skipped, CVV(st)->path.s,
			  CVV(st)->m.stats.first_skipped, note);
	return CVV(st)->m.stats.skipped;
}

static const struct table *table_for(const struct vm_view *v, enum view_use use)
{
	if (v->group_by != VG_NONE)
		return vmalloc_group_table(v->group_by);
	/* the register map is for reading: JSON has every field */
	if (ioremap_only(v) && use != USE_JSON)
		return &vmalloc_map_table;
	return &vmalloc_areas_table;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct vm_view *v = CVV(st);
	const struct vm_model *m = &v->m;
	bool none = v->group_by == VG_NONE;

	*t = (struct out_table){
		.table = table_for(v, use),
		.rows = none ? (const void *)m->rows : (const void *)m->groups,
		.row_size = none ? sizeof(*m->rows) : sizeof(*m->groups),
		.nrows = none ? m->nrows : m->ngroups,
	};
}

static const char *filter_key(const void *st, const void *row)
{
	if (CVV(st)->group_by == VG_NONE)
		return AREA(row)->caller;
	return GROUP(row)->key;
}

/* "K" for a KiB figure: sizes here are whole pages, and KiB keep the
 * sum exact. */
static void add_kib(struct sbuf *out, uint64_t bytes)
{
	sbuf_addf(out, "%" PRIu64 "K", bytes / 1024);
}

/* RAM in use against meminfo's VmallocUsed (the kernel's sum of the same
 * pages=): " = VmallocUsed", or VmallocUsed and the difference (the two
 * files are read a moment apart). Nothing without meminfo. */
static void vmalloc_used(const struct vm_totals *t, const struct view_env *env,
			 struct sbuf *out)
{
	uint64_t used;

	if (!env->have_mi || !env->mi.have[MI_VMALLOCUSED])
		return;
	used = env->mi.bytes[MI_VMALLOCUSED];
	if (used == t->ram) {
		sbuf_addf(out, " = VmallocUsed");
		return;
	}
	if (used == 0) {
		/* 4.4 dropped the count (a5ad88ce8c7f), 5.3 brought it back
		 * as the sum of pages= (97105f0ab7b8) */
		sbuf_addf(out, "; VmallocUsed 0 (kernels 4.4 to 5.2 print 0)");
		return;
	}
	sbuf_addf(out, "; VmallocUsed ");
	add_kib(out, used);
	sbuf_addf(out, " (%" PRIu64 "K %s)",
		  (used > t->ram ? used - t->ram : t->ram - used) / 1024,
		  used > t->ram ? "more" : "less");
}

/* "Unpurged: 12 areas, 96K virtual, lazily freed, holding no memory". */
static void unpurged_line(const struct vm_totals *t, struct sbuf *out)
{
	sbuf_addf(out, "%" PRIu64 " areas, ", t->type_areas[VT_UNPURGED]);
	add_kib(out, t->type_bytes[VT_UNPURGED]);
	sbuf_addf(out, " virtual, lazily freed, holding no memory\n");
}

/* Areas in use: all but the unpurged ones. */
static uint64_t in_use_areas(const struct vm_totals *t)
{
	return t->areas - t->type_areas[VT_UNPURGED];
}

/* The text summary: RAM in use against VmallocUsed, mapped and virtual
 * sizes, the unpurged areas apart, totals by type, skipped lines, and a
 * blank line. */
static void summary_text(const struct vm_model *m, const struct view_env *env,
			 struct sbuf *out)
{
	const struct vm_totals *t = &m->tot;
	const struct meminfo *mi = env->have_mi ? &env->mi : NULL;

	output_label(out, "In use (RAM)");
	add_kib(out, t->ram);
	sbuf_addf(out, " in %" PRIu64 " areas", in_use_areas(t));
	vmalloc_used(t, env, out);
	sbuf_addc(out, '\n');
	output_label(out, "Mapped / Virtual");
	add_kib(out, t->mapped);
	sbuf_add(out, " / ", 3);
	add_kib(out, t->bytes);
	sbuf_addc(out, '\n');
	if (t->type_areas[VT_UNPURGED]) {
		output_label(out, "Unpurged");
		unpurged_line(t, out);
	}
	if (mi && mi->have[MI_VMALLOCTOTAL]) {
		output_label(out, "VmallocTotal");
		add_kib(out, mi->bytes[MI_VMALLOCTOTAL]);
		sbuf_addc(out, '\n');
	}
	sbuf_addf(out, " %-35s:", "By type (areas / RAM / virtual)");
	for (int k = 0; k < VT_COUNT; k++)
		if (t->type_areas[k])
			sbuf_addf(out,
				  " %s %" PRIu64 " / %" PRIu64 "K / %" PRIu64
				  "K",
				  vm_type_name((enum vm_type)k),
				  t->type_areas[k], t->type_ram[k] / 1024,
				  t->type_bytes[k] / 1024);
	sbuf_addc(out, '\n');
	if (m->stats.skipped) {
		output_label(out, "Malformed lines skipped");
		sbuf_addf(out, "%zu (first: line %zu)\n", m->stats.skipped,
			  m->stats.first_skipped);
	}
	sbuf_addc(out, '\n');
}

/* The summary's totals with a change (rowset.h's slots): RAM, mapped,
 * virtual, then the virtual size of each type. */
enum { TOT_RAM, TOT_MAPPED, TOT_BYTES, TOT_TYPE_BYTES };
_Static_assert(TOT_TYPE_BYTES + VT_COUNT <= RS_TOTALS,
	       "the types' totals fit the row set's slots");

static void totals(const void *st, uint64_t *tot, bool *have)
{
	const struct vm_totals *t = &CVV(st)->m.tot;

	tot[TOT_RAM] = t->ram;
	tot[TOT_MAPPED] = t->mapped;
	tot[TOT_BYTES] = t->bytes;
	for (int k = 0; k < VT_COUNT; k++)
		tot[TOT_TYPE_BYTES + k] = t->type_bytes[k];
	for (int k = 0; k < TOT_TYPE_BYTES + VT_COUNT; k++)
		have[k] = true;
}

/* Total k's change in the row set's mode, in KiB, when there is one;
 * returns whether there is a nonzero one. */
static bool change_kib(struct sbuf *out, const struct rowset *rs, size_t k)
{
	double d;
	bool rate;

	if (!rs || !rowset_total_change(rs, k, &d, &rate))
		return false;
	output_change(out, (int64_t)(d / 1024), rate ? "K/s" : "K");
	return d != 0;
}

/* The screen's: RAM in use against VmallocUsed, mapped and virtual,
 * unpurged apart, each type, with their changes; meminfo. */
static void summary_screen(const struct vm_totals *t,
			   const struct view_env *env, const struct rowset *rs,
			   struct sbuf *out)
{
	static const enum mi_field f[] = { MI_VMALLOCUSED, MI_VMALLOCTOTAL };

	sbuf_addf(out, " In use: ");
	add_kib(out, t->ram);
	change_kib(out, rs, TOT_RAM);
	sbuf_addf(out, " RAM in %" PRIu64 " areas", in_use_areas(t));
	vmalloc_used(t, env, out);
	sbuf_addf(out, "\n Mapped: ");
	add_kib(out, t->mapped);
	change_kib(out, rs, TOT_MAPPED);
	sbuf_addf(out, "  Virtual: ");
	add_kib(out, t->bytes);
	change_kib(out, rs, TOT_BYTES);
	sbuf_addc(out, '\n');
	if (t->type_areas[VT_UNPURGED]) {
		sbuf_addf(out, " Unpurged: ");
		unpurged_line(t, out);
	}
	for (int k = 0; k < VT_COUNT; k++) {
		struct sbuf c = { 0 };
		bool changed = change_kib(&c, rs, TOT_TYPE_BYTES + (size_t)k);

		/* a type shows while it has areas, or just lost them */
		if (k != VT_UNPURGED && (t->type_areas[k] || changed)) {
			sbuf_addf(out,
				  " %-12s %7" PRIu64 " areas %10" PRIu64
				  "K RAM %10" PRIu64 "K virtual",
				  vm_type_name((enum vm_type)k),
				  t->type_areas[k], t->type_ram[k] / 1024,
				  t->type_bytes[k] / 1024);
			sbuf_add(out, c.s ? c.s : "", c.len);
			sbuf_addc(out, '\n');
		}
		sbuf_free(&c);
	}
	view_meminfo_line(env, rs, f, ARRAY_SIZE(f), out);
}

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, const struct rowset *rs,
		    struct sbuf *out)
{
	static const enum mi_field f[] = { MI_VMALLOCUSED, MI_VMALLOCTOTAL };

	/* nothing read yet (vmallocinfo unreadable): meminfo's line alone,
	 * no sums of areas that were never read set against it */
	if (!CVV(st)->read_once) {
		if (use == USE_SCREEN)
			view_meminfo_line(env, rs, f, ARRAY_SIZE(f), out);
		return;
	}
	if (use == USE_SCREEN)
		summary_screen(&CVV(st)->m.tot, env, rs, out);
	else
		summary_text(&CVV(st)->m, env, out);
}

/* The screen's summary from a recording's totals: RAM, mapped and
 * virtual needed; the types and VmallocUsed where recorded (VmallocTotal
 * is not). */
static bool json_summary(json_object *line, struct sbuf *out)
{
	json_object *sum = NULL, *bt = NULL, *o;
	struct vm_totals t = { 0 };
	struct view_env env;
	uint64_t in_use;

	memset(&env, 0, sizeof(env));
	json_object_object_get_ex(line, "summary", &sum);
	if (!view_json_u64(sum, "areas", &t.areas) ||
	    !view_json_u64(sum, "bytes", &t.bytes) ||
	    !view_json_u64(sum, "mapped", &t.mapped) ||
	    !view_json_u64(sum, "ram", &t.ram))
		return false;
	if (sum && json_object_object_get_ex(sum, "by_type", &bt))
		for (int k = 0; k < VT_COUNT; k++) {
			if (!json_object_object_get_ex(
				    bt, vm_type_name((enum vm_type)k), &o))
				continue;
			view_json_u64(o, "areas", &t.type_areas[k]);
			view_json_u64(o, "bytes", &t.type_bytes[k]);
			view_json_u64(o, "mapped", &t.type_mapped[k]);
			view_json_u64(o, "ram", &t.type_ram[k]);
		}
	/* the areas in use as recorded, when the types are not */
	if (view_json_u64(sum, "in_use_areas", &in_use) && in_use <= t.areas &&
	    !t.type_areas[VT_UNPURGED])
		t.type_areas[VT_UNPURGED] = t.areas - in_use;
	env.have_mi = view_json_u64(sum, "vmalloc_used",
				    &env.mi.bytes[MI_VMALLOCUSED]);
	env.mi.have[MI_VMALLOCUSED] = env.have_mi;
	summary_screen(&t, &env, NULL, out);
	return true;
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct vm_model *m = &CVV(st)->m;
	const struct vm_totals *t = &m->tot;
	json_object *sum = json_object_new_object();
	json_object *bt = json_object_new_object();
	json_object *up = json_object_new_object();

	json_object_object_add(
		head, "group_by",
		json_object_new_string(vm_group_by_name(m->group_by)));
	output_json_u64(sum, "areas", t->areas);
	output_json_u64(sum, "bytes", t->bytes);
	output_json_u64(sum, "mapped", t->mapped);
	output_json_u64(sum, "ram", t->ram);
	output_json_u64(sum, "in_use_areas", in_use_areas(t));
	/* the kernel's own sum of the same pages, for the reader to set
	 * beside ram (null without meminfo) */
	json_object_object_add(
		sum, "vmalloc_used",
		env->have_mi && env->mi.have[MI_VMALLOCUSED]
			? json_object_new_uint64(env->mi.bytes[MI_VMALLOCUSED])
			: NULL);
	output_json_u64(up, "areas", t->type_areas[VT_UNPURGED]);
	output_json_u64(up, "bytes", t->type_bytes[VT_UNPURGED]);
	json_object_object_add(sum, "unpurged", up);
	for (int k = 0; k < VT_COUNT; k++) {
		json_object *o = json_object_new_object();
		output_json_u64(o, "areas", t->type_areas[k]);
		output_json_u64(o, "bytes", t->type_bytes[k]);
		output_json_u64(o, "mapped", t->type_mapped[k]);
		output_json_u64(o, "ram", t->type_ram[k]);
		json_object_object_add(bt, vm_type_name((enum vm_type)k), o);
	}
	json_object_object_add(sum, "by_type", bt);
	output_json_u64(sum, "skipped_lines", m->stats.skipped);
	json_object_object_add(head, "summary", sum);
}

/* ---- metrics ---------------------------------------------------------- */

/* One family of a figure by type. */
static void type_family(struct sbuf *out, const char *name, const char *help,
			const uint64_t *v)
{
	prom_family(out, name, help);
	for (int k = 0; k < VT_COUNT; k++)
		sbuf_addf(out, "%s{type=\"%s\"} %" PRIu64 "\n", name,
			  vm_type_name((enum vm_type)k), v[k]);
}

/* The totals by type, every type (the groups' metrics come from the
 * columns). */
static void metrics(const void *st, const struct view_env *env,
		    struct sbuf *out)
{
	const struct vm_totals *t = &CVV(st)->m.tot;

	(void)env;
	type_family(out, "kmemtop_vmalloc_areas",
		    "vmalloc areas by type (the first type word of the line).",
		    t->type_areas);
	type_family(
		out, "kmemtop_vmalloc_bytes",
		"vmalloc virtual bytes by type: the size fields, guard pages included.",
		t->type_bytes);
	type_family(
		out, "kmemtop_vmalloc_ram_bytes",
		"vmalloc RAM bytes by type: pages= x page size (their sum is meminfo's VmallocUsed).",
		t->type_ram);
	type_family(
		out, "kmemtop_vmalloc_mapped_bytes",
		"vmalloc mapped bytes by type: the size without guard pages; 0 for unpurged areas.",
		t->type_mapped);
}

/* ---- the screen ------------------------------------------------------- */

static void status(const void *st, struct sbuf *out)
{
	const struct vm_view *v = CVV(st);

	sbuf_addf(out, "Group: %s", vm_group_by_name(v->group_by));
	if (v->filter.types) {
		sbuf_addf(out, "  Types: ");
		vm_types_text(v->filter.types, out);
	}
}

static unsigned key_ioremap(void *st, const void *row, char *msg, size_t size)
{
	struct vm_view *v = VV(st);

	(void)row;
	v->filter.types = ioremap_only(v) ? 0 : 1u << VT_IOREMAP;
	vm_model_set_filter(&v->m, &v->filter);
	snprintf(msg, size, "%s",
		 ioremap_only(v) ? "ioremap areas only" : "all area types");
	return R_REREAD;
}

static unsigned key_group(void *st, const void *row, char *msg, size_t size)
{
	struct vm_view *v = VV(st);

	(void)row;
	v->group_by = (v->group_by + 1) % (VG_NONE + 1);
	vm_model_set_group_by(&v->m, v->group_by);
	snprintf(msg, size, "grouped by %s", vm_group_by_name(v->group_by));
	return R_REREAD;
}

static const struct view_key keys[] = {
	{ 'i', "i", key_ioremap, "ioremap areas only, or all types again" },
	{ 'g', "g", key_group, "group by caller, type, module, or not at all" },
};

static const char *const label[] = { "caller", "module", "type", "start",
				     NULL };

const struct view view_vmalloc = {
	.name = "vmalloc",
	.what = "vmalloc areas",
	.meminfo = VIEW_MI_SCREEN | VIEW_MI_REPORT,
	.options = options,
	.noptions = ARRAY_SIZE(options),
	.settings_new = settings_new,
	.create = create,
	.destroy = destroy,
	.read = read_view,
	.skipped = skipped,
	.rows = rows,
	.filter_key = filter_key,
	.totals = totals,
	.summary = summary,
	.json_head = json_head,
	.metrics = metrics,
	.status = status,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.main_value = "ram",
	.main_bytes = true,
	.label = label,
	.json_summary = json_summary,
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
