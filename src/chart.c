/*
 * chart.c - a series as braille or ASCII text (chart.h).
 */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GUTTER 9 /* cells of the value labels */

static void clock_of(double t, char *b, size_t n)
{
	time_t s = (time_t)t;
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(b, n, "%m-%d %H:%M:%S", &tm);
}

void chart_text(const double *t, const double *v, size_t n, int width,
		int height, bool utf8, bool bytes, struct sbuf *out)
{
	int cw = width - GUTTER, px, py;
	double lo = INFINITY, hi = -INFINITY, t0 = 0, t1 = 0;
	unsigned char *dots;
	char a[32], b[32];
	size_t have = 0;

	if (cw < 4 || height < 2)
		return;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i])) {
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
			if (!have++)
				t0 = t[i];
			t1 = t[i];
		}
	if (!have) {
		sbuf_addf(out, "%*s(no values of this row yet)\n", GUTTER, "");
		for (int r = 1; r <= height; r++)
			sbuf_addc(out, '\n');
		return;
	}
	px = utf8 ? cw * 2 : cw;
	py = utf8 ? height * 4 : height;
	dots = calloc((size_t)px * (size_t)py, 1);
	if (!dots)
		return;
	/* each point, joined to the one before it */
	{
		int lx = -1, ly = -1;
		for (size_t i = 0; i < n; i++) {
			int x, y;
			if (isnan(v[i])) {
				lx = -1;
				continue;
			}
			x = t1 > t0 ? (int)lround((t[i] - t0) / (t1 - t0) *
						  (px - 1))
				    : px - 1;
			y = hi > lo ? (int)lround((v[i] - lo) / (hi - lo) *
						  (py - 1))
				    : py / 2;
			dots[(size_t)y * (size_t)px + (size_t)x] = 1;
			/* a line from the previous point (Bresenham) */
			if (lx >= 0) {
				int dx = abs(x - lx), dy = -abs(y - ly);
				int sx = lx < x ? 1 : -1, sy = ly < y ? 1 : -1;
				int e = dx + dy, cx = lx, cy = ly;
				for (;;) {
					int e2 = 2 * e;
					dots[(size_t)cy * (size_t)px +
					     (size_t)cx] = 1;
					if (cx == x && cy == y)
						break;
					if (e2 >= dy) {
						e += dy;
						cx += sx;
					}
					if (e2 <= dx) {
						e += dx;
						cy += sy;
					}
				}
			}
			lx = x, ly = y;
		}
	}
	format_scaled(hi, bytes, a, sizeof(a));
	format_scaled(lo, bytes, b, sizeof(b));
	for (int r = 0; r < height; r++) {
		/* rows from the top: the highest values first */
		if (r == 0)
			sbuf_addf(out, "%*s |", GUTTER - 2, a);
		else if (r == height - 1)
			sbuf_addf(out, "%*s |", GUTTER - 2, b);
		else
			sbuf_addf(out, "%*s |", GUTTER - 2, "");
		for (int c = 0; c < cw; c++) {
			if (!utf8) {
				int y = py - 1 - r;
				sbuf_addc(
					out,
					dots[(size_t)y * (size_t)px + (size_t)c]
						? '*'
						: ' ');
				continue;
			}
			{
				/* braille: dots 1-2-3-7 left, 4-5-6-8 right, top
				 * down */
				static const unsigned bit[2][4] = {
					{ 0x01, 0x02, 0x04, 0x40 },
					{ 0x08, 0x10, 0x20, 0x80 }
				};
				unsigned cp = 0x2800;
				for (int dx = 0; dx < 2; dx++)
					for (int dy = 0; dy < 4; dy++) {
						int y = py - 1 - (r * 4 + dy);
						int x = c * 2 + dx;
						if (dots[(size_t)y * (size_t)px +
							 (size_t)x])
							cp |= bit[dx][dy];
					}
				if (cp == 0x2800) { /* no dot: a blank */
					sbuf_addc(out, ' ');
					continue;
				}
				sbuf_addc(out, (char)(0xe0 | (cp >> 12)));
				sbuf_addc(out,
					  (char)(0x80 | ((cp >> 6) & 0x3f)));
				sbuf_addc(out, (char)(0x80 | (cp & 0x3f)));
			}
		}
		sbuf_addc(out, '\n');
	}
	clock_of(t0, a, sizeof(a));
	clock_of(t1, b, sizeof(b));
	sbuf_addf(out, "%*s  %s to %s UTC (%.0f s, %zu points)\n", GUTTER - 2,
		  "", a, b, t1 - t0, have);
	free(dots);
}
