/*
 * slab_model.c - a slab snapshot: slabtop's totals and the rows views
 * show (their changes over time are the row set's).
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
	slab_snapshot_free(&m->spare);
	free(m->rows);
	memset(m, 0, sizeof(*m));
}

/* The rows of cur. */
static void build_rows(struct slab_model *m)
{
	xgrow((void **)&m->rows, &m->rows_cap, m->cur.n, sizeof(*m->rows));
	m->nrows = m->cur.n;
	for (size_t i = 0; i < m->cur.n; i++) {
		struct slab_row *r = &m->rows[i];
		const struct slab_cache *c = &m->cur.caches[i];

		memset(r, 0, sizeof(*r));
		r->c = *c;
		r->name = slab_cache_name(&m->cur, c);
		r->cache_size = slab_cache_size(c, m->page_size);
		r->use = slab_cache_use(c);
	}
}

int slab_model_update(struct slab_model *m, const char *text, size_t len,
		      double now, struct kerr *err)
{
	struct slab_snapshot tmp;

	/* parse into the spare snapshot, then swap: a bad text leaves the
	 * last good reading */
	if (slabinfo_parse(text, len, &m->spare, err) < 0)
		return -1;
	tmp = m->spare;
	m->spare = m->cur;
	m->cur = tmp;
	m->t_cur = now;
	slab_totals_compute(&m->cur, &m->tot);
	build_rows(m);
	return 0;
}
