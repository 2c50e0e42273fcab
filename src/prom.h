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

/* The label sets {key="value"} of n values, escaped, made once and
 * shared by the families of a group; first_of[i] is the first value with
 * the same label set (i itself for the first). */
struct prom_labels {
	char **s;
	size_t *first_of;
	size_t n;
};
void prom_labels_make(struct prom_labels *l, const char *key,
		      const char *const *values, size_t n);
/* The same from label sets the caller made ("{a=\"x\",b=\"y\"}", each
 * value through prom_label_value), n malloc'd strings that l takes over:
 * grouped by the escaped text, so two values that escape alike are one
 * series. */
void prom_labels_group(struct prom_labels *l, char **sets, size_t n);
void prom_labels_free(struct prom_labels *l);

/* How the values of a repeated label set combine: summed (nothing lost:
 * the series add up to the totals), or the largest (a size per object). */
enum prom_combine { PROM_SUM, PROM_MAX };

/* A family: HELP, TYPE and a sample per label set, from the values v[i]
 * of the n labelled things. */
void prom_samples(struct sbuf *out, const char *name, const char *help,
		  const struct prom_labels *l, const uint64_t *v,
		  enum prom_combine how);
/* The same where some values are absent (have[i] false): only those
 * present combine; a label set with none present has no sample. help
 * NULL: the family's HELP and TYPE are written already. */
void prom_samples_some(struct sbuf *out, const char *name, const char *help,
		       const struct prom_labels *l, const uint64_t *v,
		       const bool *have, enum prom_combine how);

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
