/*
 * report.c - one snapshot of each requested view, as text, JSON or
 * Prometheus metrics, with the changes since the previous snapshot.
 *
 * It loops over the views the options name and knows none of them: each
 * reads its sources, gives its rows, summary, JSON head and metrics
 * (view.h). It formats through output and prom; it never writes to a file
 * descriptor (main does) and never exits.
 */
#include "report.h"

#include "recfile.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"
#include "prom.h"
#include "view.h"

/* A view as the report shows it. */
struct rview {
	const struct view *v;
	void *st;
	int col; /* the sort */
	bool desc;
	bool ok;	  /* read at this snapshot */
	size_t noted;	  /* skipped lines last noted, to note changes only */
	struct rowset rs; /* its rows over the snapshots */
};

struct report {
	const struct options *o;
	struct view_env env;
	struct rview rv[VIEWS_MAX];
	size_t n;
	unsigned long count; /* snapshots taken */
	struct sbuf host;    /* the node name, for JSON (read once; empty:
			      * none) */
};

/* The use of a view's rows in this report. */
static enum view_use use_of(const struct options *o)
{
	return o->format == FMT_JSON ? USE_JSON : USE_TEXT;
}

/* The table a view shows in this report (its settings fix it). */
static const struct table *table_of(const struct report *r,
				    const struct rview *v)
{
	struct out_table t;

	v->v->rows(v->st, use_of(r->o), &t);
	return t.table;
}

struct report *report_new(const struct options *o, struct kerr *err)
{
	struct report *r = xcalloc(1, sizeof(*r));
	bool known = !o->sort_key, change = false;

	r->o = o;
	view_env_init(&r->env, o);
	if (o->format == FMT_JSON)
		view_env_host(&r->env, &r->host);
	for (size_t i = 0; i < o->nviews; i++) {
		struct rview *v = &r->rv[r->n++];
		const struct table *t;

		v->v = views[o->views[i]];
		v->st = v->v->create(o, o->settings[o->views[i]]);
		rowset_init(&v->rs);
		/* batch shows the change since the last snapshot only */
		rowset_set_no_base(&v->rs, true);
		t = table_of(r, v);
		view_sort_default(t, &v->col, &v->desc);
		/* -s applies to each view that knows it */
		if (o->sort_key &&
		    !view_sort_key(t, o->sort_key, &v->col, &v->desc)) {
			known = true;
			change = change || (t->cols[v->col].flags & COL_DELTA);
		}
	}
	if (!known) {
		struct sbuf keys = { 0 }, said = { 0 };

		sanitize(&said, o->sort_key, strnlen(o->sort_key, 64),
			 SAN_ASCII);
		for (size_t i = 0; i < r->n; i++) {
			if (r->n > 1)
				sbuf_addf(&keys, "%sthe %s view: ", i ? "; " : "",
					  r->rv[i].v->name);
			view_sort_keys(table_of(r, &r->rv[i]), &keys);
		}
		kerr_set(err,
			 "unknown sort key '%s' for the %s view%s; the keys are %s",
			 said.s ? said.s : "", r->rv[0].v->name,
			 r->n > 1 ? "s" : "", keys.s ? keys.s : "");
		sbuf_free(&keys);
		sbuf_free(&said);
		report_free(r);
		return NULL;
	}
	if (o->once && change) {
		kerr_set(
			err,
			"sort key '%s' is a change between two snapshots, and -o takes one (use it with -b, or in the live view)",
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
	for (size_t i = 0; i < r->n; i++) {
		r->rv[i].v->destroy(r->rv[i].st);
		rowset_free(&r->rv[i].rs);
	}
	view_env_free(&r->env);
	sbuf_free(&r->host);
	free(r);
}

/* The view's note of skipped lines, when their count changed since
 * noted */
static void note_skipped(struct rview *v, struct sbuf *errs)
{
	struct sbuf note = { 0 };
	size_t n = v->v->skipped(v->st, &note);

	if (n && n != v->noted)
		sbuf_addf(errs, "kmemtop: %s\n", note.s ? note.s : "");
	if (n)
		v->noted = n;
	sbuf_free(&note);
}

/* Read every view; false when one could not be read (or misses
 * meminfo, which it needs). */
static bool read_views(struct report *r, double wall, struct sbuf *errs)
{
	bool mi = r->o->format == FMT_PROM, all = true;

	r->env.refresh++;
	for (size_t i = 0; i < r->n; i++)
		mi = mi || (r->rv[i].v->meminfo & VIEW_MI_REPORT) ||
		     (r->o->format == FMT_JSON &&
		      (r->rv[i].v->meminfo & VIEW_MI_JSON));
	if (mi && !view_env_meminfo(&r->env)) {
		for (size_t i = 0; i < r->n; i++) {
			if (!(r->rv[i].v->meminfo & VIEW_MI_NEEDED))
				continue;
			all = false;
			if (!r->count)
				sbuf_addf(errs, "kmemtop: %s\n",
					  r->env.mi_err.msg);
			break;
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		struct rview *v = &r->rv[i];
		struct kerr err = { { 0 } };
		double mono = now_mono();
		int rc = v->v->read(v->st, &r->env, mono, &err);

		v->ok = rc >= 0;
		/* one snapshot (-o) shows no change: nothing to keep, the
		 * rows only bound (the sort reads them through the set) */
		if (v->ok && !r->o->once) {
			view_rowset_update(v->v, v->st, &r->env, use_of(r->o),
					   &v->rs, mono, wall);
		} else if (v->ok) {
			struct out_table t;
			v->v->rows(v->st, use_of(r->o), &t);
			rowset_bind(&v->rs, t.table, t.rows, t.nrows,
				    t.row_size);
		}
		all = all && v->ok;
		/* a note (a capture has no processes) once; an error each
		 * time */
		if (rc < 0 || (rc > 0 && !r->count))
			sbuf_addf(errs, "kmemtop: %s\n", err.msg);
		if (v->ok)
			note_skipped(v, errs);
	}
	return all;
}

/* rowset_gone_value as table_sort_by's getter */
static void gone_value(const void *ctx, const struct column *c, size_t g,
		       struct value *out)
{
	rowset_gone_value(ctx, g, c, out);
}

/* A view's rows as this snapshot shows them, sorted; from the second
 * snapshot of a batch, with the previous rows and the vanished ones
 * (sorted in *gone, which the caller frees with idx). */
static struct out_table rows_of(const struct report *r, const struct rview *v,
				size_t **gone)
{
	struct out_table t;
	const struct column *c;

	v->v->rows(v->st, use_of(r->o), &t);
	c = &t.table->cols[v->col];
	t.n = t.nrows;
	t.rs = &v->rs;
	t.idx = xmalloc((t.nrows ? t.nrows : 1) * sizeof(*t.idx));
	for (size_t i = 0; i < t.nrows; i++)
		t.idx[i] = i;
	rowset_sort(&v->rs, c, v->desc, t.idx, t.nrows);
	t.text_flags = r->o->text_flags;
	t.deltas = r->o->batch && v->rs.have_prev;
	if (t.deltas) {
		size_t *g =
			xmalloc((v->rs.ngone ? v->rs.ngone : 1) * sizeof(*g));
		for (size_t i = 0; i < v->rs.ngone; i++)
			g[i] = i;
		/* vanished rows in the order the table sorts them */
		table_sort_by(c, v->desc, gone_value, &v->rs, g, v->rs.ngone);
		t.gone = *gone = g;
		t.ngone = v->rs.ngone;
	} else {
		t.gone = *gone = NULL;
		t.ngone = 0;
	}
	return t;
}

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

static void text_view(struct report *r, struct rview *v, struct out_sink *k)
{
	size_t *gone;
	struct out_table t = rows_of(r, v, &gone);

	/* the summary's changes come from the second snapshot on; the
	 * table's change columns are there from the first ("-": no earlier
	 * reading), so every row of a batch has the same fields */
	v->v->summary(v->st, &r->env, USE_TEXT,
		      r->o->batch && r->count > 0 ? &v->rs : NULL, k->buf);
	t.deltas = r->o->batch;
	output_table_text(&t, k);
	free(t.idx);
	free(gone);
}

static void json_view(struct report *r, struct rview *v, double now,
		      struct out_sink *k)
{
	size_t *gone;
	struct out_table t = rows_of(r, v, &gone);
	json_object *head = json_object_new_object();

	/* the recording's contract: the format version, then time and view
	 * first on each line (a reader indexes a recording by them) */
	json_object_object_add(head, "format", json_object_new_int(REC_FORMAT));
	json_object_object_add(head, "time", json_object_new_double(now));
	json_object_object_add(head, "view",
			       json_object_new_string(v->v->name));
	/* the node name, so that recordings of many hosts can be merged */
	json_object_object_add(
		head, "host",
		r->host.len ? json_object_new_string_len(r->host.s,
							  (int)r->host.len)
			     : NULL);
	v->v->json_head(v->st, &r->env, head);
	output_json(head, &t, k);
	free(t.idx);
	free(gone);
}

/* -o of a view whose first reading has no rates (warming): true after
 * waiting one delay, for the reading to be taken again. */
static bool warm_up(struct report *r)
{
	bool warming = false;
	struct timespec ts;

	if (!r->o->once)
		return false;
	for (size_t i = 0; i < r->n; i++)
		warming = warming || (r->rv[i].ok && r->rv[i].v->warming &&
				      r->rv[i].v->warming(r->rv[i].st));
	if (!warming)
		return false;
	ts.tv_sec = (time_t)r->o->delay;
	ts.tv_nsec = (long)((r->o->delay - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL); /* a signal ends the wait: read now */
	return true;
}

bool report_snapshot(struct report *r, double now, struct out_sink *k,
		     struct sbuf *errs)
{
	const struct options *o = r->o;
	struct sbuf *out = k->buf;
	struct sbuf first = { 0 };
	bool all = read_views(r, now, &first);

	/* the reading shown is the second, with its notes */
	if (warm_up(r)) {
		/* the snapshot is the reading shown: its time is after the
		 * wait */
		now = now_wall();
		for (size_t i = 0; i < r->n; i++)
			r->rv[i].noted = 0;
		all = read_views(r, now, errs);
	} else if (first.len) {
		sbuf_add(errs, first.s, first.len);
	}
	sbuf_free(&first);

	if (o->format == FMT_PROM) {
		for (size_t i = 0; i < r->n; i++) {
			struct rview *v = &r->rv[i];
			struct out_table t;

			if (!v->ok)
				continue;
			/* the rows JSON has, their table's metric columns */
			v->v->rows(v->st, USE_JSON, &t);
			prom_table(out, t.table, t.rows, t.row_size, t.nrows);
			if (v->v->metrics)
				v->v->metrics(v->st, &r->env, out);
		}
		if (r->env.have_mi)
			prom_meminfo(&r->env.mi, out);
		prom_timestamp(now, out);
	} else {
		if (o->batch && o->format == FMT_TEXT)
			timestamp_line(now, r->count + 1, out);
		for (size_t i = 0; i < r->n && !k->err; i++) {
			struct rview *v = &r->rv[i];
			if (!v->ok)
				continue;
			if (o->format == FMT_JSON) {
				json_view(r, v, now, k);
				continue;
			}
			if (r->n > 1)
				sbuf_addf(out, "[%s]\n", v->v->name);
			text_view(r, v, k);
			if (o->batch)
				sbuf_addc(out, '\n');
		}
	}
	r->count++;
	return all;
}
