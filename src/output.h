/*
 * output.h - layer 4: non-interactive output (slabtop-compatible text and
 * JSON Lines) built from the column tables.
 *
 * Output is appended to a sink's buffer; past OUTPUT_FLUSH bytes the sink
 * hands what it holds to its owner (main writes it into the record being
 * written), so a snapshot of a million rows never sits in memory whole,
 * and a record is still written whole or not at all (outfile.h).
 */
#ifndef KMEMTOP_OUTPUT_H
#define KMEMTOP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "rowset.h"
#include "table.h"
#include "util.h"

struct json_object;

/* bytes: a sink's buffer is handed on past this */
#define OUTPUT_FLUSH (1024 * 1024)

struct out_sink {
	struct sbuf *buf;
	/* Take buf's text (and empty buf); 0, or an error that stops the
	 * output. NULL: everything stays in buf. */
	int (*flush)(void *ctx, struct sbuf *buf);
	void *ctx;
	int err; /* the first error flush returned */
};

/* Hand the buffer on when it holds OUTPUT_FLUSH bytes or more. */
void out_sink_check(struct out_sink *k);

/* A view's table as one snapshot shows it. */
struct out_table {
	const struct table *table;
	const void *rows;
	size_t row_size;
	size_t nrows; /* rows in rows */
	/* rows after those that are part of the reading but not shown (the
	 * OOM view's hidden kernel threads): the row set keeps them */
	size_t nhidden;
	size_t *idx; /* the rows shown, in order: the caller's */
	size_t n;
	/* batch mode from the second snapshot on: delta columns in text;
	 * "delta", "new" and "gone" in JSON */
	bool deltas;
	const size_t *gone; /* the row set's gone rows, in order */
	size_t ngone;
	/* The row set rows is bound to (rowset_bind): delta columns without
	 * a getter, "delta", "new" and "gone" come from it. */
	const struct rowset *rs;
	/* slabtop's text: the header padded to 78 cells, and blanks kept
	 * after the last column */
	bool slabtop;
	bool extra;	     /* the COL_EXTRA columns are shown */
	unsigned text_flags; /* text: SAN_WIDE or SAN_ASCII (the locale) */
};

/* Whether column c of t is shown on screen or in text (JSON has every
 * column but COL_NOJSON ones): not hidden, and not extra unless t asks;
 * delta columns only with deltas. */
bool out_col_shown(const struct out_table *t, const struct column *c,
		   bool deltas);

/* The value of column c of row i of t (an index into t->rows): a delta
 * column's from the row set, any other from the row. */
void out_value(const struct out_table *t, const struct column *c, size_t i,
	       struct value *out);

/* " (+12)" or " (-40K)": a change, when there is one, with its unit. */
void output_change(struct sbuf *out, int64_t change, const char *unit);

/* " Label                              : " as slabtop aligns its summary
 * lines (35 columns). */
void output_label(struct sbuf *out, const char *label);

/* The table as text: a header line and a line per row, the columns that
 * are neither hidden nor (without deltas) delta columns, separated by one
 * space. */
void output_table_text(const struct out_table *t, struct out_sink *k);

/* One JSON object on one line (with "\n"): head's members (time, view,
 * summary, ...), then "rows": the table's rows under their JSON names,
 * and with deltas each row's "delta" (the change of every integer field
 * but the row's identity) or "new": true, then the gone rows with
 * "gone": true. Drops the reference to head. */
void output_json(struct json_object *head, const struct out_table *t,
		 struct out_sink *k);

/* json_object_object_add of an unsigned number, and of a meminfo field
 * in bytes (null when mi lacks it). */
void output_json_u64(struct json_object *o, const char *key, uint64_t v);

/* A JSON string of untrusted bytes: valid UTF-8 as it is (json-c escapes
 * control characters as \u00XX); a byte that is not part of valid UTF-8
 * as \udcXX, XX its value (PEP 383's "surrogateescape": no valid UTF-8
 * text gives a lone surrogate, so the bytes are recovered exactly). */
struct json_object *output_json_string(const char *s, size_t n);

#endif
