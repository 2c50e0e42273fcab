/*
 * table.h - layer 3: columns as data.
 *
 * A view is an array of columns. Each column is one designated-initializer
 * entry: the stable key (used by --sort, JSON, the man page check), the
 * title, the width, the format, flags, a getter and a line of help. The
 * TUI, the text output and the JSON output all read the same table, so a
 * column exists in one place and cannot drift between modes. The one
 * function that turns a value into text, col_format, lives here too.
 */
#ifndef KMEMTOP_TABLE_H
#define KMEMTOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* V_VALUE: the field at off is a struct value (generated tables: replay) */
enum val_kind { V_NONE, V_U64, V_I64, V_F64, V_STR, V_VALUE };

struct value {
	enum val_kind kind;
	union {
		uint64_t u;
		int64_t i;
		double f;
		const char *s; /* borrowed, NUL-terminated */
	};
};

enum col_fmt {
	F_COUNT,     /* unsigned integer, right-aligned */
	F_PERCENT,   /* unsigned integer followed by "%" */
	F_KIB2,	     /* bytes, shown as KiB with two decimals: "0.19K" */
	F_KIB,	     /* bytes, shown as whole KiB: "5524K" (V_I64:
		      * "-40K" below zero) */
	F_TEXT,	     /* untrusted text: sanitized, left-aligned */
	F_DELTA,     /* signed change: "+1000", "-12", blank when zero */
	F_DELTA_KIB, /* signed change in bytes, shown as KiB: "+40K" */
	F_RENDER,    /* text made by the column's render callback from the
			 * value (e.g. a type bitmask), left-aligned */
	F_HEX,	     /* an address: "0x1234abcd", blank when absent;
			 * a "0x..." string in JSON */
	F_INT,	     /* signed integer, right-aligned: "-1000" */
	F_PCT1,	     /* a percentage with one decimal: "12.5" */
};

enum col_flags {
	COL_HIDDEN = 1 << 0, /* sortable, in JSON, never displayed */
	COL_ASC = 1 << 1,    /* ascending by default (names) */
	COL_DELTA = 1 << 2,  /* a change between snapshots (TUI, batch) */
	COL_NOJSON = 1 << 3, /* not a field of the JSON rows */
	COL_CLIP = 1 << 4,   /* text cut to the column's width on screen
				 * and in text output (JSON keeps it whole) */
	COL_ID = 1 << 5,     /* part of the row's identity across snapshots
			      * (a name, a PID): never a "delta" */
	COL_MAYBE = 1 << 6,  /* the field can be absent (have; "" for text):
			      * blank on screen, null in JSON */
	COL_EXTRA = 1 << 7,  /* shown only when the view asks (out_table's
			      * extra: a key, an option); always in JSON */
	COL_LAZY = 1 << 8,   /* read per row on demand (view fetch) */
	COL_ALERT = 1 << 9,  /* a rise since the baseline marks the row on
			      * screen (the cgroup view's OOM kills) */
	COL_NAME = 1 << 10,  /* what names the row for people (NAME, CGROUP,
			      * COMMAND, CALLER): on screen it keeps its
			      * longest value's width (up to a cap) before
			      * any other column is shown, and a longer
			      * value is shortened in the middle */
};

/* How the rows of one label set combine into a series (prom_table):
 * summed (nothing lost: the series add up to the totals), the largest (a
 * size per object), or summed over the table's top rows alone (a count
 * that means nothing summed over "the others": the rest are not
 * counted); MET_COUNTER: summed, and a counter (TYPE counter: a count
 * since kmemtop began that only grows while it runs). */
enum met_how { MET_NONE = 0, MET_SUM, MET_MAX, MET_SUM_RANKED, MET_COUNTER };

/* A column is a field of the row struct (off, of kind: uint64_t for
 * V_U64, int64_t for V_I64, double for V_F64, const char * for V_STR),
 * absent where the bool at have is false (COL_MAYBE; a string is absent
 * when empty), or a value made by get. */
struct column {
	const char *key;   /* stable: --sort, JSON, man page */
	const char *title; /* header text */
	const char *json;  /* JSON field name */
	char letter;	   /* slabtop sort letter, or 0 */
	int width;	   /* cells of the value, suffix excluded */
	enum col_fmt fmt;
	unsigned flags;
	enum val_kind kind; /* of the field at off */
	size_t off;	    /* offsetof(row, field) */
	size_t have;	    /* COL_MAYBE: offsetof(row, bool present) */
	void (*get)(const void *row, struct value *out); /* or NULL */
	/* F_RENDER only: append the value's text (trusted, no escaping) */
	void (*render)(const struct value *v, struct sbuf *out);
	/* F_RENDER: what separates the items of the text, which JSON
	 * makes a list of (0: ','; '\n' for names that may hold commas) */
	char list_sep;
	/* COL_DELTA: the JSON name of the field it is the change of (a
	 * replay computes it from the recorded rows) */
	const char *delta_of;
	const char *help; /* one line, for --help, help screen, man */
	/* Prometheus (prom_table), where the table has metrics: the
	 * family's name after the table's prefix ("objects_active":
	 * kmemtop_slab_objects_active; NULL: no metric), how rows combine,
	 * and its HELP: a sentence (ending in '.') is the whole of it, a
	 * phrase is completed by the table's help_tail (or an own row's).
	 * Absent values (COL_MAYBE) are not counted; a family no row has a
	 * value of is not written. */
	const char *metric;
	enum met_how met;
	const char *metric_help;
	/* the label this column's value is in every series of the table
	 * (its name: "cache"), in column order; NULL: not a label */
	const char *label;
};

/* Rows of a table with metric names of their own (the cgroup view's
 * machine row): a family each, prefix + the column's metric, without
 * labels. */
struct met_own {
	const char *prefix;    /* "kmemtop_machine_" */
	const char *help_tail; /* " of the machine (meminfo, sockstat)." */
};

/* What a table's metrics are, beyond its columns' own settings. */
struct table_metrics {
	const char *prefix;    /* of every family name: "kmemtop_slab_" */
	const char *help_tail; /* completes the columns' help phrases */
	/* At most top rows are series of their own (0: every row), ranked
	 * by the columns rank[0], then rank[1] (keys; numbers largest
	 * first, text in byte order, not the locale's), ties in row order
	 * (an absent number ranks as 0, absent text as ""). The
	 * rest are summed under other as the first label's value (NULL: not
	 * counted). */
	size_t top;
	const char *rank[2];
	const char *other;
	/* Columns of the metrics alone, after the table's (labels such as
	 * a process's comm, values such as a count): never on screen, in
	 * JSON, sorted by or listed. */
	const struct column *cols;
	size_t ncols;
	/* The row's names of its own, or NULL: a series of the table's
	 * families. NULL: every row is. */
	const struct met_own *(*own)(const void *row);
};

struct table {
	const char *name; /* "slab", "vmalloc-caller": --list-columns */
	const struct column *cols;
	size_t ncols;
	size_t default_sort; /* index into cols */
	bool default_asc;    /* its default direction */
	const struct table_metrics *metrics; /* NULL: not exported */
};

/* A delta column's value: absent without a reference (the row is new,
 * or there was no earlier reading), else the change, or per second. */
void value_delta(bool has_ref, bool rate, int64_t change, double per_second,
		 struct value *out);

/* The value of column c in row. */
void col_get(const struct column *c, const void *row, struct value *out);

/* Cells a column takes on screen (width plus the "%" or "K" suffix). */
int col_cells(const struct column *c);

/* col_format's flag for text that is read by programs (-o, -b): a cell
 * is never blank, so every row has as many fields as the header. A zero
 * change prints 0, an absent value or empty text "-". The screen leaves
 * them blank. Not one of util.h's SAN_* bits. */
enum { CELL_FILL = 1 << 8 };

/* col_format's flag for the screen's human units: sizes (F_KIB, F_KIB2,
 * F_DELTA_KIB) in B, K, M, G, T as htop shows them ("8.1M", "+1.5M"),
 * right-aligned in the column's cells; -o and -b keep slabtop's K. */
enum { CELL_HUMAN = 1 << 9 };

/* Append the value as the column shows it, padded to col_cells(c). Text is
 * sanitized for flags (SAN_WIDE or SAN_ASCII: what the terminal shows,
 * and CELL_FILL);
 * when max_cells > 0 a text value is cut to that many cells (display
 * truncates, data does not). Returns the cells written. */
size_t col_format(const struct column *c, const struct value *v,
		  struct sbuf *out, int max_cells, unsigned flags);

/* Append the title aligned as the values are (right for numbers, left and
 * padded for text). */
void col_header(const struct column *c, struct sbuf *out);

/* The row's identity as one string: the values of its COL_ID columns,
 * raw, separated by 0x1f (the TUI's selection follows it). */
void table_row_id(const struct table *v, const void *row, struct sbuf *out);

/* Lookups; return the column index or -1. */
int table_find_key(const struct table *v, const char *key);
int table_find_letter(const struct table *v, char letter);

/* Compare two values of the same kind: <0, 0, >0. Strings use strcoll,
 * as slabtop does. */
int value_cmp(const struct value *a, const struct value *b);

/* Sort idx[0..n) (indices into rows, each row_size bytes) by column col.
 * Stable: ties keep their order in idx's initial content order, which
 * callers fill in file order, as slabtop's merge sort does. */
void table_sort(const struct column *col, bool desc, const void *rows,
		size_t row_size, size_t *idx, size_t n);

/* The value of column c of row i, for table_sort_by. */
typedef void (*table_get_fn)(const void *ctx, const struct column *c, size_t i,
			     struct value *out);

/* table_sort with the values from get (rows a caller reads its own way:
 * the row set's deltas). */
void table_sort_by(const struct column *col, bool desc, table_get_fn get,
		   const void *ctx, size_t *idx, size_t n);

/* A new index of rows 0..n-1 in file order, sorted by col as table_sort
 * does. Caller frees. */
size_t *table_sorted(const struct column *col, bool desc, const void *rows,
		     size_t row_size, size_t n);

#endif
