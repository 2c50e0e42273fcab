/*
 * activity_model.c - rows of allocation activity per cache: the source's
 * counts since attach paired with the previous reading by cache address,
 * and turned into rates per second; the call sites' and processes'
 * entries paired likewise by their whole key and summed into rows per
 * call site, process and cgroup. It reads nothing itself and prints
 * nothing.
 */
#include "activity_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "bpf/activity_maps.h"

void act_model_init(struct act_model *m)
{
	memset(m, 0, sizeof(*m));
}

void act_model_free(struct act_model *m)
{
	act_reading_free(&m->cur);
	act_reading_free(&m->prev);
	act_part_free(&m->caches);
	act_part_free(&m->sites);
	act_part_free(&m->procs);
	act_part_free(&m->cgroups);
	memset(m, 0, sizeof(*m));
}

void act_part_free(struct act_part *p)
{
	free(p->rows);
	memset(p, 0, sizeof(*p));
}

static int cmp_u64(uint64_t x, uint64_t y)
{
	return x < y ? -1 : x > y;
}

/* an entry's whole key: cache address; call site and cache; tgid,
 * cache and cgroup */
static int cmp_key(const void *a, const void *b)
{
	const struct act_cache *x = a, *y = b;
	int c = cmp_u64(x->key, y->key);

	if (!c)
		c = cmp_u64(x->cache, y->cache);
	if (!c)
		c = cmp_u64(x->cgroup, y->cgroup);
	return c;
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

/* The sums of the rates of the rows that have one. */
static void totals(const struct act_model *m, struct act_part *pt)
{
	for (size_t i = 0; m->have_total && i < pt->nrows; i++) {
		const struct act_row *w = &pt->rows[i];

		pt->total_alloc_rate += w->alloc_rate;
		pt->total_bytes_rate += w->bytes_rate;
		if (w->have_free_rate)
			pt->total_free_rate += w->free_rate;
	}
}

static void fill(struct act_row *w, const struct act_cache *c,
		 const struct act_cache *p, double dt)
{
	uint64_t da, df, db, dr;

	memset(w, 0, sizeof(*w));
	w->name = c->name;
	w->key = c->key;
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

/* The previous reading's entry of c, &none when the previous reading
 * lacks it (the program made its entry at its first event, in this
 * interval: entries are never removed, so it counted from nothing),
 * NULL on the first reading. */
static const struct act_cache *paired(const struct act_model *m,
				      const struct act_cache *c,
				      const struct act_cache *prev, size_t np)
{
	static const struct act_cache none;
	const struct act_cache *p = NULL;

	if (!m->have_prev)
		return NULL;
	if (np)
		p = bsearch(c, prev, np, sizeof(*c), cmp_key);
	return p ? p : &none;
}

/* The rows of cur[0..n) (sorted here by key) paired with prev[0..np)
 * (sorted the reading before), and the "(other)" row. */
static void part_update(const struct act_model *m, struct act_part *pt,
			struct act_cache *cur, size_t n,
			const struct act_cache *prev, size_t np,
			const struct act_cache *other,
			const struct act_cache *other_prev, double dt)
{
	if (n)
		qsort(cur, n, sizeof(*cur), cmp_key);
	xgrow((void **)&pt->rows, &pt->cap, n + 1, sizeof(*pt->rows));
	pt->nrows = 0;
	pt->nunknown = 0;
	pt->napprox = 0;
	pt->total_alloc_rate = pt->total_free_rate = pt->total_bytes_rate = 0;
	for (size_t i = 0; i < n; i++) {
		const struct act_cache *c = &cur[i];

		fill(&pt->rows[pt->nrows++], c, paired(m, c, prev, np), dt);
		if (c->allocs && !c->free_seen)
			pt->nunknown++;
		pt->napprox += c->approx;
	}
	if (other->allocs || other->frees) {
		struct act_row *w = &pt->rows[pt->nrows++];

		fill(w, other, m->have_prev ? other_prev : NULL, dt);
		w->other = true;
	}
	totals(m, pt);
}

/* the key an entry of sites or procs is grouped by in part `by` */
static uint64_t group_key(enum act_by by, const struct act_cache *c)
{
	return by == ACT_BY_CGROUP ? c->cgroup : c->key;
}

struct grouping {
	const struct act_cache *v;
	enum act_by by;
};

static int cmp_group(const void *a, const void *b, void *ctx)
{
	const struct grouping *g = ctx;

	return cmp_u64(group_key(g->by, &g->v[*(const size_t *)a]),
		       group_key(g->by, &g->v[*(const size_t *)b]));
}

/* Add entry row e (its rates those of one entry) into row w. */
static void add_row(struct act_row *w, const struct act_row *e)
{
	w->allocs += e->allocs;
	w->bytes_alloc += e->bytes_alloc;
	if (!e->have_rate)
		return;
	w->have_rate = true;
	w->alloc_rate += e->alloc_rate;
	w->bytes_rate += e->bytes_rate;
	w->req_rate += e->req_rate;
}

/* The rows of part by (ACT_BY_SITE, _PROC, _CGROUP) from the current
 * reading's entries (sorted by cmp_key), only those of cache `cache` when
 * one_cache, into pt; the "(other)" row when !one_cache. */
static void group(const struct act_model *m, enum act_by by, bool one_cache,
		  uint64_t cache, struct act_part *pt)
{
	bool sites = by == ACT_BY_SITE;
	const struct act_reading *r = &m->cur, *q = &m->prev;
	const struct act_cache *v = sites ? r->sites : r->procs;
	size_t n = sites ? r->nsites : r->nprocs;
	const struct act_cache *pv = sites ? q->sites : q->procs;
	size_t np = m->have_prev ? (sites ? q->nsites : q->nprocs) : 0;
	const struct act_cache *other = sites ? &r->other_site : &r->other_proc;
	const struct act_cache *other_prev = sites ? &q->other_site
						   : &q->other_proc;
	double dt = m->have_prev ? m->now - m->then : 0;
	struct grouping g = { v, by };
	size_t *idx = xcalloc(n + 1, sizeof(*idx)), k = 0;

	for (size_t i = 0; i < n; i++)
		if (!one_cache || v[i].cache == cache)
			idx[k++] = i;
	/* sites and processes: in the entries' order already */
	if (by == ACT_BY_CGROUP && k)
		qsort_r(idx, k, sizeof(*idx), cmp_group, &g);
	xgrow((void **)&pt->rows, &pt->cap, k + 1, sizeof(*pt->rows));
	pt->nrows = 0;
	pt->nunknown = 0;
	pt->total_alloc_rate = pt->total_free_rate = pt->total_bytes_rate = 0;
	for (size_t i = 0; i < k; i++) {
		const struct act_cache *c = &v[idx[i]];
		uint64_t gk = group_key(by, c);
		struct act_row e, *w = &pt->rows[pt->nrows - 1];

		/* exited processes' counts: in the totals, not the rates
		 * (counted there while the processes lived) */
		bool exited = c->key == ACT_KEY_EXITED;

		fill(&e, c, exited ? NULL : paired(m, c, pv, np), dt);
		if (!i || gk != group_key(by, &v[idx[i - 1]])) {
			w = &pt->rows[pt->nrows++];
			memset(w, 0, sizeof(*w));
			w->key = gk;
			w->name = c->name;
			if (by == ACT_BY_PROC && exited)
				w->other = true;
			else if (by == ACT_BY_PROC)
				w->tgid = (uint32_t)c->key;
			else if (by == ACT_BY_CGROUP)
				w->name = act_reading_cgname_of(r, gk);
		}
		if (!w->name ||
		    (by == ACT_BY_PROC && !w->name[0] && c->name[0]))
			w->name = c->name;
		add_row(w, &e);
	}
	free(idx);
	if (!one_cache && (other->allocs || other->frees)) {
		struct act_row *w = &pt->rows[pt->nrows++];

		fill(w, other, m->have_prev ? other_prev : NULL, dt);
		w->name = "(other)";
		w->have_frees = w->have_free_rate = false;
		w->other = true;
	}
	totals(m, pt);
}

/* Name every cgroup of the processes' entries that the caller did not:
 * "cgroup N". */
static void name_cgroups(struct act_reading *r)
{
	char b[40];

	act_reading_cgname_sort(r);
	for (size_t i = 0; i < r->nprocs; i++) {
		uint64_t id = r->procs[i].cgroup;

		if (act_reading_cgname_of(r, id))
			continue;
		snprintf(b, sizeof(b), "cgroup %" PRIu64, id);
		act_reading_cgname(r, id, b);
		act_reading_cgname_sort(r);
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
	if (m->cur.nsites)
		qsort(m->cur.sites, m->cur.nsites, sizeof(*m->cur.sites),
		      cmp_key);
	if (m->cur.nprocs)
		qsort(m->cur.procs, m->cur.nprocs, sizeof(*m->cur.procs),
		      cmp_key);
	name_cgroups(&m->cur);
	group(m, ACT_BY_SITE, false, 0, &m->sites);
	group(m, ACT_BY_PROC, false, 0, &m->procs);
	group(m, ACT_BY_CGROUP, false, 0, &m->cgroups);
}

const struct act_part *act_model_part(const struct act_model *m, enum act_by by)
{
	switch (by) {
	case ACT_BY_SITE:
		return &m->sites;
	case ACT_BY_PROC:
		return &m->procs;
	case ACT_BY_CGROUP:
		return &m->cgroups;
	case ACT_BY_CACHE:
	case ACT_BY_N:
		break;
	}
	return &m->caches;
}

void act_model_of_cache(const struct act_model *m, enum act_by by,
			uint64_t cache, struct act_part *out)
{
	if (by != ACT_BY_CACHE && by != ACT_BY_N) {
		group(m, by, true, cache, out);
		return;
	}
	out->nrows = 0;
	out->nunknown = 0;
	out->total_alloc_rate = out->total_free_rate = out->total_bytes_rate =
		0;
	for (size_t i = 0; i < m->caches.nrows; i++) {
		const struct act_row *w = &m->caches.rows[i];

		if (w->other || w->key != cache)
			continue;
		xgrow((void **)&out->rows, &out->cap, 1, sizeof(*out->rows));
		out->rows[out->nrows++] = *w;
		out->nunknown = w->allocs && !w->have_frees;
		totals(m, out);
		break;
	}
}

const struct act_row *act_model_cache_named(const struct act_model *m,
					    const char *name)
{
	const struct act_row *cut = NULL;

	for (size_t i = 0; i < m->caches.nrows; i++) {
		const struct act_row *w = &m->caches.rows[i];
		size_t len = strlen(w->name);

		if (w->other)
			continue;
		if (!strcmp(w->name, name))
			return w;
		/* a name the program cut to ACT_NAME_LEN - 1 bytes */
		if (!cut && len == ACT_NAME_LEN - 1 &&
		    !strncmp(w->name, name, len))
			cut = w;
	}
	return cut;
}
