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

#define GROUP_COLS(KEY, TITLE, HELP)                                        \
	{ .key = "areas",                                                   \
	  .title = "AREAS",                                                 \
	  .json = "areas",                                                  \
	  .width = 7,                                                       \
	  .fmt = F_COUNT,                                                   \
	  G(V_U64, areas),                                                  \
	  .help = "number of vmalloc areas in the group" },                 \
		{ .key = "bytes",                                           \
		  .title = "SIZE",                                          \
		  .json = "bytes",                                          \
		  .width = 10,                                              \
		  .fmt = F_KIB,                                             \
		  G(V_U64, bytes),                                          \
		  .help = "their total size in KiB (JSON: bytes)" },        \
		{ .key = "delta_areas",                                     \
		  .title = "dAREAS",                                        \
		  .json = "delta_areas",                                    \
		  .width = 7,                                               \
		  .fmt = F_DELTA,                                           \
		  .flags = COL_DELTA | COL_NOJSON | COL_MAYBE,              \
		  G(V_I64, d_areas),                                        \
		  .have = offsetof(struct vm_group, has_ref),               \
		  .help = "change of AREAS since the last refresh" },       \
		{ .key = "delta_bytes",                                     \
		  .title = "dSIZE",                                         \
		  .json = "delta_bytes",                                    \
		  .width = 9,                                               \
		  .fmt = F_DELTA_KIB,                                       \
		  .flags = COL_DELTA | COL_NOJSON | COL_MAYBE,              \
		  G(V_I64, d_bytes),                                        \
		  .have = offsetof(struct vm_group, has_ref),               \
		  .help = "change of SIZE in KiB since the last refresh" }, \
		{ .key = "types",                                           \
		  .title = "TYPES",                                         \
		  .json = "types",                                          \
		  .width = 16,                                              \
		  .fmt = F_RENDER,                                          \
		  .get = get_types,                                         \
		  .render = render_types,                                   \
		  .help = "the area types in the group (JSON: a list)" },   \
	{                                                                   \
		.key = KEY, .title = TITLE, .json = KEY, .width = 0,        \
		.fmt = F_TEXT, .flags = COL_ASC | COL_ID, G(V_STR, key),    \
		.help = HELP                                                \
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

static const struct table groups[] = {
	[VG_CALLER] = { .name = "vmalloc-caller",
			.cols = by_caller,
			.ncols = ARRAY_SIZE(by_caller),
			.default_sort = 1 },
	[VG_TYPE] = { .name = "vmalloc-type",
		      .cols = by_type,
		      .ncols = ARRAY_SIZE(by_type),
		      .default_sort = 1 },
	[VG_MODULE] = { .name = "vmalloc-module",
			.cols = by_module,
			.ncols = ARRAY_SIZE(by_module),
			.default_sort = 1 },
};

const struct table *vmalloc_group_table(enum vm_group_by g)
{
	return g < VG_NONE ? &groups[g] : &groups[VG_CALLER];
}

/* ---- one row per area ------------------------------------------------ */

static void get_type(const void *p, struct value *v)
{
	v->kind = V_STR;
	v->s = vm_type_name(AREA(p)->type);
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
#define COL_SIZE                                                             \
	{                                                                    \
		.key = "size", .title = "SIZE", .json = "size", .width = 9,  \
		.fmt = F_KIB, A(V_U64, size),                                \
		.help = "size of the area in KiB, guard page included when " \
			"the "                                               \
			"kernel counts it (JSON: bytes)"                     \
	}
#define COL_PAGES                                                              \
	{                                                                      \
		.key = "pages", .title = "PAGES", .json = "pages", .width = 7, \
		.fmt = F_COUNT, .flags = COL_MAYBE, A(V_U64, pages),           \
		.have = offsetof(struct vm_row, have_pages),                   \
		.help = "pages=N: pages backing the area"                      \
	}
#define COL_PHYS                                                             \
	{                                                                    \
		.key = "phys", .title = "PHYS", .json = "phys", .width = 18, \
		.fmt = F_HEX, .flags = COL_MAYBE, A(V_U64, phys),            \
		.have = offsetof(struct vm_row, have_phys),                  \
		.help = "phys=ADDR: the physical address an ioremap maps"    \
	}
#define COL_PHYS_END                                                        \
	{                                                                   \
		.key = "phys_end", .title = "PHYS END", .json = "phys_end", \
		.width = 18, .fmt = F_HEX, .flags = COL_NOJSON | COL_MAYBE, \
		A(V_U64, phys_end),                                         \
		.have = offsetof(struct vm_row, have_phys),                 \
		.help = "PHYS + SIZE"                                       \
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
#define COL_CALLER                                                            \
	{                                                                     \
		.key = "caller", .title = "CALLER", .json = "caller",         \
		.width = 0, .fmt = F_TEXT,                                    \
		.flags = COL_ASC | COL_ID | COL_MAYBE, A(V_STR, caller),      \
		.help = "the function that made the area, without its offset" \
	}

static const struct column area_cols[] = {
	COL_START, COL_END,  COL_SIZE,	 COL_PAGES,
	COL_PHYS,  COL_TYPE, COL_MODULE, COL_CALLER,
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
	COL_PHYS_END,
	COL_SIZE,
	COL_MODULE,
	COL_CALLER,
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
	source_path(o->root, "proc/vmallocinfo", &v->path);
	return v;
}

static void destroy(void *st)
{
	vm_model_free(&VV(st)->m);
	sbuf_free(&VV(st)->path);
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
	return e ? -1 : 0;
}

static size_t skipped(const void *st, size_t *first, const char **file)
{
	*first = CVV(st)->m.stats.first_skipped;
	*file = CVV(st)->path.s;
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
		.prev_rows = none ? (const void *)m->prev_rows
				  : (const void *)m->prev_groups,
		.prev_off = none ? offsetof(struct vm_row, prev)
				 : offsetof(struct vm_group, prev),
		.gone = m->gone,
		.ngone = m->ngone,
		.have_prev = m->have_prev,
	};
}

static const char *filter_key(const void *st, const void *row)
{
	if (CVV(st)->group_by == VG_NONE)
		return AREA(row)->caller;
	return GROUP(row)->key;
}

static bool is_new(const void *st, const void *row)
{
	if (CVV(st)->group_by == VG_NONE)
		return AREA(row)->is_new;
	return GROUP(row)->is_new;
}

/* The text summary: totals, VmallocUsed, totals by type, skipped lines,
 * and a blank line. */
static void summary_text(const struct vm_model *m, const struct view_env *env,
			 struct sbuf *out)
{
	const struct vm_totals *t = &m->tot;
	const struct meminfo *mi = env->have_mi ? &env->mi : NULL;

	output_label(out, "Areas / Size");
	sbuf_addf(out, "%" PRIu64 " / %.2fK\n", t->areas,
		  (double)t->bytes / 1024.0);
	if (mi && mi->have[MI_VMALLOCUSED]) {
		output_label(out, "VmallocUsed / VmallocTotal");
		sbuf_addf(out, "%" PRIu64 "K / %" PRIu64 "K\n",
			  mi->bytes[MI_VMALLOCUSED] / 1024,
			  mi->bytes[MI_VMALLOCTOTAL] / 1024);
	}
	sbuf_addf(out, " %-35s:", "By type (areas / size)");
	for (int k = 0; k < VT_COUNT; k++)
		if (t->type_areas[k])
			sbuf_addf(out, " %s %" PRIu64 " / %" PRIu64 "K",
				  vm_type_name((enum vm_type)k),
				  t->type_areas[k], t->type_bytes[k] / 1024);
	sbuf_addc(out, '\n');
	if (m->stats.skipped) {
		output_label(out, "Malformed lines skipped");
		sbuf_addf(out, "%zu (first: line %zu)\n", m->stats.skipped,
			  m->stats.first_skipped);
	}
	sbuf_addc(out, '\n');
}

/* The screen's: totals and each type with their changes, meminfo. */
static void summary_screen(const struct vm_model *m, const struct view_env *env,
			   struct sbuf *out)
{
	static const enum mi_field f[] = { MI_VMALLOCUSED, MI_VMALLOCTOTAL };
	const struct vm_totals *t = &m->tot, *p = &m->tot_prev;
	bool prev = m->have_prev;

	sbuf_addf(out, " Areas: %" PRIu64, t->areas);
	if (prev)
		output_change(out, (int64_t)(t->areas - p->areas), "");
	sbuf_addf(out, "  Size: %" PRIu64 "K", t->bytes / 1024);
	if (prev)
		output_change(out, (int64_t)(t->bytes - p->bytes) / 1024, "K");
	sbuf_addc(out, '\n');
	for (int k = 0; k < VT_COUNT; k++) {
		if (!t->type_areas[k] && !(prev && p->type_areas[k]))
			continue;
		sbuf_addf(out, " %-12s %7" PRIu64 " areas %10" PRIu64 "K",
			  vm_type_name((enum vm_type)k), t->type_areas[k],
			  t->type_bytes[k] / 1024);
		if (prev)
			output_change(
				out,
				(int64_t)(t->type_bytes[k] - p->type_bytes[k]) /
					1024,
				"K");
		sbuf_addc(out, '\n');
	}
	view_meminfo_line(env, f, ARRAY_SIZE(f), out);
}

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, bool deltas, struct sbuf *out)
{
	(void)deltas;
	if (use == USE_SCREEN)
		summary_screen(&CVV(st)->m, env, out);
	else
		summary_text(&CVV(st)->m, env, out);
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct vm_model *m = &CVV(st)->m;
	const struct vm_totals *t = &m->tot;
	json_object *sum = json_object_new_object();
	json_object *bt = json_object_new_object();

	(void)env;
	json_object_object_add(
		head, "group_by",
		json_object_new_string(vm_group_by_name(m->group_by)));
	output_json_u64(sum, "areas", t->areas);
	output_json_u64(sum, "bytes", t->bytes);
	for (int k = 0; k < VT_COUNT; k++) {
		json_object *o = json_object_new_object();
		output_json_u64(o, "areas", t->type_areas[k]);
		output_json_u64(o, "bytes", t->type_bytes[k]);
		json_object_object_add(bt, vm_type_name((enum vm_type)k), o);
	}
	json_object_object_add(sum, "by_type", bt);
	output_json_u64(sum, "skipped_lines", m->stats.skipped);
	json_object_object_add(head, "summary", sum);
}

/* ---- metrics ---------------------------------------------------------- */

static int cmp_group_bytes(const void *a, const void *b)
{
	const struct vm_group *x = *(const struct vm_group *const *)a;
	const struct vm_group *y = *(const struct vm_group *const *)b;

	return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

static void metrics(const void *st, const struct view_env *env,
		    struct sbuf *out)
{
	const struct vm_model *m = &CVV(st)->m;
	const struct vm_totals *t = &m->tot;
	const char *g = vm_group_by_name(m->group_by);
	const struct vm_group **top;
	const char **keys;
	struct sbuf name = { 0 }, help = { 0 };
	struct prom_labels l;
	size_t n;

	(void)env;
	prom_family(out, "kmemtop_vmalloc_areas",
		    "vmalloc areas by type (the first type word of the line).");
	for (int k = 0; k < VT_COUNT; k++)
		sbuf_addf(out,
			  "kmemtop_vmalloc_areas{type=\"%s\"} %" PRIu64 "\n",
			  vm_type_name((enum vm_type)k), t->type_areas[k]);
	prom_family(out, "kmemtop_vmalloc_bytes", "vmalloc bytes by type.");
	for (int k = 0; k < VT_COUNT; k++)
		sbuf_addf(out,
			  "kmemtop_vmalloc_bytes{type=\"%s\"} %" PRIu64 "\n",
			  vm_type_name((enum vm_type)k), t->type_bytes[k]);
	if (m->group_by == VG_NONE || m->group_by == VG_TYPE)
		return;
	/* the largest groups by caller (or module): a bounded set */
	n = m->ngroups;
	top = xmalloc((n ? n : 1) * sizeof(*top));
	for (size_t i = 0; i < n; i++)
		top[i] = &m->groups[i];
	qsort(top, n, sizeof(*top), cmp_group_bytes);
	if (n > PROM_VMALLOC_CALLERS_TOP)
		n = PROM_VMALLOC_CALLERS_TOP;
	keys = xmalloc((n ? n : 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = top[i]->key;
	prom_labels_make(&l, g, keys, n);
	for (int pass = 0; pass < 2; pass++) {
		const char *what = pass ? "areas" : "bytes";
		uint64_t *v = xmalloc((n ? n : 1) * sizeof(*v));
		for (size_t i = 0; i < n; i++)
			v[i] = pass ? top[i]->areas : top[i]->bytes;
		sbuf_reset(&name);
		sbuf_reset(&help);
		sbuf_addf(&name, "kmemtop_vmalloc_%s_%s", g, what);
		sbuf_addf(&help, "vmalloc %s of the %d largest %s groups.",
			  what, PROM_VMALLOC_CALLERS_TOP, g);
		prom_samples(out, name.s, help.s, &l, v, PROM_SUM);
		free(v);
	}
	prom_labels_free(&l);
	free(keys);
	free(top);
	sbuf_free(&name);
	sbuf_free(&help);
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
	if (v->m.stats.skipped)
		sbuf_addf(out, "  %zu malformed line(s) skipped",
			  v->m.stats.skipped);
}

static unsigned key_ioremap(void *st, char *msg, size_t size)
{
	struct vm_view *v = VV(st);

	v->filter.types = ioremap_only(v) ? 0 : 1u << VT_IOREMAP;
	vm_model_set_filter(&v->m, &v->filter);
	snprintf(msg, size, "%s",
		 ioremap_only(v) ? "ioremap areas only" : "all area types");
	return R_REREAD;
}

static unsigned key_group(void *st, char *msg, size_t size)
{
	struct vm_view *v = VV(st);

	v->group_by = (v->group_by + 1) % (VG_NONE + 1);
	vm_model_set_group_by(&v->m, v->group_by);
	snprintf(msg, size, "grouped by %s", vm_group_by_name(v->group_by));
	return R_REREAD;
}

static const struct view_key keys[] = {
	{ 'i', "i", key_ioremap, "ioremap areas only, or all types again" },
	{ 'g', "g", key_group, "group by caller, type, module, or not at all" },
};

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
	.is_new = is_new,
	.summary = summary,
	.json_head = json_head,
	.metrics = metrics,
	.status = status,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
