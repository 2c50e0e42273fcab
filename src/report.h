/*
 * report.h - layer 6: snapshots of the views for standard output or a
 * file: --once (one snapshot) and batch mode (-b, many), as text, JSON
 * Lines or Prometheus metrics.
 *
 * A report keeps every requested view's model between snapshots, so the
 * second snapshot on carries changes: delta columns in text, a "delta"
 * object per JSON row, "gone" rows for what vanished. It reads and
 * formats; main writes what it returns and owns the loop.
 */
#ifndef KMEMTOP_REPORT_H
#define KMEMTOP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "util.h"

struct report;

/* A report for o (views, format, sort, the views' settings). Returns
 * NULL with err set when the options cannot work together (a -s key no
 * listed view knows, a change key with -o): a usage error. */
struct report *report_new(const struct options *o, struct kerr *err);

/* Take one snapshot of every view at wall-clock time now and append it
 * to the sink (which may hand parts of it on as it grows). Problems
 * (unreadable files, skipped lines) are appended to errs as
 * "kmemtop: ..." lines. Returns true when every view could be read. */
struct out_sink;
bool report_snapshot(struct report *r, double now, struct out_sink *k,
		     struct sbuf *errs);

void report_free(struct report *r);

#endif
