/*
 * rowset.c - the rows of one view table over time: the previous reading
 * and the baseline kept, the pairing by identity, rows new and gone, and
 * every delta (rowset.h).
 *
 * It reads rows only through their column table (col_get), so it knows
 * no view; it does not read files, print, or know curses. A reading is
 * kept as numbers and copied strings, never as pointers into a model.
 */
#include "rowset.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *delta_mode_name(enum delta_mode m)
{
	switch (m) {
	case DELTA_PREV:
		return "since last refresh";
	case DELTA_BASE:
		return "since baseline";
	case DELTA_RATE:
		return "per second";
	default:
		return "?";
	}
}

/* ---- readings ---------------------------------------------------------- */

/* Columns a reading keeps: every column but the delta columns (which
 * are made from the others), so a gone row is shown whole. */
static bool kept_col(const struct column *c)
{
	return !(c->flags & COL_DELTA);
}

static void reading_clear(struct rs_reading *r)
{
	r->table = NULL;
	r->nrows = 0;
	r->nkept = 0;
	sbuf_reset(&r->text);
	keyindex_reset(&r->ix);
	r->have_mi = false;
	memset(r->have_tot, 0, sizeof(r->have_tot));
}

static void reading_free(struct rs_reading *r)
{
	free(r->kept);
	free(r->cells);
	free(r->present);
	free(r->key);
	sbuf_free(&r->text);
	keyindex_free(&r->ix);
	keyindex_free(&r->strs);
	free(r->str_off);
	memset(r, 0, sizeof(*r));
}

struct id_key {
	const char *s;
	size_t n;
};

static bool id_eq(const void *owner, size_t i, const void *key)
{
	const struct rs_reading *r = owner;
	const struct id_key *k = key;
	size_t n = r->key[i + 1] - r->key[i];

	return n == k->n && !memcmp(r->text.s + r->key[i], k->s, n);
}

static void reading_index(struct rs_reading *r)
{
	keyindex_reset(&r->ix);
	for (size_t i = 0; i < r->nrows; i++) {
		struct id_key k = { r->text.s + r->key[i],
				    r->key[i + 1] - r->key[i] };
		keyindex_add(&r->ix, hash_bytes(k.s, k.n), &k, id_eq, r);
	}
}

/* Room for n rows of the table's kept columns. */
static void reading_size(struct rs_reading *r, const struct table *t, size_t n)
{
	size_t cap;

	r->table = t;
	r->nkept = 0;
	cap = r->cap_kept;
	xgrow((void **)&r->kept, &cap, t->ncols ? t->ncols : 1,
	      sizeof(*r->kept));
	r->cap_kept = cap;
	for (size_t k = 0; k < t->ncols; k++)
		if (kept_col(&t->cols[k]))
			r->kept[r->nkept++] = k;
	cap = r->cap_cells;
	xgrow((void **)&r->cells, &cap, n * r->nkept + 1, sizeof(*r->cells));
	cap = r->cap_cells;
	xgrow((void **)&r->present, &cap, n * r->nkept + 1,
	      sizeof(*r->present));
	r->cap_cells = cap;
	xgrow((void **)&r->key, &r->cap_rows, n + 1, sizeof(*r->key));
	r->nrows = n;
}

struct str_key {
	const char *s;
	size_t n;
};

static bool str_eq(const void *owner, size_t i, const void *key)
{
	const struct rs_reading *r = owner;
	const struct str_key *k = key;
	const char *s = r->text.s + r->str_off[i];

	return !strncmp(s, k->s, k->n) && !s[k->n];
}

/* The offset of string s in r's text, added once. */
static uint64_t intern(struct rs_reading *r, const char *s)
{
	struct str_key k = { s, strlen(s) };
	uint64_t h = hash_bytes(s, k.n);
	size_t i = keyindex_find(&r->strs, h, &k, str_eq, r);

	if (i != SIZE_MAX)
		return r->str_off[i];
	xgrow((void **)&r->str_off, &r->str_cap, r->nstrs + 1,
	      sizeof(*r->str_off));
	r->str_off[r->nstrs] = r->text.len;
	sbuf_add(&r->text, s, k.n + 1);
	keyindex_add(&r->strs, h, &k, str_eq, r);
	return r->str_off[r->nstrs++];
}

/* Keep rows[0..n) of table t. */
static void reading_take(struct rs_reading *r, const struct table *t,
			 const void *rows, size_t n, size_t row_size,
			 struct sbuf *scratch)
{
	sbuf_reset(&r->text);
	reading_size(r, t, n);
	for (size_t i = 0; i < n; i++) {
		const void *row = (const char *)rows + i * row_size;
		uint64_t *cell = &r->cells[i * r->nkept];
		uint8_t *kind = &r->present[i * r->nkept];

		table_row_id(t, row, scratch);
		r->key[i] = r->text.len;
		sbuf_add(&r->text, scratch->s ? scratch->s : "", scratch->len);
		for (size_t k = 0; k < r->nkept; k++) {
			struct value v;

			col_get(&t->cols[r->kept[k]], row, &v);
			kind[k] = (uint8_t)v.kind;
			switch (v.kind) {
			case V_U64:
				cell[k] = v.u;
				break;
			case V_I64:
				cell[k] = (uint64_t)v.i;
				break;
			case V_F64:
				memcpy(&cell[k], &v.f, sizeof(v.f));
				break;
			case V_STR:
				cell[k] = UINT64_MAX; /* its offset, below */
				kind[k] = v.s ? V_STR : V_NONE;
				break;
			default:
				kind[k] = V_NONE;
				break;
			}
		}
	}
	r->key[n] = r->text.len;
	/* strings after the identities, each distinct one once (a caller
	 * or a user repeats on many rows; the text may move while it grows,
	 * so cells hold offsets) */
	keyindex_reset(&r->strs);
	r->nstrs = 0;
	for (size_t i = 0; i < n; i++) {
		const void *row = (const char *)rows + i * row_size;

		for (size_t k = 0; k < r->nkept; k++) {
			struct value v;

			if (r->present[i * r->nkept + k] != V_STR)
				continue;
			col_get(&t->cols[r->kept[k]], row, &v);
			r->cells[i * r->nkept + k] = intern(r, v.s);
		}
	}
	reading_index(r);
}

static void reading_copy(struct rs_reading *to, const struct rs_reading *from)
{
	reading_size(to, from->table, from->nrows);
	memcpy(to->cells, from->cells,
	       from->nrows * from->nkept * sizeof(*to->cells));
	memcpy(to->present, from->present,
	       from->nrows * from->nkept * sizeof(*to->present));
	memcpy(to->key, from->key, (from->nrows + 1) * sizeof(*to->key));
	to->nshown = from->nshown;
	sbuf_reset(&to->text);
	sbuf_add(&to->text, from->text.s ? from->text.s : "", from->text.len);
	to->mono = from->mono;
	to->wall = from->wall;
	to->mi = from->mi;
	to->have_mi = from->have_mi;
	memcpy(to->tot, from->tot, sizeof(to->tot));
	memcpy(to->have_tot, from->have_tot, sizeof(to->have_tot));
	reading_index(to);
}

/* Column index k's place among the reading's kept columns, or SIZE_MAX. */
static size_t kept_pos(const struct rs_reading *r, size_t k)
{
	for (size_t p = 0; p < r->nkept; p++)
		if (r->kept[p] == k)
			return p;
	return SIZE_MAX;
}

static void reading_value(const struct rs_reading *r, size_t row, size_t pos,
			  struct value *out)
{
	uint64_t c = r->cells[row * r->nkept + pos];

	out->kind = (enum val_kind)r->present[row * r->nkept + pos];
	switch (out->kind) {
	case V_U64:
		out->u = c;
		break;
	case V_I64:
		out->i = (int64_t)c;
		break;
	case V_F64:
		memcpy(&out->f, &c, sizeof(out->f));
		break;
	case V_STR:
		out->s = r->text.s + c;
		break;
	default:
		out->kind = V_NONE;
		out->u = 0;
		break;
	}
}

/* ---- the row set -------------------------------------------------------- */

void rowset_init(struct rowset *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void rowset_free(struct rowset *rs)
{
	reading_free(&rs->cur);
	reading_free(&rs->prev);
	reading_free(&rs->base);
	free(rs->ref_prev);
	free(rs->ref_base);
	free(rs->gone);
	sbuf_free(&rs->scratch);
	memset(rs, 0, sizeof(*rs));
}

/* Pair the bound rows with reading r (n-th with n-th of an identity);
 * ref[i] its row there or SIZE_MAX. */
static void pair(struct rowset *rs, const struct rs_reading *r, size_t *ref)
{
	struct keymatch km = { 0 };

	keymatch_begin(&km, &r->ix);
	for (size_t i = 0; i < rs->nrows; i++) {
		struct id_key k;

		table_row_id(rs->table,
			     (const char *)rs->rows + i * rs->row_size,
			     &rs->scratch);
		k.s = rs->scratch.s ? rs->scratch.s : "";
		k.n = rs->scratch.len;
		ref[i] = keymatch_next(
			&km, &r->ix,
			keyindex_find(&r->ix, hash_bytes(k.s, k.n), &k, id_eq,
				      r));
	}
	keymatch_free(&km);
}

void rowset_bind(struct rowset *rs, const struct table *t, const void *rows,
		 size_t n, size_t row_size)
{
	size_t cap;

	rs->table = t;
	rs->rows = rows;
	rs->nrows = n;
	rs->row_size = row_size;
	/* the same reading seen through other columns (the vmalloc
	 * grouping): keep it so, and measure from it from now on */
	if (rs->have_cur && rs->cur.table != t && !rs->own) {
		reading_take(&rs->cur, t, rows, n, row_size, &rs->scratch);
		rs->cur.nshown = n;
		rs->have_prev = false;
		reading_copy(&rs->base, &rs->cur);
		rs->have_base = true;
	}
	cap = rs->cap; /* the two grow alike */
	xgrow((void **)&rs->ref_prev, &cap, n + 1, sizeof(*rs->ref_prev));
	cap = rs->cap;
	xgrow((void **)&rs->ref_base, &cap, n + 1, sizeof(*rs->ref_base));
	rs->cap = cap;
	for (size_t i = 0; i < n; i++)
		rs->ref_prev[i] = rs->ref_base[i] = SIZE_MAX;
	if (rs->have_prev && rs->prev.table == t)
		pair(rs, &rs->prev, rs->ref_prev);
	else
		rs->ngone = 0;
	if (rs->have_base && rs->base.table == t)
		pair(rs, &rs->base, rs->ref_base);
}

/* The rows of the previous reading the last one lacks (by identity, n-th
 * with n-th): gone. A row that was hidden is not gone: it was never
 * shown; one hidden now is not gone either: it is still there. */
static void find_gone(struct rowset *rs)
{
	const struct rs_reading *p = &rs->prev, *c = &rs->cur;
	struct keymatch km = { 0 };

	rs->ngone = 0;
	if (!rs->have_prev || p->table != c->table)
		return;
	keymatch_begin(&km, &p->ix);
	for (size_t i = 0; i < c->nrows; i++) {
		struct id_key k = { c->text.s + c->key[i],
				    c->key[i + 1] - c->key[i] };
		keymatch_next(&km, &p->ix,
			      keyindex_find(&p->ix, c->ix.hash[i], &k, id_eq,
					    p));
	}
	for (size_t j = 0; j < p->nshown; j++) {
		if (km.paired[j])
			continue;
		xgrow((void **)&rs->gone, &rs->gone_cap, rs->ngone + 1,
		      sizeof(*rs->gone));
		rs->gone[rs->ngone++] = j;
	}
	keymatch_free(&km);
}

void rowset_update(struct rowset *rs, const struct table *t, const void *rows,
		   size_t n, size_t nhidden, size_t row_size, double mono,
		   double wall, const struct meminfo *mi, const uint64_t *tot,
		   const bool *have_tot)
{
	struct rs_reading tmp = rs->prev;

	rs->prev = rs->cur;
	rs->cur = tmp;
	rs->have_prev = rs->have_cur;
	reading_clear(&rs->cur);
	reading_take(&rs->cur, t, rows, n + nhidden, row_size, &rs->scratch);
	rs->cur.nshown = n;
	rs->cur.mono = mono;
	rs->cur.wall = wall;
	rs->cur.have_mi = mi != NULL;
	if (mi)
		rs->cur.mi = *mi;
	for (size_t k = 0; tot && k < RS_TOTALS; k++) {
		rs->cur.tot[k] = tot[k];
		rs->cur.have_tot[k] = have_tot ? have_tot[k] : true;
	}
	rs->have_cur = true;
	if (!rs->have_base || rs->base_pending) {
		reading_copy(&rs->base, &rs->cur);
		rs->have_base = true;
		rs->base_pending = false;
	}
	find_gone(rs);
	rowset_bind(rs, t, rows, n, row_size);
}

void rowset_reset_base(struct rowset *rs)
{
	rs->base_pending = true;
}

void rowset_set_own(struct rowset *rs, bool own)
{
	rs->own = own;
}

void rowset_set_recorded(struct rowset *rs, bool recorded)
{
	rs->recorded = recorded;
}

void rowset_set_prev(struct rowset *rs, const struct table *t, const void *rows,
		     size_t n, size_t nhidden, size_t row_size, double mono,
		     double wall, const struct meminfo *mi, const uint64_t *tot,
		     const bool *have_tot)
{
	const struct table *bt = rs->table;
	const void *brows = rs->rows;
	size_t bn = rs->nrows, bsize = rs->row_size;
	bool have_base = rs->have_base, pending = rs->base_pending;
	struct rs_reading last;

	if (rows) {
		/* taken as the last reading (never the baseline), then
		 * put before the one that was last */
		rs->have_base = true;
		rs->base_pending = false;
		rowset_update(rs, t, rows, n, nhidden, row_size, mono, wall, mi,
			      tot, have_tot);
		rs->have_base = have_base;
		rs->base_pending = pending;
		last = rs->prev;
		rs->prev = rs->cur;
		rs->cur = last;
	}
	rs->have_prev = rows != NULL;
	find_gone(rs);
	rowset_bind(rs, bt, brows, bn, bsize);
}

void rowset_set_mode(struct rowset *rs, enum delta_mode m)
{
	rs->mode = m < DELTA_MODE_COUNT ? m : DELTA_PREV;
}

const struct rs_reading *rowset_ref(const struct rowset *rs)
{
	if (rs->mode == DELTA_BASE)
		return rs->have_base ? &rs->base : NULL;
	return rs->have_prev ? &rs->prev : NULL;
}

size_t rowset_ref_row(const struct rowset *rs, size_t i)
{
	if (i >= rs->nrows || !rowset_ref(rs))
		return SIZE_MAX;
	return rs->mode == DELTA_BASE ? rs->ref_base[i] : rs->ref_prev[i];
}

/* Seconds between the reference and the last reading (rate mode). */
static double interval(const struct rowset *rs)
{
	return rs->have_prev ? rs->cur.mono - rs->prev.mono : 0;
}

/* now - then of two values of one column as a delta's value (table.h's
 * value_delta: absent, a change, or per second). */
static void difference(const struct rowset *rs, const struct value *now,
		       const struct value *then, struct value *out)
{
	bool rate = rs->mode == DELTA_RATE;
	double dt = interval(rs);
	int64_t change = 0;
	double fchange;

	out->kind = V_NONE;
	out->i = 0;
	if (now->kind != then->kind)
		return;
	switch (now->kind) {
	case V_U64: /* wraps as the kernel's counters do */
		change = (int64_t)(now->u - then->u);
		fchange = (double)change;
		break;
	case V_I64:
		change = (int64_t)((uint64_t)now->i - (uint64_t)then->i);
		fchange = (double)change;
		break;
	case V_F64:
		fchange = now->f - then->f;
		if (!rate) {
			out->kind = V_F64;
			out->f = fchange;
			return;
		}
		break;
	default:
		return;
	}
	if (rate && !(dt > 0))
		return;
	value_delta(true, rate, change, rate ? fchange / dt : 0, out);
}

/* The index of c in the bound table, or SIZE_MAX. */
static size_t col_index(const struct rowset *rs, const struct column *c)
{
	const struct table *t = rs->table;

	if (t && c >= t->cols && c < t->cols + t->ncols)
		return (size_t)(c - t->cols);
	return t ? (size_t)table_find_key(t, c->key) : SIZE_MAX;
}

void rowset_change(const struct rowset *rs, const struct column *c, size_t i,
		   struct value *out)
{
	const struct rs_reading *r = rowset_ref(rs);
	size_t j = rowset_ref_row(rs, i), k = col_index(rs, c), pos;
	struct value now, then;

	out->kind = V_NONE;
	out->i = 0;
	if (!r || j == SIZE_MAX || k == SIZE_MAX || r->table != rs->table)
		return;
	pos = kept_pos(r, k);
	if (pos == SIZE_MAX)
		return;
	col_get(c, (const char *)rs->rows + i * rs->row_size, &now);
	reading_value(r, j, pos, &then);
	difference(rs, &now, &then, out);
}

void rowset_value(const struct rowset *rs, const struct column *c, size_t i,
		  struct value *out)
{
	int k;

	if (i >= rs->nrows) {
		out->kind = V_NONE;
		out->i = 0;
		return;
	}
	if (rs->own || !(c->flags & COL_DELTA) || c->get || !c->delta_of) {
		col_get(c, (const char *)rs->rows + i * rs->row_size, out);
		return;
	}
	k = -1;
	for (size_t x = 0; rs->table && x < rs->table->ncols; x++)
		if (rs->table->cols[x].json &&
		    !strcmp(rs->table->cols[x].json, c->delta_of) &&
		    !(rs->table->cols[x].flags & COL_DELTA)) {
			k = (int)x;
			break;
		}
	if (k < 0) {
		out->kind = V_NONE;
		out->i = 0;
		return;
	}
	rowset_change(rs, &rs->table->cols[k], i, out);
}

bool rowset_then(const struct rowset *rs, const struct column *c, size_t i,
		 struct value *out)
{
	const struct rs_reading *r = rowset_ref(rs);
	size_t j = rowset_ref_row(rs, i), k = col_index(rs, c), pos;

	out->kind = V_NONE;
	out->i = 0;
	if (!r || j == SIZE_MAX || k == SIZE_MAX || r->table != rs->table)
		return false;
	pos = kept_pos(r, k);
	if (pos == SIZE_MAX)
		return false;
	reading_value(r, j, pos, out);
	return out->kind != V_NONE;
}

bool rowset_rose(const struct rowset *rs, const struct column *c, size_t i)
{
	size_t j, k, pos;
	struct value now, then;

	if (rs->own || i >= rs->nrows || !rs->have_base ||
	    rs->base.table != rs->table)
		return false;
	j = rs->ref_base[i];
	k = col_index(rs, c);
	pos = k == SIZE_MAX ? SIZE_MAX : kept_pos(&rs->base, k);
	if (j == SIZE_MAX || pos == SIZE_MAX)
		return false;
	col_get(c, (const char *)rs->rows + i * rs->row_size, &now);
	reading_value(&rs->base, j, pos, &then);
	return value_cmp(&now, &then) > 0 && now.kind == then.kind;
}

bool rowset_is_new(const struct rowset *rs, size_t i)
{
	return !rs->own && i < rs->nrows && rs->have_base && rs->base.table == rs->table &&
	       rs->ref_base[i] == SIZE_MAX;
}

void rowset_gone_value(const struct rowset *rs, size_t g,
		       const struct column *c, struct value *out)
{
	size_t k = col_index(rs, c), pos;

	out->kind = V_NONE;
	out->i = 0;
	if (g >= rs->ngone || k == SIZE_MAX)
		return;
	pos = kept_pos(&rs->prev, k);
	if (pos != SIZE_MAX)
		reading_value(&rs->prev, rs->gone[g], pos, out);
}

/* now - then against the reference, per second in rate mode */
static bool scalar_change(const struct rowset *rs, uint64_t now, uint64_t then,
			  double *change, bool *rate)
{
	double d = (double)(int64_t)(now - then);

	*rate = rs->mode == DELTA_RATE;
	if (*rate) {
		double dt = interval(rs);
		if (!(dt > 0))
			return false;
		d /= dt;
	}
	*change = d;
	return true;
}

bool rowset_mi_change(const struct rowset *rs, enum mi_field f, double *change,
		      bool *rate)
{
	const struct rs_reading *r = rowset_ref(rs);

	if (!r || !rs->cur.have_mi || !r->have_mi || f >= MI_COUNT ||
	    !rs->cur.mi.have[f] || !r->mi.have[f])
		return false;
	return scalar_change(rs, rs->cur.mi.bytes[f], r->mi.bytes[f], change,
			     rate);
}

bool rowset_total_change(const struct rowset *rs, size_t k, double *change,
			 bool *rate)
{
	const struct rs_reading *r = rowset_ref(rs);

	if (!r || k >= RS_TOTALS || !rs->cur.have_tot[k] || !r->have_tot[k])
		return false;
	return scalar_change(rs, rs->cur.tot[k], r->tot[k], change, rate);
}

void rowset_describe(const struct rowset *rs, struct sbuf *out)
{
	char when[64];
	time_t t;
	struct tm tm;

	if (rs->recorded && rs->mode == DELTA_PREV) {
		sbuf_addf(out, "since the previous snapshot");
		return;
	}
	if (rs->mode != DELTA_BASE || !rs->have_base) {
		sbuf_addf(out, "%s", delta_mode_name(rs->mode));
		return;
	}
	t = (time_t)rs->base.wall;
	if (!isfinite(rs->base.wall) ||
	    !(rs->recorded ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) ||
	    tm.tm_year < 70 || tm.tm_year > 300 ||
	    !strftime(when, sizeof(when), "%H:%M:%S", &tm)) {
		sbuf_addf(out, "since baseline");
		return;
	}
	sbuf_addf(out, "since %s%s", when, rs->recorded ? " UTC" : "");
}

/* table_sort_by's getter: a bound row's value, deltas included */
static void get_value(const void *ctx, const struct column *c, size_t i,
		      struct value *out)
{
	rowset_value(ctx, c, i, out);
}

void rowset_sort(const struct rowset *rs, const struct column *c, bool desc,
		 size_t *idx, size_t n)
{
	table_sort_by(c, desc, get_value, rs, idx, n);
}
