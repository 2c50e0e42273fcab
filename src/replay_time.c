/*
 * replay_time.c - the times of a replay (replay_time.h): a time the user
 * gives (--from, --to, the screen's go-to) read, a recorded time
 * written, and the snapshots --from and --to name.
 *
 * It reads no recording (only its index of times) and prints nothing: a
 * time outside the recording is said in a note the caller shows. A
 * recorded time is untrusted: it is checked against the dates of four
 * digits before time_t holds it.
 */
#include "replay_time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The times a date shows in four digits: 0000-01-01 to 9999-12-31 (UTC) */
#define TIME_SHOWN_MIN (-62167219200.0)
#define TIME_SHOWN_END 253402300800.0

static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

int replay_parse_time(const char *s, double start, double *out,
		      struct kerr *err)
{
	const char *p = s;
	int y = 0, mo = 0, d = 0, h, mi, sec = 0, off = 0;
	bool date = false;
	struct tm tm = { 0 };
	time_t t;

	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
		    *p++ != '-' || digits(&p, 2, &d) ||
		    (*p != 'T' && *p != ' '))
			goto bad;
		p++;
		date = true;
	}
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		goto bad;
	if (*p == ':' && (p++, digits(&p, 2, &sec)))
		goto bad;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om, sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om))
			goto bad;
		off = sign * (oh * 3600 + om * 60);
	}
	if (*p || h > 23 || mi > 59 || sec > 60 ||
	    (date && (mo < 1 || mo > 12 || d < 1 || d > 31)))
		goto bad;
	if (date) {
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		t = timegm(&tm);
		*out = (double)t - off;
		return 0;
	}
	/* a time of day: the first one at or after start */
	{
		time_t st;
		double day, at;
		if (!(start >= TIME_SHOWN_MIN && start < TIME_SHOWN_END)) {
			kerr_set(
				err,
				"'%.64s': the recording's first time is no date: give an ISO 8601 date and time",
				s);
			return -1;
		}
		st = (time_t)start;
		if (!gmtime_r(&st, &tm)) {
			kerr_set(
				err,
				"'%.64s': the recording's first time is no date: give an ISO 8601 date and time",
				s);
			return -1;
		}
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		day = (double)timegm(&tm);
		at = day + h * 3600 + mi * 60 + sec - off;
		if (at < floor(start))
			at += 86400;
		*out = at;
		return 0;
	}
bad:
	kerr_set(
		err,
		"'%.64s' is not a time: give HH:MM[:SS] or an ISO 8601 date and time (2026-11-29T03:00[:SS][Z|+HH:MM]), UTC unless an offset says otherwise",
		s);
	return -1;
}

void replay_format_time(double t, struct sbuf *out)
{
	time_t s;
	struct tm tm;
	char b[64];

	/* checked before the conversion: a double past time_t's range is
	 * undefined, and gmtime fails or gives a year of other than four
	 * digits for a time past these */
	if (!(t >= TIME_SHOWN_MIN && t < TIME_SHOWN_END)) {
		sbuf_addf(out, "(no date)");
		return;
	}
	s = (time_t)floor(t);
	if (!gmtime_r(&s, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900 ||
	    !strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm)) {
		sbuf_addf(out, "(no date)");
		return;
	}
	sbuf_addf(out, "%s", b);
}

/* A time the user gave outside the recording: the snapshot taken
 * instead, said. */
void replay_span_note(const char *prefix, const char *opt, double t,
		      const struct recfile *r, const char *file,
		      struct sbuf *notes)
{
	struct sbuf a = { 0 }, b = { 0 }, c = { 0 };
	bool before = t < r->s[0].time;

	if (!before && t <= r->s[r->n - 1].time)
		return;
	replay_format_time(t, &a);
	replay_format_time(r->s[0].time, &b);
	replay_format_time(r->s[r->n - 1].time, &c);
	sbuf_addf(
		notes,
		"%s%s %s UTC is %s the recording (%s holds %s UTC to %s UTC): %s its %s snapshot\n",
		prefix, opt, a.s, before ? "before" : "after", file, b.s, c.s,
		opt[2] == 'f' ? "from" : "to", before ? "first" : "last");
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&c);
}

/* The snapshots --from and --to name (default: first and last); a time
 * outside the recording is said in notes. */
int replay_span(const struct options *o, const struct recfile *r, size_t *a,
		size_t *b, struct sbuf *notes, struct kerr *err)
{
	double t;

	*a = 0;
	*b = r->n - 1;
	if (o->from) {
		if (replay_parse_time(o->from, r->s[0].time, &t, err))
			return -1;
		*a = recfile_find(r, t);
		replay_span_note("kmemtop: ", "--from", t, r, o->replay, notes);
	}
	if (o->to) {
		if (replay_parse_time(o->to, r->s[0].time, &t, err))
			return -1;
		*b = recfile_find(r, t);
		replay_span_note("kmemtop: ", "--to", t, r, o->replay, notes);
	}
	if (*b < *a) {
		kerr_set(err, "--to is before --from");
		return -1;
	}
	return 0;
}
