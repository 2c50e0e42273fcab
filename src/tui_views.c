/*
 * tui_views.c - the slab and vmalloc views as the interactive monitor
 * sees them: reading, rows, summary and status text, and their own keys.
 *
 * No curses here: tui.c draws what these functions return.
 */
#include "tui_view.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slab_model.h"
#include "oom_model.h"
#include "output.h"
#include "procs.h"
#include "view_oom.h"
#include "view_slab.h"
#include "view_vmalloc.h"
#include "vmalloc_model.h"

/* Read ROOT/rel into the shared buffer; on failure set v->error. */
static bool read_source(struct tview *v, struct tui_shared *sh, const char *rel)
{
	struct kerr err = { { 0 } };

	if (source_read(&sh->src, rel, &sh->buf, &err)) {
		snprintf(v->error, sizeof(v->error), "%s", err.msg);
		return false;
	}
	return true;
}

/* Drop the blank line the --once summaries end with (out[start..) only):
 * on screen the status line follows at once. */
static void drop_blank_line(struct sbuf *out, size_t start)
{
	while (out->len >= start + 2 && out->s[out->len - 1] == '\n' &&
	       out->s[out->len - 2] == '\n')
		out->s[--out->len] = '\0';
}

static void kib_delta(struct sbuf *b, const char *label, uint64_t now,
		      uint64_t before, bool have_before)
{
	sbuf_addf(b, "%s: %" PRIu64 "K", label, now / 1024);
	if (have_before && now != before)
		sbuf_addf(b, " (%+" PRId64 "K)",
			  (int64_t)(now - before) / 1024);
	sbuf_add(b, "  ", 2);
}

static void meminfo_line(const struct tui_shared *sh, const enum mi_field *f,
			 size_t n, struct sbuf *out)
{
	if (!sh->have_mi) {
		sbuf_addf(out, "meminfo: not available\n");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (sh->mi.have[f[i]])
			kib_delta(out, meminfo_name(f[i]), sh->mi.bytes[f[i]],
				  sh->mi_prev.bytes[f[i]],
				  sh->have_mi_prev && sh->mi_prev.have[f[i]]);
	sbuf_addc(out, '\n');
}

/* ---- slab ------------------------------------------------------------ */

#define SLAB(v) ((struct slab_model *)(v)->data)

static void slab_init(struct tview *v, const struct options *o)
{
	v->data = xmalloc(sizeof(struct slab_model));
	slab_model_init(SLAB(v), o->page_size);
	v->sort_col = o->view == VIEW_SLAB || !o->sort_key ? o->sort_col : 0;
	v->sort_desc = o->sort_desc;
	v->cols = &view_slab;
}

static void slab_free(struct tview *v)
{
	slab_model_free(SLAB(v));
	free(v->data);
}

static void slab_read(struct tview *v, struct tui_shared *sh, double now)
{
	struct kerr err = { { 0 } };

	if (!read_source(v, sh, "proc/slabinfo"))
		return;
	if (slab_model_update(SLAB(v), sh->buf.data, sh->buf.len, now, &err)) {
		struct sbuf path = { 0 };
		source_path(sh->opt->root, "proc/slabinfo", &path);
		snprintf(v->error, sizeof(v->error), "%.1000s: %s", path.s,
			 err.msg);
		sbuf_free(&path);
		return;
	}
	v->error[0] = '\0';
}

static const struct table *slab_columns(const struct tview *v)
{
	(void)v;
	return &view_slab;
}

static void slab_default_sort(const struct tview *v, const struct table *cols,
			      int *col, bool *desc)
{
	(void)v;
	*col = (int)cols->default_sort;
	*desc = true;
}

static const void *slab_rows(const struct tview *v, size_t *n, size_t *size)
{
	*n = SLAB(v)->nrows;
	*size = sizeof(struct slab_row);
	return SLAB(v)->rows;
}

static const char *slab_key(const struct tview *v, const void *row)
{
	(void)v;
	return ((const struct slab_row *)row)->name;
}

static bool slab_is_new(const struct tview *v, const void *row)
{
	(void)v;
	return ((const struct slab_row *)row)->is_new;
}

static void slab_summary(const struct tview *v, const struct tui_shared *sh,
			 struct sbuf *out)
{
	static const enum mi_field f[] = { MI_SLAB, MI_SRECLAIMABLE,
					   MI_SUNRECLAIM };
	size_t start = out->len;

	output_slab_summary(&SLAB(v)->tot, out);
	drop_blank_line(out, start); /* slabtop's five lines */
	meminfo_line(sh, f, ARRAY_SIZE(f), out);
}

static void slab_status(const struct tview *v, struct sbuf *out)
{
	sbuf_addf(out, "Deltas: %s", delta_mode_name(SLAB(v)->mode));
	if (SLAB(v)->cur.skipped)
		sbuf_addf(out, "  %zu malformed line(s) skipped",
			  SLAB(v)->cur.skipped);
}

unsigned tview_slab_delta_mode(struct tview *v)
{
	struct slab_model *m = SLAB(v);

	slab_model_set_mode(m, (m->mode + 1) % DELTA_MODE_COUNT);
	snprintf(v->message, sizeof(v->message), "deltas: %s",
		 delta_mode_name(m->mode));
	return R_REBUILD;
}

unsigned tview_slab_reset_base(struct tview *v)
{
	slab_model_reset_base(SLAB(v));
	snprintf(v->message, sizeof(v->message),
		 "baseline reset: deltas since now");
	return R_REBUILD;
}

const struct tview_ops tview_slab_ops = {
	.name = "slab",
	.init = slab_init,
	.free = slab_free,
	.read = slab_read,
	.columns = slab_columns,
	.default_sort = slab_default_sort,
	.rows = slab_rows,
	.filter_key = slab_key,
	.row_is_new = slab_is_new,
	.summary = slab_summary,
	.status = slab_status,
};

/* ---- vmalloc --------------------------------------------------------- */

struct tv_vmalloc {
	struct vm_model m;
	enum vm_group_by group_by;
	struct vm_filter filter;
};

#define VM(v) ((struct tv_vmalloc *)(v)->data)

static bool ioremap_only(const struct tv_vmalloc *d)
{
	return d->filter.types == (1u << VT_IOREMAP);
}

static void vm_init(struct tview *v, const struct options *o)
{
	struct tv_vmalloc *d = xcalloc(1, sizeof(*d));

	d->group_by = (enum vm_group_by)o->group_by;
	d->filter.types = o->vm_types;
	d->filter.caller = o->vm_caller;
	vm_model_init(&d->m, d->group_by, &d->filter);
	v->data = d;
	v->cols = NULL; /* the default sort is taken at the first rebuild */
}

static void vm_free(struct tview *v)
{
	vm_model_free(&VM(v)->m);
	free(v->data);
}

/* A piece of vmallocinfo: fed to the model, then the screen's turn. */
struct vm_feed {
	struct vm_model *m;
	struct tui_shared *sh;
};

static void vm_feed(const char *text, size_t len, void *ctx)
{
	struct vm_feed *f = ctx;

	vm_model_feed(f->m, text, len);
	if (f->sh->idle)
		f->sh->idle(f->sh->idle_ctx);
}

static void vm_read(struct tview *v, struct tui_shared *sh, double now)
{
	struct kerr err = { { 0 } };
	struct vm_feed f = { &VM(v)->m, sh };
	int e = source_read_lines(&sh->src, "proc/vmallocinfo", &sh->buf, 0,
				  vm_feed, &f, &err);

	/* a failed open leaves the model as it was; a read that failed
	 * half-way shows what was read, and says so */
	if (e && !VM(v)->m.feeding) {
		snprintf(v->error, sizeof(v->error), "%s", err.msg);
		return;
	}
	vm_model_end(&VM(v)->m, now);
	if (e)
		snprintf(v->error, sizeof(v->error), "%s", err.msg);
	else
		v->error[0] = '\0';
}

static const struct table *vm_columns(const struct tview *v)
{
	const struct tv_vmalloc *d = VM(v);

	if (d->group_by != VG_NONE)
		return view_vmalloc_groups(d->group_by);
	return ioremap_only(d) ? &view_vmalloc_map : &view_vmalloc_areas;
}

static void vm_default_sort(const struct tview *v, const struct table *cols,
			    int *col, bool *desc)
{
	(void)v;
	*col = (int)cols->default_sort;
	/* the register map reads in address order; the rest largest first */
	*desc = cols != &view_vmalloc_map;
}

static const void *vm_rows(const struct tview *v, size_t *n, size_t *size)
{
	const struct tv_vmalloc *d = VM(v);

	if (d->group_by == VG_NONE) {
		*n = d->m.nrows;
		*size = sizeof(struct vm_row);
		return d->m.rows;
	}
	*n = d->m.ngroups;
	*size = sizeof(struct vm_group);
	return d->m.groups;
}

static const char *vm_key(const struct tview *v, const void *row)
{
	if (VM(v)->group_by == VG_NONE)
		return ((const struct vm_row *)row)->caller;
	return ((const struct vm_group *)row)->key;
}

static bool vm_is_new(const struct tview *v, const void *row)
{
	if (VM(v)->group_by == VG_NONE)
		return false;
	return ((const struct vm_group *)row)->is_new;
}

static void vm_summary(const struct tview *v, const struct tui_shared *sh,
		       struct sbuf *out)
{
	static const enum mi_field f[] = { MI_VMALLOCUSED, MI_VMALLOCTOTAL };
	const struct vm_model *m = &VM(v)->m;
	const struct vm_totals *t = &m->tot, *p = &m->tot_prev;
	bool prev = m->have_prev;

	sbuf_addf(out, " Areas: %" PRIu64, t->areas);
	if (prev && t->areas != p->areas)
		sbuf_addf(out, " (%+" PRId64 ")",
			  (int64_t)(t->areas - p->areas));
	sbuf_addf(out, "  Size: %" PRIu64 "K", t->bytes / 1024);
	if (prev && t->bytes != p->bytes)
		sbuf_addf(out, " (%+" PRId64 "K)",
			  (int64_t)(t->bytes - p->bytes) / 1024);
	sbuf_addc(out, '\n');
	for (int k = 0; k < VT_COUNT; k++) {
		if (!t->type_areas[k] && !(prev && p->type_areas[k]))
			continue;
		sbuf_addf(out, " %-12s %7" PRIu64 " areas %10" PRIu64 "K",
			  vm_type_name((enum vm_type)k), t->type_areas[k],
			  t->type_bytes[k] / 1024);
		if (prev && t->type_bytes[k] != p->type_bytes[k])
			sbuf_addf(
				out, " (%+" PRId64 "K)",
				(int64_t)(t->type_bytes[k] - p->type_bytes[k]) /
					1024);
		sbuf_addc(out, '\n');
	}
	meminfo_line(sh, f, ARRAY_SIZE(f), out);
}

static void vm_status(const struct tview *v, struct sbuf *out)
{
	const struct tv_vmalloc *d = VM(v);

	sbuf_addf(out, "Group: %s", vm_group_by_name(d->group_by));
	if (d->filter.types) {
		sbuf_addf(out, "  Types: ");
		vm_types_text(d->filter.types, out);
	}
	if (d->m.stats.skipped)
		sbuf_addf(out, "  %zu malformed line(s) skipped",
			  d->m.stats.skipped);
}

unsigned tview_vmalloc_toggle_ioremap(struct tview *v)
{
	struct tv_vmalloc *d = VM(v);

	d->filter.types = ioremap_only(d) ? 0 : 1u << VT_IOREMAP;
	vm_model_set_filter(&d->m, &d->filter);
	snprintf(v->message, sizeof(v->message), "%s",
		 ioremap_only(d) ? "ioremap areas only" : "all area types");
	return R_REREAD;
}

unsigned tview_vmalloc_cycle_group(struct tview *v)
{
	struct tv_vmalloc *d = VM(v);

	d->group_by = (d->group_by + 1) % (VG_NONE + 1);
	vm_model_set_group_by(&d->m, d->group_by);
	snprintf(v->message, sizeof(v->message), "grouped by %s",
		 vm_group_by_name(d->group_by));
	return R_REREAD;
}

const struct tview_ops tview_vmalloc_ops = {
	.name = "vmalloc",
	.init = vm_init,
	.free = vm_free,
	.read = vm_read,
	.columns = vm_columns,
	.default_sort = vm_default_sort,
	.rows = vm_rows,
	.filter_key = vm_key,
	.row_is_new = vm_is_new,
	.summary = vm_summary,
	.status = vm_status,
};

/* ---- oom ------------------------------------------------------------- */

struct tv_oom {
	struct oom_model m;
	int overcommit;
	bool live; /* the process table can be read */
	/* 'e': the process chosen, its name as shown, the values */
	struct proc_handle edit;
	char edit_name[64];
	int edit_old, edit_new;
};

#define OOM(v) ((struct tv_oom *)(v)->data)

static void oom_init(struct tview *v, const struct options *o)
{
	struct tv_oom *d = xcalloc(1, sizeof(*d));

	oom_model_init(&d->m, o->kthreads);
	d->live = root_is_live(o->root);
	d->overcommit = -1;
	d->edit.dirfd = -1;
	v->data = d;
	v->cols = NULL; /* the default sort is taken at the first rebuild */
}

static void oom_free(struct tview *v)
{
	proc_handle_close(&OOM(v)->edit);
	oom_model_free(&OOM(v)->m);
	free(v->data);
}

static void oom_read(struct tview *v, struct tui_shared *sh, double now)
{
	struct tv_oom *d = OOM(v);
	struct kerr err = { { 0 } };

	(void)now;
	d->overcommit = overcommit_read(&sh->src, &sh->buf);
	v->error[0] = '\0';
	if (!d->live)
		snprintf(v->error, sizeof(v->error),
			 "%.1000s is not the live system: processes are "
			 "listed only for the live system",
			 sh->opt->root);
	else if (procs_read(oom_model_table(&d->m), &err))
		snprintf(v->error, sizeof(v->error), "%s", err.msg);
	oom_model_update(&d->m, sh->have_mi ? sh->mi.bytes[MI_MEMTOTAL] : 0);
}

static const struct table *oom_columns(const struct tview *v)
{
	(void)v;
	return &view_oom;
}

static const void *oom_rows(const struct tview *v, size_t *n, size_t *size)
{
	*n = OOM(v)->m.nrows;
	*size = sizeof(struct oom_row);
	return OOM(v)->m.rows;
}

static const char *oom_key(const struct tview *v, const void *row)
{
	(void)v;
	return ((const struct oom_row *)row)->key;
}

static bool oom_is_new(const struct tview *v, const void *row)
{
	(void)v;
	return ((const struct oom_row *)row)->is_new;
}

static void oom_summary(const struct tview *v, const struct tui_shared *sh,
			struct sbuf *out)
{
	const struct tv_oom *d = OOM(v);
	size_t start = out->len;

	output_oom_summary(&d->m, sh->have_mi ? &sh->mi : NULL,
			   sh->have_mi_prev ? &sh->mi_prev : NULL,
			   d->overcommit, out);
	drop_blank_line(out, start);
}

static void oom_status(const struct tview *v, struct sbuf *out)
{
	sbuf_addf(out, "Kernel threads: %s",
		  OOM(v)->m.show_kthreads ? "shown" : "hidden");
}

static bool oom_edit_begin(struct tview *v, const void *row, char *title,
			   size_t title_size, char *text, size_t text_size)
{
	struct tv_oom *d = OOM(v);
	const struct oom_row *r = row;
	struct kerr err = { { 0 } };
	struct sbuf b = { 0 };

	if (!r) {
		snprintf(v->message, sizeof(v->message), "no process selected");
		return false;
	}
	/* hold the process now: what is written at the end reaches it or
	 * nothing */
	proc_handle_close(&d->edit);
	if (proc_handle_open(&d->edit, (int)r->pid, r->start_time, &err) ||
	    proc_handle_read_adj(&d->edit, &d->edit_old, &err)) {
		proc_handle_close(&d->edit);
		snprintf(v->message, sizeof(v->message), "%.250s", err.msg);
		return false;
	}
	/* the command is untrusted: escaped, and cut to fit the prompt */
	sanitize(&b, r->command, strlen(r->command), 0);
	snprintf(d->edit_name, sizeof(d->edit_name), "%.40s", b.s ? b.s : "");
	snprintf(title, title_size, "oom_score_adj of %d %s (now %d)",
		 (int)r->pid, d->edit_name, d->edit_old);
	snprintf(text, text_size, "%d", d->edit_old);
	sbuf_free(&b);
	return true;
}

static bool oom_edit_check(struct tview *v, const char *text, char *question,
			   size_t question_size)
{
	struct tv_oom *d = OOM(v);
	struct kerr err = { { 0 } };

	/* still the process chosen, and its value now */
	if (oom_adj_parse(text, &d->edit_new, &err) ||
	    proc_handle_read_adj(&d->edit, &d->edit_old, &err)) {
		snprintf(v->message, sizeof(v->message), "%.250s", err.msg);
		return false;
	}
	if (d->edit_new == d->edit_old) {
		snprintf(v->message, sizeof(v->message),
			 "oom_score_adj of %d unchanged (%d); nothing written",
			 d->edit.pid, d->edit_old);
		return false;
	}
	snprintf(question, question_size,
		 "%d %s: %d -> %d? (y or Enter writes it, any other key "
		 "cancels)",
		 d->edit.pid, d->edit_name, d->edit_old, d->edit_new);
	return true;
}

static void oom_edit_commit(struct tview *v)
{
	struct tv_oom *d = OOM(v);
	struct kerr err = { { 0 } };

	if (proc_handle_write_adj(&d->edit, d->edit_new, &err)) {
		snprintf(v->message, sizeof(v->message), "%.250s", err.msg);
		return;
	}
	snprintf(v->message, sizeof(v->message),
		 "oom_score_adj of %d set to %d (was %d)", d->edit.pid,
		 d->edit_new, d->edit_old);
}

static void oom_edit_end(struct tview *v)
{
	proc_handle_close(&OOM(v)->edit);
}

unsigned tview_oom_toggle_kthreads(struct tview *v)
{
	struct oom_model *m = &OOM(v)->m;

	m->show_kthreads = !m->show_kthreads;
	snprintf(v->message, sizeof(v->message), "kernel threads %s",
		 m->show_kthreads ? "shown" : "hidden");
	return R_REREAD;
}

const struct tview_ops tview_oom_ops = {
	.name = "oom",
	.init = oom_init,
	.free = oom_free,
	.read = oom_read,
	.columns = oom_columns,
	.default_sort = slab_default_sort,
	.rows = oom_rows,
	.filter_key = oom_key,
	.row_is_new = oom_is_new,
	.summary = oom_summary,
	.status = oom_status,
	.edit_begin = oom_edit_begin,
	.edit_check = oom_edit_check,
	.edit_commit = oom_edit_commit,
	.edit_end = oom_edit_end,
	.help_note = "SCORE is /proc/PID/oom_score: the OOM killer kills the "
		     "highest.\n"
		     "ADJ is oom_score_adj, -1000 (never kill) to 1000 (kill "
		     "first),\n"
		     "added to the memory share (RSS + swap + page tables) in "
		     "1/1000ths.\n"
		     "The legacy /proc/PID/oom_adj scale, -17 (never) and "
		     "-16..15, is the\n"
		     "same setting on an old scale (15 ~ 1000); kmemtop writes "
		     "only\n"
		     "oom_score_adj. Lowering it needs CAP_SYS_RESOURCE "
		     "(root).",
};
