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
	bool panels;	   /* one small chart per series, not one chart */
};

/* The most ticks an axis draws, whatever its values. */
#define PLOT_TICKS_MAX 64

/* A value axis with round ticks: lo, lo + step, ... hi, where step is 1,
 * 2 or 5 times a power of ten in the axis's unit (bytes: 1 to 500 of
 * bytes, K, M or G, any of T; counts: itself), so every label is exact
 * (200M, 400M, not 190.7M). */
struct plot_axis {
	double lo, hi, step; /* in the values' own unit (bytes, counts) */
	double unit;	     /* bytes: 1024^k; counts: 1 */
	const char *suffix;  /* "", "K", "M", "G", "T" */
	int decimals;	     /* of a label, in the unit */
};

/* The axis for values from lo to hi (lo < hi), at most target + 1 ticks
 * (target >= 1). */
void plot_axis_fit(struct plot_axis *ax, double lo, double hi, bool bytes,
		   int target);
/* The label of tick v of ax ("200M", "0.5", "150000"). */
void plot_axis_label(const struct plot_axis *ax, double v, char *b, size_t n);
/* The step of a time axis spanning span seconds, at most target
 * intervals: 1, 2, 5, 10, 15 or 30 seconds or minutes, 1, 2, 3, 6 or 12
 * hours, 1 or 2 days, a week, and 1, 2 or 5 times a power of ten weeks
 * beyond. */
double plot_time_step(double span, int target);

/* Draw p as an SVG (svg) or PNG image into out (reset first). Returns
 * 0, or -1 with err. */
int plot_render(const struct plot *p, bool svg, struct sbuf *out,
		struct kerr *err);

#endif
