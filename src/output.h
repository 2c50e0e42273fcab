/*
 * output.h - layer 4: non-interactive output (slabtop-compatible text and
 * JSON) built from the column tables.
 *
 * Functions append to a string buffer; the caller writes it out whole, so
 * a snapshot is never half-written.
 */
#ifndef KMEMTOP_OUTPUT_H
#define KMEMTOP_OUTPUT_H

#include <stddef.h>

#include "model.h"
#include "util.h"
#include "view.h"

/* The five summary lines and the blank line, exactly as slabtop prints
 * them. */
void output_slab_summary(const struct slab_totals *t, struct sbuf *out);

/* The column header as slabtop prints it (padded to 78 cells), built from
 * the displayed non-delta columns. */
void output_slab_header(struct sbuf *out);

/* One table line for row r. */
void output_slab_line(const struct slab_row *r, struct sbuf *out);

/* `slabtop -o`: summary, header and the rows idx[0..n) of m. */
void output_slab_text(const struct slab_model *m, const size_t *idx,
		      size_t n, struct sbuf *out);

/* One JSON object on one line (with "\n"): time, view, summary, rows. */
void output_slab_json(const struct slab_model *m, const size_t *idx,
		      size_t n, double time, struct sbuf *out);

#endif
