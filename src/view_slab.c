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

#include <inttypes.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "prom.h"
#include "slab_model.h"

#define ROW(p)	 ((const struct slab_row *)(p))
#define CACHE(f) .kind = V_U64, .off = offsetof(struct slab_row, c.f)
#define ROWF(f)	 .kind = V_U64, .off = offsetof(struct slab_row, f)

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
	  .help = "change of ACTIVE (since the last refresh, the baseline, or per second)" },
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

const struct table slab_table = {
	.name = "slab",
	.cols = cols,
	.ncols = ARRAY_SIZE(cols),
	.default_sort = 0, /* objects, largest first, as slabtop */
};

static const struct table *const tables[] = { &slab_table };

struct slab_view {
	struct slab_model m;
	const char *file; /* for notes: ROOT/proc/slabinfo */
	struct sbuf path;
};

#define SV(st)	((struct slab_view *)(st))
#define CSV(st) ((const struct slab_view *)(st))

static void *create(const struct options *o, const void *settings)
{
	struct slab_view *v = xcalloc(1, sizeof(*v));

	(void)settings;
	slab_model_init(&v->m, o->page_size);
	source_path(o->root, "proc/slabinfo", &v->path);
	v->file = v->path.s;
	return v;
}

static void destroy(void *st)
{
	slab_model_free(&SV(st)->m);
	sbuf_free(&SV(st)->path);
	free(st);
}

static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct kerr why = { { 0 } };

	if (source_read(&env->src, "proc/slabinfo", &env->buf, err))
		return -1;
	if (slab_model_update(&SV(st)->m, env->buf.data, env->buf.len, now,
			      &why)) {
		kerr_set(err, "%.1000s: %s", SV(st)->file, why.msg);
		return -1;
	}
	return 0;
}

static size_t skipped(const void *st, size_t *first, const char **file)
{
	*first = CSV(st)->m.cur.first_skipped;
	*file = CSV(st)->file;
	return CSV(st)->m.cur.skipped;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct slab_model *m = &CSV(st)->m;

	*t = (struct out_table){
		.table = &slab_table,
		.rows = m->rows,
		.row_size = sizeof(*m->rows),
		.nrows = m->nrows,
		.prev_rows = m->prev_rows,
		.prev_off = offsetof(struct slab_row, prev),
		.gone = m->gone,
		.ngone = m->ngone,
		.have_prev = m->have_prev,
		.slabtop = use == USE_TEXT,
	};
}

static const char *filter_key(const void *st, const void *row)
{
	(void)st;
	return ROW(row)->name;
}

static bool is_new(const void *st, const void *row)
{
	(void)st;
	return ROW(row)->is_new;
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

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, bool deltas, struct sbuf *out)
{
	static const enum mi_field f[] = { MI_SLAB, MI_SRECLAIMABLE,
					   MI_SUNRECLAIM };

	(void)deltas;
	slab_summary_lines(&CSV(st)->m.tot, out);
	if (use == USE_SCREEN)
		view_meminfo_line(env, f, ARRAY_SIZE(f), out);
	else
		sbuf_addc(out, '\n');
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct slab_model *m = &CSV(st)->m;
	const struct slab_totals *t = &m->tot;
	json_object *sum = json_object_new_object();

	(void)env;
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
	json_object_object_add(head, "summary", sum);
}

/* ---- metrics ---------------------------------------------------------- */

struct slab_metric {
	const char *name, *help;
	size_t off; /* of the uint64_t in struct slab_row */
	enum prom_combine how;
};

#define SAME_NAME " Caches of one name are summed."
static const struct slab_metric slab_metrics[] = {
	{ "kmemtop_slab_objects_active",
	  "Objects in use in the slab cache (active_objs)." SAME_NAME,
	  offsetof(struct slab_row, c.active_objs), PROM_SUM },
	{ "kmemtop_slab_objects",
	  "Objects allocated in the slab cache, in use or free (num_objs)." SAME_NAME,
	  offsetof(struct slab_row, c.num_objs), PROM_SUM },
	{ "kmemtop_slab_object_size_bytes",
	  "Size of one object of the slab cache (objsize); the largest of caches of one name.",
	  offsetof(struct slab_row, c.objsize), PROM_MAX },
	{ "kmemtop_slab_slabs",
	  "Slabs allocated to the cache (num_slabs)." SAME_NAME,
	  offsetof(struct slab_row, c.num_slabs), PROM_SUM },
	{ "kmemtop_slab_cache_size_bytes",
	  "Memory of the slab cache: slabs x pages per slab x page size." SAME_NAME,
	  offsetof(struct slab_row, cache_size), PROM_SUM },
};

static void metrics(const void *st, const struct view_env *env,
		    struct sbuf *out)
{
	const struct slab_model *m = &CSV(st)->m;
	size_t n = m->nrows;
	const char **names = xmalloc((n ? n : 1) * sizeof(*names));
	uint64_t *v = xmalloc((n ? n : 1) * sizeof(*v));
	struct prom_labels l;

	(void)env;
	for (size_t i = 0; i < n; i++)
		names[i] = m->rows[i].name;
	prom_labels_make(&l, "cache", names, n);
	for (size_t k = 0; k < ARRAY_SIZE(slab_metrics); k++) {
		for (size_t i = 0; i < n; i++)
			v[i] = *(const uint64_t *)((const char *)&m->rows[i] +
						   slab_metrics[k].off);
		prom_samples(out, slab_metrics[k].name, slab_metrics[k].help,
			     &l, v, slab_metrics[k].how);
	}
	prom_labels_free(&l);
	free(names);
	free(v);
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

	sbuf_addf(out, "Deltas: %s", delta_mode_name(m->mode));
	if (m->cur.skipped)
		sbuf_addf(out, "  %zu malformed line(s) skipped",
			  m->cur.skipped);
}

static unsigned key_delta_mode(void *st, char *msg, size_t size)
{
	struct slab_model *m = &SV(st)->m;

	slab_model_set_mode(m, (m->mode + 1) % DELTA_MODE_COUNT);
	snprintf(msg, size, "deltas: %s", delta_mode_name(m->mode));
	return R_REBUILD;
}

static unsigned key_reset_base(void *st, char *msg, size_t size)
{
	slab_model_reset_base(&SV(st)->m);
	snprintf(msg, size, "baseline reset: deltas since now");
	return R_REBUILD;
}

static const struct view_key keys[] = {
	{ 'd', "d", key_delta_mode,
	  "delta mode: since last refresh, since baseline, per second" },
	{ 'z', "z", key_reset_base, "reset the baseline to now (zero deltas)" },
};

const struct view view_slab = {
	.name = "slab",
	.what = "slab caches",
	.meminfo = VIEW_MI_SCREEN,
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
