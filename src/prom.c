/*
 * prom.c - the Prometheus text exposition format: families, escaped
 * labels, samples of repeated label sets combined; the meminfo fields and
 * the timestamp; a table's metrics, from its columns (prom_table).
 *
 * Conventions (prometheus.io/docs/practices/naming): the kmemtop_ prefix,
 * base units in the name (_bytes); every value is a gauge read from
 * /proc, but for the columns that say MET_COUNTER (the slab view's
 * allocations and frees since kmemtop attached: TYPE counter, _total). One series per label
 * set: where a label value repeats (two caches of one name, as real
 * kernels have; two long names alike in their first 120 bytes) the
 * series is the sum of them, so nothing is lost and the series add up
 * to the totals (a size per object takes the largest instead); HELP
 * says so.
 */
#include "prom.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* label values cut to this many bytes (at a character boundary) */
enum { LABEL_MAX = 120 };

void prom_label_value(struct sbuf *out, const char *s)
{
	struct sbuf clean = { 0 };
	size_t n;

	sanitize(&clean, s, strlen(s), 0);
	n = clean.len;
	if (n > LABEL_MAX) {
		n = LABEL_MAX;
		while (n && ((unsigned char)clean.s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		char c = clean.s[i];
		if (c == '\\' || c == '"')
			sbuf_addc(out, '\\');
		if (c == '\n') {
			sbuf_add(out, "\\n", 2);
			continue;
		}
		sbuf_addc(out, c);
	}
	sbuf_free(&clean);
}

void prom_family(struct sbuf *out, const char *name, const char *help)
{
	sbuf_addf(out,
		  "# HELP %s %s\n"
		  "# TYPE %s gauge\n",
		  name, help, name);
}

/* ---- a table's metrics ---------------------------------------------- */

/* The columns of t's metrics: the table's, then the metrics' own. */
static size_t met_ncols(const struct table *t)
{
	return t->ncols + t->metrics->ncols;
}

static const struct column *met_col(const struct table *t, size_t k)
{
	return k < t->ncols ? &t->cols[k] : &t->metrics->cols[k - t->ncols];
}

/* A number's sign and size, absent as 0, so that any two compare. */
static int num_cmp(const struct value *a, const struct value *b)
{
	if (a->kind == V_F64 || b->kind == V_F64) {
		double x = a->kind == V_F64   ? a->f
			   : a->kind == V_I64 ? (double)a->i
			   : a->kind == V_U64 ? (double)a->u
					      : 0;
		double y = b->kind == V_F64   ? b->f
			   : b->kind == V_I64 ? (double)b->i
			   : b->kind == V_U64 ? (double)b->u
					      : 0;
		return (x > y) - (x < y);
	}
	bool na = a->kind == V_I64 && a->i < 0,
	     nb = b->kind == V_I64 && b->i < 0;
	uint64_t x = a->kind == V_U64	? a->u
		     : a->kind == V_I64 ? (uint64_t)a->i
					: 0;
	uint64_t y = b->kind == V_U64	? b->u
		     : b->kind == V_I64 ? (uint64_t)b->i
					: 0;

	if (na != nb)
		return na ? -1 : 1;
	return (x > y) - (x < y); /* two's complement orders negatives too */
}

struct met_rank {
	const void *rows;
	size_t row_size;
	const struct column *by[2];
};

static int cmp_rank(const void *a, const void *b, void *ctx)
{
	const struct met_rank *r = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	for (int k = 0; k < 2 && r->by[k]; k++) {
		const struct column *c = r->by[k];
		struct value u, v;
		int d;

		col_get(c, (const char *)r->rows + x * r->row_size, &u);
		col_get(c, (const char *)r->rows + y * r->row_size, &v);
		/* text in byte order (never the locale's), numbers
		 * largest first */
		if (u.kind == V_STR || v.kind == V_STR)
			d = strcmp(u.kind == V_STR ? u.s : "",
				   v.kind == V_STR ? v.s : "");
		else
			d = -num_cmp(&u, &v);
		if (d)
			return d;
	}
	return (x > y) - (x < y);
}

/* A label's or a sample's number. */
static void add_number(struct sbuf *out, const struct value *v)
{
	if (v->kind == V_I64)
		sbuf_addf(out, "%" PRId64, v->i);
	else if (v->kind == V_F64)
		sbuf_addf(out, "%.17g", v->f);
	else if (v->kind == V_U64)
		sbuf_addf(out, "%" PRIu64, v->u);
}

/* The label set of row p ("" without labels); other: the first label's
 * value instead of the row's. */
static char *label_set(const struct table *t, const void *p, const char *other)
{
	struct sbuf b = { 0 };
	bool first = true;
	char *set;

	for (size_t k = 0; k < met_ncols(t); k++) {
		const struct column *c = met_col(t, k);
		struct value v;

		if (!c->label)
			continue;
		sbuf_addf(&b, "%s%s=\"", first ? "{" : ",", c->label);
		col_get(c, p, &v);
		if (first && other)
			prom_label_value(&b, other);
		else if (v.kind == V_STR)
			prom_label_value(&b, v.s);
		else
			add_number(&b, &v);
		sbuf_addc(&b, '"');
		first = false;
	}
	if (!first)
		sbuf_addc(&b, '}');
	set = xstrdup(b.s ? b.s : "");
	sbuf_free(&b);
	return set;
}

/* v combined into acc (of acc's kind; acc->kind V_NONE: the first). */
static void combine(struct value *acc, const struct value *v, enum met_how how)
{
	if (acc->kind == V_NONE) {
		*acc = *v;
		return;
	}
	if (how == MET_MAX) {
		if (num_cmp(v, acc) > 0)
			*acc = *v;
	} else if (acc->kind == V_I64) {
		acc->i = (int64_t)((uint64_t)acc->i + (uint64_t)v->i);
	} else if (acc->kind == V_F64) {
		acc->f += v->f;
	} else {
		acc->u += v->u;
	}
}

/* "# HELP" of column c: its sentence, or its phrase and tail. */
static void met_family(struct sbuf *out, const char *prefix,
		       const struct column *c, const char *tail)
{
	const char *h = c->metric_help ? c->metric_help : "";
	size_t len = strlen(h);
	bool whole = len && h[len - 1] == '.';

	sbuf_addf(out, "# HELP %s%s %s%s\n# TYPE %s%s %s\n", prefix, c->metric,
		  h, whole || !tail ? "" : tail, prefix, c->metric,
		  c->met == MET_COUNTER ? "counter" : "gauge");
}

static int cmp_set(const void *a, const void *b, void *ctx)
{
	char *const *s = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(s[x], s[y]);

	return c ? c : (x > y) - (x < y);
}

void prom_table(struct sbuf *out, const struct table *t, const void *rows,
		size_t row_size, size_t n)
{
	const struct table_metrics *tm = t->metrics;
	struct met_rank rank = { rows, row_size, { NULL, NULL } };
	size_t *idx, *order, *first_of, nt = 0;
	char **sets;
	struct value *acc;

	if (!tm)
		return;
	idx = xmalloc((n ? n : 1) * sizeof(*idx));
	/* the rows of the table's families, ranked */
	for (size_t i = 0; i < n; i++)
		if (!tm->own || !tm->own((const char *)rows + i * row_size))
			idx[nt++] = i;
	for (int k = 0; k < 2; k++) {
		int c = tm->rank[k] ? table_find_key(t, tm->rank[k]) : -1;
		rank.by[k] = c >= 0 ? &t->cols[c] : NULL;
		if (!rank.by[k])
			break;
	}
	if (rank.by[0])
		qsort_r(idx, nt, sizeof(*idx), cmp_rank, &rank);
	/* the rest counted nowhere: no label sets for them (50,000
	 * processes, 10 series) */
	if (tm->top && !tm->other && nt > tm->top)
		nt = tm->top;
	/* their label sets, escaped: rows whose sets are alike after
	 * escaping are one series (first_of: the first of them) */
	sets = xmalloc((nt ? nt : 1) * sizeof(*sets));
	order = xmalloc((nt ? nt : 1) * sizeof(*order));
	first_of = xmalloc((nt ? nt : 1) * sizeof(*first_of));
	acc = xmalloc((nt ? nt : 1) * sizeof(*acc));
	for (size_t i = 0; i < nt; i++) {
		bool rest = tm->top && i >= tm->top;
		sets[i] = label_set(t, (const char *)rows + idx[i] * row_size,
				    rest ? tm->other : NULL);
		order[i] = i;
	}
	qsort_r(order, nt, sizeof(*order), cmp_set, sets);
	for (size_t k = 0; k < nt; k++) {
		bool first = !k || strcmp(sets[order[k]], sets[order[k - 1]]);
		first_of[order[k]] = first ? order[k] : first_of[order[k - 1]];
	}
	for (size_t k = 0; k < met_ncols(t); k++) {
		const struct column *c = met_col(t, k);
		bool any = false;

		if (!c->metric || c->met == MET_NONE)
			continue;
		for (size_t i = 0; i < nt; i++)
			acc[i].kind = V_NONE;
		for (size_t i = 0; i < nt; i++) {
			bool rest = tm->top && i >= tm->top;
			struct value v;

			if (rest && (!tm->other || c->met == MET_SUM_RANKED))
				continue;
			col_get(c, (const char *)rows + idx[i] * row_size, &v);
			if (v.kind != V_U64 && v.kind != V_I64 &&
			    v.kind != V_F64)
				continue;
			combine(&acc[first_of[i]], &v, c->met);
			any = true;
		}
		if (!any)
			continue;
		met_family(out, tm->prefix, c, tm->help_tail);
		for (size_t i = 0; i < nt; i++) {
			if (first_of[i] != i || acc[i].kind == V_NONE)
				continue;
			sbuf_addf(out, "%s%s%s ", tm->prefix, c->metric,
				  sets[i]);
			add_number(out, &acc[i]);
			sbuf_addc(out, '\n');
		}
	}
	/* the rows with names of their own, each with its families */
	for (size_t i = 0; tm->own && i < n; i++) {
		const void *p = (const char *)rows + i * row_size;
		const struct met_own *o = tm->own(p);

		for (size_t k = 0; o && k < met_ncols(t); k++) {
			const struct column *c = met_col(t, k);
			struct value v;

			if (!c->metric || c->met == MET_NONE)
				continue;
			col_get(c, p, &v);
			if (v.kind != V_U64 && v.kind != V_I64 &&
			    v.kind != V_F64)
				continue;
			met_family(out, o->prefix, c, o->help_tail);
			sbuf_addf(out, "%s%s ", o->prefix, c->metric);
			add_number(out, &v);
			sbuf_addc(out, '\n');
		}
	}
	for (size_t i = 0; i < nt; i++)
		free(sets[i]);
	free(sets);
	free(order);
	free(first_of);
	free(acc);
	free(idx);
}

/* ---- meminfo and oom -------------------------------------------------- */

void prom_meminfo(const struct meminfo *mi, struct sbuf *out)
{
	prom_family(out, "kmemtop_memory_bytes",
		    "Fields of /proc/meminfo that kmemtop shows, in bytes.");
	for (int f = 0; f < MI_EXPORTED; f++)
		if (mi->have[f])
			sbuf_addf(out,
				  "kmemtop_memory_bytes{field=\"%s\"} %" PRIu64
				  "\n",
				  meminfo_name((enum mi_field)f), mi->bytes[f]);
}

void prom_timestamp(double time, struct sbuf *out)
{
	prom_family(out, "kmemtop_snapshot_timestamp_seconds",
		    "When kmemtop took these figures (Unix time).");
	sbuf_addf(out, "kmemtop_snapshot_timestamp_seconds %.3f\n", time);
}
