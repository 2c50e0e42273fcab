/*
 * chart.h - layer 4: a small chart of one series over time as lines of
 * text for the screen: braille dots (2 x 4 per cell) in a UTF-8 locale,
 * '*' otherwise; the largest and smallest value and the time span
 * labelled.
 */
#ifndef KMEMTOP_CHART_H
#define KMEMTOP_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Append height + 1 lines (each ending "\n") charting v[i] at t[i]
 * (i < n, NAN skipped) in width cells: a gutter of labels, the plot,
 * then a line with the time span. utf8: braille; bytes: values are
 * bytes (labels in K, M, G). */
void chart_text(const double *t, const double *v, size_t n, int width,
		int height, bool utf8, bool bytes, struct sbuf *out);

#endif
