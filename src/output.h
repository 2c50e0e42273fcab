/*
 * output.h - layer 4: non-interactive output (slabtop-compatible text and
 * JSON) built from the column tables.
 *
 * Functions append to a string buffer; the caller writes it out whole, so
 * a snapshot is never half-written.
 */
#ifndef KMEMTOP_OUTPUT_H
#define KMEMTOP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "meminfo.h"
#include "model.h"
#include "oom_model.h"
#include "vmalloc_model.h"
#include "util.h"
#include "view.h"

struct json_object;

/* The five summary lines and the blank line, exactly as slabtop prints
 * them. */
void output_slab_summary(const struct slab_totals *t, struct sbuf *out);

/* The column header as slabtop prints it (padded to 78 cells), built from
 * the displayed non-delta columns. */
void output_slab_header(struct sbuf *out);

/* One table line for row r. */
void output_slab_line(const struct slab_row *r, struct sbuf *out);

/* `slabtop -o`: summary, header and the rows idx[0..n) of m. */
void output_slab_text(const struct slab_model *m, const size_t *idx, size_t n,
		      struct sbuf *out);

/* One JSON object on one line (with "\n"): time, view, summary, rows. */
void output_slab_json(const struct slab_model *m, const size_t *idx, size_t n,
		      double time, struct sbuf *out);

/* vmalloc: the summary lines (totals, VmallocUsed when mi has it, totals
 * by type, skipped lines) and a blank line. */
void output_vmalloc_summary(const struct vm_model *m, const struct meminfo *mi,
			    struct sbuf *out);

/* A plain table of any view: header and the rows idx[0..n), columns that
 * are neither hidden nor deltas, separated by one space. */
void output_table(const struct view *vw, const void *rows, size_t row_size,
		  const size_t *idx, size_t n, struct sbuf *out);

/* One JSON object on one line: time, view "vmalloc", group_by, summary
 * (areas, bytes, by_type, skipped_lines) and the rows through vw. */
void output_vmalloc_json(const struct vm_model *m, const struct view *vw,
			 const void *rows, size_t row_size, const size_t *idx,
			 size_t n, double time, struct sbuf *out);

/* oom: the memory-pressure lines (MemAvailable, swap, commit, overcommit
 * mode, process count), with changes since prev when it is given; mi may
 * be NULL. */
void output_oom_summary(const struct oom_model *m, const struct meminfo *mi,
			const struct meminfo *prev, int overcommit,
			struct sbuf *out);

/* One JSON object on one line: time, view "oom", summary (bytes; null
 * where meminfo lacks a field), rows. */
void output_oom_json(const struct oom_model *m, const struct meminfo *mi,
		     int overcommit, const size_t *idx, size_t n, double time,
		     struct sbuf *out);

/* With deltas: the same, plus the view's delta columns (batch mode from
 * the second snapshot on). */
void output_slab_text_ex(const struct slab_model *m, const size_t *idx,
			 size_t n, bool deltas, struct sbuf *out);
void output_table_ex(const struct view *vw, const void *rows, size_t row_size,
		     const size_t *idx, size_t n, bool deltas,
		     struct sbuf *out);

/* The JSON objects the output_*_json functions print, for callers that
 * add to them (batch deltas); output_json_line prints one and drops the
 * reference. */
struct json_object *output_slab_object(const struct slab_model *m,
				       const size_t *idx, size_t n,
				       double time);
struct json_object *output_vmalloc_object(const struct vm_model *m,
					  const struct view *vw,
					  const void *rows, size_t row_size,
					  const size_t *idx, size_t n,
					  double time);
struct json_object *output_oom_object(const struct oom_model *m,
				      const struct meminfo *mi, int overcommit,
				      const size_t *idx, size_t n, double time);
void output_json_line(struct json_object *root, struct sbuf *out);

#endif
