/*
 * prom.h - layer 4: Prometheus text exposition format (version 0.0.4)
 * of the models, for node_exporter's textfile collector or any scraper
 * of files.
 */
#ifndef KMEMTOP_PROM_H
#define KMEMTOP_PROM_H

#include "meminfo.h"
#include "slab_model.h"
#include "oom_model.h"
#include "util.h"
#include "vmalloc_model.h"

/* Processes with the highest oom_score that get a series: a bound, so a
 * host with 50,000 processes does not make 50,000 series per scrape. */
enum { PROM_OOM_TOP = 20, PROM_VMALLOC_CALLERS_TOP = 50 };

struct prom_input {
	const struct slab_model *slab; /* each NULL when not read */
	const struct vm_model *vm;
	const struct oom_model *oom;
	const struct meminfo *mi;
	int overcommit; /* -1: unknown */
	double time;	/* wall clock, seconds */
};

/* Every metric of the inputs with its HELP and TYPE lines. */
void prom_write(const struct prom_input *in, struct sbuf *out);

/* A label value as the format wants it: untrusted bytes escaped to
 * printable text first (\x1b), then backslash, double quote and newline
 * escaped. */
void prom_label_value(struct sbuf *out, const char *s);

#endif
