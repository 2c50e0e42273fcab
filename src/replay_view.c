/*
 * replay_view.c - the screen's replay (replay_view.h): a session over a
 * recording, a tab per view it holds, each a struct view whose read
 * shows the session's snapshot and whose readings go to the tab's row
 * set at their recorded times; the keys that move through time and the
 * chart's series from the recording.
 *
 * It knows the views only through the registry and the screen only
 * through struct view: it draws nothing and prints nothing. The
 * recorded rows are untrusted: read through replay.c's strict reading,
 * their text reaches the screen through the screen's sanitizer.
 */
#include "replay_view.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "replay_time.h"

/* What every tab of a replay shares: the recording, where the screen is
 * in it. */
struct replay_session {
	const struct options *o;
	struct recfile r;
	size_t pos; /* the snapshot shown */
	struct replay_tab *tabs[VIEWS_MAX];
	size_t ntabs;
	struct sbuf note; /* --from outside the recording: said on screen */
};

/* A value of a generated row: a struct value per column. */
#define RP_COLS 48
struct rp_row {
	struct value v[RP_COLS];
	char *filter; /* what '/' matches: the view's, or label and identity */
	char *id;     /* the row's identity (replay_row_id) */
};

/* The rows made of a snapshot's line of a view, and their strings. */
struct rp_rows {
	struct rp_row *rows;
	size_t nrows, cap;
	char **strs;
	size_t nstrs, strs_cap;
};

struct replay_tab {
	struct replay_session *s;
	struct view view; /* the registered view's name, generic ops */
	const struct view *live;
	struct table table; /* generated from the view's table */
	struct column cols[RP_COLS];
	const struct table *tables[1];
	size_t src[RP_COLS]; /* the original column of each */
	bool have_table;
	struct rp_rows shown; /* the snapshot shown */
	struct sbuf summary;  /* after the time bar */
	bool present;	      /* the snapshot shown has this view */
	/* the chart's last series: the row it is of, its points */
	char *series_id;
	double *st, *sv;
	size_t sn;
};

#define RT(st)	((struct replay_tab *)(st))
#define CRT(st) ((const struct replay_tab *)(st))

static char *keep(struct rp_rows *b, const char *s, size_t n)
{
	xgrow((void **)&b->strs, &b->strs_cap, b->nstrs + 1, sizeof(*b->strs));
	return b->strs[b->nstrs++] = xstrndup(s, n);
}

static void drop_rows(struct rp_rows *b)
{
	for (size_t i = 0; i < b->nstrs; i++)
		free(b->strs[i]);
	b->nstrs = 0;
	b->nrows = 0;
}

static void free_rows(struct rp_rows *b)
{
	drop_rows(b);
	free(b->rows);
	free(b->strs);
}

/* The view's table whose JSON names the recorded row has most of. */
static const struct table *best_table(const struct view *v, json_object *row)
{
	const struct table *best = v->tables[0];
	size_t most = 0;

	for (size_t k = 0; row && k < v->ntables; k++) {
		size_t n = 0;
		for (size_t i = 0; i < v->tables[k]->ncols; i++)
			n += json_object_object_get_ex(
				row, v->tables[k]->cols[i].json, NULL);
		if (n > most) {
			most = n;
			best = v->tables[k];
		}
	}
	return best;
}

/* The screen's table for the recorded rows: the view's columns, each
 * reading a struct value the replay fills (the row set makes the delta
 * columns). */
static void make_table(struct replay_tab *t, const struct table *from)
{
	size_t n = 0;

	for (size_t i = 0; i < from->ncols && n < RP_COLS; i++) {
		const struct column *c = &from->cols[i];
		struct column *g = &t->cols[n];

		if ((c->flags & COL_NOJSON) &&
		    !(c->flags & COL_DELTA && c->delta_of) &&
		    !(t->live->json_value &&
		      t->live->json_value(c, NULL, NULL, NULL, NULL)))
			continue; /* not recorded, not computable */
		*g = *c;
		g->kind = V_VALUE;
		g->off = n * sizeof(struct value);
		g->get = NULL;
		g->flags &= ~(unsigned)(COL_MAYBE | COL_LAZY);
		if (c->fmt == F_RENDER) { /* recorded as text or a list */
			g->fmt = F_TEXT;
			g->render = NULL;
		}
		if (from->default_sort == i) {
			t->table.default_sort = n;
			t->table.default_asc = from->default_asc;
		}
		t->src[n++] = i;
	}
	t->table.name = from->name;
	t->table.cols = t->cols;
	t->table.ncols = n;
	t->tables[0] = &t->table;
	t->view.tables = t->tables;
	t->view.ntables = 1;
	t->have_table = true;
}

/* A recorded field as a value of column c. */
static void field_value(struct rp_rows *t, const struct column *c,
			json_object *row, struct value *out)
{
	json_object *f;

	out->kind = V_NONE;
	out->u = 0;
	if (!json_object_object_get_ex(row, c->json, &f) || !f)
		return;
	if (json_object_is_type(f, json_type_string)) {
		const char *s = json_object_get_string(f);
		if (c->fmt == F_HEX) {
			out->kind = V_U64;
			out->u = strtoull(s, NULL, 16);
			return;
		}
		out->kind = V_STR;
		out->s = keep(t, s, (size_t)json_object_get_string_len(f));
	} else if (json_object_is_type(f, json_type_array)) {
		struct sbuf b = { 0 };
		for (size_t i = 0; i < json_object_array_length(f); i++) {
			json_object *e = json_object_array_get_idx(f, i);
			if (i)
				sbuf_addc(&b, ',');
			sbuf_addf(&b, "%s",
				  json_object_is_type(e, json_type_string)
					  ? json_object_get_string(e)
					  : json_object_to_json_string(e));
		}
		out->kind = V_STR;
		out->s = keep(t, b.s ? b.s : "", b.len);
		sbuf_free(&b);
	} else if (json_object_is_type(f, json_type_double)) {
		out->kind = V_F64;
		out->f = json_object_get_double(f);
	} else if (json_object_is_type(f, json_type_int)) {
		int64_t v = json_object_get_int64(f);
		if (v < 0 || c->fmt == F_INT) {
			out->kind = V_I64;
			out->i = v;
		} else {
			out->kind = V_U64;
			out->u = json_object_get_uint64(f);
		}
	} else if (json_object_is_type(f, json_type_boolean)) {
		out->kind = V_U64;
		out->u = json_object_get_boolean(f);
	}
}

/* Column c of a recorded row as the screen shows it: the view's own
 * text or value where it makes one, else the recorded field. */
static void field_view(const struct view *v, struct rp_rows *b,
		       const struct column *c, json_object *row,
		       json_object *line, struct value *out)
{
	struct sbuf text = { 0 };

	if (v->json_value && v->json_value(c, row, line, out, &text)) {
		if (out->kind == V_STR)
			out->s = keep(b, text.s ? text.s : "", text.len);
	} else {
		field_value(b, c, row, out);
	}
	sbuf_free(&text);
}

/* The rows of snapshot snap's line of the tab's view into b: the
 * recorded fields (the delta columns the row set makes). False when the
 * snapshot has no such line. */
static bool build_rows(struct replay_tab *t, const struct replay_snap *snap,
		       struct rp_rows *b)
{
	const struct replay_view *rv = replay_snap_view(snap, t->live);
	struct sbuf id = { 0 }, label = { 0 };
	size_t n;

	drop_rows(b);
	if (!rv)
		return false;
	n = json_object_array_length(rv->rows);
	if (!t->have_table)
		make_table(t, best_table(t->live, n ? json_object_array_get_idx(
							      rv->rows, 0)
						    : NULL));
	xgrow((void **)&b->rows, &b->cap, n ? n : 1, sizeof(*b->rows));
	for (size_t i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rv->rows, i);
		struct rp_row *r = &b->rows[b->nrows++];

		memset(r, 0, sizeof(*r));
		replay_row_id(t->live, row, &id);
		for (size_t k = 0; k < t->table.ncols; k++) {
			const struct column *c = &t->cols[k];
			if (c->flags & COL_DELTA && c->delta_of)
				r->v[k].kind = V_NONE;
			else
				field_view(t->live, b, c, row, rv->line,
					   &r->v[k]);
		}
		sbuf_reset(&label);
		if (t->live->json_filter_key) {
			t->live->json_filter_key(row, &label);
		} else {
			replay_row_label(t->live, row, &label);
			sbuf_addc(&label, '\n');
			sbuf_add(&label, id.s ? id.s : "", id.len);
		}
		r->filter = keep(b, label.s ? label.s : "", label.len);
		r->id = keep(b, id.s ? id.s : "", id.len);
	}
	sbuf_free(&id);
	sbuf_free(&label);
	return true;
}

/* The time bar: the snapshot shown, the recording's span and the
 * baseline (the row set's, a recorded snapshot). */
static void time_bar(const struct replay_session *s, const struct rowset *rs,
		     struct sbuf *out)
{
	struct sbuf a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

	replay_format_time(s->r.s[s->pos].time, &a);
	replay_format_time(s->r.s[0].time, &b);
	replay_format_time(s->r.s[s->r.n - 1].time, &c);
	/* the end and the baseline by their time of day ("(no date)" as
	 * it is) */
	sbuf_addf(
		out,
		"Replay: snapshot %zu/%zu at %s UTC  (recorded %s to %s, %.1f h)\n",
		s->pos + 1, s->r.n, a.s, b.s, c.len > 11 ? c.s + 11 : c.s,
		(s->r.s[s->r.n - 1].time - s->r.s[0].time) / 3600);
	if (rs && rs->have_base) {
		replay_format_time(rs->base.wall, &d);
		sbuf_addf(out, "Baseline: snapshot %zu at %s\n",
			  recfile_find(&s->r, rs->base.wall) + 1,
			  d.len > 11 ? d.s + 11 : d.s);
	}
	if (s->note.len)
		sbuf_add(out, s->note.s, s->note.len);
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&c);
	sbuf_free(&d);
}

/* The summary after the time bar: the recorded summary's numbers. */
static void make_summary(struct replay_tab *t, const struct replay_snap *cur)
{
	const struct replay_view *rv = replay_snap_view(cur, t->live);
	json_object *sum;
	size_t col = 0;

	sbuf_reset(&t->summary);
	if (!rv) {
		sbuf_addf(&t->summary, "(no %s view in this snapshot%s%s)\n",
			  t->live->name, cur->skipped ? "; " : "",
			  cur->skipped ? cur->why.msg : "");
	} else if (t->live->json_summary &&
		   t->live->json_summary(rv->line, &t->summary)) {
		/* the view's own lines, as live */
	} else if (json_object_object_get_ex(rv->line, "summary", &sum) &&
		   json_object_is_type(sum, json_type_object)) {
		json_object_object_foreach(sum, k, val)
		{
			if (!json_object_is_type(val, json_type_int) &&
			    !json_object_is_type(val, json_type_double))
				continue;
			sbuf_addf(&t->summary, "%s%s %s", col ? "  " : "", k,
				  json_object_to_json_string(val));
			if (++col == 5) {
				sbuf_addc(&t->summary, '\n');
				col = 0;
			}
		}
		if (col)
			sbuf_addc(&t->summary, '\n');
	}
}

static int rp_read(void *st, struct view_env *env, double now, struct kerr *err)
{
	struct replay_tab *t = RT(st);
	struct replay_snap cur;

	(void)env, (void)now;
	if (replay_snap_load(&t->s->r, t->s->pos, &cur, err))
		return -1;
	t->present = build_rows(t, &cur, &t->shown);
	make_summary(t, &cur);
	replay_snap_free(&cur);
	return 0;
}

/* Rows b (NULL: none) given to the row set at the recorded time at: as
 * the last reading, or (prev) as the one before it. */
static void give(struct replay_tab *t, struct rowset *rs,
		 const struct rp_rows *b, double at, bool prev)
{
	(prev ? rowset_set_prev : rowset_update)(
		rs, &t->table, b ? b->rows : NULL, b ? b->nrows : 0, 0,
		sizeof(struct rp_row), at, at, NULL, NULL, NULL);
}

/* Snapshot i's rows of the tab's view given to the row set. */
static void feed(struct replay_tab *t, struct rowset *rs, size_t i, bool prev)
{
	struct replay_snap snap;
	struct rp_rows b = { 0 };
	struct kerr err;

	if (replay_snap_load(&t->s->r, i, &snap, &err))
		memset(&snap, 0, sizeof(snap)); /* a snapshot of no rows */
	build_rows(t, &snap, &b);
	give(t, rs, &b, t->s->r.s[i].time, prev);
	replay_snap_free(&snap);
	free_rows(&b);
}

/* The row set's readings are the recording's: the snapshot shown, the
 * one before it as the previous reading, and as the baseline the first
 * snapshot, or the one shown when z asked for a new one. */
static void rp_update_rowset(void *st, struct rowset *rs)
{
	struct replay_tab *t = RT(st);
	size_t pos = t->s->pos;

	rowset_set_recorded(rs, true);
	if (!rs->have_base)
		feed(t, rs, 0, false);
	give(t, rs, &t->shown, t->s->r.s[pos].time, false);
	if (pos)
		feed(t, rs, pos - 1, true);
	else
		give(t, rs, NULL, t->s->r.s[pos].time, true);
}

static size_t rp_skipped(const void *st, struct sbuf *note)
{
	(void)st, (void)note;
	return 0;
}

static void rp_rows(const void *st, enum view_use use, struct out_table *out)
{
	const struct replay_tab *t = CRT(st);

	(void)use;
	*out = (struct out_table){
		.table = t->have_table ? &t->table : t->live->tables[0],
		.rows = t->shown.rows,
		.row_size = sizeof(*t->shown.rows),
		.nrows = t->have_table ? t->shown.nrows : 0,
		.extra = true,
	};
}

static const char *rp_filter_key(const void *st, const void *row)
{
	(void)st;
	return ((const struct rp_row *)row)->filter;
}

static void rp_summary(const void *st, const struct view_env *env,
		       enum view_use use, const struct rowset *rs,
		       struct sbuf *out)
{
	(void)env, (void)use;
	time_bar(CRT(st)->s, rs, out);
	sbuf_add(out, CRT(st)->summary.s ? CRT(st)->summary.s : "",
		 CRT(st)->summary.len);
}

static void rp_status(const void *st, struct sbuf *out)
{
	const struct replay_session *s = CRT(st)->s;

	sbuf_addf(out, "Replay %zu/%zu", s->pos + 1, s->r.n);
}

/* ---- the replay's keys ----------------------------------------------- */

static unsigned go(struct replay_tab *t, long step, char *msg, size_t size)
{
	struct replay_session *s = t->s;
	long p = (long)s->pos + step;

	if (p < 0)
		p = 0;
	if (p >= (long)s->r.n)
		p = (long)s->r.n - 1;
	if ((size_t)p == s->pos) {
		snprintf(msg, size, "%s",
			 step < 0 ? "at the first snapshot"
				  : "at the last snapshot");
		return R_REDRAW;
	}
	s->pos = (size_t)p;
	msg[0] = '\0';
	return R_REREAD;
}

static unsigned key_prev(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), -1, m, n);
}
static unsigned key_next(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), 1, m, n);
}
static unsigned key_back10(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), -10, m, n);
}
static unsigned key_fwd10(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), 10, m, n);
}
static unsigned key_first(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), -(long)RT(st)->s->r.n, m, n);
}
static unsigned key_last(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), (long)RT(st)->s->r.n, m, n);
}

const struct view_key replay_keys[] = {
	{ '[', "[", key_prev, "replay: the previous snapshot" },
	{ ']', "]", key_next, "replay: the next snapshot" },
	{ '{', "{", key_back10, "replay: 10 snapshots back" },
	{ '}', "}", key_fwd10, "replay: 10 snapshots on" },
	{ '(', "(", key_first, "replay: the first snapshot" },
	{ ')', ")", key_last, "replay: the last snapshot" },
};
const size_t nreplay_keys = ARRAY_SIZE(replay_keys);

/* @: go to a time, typed */
static bool goto_begin(void *st, const struct view_env *env, const void *row,
		       char *title, size_t tsize, char *text, size_t text_size,
		       char *msg, size_t size)
{
	(void)st, (void)env, (void)row, (void)msg, (void)size;
	snprintf(title, tsize,
		 "go to (HH:MM[:SS] or 2026-11-29T03:00[:SS], UTC)");
	snprintf(text, text_size, "%s", "");
	return true;
}

static bool goto_check(void *st, const char *text, char *question, size_t qsize,
		       char *msg, size_t size)
{
	struct replay_session *s = RT(st)->s;
	struct kerr err;
	struct sbuf t = { 0 };
	double at;

	(void)question, (void)qsize;
	if (replay_parse_time(text, s->r.s[0].time, &at, &err)) {
		snprintf(msg, size, "%s", err.msg);
		return false;
	}
	s->pos = recfile_find(&s->r, at);
	replay_format_time(s->r.s[s->pos].time, &t);
	snprintf(msg, size, "at snapshot %zu (%s)%s", s->pos + 1, t.s,
		 at < s->r.s[0].time ? ": the recording starts later" : "");
	sbuf_free(&t);
	return false; /* nothing to confirm: done */
}

static void goto_commit(void *st, char *msg, size_t size)
{
	(void)st, (void)msg, (void)size;
}

static void goto_end(void *st)
{
	(void)st;
}

const struct view_edit replay_edits[] = { {
	.key = '@',
	.label = "@",
	.help = "replay: go to a time (HH:MM[:SS] or ISO 8601, UTC)",
	.typed = true,
	.begin = goto_begin,
	.check = goto_check,
	.commit = goto_commit,
	.end = goto_end,
} };

/* The chart of a row: its main value in up to 400 snapshots spread over
 * the recording, read once per row shown. */
#define SERIES_POINTS 400
static size_t rp_series(void *st, const void *row, double *t, double *v,
			size_t max)
{
	struct replay_tab *tab = RT(st);
	struct replay_session *s = tab->s;
	const char *id = ((const struct rp_row *)row)->id;
	size_t want = max < SERIES_POINTS ? max : SERIES_POINTS, step;
	struct sbuf rid = { 0 };

	if (!tab->series_id || strcmp(tab->series_id, id)) {
		free(tab->series_id);
		tab->series_id = xstrdup(id);
		free(tab->st);
		free(tab->sv);
		tab->st = xcalloc(want + 1, sizeof(double));
		tab->sv = xcalloc(want + 1, sizeof(double));
		tab->sn = 0;
		step = (s->r.n + want - 1) / want;
		for (size_t i = 0; i < s->r.n && tab->sn < want; i += step) {
			struct replay_snap x;
			const struct replay_view *rv;
			struct kerr err;
			if (replay_snap_load(&s->r, i, &x, &err))
				continue;
			rv = replay_snap_view(&x, tab->live);
			tab->st[tab->sn] = x.time;
			tab->sv[tab->sn] = NAN;
			for (size_t j = 0;
			     rv && j < json_object_array_length(rv->rows);
			     j++) {
				json_object *r =
					json_object_array_get_idx(rv->rows, j);
				replay_row_id(tab->live, r, &rid);
				if (!strcmp(rid.s ? rid.s : "", id)) {
					replay_row_value(tab->live, r,
							 &tab->sv[tab->sn]);
					break;
				}
			}
			tab->sn++;
			replay_snap_free(&x);
		}
		sbuf_free(&rid);
	}
	memcpy(t, tab->st, tab->sn * sizeof(*t));
	memcpy(v, tab->sv, tab->sn * sizeof(*v));
	return tab->sn;
}

static void rp_destroy(void *st)
{
	struct replay_tab *t = RT(st);

	free(t->series_id);
	free(t->st);
	free(t->sv);
	free_rows(&t->shown);
	sbuf_free(&t->summary);
	free(t);
}

struct replay_session *replay_open(const struct options *o, struct kerr *err)
{
	struct replay_session *s = xcalloc(1, sizeof(*s));
	struct replay_snap first, last;

	s->o = o;
	if (recfile_open(&s->r, o->replay, err)) {
		free(s);
		return NULL;
	}
	s->pos = 0;
	if (o->from) {
		double t;
		if (replay_parse_time(o->from, s->r.s[0].time, &t, err)) {
			replay_close(s);
			return NULL;
		}
		s->pos = recfile_find(&s->r, t);
		replay_span_note("", "--from", t, &s->r, o->replay, &s->note);
	}
	/* a tab per view the recording holds (at its start or its end) */
	if (replay_snap_load(&s->r, 0, &first, err) ||
	    replay_snap_load(&s->r, s->r.n - 1, &last, err)) {
		replay_close(s);
		return NULL;
	}
	/* the views --view names, in its order; else every view */
	for (size_t i = 0;
	     i < (o->nviews ? o->nviews : nviews) && s->ntabs < VIEWS_MAX;
	     i++) {
		size_t k = o->nviews ? o->views[i] : i;
		struct replay_tab *t;
		if (!replay_snap_view(&first, views[k]) &&
		    !replay_snap_view(&last, views[k]))
			continue;
		t = xcalloc(1, sizeof(*t));
		t->s = s;
		t->live = views[k];
		t->view = (struct view){
			.name = views[k]->name,
			.what = views[k]->what,
			.destroy = rp_destroy,
			.read = rp_read,
			.skipped = rp_skipped,
			.rows = rp_rows,
			.update_rowset = rp_update_rowset,
			.filter_key = rp_filter_key,
			.summary = rp_summary,
			.status = rp_status,
			.keys = replay_keys,
			.nkeys = nreplay_keys,
			.edits = replay_edits,
			.nedits = 1,
			.series = rp_series,
			.main_value = views[k]->main_value,
			.main_bytes = views[k]->main_bytes,
			.main_order = views[k]->main_order,
			.label = views[k]->label,
			.tables = views[k]->tables,
			.ntables = views[k]->ntables,
		};
		s->tabs[s->ntabs++] = t;
	}
	replay_snap_free(&first);
	replay_snap_free(&last);
	if (!s->ntabs) {
		kerr_set(err,
			 o->nviews ? "%s holds none of the views --view names"
				   : "%s holds no view this kmemtop knows",
			 o->replay);
		replay_close(s);
		return NULL;
	}
	return s;
}

size_t replay_tabs(const struct replay_session *s)
{
	return s->ntabs;
}

const struct view *replay_tab_view(struct replay_session *s, size_t i,
				   void **st)
{
	*st = s->tabs[i];
	return &s->tabs[i]->view;
}

const struct recfile *replay_file(const struct replay_session *s)
{
	return &s->r;
}

void replay_close(struct replay_session *s)
{
	if (!s)
		return;
	recfile_close(&s->r);
	sbuf_free(&s->note);
	free(s);
}
