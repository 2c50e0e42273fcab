/*
 * view_vmalloc.c - one entry per vmalloc column, for the TUI, --once text
 * and JSON alike.
 */
#include "view_vmalloc.h"

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

#define GROUP_COLS(KEY, TITLE, HELP)                                          \
	{ .key = "areas",                                                     \
	  .title = "AREAS",                                                   \
	  .json = "areas",                                                    \
	  .width = 7,                                                         \
	  .fmt = F_COUNT,                                                     \
	  G(V_U64, areas),                                                   \
	  .help = "number of vmalloc areas in the group" },                   \
		{ .key = "bytes",                                             \
		  .title = "SIZE",                                            \
		  .json = "bytes",                                            \
		  .width = 10,                                                \
		  .fmt = F_KIB,                                               \
		  G(V_U64, bytes),                                           \
		  .help = "their total size in KiB (JSON: bytes)" },          \
		{ .key = "delta_areas",                                       \
		  .title = "dAREAS",                                          \
		  .json = "delta_areas",                                      \
		  .width = 7,                                                 \
		  .fmt = F_DELTA,                                             \
		  .flags = COL_DELTA | COL_NOJSON | COL_MAYBE,                \
		  G(V_I64, d_areas),                                          \
		  .have = offsetof(struct vm_group, has_ref),                 \
		  .help = "change of AREAS since the last refresh" },         \
		{ .key = "delta_bytes",                                       \
		  .title = "dSIZE",                                           \
		  .json = "delta_bytes",                                      \
		  .width = 9,                                                 \
		  .fmt = F_DELTA_KIB,                                         \
		  .flags = COL_DELTA | COL_NOJSON | COL_MAYBE,                \
		  G(V_I64, d_bytes),                                          \
		  .have = offsetof(struct vm_group, has_ref),                 \
		  .help = "change of SIZE in KiB since the last refresh" },   \
		{ .key = "types",                                             \
		  .title = "TYPES",                                           \
		  .json = "types",                                            \
		  .width = 16,                                                \
		  .fmt = F_RENDER,                                            \
		  .get = get_types,                                           \
		  .render = render_types,                                     \
		  .help = "the area types in the group (JSON: a list)" },     \
	{                                                                     \
		.key = KEY, .title = TITLE, .json = KEY, .width = 0,          \
		.fmt = F_TEXT, .flags = COL_ASC | COL_ID, G(V_STR, key),   \
		.help = HELP                                                  \
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
	[VG_CALLER] = { .name = "vmalloc",
			.cols = by_caller,
			.ncols = ARRAY_SIZE(by_caller),
			.default_sort = 1 },
	[VG_TYPE] = { .name = "vmalloc",
		      .cols = by_type,
		      .ncols = ARRAY_SIZE(by_type),
		      .default_sort = 1 },
	[VG_MODULE] = { .name = "vmalloc",
			.cols = by_module,
			.ncols = ARRAY_SIZE(by_module),
			.default_sort = 1 },
};

const struct table *view_vmalloc_groups(enum vm_group_by g)
{
	return g < VG_NONE ? &groups[g] : &groups[VG_CALLER];
}

/* ---- one row per area ------------------------------------------------ */

static void get_type(const void *p, struct value *v)
{
	v->kind = V_STR;
	v->s = vm_type_name(AREA(p)->type);
}

#define COL_START_F(more)                                          \
	{                                                          \
		.key = "start", .title = "START", .json = "start", \
		.width = 18, .fmt = F_HEX, .flags = COL_ID | (more), \
		A(V_U64, start),                                   \
		.help = "first address, as printed (often hashed)" \
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
		A(V_U64, phys_end), .have = offsetof(struct vm_row, have_phys), \
		.help = "PHYS + SIZE"                                       \
	}
#define COL_TYPE                                                             \
	{                                                                    \
		.key = "type", .title = "TYPE", .json = "type", .width = 10, \
		.fmt = F_TEXT, .flags = COL_ASC, .get = get_type,            \
		.help = "the area's type: the first type word on its line"   \
	}
#define COL_MODULE                                                    \
	{                                                             \
		.key = "module", .title = "MODULE", .json = "module", \
		.width = 12, .fmt = F_TEXT,                            \
		.flags = COL_ASC | COL_ID | COL_MAYBE, A(V_STR, module), \
		.help = "the caller's module, blank when built in"    \
	}
#define COL_CALLER                                                            \
	{                                                                     \
		.key = "caller", .title = "CALLER", .json = "caller",         \
		.width = 0, .fmt = F_TEXT,                                     \
		.flags = COL_ASC | COL_ID | COL_MAYBE, A(V_STR, caller),      \
		.help = "the function that made the area, without its offset" \
	}

static const struct column area_cols[] = {
	COL_START, COL_END,  COL_SIZE,	 COL_PAGES,
	COL_PHYS,  COL_TYPE, COL_MODULE, COL_CALLER,
};

const struct table view_vmalloc_areas = {
	.name = "vmalloc",
	.cols = area_cols,
	.ncols = ARRAY_SIZE(area_cols),
	.default_sort = 2,
};

/* START and END are hidden here: they make an area's identity (two
 * areas of one caller at one physical address are two rows). */
static const struct column map_cols[] = {
	COL_PHYS,   COL_PHYS_END,	   COL_SIZE,	       COL_MODULE,
	COL_CALLER, COL_START_F(COL_HIDDEN), COL_END_F(COL_HIDDEN),
};

const struct table view_vmalloc_map = {
	.name = "vmalloc",
	.cols = map_cols,
	.ncols = ARRAY_SIZE(map_cols),
	.default_sort = 0,
};
