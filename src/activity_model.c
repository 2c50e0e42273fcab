/*
 * activity_model.c - rows of allocation activity per cache: the source's
 * counts since attach paired with the previous reading by cache address,
 * and turned into rates per second. It reads nothing itself and prints
 * nothing.
 */
#include "activity_model.h"

#include <stdlib.h>
#include <string.h>

void act_model_init(struct act_model *m)
{
	memset(m, 0, sizeof(*m));
}

void act_model_free(struct act_model *m)
{
	act_reading_free(&m->cur);
	act_reading_free(&m->prev);
	free(m->caches.rows);
	free(m->sites.rows);
	memset(m, 0, sizeof(*m));
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = ((const struct act_cache *)a)->key;
	uint64_t y = ((const struct act_cache *)b)->key;

	return x < y ? -1 : x > y;
}

/* The change of a counter; false when it went down (another cache at
 * the address, or the map entry made anew). */
static bool change(uint64_t now, uint64_t then, uint64_t *d)
{
	if (now < then)
		return false;
	*d = now - then;
	return true;
}

static void fill(struct act_row *w, const struct act_cache *c,
		 const struct act_cache *p, double dt)
{
	uint64_t da, df, db, dr;

	memset(w, 0, sizeof(*w));
	w->name = c->name;
	w->allocs = c->allocs;
	w->have_frees = c->free_seen;
	w->approx = c->approx;
	w->frees = c->frees;
	w->bytes_alloc = c->bytes_alloc;
	if (!p || dt <= 0 || !change(c->allocs, p->allocs, &da) ||
	    !change(c->frees, p->frees, &df) ||
	    !change(c->bytes_alloc, p->bytes_alloc, &db) ||
	    !change(c->bytes_req, p->bytes_req, &dr))
		return;
	w->have_rate = true;
	w->alloc_rate = (double)da / dt;
	w->bytes_rate = (double)db / dt;
	w->req_rate = (double)dr / dt;
	/* a free rate only where frees are seen at all */
	w->have_free_rate = c->free_seen;
	w->free_rate = (double)df / dt;
}

/* The rows of cur[0..n) (sorted here by key) paired with prev[0..np)
 * (sorted the reading before), and the "(other)" row. */
static void part_update(const struct act_model *m, struct act_part *pt,
			struct act_cache *cur, size_t n,
			const struct act_cache *prev, size_t np,
			const struct act_cache *other,
			const struct act_cache *other_prev, double dt)
{
	static const struct act_cache none;

	if (n)
		qsort(cur, n, sizeof(*cur), cmp_key);
	xgrow((void **)&pt->rows, &pt->cap, n + 1, sizeof(*pt->rows));
	pt->nrows = 0;
	pt->nunknown = 0;
	pt->napprox = 0;
	pt->total_alloc_rate = pt->total_free_rate = pt->total_bytes_rate = 0;
	for (size_t i = 0; i < n; i++) {
		const struct act_cache *c = &cur[i];
		const struct act_cache *p = NULL;

		if (m->have_prev && np)
			p = bsearch(c, prev, np, sizeof(*c), cmp_key);
		/* not in the previous reading: the program made its entry
		 * at its first event, in this interval (entries are never
		 * removed), so it counted from nothing */
		if (m->have_prev && !p)
			p = &none;
		fill(&pt->rows[pt->nrows++], c, p, dt);
		if (c->allocs && !c->free_seen)
			pt->nunknown++;
		pt->napprox += c->approx;
	}
	if (other->allocs || other->frees) {
		struct act_row *w = &pt->rows[pt->nrows++];

		fill(w, other, m->have_prev ? other_prev : NULL, dt);
		w->other = true;
	}
	/* the sums of the rates of the rows that have one */
	for (size_t i = 0; m->have_total && i < pt->nrows; i++) {
		const struct act_row *w = &pt->rows[i];

		pt->total_alloc_rate += w->alloc_rate;
		pt->total_bytes_rate += w->bytes_rate;
		if (w->have_free_rate)
			pt->total_free_rate += w->free_rate;
	}
}

void act_model_update(struct act_model *m, struct act_reading *r, double now)
{
	double dt;

	act_reading_free(&m->prev);
	m->prev = m->cur;
	m->have_prev = m->nreads++ > 0;
	m->then = m->now;
	m->cur = *r;
	memset(r, 0, sizeof(*r));
	m->now = now;
	dt = m->have_prev ? m->now - m->then : 0;
	m->have_total = m->have_prev && dt > 0;
	part_update(m, &m->caches, m->cur.c, m->cur.n, m->prev.c, m->prev.n,
		    &m->cur.other, &m->prev.other, dt);
	part_update(m, &m->sites, m->cur.sites, m->cur.nsites, m->prev.sites,
		    m->prev.nsites, &m->cur.other_site, &m->prev.other_site,
		    dt);
}
