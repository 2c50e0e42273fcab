/*
 * leak_report.c - kmemtop -o --replay FILE [--from T1] [--to T2]: what
 * grew between two snapshots of a recording (leak_report.h), as text or
 * JSON, with each row's peak and the share of the intervals it grew in.
 *
 * It reads the snapshots a row at a time (replay.h): the memory is the
 * rows of the span's two ends, whatever its length. It prints the
 * report and its notes, never the terminal's screen; the recorded names
 * are escaped before they reach the text or the JSON.
 */
#include "leak_report.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "replay_time.h"

static int change_cmp(const void *a, const void *b)
{
	const struct leak_change *x = a, *y = b;
	double dx = x->now - x->then, dy = y->now - y->then;

	if (dx != dy)
		return dx < dy ? 1 : -1;
	return strcmp(x->label, y->label);
}

/* The rows of one view over a span: every row of its last snapshot, then
 * the rows of its first that are gone (keyed by identity in that order,
 * so the k-th row of an identity in any snapshot pairs with the k-th, as
 * the ends pair theirs; names borrowed from the ends, which outlive it).
 * Memory is the rows of the two ends, whatever the span's length. */
struct spanrows {
	struct leak_change *c;
	size_t n;
	size_t intervals; /* snapshots added after the first */
	struct keyindex ix;
};

static bool spanrows_eq(const void *owner, size_t i, const void *key)
{
	return !strcmp(((const struct spanrows *)owner)->c[i].id, key);
}

static void spanrows_push(struct spanrows *t, const struct replay_cview *cv,
			  size_t j)
{
	struct leak_change *ch = &t->c[t->n];

	ch->id = cv->text + cv->r[j].id; /* borrowed until spanrows_end */
	ch->label = cv->text + cv->r[j].label;
	keyindex_add(&t->ix, hash_bytes(ch->id, strlen(ch->id)), ch->id,
		     spanrows_eq, t);
	t->n++;
}

/* The rows of a view in a (the span's first snapshot) and b (its last),
 * paired by identity; either may be NULL (the view not in it). */
static void spanrows_begin(struct spanrows *t, const struct replay_cview *a,
			   const struct replay_cview *b)
{
	static const struct replay_cview none;
	struct keymatch km = { 0 };
	size_t nb = b ? b->n : 0;

	if (!a)
		a = &none;
	memset(t, 0, sizeof(*t));
	keymatch_begin(&km, &a->ix);
	t->c = xcalloc(a->n + nb + 1, sizeof(*t->c));
	for (size_t j = 0; j < nb; j++) {
		const char *id = b->text + b->r[j].id;
		size_t i = keymatch_next(&km, &a->ix, replay_cview_find(a, id));
		struct leak_change *ch = &t->c[t->n];

		spanrows_push(t, b, j);
		ch->has = b->r[j].has;
		ch->now = ch->has ? b->r[j].value : 0;
		if (i != SIZE_MAX && (ch->had = a->r[i].has))
			ch->then = a->r[i].value;
		ch->reported = ch->then != ch->now || ch->had != ch->has;
	}
	for (size_t i = 0; i < a->n; i++) { /* gone */
		struct leak_change *ch = &t->c[t->n];

		if (km.paired[i])
			continue;
		spanrows_push(t, a, i);
		ch->had = a->r[i].has;
		ch->then = ch->had ? a->r[i].value : 0;
		ch->reported = ch->had && ch->then != 0;
	}
	for (size_t i = 0; i < t->n; i++) {
		t->c[i].last = t->c[i].had ? t->c[i].then : 0;
		t->c[i].peak = t->c[i].last;
		t->c[i].has_peak = t->c[i].had;
	}
	keymatch_free(&km);
}

/* The view's rows in the span's next snapshot: peaks, and the rows that
 * grew since the last one added (a row absent counts as 0). */
static void spanrows_add(struct spanrows *t, const struct replay_cview *cv)
{
	struct keymatch km = { 0 };
	bool *seen = xcalloc(t->n + 1, sizeof(*seen));
	double *now = xcalloc(t->n + 1, sizeof(*now));

	keymatch_begin(&km, &t->ix);
	for (size_t j = 0; j < cv->n; j++) {
		const char *id = cv->text + cv->r[j].id;
		size_t i = keymatch_next(
			&km, &t->ix,
			keyindex_find(&t->ix, hash_bytes(id, strlen(id)), id,
				      spanrows_eq, t));

		if (i == SIZE_MAX || !cv->r[j].has)
			continue;
		seen[i] = true;
		now[i] = cv->r[j].value;
	}
	for (size_t i = 0; i < t->n; i++) {
		struct leak_change *ch = &t->c[i];

		if (seen[i] && (!ch->has_peak || now[i] > ch->peak)) {
			ch->peak = now[i];
			ch->has_peak = true;
		}
		if (now[i] > ch->last)
			ch->grew++;
		ch->last = now[i];
	}
	t->intervals++;
	keymatch_free(&km);
	free(seen);
	free(now);
}

/* The rows whose value changed between the ends, biggest growth first,
 * their names copied (the ends may be freed then); t is freed. */
static size_t spanrows_end(struct spanrows *t, struct leak_change **out)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (!t->c[i].reported)
			continue;
		t->c[i].label = xstrdup(t->c[i].label);
		t->c[i].id = xstrdup(t->c[i].id);
		t->c[n++] = t->c[i];
	}
	keyindex_free(&t->ix);
	qsort(t->c, n, sizeof(*t->c), change_cmp);
	*out = t->c;
	return n;
}

/* The rows of a view in a and b, paired by identity (the k-th of an
 * identity with the k-th), those whose value changed. */
size_t leak_report_changes(const struct replay_cview *a,
			   const struct replay_cview *b,
			   struct leak_change **out)
{
	struct spanrows t;

	spanrows_begin(&t, a, b);
	return spanrows_end(&t, out);
}

void leak_report_changes_free(struct leak_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].label);
		free(c[i].id);
	}
	free(c);
}

static void value_text(const struct view *v, double x, struct sbuf *out)
{
	if (v->main_bytes)
		sbuf_addf(out, "%.0fK", x / 1024);
	else
		sbuf_addf(out, "%.0f", x);
}

/* The report's rate: per hour over a span of an hour or more, per
 * minute over a shorter one (a few minutes said per hour would promise
 * growth nobody saw). */
struct rate {
	double secs; /* seconds of the unit; 0: no span, no rate */
	const char *title, *unit;
};

static struct rate rate_of(double span)
{
	struct rate r = { 60, "PER MIN", "minute" };

	if (span >= 3600) {
		r.secs = 3600;
		r.title = "PER HOUR";
		r.unit = "hour";
	}
	if (!(span > 0))
		r.secs = 0;
	return r;
}

/* A rate as text: whole above 10, one decimal below (0.3 objects a
 * minute is not 0), never a trailing ".0". */
static void rate_text(const struct view *v, double x, struct sbuf *out)
{
	double y = v->main_bytes ? x / 1024 : x;
	char b[64];
	size_t n;

	snprintf(b, sizeof(b), y >= 9.95 ? "%.0f" : "%.1f", y);
	n = strlen(b);
	if (n > 2 && !strcmp(b + n - 2, ".0"))
		b[n - 2] = '\0';
	sbuf_addf(out, "%s%s", b, v->main_bytes ? "K" : "");
}

/* The share of the span's intervals in which a row grew, in percent:
 * 0 and 100 only when it grew in none or in all of them. */
static unsigned grew_pct(const struct leak_change *c, size_t intervals)
{
	double p;

	if (!intervals)
		return 0;
	p = floor(100.0 * (double)c->grew / (double)intervals + 0.5);
	if (c->grew && p < 1)
		p = 1;
	if (c->grew < intervals && p > 99)
		p = 99;
	return (unsigned)p;
}

static void report_text(const struct view *v, const struct leak_change *c,
			size_t n, size_t intervals, double span, unsigned flags,
			struct sbuf *out)
{
	struct rate rt = rate_of(span);

	sbuf_addf(out, "[%s] %s: %zu row(s) changed over %zu interval(s), %s\n",
		  v->name, v->main_value, n, intervals,
		  v->main_order ? v->main_order : "biggest growth first");
	sbuf_addf(out, "%12s %12s %12s %12s %12s %5s  %s\n", "THEN", "NOW",
		  "PEAK", "CHANGE", rt.title, "GREW", "NAME");
	for (size_t i = 0; i < n; i++) {
		struct sbuf a = { 0 }, b = { 0 }, p = { 0 }, d = { 0 },
			    h = { 0 };
		double ch = c[i].now - c[i].then;
		if (c[i].had)
			value_text(v, c[i].then, &a);
		else
			sbuf_addf(&a, "(new)");
		if (c[i].has)
			value_text(v, c[i].now, &b);
		else
			sbuf_addf(&b, "(gone)");
		if (c[i].has_peak)
			value_text(v, c[i].peak, &p);
		sbuf_addc(&d, ch >= 0 ? '+' : '-');
		value_text(v, fabs(ch), &d);
		if (rt.secs > 0) {
			sbuf_addc(&h, ch >= 0 ? '+' : '-');
			rate_text(v, fabs(ch) / span * rt.secs, &h);
		}
		sbuf_addf(out, "%12s %12s %12s %12s %12s %4u%%  ", a.s, b.s,
			  p.s ? p.s : "", d.s, h.s ? h.s : "",
			  grew_pct(&c[i], intervals));
		sanitize(out, c[i].label, strlen(c[i].label), flags);
		sbuf_addc(out, '\n');
		sbuf_free(&a);
		sbuf_free(&b);
		sbuf_free(&p);
		sbuf_free(&d);
		sbuf_free(&h);
	}
	sbuf_addc(out, '\n');
}

/* A value as json-c writes it (so the report reads as one tree would). */
static void json_add(struct sbuf *out, json_object *o)
{
	sbuf_addf(out, "%s",
		  json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/* A recorded value: an integer (every count and byte kmemtop records)
 * as a JSON integer, anything else as a number. */
static json_object *json_value(double x)
{
	if (x == floor(x) && x >= -0x1p63 && x < 0x1p63)
		return json_object_new_int64((int64_t)x);
	if (x == floor(x) && x >= 0 && x < 0x1p64)
		return json_object_new_uint64((uint64_t)x);
	return json_object_new_double(x);
}

/* A fraction to two decimals, as written ("0.33", never
 * "0.33000000000000002"); whole, an integer. */
static json_object *json_fraction(double x)
{
	char b[64];

	x = floor(x * 100 + 0.5) / 100;
	if (x == floor(x) && fabs(x) < 0x1p53)
		return json_object_new_int64((int64_t)x);
	snprintf(b, sizeof(b), "%.2f", x);
	if (b[strlen(b) - 1] == '0')
		b[strlen(b) - 1] = '\0';
	return json_object_new_double_s(x, b);
}

/* The view's member of the report's JSON object: ,"name":[rows], a row
 * at a time (no tree of them all). */
static void report_json(const struct view *v, const struct leak_change *c,
			size_t n, size_t intervals, double span,
			struct sbuf *out)
{
	struct rate rt = rate_of(span);

	json_add(out, json_object_new_string(v->name));
	sbuf_addf(out, ":[");
	for (size_t i = 0; i < n; i++) {
		json_object *r = json_object_new_object();
		double ch = c[i].now - c[i].then;
		json_object_object_add(r, "name",
				       output_json_string(c[i].label,
							  strlen(c[i].label)));
		json_object_object_add(r, "then",
				       c[i].had ? json_value(c[i].then) : NULL);
		json_object_object_add(r, "now",
				       c[i].has ? json_value(c[i].now) : NULL);
		json_object_object_add(r, "peak",
				       c[i].has_peak ? json_value(c[i].peak)
						     : NULL);
		json_object_object_add(r, "change", json_value(ch));
		json_object_object_add(
			r, "rate",
			rt.secs > 0 ? json_fraction(ch / span * rt.secs)
				    : NULL);
		json_object_object_add(r, "rate_unit",
				       json_object_new_string(rt.unit));
		json_object_object_add(
			r, "grew",
			intervals ? json_fraction(grew_pct(&c[i], intervals) /
						  100.0)
				  : NULL);
		json_object_object_add(r, "intervals",
				       json_object_new_uint64(intervals));
		if (i)
			sbuf_addc(out, ',');
		json_add(out, r);
	}
	sbuf_addc(out, ']');
}

/* --view's views (all when it is not given), by registry index */
static void wanted_views(const struct options *o, bool *want)
{
	for (size_t k = 0; k < VIEWS_MAX; k++)
		want[k] = !o->nviews;
	for (size_t i = 0; i < o->nviews; i++)
		if (o->views[i] < VIEWS_MAX)
			want[o->views[i]] = true;
}

/* A span's length as people say it: "2 h 5 min", "3 min 9 s", "4 s". */
static void span_text(double secs, struct sbuf *out)
{
	double m = floor(secs / 60 + 0.5), s = floor(secs + 0.5);

	if (secs >= 3600)
		sbuf_addf(out, "%.0f h %.0f min", floor(m / 60), fmod(m, 60));
	else if (secs >= 60)
		sbuf_addf(out, "%.0f min %.0f s", floor(s / 60), fmod(s, 60));
	else
		sbuf_addf(out, "%.0f s", s);
}

/* The snapshots strictly between the span's ends, a row at a time, into
 * the views' spanrows (then b itself, the last interval). A snapshot that
 * cannot be read, or a view's line refused, leaves that snapshot out of
 * the view's PEAK and GREW, said on stderr. */
static void span_stream(const struct options *o, const struct recfile *r,
			size_t ia, size_t ib, const bool *want,
			const struct replay_cside *b, struct spanrows *t)
{
	size_t unread = 0, skipped = 0;
	struct kerr first = { { 0 } }, refused = { { 0 } }, err;

	for (size_t s = ia + 1; s <= ib; s++) {
		struct replay_cside x;
		const struct replay_cside *cs = b;

		if (s < ib) {
			if (replay_cside_load(r, s, want, &x, &err)) {
				if (!unread++)
					first = err;
				continue;
			}
			cs = &x;
		}
		if (cs->skipped && s < ib && !skipped++)
			refused = cs->why;
		for (size_t k = 0; k < VIEWS_MAX; k++) {
			const struct replay_cview *cv =
				replay_cside_view(cs, k);
			if (want[k] && cv)
				spanrows_add(&t[k], cv);
		}
		if (s < ib)
			replay_cside_free(&x);
	}
	if (unread)
		fprintf(stderr,
			"kmemtop: %s: %zu snapshot(s) of the span not read, left out of PEAK and GREW; the first: %s\n",
			o->replay, unread, first.msg);
	if (skipped)
		fprintf(stderr,
			"kmemtop: %s: %zu snapshot(s) of the span with a view's line refused, left out of its PEAK and GREW; the first: %s\n",
			o->replay, skipped, refused.msg);
}

int leak_report_print(const struct options *o, FILE *out)
{
	struct recfile r;
	struct replay_cside a, b;
	struct kerr err;
	size_t ia, ib;
	struct sbuf text = { 0 }, ta = { 0 }, tb = { 0 }, notes = { 0 };
	bool want[VIEWS_MAX], shown_k[VIEWS_MAX] = { false };
	struct spanrows *t = xcalloc(VIEWS_MAX, sizeof(*t));
	double secs;
	size_t shown = 0, refused = 0;
	int rc = 0;

	if (recfile_open(&r, o->replay, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		free(t);
		return 1;
	}
	if (r.skipped)
		fprintf(stderr,
			"kmemtop: %s: %zu line(s) or unit(s) skipped; the first: %s\n",
			o->replay, r.skipped, r.why.msg);
	wanted_views(o, want);
	if (replay_span(o, &r, &ia, &ib, &notes, &err) ||
	    replay_cside_load(&r, ia, want, &a, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		sbuf_free(&notes);
		recfile_close(&r);
		free(t);
		return 1;
	}
	fputs(notes.s ? notes.s : "", stderr);
	sbuf_free(&notes);
	if (replay_cside_load(&r, ib, want, &b, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		replay_cside_free(&a);
		recfile_close(&r);
		free(t);
		return 1;
	}
	replay_cside_note(o, &a);
	if (ib != ia)
		replay_cside_note(o, &b);
	/* the views shown: a view whose line either end refused is left
	 * out (said) */
	for (size_t k = 0; k < nviews && k < VIEWS_MAX; k++) {
		if (!want[k])
			continue;
		if (a.views[k].refused || b.views[k].refused) {
			refused++;
			continue;
		}
		if (!replay_cside_view(&a, k) && !replay_cside_view(&b, k))
			continue;
		shown_k[k] = true;
		spanrows_begin(&t[k], replay_cside_view(&a, k),
			       replay_cside_view(&b, k));
	}
	if (ib > ia)
		span_stream(o, &r, ia, ib, shown_k, &b, t);
	secs = b.time - a.time;
	replay_format_time(a.time, &ta);
	replay_format_time(b.time, &tb);
	if (o->format == FMT_JSON) {
		sbuf_addf(&text, "{\"format\":%d,\"from\":", REC_FORMAT);
		json_add(&text, json_value(a.time));
		sbuf_addf(&text, ",\"to\":");
		json_add(&text, json_value(b.time));
	} else {
		struct sbuf d = { 0 };
		span_text(secs, &d);
		sbuf_addf(
			&text,
			"kmemtop - %s: from %s to %s UTC (%s, snapshots %zu and %zu of %zu)\n\n",
			o->replay, ta.s, tb.s, d.s, ia + 1, ib + 1, r.n);
		sbuf_free(&d);
	}
	for (size_t k = 0; k < nviews && k < VIEWS_MAX; k++) {
		const struct view *v = views[k];
		size_t intervals = t[k].intervals;
		struct leak_change *c;
		size_t n;

		if (!shown_k[k])
			continue;
		shown++;
		n = spanrows_end(&t[k], &c);
		if (o->format == FMT_JSON) {
			sbuf_addc(&text, ',');
			report_json(v, c, n, intervals, secs, &text);
		} else
			report_text(v, c, n, intervals, secs, o->text_flags,
				    &text);
		leak_report_changes_free(c, n);
	}
	if (o->format == FMT_JSON)
		sbuf_addf(&text, "}\n");
	if (refused && !shown) {
		fprintf(stderr,
			"kmemtop: %s: nothing to report: the lines of its views were refused\n",
			o->replay);
		rc = 1;
	} else {
		fputs(text.s ? text.s : "", out);
	}
	if (fflush(out) || ferror(out))
		rc = 1;
	free(t);
	sbuf_free(&text);
	sbuf_free(&ta);
	sbuf_free(&tb);
	replay_cside_free(&a);
	replay_cside_free(&b);
	recfile_close(&r);
	return rc;
}
