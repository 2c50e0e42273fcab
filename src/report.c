/*
 * report.c - one snapshot of each requested view, as text, JSON or
 * Prometheus metrics, with the changes since the previous snapshot.
 *
 * It reads through procfs/procs and formats through output/prom; it never
 * writes to a file descriptor (main does) and never exits.
 */
#include "report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meminfo.h"
#include "slab_model.h"
#include "oom_model.h"
#include "output.h"
#include "source.h"
#include "procs.h"
#include "prom.h"
#include "view_oom.h"
#include "view_slab.h"
#include "view_vmalloc.h"
#include "vmalloc_model.h"

struct report {
	const struct options *o;
	struct source src;
	struct source_buf buf;
	struct meminfo mi, mi_prev;
	bool have_mi, have_mi_prev;
	unsigned long n; /* snapshots taken */
	bool want[VIEW_COUNT];

	struct slab_model slab;
	int slab_col;
	bool slab_desc;
	size_t slab_skipped; /* last noted, to note changes only */

	struct vm_model vm;
	const struct table *vm_view;
	int vm_col;
	bool vm_desc;
	size_t vm_skipped;

	struct oom_model oom;
	int oom_col;
	bool oom_desc;
	int overcommit;
	bool live;

};

static const char *const view_names[VIEW_COUNT] = {
	[VIEW_SLAB] = "slab",
	[VIEW_VMALLOC] = "vmalloc",
	[VIEW_OOM] = "oom",
};

const char *report_view_name(enum view_id v)
{
	return (unsigned)v < VIEW_COUNT ? view_names[v] : "?";
}

/* ---- setup ------------------------------------------------------------ */

/* The vmalloc table for these options: grouped, the ioremap register map
 * (ungrouped, ioremap only, text), or one row per area. */
static const struct table *vmalloc_table(const struct options *o)
{
	if (o->group_by != VG_NONE)
		return view_vmalloc_groups((enum vm_group_by)o->group_by);
	if (o->vm_types == (1u << VT_IOREMAP) && o->format == FMT_TEXT)
		return &view_vmalloc_map;
	return &view_vmalloc_areas;
}

/* -s as a key of table vw; false when vw has no such column (its default
 * sort then). Names sort ascending, numbers largest first. */
static bool resolve_sort(const struct options *o, const struct table *vw, int *col,
		       bool *desc)
{
	int c = o->sort_key ? table_find_key(vw, o->sort_key) : -1;
	bool found = c >= 0;

	if (!found)
		c = (int)vw->default_sort;
	*col = c;
	*desc = !(vw->cols[c].flags & COL_ASC);
	return found || !o->sort_key;
}

/* A wanted view sorts by a delta column. */
static bool sorts_by_change(const struct report *r)
{
	return (r->want[VIEW_SLAB] &&
		(view_slab.cols[r->slab_col].flags & COL_DELTA)) ||
	       (r->want[VIEW_VMALLOC] &&
		(r->vm_view->cols[r->vm_col].flags & COL_DELTA)) ||
	       (r->want[VIEW_OOM] &&
		(view_oom.cols[r->oom_col].flags & COL_DELTA));
}

struct report *report_new(const struct options *o, struct kerr *err)
{
	struct report *r = xcalloc(1, sizeof(*r));
	bool known = !o->sort_key;

	r->o = o;
	source_open(&r->src, o->root);
	for (size_t i = 0; i < o->nviews; i++)
		r->want[o->views[i]] = true;
	if (r->want[VIEW_SLAB]) {
		slab_model_init(&r->slab, o->page_size);
		r->slab_col = o->sort_col;
		r->slab_desc = o->sort_desc;
		known = known || o->sort_slab_known;
	}
	if (r->want[VIEW_VMALLOC]) {
		struct vm_filter f = { .types = o->vm_types,
				       .caller = o->vm_caller };
		vm_model_init(&r->vm, (enum vm_group_by)o->group_by, &f);
		r->vm_view = vmalloc_table(o);
		known = resolve_sort(o, r->vm_view, &r->vm_col, &r->vm_desc) ||
			known;
		/* the register map reads in address order */
		if (r->vm_view == &view_vmalloc_map)
			r->vm_desc = false;
	}
	if (r->want[VIEW_OOM]) {
		oom_model_init(&r->oom, o->kthreads);
		r->live = r->src.live;
		r->overcommit = -1;
		known = resolve_sort(o, &view_oom, &r->oom_col, &r->oom_desc) ||
			known;
	}
	if (!known) {
		kerr_set(err,
			 "unknown sort key '%s' for the %s view%s (see "
			 "kmemtop(1))",
			 o->sort_key, view_names[o->views[0]],
			 o->nviews > 1 ? "s" : "");
		report_free(r);
		return NULL;
	}
	if (o->once && sorts_by_change(r)) {
		kerr_set(err,
			 "sort key '%s' is a change between two snapshots, and "
			 "-o takes one (use it with -b, or in the live view)",
			 o->sort_key);
		report_free(r);
		return NULL;
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	if (r->want[VIEW_SLAB])
		slab_model_free(&r->slab);
	if (r->want[VIEW_VMALLOC])
		vm_model_free(&r->vm);
	if (r->want[VIEW_OOM])
		oom_model_free(&r->oom);
	source_buf_free(&r->buf);
	source_close(&r->src);
	free(r);
}

/* ---- reading ---------------------------------------------------------- */

static void add_err(struct sbuf *errs, const char *root, const char *rel,
		    const char *msg)
{
	struct sbuf path = { 0 };

	if (rel) {
		source_path(root, rel, &path);
		sbuf_addf(errs, "kmemtop: %s: %s\n", path.s, msg);
	} else {
		sbuf_addf(errs, "kmemtop: %s\n", msg);
	}
	sbuf_free(&path);
}

/* "N malformed line(s) skipped in PATH", when N changed since noted */
static void note_skipped(struct sbuf *errs, const char *root, const char *rel,
			 size_t skipped, size_t first, size_t *noted)
{
	struct sbuf path = { 0 };

	if (!skipped || skipped == *noted)
		return;
	*noted = skipped;
	source_path(root, rel, &path);
	sbuf_addf(errs,
		  "kmemtop: %zu malformed line(s) skipped in %s (first: line "
		  "%zu)\n",
		  skipped, path.s, first);
	sbuf_free(&path);
}

static bool read_slab(struct report *r, struct sbuf *errs)
{
	const struct options *o = r->o;
	struct kerr err = { { 0 } };

	if (source_read(&r->src, "proc/slabinfo", &r->buf, &err)) {
		add_err(errs, o->root, NULL, err.msg);
		return false;
	}
	if (slab_model_update(&r->slab, r->buf.data, r->buf.len, now_mono(),
			      &err)) {
		add_err(errs, o->root, "proc/slabinfo", err.msg);
		return false;
	}
	note_skipped(errs, o->root, "proc/slabinfo", r->slab.cur.skipped,
		     r->slab.cur.first_skipped, &r->slab_skipped);
	return true;
}

static bool read_vmalloc(struct report *r, struct sbuf *errs)
{
	const struct options *o = r->o;
	struct kerr err = { { 0 } };
	char msg[128];

	if (source_read_lines(&r->src, "proc/vmallocinfo", &r->buf, 0,
			      vm_model_feed_fn, &r->vm, &err)) {
		add_err(errs, o->root, NULL, err.msg);
		if (!r->vm.feeding)
			return false;
	}
	vm_model_end(&r->vm, now_mono());
	if (r->vm.stats.areas == 0 && r->vm.stats.skipped) {
		snprintf(msg, sizeof(msg),
			 "not a vmallocinfo file (no area "
			 "line; %zu line(s) skipped)",
			 r->vm.stats.skipped);
		add_err(errs, o->root, "proc/vmallocinfo", msg);
		return false;
	}
	note_skipped(errs, o->root, "proc/vmallocinfo", r->vm.stats.skipped,
		     r->vm.stats.first_skipped, &r->vm_skipped);
	return true;
}

static bool read_oom(struct report *r, struct sbuf *errs)
{
	const struct options *o = r->o;
	struct kerr err = { { 0 } };

	r->overcommit = overcommit_read(&r->src, &r->buf);
	if (!r->live) {
		if (!r->n)
			sbuf_addf(errs,
				  "kmemtop: %s is not the live system: the OOM "
				  "view shows its memory summary, but "
				  "processes only of the live system\n",
				  o->root);
	} else if (procs_read(oom_model_table(&r->oom), &err)) {
		add_err(errs, o->root, NULL, err.msg);
		return false;
	}
	oom_model_update(&r->oom, r->have_mi ? r->mi.bytes[MI_MEMTOTAL] : 0);
	return true;
}

/* ---- tables ----------------------------------------------------------- */

/* A view's table as this snapshot shows it: the column table, the rows
 * and their order under -s; from the second snapshot of a batch, the
 * previous rows and the vanished ones too. */
static struct out_table table_of(const struct report *r, enum view_id v)
{
	struct out_table t = { 0 };
	const void *prev = NULL;
	const size_t *gone = NULL;
	size_t ngone = 0;
	int col;
	bool desc, have_prev;

	switch (v) {
	case VIEW_SLAB:
		t = (struct out_table){ .vw = &view_slab,
					.rows = r->slab.rows,
					.row_size = sizeof(*r->slab.rows),
					.n = r->slab.nrows,
					.prev_off = offsetof(struct slab_row,
							     prev),
					.slabtop = true };
		prev = r->slab.prev_rows;
		gone = r->slab.gone, ngone = r->slab.ngone;
		have_prev = r->slab.have_prev;
		col = r->slab_col, desc = r->slab_desc;
		break;
	case VIEW_VMALLOC:
		t.vw = r->vm_view;
		if (r->vm.group_by == VG_NONE) {
			t.rows = r->vm.rows;
			t.n = r->vm.nrows;
			t.row_size = sizeof(*r->vm.rows);
			t.prev_off = offsetof(struct vm_row, prev);
			prev = r->vm.prev_rows;
		} else {
			t.rows = r->vm.groups;
			t.n = r->vm.ngroups;
			t.row_size = sizeof(*r->vm.groups);
			t.prev_off = offsetof(struct vm_group, prev);
			prev = r->vm.prev_groups;
		}
		gone = r->vm.gone, ngone = r->vm.ngone;
		have_prev = r->vm.have_prev;
		col = r->vm_col, desc = r->vm_desc;
		break;
	default:
		t = (struct out_table){ .vw = &view_oom,
					.rows = r->oom.rows,
					.row_size = sizeof(*r->oom.rows),
					.n = r->oom.nrows,
					.prev_off = offsetof(struct oom_row,
							     prev) };
		prev = r->oom.prev_rows;
		gone = r->oom.gone, ngone = r->oom.ngone;
		have_prev = r->oom.have_prev;
		col = r->oom_col, desc = r->oom_desc;
		break;
	}
	t.idx = table_sorted(&t.vw->cols[col], desc, t.rows, t.row_size, t.n);
	t.text_flags = r->o->text_flags;
	/* deltas: batch mode, from a view's second snapshot on */
	t.deltas = r->o->batch && have_prev;
	if (t.deltas) {
		size_t *g = xmalloc((ngone ? ngone : 1) * sizeof(*g));
		if (ngone)
			memcpy(g, gone, ngone * sizeof(*g));
		/* vanished rows in the order the table sorts them */
		table_sort(&t.vw->cols[col], desc, prev, t.row_size, g, ngone);
		t.prev_rows = prev;
		t.gone = g;
		t.ngone = ngone;
	}
	return t;
}

static void table_free(struct out_table *t)
{
	free((void *)t->idx);
	free((void *)t->gone);
}

static void text_view(struct report *r, enum view_id v, struct out_sink *k)
{
	struct out_table t = table_of(r, v);

	switch (v) {
	case VIEW_SLAB:
		output_slab_summary(&r->slab.tot, k->buf);
		break;
	case VIEW_VMALLOC:
		output_vmalloc_summary(&r->vm, r->have_mi ? &r->mi : NULL,
				       k->buf);
		break;
	default:
		output_oom_summary(&r->oom, r->have_mi ? &r->mi : NULL,
				   t.deltas && r->have_mi_prev ? &r->mi_prev
							       : NULL,
				   r->overcommit, k->buf);
		break;
	}
	output_table_text(&t, k);
	table_free(&t);
}

static void json_view(struct report *r, enum view_id v, double now,
		      struct out_sink *k)
{
	struct out_table t = table_of(r, v);
	struct json_object *head;

	switch (v) {
	case VIEW_SLAB:
		head = output_slab_head(&r->slab, now);
		break;
	case VIEW_VMALLOC:
		head = output_vmalloc_head(&r->vm, now);
		break;
	default:
		head = output_oom_head(&r->oom, r->have_mi ? &r->mi : NULL,
				       r->overcommit, now);
		break;
	}
	output_json(head, &t, k);
	table_free(&t);
}

/* ---- a snapshot ------------------------------------------------------- */

static void timestamp_line(double now, unsigned long n, struct sbuf *out)
{
	time_t t = (time_t)now;
	struct tm tm;
	char when[64];

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	sbuf_addf(out, "kmemtop - %s.%03d UTC - snapshot %lu\n", when,
		  (int)((now - (double)t) * 1000), n);
}

bool report_snapshot(struct report *r, double now, struct out_sink *k,
		     struct sbuf *errs)
{
	struct sbuf *out = k->buf;
	const struct options *o = r->o;
	bool ok[VIEW_COUNT] = { false }, all = true;
	struct kerr err = { { 0 } };

	/* meminfo feeds the vmalloc and OOM summaries and the metrics; the
	 * slab view's text and JSON (slabtop's format) do not show it */
	if (r->want[VIEW_VMALLOC] || r->want[VIEW_OOM] ||
	    o->format == FMT_PROM) {
		r->mi_prev = r->mi;
		r->have_mi_prev = r->have_mi;
		r->have_mi = source_read(&r->src, "proc/meminfo", &r->buf,
					 &err) == 0;
		if (r->have_mi)
			meminfo_parse(r->buf.data, r->buf.len, &r->mi);
		else if (r->want[VIEW_OOM] && !r->n)
			add_err(errs, o->root, NULL, err.msg);
	}

	for (size_t i = 0; i < o->nviews; i++) {
		enum view_id v = o->views[i];
		ok[v] = v == VIEW_SLAB	    ? read_slab(r, errs)
			: v == VIEW_VMALLOC ? read_vmalloc(r, errs)
					    : read_oom(r, errs);
		all = all && ok[v];
	}
	/* the OOM view without meminfo is shown (its processes), but its
	 * summary is missing: a failure for the exit status */
	if (r->want[VIEW_OOM] && !r->have_mi)
		all = false;

	if (o->format == FMT_PROM) {
		struct prom_input in = {
			.slab = ok[VIEW_SLAB] ? &r->slab : NULL,
			.vm = ok[VIEW_VMALLOC] ? &r->vm : NULL,
			.oom = ok[VIEW_OOM] ? &r->oom : NULL,
			.mi = r->have_mi ? &r->mi : NULL,
			.overcommit = ok[VIEW_OOM] ? r->overcommit : -1,
			.time = now,
		};
		prom_write(&in, out);
	} else {
		if (o->batch && o->format == FMT_TEXT)
			timestamp_line(now, r->n + 1, out);
		for (size_t i = 0; i < o->nviews && !k->err; i++) {
			enum view_id v = o->views[i];
			if (!ok[v])
				continue;
			if (o->format == FMT_JSON) {
				json_view(r, v, now, k);
				continue;
			}
			if (o->nviews > 1)
				sbuf_addf(out, "[%s]\n", view_names[v]);
			text_view(r, v, k);
			if (o->batch)
				sbuf_addc(out, '\n');
		}
	}
	r->n++;
	return all;
}
