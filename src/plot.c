/*
 * plot.c - series over time, drawn with cairo (plot.h).
 *
 * cairo (and the twenty libraries it brings: X11, fontconfig, freetype,
 * pixman, png) is loaded here, when a plot is drawn, not when kmemtop
 * starts: -o and the screen never pay for it. Its headers give the
 * types; the functions come from a table filled by dlsym. This module
 * never writes the file (replay_plot.c does, through outfile) and never
 * prints.
 */
#include "plot.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The library --plot loads, by its soname (Debian: libcairo2). */
#define PLOT_CAIRO_LIB "libcairo.so.2"

/* Every cairo function this module calls. One missing from the list is
 * an undefined reference when kmemtop links (it is not linked with
 * cairo): add it here. */
#define CAIRO_FUNCTIONS(X)                   \
	X(cairo_arc)                         \
	X(cairo_close_path)                  \
	X(cairo_create)                      \
	X(cairo_destroy)                     \
	X(cairo_fill)                        \
	X(cairo_image_surface_create)        \
	X(cairo_line_to)                     \
	X(cairo_move_to)                     \
	X(cairo_paint)                       \
	X(cairo_rectangle)                   \
	X(cairo_restore)                     \
	X(cairo_rotate)                      \
	X(cairo_save)                        \
	X(cairo_select_font_face)            \
	X(cairo_set_dash)                    \
	X(cairo_set_font_size)               \
	X(cairo_set_line_width)              \
	X(cairo_set_source_rgb)              \
	X(cairo_show_text)                   \
	X(cairo_status_to_string)            \
	X(cairo_stroke)                      \
	X(cairo_surface_destroy)             \
	X(cairo_surface_finish)              \
	X(cairo_surface_status)              \
	X(cairo_surface_write_to_png_stream) \
	X(cairo_text_extents)                \
	X(cairo_svg_surface_create_for_stream)

/* The library loaded for one plot, and its functions. */
struct cairo_lib {
	void *handle;
#define X(f) __typeof__(f) *f;
	CAIRO_FUNCTIONS(X)
#undef X
};

/* Load cairo into cl. Returns 0, or -1 with err naming the library,
 * what failed (the loader's words, escaped) and the package to install,
 * as systemd says of its optional libraries. */
static int plot_load_cairo(struct cairo_lib *cl, struct kerr *err)
{
	const char *missing = NULL;
	struct sbuf why = { 0 };
	const char *e;

	/* never unloaded: fontconfig keeps process-long caches that
	 * LeakSanitizer is told about by library name (tests/lsan.supp) */
	cl->handle =
		dlopen(PLOT_CAIRO_LIB, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (cl->handle) {
#define X(f)                                                         \
	if (!missing && !(*(void **)&cl->f = dlsym(cl->handle, #f))) \
		missing = #f;
		CAIRO_FUNCTIONS(X)
#undef X
		if (!missing)
			return 0;
	}
	e = dlerror();
	sanitize(&why, e ? e : "unknown error", strlen(e ? e : "unknown error"),
		 0);
	kerr_set(err,
		 "--plot needs the cairo library (" PLOT_CAIRO_LIB
		 "), which %s: %.300s (install libcairo2)",
		 missing ? "lacks a function it calls" : "cannot be loaded",
		 why.s);
	sbuf_free(&why);
	if (cl->handle)
		dlclose(cl->handle);
	cl->handle = NULL;
	return -1;
}

/* From here on, each cairo call goes through the table cl in scope:
 * cairo_move_to(cr, x, y) is cl->cairo_move_to(cr, x, y). */
#define cairo_arc		   (cl->cairo_arc)
#define cairo_close_path	   (cl->cairo_close_path)
#define cairo_create		   (cl->cairo_create)
#define cairo_destroy		   (cl->cairo_destroy)
#define cairo_fill		   (cl->cairo_fill)
#define cairo_image_surface_create (cl->cairo_image_surface_create)
#define cairo_line_to		   (cl->cairo_line_to)
#define cairo_move_to		   (cl->cairo_move_to)
#define cairo_paint		   (cl->cairo_paint)
#define cairo_rectangle		   (cl->cairo_rectangle)
#define cairo_restore		   (cl->cairo_restore)
#define cairo_rotate		   (cl->cairo_rotate)
#define cairo_save		   (cl->cairo_save)
#define cairo_select_font_face	   (cl->cairo_select_font_face)
#define cairo_set_dash		   (cl->cairo_set_dash)
#define cairo_set_font_size	   (cl->cairo_set_font_size)
#define cairo_set_line_width	   (cl->cairo_set_line_width)
#define cairo_set_source_rgb	   (cl->cairo_set_source_rgb)
#define cairo_show_text		   (cl->cairo_show_text)
#define cairo_status_to_string	   (cl->cairo_status_to_string)
#define cairo_stroke		   (cl->cairo_stroke)
#define cairo_surface_destroy	   (cl->cairo_surface_destroy)
#define cairo_surface_finish	   (cl->cairo_surface_finish)
#define cairo_surface_status	   (cl->cairo_surface_status)
#define cairo_surface_write_to_png_stream \
	(cl->cairo_surface_write_to_png_stream)
#define cairo_text_extents (cl->cairo_text_extents)
#define cairo_svg_surface_create_for_stream \
	(cl->cairo_svg_surface_create_for_stream)

/* The smallest of 1, 2 or 5 times a power of ten that is at least x
 * (x > 0); a step of at least x keeps an axis to its target of ticks. */
static double ceil125(double x)
{
	double e = pow(10, floor(log10(x))), f = x / e;

	/* a hair over 1, 2 or 5 is rounding, not a reason for the next */
	return (f <= 1 + 1e-9	? 1
		: f <= 2 + 1e-9 ? 2
		: f <= 5 + 1e-9 ? 5
				: 10) *
	       e;
}

void plot_axis_fit(struct plot_axis *ax, double lo, double hi, bool bytes,
		   int target)
{
	static const char *const suffix[] = { "", "K", "M", "G", "T" };
	double raw = (hi - lo) / (target > 0 ? target : 1), step;
	int k = 0;

	/* bytes: the largest unit in which the step is 1 to 500 of it
	 * (500/1024 of the next unit up is 500 of this one); any of T */
	ax->unit = 1;
	while (bytes && k < 4 && raw / (ax->unit * 1024) > 500.0 / 1024) {
		ax->unit *= 1024;
		k++;
	}
	ax->suffix = suffix[k];
	step = ceil125(raw / ax->unit);
	if (bytes && step < 1)
		step = 1; /* no fraction of a byte */
	ax->decimals = step >= 1 || !(step > 1e-15)
			       ? 0
			       : (int)ceil(-log10(step) - 1e-9);
	ax->step = step * ax->unit;
	ax->lo = floor(lo / ax->step) * ax->step;
	ax->hi = ceil(hi / ax->step) * ax->step;
}

void plot_axis_label(const struct plot_axis *ax, double v, char *b, size_t n)
{
	double u = v / ax->unit;

	if (fabs(v) < ax->step / 2)
		snprintf(b, n, "0"); /* never "-0", nor "0M" */
	else if (fabs(u) >= 1e12)    /* past what a margin holds in digits */
		snprintf(b, n, "%.6g%s", u, ax->suffix);
	else
		snprintf(b, n, "%.*f%s", ax->decimals, u, ax->suffix);
}

/* Steps of time that read well, in seconds. */
static const double time_steps[] = { 1,	    2,	   5,	  10,	  15,
				     30,    60,	   120,	  300,	  600,
				     900,   1800,  3600,  7200,	  10800,
				     21600, 43200, 86400, 172800, 604800 };

double plot_time_step(double span, int target)
{
	for (size_t i = 0; i < ARRAY_SIZE(time_steps); i++)
		if (span / time_steps[i] <= target)
			return time_steps[i];
	/* longer than target weeks: days */
	return ceil125(span / target / 86400) * 86400;
}

static void time_label(double t, double step, char *b, size_t n)
{
	time_t s;
	struct tm tm;

	/* a time_t holds it, and gmtime_r gives a date (never an
	 * unchecked struct tm) */
	if (!(fabs(t) < 1e15) || (s = (time_t)t, !gmtime_r(&s, &tm))) {
		snprintf(b, n, "?");
		return;
	}
	strftime(b, n,
		 step >= 86400 * 365 ? "%Y-%m-%d"
		 : step >= 86400     ? "%m-%d"
		 : step < 60	     ? "%H:%M:%S"
				     : "%H:%M",
		 &tm);
}

/* Text of s safe to draw: control bytes as '?' (cairo takes UTF-8; bytes
 * that are not are replaced by sanitize's escapes). */
static void safe_text(const char *s, struct sbuf *out)
{
	sbuf_reset(out);
	sanitize(out, s, strlen(s), 0);
}

/* Distinct, print-safe line colours (Okabe-Ito, then darker ones). */
static const double colours[][3] = {
	{ 0.00, 0.45, 0.70 }, { 0.90, 0.62, 0.00 }, { 0.00, 0.62, 0.45 },
	{ 0.80, 0.47, 0.65 }, { 0.84, 0.37, 0.00 }, { 0.34, 0.71, 0.91 },
	{ 0.35, 0.35, 0.35 }, { 0.60, 0.50, 0.10 }, { 0.40, 0.20, 0.60 },
	{ 0.10, 0.40, 0.20 },
};

/* Dash patterns beside the colours, for rows that grew alike (where
 * lines lie on each other the dashes let the one below show through)
 * and for print in grey: solid, dashed, dotted, dash-dot (points, at a
 * line width of 2). */
static const double dash_long[] = { 9, 4 }, dash_dot[] = { 2, 3 },
		    dash_mix[] = { 9, 3, 2, 3 };
static const struct {
	const double *d;
	int n;
} dashes[] = { { NULL, 0 }, { dash_long, 2 }, { dash_dot, 2 }, { dash_mix, 4 } };

/* Marker shapes: a circle, then polygons around the point (radius 1, x
 * and y in turn), each turned by an angle: square, triangle up, diamond,
 * triangle down, plus, cross. */
static const double sq[] = { -0.8, -0.8, 0.8, -0.8, 0.8, 0.8, -0.8, 0.8 },
		    tri[] = { 0, -1.1, 1, 0.7, -1, 0.7 },
		    plus[] = { -0.3, -1.1, 0.3,	 -1.1, 0.3,  -0.3, 1.1,	 -0.3,
			       1.1,  0.3,  0.3,	 0.3,  0.3,  1.1,  -0.3, 1.1,
			       -0.3, 0.3,  -1.1, 0.3,  -1.1, -0.3, -0.3, -0.3 };
static const struct {
	const double *xy;
	int n;
	double turn; /* radians */
} markers[] = {
	{ NULL, 0, 0 },		{ sq, 4, 0 },	  { tri, 3, 0 },
	{ sq, 4, M_PI / 4 },	{ tri, 3, M_PI }, { plus, 12, 0 },
	{ plus, 12, M_PI / 4 },
};
#define MARKER_R 4.5 /* points */

/* Series s's pen: its colour, dash and marker. The pairs of colour and
 * dash differ for the first 20 series, with the marker for all 100. */
static void series_pen(const struct cairo_lib *cl, cairo_t *cr, size_t s)
{
	const double *c = colours[s % ARRAY_SIZE(colours)];

	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
	cairo_set_dash(cr, dashes[s % ARRAY_SIZE(dashes)].d,
		       dashes[s % ARRAY_SIZE(dashes)].n, 0);
}

static void marker(const struct cairo_lib *cl, cairo_t *cr, size_t s, double x,
		   double y)
{
	size_t m = s % ARRAY_SIZE(markers);
	double c = cos(markers[m].turn), sn = sin(markers[m].turn);

	if (!markers[m].n) {
		cairo_move_to(cr, x + MARKER_R, y);
		cairo_arc(cr, x, y, MARKER_R, 0, 2 * M_PI);
	}
	for (int i = 0; i < markers[m].n; i++) {
		double px = markers[m].xy[2 * i], py = markers[m].xy[2 * i + 1];
		(i ? cairo_line_to
		   : cairo_move_to)(cr, x + MARKER_R * (px * c - py * sn),
				    y + MARKER_R * (px * sn + py * c));
	}
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* Where a plot's parts go: the frame of the lines in the picture, and
 * its axes. */
struct frame {
	double L, T, pw, ph; /* the frame's left, top, width, height */
	double t0, t1;	     /* the time axis's ends */
	struct plot_axis y;
};

static double frame_x(const struct frame *f, double t)
{
	return f->L + (t - f->t0) / (f->t1 - f->t0) * f->pw;
}

static double frame_y(const struct frame *f, double v)
{
	return f->T + f->ph - (v - f->y.lo) / (f->y.hi - f->y.lo) * f->ph;
}

/* Series s at time t, a straight line between the points around it;
 * false where it has none. *i is where the last call found t (times
 * asked in order). */
static bool series_at(const struct plot *p, size_t s, double t, size_t *i,
		      double *v)
{
	const double *x = p->series[s].v;

	while (*i + 1 < p->npoints && p->t[*i + 1] <= t)
		(*i)++;
	if (!p->npoints || t < p->t[*i] || isnan(x[*i]))
		return false;
	if (*i + 1 >= p->npoints || t == p->t[*i]) {
		*v = x[*i];
		return t == p->t[*i];
	}
	if (isnan(x[*i + 1]))
		return false;
	*v = x[*i] +
	     (x[*i + 1] - x[*i]) * (t - p->t[*i]) / (p->t[*i + 1] - p->t[*i]);
	return true;
}

/* The markers of a series on its line: PLOT_MARKS of them, each series
 * at its own offset, so where rows grew alike and their lines lie on
 * one another every row still shows its marks. */
#define PLOT_MARKS 6
static void series_marks(const struct cairo_lib *cl, cairo_t *cr,
			 const struct plot *p, const struct frame *f, size_t s)
{
	size_t i = 0;
	double v;

	for (int j = 0; j < PLOT_MARKS; j++) {
		double t =
			f->t0 + (j + ((double)s + 0.5) / (double)p->nseries) /
					PLOT_MARKS * (f->t1 - f->t0);
		if (series_at(p, s, t, &i, &v) && v >= f->y.lo && v <= f->y.hi)
			marker(cl, cr, s, frame_x(f, t), frame_y(f, v));
	}
}

/* The y grid and its labels, said in desc too ("0, 50M, 100M"); a step
 * too small to advance y ends it */
static void draw_y_axis(const struct cairo_lib *cl, cairo_t *cr,
			const struct frame *f, struct sbuf *desc)
{
	double y = f->y.lo;
	cairo_text_extents_t ext;
	char b[64];

	for (int k = 0; y <= f->y.hi + f->y.step / 2 && k < PLOT_TICKS_MAX;
	     k++) {
		double py = frame_y(f, y);
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, f->L, py);
		cairo_line_to(cr, f->L + f->pw, py);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		plot_axis_label(&f->y, y, b, sizeof(b));
		sbuf_addf(desc, "%s%s", k ? ", " : "", b);
		cairo_text_extents(cr, b, &ext); /* right-aligned */
		cairo_move_to(cr, f->L - 8 - ext.x_advance, py + 4);
		cairo_show_text(cr, b);
		if (y + f->y.step == y)
			break;
		y += f->y.step;
	}
}

/* The x grid and its labels: ticks at whole steps of UTC time */
static void draw_x_axis(const struct cairo_lib *cl, cairo_t *cr,
			const struct frame *f, struct sbuf *desc)
{
	/* a label every 100 points at most, 8 on a full-size plot */
	double tstep = plot_time_step(f->t1 - f->t0,
				      f->pw >= 800   ? 8
				      : f->pw >= 200 ? (int)(f->pw / 100)
						     : 2);
	double t = ceil(f->t0 / tstep) * tstep;
	char b[64];

	for (int k = 0; t <= f->t1 && k < PLOT_TICKS_MAX; k++) {
		double px = frame_x(f, t);
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, px, f->T);
		cairo_line_to(cr, px, f->T + f->ph);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		time_label(t, tstep, b, sizeof(b));
		sbuf_addf(desc, "%s%s", k ? ", " : "", b);
		cairo_move_to(cr, px - 3.2 * (double)strlen(b),
			      f->T + f->ph + 18);
		cairo_show_text(cr, b);
		if (t + tstep == t)
			break;
		t += tstep;
	}
}

/* The legend's names: at most this many cells, shortened in the middle
 * (sanitize_middle) so names that share a long start stay apart. */
#define PLOT_LEGEND_CELLS 32

/* The values of series s0 to s1 (excluded) as a frame's y axis: from
 * zero when that keeps the lines readable, never empty; ticks aimed at
 * target intervals. */
static void frame_fit(struct frame *f, const struct plot *p, size_t s0,
		      size_t s1, int target)
{
	double lo = INFINITY, hi = -INFINITY;

	f->t0 = p->npoints ? p->t[0] : 0;
	f->t1 = p->npoints ? p->t[p->npoints - 1] : 1;
	if (f->t1 <= f->t0)
		f->t1 = f->t0 + 1;
	for (size_t s = s0; s < s1; s++)
		for (size_t i = 0; i < p->npoints; i++)
			if (isfinite(p->series[s].v[i])) {
				lo = fmin(lo, p->series[s].v[i]);
				hi = fmax(hi, p->series[s].v[i]);
			}
	if (!isfinite(lo)) {
		lo = 0;
		hi = 1;
	}
	if (lo > 0 && lo < (hi - lo) * 2)
		lo = 0;
	if (hi <= lo)
		hi = lo + 1;
	plot_axis_fit(&f->y, lo, hi, p->bytes, target);
}

/* A frame's grid, tick labels and border; desc gets the labels: of the
 * one chart (panel 0), or of panel 1, 2, ... (the x axis once, as all
 * panels share it). */
static void draw_axes(const struct cairo_lib *cl, cairo_t *cr,
		      const struct frame *f, const char *ylabel, size_t panel,
		      struct sbuf *desc)
{
	struct sbuf none = { 0 };

	cairo_set_dash(cr, NULL, 0, 0); /* the last series' pen's */
	sbuf_addf(desc, "\ny axis (%s)", ylabel);
	if (panel)
		sbuf_addf(desc, " of panel %zu", panel);
	sbuf_addf(desc, ": ");
	draw_y_axis(cl, cr, f, desc);
	if (panel <= 1)
		sbuf_addf(desc, "\nx axis (UTC): ");
	draw_x_axis(cl, cr, f, panel <= 1 ? desc : &none);
	sbuf_free(&none);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, f->L, f->T, f->pw, f->ph);
	cairo_stroke(cr);
}

/* Series s's line in f, and its marks. */
static void draw_line(const struct cairo_lib *cl, cairo_t *cr,
		      const struct plot *p, const struct frame *f, size_t s)
{
	bool pen = false;

	series_pen(cl, cr, s);
	for (size_t i = 0; i < p->npoints; i++) {
		double v = p->series[s].v[i];
		if (isnan(v)) {
			pen = false;
			continue;
		}
		(pen ? cairo_line_to : cairo_move_to)(cr, frame_x(f, p->t[i]),
						      frame_y(f, v));
		pen = true;
	}
	cairo_stroke(cr);
	series_marks(cl, cr, p, f, s);
}

/* Series s's key at (x, y): a stretch of its pen with its mark, and its
 * name in at most cells cells after it. */
static void draw_key(const struct cairo_lib *cl, cairo_t *cr,
		     const struct plot *p, size_t s, double x, double y,
		     size_t cells, struct sbuf *txt)
{
	series_pen(cl, cr, s);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + 40, y);
	cairo_stroke(cr);
	marker(cl, cr, s, x + 20, y);
	cairo_set_source_rgb(cr, 0, 0, 0);
	sbuf_reset(txt);
	sanitize_middle(txt, p->series[s].name, strlen(p->series[s].name), 0,
			cells);
	cairo_move_to(cr, x + 47, y + 4);
	cairo_show_text(cr, txt->s);
}

/* The smallest panel worth drawing: room for a line and two ticks. */
#define PANEL_MIN_W 100
#define PANEL_MIN_H 40

/* The frame of panel s of --plot-panels: columns of panels, the first
 * series down the first; each panel's frame inside its cell, with room
 * for its y labels, its key above and its time labels below. */
static struct frame panel_frame(const struct plot *p, size_t s)
{
	size_t cols = p->nseries <= 4 ? 1
				      : (size_t)ceil(sqrt(p->nseries / 2.0));
	size_t rows = (p->nseries + cols - 1) / cols;
	double cw = (p->width - 20.0) / (double)cols,
	       ch = (p->height - 50.0) / (double)rows;

	return (struct frame){ .L = 10 + cw * (double)(s / rows) + 70,
			       .T = 50 + ch * (double)(s % rows) + 20,
			       .pw = cw - 70 - 10,
			       .ph = ch - 20 - 24 };
}

/* One small chart per series (--plot-panels), each with its own y axis
 * and its key above it. */
static void draw_panels(const struct cairo_lib *cl, cairo_t *cr,
			const struct plot *p, const char *ylabel,
			struct sbuf *desc, struct sbuf *txt)
{
	for (size_t s = 0; s < p->nseries; s++) {
		struct frame f = panel_frame(p, s);

		frame_fit(&f, p, s, s + 1, f.ph < 100 ? 2 : 4);
		draw_axes(cl, cr, &f, ylabel, s + 1, desc);
		draw_line(cl, cr, p, &f, s);
		draw_key(cl, cr, p, s, f.L, f.T - 10, (size_t)((f.pw - 47) / 7),
			 txt);
	}
}

/* Draw p; desc gets what the picture's axes say, for the SVG's <desc>. */
static void draw(const struct cairo_lib *cl, cairo_t *cr, const struct plot *p,
		 struct sbuf *desc)
{
	double W = p->width, H = p->height;
	double L = 90, R = 300, T = 50, B = 60; /* margins */
	struct frame f = { .L = L, .T = T, .pw = W - L - R, .ph = H - T - B };
	struct sbuf txt = { 0 }, yl = { 0 };

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	/* title */
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_size(cr, 16);
	safe_text(p->title ? p->title : "", &txt);
	cairo_move_to(cr, L, 30);
	cairo_show_text(cr, txt.s);
	cairo_set_font_size(cr, 12);
	cairo_set_line_width(cr, 2);
	safe_text(p->ylabel ? p->ylabel : "", &yl);
	if (p->panels) {
		draw_panels(cl, cr, p, yl.s ? yl.s : "", desc, &txt);
		goto out;
	}

	frame_fit(&f, p, 0, p->nseries, 6);
	draw_axes(cl, cr, &f, yl.s ? yl.s : "", 0, desc);
	cairo_move_to(cr, L + f.pw / 2 - 30, H - 18);
	cairo_show_text(cr, "time (UTC)");
	cairo_save(cr);
	cairo_move_to(cr, 20, T + f.ph / 2 + 20);
	cairo_rotate(cr, -M_PI / 2);
	cairo_show_text(cr, yl.s);
	cairo_restore(cr);
	/* the lines, each with its marks, and the legend beside them */
	for (size_t s = 0; s < p->nseries; s++) {
		draw_line(cl, cr, p, &f, s);
		draw_key(cl, cr, p, s, L + f.pw + 15, T + 10 + 22.0 * (double)s,
			 PLOT_LEGEND_CELLS, &txt);
	}
out:
	sbuf_free(&txt);
	sbuf_free(&yl);
}

/* XML text of untrusted s: escaped, control bytes dropped. */
static void xml_text(const char *s, struct sbuf *out)
{
	struct sbuf t = { 0 };

	sanitize(&t, s, strlen(s), 0);
	for (const char *p = t.s ? t.s : ""; *p; p++)
		switch (*p) {
		case '<':
			sbuf_addf(out, "&lt;");
			break;
		case '>':
			sbuf_addf(out, "&gt;");
			break;
		case '&':
			sbuf_addf(out, "&amp;");
			break;
		case '"':
			sbuf_addf(out, "&quot;");
			break;
		default:
			sbuf_addc(out, *p);
		}
	sbuf_free(&t);
}

/* cairo draws text as glyph outlines: the title, the legend's names (in
 * full) and the axes' ticks (axes) go in as <title> and <desc> too, for
 * readers, search and screen readers, right after the opening <svg>
 * element. */
static void svg_describe(const struct plot *p, const char *axes,
			 struct sbuf *svg)
{
	const char *open = svg->s ? strstr(svg->s, "<svg") : NULL;
	const char *end = open ? strchr(open, '>') : NULL;
	struct sbuf d = { 0 }, all = { 0 }, line = { 0 };

	if (!end)
		return;
	sbuf_addf(&d, "\n<title>");
	xml_text(p->title ? p->title : "", &d);
	sbuf_addf(&d, "</title>\n<desc>");
	for (size_t i = 0; i < p->nseries; i++) {
		if (i)
			sbuf_addf(&d, "; ");
		xml_text(p->series[i].name, &d);
	}
	/* the axes' lines, each after its newline */
	for (const char *nl = strchr(axes, '\n'), *e; nl; nl = e) {
		e = strchr(nl + 1, '\n');
		sbuf_reset(&line);
		sbuf_add(&line, nl + 1,
			 e ? (size_t)(e - nl - 1) : strlen(nl + 1));
		sbuf_addf(&d, "\n");
		xml_text(line.s ? line.s : "", &d);
	}
	sbuf_addf(&d, "</desc>");
	sbuf_add(&all, svg->s, (size_t)(end + 1 - svg->s));
	sbuf_add(&all, d.s, d.len);
	sbuf_add(&all, end + 1, svg->len - (size_t)(end + 1 - svg->s));
	sbuf_free(svg);
	*svg = all;
	sbuf_free(&d);
	sbuf_free(&line);
}

static cairo_status_t to_sbuf(void *ctx, const unsigned char *d, unsigned int n)
{
	sbuf_add(ctx, (const char *)d, n);
	return CAIRO_STATUS_SUCCESS;
}

int plot_render(const struct plot *p, bool svg, struct sbuf *out,
		struct kerr *err)
{
	struct cairo_lib lib, *cl = &lib;
	cairo_surface_t *sf;
	cairo_t *cr;
	cairo_status_t st;
	struct sbuf axes = { 0 };

	if (p->width < 200 || p->height < 150 || p->width > 20000 ||
	    p->height > 20000) {
		kerr_set(err, "a plot of %dx%d: give 200x150 to 20000x20000",
			 p->width, p->height);
		return -1;
	}
	if (p->panels && p->nseries) {
		struct frame f = panel_frame(p, 0);
		if (f.pw < PANEL_MIN_W || f.ph < PANEL_MIN_H) {
			kerr_set(
				err,
				"%zu panels do not fit in %dx%d: give a larger --plot-size or a smaller --top",
				p->nseries, p->width, p->height);
			return -1;
		}
	}
	if (plot_load_cairo(cl, err))
		return -1;
	sbuf_reset(out);
	sf = svg ? cairo_svg_surface_create_for_stream(to_sbuf, out, p->width,
						       p->height)
		 : cairo_image_surface_create(CAIRO_FORMAT_RGB24, p->width,
					      p->height);
	cr = cairo_create(sf);
	draw(cl, cr, p, &axes);
	cairo_destroy(cr);
	st = svg ? CAIRO_STATUS_SUCCESS
		 : cairo_surface_write_to_png_stream(sf, to_sbuf, out);
	cairo_surface_finish(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS)
		kerr_set(err, "cairo: %s", cairo_status_to_string(st));
	dlclose(cl->handle);
	if (st == CAIRO_STATUS_SUCCESS && svg)
		svg_describe(p, axes.s ? axes.s : "", out);
	sbuf_free(&axes);
	return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
