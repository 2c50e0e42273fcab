/*
 * view.c - formatting, lookup and sorting over column tables.
 *
 * Knows nothing of slabs, curses or JSON: a view's module supplies the
 * table and the rows.
 */
#include "table.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void value_delta(bool has_ref, bool rate, int64_t change, double per_second,
		 struct value *out)
{
	if (!has_ref) {
		out->kind = V_NONE;
		out->i = 0;
	} else if (rate) {
		out->kind = V_F64;
		out->f = per_second;
	} else {
		out->kind = V_I64;
		out->i = change;
	}
}

void col_get(const struct column *c, const void *row, struct value *out)
{
	const char *p = (const char *)row + c->off;

	if (c->get) {
		c->get(row, out);
		return;
	}
	if (c->kind == V_VALUE) {
		memcpy(out, p, sizeof(*out));
		return;
	}
	out->kind = c->kind;
	switch (c->kind) {
	case V_U64:
		memcpy(&out->u, p, sizeof(out->u));
		break;
	case V_I64:
		memcpy(&out->i, p, sizeof(out->i));
		break;
	case V_F64:
		memcpy(&out->f, p, sizeof(out->f));
		break;
	case V_STR:
		memcpy(&out->s, p, sizeof(out->s));
		if ((c->flags & COL_MAYBE) && (!out->s || !out->s[0]))
			out->kind = V_NONE;
		return;
	default:
		return;
	}
	if ((c->flags & COL_MAYBE) &&
	    !*(const bool *)((const char *)row + c->have))
		out->kind = V_NONE;
}

int col_cells(const struct column *c)
{
	switch (c->fmt) {
	case F_PERCENT:
	case F_KIB2:
	case F_KIB:
		return c->width + 1;
	default:
		return c->width;
	}
}

static void pad(struct sbuf *out, int n)
{
	if (n > 0)
		sbuf_fill(out, ' ', (size_t)n);
}

/* A cell with nothing to show, n cells wide: blank, or with CELL_FILL
 * what (right-aligned; left when left is true). */
static void empty_cell(struct sbuf *out, int n, unsigned flags,
		       const char *what, bool left)
{
	int k = (int)strlen(what);

	if (!(flags & CELL_FILL)) {
		pad(out, n);
		return;
	}
	if (!left)
		pad(out, n - k);
	sbuf_add(out, what, (size_t)k);
	if (left)
		pad(out, n - k);
}

static void fmt_delta(struct sbuf *out, const struct value *v, int w,
		      double scale, const char *suffix, unsigned flags)
{
	double d = v->kind == V_F64 ? v->f : (double)v->i;
	char tmp[64];

	if (v->kind == V_NONE) {
		empty_cell(out, w + (int)strlen(suffix), flags, "-", false);
		return;
	}
	if (d == 0) {
		snprintf(tmp, sizeof(tmp), "0%s", suffix);
		empty_cell(out, w + (int)strlen(suffix), flags, tmp, false);
		return;
	}
	d /= scale;
	if (v->kind == V_F64)
		snprintf(tmp, sizeof(tmp), "%+.1f%s", d, suffix);
	else if (scale == 1)
		snprintf(tmp, sizeof(tmp), "%+" PRId64 "%s", v->i, suffix);
	else
		snprintf(tmp, sizeof(tmp), "%+.0f%s", trunc(d), suffix);
	sbuf_addf(out, "%*s", w + (int)strlen(suffix), tmp);
}

/* digits of v, right-aligned in w cells, then suffix: printf's
 * "%*" PRIu64 without printf's cost (these are most of every table) */
static void add_u64(struct sbuf *out, uint64_t v, int w, const char *suffix)
{
	char tmp[24];
	int n = 0;

	do
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < (int)sizeof(tmp));
	pad(out, w - n);
	sbuf_add(out, tmp + sizeof(tmp) - n, (size_t)n);
	sbuf_add(out, suffix, strlen(suffix));
}

/* bytes / 1024 with two decimals, rounded as printf's "%.2f" rounds the
 * exact binary value (ties to even): bytes / 1024 * 100 = bytes * 25 /
 * 256, so the quotient and remainder are exact in integers. */
static void add_kib2(struct sbuf *out, uint64_t bytes, int w)
{
	uint64_t x, q, r;
	char tmp[5];

	if (bytes >= (UINT64_C(1) << 53) / 25) {
		sbuf_addf(out, "%*.2fK", w, (double)bytes / 1024.0);
		return;
	}
	x = bytes * 25;
	q = x >> 8;
	r = x & 255;
	if (r > 128 || (r == 128 && (q & 1)))
		q++;
	tmp[0] = '.';
	tmp[1] = (char)('0' + q / 10 % 10);
	tmp[2] = (char)('0' + q % 10);
	tmp[3] = 'K';
	tmp[4] = '\0';
	add_u64(out, q / 100, w - 3, tmp);
}

/* bytes in human units (CELL_HUMAN), sign first when signed, right-aligned
 * in n cells */
static void add_human(struct sbuf *out, double bytes, bool sign, int n)
{
	char num[32], tmp[40];
	double a = bytes < 0 ? -bytes : bytes;

	format_scaled(a, true, num, sizeof(num));
	snprintf(tmp, sizeof(tmp), "%s%s%s",
		 bytes < 0 ? "-"
		 : !sign   ? ""
			   : "+",
		 num, a < 1024 ? "B" : "");
	sbuf_addf(out, "%*s", n, tmp);
}

size_t col_format(const struct column *c, const struct value *v,
		  struct sbuf *out, int max_cells, unsigned flags)
{
	int w = c->width;
	size_t start = out->len;

	/* an absent number (COL_MAYBE, a getter's V_NONE): blank */
	if (v->kind == V_NONE && c->fmt != F_TEXT && c->fmt != F_RENDER &&
	    c->fmt != F_DELTA && c->fmt != F_DELTA_KIB) {
		empty_cell(out, col_cells(c), flags, "-", false);
		return out->len - start;
	}
	if ((flags & CELL_HUMAN) && (c->fmt == F_KIB || c->fmt == F_KIB2) &&
	    (v->kind == V_U64 || v->kind == V_I64)) {
		add_human(out, v->kind == V_I64 ? (double)v->i : (double)v->u,
			  false, col_cells(c));
		return out->len - start;
	}
	if ((flags & CELL_HUMAN) && c->fmt == F_DELTA_KIB &&
	    (v->kind == V_I64 || v->kind == V_F64) &&
	    (v->kind == V_I64 ? v->i != 0 : v->f != 0)) {
		/* a change, or per second (the status line says which) */
		add_human(out, v->kind == V_I64 ? (double)v->i : v->f, true,
			  col_cells(c));
		return out->len - start;
	}
	switch (c->fmt) {
	case F_COUNT:
		add_u64(out, v->u, w, "");
		break;
	case F_PERCENT:
		add_u64(out, v->u, w, "%");
		break;
	case F_KIB2:
		add_kib2(out, v->u, w);
		break;
	case F_KIB: /* a signed size (a remainder) may be below zero */
		if (v->kind == V_I64 && v->i < 0)
			sbuf_addf(out, "%*" PRId64 "K", w, v->i / 1024);
		else
			add_u64(out, v->u / 1024, w, "K");
		break;
	case F_DELTA:
		fmt_delta(out, v, w, 1, "", flags);
		break;
	case F_DELTA_KIB:
		fmt_delta(out, v, w - 1, 1024, "K", flags);
		break;
	case F_HEX:
		if (v->kind == V_U64) {
			char tmp[24];
			snprintf(tmp, sizeof(tmp), "0x%" PRIx64, v->u);
			sbuf_addf(out, "%*s", w, tmp);
		} else {
			empty_cell(out, w, flags, "-", false);
		}
		break;
	case F_RENDER: {
		size_t before = out->len;
		c->render(v, out);
		if (out->len == before && (flags & CELL_FILL))
			sbuf_addc(out, '-');
		if (out->len - before < (size_t)w)
			pad(out, w - (int)(out->len - before));
		break;
	}
	case F_INT:
		if (v->kind == V_I64)
			sbuf_addf(out, "%*" PRId64, w, v->i);
		else
			empty_cell(out, w, flags, "-", false);
		break;
	case F_PCT1:
		sbuf_addf(out, "%*.1f", w, v->kind == V_F64 ? v->f : 0.0);
		break;
	case F_TEXT: {
		const char *s = v->kind == V_STR && v->s ? v->s : "";
		size_t cells;
		if (!*s && (flags & CELL_FILL))
			s = "-";
		if ((c->flags & COL_CLIP) && w > 0 &&
		    (max_cells <= 0 || max_cells > w))
			max_cells = w;
		cells = sanitize_fit(out, s, strlen(s), flags & ~CELL_FILL,
				     max_cells > 0 ? (size_t)max_cells
						   : SIZE_MAX);
		if (cells < (size_t)w)
			pad(out, w - (int)cells);
		return cells < (size_t)w ? (size_t)w : cells;
	}
	}
	/* everything but text is ASCII: a byte a cell */
	return out->len - start;
}

void col_header(const struct column *c, struct sbuf *out)
{
	if (c->fmt == F_TEXT || c->fmt == F_RENDER)
		sbuf_addf(out, "%-*s", c->width, c->title);
	else
		sbuf_addf(out, "%*s", col_cells(c), c->title);
}

void table_row_id(const struct table *v, const void *row, struct sbuf *out)
{
	sbuf_reset(out);
	for (size_t i = 0; i < v->ncols; i++) {
		const struct column *c = &v->cols[i];
		struct value x;

		if (!(c->flags & COL_ID))
			continue;
		col_get(c, row, &x);
		switch (x.kind) {
		case V_STR:
			sbuf_add(out, x.s ? x.s : "", x.s ? strlen(x.s) : 0);
			break;
		case V_U64:
			sbuf_addf(out, "%" PRIu64, x.u);
			break;
		case V_I64:
			sbuf_addf(out, "%" PRId64, x.i);
			break;
		default:
			break;
		}
		sbuf_addc(out, 0x1f);
	}
}

int table_find_key(const struct table *v, const char *key)
{
	for (size_t i = 0; i < v->ncols; i++)
		if (!strcmp(v->cols[i].key, key))
			return (int)i;
	return -1;
}

int table_find_letter(const struct table *v, char letter)
{
	for (size_t i = 0; i < v->ncols; i++)
		if (v->cols[i].letter && v->cols[i].letter == letter)
			return (int)i;
	return -1;
}

int value_cmp(const struct value *a, const struct value *b)
{
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	switch (a->kind) {
	case V_U64:
		return a->u < b->u ? -1 : a->u > b->u;
	case V_I64:
		return a->i < b->i ? -1 : a->i > b->i;
	case V_F64:
		return a->f < b->f ? -1 : a->f > b->f;
	case V_STR:
		return strcoll(a->s ? a->s : "", b->s ? b->s : "");
	default:
		return 0;
	}
}

struct sort_item {
	struct value v;
	size_t idx;
	size_t pos;
};

static int cmp_items(const void *pa, const void *pb, void *ctx)
{
	const struct sort_item *a = pa, *b = pb;
	bool desc = *(const bool *)ctx;
	int r = value_cmp(&a->v, &b->v);
	if (r)
		return desc ? -r : r;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Text: qsort_r with strcoll, ties by position. */
static void sort_text(const struct column *col, bool desc, table_get_fn get,
		      const void *ctx, size_t *idx, size_t n)
{
	struct sort_item *it = xmalloc(n * sizeof(*it));

	for (size_t i = 0; i < n; i++) {
		get(ctx, col, idx[i], &it[i].v);
		it[i].idx = idx[i];
		it[i].pos = i;
	}
	qsort_r(it, n, sizeof(*it), cmp_items, &desc);
	for (size_t i = 0; i < n; i++)
		idx[i] = it[i].idx;
	free(it);
}

/* A number as an unsigned key that sorts as the number does. */
static uint64_t sort_key(const struct value *v)
{
	uint64_t bits;

	switch (v->kind) {
	case V_U64:
		return v->u;
	case V_I64:
		return (uint64_t)v->i ^ (UINT64_C(1) << 63);
	case V_F64:
		memcpy(&bits, &v->f, sizeof(bits));
		return bits >> 63 ? ~bits : bits | (UINT64_C(1) << 63);
	default:
		return 0;
	}
}

struct radix_item {
	uint64_t key;
	uint32_t idx; /* rows: fewer than 2^32 */
	uint32_t kind;
};

/* Digit d of an item: bytes 0-7 of the key, low first; 8 is the kind. */
static unsigned digit(const struct radix_item *it, int d)
{
	return d < 8 ? (unsigned)(it->key >> (8 * d)) & 255 : it->kind;
}

/* Numbers: a stable LSD radix sort on (kind, value), a byte a pass,
 * skipping the bytes every key shares (most of them for counts). Ties
 * keep their order in idx, as the text sort's do. */
static void sort_numbers(const struct column *col, bool desc, table_get_fn get,
			 const void *ctx, size_t *idx, size_t n)
{
	struct radix_item *a = xmalloc(n * sizeof(*a));
	struct radix_item *b = xmalloc(n * sizeof(*b)), *t;
	size_t count[256];

	for (size_t i = 0; i < n; i++) {
		struct value v;
		get(ctx, col, idx[i], &v);
		a[i].key = desc ? ~sort_key(&v) : sort_key(&v);
		a[i].kind = desc ? 255 - (unsigned)v.kind : (unsigned)v.kind;
		a[i].idx = (uint32_t)idx[i];
	}
	for (int d = 0; d < 9; d++) {
		size_t sum = 0;

		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[digit(&a[i], d)]++;
		if (count[digit(&a[0], d)] == n)
			continue; /* every key has this digit */
		for (int k = 0; k < 256; k++) {
			size_t c = count[k];
			count[k] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[digit(&a[i], d)]++] = a[i];
		t = a, a = b, b = t;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = a[i].idx;
	free(a);
	free(b);
}

void table_sort_by(const struct column *col, bool desc, table_get_fn get,
		   const void *ctx, size_t *idx, size_t n)
{
	struct value v;

	if (n < 2)
		return;
	get(ctx, col, idx[0], &v);
	if (v.kind == V_STR || col->fmt == F_TEXT || n > UINT32_MAX)
		sort_text(col, desc, get, ctx, idx, n);
	else
		sort_numbers(col, desc, get, ctx, idx, n);
}

/* rows and their size, for get_row */
struct row_array {
	const void *rows;
	size_t row_size;
};

static void get_row(const void *ctx, const struct column *c, size_t i,
		    struct value *out)
{
	const struct row_array *a = ctx;

	col_get(c, (const char *)a->rows + i * a->row_size, out);
}

void table_sort(const struct column *col, bool desc, const void *rows,
		size_t row_size, size_t *idx, size_t n)
{
	struct row_array a = { rows, row_size };

	table_sort_by(col, desc, get_row, &a, idx, n);
}

size_t *table_sorted(const struct column *col, bool desc, const void *rows,
		     size_t row_size, size_t n)
{
	size_t *idx = xmalloc((n ? n : 1) * sizeof(*idx));

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	table_sort(col, desc, rows, row_size, idx, n);
	return idx;
}
