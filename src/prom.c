/*
 * prom.c - the Prometheus text exposition format: families, escaped
 * labels, samples of repeated label sets combined; the meminfo fields and
 * the timestamp. Each view writes its own metrics with these (view_*.c).
 *
 * Conventions (prometheus.io/docs/practices/naming): the kmemtop_ prefix,
 * base units in the name (_bytes), no _total since nothing here is a
 * counter: every value is a gauge read from /proc. One series per label
 * set: where a label value repeats (two caches of one name, as real
 * kernels have; two long names alike in their first 120 bytes) the
 * series is the sum of them, so nothing is lost and the series add up
 * to the totals (a size per object takes the largest instead); HELP
 * says so.
 */
#include "prom.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* label values cut to this many bytes (at a character boundary) */
enum { LABEL_MAX = 120 };

void prom_label_value(struct sbuf *out, const char *s)
{
	struct sbuf clean = { 0 };
	size_t n;

	sanitize(&clean, s, strlen(s), 0);
	n = clean.len;
	if (n > LABEL_MAX) {
		n = LABEL_MAX;
		while (n && ((unsigned char)clean.s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		char c = clean.s[i];
		if (c == '\\' || c == '"')
			sbuf_addc(out, '\\');
		if (c == '\n') {
			sbuf_add(out, "\\n", 2);
			continue;
		}
		sbuf_addc(out, c);
	}
	sbuf_free(&clean);
}

void prom_family(struct sbuf *out, const char *name, const char *help)
{
	sbuf_addf(out,
		  "# HELP %s %s\n"
		  "# TYPE %s gauge\n",
		  name, help, name);
}

/* The label sets {key="value"} of n values, escaped, made once and
 * shared by every metric of a family group; first_of[i] is the first
 * value with the same label set (i itself for the first). */

static int cmp_label(const void *a, const void *b, void *ctx)
{
	const struct prom_labels *l = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(l->s[x], l->s[y]);

	return c ? c : (x > y) - (x < y);
}

void prom_labels_group(struct prom_labels *l, char **sets, size_t n)
{
	size_t *order = xmalloc((n ? n : 1) * sizeof(*order));

	l->n = n;
	l->s = sets;
	l->first_of = xmalloc((n ? n : 1) * sizeof(*l->first_of));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* equal labels sort together, earliest row first: n log n, not a
	 * scan per label */
	qsort_r(order, n, sizeof(*order), cmp_label, l);
	for (size_t k = 0; k < n; k++) {
		bool first = !k || strcmp(l->s[order[k]], l->s[order[k - 1]]);
		l->first_of[order[k]] = first ? order[k]
					      : l->first_of[order[k - 1]];
	}
	free(order);
}

void prom_labels_make(struct prom_labels *l, const char *key,
		      const char *const *values, size_t n)
{
	struct sbuf b = { 0 };
	char **sets = xmalloc((n ? n : 1) * sizeof(*sets));

	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&b);
		sbuf_addf(&b, "{%s=\"", key);
		prom_label_value(&b, values[i]);
		sbuf_add(&b, "\"}", 2);
		sets[i] = xstrdup(b.s);
	}
	prom_labels_group(l, sets, n);
	sbuf_free(&b);
}

void prom_labels_free(struct prom_labels *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->first_of);
	memset(l, 0, sizeof(*l));
}

/* A family: HELP, TYPE and a sample per label set, from the values v[i]
 * of the n labelled things, combined where label sets repeat; with have,
 * only the values present count, and a label set none of whose values is
 * present has no sample. help NULL: HELP and TYPE are written already. */
void prom_samples_some(struct sbuf *out, const char *name, const char *help,
		       const struct prom_labels *l, const uint64_t *v,
		       const bool *have, enum prom_combine how)
{
	uint64_t *acc = xcalloc(l->n ? l->n : 1, sizeof(*acc));
	bool *any = xcalloc(l->n ? l->n : 1, sizeof(*any));

	if (help) /* NULL: the family's head is written already */
		prom_family(out, name, help);
	for (size_t i = 0; i < l->n; i++) {
		uint64_t *a = &acc[l->first_of[i]];
		if (have && !have[i])
			continue;
		any[l->first_of[i]] = true;
		if (how == PROM_SUM)
			*a += v[i];
		else if (v[i] > *a)
			*a = v[i];
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->first_of[i] == i && any[i])
			sbuf_addf(out, "%s%s %" PRIu64 "\n", name, l->s[i],
				  acc[i]);
	free(acc);
	free(any);
}

void prom_samples(struct sbuf *out, const char *name, const char *help,
		  const struct prom_labels *l, const uint64_t *v,
		  enum prom_combine how)
{
	prom_samples_some(out, name, help, l, v, NULL, how);
}

/* ---- meminfo and oom -------------------------------------------------- */

void prom_meminfo(const struct meminfo *mi, struct sbuf *out)
{
	prom_family(out, "kmemtop_memory_bytes",
		    "Fields of /proc/meminfo that kmemtop shows, in bytes.");
	for (int f = 0; f < MI_COUNT; f++)
		if (mi->have[f])
			sbuf_addf(out,
				  "kmemtop_memory_bytes{field=\"%s\"} %" PRIu64
				  "\n",
				  meminfo_name((enum mi_field)f), mi->bytes[f]);
}

void prom_timestamp(double time, struct sbuf *out)
{
	prom_family(out, "kmemtop_snapshot_timestamp_seconds",
		    "When kmemtop took these figures (Unix time).");
	sbuf_addf(out, "kmemtop_snapshot_timestamp_seconds %.3f\n", time);
}
