/*
 * rowset.h - layer 3: one view table's rows over time, and every change
 * kmemtop shows.
 *
 * A model hands out the rows of its current reading and nothing else. The
 * row set keeps, for the table those rows are read through, the previous
 * reading and the baseline (each kept as the values of its identity and
 * number columns, packed, strings copied, so a model may free or reuse
 * its rows),
 * pairs the current rows with them by identity (the table's COL_ID
 * columns; equal identities paired first with first, second with second),
 * says which rows are new and which are gone, and computes every delta
 * column: the change of the column named by its delta_of, since the last
 * reading, since the baseline, or per second. The screen, the text and
 * JSON of batch mode, the leak report and replay all read changes here,
 * so they cannot disagree.
 *
 * The clock is an argument (seconds on a monotonic clock for rates, and
 * the wall clock for "since 13:51:00"), so tests are deterministic.
 */
#ifndef KMEMTOP_ROWSET_H
#define KMEMTOP_ROWSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meminfo.h"
#include "table.h"
#include "util.h"

enum delta_mode {
	DELTA_PREV, /* change since the previous reading */
	DELTA_BASE, /* change since the baseline (the first reading, or z) */
	DELTA_RATE, /* change since the previous reading, per second */
	DELTA_MODE_COUNT
};

/* "since last refresh", "since baseline", "per second" */
const char *delta_mode_name(enum delta_mode m);

/* Totals a summary shows with their change: slots a view numbers. */
enum { RS_TOTALS = 16 };

/* A reading kept: per row the values of the table's kept columns
 * (identity and numbers; never delta columns), in blocks of RS_BLOCK
 * rows. A block holds per column the least value and each row's
 * distance from it in as few bytes as the block's values need (0, 1, 2,
 * 4 or 8), and the kinds once when every row has the same; a string is
 * its offset in the reading's text, each distinct string there once.
 * Blocks and text are shared, counted, between readings that hold the
 * same bytes: an unchanged reading costs no copy, and the baseline is
 * the reading it was taken from. A million vmalloc areas fit. */
enum { RS_BLOCK = 1024 };

struct rs_block;
struct rs_text;

struct rs_reading {
	const struct table *table;
	size_t nrows;
	size_t nshown; /* rows [0, nshown) were shown, the rest hidden
			* (kept to pair with, never "gone") */
	size_t nkept;  /* columns kept */
	size_t *kept;  /* their indices in table->cols */
	size_t nid;    /* identity columns among them */
	size_t *id;    /* their places in kept */
	struct rs_block **blocks; /* nrows / RS_BLOCK, rounded up */
	struct rs_text *text;	  /* the strings, shared */
	struct keyindex ix;	  /* identities, built when first needed */
	bool indexed;
	double mono, wall; /* seconds: when it was read */
	struct meminfo mi; /* /proc/meminfo at that reading */
	bool have_mi;
	uint64_t tot[RS_TOTALS];
	bool have_tot[RS_TOTALS];
	size_t cap_kept, cap_blocks;
};

struct rowset {
	enum delta_mode mode;
	struct rs_reading cur, prev, base; /* cur: the last reading */
	bool have_cur, have_prev, have_base;
	bool base_pending; /* the next reading becomes the baseline */
	bool no_base;	   /* keep no baseline (rowset_set_no_base) */
	/* The readings are a recording's snapshots (a replay): their times
	 * are recorded ones, described in UTC (rowset_set_recorded). */
	bool recorded;

	/* The rows bound (rowset_bind): borrowed, valid until the model's
	 * next reading. */
	const struct table *table;
	const void *rows;
	size_t nrows, row_size;
	size_t *ref_prev; /* per row: its row in prev, or SIZE_MAX */
	size_t *ref_base; /* per row: its row in base, or SIZE_MAX */
	size_t *gone;	  /* rows of prev no bound row has, in order */
	size_t ngone;
	size_t cap, gone_cap;
	unsigned long gen; /* readings taken: a binding's pairing holds
			    * until the next */
	unsigned long bound_gen;
	struct sbuf scratch;
	/* a reading being taken: its strings and a block being packed */
	struct keyindex strs;
	size_t *str_off;
	size_t nstrs, str_cap;
	struct sbuf text;
	uint64_t *vals;
	uint8_t *kinds;
	size_t vals_cap, kinds_cap;
};

void rowset_init(struct rowset *rs);
void rowset_free(struct rowset *rs);

/* A new reading of the view at these times: rows[0..n) of table t, each
 * row_size bytes, then nhidden rows of the reading that are not shown
 * (the OOM view's kernel threads: a row that is shown again is not new),
 * and the meminfo and totals its summary shows (mi, tot: NULL when
 * none). The last reading becomes the previous one; the first reading,
 * or the first after rowset_reset_base, becomes the baseline. The rows
 * [0, n) are bound as rowset_bind binds them. */
void rowset_update(struct rowset *rs, const struct table *t, const void *rows,
		   size_t n, size_t nhidden, size_t row_size, double mono,
		   double wall, const struct meminfo *mi, const uint64_t *tot,
		   const bool *have_tot);

/* Bind the rows shown now (the same reading seen another way: filtered,
 * or grouped anew) to the previous reading and the baseline. A table of
 * other columns than the last reading's is this reading seen anew: it is
 * kept as the last reading, and the baseline is taken again. */
void rowset_bind(struct rowset *rs, const struct table *t, const void *rows,
		 size_t n, size_t row_size);

/* The next reading is the baseline: "z" (the caller reads again now). */
void rowset_reset_base(struct rowset *rs);

void rowset_set_mode(struct rowset *rs, enum delta_mode m);

/* Keep no baseline (batch mode shows changes since the last reading
 * only): the baseline mode then measures from nothing. */
void rowset_set_no_base(struct rowset *rs, bool no_base);

/* The readings are a recording's (a replay): the status line says
 * "since the previous snapshot", and the baseline's time in UTC. */
void rowset_set_recorded(struct rowset *rs, bool recorded);

/* After rowset_update: the reading before the last one is this one, not
 * the one given before (a replay stepping through a recording: the
 * snapshot before the one shown); rows NULL: there is none (the first
 * snapshot). Arguments as rowset_update's; the baseline stays, and the
 * rows bound stay bound, paired anew. */
void rowset_set_prev(struct rowset *rs, const struct table *t, const void *rows,
		     size_t n, size_t nhidden, size_t row_size, double mono,
		     double wall, const struct meminfo *mi, const uint64_t *tot,
		     const bool *have_tot);

/* The reading changes are measured from in the current mode, or NULL. */
const struct rs_reading *rowset_ref(const struct rowset *rs);

/* Row i's row in the mode's reference reading, or SIZE_MAX. */
size_t rowset_ref_row(const struct rowset *rs, size_t i);

/* The value of column c of bound row i: a delta column's is the change
 * of its delta_of column against the mode's reference (absent without
 * one: a new row, or no earlier reading); any other column's is the
 * row's own. */
void rowset_value(const struct rowset *rs, const struct column *c, size_t i,
		  struct value *out);

/* The change of column c (a number column of the table) of row i against
 * the reference, as rowset_value gives a delta column's. */
void rowset_change(const struct rowset *rs, const struct column *c, size_t i,
		   struct value *out);

/* The value column c of row i had in the mode's reference reading (kept
 * columns only); false when there is none. */
bool rowset_then(const struct rowset *rs, const struct column *c, size_t i,
		 struct value *out);

/* Column c of row i is higher than in the baseline (a number column). */
bool rowset_rose(const struct rowset *rs, const struct column *c, size_t i);

/* Row i is absent from the baseline, and the baseline is an earlier
 * reading than this one. */
bool rowset_is_new(const struct rowset *rs, size_t i);

/* Gone row g's value of column c (rows of the previous reading no row
 * has now): kept columns only, V_NONE for the others. */
void rowset_gone_value(const struct rowset *rs, size_t g,
		       const struct column *c, struct value *out);

/* The change of meminfo field f, or of total k, against the reference;
 * false when either reading lacks it (or there is no reference). Rates
 * are per second (rate true). */
bool rowset_mi_change(const struct rowset *rs, enum mi_field f, double *change,
		      bool *rate);
bool rowset_total_change(const struct rowset *rs, size_t k, double *change,
			 bool *rate);

/* "since 13:51:00 (4 s ago)" style words for the status line: the mode,
 * and for the baseline its wall-clock time (local time; a recording's:
 * "since 13:51:00 UTC"). */
void rowset_describe(const struct rowset *rs, struct sbuf *out);

/* Sort idx[0..n) (indices of bound rows) by column c as table_sort does,
 * delta columns included. */
void rowset_sort(const struct rowset *rs, const struct column *c, bool desc,
		 size_t *idx, size_t n);

#endif
