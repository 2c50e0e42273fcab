/*
 * history.c - rings of recent values per row (history.h): the last
 * HISTORY_POINTS values of at most HISTORY_ROWS rows. When the rows are
 * full, those that had no value for the whole ring (processes that
 * exited long ago) make room for new ones; a row with a value in the
 * ring is never dropped. It does no I/O and never prints.
 */
#include "history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void history_init(struct history *h)
{
	memset(h, 0, sizeof(*h));
}

void history_free(struct history *h)
{
	for (size_t i = 0; i < h->nrows; i++)
		free(h->id[i]);
	free(h->id);
	free(h->v);
	free(h->seen);
	keyindex_free(&h->ix);
	memset(h, 0, sizeof(*h));
}

struct key {
	const char *s;
	size_t n;
};

static bool eq(const void *owner, size_t i, const void *key)
{
	const struct history *h = owner;
	const struct key *k = key;

	return !strncmp(h->id[i], k->s, k->n) && !h->id[i][k->n];
}

void history_begin(struct history *h, double t)
{
	h->full = false;
	h->t[h->head] = t;
	for (size_t i = 0; i < h->nrows; i++)
		h->v[i * HISTORY_POINTS + h->head] = NAN;
	h->head = (h->head + 1) % HISTORY_POINTS;
	if (h->n < HISTORY_POINTS)
		h->n++;
	h->reads++;
}

/* Has row i had no value for the whole ring? */
static bool history_is_stale(const struct history *h, size_t i)
{
	return h->reads - h->seen[i] >= HISTORY_POINTS;
}

/* Drop every row that had no value for the whole ring: the least
 * recently seen ones, all at once (nothing is lost: their rings hold only
 * NAN), and index the rest again. Once a read at most: a full table of live
 * rows costs one pass per read, not one per new row. */
static void history_evict_stale(struct history *h)
{
	size_t kept = 0;

	if (h->evicted_at == h->reads)
		return;
	h->evicted_at = h->reads;
	for (size_t i = 0; i < h->nrows; i++) {
		if (history_is_stale(h, i)) {
			free(h->id[i]);
			continue;
		}
		if (kept != i) {
			h->id[kept] = h->id[i];
			h->seen[kept] = h->seen[i];
			memcpy(&h->v[kept * HISTORY_POINTS],
			       &h->v[i * HISTORY_POINTS],
			       HISTORY_POINTS * sizeof(*h->v));
		}
		kept++;
	}
	if (kept == h->nrows)
		return;
	h->nrows = kept;
	keyindex_reset(&h->ix);
	for (size_t i = 0; i < h->nrows; i++) {
		struct key k = { h->id[i], strlen(h->id[i]) };
		keyindex_add(&h->ix, hash_bytes(k.s, k.n), &k, eq, h);
	}
}

void history_set(struct history *h, const char *id, size_t idlen, double v)
{
	struct key k = { id, idlen };
	uint64_t hash = hash_bytes(id, idlen);
	size_t i = keyindex_find(&h->ix, hash, &k, eq, h);
	size_t slot = (h->head + HISTORY_POINTS - 1) % HISTORY_POINTS;

	if (!h->n)
		return;
	if (i == SIZE_MAX) {
		if (h->nrows >= HISTORY_ROWS)
			history_evict_stale(h);
		if (h->nrows >= HISTORY_ROWS) {
			h->full = true;
			return;
		}
		if (h->nrows + 1 > h->cap) {
			size_t c = h->cap ? h->cap * 2 : 64;
			h->id = xrealloc(h->id, c * sizeof(*h->id));
			h->seen = xrealloc(h->seen, c * sizeof(*h->seen));
			h->v = xrealloc(h->v,
					c * HISTORY_POINTS * sizeof(*h->v));
			h->cap = c;
		}
		i = h->nrows;
		h->id[i] = xstrndup(id, idlen);
		for (size_t p = 0; p < HISTORY_POINTS; p++)
			h->v[i * HISTORY_POINTS + p] = NAN;
		keyindex_add(&h->ix, hash, &k, eq, h);
		h->nrows++;
	}
	h->v[i * HISTORY_POINTS + slot] = (float)v;
	h->seen[i] = h->reads;
}

size_t history_get(const struct history *h, const char *id, size_t idlen,
		   double *t, double *v)
{
	struct key k = { id, idlen };
	size_t i = keyindex_find(&h->ix, hash_bytes(id, idlen), &k, eq, h);
	size_t start = (h->head + HISTORY_POINTS - h->n) % HISTORY_POINTS;

	if (i == SIZE_MAX)
		return 0;
	for (size_t p = 0; p < h->n; p++) {
		size_t slot = (start + p) % HISTORY_POINTS;
		t[p] = h->t[slot];
		v[p] = h->v[i * HISTORY_POINTS + slot];
	}
	return h->n;
}
