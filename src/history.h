/*
 * history.h - layer 3: the recent values of rows, for the screen's chart
 * in live mode: per row (by its identity) a ring of the last
 * HISTORY_POINTS values of its main value, with the times of the reads.
 * Bounded: at most HISTORY_ROWS rows are kept, so a host with 50,000
 * processes costs no more than HISTORY_ROWS x HISTORY_POINTS floats.
 * When they are full, rows that had no value for the whole ring are
 * dropped to make room (processes come and go: without that, the rows
 * of the first minutes would hold every place for ever); a new row
 * finds no place only while HISTORY_ROWS rows each have a value in it.
 */
#ifndef KMEMTOP_HISTORY_H
#define KMEMTOP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define HISTORY_POINTS 600
#define HISTORY_ROWS   2000

struct history {
	double t[HISTORY_POINTS]; /* the reads' times, a ring */
	size_t head, n;		  /* next slot, points kept */
	unsigned long reads;	  /* reads seen */
	char **id;		  /* rows: identity */
	float *v;		  /* rows x HISTORY_POINTS, NAN: absent */
	unsigned long *seen;	  /* rows: the read (reads) of the last value */
	unsigned long evicted_at; /* the read of the last eviction pass */
	size_t nrows, cap;
	struct keyindex ix;
	bool full; /* a row was left out at this read */
};

void history_init(struct history *h);
void history_free(struct history *h);

/* A read at time t begins: every row's value there is absent until set. */
void history_begin(struct history *h, double t);
/* Row id's value at the read begun. */
void history_set(struct history *h, const char *id, size_t idlen, double v);

/* The values of row id, oldest first, into t[] and v[] (each room for
 * HISTORY_POINTS); returns how many (0: none kept). */
size_t history_get(const struct history *h, const char *id, size_t idlen,
		   double *t, double *v);

#endif
