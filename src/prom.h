/*
 * prom.h - layer 4: the Prometheus text exposition format (version
 * 0.0.4), for node_exporter's textfile collector or any scraper of
 * files: every view's metrics, from its columns (table.h).
 *
 * Conventions (prometheus.io/docs/practices/naming): the kmemtop_ prefix,
 * base units in the name (_bytes), no _total since nothing here is a
 * counter: every value is a gauge read from /proc.
 */
#ifndef KMEMTOP_PROM_H
#define KMEMTOP_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meminfo.h"
#include "table.h"
#include "util.h"

/* Series bounds: a host with 50,000 processes or 5,000 vmalloc callers
 * does not make that many series per scrape. The OOM killer takes one
 * process at a time: ten show who is next (the dashboard draws
 * topk(10)), and each rank more is a series that churns as processes
 * come and go (every new PID is a new series). */
enum { PROM_OOM_TOP = 10, PROM_VMALLOC_CALLERS_TOP = 50 };

/* "# HELP name help" and "# TYPE name gauge". */
void prom_family(struct sbuf *out, const char *name, const char *help);

/* A label value as the format wants it: untrusted bytes escaped to
 * printable text first (\x1b), then backslash, double quote and newline
 * escaped; cut to 120 bytes at a character boundary. */
void prom_label_value(struct sbuf *out, const char *s);

/* The metrics of a table (t->metrics; none without) over its rows
 * rows[0..n), each row_size bytes: a family per column with a metric
 * (table.h), HELP and TYPE first, a sample per label set, in the order
 * of the rows (ranked, where the table ranks them); label sets alike
 * after escaping are one series, the rows' values combined as the column
 * says; then the families of the rows with names of their own, row by
 * row. */
void prom_table(struct sbuf *out, const struct table *t, const void *rows,
		size_t row_size, size_t n);

/* kmemtop_memory_bytes{field=...}: the meminfo fields read. */
void prom_meminfo(const struct meminfo *mi, struct sbuf *out);

/* kmemtop_snapshot_timestamp_seconds. */
void prom_timestamp(double time, struct sbuf *out);

#endif
