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

/* A kind byte of a block column: its rows' kinds differ, each has its
 * own byte. */
enum { RS_MIXED = 0xff };

/* One kept column of a block. Padding included, the bytes are all set
 * (blocks are compared byte by byte). */
struct rs_col {
	uint64_t base;	/* the least value's bits */
	uint32_t off;	/* where its rows' distances from base start */
	uint32_t kinds; /* where its rows' kinds start (RS_MIXED) */
	uint8_t width;	/* bytes per distance: 0, 1, 2, 4 or 8 */
	uint8_t kind;	/* every row's enum val_kind, or RS_MIXED */
	uint8_t pad[6];
};

struct rs_block {
	size_t refs;
	/* from here on compared: */
	size_t size;	     /* bytes of col and the data after it */
	size_t n;	     /* rows */
	struct rs_col col[]; /* one per kept column, then the data */
};

struct rs_text {
	size_t refs;
	struct sbuf s;
};

static void block_drop(struct rs_block *b)
{
	if (b && !--b->refs)
		free(b);
}

static size_t reading_nblocks(const struct rs_reading *r)
{
	return (r->nrows + RS_BLOCK - 1) / RS_BLOCK;
}

/* Let go of the reading's rows (blocks and text); the arrays stay. */
static void reading_drop(struct rs_reading *r)
{
	for (size_t b = 0; b < reading_nblocks(r); b++)
		block_drop(r->blocks[b]);
	if (r->text && !--r->text->refs) {
		sbuf_free(&r->text->s);
		free(r->text);
	}
	r->text = NULL;
	r->nrows = 0;
	/* an index is as big as the rows: none kept for the next reading */
	r->indexed = false;
	keyindex_free(&r->ix);
}

static void reading_clear(struct rs_reading *r)
{
	reading_drop(r);
	r->table = NULL;
	r->nkept = r->nid = 0;
	r->have_mi = false;
	memset(r->have_tot, 0, sizeof(r->have_tot));
}

static void reading_free(struct rs_reading *r)
{
	reading_drop(r);
	free(r->kept);
	free(r->id);
	free(r->blocks);
	keyindex_free(&r->ix);
	memset(r, 0, sizeof(*r));
}

/* The table's kept columns, and room for n rows of them. */
static void reading_size(struct rs_reading *r, const struct table *t, size_t n)
{
	size_t cap;

	reading_drop(r);
	r->table = t;
	r->nkept = r->nid = 0;
	cap = r->cap_kept; /* the two grow alike */
	xgrow((void **)&r->kept, &cap, t->ncols ? t->ncols : 1,
	      sizeof(*r->kept));
	cap = r->cap_kept;
	xgrow((void **)&r->id, &cap, t->ncols ? t->ncols : 1, sizeof(*r->id));
	r->cap_kept = cap;
	for (size_t k = 0; k < t->ncols; k++) {
		if (!kept_col(&t->cols[k]))
			continue;
		if (t->cols[k].flags & COL_ID)
			r->id[r->nid++] = r->nkept;
		r->kept[r->nkept++] = k;
	}
	xgrow((void **)&r->blocks, &r->cap_blocks,
	      (n + RS_BLOCK - 1) / RS_BLOCK + 1, sizeof(*r->blocks));
	r->nrows = n;
}

static const uint8_t *block_data(const struct rs_block *b, size_t nkept)
{
	return (const uint8_t *)&b->col[nkept];
}

static void reading_value(const struct rs_reading *r, size_t row, size_t pos,
			  struct value *out)
{
	const struct rs_block *b = r->blocks[row / RS_BLOCK];
	const struct rs_col *c = &b->col[pos];
	const uint8_t *d = block_data(b, r->nkept);
	size_t i = row % RS_BLOCK;
	uint64_t x = 0;
	uint16_t x16;
	uint32_t x32;

	switch (c->width) {
	case 1:
		x = d[c->off + i];
		break;
	case 2:
		memcpy(&x16, d + c->off + 2 * i, 2);
		x = x16;
		break;
	case 4:
		memcpy(&x32, d + c->off + 4 * i, 4);
		x = x32;
		break;
	case 8:
		memcpy(&x, d + c->off + 8 * i, 8);
		break;
	default:
		break;
	}
	x += c->base;
	out->kind = (enum val_kind)(c->kind == RS_MIXED ? d[c->kinds + i]
							: c->kind);
	switch (out->kind) {
	case V_U64:
		out->u = x;
		break;
	case V_I64:
		out->i = (int64_t)x;
		break;
	case V_F64:
		memcpy(&out->f, &x, sizeof(out->f));
		break;
	case V_STR:
		out->s = r->text->s.s + x;
		break;
	default:
		out->kind = V_NONE;
		out->u = 0;
		break;
	}
}

struct str_key {
	const char *s;
	size_t n;
};

static bool str_eq(const void *owner, size_t i, const void *key)
{
	const struct rowset *rs = owner;
	const struct str_key *k = key;
	const char *s = rs->text.s + rs->str_off[i];

	return !strncmp(s, k->s, k->n) && !s[k->n];
}

/* The offset of string s in the text being made, added once. */
static uint64_t intern(struct rowset *rs, const char *s)
{
	struct str_key k = { s, strlen(s) };
	uint64_t h = hash_bytes(s, k.n);
	size_t i = keyindex_find(&rs->strs, h, &k, str_eq, rs);

	if (i != SIZE_MAX)
		return rs->str_off[i];
	xgrow((void **)&rs->str_off, &rs->str_cap, rs->nstrs + 1,
	      sizeof(*rs->str_off));
	rs->str_off[rs->nstrs] = rs->text.len;
	sbuf_add(&rs->text, s, k.n + 1);
	keyindex_add(&rs->strs, h, &k, str_eq, rs);
	return rs->str_off[rs->nstrs++];
}

static uint8_t width_of(uint64_t range)
{
	return range == 0	     ? 0
	       : range <= UINT8_MAX  ? 1
	       : range <= UINT16_MAX ? 2
	       : range <= UINT32_MAX ? 4
				     : 8;
}

/* Column k of the n rows gathered: its least value, whether its kinds
 * differ, and the bytes a distance from the least value needs. */
static uint8_t col_span(const struct rowset *rs, size_t k, size_t n,
			uint64_t *lo, bool *mixed)
{
	const uint64_t *v = &rs->vals[k * RS_BLOCK];
	const uint8_t *kd = &rs->kinds[k * RS_BLOCK];
	uint64_t hi = v[0];

	*lo = v[0];
	*mixed = false;
	for (size_t i = 1; i < n; i++) {
		*lo = v[i] < *lo ? v[i] : *lo;
		hi = v[i] > hi ? v[i] : hi;
		*mixed = *mixed || kd[i] != kd[0];
	}
	return width_of(hi - *lo);
}

/* Pack the values and kinds gathered in rs->vals and rs->kinds (nkept
 * columns of n rows) as a block in rs->scratch. */
static void block_pack(struct rowset *rs, size_t nkept, size_t n)
{
	size_t size = nkept * sizeof(struct rs_col);
	struct rs_block *b;
	uint8_t *d;

	for (size_t k = 0; k < nkept; k++) {
		uint64_t lo;
		bool mixed;
		uint8_t w = col_span(rs, k, n, &lo, &mixed);

		size += n * w + (mixed ? n : 0);
	}
	sbuf_reset(&rs->scratch);
	sbuf_fill(&rs->scratch, 0, sizeof(*b) + size);
	b = (struct rs_block *)(void *)rs->scratch.s;
	b->size = size;
	b->n = n;
	d = (uint8_t *)&b->col[nkept];
	size = 0;
	for (size_t k = 0; k < nkept; k++) {
		const uint64_t *v = &rs->vals[k * RS_BLOCK];
		const uint8_t *kd = &rs->kinds[k * RS_BLOCK];
		struct rs_col *c = &b->col[k];
		uint64_t lo;
		bool mixed;

		c->width = col_span(rs, k, n, &lo, &mixed);
		c->base = lo;
		c->kind = mixed ? RS_MIXED : kd[0];
		c->off = (uint32_t)size;
		for (size_t i = 0; i < n; i++) {
			uint64_t x = v[i] - lo;
			uint16_t x16 = (uint16_t)x;
			uint32_t x32 = (uint32_t)x;

			switch (c->width) {
			case 1:
				d[size + i] = (uint8_t)x;
				break;
			case 2:
				memcpy(d + size + 2 * i, &x16, 2);
				break;
			case 4:
				memcpy(d + size + 4 * i, &x32, 4);
				break;
			case 8:
				memcpy(d + size + 8 * i, &x, 8);
				break;
			default:
				break;
			}
		}
		size += n * c->width;
		c->kinds = (uint32_t)size;
		if (mixed) {
			memcpy(d + size, kd, n);
			size += n;
		}
	}
}

/* The block packed in rs->scratch: like's if that holds the same bytes
 * (shared), else a copy. */
static struct rs_block *block_keep(struct rowset *rs, struct rs_block *like)
{
	const struct rs_block *b = (const void *)rs->scratch.s;
	size_t cmp = sizeof(*b) - offsetof(struct rs_block, size) + b->size;
	struct rs_block *kept;

	if (like && like->size == b->size &&
	    !memcmp(&like->size, &b->size, cmp)) {
		like->refs++;
		return like;
	}
	kept = xmalloc(sizeof(*b) + b->size);
	memcpy(kept, b, sizeof(*b) + b->size);
	kept->refs = 1;
	return kept;
}

/* Keep rows[0..n) of table t; like: the reading before it, whose
 * blocks and text it shares where they hold the same bytes. */
static void reading_take(struct rowset *rs, struct rs_reading *r,
			 const struct rs_reading *like, const struct table *t,
			 const void *rows, size_t n, size_t row_size)
{
	size_t cap, nk;
	/* the text made so far equals the start of like's: a block whose
	 * bytes equal like's means the same strings */
	bool same_text;

	reading_size(r, t, n);
	nk = r->nkept;
	cap = rs->vals_cap;
	xgrow((void **)&rs->vals, &cap, nk * RS_BLOCK + 1, sizeof(*rs->vals));
	rs->vals_cap = cap;
	xgrow((void **)&rs->kinds, &rs->kinds_cap, nk * RS_BLOCK + 1, 1);
	if (like && (like->table != t || !like->text))
		like = NULL;
	same_text = like != NULL;
	keyindex_reset(&rs->strs);
	rs->nstrs = 0;
	sbuf_reset(&rs->text);
	sbuf_addc(&rs->text, 0); /* offset 0: "", and a text never empty */
	for (size_t b0 = 0; b0 < n; b0 += RS_BLOCK) {
		size_t m = n - b0 < RS_BLOCK ? n - b0 : RS_BLOCK;
		size_t checked = rs->text.len;

		for (size_t i = 0; i < m; i++) {
			const void *row =
				(const char *)rows + (b0 + i) * row_size;

			for (size_t k = 0; k < nk; k++) {
				uint64_t *cell = &rs->vals[k * RS_BLOCK + i];
				uint8_t *kind = &rs->kinds[k * RS_BLOCK + i];
				struct value v;

				col_get(&t->cols[r->kept[k]], row, &v);
				*kind = (uint8_t)v.kind;
				switch (v.kind) {
				case V_U64:
					*cell = v.u;
					break;
				case V_I64:
					*cell = (uint64_t)v.i;
					break;
				case V_F64:
					memcpy(cell, &v.f, sizeof(v.f));
					break;
				case V_STR:
					if (v.s) {
						*cell = intern(rs, v.s);
						break;
					}
					/* fall through */
				default:
					*kind = V_NONE;
					*cell = 0;
					break;
				}
			}
		}
		if (same_text && rs->text.len > checked)
			same_text = rs->text.len <= like->text->s.len &&
				    !memcmp(rs->text.s + checked,
					    like->text->s.s + checked,
					    rs->text.len - checked);
		block_pack(rs, nk, m);
		r->blocks[b0 / RS_BLOCK] = block_keep(
			rs, same_text && b0 / RS_BLOCK < reading_nblocks(like)
				    ? like->blocks[b0 / RS_BLOCK]
				    : NULL);
	}
	if (same_text && rs->text.len == like->text->s.len) {
		r->text = like->text;
		r->text->refs++;
	} else {
		r->text = xcalloc(1, sizeof(*r->text));
		r->text->refs = 1;
		sbuf_add(&r->text->s, rs->text.s, rs->text.len);
	}
}

/* to shares from's rows. */
static void reading_copy(struct rs_reading *to, const struct rs_reading *from)
{
	reading_size(to, from->table, from->nrows);
	for (size_t b = 0; b < reading_nblocks(from); b++) {
		to->blocks[b] = from->blocks[b];
		to->blocks[b]->refs++;
	}
	to->text = from->text;
	if (to->text)
		to->text->refs++;
	to->nshown = from->nshown;
	to->mono = from->mono;
	to->wall = from->wall;
	to->mi = from->mi;
	to->have_mi = from->have_mi;
	memcpy(to->tot, from->tot, sizeof(to->tot));
	memcpy(to->have_tot, from->have_tot, sizeof(to->have_tot));
}

/* Column index k's place among the reading's kept columns, or SIZE_MAX. */
static size_t kept_pos(const struct rs_reading *r, size_t k)
{
	for (size_t p = 0; p < r->nkept; p++)
		if (r->kept[p] == k)
			return p;
	return SIZE_MAX;
}

/* ---- identities ---------------------------------------------------------- */

/* A row whose identity is looked for: a row of a model (row) read
 * through r's table, or row i of reading r. */
struct id_key {
	const struct rs_reading *r;
	const void *row;
	size_t i;
};

/* Identity column p (of r->id) of the row: as table_row_id writes it,
 * a string ("" for none) or a number. */
static void id_value(const struct id_key *k, size_t p, struct value *v)
{
	if (k->row)
		col_get(&k->r->table->cols[k->r->kept[k->r->id[p]]], k->row, v);
	else
		reading_value(k->r, k->i, k->r->id[p], v);
	if (v->kind == V_I64)
		v->kind = V_U64;
	else if (v->kind != V_U64) {
		if (v->kind != V_STR || !v->s)
			v->s = "";
		v->kind = V_STR;
	}
}

static uint64_t id_hash(const struct id_key *k)
{
	uint64_t h = 0;

	for (size_t p = 0; p < k->r->nid; p++) {
		struct value v;

		id_value(k, p, &v);
		h = hash_mix(h, v.kind == V_STR ? hash_bytes(v.s, strlen(v.s))
						: v.u);
	}
	return h;
}

static bool id_same(const struct id_key *a, const struct id_key *b)
{
	for (size_t p = 0; p < a->r->nid; p++) {
		struct value x, y;

		id_value(a, p, &x);
		id_value(b, p, &y);
		if (x.kind != y.kind ||
		    (x.kind == V_STR ? strcmp(x.s, y.s) != 0 : x.u != y.u))
			return false;
	}
	return true;
}

static bool id_eq(const void *owner, size_t i, const void *key)
{
	struct id_key e = { owner, NULL, i };

	return id_same(&e, key);
}

static void reading_index(struct rs_reading *r)
{
	if (r->indexed)
		return;
	keyindex_reset(&r->ix);
	for (size_t i = 0; i < r->nrows; i++) {
		struct id_key k = { r, NULL, i };
		keyindex_add(&r->ix, id_hash(&k), &k, id_eq, r);
	}
	r->indexed = true;
}

/* Pair the n rows of from (a model's rows, or a reading's: from_rows
 * NULL) with reading r, n-th with n-th of an identity: ref[i] row i's
 * row there or SIZE_MAX; paired[j] (when not NULL) whether r's row j
 * was taken. Rows that hold their identities in the same order as r's
 * are paired in place, without an index. */
static void pair_rows(struct rs_reading *r, const struct rs_reading *from,
		      const void *from_rows, size_t n, size_t row_size,
		      size_t *ref, bool *paired, size_t np)
{
	struct keymatch km = { 0 };
	size_t i = 0;

	if (n <= r->nrows) {
		for (; i < n; i++) {
			struct id_key a = { from,
					    from_rows
						    ? (const char *)from_rows +
							      i * row_size
						    : NULL,
					    i };
			struct id_key b = { r, NULL, i };

			/* a block shared is the same identities */
			if (!from_rows && i % RS_BLOCK == 0 &&
			    from->blocks[i / RS_BLOCK] ==
				    r->blocks[i / RS_BLOCK]) {
				size_t m = n - i < RS_BLOCK ? n - i : RS_BLOCK;
				for (size_t x = 0; x < m; x++)
					ref[i + x] = i + x;
				i += m - 1;
				continue;
			}
			if (!id_same(&a, &b))
				break;
			ref[i] = i;
		}
	}
	if (i == n) {
		for (size_t j = 0; paired && j < np; j++)
			paired[j] = j < n;
		return;
	}
	reading_index(r);
	keymatch_begin(&km, &r->ix);
	for (i = 0; i < n; i++) {
		struct id_key k = { from,
				    from_rows ? (const char *)from_rows +
							i * row_size
					      : NULL,
				    i };
		ref[i] = keymatch_next(&km, &r->ix,
				       keyindex_find(&r->ix, id_hash(&k), &k,
						     id_eq, r));
	}
	for (size_t j = 0; paired && j < np; j++)
		paired[j] = km.paired[j];
	keymatch_free(&km);
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
	keyindex_free(&rs->strs);
	free(rs->str_off);
	sbuf_free(&rs->text);
	free(rs->vals);
	free(rs->kinds);
	memset(rs, 0, sizeof(*rs));
}

/* Room for n bound rows' references. */
static void refs_size(struct rowset *rs, size_t n)
{
	size_t cap = rs->cap; /* the two grow alike */

	xgrow((void **)&rs->ref_prev, &cap, n + 1, sizeof(*rs->ref_prev));
	cap = rs->cap;
	xgrow((void **)&rs->ref_base, &cap, n + 1, sizeof(*rs->ref_base));
	rs->cap = cap;
}

void rowset_bind(struct rowset *rs, const struct table *t, const void *rows,
		 size_t n, size_t row_size)
{
	/* the same rows bound again since the last reading: paired */
	if (rs->bound_gen == rs->gen && rs->table == t && rs->rows == rows &&
	    rs->nrows == n && rs->row_size == row_size && rs->gen)
		return;
	rs->table = t;
	rs->rows = rows;
	rs->nrows = n;
	rs->row_size = row_size;
	rs->bound_gen = rs->gen;
	/* the same reading seen through other columns (the vmalloc
	 * grouping): keep it so, and measure from it from now on */
	if (rs->have_cur && rs->cur.table != t) {
		reading_take(rs, &rs->cur, NULL, t, rows, n, row_size);
		rs->cur.nshown = n;
		rs->have_prev = false;
		rs->have_base = !rs->no_base;
		if (rs->have_base)
			reading_copy(&rs->base, &rs->cur);
	}
	refs_size(rs, n);
	for (size_t i = 0; i < n; i++)
		rs->ref_prev[i] = rs->ref_base[i] = SIZE_MAX;
	if (rs->have_prev && rs->prev.table == t)
		pair_rows(&rs->prev, &rs->prev, rows, n, row_size, rs->ref_prev,
			  NULL, 0);
	else
		rs->ngone = 0;
	if (rs->have_base && rs->base.table == t)
		pair_rows(&rs->base, &rs->base, rows, n, row_size, rs->ref_base,
			  NULL, 0);
}

/* The rows of the previous reading the last one lacks (by identity, n-th
 * with n-th): gone. A row that was hidden is not gone: it was never
 * shown; one hidden now is not gone either: it is still there. The
 * pairing of the last reading's rows is ref (its first nshown rows are
 * the rows bound). */
static void find_gone(struct rowset *rs, size_t *ref)
{
	struct rs_reading *p = &rs->prev;
	const struct rs_reading *c = &rs->cur;
	bool *paired;

	rs->ngone = 0;
	if (!rs->have_prev || p->table != c->table)
		return;
	paired = xmalloc(p->nrows + 1);
	pair_rows(p, c, NULL, c->nrows, 0, ref, paired, p->nrows);
	for (size_t j = 0; j < p->nshown; j++) {
		if (paired[j])
			continue;
		xgrow((void **)&rs->gone, &rs->gone_cap, rs->ngone + 1,
		      sizeof(*rs->gone));
		rs->gone[rs->ngone++] = j;
	}
	free(paired);
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
	reading_take(rs, &rs->cur, rs->have_prev ? &rs->prev : NULL, t, rows,
		     n + nhidden, row_size);
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
	if (rs->no_base) {
		reading_clear(&rs->base);
		rs->have_base = false;
	} else if (!rs->have_base || rs->base_pending) {
		reading_copy(&rs->base, &rs->cur);
		rs->have_base = true;
		rs->base_pending = false;
	}
	/* the rows read are the rows bound: paired once, here, reading
	 * with reading */
	rs->gen++;
	rs->table = t;
	rs->rows = rows;
	rs->nrows = n;
	rs->row_size = row_size;
	rs->bound_gen = rs->gen;
	refs_size(rs, n + nhidden);
	for (size_t i = 0; i < n + nhidden; i++)
		rs->ref_prev[i] = rs->ref_base[i] = SIZE_MAX;
	find_gone(rs, rs->ref_prev);
	if (rs->have_base && rs->base.table == t)
		pair_rows(&rs->base, &rs->cur, NULL, n + nhidden, 0,
			  rs->ref_base, NULL, 0);
}

void rowset_reset_base(struct rowset *rs)
{
	rs->base_pending = true;
}

void rowset_set_no_base(struct rowset *rs, bool no_base)
{
	rs->no_base = no_base;
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
	if (rs->have_prev) { /* the last reading's pairing, for gone only:
			      * rowset_bind pairs the bound rows below */
		size_t *ref = xmalloc((rs->cur.nrows + 1) * sizeof(*ref));
		find_gone(rs, ref);
		free(ref);
	} else {
		rs->ngone = 0;
	}
	rs->rows = NULL; /* bound again, whatever was bound last */
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
	if (!(c->flags & COL_DELTA) || c->get || !c->delta_of) {
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

	if (i >= rs->nrows || !rs->have_base ||
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
	return i < rs->nrows && rs->have_base &&
	       rs->base.table == rs->table && rs->ref_base[i] == SIZE_MAX;
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
