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
	X(cairo_create)                      \
	X(cairo_destroy)                     \
	X(cairo_image_surface_create)        \
	X(cairo_line_to)                     \
	X(cairo_move_to)                     \
	X(cairo_paint)                       \
	X(cairo_rectangle)                   \
	X(cairo_restore)                     \
	X(cairo_rotate)                      \
	X(cairo_save)                        \
	X(cairo_select_font_face)            \
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
#define cairo_create		   (cl->cairo_create)
#define cairo_destroy		   (cl->cairo_destroy)
#define cairo_image_surface_create (cl->cairo_image_surface_create)
#define cairo_line_to		   (cl->cairo_line_to)
#define cairo_move_to		   (cl->cairo_move_to)
#define cairo_paint		   (cl->cairo_paint)
#define cairo_rectangle		   (cl->cairo_rectangle)
#define cairo_restore		   (cl->cairo_restore)
#define cairo_rotate		   (cl->cairo_rotate)
#define cairo_save		   (cl->cairo_save)
#define cairo_select_font_face	   (cl->cairo_select_font_face)
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
#define cairo_svg_surface_create_for_stream \
	(cl->cairo_svg_surface_create_for_stream)

/* Distinct, print-safe line colours (Okabe-Ito, then darker ones). */
static const double colours[][3] = {
	{ 0.00, 0.45, 0.70 }, { 0.90, 0.62, 0.00 }, { 0.00, 0.62, 0.45 },
	{ 0.80, 0.47, 0.65 }, { 0.84, 0.37, 0.00 }, { 0.34, 0.71, 0.91 },
	{ 0.35, 0.35, 0.35 }, { 0.60, 0.50, 0.10 }, { 0.40, 0.20, 0.60 },
	{ 0.10, 0.40, 0.20 },
};

/* The most ticks an axis loop draws: the steps aim at 6 to 8, and a
 * value's step below the spacing of doubles (values near 1e17) or a
 * span of ages must not ask for millions. */
#define PLOT_TICKS_MAX 64

/* A tick step of about raw: 1, 2 or 5 times a power of ten. */
static double nice_step(double raw)
{
	double e = pow(10, floor(log10(raw))), f = raw / e;

	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
}

/* Steps of time that read well, in seconds. */
static const double time_steps[] = { 1,	    2,	   5,	   10,	  30,
				     60,    120,   300,	   600,	  900,
				     1800,  3600,  7200,   10800, 21600,
				     43200, 86400, 172800, 604800 };

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

static void draw(const struct cairo_lib *cl, cairo_t *cr, const struct plot *p)
{
	double W = p->width, H = p->height;
	double L = 90, R = 230, T = 50, B = 60; /* margins */
	double pw = W - L - R, ph = H - T - B;
	double t0 = p->npoints ? p->t[0] : 0,
	       t1 = p->npoints ? p->t[p->npoints - 1] : 1;
	double lo = INFINITY, hi = -INFINITY, ystep, tstep = time_steps[0];
	double y, t; /* the axes' ticks */
	char b[64];
	struct sbuf txt = { 0 };

	for (size_t s = 0; s < p->nseries; s++)
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
		lo = 0; /* from zero when that keeps the lines readable */
	if (hi <= lo)
		hi = lo + 1;
	if (t1 <= t0)
		t1 = t0 + 1;
	ystep = nice_step((hi - lo) / 6);
	lo = floor(lo / ystep) * ystep;
	hi = ceil(hi / ystep) * ystep;
	for (size_t i = 0; i < sizeof(time_steps) / sizeof(time_steps[0]);
	     i++) {
		tstep = time_steps[i];
		if ((t1 - t0) / tstep <= 8)
			break;
	}
	if ((t1 - t0) / tstep > 8) /* longer than 8 weeks */
		tstep = nice_step((t1 - t0) / 6);

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

	/* y grid and labels; a step too small to advance y ends it */
	y = lo;
	for (int k = 0; y <= hi + ystep / 2 && k < PLOT_TICKS_MAX; k++) {
		double py = T + ph - (y - lo) / (hi - lo) * ph;
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, L, py);
		cairo_line_to(cr, L + pw, py);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		format_scaled(y, p->bytes, b, sizeof(b));
		cairo_move_to(cr, L - 8 - 7.0 * (double)strlen(b), py + 4);
		cairo_show_text(cr, b);
		if (y + ystep == y)
			break;
		y += ystep;
	}
	/* x grid and labels: ticks at whole steps of UTC time */
	t = ceil(t0 / tstep) * tstep;
	for (int k = 0; t <= t1 && k < PLOT_TICKS_MAX; k++) {
		double px = L + (t - t0) / (t1 - t0) * pw;
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, px, T);
		cairo_line_to(cr, px, T + ph);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		time_label(t, tstep, b, sizeof(b));
		cairo_move_to(cr, px - 3.2 * (double)strlen(b), T + ph + 18);
		cairo_show_text(cr, b);
		if (t + tstep == t)
			break;
		t += tstep;
	}
	/* axes and their names */
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, L, T, pw, ph);
	cairo_stroke(cr);
	cairo_move_to(cr, L + pw / 2 - 30, H - 18);
	cairo_show_text(cr, "time (UTC)");
	cairo_save(cr);
	cairo_move_to(cr, 20, T + ph / 2 + 20);
	cairo_rotate(cr, -M_PI / 2);
	safe_text(p->ylabel ? p->ylabel : "", &txt);
	cairo_show_text(cr, txt.s);
	cairo_restore(cr);

	/* the lines, and the legend beside them */
	cairo_set_line_width(cr, 2);
	for (size_t s = 0; s < p->nseries; s++) {
		const double *c =
			colours[s % (sizeof(colours) / sizeof(colours[0]))];
		bool pen = false;
		double ly = T + 10 + 22.0 * (double)s;

		cairo_set_source_rgb(cr, c[0], c[1], c[2]);
		for (size_t i = 0; i < p->npoints; i++) {
			double v = p->series[s].v[i], px, py;
			if (isnan(v)) {
				pen = false;
				continue;
			}
			px = L + (p->t[i] - t0) / (t1 - t0) * pw;
			py = T + ph - (v - lo) / (hi - lo) * ph;
			if (pen)
				cairo_line_to(cr, px, py);
			else
				cairo_move_to(cr, px, py);
			pen = true;
		}
		cairo_stroke(cr);
		cairo_move_to(cr, L + pw + 15, ly);
		cairo_line_to(cr, L + pw + 40, ly);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		safe_text(p->series[s].name, &txt);
		if (txt.len > 24)
			txt.s[24] = '\0';
		cairo_move_to(cr, L + pw + 46, ly + 4);
		cairo_show_text(cr, txt.s);
	}
	sbuf_free(&txt);
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

/* cairo draws text as glyph outlines: the title and the legend's names
 * go in as <title> and <desc> too, for readers, search and screen
 * readers, right after the opening <svg> element. */
static void svg_describe(const struct plot *p, struct sbuf *svg)
{
	const char *open = svg->s ? strstr(svg->s, "<svg") : NULL;
	const char *end = open ? strchr(open, '>') : NULL;
	struct sbuf d = { 0 }, all = { 0 };

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
	sbuf_addf(&d, "</desc>");
	sbuf_add(&all, svg->s, (size_t)(end + 1 - svg->s));
	sbuf_add(&all, d.s, d.len);
	sbuf_add(&all, end + 1, svg->len - (size_t)(end + 1 - svg->s));
	sbuf_free(svg);
	*svg = all;
	sbuf_free(&d);
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

	if (p->width < 200 || p->height < 150 || p->width > 20000 ||
	    p->height > 20000) {
		kerr_set(err, "a plot of %dx%d: give 200x150 to 20000x20000",
			 p->width, p->height);
		return -1;
	}
	if (plot_load_cairo(cl, err))
		return -1;
	sbuf_reset(out);
	sf = svg ? cairo_svg_surface_create_for_stream(to_sbuf, out, p->width,
						       p->height)
		 : cairo_image_surface_create(CAIRO_FORMAT_RGB24, p->width,
					      p->height);
	cr = cairo_create(sf);
	draw(cl, cr, p);
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
	if (st != CAIRO_STATUS_SUCCESS)
		return -1;
	if (svg)
		svg_describe(p, out);
	return 0;
}
