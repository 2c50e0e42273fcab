/*
 * slab_model.c - slab snapshots over time: totals, per-cache deltas keyed by
 * cache name, and the rows views show.
 *
 * It does not read files (main and the TUI hand it text), does not print
 * and does not know about curses.
 */
#include "slab_model.h"

#include <stdlib.h>
#include <string.h>

void slab_totals_compute(const struct slab_snapshot *s, struct slab_totals *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < s->n; i++) {
		const struct slab_cache *c = &s->caches[i];

		if (i == 0 || c->objsize < t->min_objsize)
			t->min_objsize = c->objsize;
		if (c->objsize > t->max_objsize)
			t->max_objsize = c->objsize;
		if (c->num_objs)
			t->active_caches++;
		t->num_caches++;
		t->active_objs += c->active_objs;
		t->num_objs += c->num_objs;
		t->active_slabs += c->active_slabs;
		t->num_slabs += c->num_slabs;
		t->active_size += c->active_objs * c->objsize;
		t->total_size += c->num_objs * c->objsize;
		t->pages += c->num_slabs * c->pagesperslab;
	}
	if (t->num_objs)
		t->avg_objsize = t->total_size / t->num_objs;
}

uint64_t slab_cache_size(const struct slab_cache *c, uint64_t page_size)
{
	return c->num_slabs * c->pagesperslab * page_size;
}

unsigned slab_cache_use(const struct slab_cache *c)
{
	float use;

	if (!c->num_objs)
		return 0;
	/* in float, as slabtop computes it; a hostile file can claim more
	 * active objects than objects, and a float past UINT_MAX does not
	 * convert */
	use = 100 * ((float)c->active_objs / (float)c->num_objs);
	return use < 4e9f ? (unsigned)use : 4000000000u;
}

void slab_model_init(struct slab_model *m, uint64_t page_size)
{
	memset(m, 0, sizeof(*m));
	m->page_size = page_size;
}

void slab_model_free(struct slab_model *m)
{
	slab_snapshot_free(&m->cur);
	slab_snapshot_free(&m->prev);
	slab_snapshot_free(&m->base);
	free(m->rows);
	free(m->prev_rows);
	free(m->gone);
	memset(m, 0, sizeof(*m));
}

static int64_t sub_u64(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b); /* wraps like the kernel counters would */
}

void slab_model_set_mode(struct slab_model *m, enum delta_mode mode)
{
	bool base = mode == DELTA_BASE;
	double dt = m->t_cur - m->t_prev;

	m->mode = mode;
	for (size_t i = 0; i < m->nrows; i++) {
		struct slab_row *r = &m->rows[i];
		const struct slab_cache *c = &r->c, *o = NULL;
		uint64_t o_size = 0;

		if (base && r->base != SIZE_MAX) {
			o = &m->base.caches[r->base];
			o_size = slab_cache_size(o, m->page_size);
		} else if (!base && r->prev != SIZE_MAX) {
			o = &m->prev_rows[r->prev].c;
			o_size = m->prev_rows[r->prev].cache_size;
		}
		r->rate = mode == DELTA_RATE;
		r->has_ref = o != NULL;
		r->is_new = m->have_base && r->base == SIZE_MAX;
		r->d_active = r->d_size = 0;
		r->r_active = r->r_size = 0;
		if (!o)
			continue;
		r->d_active = sub_u64(c->active_objs, o->active_objs);
		r->d_size = sub_u64(r->cache_size, o_size);
		if (r->rate && dt > 0) {
			r->r_active = (double)r->d_active / dt;
			r->r_size = (double)r->d_size / dt;
		}
	}
}

/* Pair the rows with the baseline's caches. */
static void match_base(struct slab_model *m)
{
	size_t *ref = xmalloc((m->nrows ? m->nrows : 1) * sizeof(*ref));
	struct keymatch km = { 0 };

	slab_snapshot_match(&m->cur, &m->base, &km, ref);
	for (size_t i = 0; i < m->nrows; i++)
		m->rows[i].base = ref[i];
	keymatch_free(&km);
	free(ref);
}

/* The rows of cur, paired with the previous read's (which were built
 * from what is now m->prev, so prev_rows[j] is m->prev.caches[j]). */
static void build_rows(struct slab_model *m)
{
	struct slab_row *t = m->prev_rows;
	size_t tc = m->prev_rows_cap;
	size_t *ref;
	struct keymatch km = { 0 };

	m->prev_rows = m->rows;
	m->prev_rows_cap = m->rows_cap;
	m->nprev_rows = m->have_prev ? m->nrows : 0;
	m->rows = t;
	m->rows_cap = tc;
	xgrow((void **)&m->rows, &m->rows_cap, m->cur.n, sizeof(*m->rows));
	m->nrows = m->cur.n;
	ref = xmalloc((m->nrows ? m->nrows : 1) * sizeof(*ref));
	if (m->nprev_rows)
		slab_snapshot_match(&m->cur, &m->prev, &km, ref);
	for (size_t i = 0; i < m->cur.n; i++) {
		struct slab_row *r = &m->rows[i];
		const struct slab_cache *c = &m->cur.caches[i];

		memset(r, 0, sizeof(*r));
		r->c = *c;
		r->name = slab_cache_name(&m->cur, c);
		r->cache_size = slab_cache_size(c, m->page_size);
		r->use = slab_cache_use(c);
		r->prev = m->nprev_rows ? ref[i] : SIZE_MAX;
	}
	m->ngone = 0;
	for (size_t j = 0; j < m->nprev_rows; j++) {
		if (km.paired[j])
			continue;
		xgrow((void **)&m->gone, &m->gone_cap, m->ngone + 1,
		      sizeof(*m->gone));
		m->gone[m->ngone++] = j;
	}
	free(ref);
	keymatch_free(&km);
	match_base(m);
	slab_model_set_mode(m, m->mode);
}

int slab_model_update(struct slab_model *m, const char *text, size_t len,
		      double now, struct kerr *err)
{
	struct slab_snapshot tmp;

	/* parse into the previous snapshot's storage, then swap */
	if (slabinfo_parse(text, len, &m->prev, err) < 0) {
		/* prev now holds nothing, and prev_rows pointed into it: the
		 * last good state is cur, without a previous read */
		m->have_prev = false;
		m->nprev_rows = m->ngone = 0;
		for (size_t i = 0; i < m->nrows; i++)
			m->rows[i].prev = SIZE_MAX;
		slab_model_set_mode(m, m->mode);
		return -1;
	}
	tmp = m->prev;
	m->prev = m->cur;
	m->cur = tmp;
	m->have_prev = m->t_cur != 0 || m->have_base;
	m->t_prev = m->t_cur;
	m->t_cur = now;
	m->tot_prev = m->tot;
	slab_totals_compute(&m->cur, &m->tot);
	if (!m->have_base)
		slab_model_reset_base(m);
	build_rows(m);
	return 0;
}

void slab_model_reset_base(struct slab_model *m)
{
	slab_snapshot_copy(&m->base, &m->cur);
	m->t_base = m->t_cur;
	m->have_base = true;
	if (m->nrows) {
		match_base(m);
		slab_model_set_mode(m, m->mode);
	}
}
