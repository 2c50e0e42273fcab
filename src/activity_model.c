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
	free(m->rows);
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
	/* a free rate only where frees are seen at all, and were already
	 * seen at the start of the interval */
	w->have_free_rate = c->free_seen;
	w->free_rate = (double)df / dt;
}

void act_model_update(struct act_model *m, struct act_reading *r, double now)
{
	static const struct act_cache none;
	double dt;

	act_reading_free(&m->prev);
	m->prev = m->cur;
	m->have_prev = m->nreads++ > 0;
	m->then = m->now;
	m->cur = *r;
	memset(r, 0, sizeof(*r));
	m->now = now;
	dt = m->have_prev ? m->now - m->then : 0;

	if (m->cur.n)
		qsort(m->cur.c, m->cur.n, sizeof(*m->cur.c), cmp_key);
	xgrow((void **)&m->rows, &m->cap, m->cur.n + 1, sizeof(*m->rows));
	m->nrows = 0;
	m->nunknown = 0;
	m->total_alloc_rate = m->total_free_rate = m->total_bytes_rate = 0;
	m->have_total = m->have_prev && dt > 0;
	for (size_t i = 0; i < m->cur.n; i++) {
		const struct act_cache *c = &m->cur.c[i];
		const struct act_cache *p = NULL;
		struct act_row *w = &m->rows[m->nrows++];

		if (m->have_prev && m->prev.n)
			p = bsearch(c, m->prev.c, m->prev.n, sizeof(*c),
				    cmp_key);
		/* not in the previous reading: the program made its entry
		 * at its first event, in this interval (entries are never
		 * removed), so it counted from nothing */
		if (m->have_prev && !p)
			p = &none;
		fill(w, c, p, dt);
		if (c->allocs && !c->free_seen)
			m->nunknown++;
	}
	if (m->cur.other.allocs || m->cur.other.frees) {
		struct act_row *w = &m->rows[m->nrows++];

		fill(w, &m->cur.other, m->have_prev ? &m->prev.other : NULL,
		     dt);

		w->other = true;
	}
	/* totals: the sum of the rates of the rows that have one (a cache
	 * first seen in this interval has none yet, and adds nothing) */
	for (size_t i = 0; m->have_total && i < m->nrows; i++) {
		const struct act_row *w = &m->rows[i];

		m->total_alloc_rate += w->alloc_rate;
		m->total_bytes_rate += w->bytes_rate;
		if (w->have_free_rate)
			m->total_free_rate += w->free_rate;
	}
}
