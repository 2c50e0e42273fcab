/*
 * history.c - rings of recent values per row (history.h).
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
	h->t[h->head] = t;
	for (size_t i = 0; i < h->nrows; i++)
		h->v[i * HISTORY_POINTS + h->head] = NAN;
	h->head = (h->head + 1) % HISTORY_POINTS;
	if (h->n < HISTORY_POINTS)
		h->n++;
	h->reads++;
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
		if (h->nrows >= HISTORY_ROWS) {
			h->full = true;
			return;
		}
		if (h->nrows + 1 > h->cap) {
			size_t c = h->cap ? h->cap * 2 : 64;
			h->id = xrealloc(h->id, c * sizeof(*h->id));
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
