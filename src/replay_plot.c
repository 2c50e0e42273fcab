/*
 * replay_plot.c - kmemtop --replay FILE --plot OUT (replay_plot.h): the
 * rows of the first --view that grew most over the recording, their
 * main value at every snapshot (or an even sample), drawn by plot.c into
 * a PNG or an SVG file.
 *
 * It reads the snapshots a row at a time (replay.h) and writes the file
 * through outfile (a new file renamed over the target, never through a
 * planted link); messages go to stderr.
 */
#include "replay_plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leak_report.h"
#include "outfile.h"
#include "plot.h"
#include "replay.h"
#include "replay_time.h"

/* The picture, as every file kmemtop makes: a new file beside the
 * target, renamed over it whole; never through a planted link. */
static int write_plot(const struct plot *p, const char *path, struct kerr *err)
{
	size_t n = strlen(path);
	bool svg = n > 4 && !strcmp(path + n - 4, ".svg");
	struct sbuf img = { 0 };
	struct outfile f;
	int e;

	if (!svg && !(n > 4 && !strcmp(path + n - 4, ".png"))) {
		kerr_set(err, "--plot %s: name a .png or .svg file", path);
		return -1;
	}
	if (plot_render(p, svg, &img, err)) {
		sbuf_free(&img);
		return -1;
	}
	e = outfile_open(&f, path, true, err);
	f.mode = 0; /* an existing plot keeps its mode; a new one 0600 */
	if (!e && !(e = outfile_begin(&f, err)) &&
	    !(e = outfile_write(&f, img.s, img.len, err)))
		e = outfile_commit(&f, err);
	if (outfile_close(&f, err) && !e)
		e = -1;
	sbuf_free(&img);
	return e ? -1 : 0;
}

int replay_plot(const struct options *o)
{
	struct recfile r;
	struct replay_cside a, b;
	struct kerr err;
	const struct view *v = views[o->nviews ? o->views[0] : 0];
	size_t k = view_index(v), n = 0, top, step, npts = 0, skipped = 0;
	size_t unread = 0;
	struct leak_change *c = NULL;
	struct plot p = { 0 };
	struct kerr first = { { 0 } };	 /* the first snapshot without rows */
	struct kerr unread1 = { { 0 } }; /* the first one not plotted */
	bool want[VIEWS_MAX] = { false };
	int rc = 0;

	if (k >= VIEWS_MAX)
		k = 0;
	want[k] = true;
	if (recfile_open(&r, o->replay, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		return 1;
	}
	if (r.skipped)
		fprintf(stderr,
			"kmemtop: %s: %zu line(s) or unit(s) skipped; the first: %s\n",
			o->replay, r.skipped, r.why.msg);
	if (replay_cside_load(&r, 0, want, &a, &err) ||
	    (replay_cside_load(&r, r.n - 1, want, &b, &err) &&
	     (replay_cside_free(&a), 1))) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		recfile_close(&r);
		return 1;
	}
	replay_cside_note(o, &a);
	if (r.n > 1)
		replay_cside_note(o, &b);
	if (!replay_cside_view(&b, k)) {
		fprintf(stderr, "kmemtop: %s holds no %s view to plot%s\n",
			o->replay, v->name,
			b.views[k].refused
				? " (its last snapshot's was skipped)"
				: "");
		replay_cside_free(&a);
		replay_cside_free(&b);
		recfile_close(&r);
		return 1;
	}
	/* the rows that grew most, first to last */
	n = leak_report_changes(replay_cside_view(&a, k),
				replay_cside_view(&b, k), &c);
	replay_cside_free(&b);
	top = o->top < n ? o->top : n;
	p.series = xcalloc(top + 1, sizeof(*p.series));
	p.nseries = top;
	for (size_t i = 0; i < top; i++)
		p.series[i].name = c[i].label;
	/* every snapshot, or an even sample of PLOT_POINTS of them, each
	 * read a row at a time */
	step = r.n > PLOT_POINTS ? (r.n + PLOT_POINTS - 1) / PLOT_POINTS : 1;
	p.t = xcalloc(r.n / step + 2, sizeof(*p.t));
	for (size_t i = 0; i < top; i++)
		p.series[i].v = xcalloc(r.n / step + 2, sizeof(double));
	for (size_t s = 0; s < r.n; s += step) {
		struct replay_cside x;
		const struct replay_cview *cv;
		if (replay_cside_load(&r, s, want, &x, &err)) {
			if (!unread++) /* said once, after the loop */
				kerr_set(&unread1, "%s", err.msg);
			continue;
		}
		if (x.skipped && !skipped++)
			first = x.why;
		cv = replay_cside_view(&x, k);
		p.t[npts] = x.time;
		for (size_t i = 0; i < top; i++) {
			size_t j = cv ? replay_cview_find(cv, c[i].id)
				      : SIZE_MAX;
			p.series[i].v[npts] = j != SIZE_MAX && cv->r[j].has
						      ? cv->r[j].value
						      : NAN;
		}
		npts++;
		replay_cside_free(&x);
	}
	if (unread)
		fprintf(stderr,
			"kmemtop: %zu snapshot(s) not plotted; the first: %s\n",
			unread, unread1.msg);
	if (skipped)
		fprintf(stderr,
			"kmemtop: %s: %zu snapshot(s) drawn without their %s rows; the first: %s\n",
			o->replay, skipped, v->name, first.msg);
	p.npoints = npts;
	p.width = o->plot_width;
	p.height = o->plot_height;
	p.bytes = v->main_bytes;
	p.panels = o->plot_panels;
	{
		struct sbuf title = { 0 }, ta = { 0 }, tb = { 0 };
		replay_format_time(a.time, &ta);
		replay_format_time(r.s[r.n - 1].time, &tb);
		sbuf_addf(
			&title,
			"kmemtop: %s view, %s, top %zu by growth, %s to %s UTC",
			v->name, v->main_value, top, ta.s, tb.s);
		p.title = title.s;
		p.ylabel = v->main_bytes ? "bytes" : v->main_value;
		if (write_plot(&p, o->plot, &err)) {
			fprintf(stderr, "kmemtop: %s\n", err.msg);
			rc = 1;
		}
		sbuf_free(&title);
		sbuf_free(&ta);
		sbuf_free(&tb);
	}
	for (size_t i = 0; i < top; i++)
		free(p.series[i].v);
	leak_report_changes_free(c, n);
	free(p.series);
	free(p.t);
	replay_cside_free(&a);
	recfile_close(&r);
	return rc;
}
