/*
 * plot.h - layer 4: a line chart of series over time, drawn with cairo
 * as PNG or SVG: a line per series, a
 * legend with the names, time on the x axis with ticks a person reads
 * (minutes, hours or days), the value's unit on the y axis. A picture to
 * attach to a bug report.
 *
 * Bytes only: the caller writes them (outfile, as every file kmemtop
 * makes); never prints.
 */
#ifndef KMEMTOP_PLOT_H
#define KMEMTOP_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The most points drawn per series: a longer recording is sampled. */
#define PLOT_POINTS 2000

struct plot_series {
	char *name; /* untrusted: escaped before it is drawn */
	double *v;  /* npoints values, NAN where the row was absent */
};

struct plot {
	const char *title;
	const char *ylabel;
	bool bytes; /* values are bytes: ticks in K, M, G */
	double *t;  /* npoints times, Unix seconds, increasing */
	size_t npoints;
	struct plot_series *series;
	size_t nseries;
	int width, height; /* pixels (PNG) or points (SVG) */
};

/* Draw p as an SVG (svg) or PNG image into out (reset first). Returns
 * 0, or -1 with err. */
int plot_render(const struct plot *p, bool svg, struct sbuf *out,
		struct kerr *err);

#endif
