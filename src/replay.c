/*
 * replay.c - a recording read back: snapshots, the leak report, the
 * series of a plot (replay.h).
 *
 * It reads the recording through recfile and knows the views only
 * through the registry (their JSON names); it prints the report, never
 * the terminal's screen. A recording is untrusted: each line is checked
 * for what kmemtop could have written (scan_line: strict JSON, numbers
 * in range, depth, rows and row lengths bounded) before json-c parses
 * it, and the report and the plot hold a row's identity, label and
 * value, never a whole snapshot's tree. It must not convert a recorded
 * number to an integer or a time without checking its range first.
 */
#include "replay.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "outfile.h"
#include "output.h"
#include "plot.h"

/* ---- strict reading --------------------------------------------------- */

/* kmemtop writes 4 levels (a line, its rows, a row, a row's list); 8
 * leaves room for a later version and stays far under json-c's own
 * limit (64), past which it would drop the line without a word. */
#define REC_DEPTH_MAX 8
/* The characters of one number: a uint64 has 20 digits, a double as
 * json-c writes it (%.17g) about 24. */
#define REC_NUMBER_LEN 64

static const char not_json[] =
	"not JSON (NaN, Infinity, a bare word, a control byte or bytes after the end)";
static const char past_number[] =
	"a number past what kmemtop writes (not finite, or past 2^64)";

/* A line read for what kmemtop could have written. */
struct scan {
	const char *p, *end;
	int depth;
	const char *why; /* set when it is not */
};

/* The rows of a line, each as it is found. */
typedef void (*scan_row_fn)(void *ctx, const char *row, size_t len);

static bool scan_bad(struct scan *sc, const char *why)
{
	sc->why = why;
	return false;
}

static void scan_ws(struct scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' ||
				   *sc->p == '\n' || *sc->p == '\r'))
		sc->p++;
}

static bool scan_is_digit(const struct scan *sc, const char *p)
{
	return p < sc->end && *p >= '0' && *p <= '9';
}

static bool scan_string(struct scan *sc)
{
	const char *p = sc->p + 1;

	while (p < sc->end) {
		unsigned char c = (unsigned char)*p++;
		if (c == '"') {
			sc->p = p;
			return true;
		}
		if (c < 0x20)
			break;
		if (c != '\\')
			continue;
		if (p >= sc->end)
			break;
		c = (unsigned char)*p++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++, p++)
				if (p >= sc->end ||
				    !strchr("0123456789abcdefABCDEF", *p) ||
				    !*p)
					return scan_bad(sc, not_json);
		} else if (!c || !strchr("\"\\/bfnrt", c)) {
			break;
		}
	}
	return scan_bad(sc, not_json);
}

/* A number as JSON has it, within int64 or uint64 (an integer) or under
 * 2^64 (a fraction); what json-c then makes of it is exact. */
static bool scan_number(struct scan *sc)
{
	const char *s = sc->p, *p = s;
	bool integer = true;
	char buf[REC_NUMBER_LEN + 1];
	size_t n;

	if (p < sc->end && *p == '-')
		p++;
	if (!scan_is_digit(sc, p))
		return scan_bad(sc, not_json);
	if (*p == '0')
		p++;
	else
		while (scan_is_digit(sc, p))
			p++;
	if (p < sc->end && *p == '.') {
		integer = false;
		if (!scan_is_digit(sc, ++p))
			return scan_bad(sc, not_json);
		while (scan_is_digit(sc, p))
			p++;
	}
	if (p < sc->end && (*p == 'e' || *p == 'E')) {
		integer = false;
		p++;
		if (p < sc->end && (*p == '+' || *p == '-'))
			p++;
		if (!scan_is_digit(sc, p))
			return scan_bad(sc, not_json);
		while (scan_is_digit(sc, p))
			p++;
	}
	n = (size_t)(p - s);
	if (n > REC_NUMBER_LEN)
		return scan_bad(sc, past_number);
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	if (integer && *s == '-')
		(void)strtoll(buf, NULL, 10);
	else if (integer)
		(void)strtoull(buf, NULL, 10);
	if (integer && errno)
		return scan_bad(sc, past_number);
	if (!integer) {
		double x = strtod(buf, NULL);
		if (!isfinite(x) || fabs(x) >= 0x1p64)
			return scan_bad(sc, past_number);
	}
	sc->p = p;
	return true;
}

static bool scan_value(struct scan *sc);

/* An object or an array at sc->p: its members, each a value. */
static bool scan_container(struct scan *sc)
{
	char close = *sc->p == '{' ? '}' : ']';

	if (++sc->depth > REC_DEPTH_MAX)
		return scan_bad(sc, "nested deeper than kmemtop writes");
	sc->p++;
	scan_ws(sc);
	if (sc->p < sc->end && *sc->p == close) {
		sc->p++;
		sc->depth--;
		return true;
	}
	for (;;) {
		scan_ws(sc);
		if (close == '}') {
			if (sc->p >= sc->end || *sc->p != '"' ||
			    !scan_string(sc))
				return scan_bad(sc, not_json);
			scan_ws(sc);
			if (sc->p >= sc->end || *sc->p++ != ':')
				return scan_bad(sc, not_json);
		}
		if (!scan_value(sc))
			return false;
		scan_ws(sc);
		if (sc->p < sc->end && *sc->p == ',') {
			sc->p++;
			continue;
		}
		if (sc->p < sc->end && *sc->p == close) {
			sc->p++;
			sc->depth--;
			return true;
		}
		return scan_bad(sc, not_json);
	}
}

static bool scan_word(struct scan *sc, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, w, n))
		return scan_bad(sc, not_json);
	sc->p += n;
	return true;
}

static bool scan_value(struct scan *sc)
{
	scan_ws(sc);
	if (sc->p >= sc->end)
		return scan_bad(sc, not_json);
	switch (*sc->p) {
	case '{':
	case '[':
		return scan_container(sc);
	case '"':
		return scan_string(sc);
	case 't':
		return scan_word(sc, "true");
	case 'f':
		return scan_word(sc, "false");
	case 'n':
		return scan_word(sc, "null");
	default:
		return scan_number(sc);
	}
}

/* A line of kmemtop's, text[0..n): one JSON object as kmemtop could have
 * written it, whose "rows" (one, an array) has at most rows_max rows of
 * at most REPLAY_ROW_MAX bytes each, each handed to each (when not
 * NULL) as it is found. False with why when it is not. Linear in n; no
 * allocation. */
static bool scan_line(const char *text, size_t n, size_t rows_max,
		      scan_row_fn each, void *ctx, const char **why)
{
	struct scan sc = { text, text + n, 1, NULL };
	bool had_rows = false;

	scan_ws(&sc);
	if (sc.p >= sc.end || *sc.p++ != '{')
		return *why = not_json, false;
	for (;;) {
		const char *k;
		bool is_rows;
		scan_ws(&sc);
		k = sc.p;
		if (sc.p >= sc.end || *sc.p != '"' || !scan_string(&sc))
			return *why = not_json, false;
		is_rows = sc.p - k == 6 && !memcmp(k, "\"rows\"", 6);
		scan_ws(&sc);
		if (sc.p >= sc.end || *sc.p++ != ':')
			return *why = not_json, false;
		scan_ws(&sc);
		if (is_rows) {
			size_t nrows = 0;
			if (had_rows || sc.p >= sc.end || *sc.p != '[')
				return *why = "its \"rows\" are not one array",
				       false;
			had_rows = true;
			sc.p++;
			sc.depth++;
			scan_ws(&sc);
			if (sc.p < sc.end && *sc.p == ']')
				sc.p++;
			else
				for (;;) {
					const char *r;
					scan_ws(&sc);
					r = sc.p;
					if (!scan_value(&sc))
						return *why = sc.why, false;
					if ((size_t)(sc.p - r) > REPLAY_ROW_MAX)
						return *why = "a row longer than kmemtop writes",
						       false;
					if (++nrows > rows_max)
						return *why = "more rows than kmemtop writes",
						       false;
					if (each)
						each(ctx, r,
						     (size_t)(sc.p - r));
					scan_ws(&sc);
					if (sc.p < sc.end && *sc.p == ',') {
						sc.p++;
						continue;
					}
					if (sc.p < sc.end && *sc.p++ == ']')
						break;
					return *why = not_json, false;
				}
			sc.depth--;
		} else if (!scan_value(&sc)) {
			return *why = sc.why, false;
		}
		scan_ws(&sc);
		if (sc.p < sc.end && *sc.p == ',') {
			sc.p++;
			continue;
		}
		if (sc.p < sc.end && *sc.p++ == '}')
			break;
		return *why = not_json, false;
	}
	scan_ws(&sc);
	if (sc.p != sc.end)
		return *why = not_json, false;
	return true;
}

/* The most rows of view v kmemtop writes (replay.h). The registry has
 * no such field yet: the bounds are by name, the largest for a view
 * this table does not name. */
static size_t rows_max(const struct view *v)
{
	static const struct {
		const char *name;
		size_t rows;
	} max[] = {
		{ "slab", REPLAY_SLAB_ROWS_MAX },
		{ "vmalloc", REPLAY_VMALLOC_ROWS_MAX },
		{ "oom", REPLAY_OOM_ROWS_MAX },
		{ "cgroup", REPLAY_CGROUP_ROWS_MAX },
	};

	for (size_t i = 0; i < ARRAY_SIZE(max); i++)
		if (!strcmp(v->name, max[i].name))
			return max[i].rows;
	return REPLAY_OOM_ROWS_MAX;
}

/* The view of a line of ours (by its head), or NULL. */
static const struct view *line_view(const char *line, size_t len)
{
	char name[64];
	const char *why;
	int format;
	double t;

	if (!recfile_head(line, len, &format, &t, name, sizeof(name), &why))
		return NULL;
	return view_find(name, strlen(name));
}

/* A strict tokener: json-c's non-strict one takes NaN and Infinity. */
static struct json_tokener *strict_tokener(void)
{
	struct json_tokener *tok = json_tokener_new_ex(REC_DEPTH_MAX + 1);

	if (tok)
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	return tok;
}

/* A line of snapshot i refused: counted, the first said. */
static void snap_refused(size_t *skipped, struct kerr *why, size_t i,
			 const struct view *v, const char *reason)
{
	if (!(*skipped)++)
		kerr_set(why, "snapshot %zu: the %s view skipped: %s", i + 1,
			 v->name, reason);
}

int replay_snap_load(const struct recfile *r, size_t i, struct replay_snap *s,
		     struct kerr *err)
{
	struct sbuf text = { 0 };
	const char *pos, *end, *line;
	struct json_tokener *tok;
	size_t len;

	memset(s, 0, sizeof(*s));
	s->time = r->s[i].time;
	if (recfile_read(r, i, &text, err)) {
		sbuf_free(&text);
		return -1;
	}
	tok = strict_tokener();
	if (!tok) {
		kerr_set(err, "out of memory");
		sbuf_free(&text);
		return -1;
	}
	pos = text.s;
	end = text.s + text.len;
	while ((line = text_next_line(&pos, end, &len)) && s->n < VIEWS_MAX) {
		const struct view *view = line_view(line, len);
		const char *why;
		json_object *o, *rows;

		if (!view)
			continue; /* not ours */
		if (!scan_line(line, len, rows_max(view), NULL, NULL, &why)) {
			snap_refused(&s->skipped, &s->why, i, view, why);
			continue;
		}
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, line, (int)len);
		if (!o || !json_object_object_get_ex(o, "rows", &rows) ||
		    !json_object_is_type(rows, json_type_array)) {
			/* scan_line took it, so json-c should; a line
			 * without rows (a view that could not be read) is
			 * left out as before */
			if (!o)
				snap_refused(&s->skipped, &s->why, i, view,
					     not_json);
			json_object_put(o);
			continue;
		}
		s->views[s->n++] = (struct replay_view){ view, o, rows };
	}
	json_tokener_free(tok);
	sbuf_free(&text);
	return 0;
}

void replay_snap_free(struct replay_snap *s)
{
	for (size_t i = 0; i < s->n; i++)
		json_object_put(s->views[i].line);
	memset(s, 0, sizeof(*s));
}

const struct replay_view *replay_snap_view(const struct replay_snap *s,
					   const struct view *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->views[i].v == v)
			return &s->views[i];
	return NULL;
}

/* Field k of row as text: a string as it is, a number as JSON writes it,
 * a list joined with ','. */
static bool field_text(json_object *row, const char *k, struct sbuf *out)
{
	json_object *f;

	if (!json_object_object_get_ex(row, k, &f) || !f)
		return false;
	if (json_object_is_type(f, json_type_string))
		sbuf_add(out, json_object_get_string(f),
			 (size_t)json_object_get_string_len(f));
	else
		sbuf_addf(out, "%s", json_object_to_json_string(f));
	return true;
}

/* Is k the JSON name of an identity column of v? */
static bool is_id(const struct view *v, const char *k)
{
	for (size_t t = 0; t < v->ntables; t++)
		for (size_t i = 0; i < v->tables[t]->ncols; i++) {
			const struct column *c = &v->tables[t]->cols[i];
			if ((c->flags & COL_ID) && !strcmp(c->json, k))
				return true;
		}
	return false;
}

void replay_row_id(const struct view *v, json_object *row, struct sbuf *out)
{
	sbuf_reset(out);
	json_object_object_foreach(row, k, val)
	{
		(void)val;
		if (!is_id(v, k))
			continue;
		sbuf_addf(out, "%s=", k);
		field_text(row, k, out);
		sbuf_addc(out, '\x1f');
	}
}

void replay_row_label(const struct view *v, json_object *row, struct sbuf *out)
{
	sbuf_reset(out);
	for (size_t i = 0; v->label && v->label[i]; i++) {
		size_t was = out->len, sep = out->len ? 1 : 0;
		if (sep)
			sbuf_addc(out, ' ');
		/* an empty field adds nothing, not even its space */
		if (!field_text(row, v->label[i], out) ||
		    out->len == was + sep) {
			out->len = was;
			if (out->s)
				out->s[was] = '\0';
		}
	}
	if (!out->len)
		sbuf_addf(out, "?");
}

bool replay_row_value(const struct view *v, json_object *row, double *out)
{
	json_object *f;

	if (!v->main_value ||
	    !json_object_object_get_ex(row, v->main_value, &f) ||
	    !(json_object_is_type(f, json_type_int) ||
	      json_object_is_type(f, json_type_double)))
		return false;
	*out = json_object_get_double(f);
	return true;
}

/* A recorded integer: negative (as int64) or not (as uint64). */
static void int_of(json_object *o, bool *neg, int64_t *i, uint64_t *u)
{
	*i = json_object_get_int64(o);
	*neg = *i < 0;
	*u = *neg ? 0 : json_object_get_uint64(o);
}

bool replay_delta(json_object *now, json_object *then, int64_t *out)
{
	bool na, nb;
	int64_t ia, ib;
	uint64_t ua, ub;
	double d;

	if (!now || !then)
		return false;
	if (json_object_is_type(now, json_type_int) &&
	    json_object_is_type(then, json_type_int)) {
		/* exact: the builtins subtract in infinite precision */
		int_of(now, &na, &ia, &ua);
		int_of(then, &nb, &ib, &ub);
		if (!na && !nb)
			return !__builtin_sub_overflow(ua, ub, out);
		if (na && nb)
			return !__builtin_sub_overflow(ia, ib, out);
		if (na)
			return !__builtin_sub_overflow(ia, ub, out);
		return !__builtin_sub_overflow(ua, ib, out);
	}
	if (!(json_object_is_type(now, json_type_int) ||
	      json_object_is_type(now, json_type_double)) ||
	    !(json_object_is_type(then, json_type_int) ||
	      json_object_is_type(then, json_type_double)))
		return false;
	d = json_object_get_double(now) - json_object_get_double(then);
	if (!(d >= -0x1p63 && d < 0x1p63)) /* int64's range, NaN outside */
		return false;
	*out = (int64_t)d;
	return true;
}

/* ---- times ------------------------------------------------------------ */

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

/* ---- the leak report ------------------------------------------------- */

/* A row of the span: its value at both ends, and over every snapshot
 * between them its peak and the intervals it grew in. */
struct change {
	char *label, *id;
	double then, now, peak;
	bool had, has, has_peak;
	double last;   /* its value in the last snapshot added (0: absent) */
	size_t grew;   /* intervals in which it grew */
	bool reported; /* it changed between the ends */
};

static int change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	double dx = x->now - x->then, dy = y->now - y->then;

	if (dx != dy)
		return dx < dy ? 1 : -1;
	return strcmp(x->label, y->label);
}

/* The recorded rows of a view, indexed by identity (keyindex, the one
 * hash table: the k-th row of an identity pairs with the k-th of another
 * reading, as the models pair theirs). */
struct ref {
	json_object *rows;
	char **id;
	size_t n;
	double time;
	bool ok;
	struct keyindex ix;
};

static bool ref_eq(const void *owner, size_t i, const void *key)
{
	return !strcmp(((const struct ref *)owner)->id[i], key);
}

static void ref_index(struct ref *f, const struct view *v,
		      const struct replay_view *rv, double time)
{
	struct sbuf id = { 0 };

	memset(f, 0, sizeof(*f));
	f->time = time;
	if (!rv)
		return;
	f->ok = true;
	f->rows = rv->rows;
	f->n = json_object_array_length(rv->rows);
	f->id = xcalloc(f->n + 1, sizeof(*f->id));
	for (size_t i = 0; i < f->n; i++) {
		replay_row_id(v, json_object_array_get_idx(rv->rows, i), &id);
		f->id[i] = xstrdup(id.s ? id.s : "");
		keyindex_add(&f->ix, hash_bytes(f->id[i], strlen(f->id[i])),
			     f->id[i], ref_eq, f);
	}
	sbuf_free(&id);
}

static void ref_free(struct ref *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->id[i]);
	free(f->id);
	keyindex_free(&f->ix);
}

/* The first row of identity id, or SIZE_MAX. */
static size_t ref_first(const struct ref *f, const char *id)
{
	return keyindex_find(&f->ix, hash_bytes(id, strlen(id)), id, ref_eq, f);
}

static json_object *ref_find(const struct ref *f, const char *id)
{
	size_t i = ref_first(f, id);

	return i == SIZE_MAX ? NULL : json_object_array_get_idx(f->rows, i);
}

/* ---- a snapshot read a row at a time --------------------------------- */

/* A recorded row as the report and the plot need it: identity, label
 * and main value (the strings in its view's arena). */
struct crow {
	size_t id, label; /* offsets in cview.text */
	double value;
	bool has;
};

/* A view's rows in one snapshot; no tree of them is held. */
struct cview {
	const struct view *v; /* NULL: not in the snapshot */
	bool refused;	      /* its line was, and said */
	struct crow *r;
	size_t n, cap;
	char *text;
	size_t text_len, text_cap;
	struct keyindex ix; /* the rows by identity */
};

struct cside {
	double time;
	struct cview views[VIEWS_MAX]; /* by registry index */
	size_t skipped;		       /* lines refused */
	struct kerr why;	       /* the first */
};

struct crow_ctx {
	struct cview *cv;
	struct json_tokener *tok;
	struct sbuf id, label;
};

static bool cview_eq(const void *owner, size_t i, const void *key)
{
	const struct cview *cv = owner;

	return !strcmp(cv->text + cv->r[i].id, key);
}

/* scan_line's row: parsed alone, kept as a crow, its tree freed */
static void crow_add(void *ctx, const char *text, size_t len)
{
	struct crow_ctx *c = ctx;
	struct cview *cv = c->cv;
	struct crow r = { 0 };
	json_object *row;

	json_tokener_reset(c->tok);
	row = json_tokener_parse_ex(c->tok, text, (int)len);
	if (!row)
		return; /* scan_line took it: json-c cannot refuse it */
	replay_row_id(cv->v, row, &c->id);
	replay_row_label(cv->v, row, &c->label);
	r.has = replay_row_value(cv->v, row, &r.value);
	json_object_put(row);
	r.id = arena_add(&cv->text, &cv->text_len, &cv->text_cap,
			 c->id.s ? c->id.s : "", c->id.len);
	r.label = arena_add(&cv->text, &cv->text_len, &cv->text_cap,
			    c->label.s ? c->label.s : "", c->label.len);
	xgrow((void **)&cv->r, &cv->cap, cv->n + 1, sizeof(*cv->r));
	cv->r[cv->n++] = r;
}

static void cview_free(struct cview *cv)
{
	free(cv->r);
	free(cv->text);
	keyindex_free(&cv->ix);
	memset(cv, 0, sizeof(*cv));
}

static void cside_free(struct cside *cs)
{
	for (size_t k = 0; k < VIEWS_MAX; k++)
		cview_free(&cs->views[k]);
}

/* The rows of the views want[] names in snapshot i, a row at a time:
 * memory is the rows' identities, labels and values, and the snapshot's
 * text while it is read. Refused lines are counted in cs->skipped.
 * Returns 0, or -1 with err. */
static int cside_load(const struct recfile *r, size_t i, const bool *want,
		      struct cside *cs, struct kerr *err)
{
	struct sbuf text = { 0 };
	struct crow_ctx ctx = { 0 };
	const char *pos, *end, *line;
	size_t len;

	memset(cs, 0, sizeof(*cs));
	cs->time = r->s[i].time;
	if (recfile_read(r, i, &text, err)) {
		sbuf_free(&text);
		return -1;
	}
	ctx.tok = strict_tokener();
	if (!ctx.tok) {
		kerr_set(err, "out of memory");
		sbuf_free(&text);
		return -1;
	}
	pos = text.s;
	end = text.s + text.len;
	while ((line = text_next_line(&pos, end, &len))) {
		const struct view *v = line_view(line, len);
		size_t k = v ? view_index(v) : VIEWS_MAX;
		struct cview *cv;
		const char *why;

		if (k >= VIEWS_MAX || !want[k] || cs->views[k].v)
			continue; /* not ours, not asked for, or a second */
		cv = &cs->views[k];
		cv->v = v;
		ctx.cv = cv;
		if (!scan_line(line, len, rows_max(v), crow_add, &ctx, &why)) {
			cview_free(cv);
			cv->v = v;
			cv->refused = true;
			snap_refused(&cs->skipped, &cs->why, i, v, why);
			continue;
		}
		for (size_t j = 0; j < cv->n; j++) {
			const char *id = cv->text + cv->r[j].id;
			keyindex_add(&cv->ix, hash_bytes(id, strlen(id)), id,
				     cview_eq, cv);
		}
	}
	json_tokener_free(ctx.tok);
	sbuf_free(&ctx.id);
	sbuf_free(&ctx.label);
	sbuf_free(&text);
	return 0;
}

/* The view's rows, when its line was read whole; else NULL. */
static const struct cview *cside_view(const struct cside *cs, size_t k)
{
	return cs->views[k].v && !cs->views[k].refused ? &cs->views[k] : NULL;
}

/* The rows of one view over a span: every row of its last snapshot, then
 * the rows of its first that are gone (keyed by identity in that order,
 * so the k-th row of an identity in any snapshot pairs with the k-th, as
 * the ends pair theirs; names borrowed from the ends, which outlive it).
 * Memory is the rows of the two ends, whatever the span's length. */
struct spanrows {
	struct change *c;
	size_t n;
	size_t intervals; /* snapshots added after the first */
	struct keyindex ix;
};

static bool spanrows_eq(const void *owner, size_t i, const void *key)
{
	return !strcmp(((const struct spanrows *)owner)->c[i].id, key);
}

static void spanrows_push(struct spanrows *t, const struct cview *cv, size_t j)
{
	struct change *ch = &t->c[t->n];

	ch->id = cv->text + cv->r[j].id; /* borrowed until spanrows_end */
	ch->label = cv->text + cv->r[j].label;
	keyindex_add(&t->ix, hash_bytes(ch->id, strlen(ch->id)), ch->id,
		     spanrows_eq, t);
	t->n++;
}

/* The rows of a view in a (the span's first snapshot) and b (its last),
 * paired by identity; either may be NULL (the view not in it). */
static void spanrows_begin(struct spanrows *t, const struct cview *a,
			   const struct cview *b)
{
	static const struct cview none;
	struct keymatch km = { 0 };
	size_t nb = b ? b->n : 0;

	if (!a)
		a = &none;
	memset(t, 0, sizeof(*t));
	keymatch_begin(&km, &a->ix);
	t->c = xcalloc(a->n + nb + 1, sizeof(*t->c));
	for (size_t j = 0; j < nb; j++) {
		const char *id = b->text + b->r[j].id;
		size_t i = keymatch_next(
			&km, &a->ix,
			keyindex_find(&a->ix, hash_bytes(id, strlen(id)), id,
				      cview_eq, a));
		struct change *ch = &t->c[t->n];

		spanrows_push(t, b, j);
		ch->has = b->r[j].has;
		ch->now = ch->has ? b->r[j].value : 0;
		if (i != SIZE_MAX && (ch->had = a->r[i].has))
			ch->then = a->r[i].value;
		ch->reported = ch->then != ch->now || ch->had != ch->has;
	}
	for (size_t i = 0; i < a->n; i++) { /* gone */
		struct change *ch = &t->c[t->n];

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
static void spanrows_add(struct spanrows *t, const struct cview *cv)
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
		struct change *ch = &t->c[i];

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
static size_t spanrows_end(struct spanrows *t, struct change **out)
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
static size_t changes(const struct cview *a, const struct cview *b,
		      struct change **out)
{
	struct spanrows t;

	spanrows_begin(&t, a, b);
	return spanrows_end(&t, out);
}

static void changes_free(struct change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].label);
		free(c[i].id);
	}
	free(c);
}

/* What a snapshot's refused lines were: a note on stderr. */
static void cside_note(const struct options *o, const struct cside *cs)
{
	if (!cs->skipped)
		return;
	fprintf(stderr, "kmemtop: %s: %s", o->replay, cs->why.msg);
	if (cs->skipped > 1)
		fprintf(stderr, " (and %zu more line(s) of it)",
			cs->skipped - 1);
	fputc('\n', stderr);
}

/* A time the user gave outside the recording: the snapshot taken
 * instead, said. */
static void span_note(const char *prefix, const char *opt, double t,
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
static int span(const struct options *o, const struct recfile *r, size_t *a,
		size_t *b, struct sbuf *notes, struct kerr *err)
{
	double t;

	*a = 0;
	*b = r->n - 1;
	if (o->from) {
		if (replay_parse_time(o->from, r->s[0].time, &t, err))
			return -1;
		*a = recfile_find(r, t);
		span_note("kmemtop: ", "--from", t, r, o->replay, notes);
	}
	if (o->to) {
		if (replay_parse_time(o->to, r->s[0].time, &t, err))
			return -1;
		*b = recfile_find(r, t);
		span_note("kmemtop: ", "--to", t, r, o->replay, notes);
	}
	if (*b < *a) {
		kerr_set(err, "--to is before --from");
		return -1;
	}
	return 0;
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
static unsigned grew_pct(const struct change *c, size_t intervals)
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

static void report_text(const struct view *v, const struct change *c, size_t n,
			size_t intervals, double span, unsigned flags,
			struct sbuf *out)
{
	struct rate rt = rate_of(span);

	sbuf_addf(
		out,
		"[%s] %s: %zu row(s) changed over %zu interval(s), biggest growth first\n",
		v->name, v->main_value, n, intervals);
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
static void report_json(const struct view *v, const struct change *c, size_t n,
			size_t intervals, double span, struct sbuf *out)
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
			const struct cside *b, struct spanrows *t)
{
	size_t unread = 0, skipped = 0;
	struct kerr first = { { 0 } }, refused = { { 0 } }, err;

	for (size_t s = ia + 1; s <= ib; s++) {
		struct cside x;
		const struct cside *cs = b;

		if (s < ib) {
			if (cside_load(r, s, want, &x, &err)) {
				if (!unread++)
					first = err;
				continue;
			}
			cs = &x;
		}
		if (cs->skipped && s < ib && !skipped++)
			refused = cs->why;
		for (size_t k = 0; k < VIEWS_MAX; k++) {
			const struct cview *cv = cside_view(cs, k);
			if (want[k] && cv)
				spanrows_add(&t[k], cv);
		}
		if (s < ib)
			cside_free(&x);
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

int replay_report(const struct options *o, FILE *out)
{
	struct recfile r;
	struct cside a, b;
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
	if (span(o, &r, &ia, &ib, &notes, &err) ||
	    cside_load(&r, ia, want, &a, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		sbuf_free(&notes);
		recfile_close(&r);
		free(t);
		return 1;
	}
	fputs(notes.s ? notes.s : "", stderr);
	sbuf_free(&notes);
	if (cside_load(&r, ib, want, &b, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		cside_free(&a);
		recfile_close(&r);
		free(t);
		return 1;
	}
	cside_note(o, &a);
	if (ib != ia)
		cside_note(o, &b);
	/* the views shown: a view whose line either end refused is left
	 * out (said) */
	for (size_t k = 0; k < nviews && k < VIEWS_MAX; k++) {
		if (!want[k])
			continue;
		if (a.views[k].refused || b.views[k].refused) {
			refused++;
			continue;
		}
		if (!cside_view(&a, k) && !cside_view(&b, k))
			continue;
		shown_k[k] = true;
		spanrows_begin(&t[k], cside_view(&a, k), cside_view(&b, k));
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
		struct change *c;
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
		changes_free(c, n);
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
	cside_free(&a);
	cside_free(&b);
	recfile_close(&r);
	return rc;
}

/* ---- the plot ---------------------------------------------------------- */

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
	struct cside a, b;
	struct kerr err;
	const struct view *v = views[o->nviews ? o->views[0] : 0];
	size_t k = view_index(v), n = 0, top, step, npts = 0, skipped = 0;
	size_t unread = 0;
	struct change *c = NULL;
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
	if (cside_load(&r, 0, want, &a, &err) ||
	    (cside_load(&r, r.n - 1, want, &b, &err) && (cside_free(&a), 1))) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		recfile_close(&r);
		return 1;
	}
	cside_note(o, &a);
	if (r.n > 1)
		cside_note(o, &b);
	if (!cside_view(&b, k)) {
		fprintf(stderr, "kmemtop: %s holds no %s view to plot%s\n",
			o->replay, v->name,
			b.views[k].refused
				? " (its last snapshot's was skipped)"
				: "");
		cside_free(&a);
		cside_free(&b);
		recfile_close(&r);
		return 1;
	}
	/* the rows that grew most, first to last */
	n = changes(cside_view(&a, k), cside_view(&b, k), &c);
	cside_free(&b);
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
		struct cside x;
		const struct cview *cv;
		if (cside_load(&r, s, want, &x, &err)) {
			if (!unread++) /* said once, after the loop */
				kerr_set(&unread1, "%s", err.msg);
			continue;
		}
		if (x.skipped && !skipped++)
			first = x.why;
		cv = cside_view(&x, k);
		p.t[npts] = x.time;
		for (size_t i = 0; i < top; i++) {
			size_t j =
				cv ? keyindex_find(&cv->ix,
						   hash_bytes(c[i].id,
							      strlen(c[i].id)),
						   c[i].id, cview_eq, cv)
				   : SIZE_MAX;
			p.series[i].v[npts] = j != SIZE_MAX && cv->r[j].has
						      ? cv->r[j].value
						      : NAN;
		}
		npts++;
		cside_free(&x);
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
	changes_free(c, n);
	free(p.series);
	free(p.t);
	cside_free(&a);
	recfile_close(&r);
	return rc;
}

/* ---- the screen's replay ----------------------------------------------- */

/* What every tab of a replay shares: the recording, where the screen is
 * in it, the baseline, the delta mode. */
struct replay_session {
	const struct options *o;
	struct recfile r;
	size_t pos, base; /* snapshots */
	enum delta_mode mode;
	struct replay_tab *tabs[VIEWS_MAX];
	size_t ntabs;
	struct sbuf note; /* --from outside the recording: said on screen */
};

/* A value of a generated row: a struct value per column. */
#define RP_COLS 48
struct rp_row {
	struct value v[RP_COLS];
	bool is_new;
	char *filter; /* what '/' matches: the view's, or label and identity */
	char *id;     /* the row's identity (replay_row_id) */
};

struct replay_tab {
	struct replay_session *s;
	struct view view; /* the registered view's name, generic ops */
	const struct view *live;
	struct table table; /* generated from the view's table */
	struct column cols[RP_COLS];
	const struct table *tables[1];
	size_t src[RP_COLS]; /* the original column of each */
	bool have_table;
	struct rp_row *rows;
	size_t nrows, cap;
	char **strs; /* the strings of the rows */
	size_t nstrs, strs_cap;
	struct sbuf summary;
	bool present; /* the snapshot shown has this view */
	/* the chart's last series: the row it is of, its points */
	char *series_id;
	double *st, *sv;
	size_t sn;
};

#define RT(st)	((struct replay_tab *)(st))
#define CRT(st) ((const struct replay_tab *)(st))

static char *keep(struct replay_tab *t, const char *s, size_t n)
{
	xgrow((void **)&t->strs, &t->strs_cap, t->nstrs + 1, sizeof(*t->strs));
	return t->strs[t->nstrs++] = xstrndup(s, n);
}

static void drop_rows(struct replay_tab *t)
{
	for (size_t i = 0; i < t->nstrs; i++)
		free(t->strs[i]);
	t->nstrs = 0;
	t->nrows = 0;
}

/* The view's table whose JSON names the recorded row has most of. */
static const struct table *best_table(const struct view *v, json_object *row)
{
	const struct table *best = v->tables[0];
	size_t most = 0;

	for (size_t k = 0; row && k < v->ntables; k++) {
		size_t n = 0;
		for (size_t i = 0; i < v->tables[k]->ncols; i++)
			n += json_object_object_get_ex(
				row, v->tables[k]->cols[i].json, NULL);
		if (n > most) {
			most = n;
			best = v->tables[k];
		}
	}
	return best;
}

/* The screen's table for the recorded rows: the view's columns, each
 * reading a struct value the replay fills (deltas it computes). */
static void make_table(struct replay_tab *t, const struct table *from)
{
	size_t n = 0;

	for (size_t i = 0; i < from->ncols && n < RP_COLS; i++) {
		const struct column *c = &from->cols[i];
		struct column *g = &t->cols[n];

		if ((c->flags & COL_NOJSON) &&
		    !(c->flags & COL_DELTA && c->delta_of) &&
		    !(t->live->json_value &&
		      t->live->json_value(c, NULL, NULL, NULL, NULL)))
			continue; /* not recorded, not computable */
		*g = *c;
		g->kind = V_VALUE;
		g->off = n * sizeof(struct value);
		g->get = NULL;
		g->flags &= ~(unsigned)(COL_MAYBE | COL_LAZY);
		if (c->fmt == F_RENDER) { /* recorded as text or a list */
			g->fmt = F_TEXT;
			g->render = NULL;
		}
		if (from->default_sort == i) {
			t->table.default_sort = n;
			t->table.default_asc = from->default_asc;
		}
		t->src[n++] = i;
	}
	t->table.name = from->name;
	t->table.cols = t->cols;
	t->table.ncols = n;
	t->tables[0] = &t->table;
	t->view.tables = t->tables;
	t->view.ntables = 1;
	t->have_table = true;
}

/* A recorded field as a value of column c. */
static void field_value(struct replay_tab *t, const struct column *c,
			json_object *row, struct value *out)
{
	json_object *f;

	out->kind = V_NONE;
	out->u = 0;
	if (!json_object_object_get_ex(row, c->json, &f) || !f)
		return;
	if (json_object_is_type(f, json_type_string)) {
		const char *s = json_object_get_string(f);
		if (c->fmt == F_HEX) {
			out->kind = V_U64;
			out->u = strtoull(s, NULL, 16);
			return;
		}
		out->kind = V_STR;
		out->s = keep(t, s, (size_t)json_object_get_string_len(f));
	} else if (json_object_is_type(f, json_type_array)) {
		struct sbuf b = { 0 };
		for (size_t i = 0; i < json_object_array_length(f); i++) {
			json_object *e = json_object_array_get_idx(f, i);
			if (i)
				sbuf_addc(&b, ',');
			sbuf_addf(&b, "%s",
				  json_object_is_type(e, json_type_string)
					  ? json_object_get_string(e)
					  : json_object_to_json_string(e));
		}
		out->kind = V_STR;
		out->s = keep(t, b.s ? b.s : "", b.len);
		sbuf_free(&b);
	} else if (json_object_is_type(f, json_type_double)) {
		out->kind = V_F64;
		out->f = json_object_get_double(f);
	} else if (json_object_is_type(f, json_type_int)) {
		int64_t v = json_object_get_int64(f);
		if (v < 0 || c->fmt == F_INT) {
			out->kind = V_I64;
			out->i = v;
		} else {
			out->kind = V_U64;
			out->u = json_object_get_uint64(f);
		}
	} else if (json_object_is_type(f, json_type_boolean)) {
		out->kind = V_U64;
		out->u = json_object_get_boolean(f);
	}
}

/* Column c of a recorded row as the screen shows it: the view's own
 * text or value where it makes one, else the recorded field. */
static void field_view(struct replay_tab *t, const struct column *c,
		       json_object *row, json_object *line, struct value *out)
{
	struct sbuf text = { 0 };

	if (t->live->json_value &&
	    t->live->json_value(c, row, line, out, &text)) {
		if (out->kind == V_STR)
			out->s = keep(t, text.s ? text.s : "", text.len);
	} else {
		field_value(t, c, row, out);
	}
	sbuf_free(&text);
}

static double num(json_object *row, const char *k, bool *ok)
{
	json_object *f;

	*ok = json_object_object_get_ex(row, k, &f) &&
	      (json_object_is_type(f, json_type_int) ||
	       json_object_is_type(f, json_type_double));
	return *ok ? json_object_get_double(f) : 0;
}

/* The tab's rows at the session's position: the recorded fields, the
 * deltas against the previous snapshot or the baseline (or per second),
 * "new" against the baseline. */
static void build_rows(struct replay_tab *t, const struct replay_snap *cur,
		       const struct replay_snap *prev,
		       const struct replay_snap *base)
{
	const struct replay_view *rv = replay_snap_view(cur, t->live);
	struct ref ref, bref;
	struct sbuf id = { 0 }, label = { 0 };
	enum delta_mode mode = t->s->mode;
	size_t n;

	drop_rows(t);
	t->present = rv != NULL;
	if (!rv)
		return;
	n = json_object_array_length(rv->rows);
	if (!t->have_table)
		make_table(t, best_table(t->live, n ? json_object_array_get_idx(
							      rv->rows, 0)
						    : NULL));
	{
		const struct replay_snap *r = mode == DELTA_BASE ? base : prev;
		ref_index(&ref, t->live, replay_snap_view(r, t->live), r->time);
		ref_index(&bref, t->live, replay_snap_view(base, t->live),
			  base->time);
	}
	xgrow((void **)&t->rows, &t->cap, n ? n : 1, sizeof(*t->rows));
	for (size_t i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rv->rows, i), *o;
		struct rp_row *r = &t->rows[t->nrows++];
		double dt = cur->time - ref.time;

		memset(r, 0, sizeof(*r));
		replay_row_id(t->live, row, &id);
		o = ref.ok && (mode == DELTA_BASE || prev != cur)
			    ? ref_find(&ref, id.s ? id.s : "")
			    : NULL;
		r->is_new = bref.ok && base != cur &&
			    !ref_find(&bref, id.s ? id.s : "");
		for (size_t k = 0; k < t->table.ncols; k++) {
			const struct column *c = &t->cols[k];
			bool a, b;
			double x, y;
			if (!(c->flags & COL_DELTA)) {
				field_view(t, c, row, rv->line, &r->v[k]);
				continue;
			}
			r->v[k].kind = V_NONE;
			x = num(row, c->delta_of, &a);
			y = o ? num(o, c->delta_of, &b) : 0;
			if (!o || !a || !b)
				continue;
			if (mode == DELTA_RATE) {
				r->v[k].kind = V_F64;
				r->v[k].f = dt > 0 ? (x - y) / dt : 0;
			} else {
				json_object *fx = NULL, *fy = NULL;
				json_object_object_get_ex(row, c->delta_of,
							  &fx);
				json_object_object_get_ex(o, c->delta_of, &fy);
				/* none where int64 cannot hold it */
				if (replay_delta(fx, fy, &r->v[k].i))
					r->v[k].kind = V_I64;
			}
		}
		sbuf_reset(&label);
		if (t->live->json_filter_key) {
			t->live->json_filter_key(row, &label);
		} else {
			replay_row_label(t->live, row, &label);
			sbuf_addc(&label, '\n');
			sbuf_add(&label, id.s ? id.s : "", id.len);
		}
		r->filter = keep(t, label.s ? label.s : "", label.len);
		r->id = keep(t, id.s ? id.s : "", id.len);
	}
	ref_free(&ref);
	ref_free(&bref);
	sbuf_free(&id);
	sbuf_free(&label);
}

/* The summary: the time bar, then the recorded summary's numbers. */
static void make_summary(struct replay_tab *t, const struct replay_snap *cur)
{
	struct replay_session *s = t->s;
	const struct replay_view *rv = replay_snap_view(cur, t->live);
	struct sbuf a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	json_object *sum;
	size_t col = 0;

	sbuf_reset(&t->summary);
	replay_format_time(s->r.s[s->pos].time, &a);
	replay_format_time(s->r.s[0].time, &b);
	replay_format_time(s->r.s[s->r.n - 1].time, &c);
	replay_format_time(s->r.s[s->base].time, &d);
	/* the end and the baseline by their time of day ("(no date)" as
	 * it is) */
	sbuf_addf(
		&t->summary,
		"Replay: snapshot %zu/%zu at %s UTC  (recorded %s to %s, %.1f h)\n"
		"Baseline: snapshot %zu at %s\n",
		s->pos + 1, s->r.n, a.s, b.s, c.len > 11 ? c.s + 11 : c.s,
		(s->r.s[s->r.n - 1].time - s->r.s[0].time) / 3600, s->base + 1,
		d.len > 11 ? d.s + 11 : d.s);
	if (s->note.len)
		sbuf_add(&t->summary, s->note.s, s->note.len);
	if (!rv) {
		sbuf_addf(&t->summary, "(no %s view in this snapshot%s%s)\n",
			  t->live->name, cur->skipped ? "; " : "",
			  cur->skipped ? cur->why.msg : "");
	} else if (t->live->json_summary &&
		   t->live->json_summary(rv->line, &t->summary)) {
		/* the view's own lines, as live */
	} else if (json_object_object_get_ex(rv->line, "summary", &sum) &&
		   json_object_is_type(sum, json_type_object)) {
		json_object_object_foreach(sum, k, val)
		{
			if (!json_object_is_type(val, json_type_int) &&
			    !json_object_is_type(val, json_type_double))
				continue;
			sbuf_addf(&t->summary, "%s%s %s", col ? "  " : "", k,
				  json_object_to_json_string(val));
			if (++col == 5) {
				sbuf_addc(&t->summary, '\n');
				col = 0;
			}
		}
		if (col)
			sbuf_addc(&t->summary, '\n');
	}
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&c);
	sbuf_free(&d);
}

static int rp_read(void *st, struct view_env *env, double now, struct kerr *err)
{
	struct replay_tab *t = RT(st);
	struct replay_session *s = t->s;
	struct replay_snap cur, prev, base;
	int rc = 0;

	(void)env, (void)now;
	if (replay_snap_load(&s->r, s->pos, &cur, err))
		return -1;
	rc |= replay_snap_load(&s->r, s->pos ? s->pos - 1 : 0, &prev, err);
	rc |= replay_snap_load(&s->r, s->base, &base, err);
	if (!rc) {
		build_rows(t, &cur, s->pos ? &prev : &cur, &base);
		make_summary(t, &cur);
	}
	replay_snap_free(&cur);
	replay_snap_free(&prev);
	replay_snap_free(&base);
	return rc ? -1 : 0;
}

static size_t rp_skipped(const void *st, struct sbuf *note)
{
	(void)st, (void)note;
	return 0;
}

static void rp_rows(const void *st, enum view_use use, struct out_table *out)
{
	const struct replay_tab *t = CRT(st);

	(void)use;
	*out = (struct out_table){
		.table = t->have_table ? &t->table : t->live->tables[0],
		.rows = t->rows,
		.row_size = sizeof(*t->rows),
		.nrows = t->have_table ? t->nrows : 0,
		.prev_off = 0,
		.extra = true,
		.own_pairing = true, /* replay pairs the recorded rows */
	};
}

static const char *rp_filter_key(const void *st, const void *row)
{
	(void)st;
	return ((const struct rp_row *)row)->filter;
}

static bool rp_is_new(const void *st, const void *row)
{
	(void)st;
	return ((const struct rp_row *)row)->is_new;
}

static void rp_summary(const void *st, const struct view_env *env,
		       enum view_use use, const struct rowset *rs,
		       struct sbuf *out)
{
	(void)env, (void)use, (void)rs;
	sbuf_add(out, CRT(st)->summary.s ? CRT(st)->summary.s : "",
		 CRT(st)->summary.len);
}

static void rp_status(const void *st, struct sbuf *out)
{
	const struct replay_session *s = CRT(st)->s;

	sbuf_addf(out, "Replay %zu/%zu  Deltas: %s", s->pos + 1, s->r.n,
		  s->mode == DELTA_PREV ? "since the previous snapshot"
					: delta_mode_name(s->mode));
}

/* ---- the replay's keys ----------------------------------------------- */

static unsigned go(struct replay_tab *t, long step, char *msg, size_t size)
{
	struct replay_session *s = t->s;
	long p = (long)s->pos + step;

	if (p < 0)
		p = 0;
	if (p >= (long)s->r.n)
		p = (long)s->r.n - 1;
	if ((size_t)p == s->pos) {
		snprintf(msg, size, "%s",
			 step < 0 ? "at the first snapshot"
				  : "at the last snapshot");
		return R_REDRAW;
	}
	s->pos = (size_t)p;
	msg[0] = '\0';
	return R_REREAD;
}

static unsigned key_prev(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), -1, m, n);
}
static unsigned key_next(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), 1, m, n);
}
static unsigned key_back10(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), -10, m, n);
}
static unsigned key_fwd10(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), 10, m, n);
}
static unsigned key_first(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), -(long)RT(st)->s->r.n, m, n);
}
static unsigned key_last(void *st, const void *row, char *m, size_t n)
{
	(void)row;
	return go(RT(st), (long)RT(st)->s->r.n, m, n);
}

static unsigned key_mode(void *st, const void *row, char *msg, size_t size)
{
	struct replay_session *s = RT(st)->s;

	(void)row;
	s->mode = (s->mode + 1) % DELTA_MODE_COUNT;
	snprintf(msg, size, "deltas: %s",
		 s->mode == DELTA_PREV ? "since the previous snapshot"
				       : delta_mode_name(s->mode));
	return R_REREAD;
}

static unsigned key_base(void *st, const void *row, char *msg, size_t size)
{
	struct replay_session *s = RT(st)->s;
	struct sbuf t = { 0 };

	(void)row;
	s->base = s->pos;
	replay_format_time(s->r.s[s->pos].time, &t);
	snprintf(msg, size, "baseline: snapshot %zu (%s)", s->pos + 1, t.s);
	sbuf_free(&t);
	return R_REREAD;
}

const struct view_key replay_keys[] = {
	{ '[', "[", key_prev, "replay: the previous snapshot" },
	{ ']', "]", key_next, "replay: the next snapshot" },
	{ '{', "{", key_back10, "replay: 10 snapshots back" },
	{ '}', "}", key_fwd10, "replay: 10 snapshots on" },
	{ '(', "(", key_first, "replay: the first snapshot" },
	{ ')', ")", key_last, "replay: the last snapshot" },
	{ 'd', "d", key_mode,
	  "delta mode: since the previous snapshot, since the baseline, per second" },
	{ 'z', "z", key_base, "replay: mark this snapshot as the baseline" },
};
const size_t nreplay_keys = ARRAY_SIZE(replay_keys);

/* @: go to a time, typed */
static bool goto_begin(void *st, const struct view_env *env, const void *row,
		       char *title, size_t tsize, char *text, size_t text_size,
		       char *msg, size_t size)
{
	(void)st, (void)env, (void)row, (void)msg, (void)size;
	snprintf(title, tsize,
		 "go to (HH:MM[:SS] or 2026-11-29T03:00[:SS], UTC)");
	snprintf(text, text_size, "%s", "");
	return true;
}

static bool goto_check(void *st, const char *text, char *question, size_t qsize,
		       char *msg, size_t size)
{
	struct replay_session *s = RT(st)->s;
	struct kerr err;
	struct sbuf t = { 0 };
	double at;

	(void)question, (void)qsize;
	if (replay_parse_time(text, s->r.s[0].time, &at, &err)) {
		snprintf(msg, size, "%s", err.msg);
		return false;
	}
	s->pos = recfile_find(&s->r, at);
	replay_format_time(s->r.s[s->pos].time, &t);
	snprintf(msg, size, "at snapshot %zu (%s)%s", s->pos + 1, t.s,
		 at < s->r.s[0].time ? ": the recording starts later" : "");
	sbuf_free(&t);
	return false; /* nothing to confirm: done */
}

static void goto_commit(void *st, char *msg, size_t size)
{
	(void)st, (void)msg, (void)size;
}

static void goto_end(void *st)
{
	(void)st;
}

const struct view_edit replay_edits[] = { {
	.key = '@',
	.label = "@",
	.help = "replay: go to a time (HH:MM[:SS] or ISO 8601, UTC)",
	.typed = true,
	.begin = goto_begin,
	.check = goto_check,
	.commit = goto_commit,
	.end = goto_end,
} };

/* The chart of a row: its main value in up to 400 snapshots spread over
 * the recording, read once per row shown. */
#define SERIES_POINTS 400
static size_t rp_series(void *st, const void *row, double *t, double *v,
			size_t max)
{
	struct replay_tab *tab = RT(st);
	struct replay_session *s = tab->s;
	const char *id = ((const struct rp_row *)row)->id;
	size_t want = max < SERIES_POINTS ? max : SERIES_POINTS, step;
	struct sbuf rid = { 0 };

	if (!tab->series_id || strcmp(tab->series_id, id)) {
		free(tab->series_id);
		tab->series_id = xstrdup(id);
		free(tab->st);
		free(tab->sv);
		tab->st = xcalloc(want + 1, sizeof(double));
		tab->sv = xcalloc(want + 1, sizeof(double));
		tab->sn = 0;
		step = (s->r.n + want - 1) / want;
		for (size_t i = 0; i < s->r.n && tab->sn < want; i += step) {
			struct replay_snap x;
			const struct replay_view *rv;
			struct kerr err;
			if (replay_snap_load(&s->r, i, &x, &err))
				continue;
			rv = replay_snap_view(&x, tab->live);
			tab->st[tab->sn] = x.time;
			tab->sv[tab->sn] = NAN;
			for (size_t j = 0;
			     rv && j < json_object_array_length(rv->rows);
			     j++) {
				json_object *r =
					json_object_array_get_idx(rv->rows, j);
				replay_row_id(tab->live, r, &rid);
				if (!strcmp(rid.s ? rid.s : "", id)) {
					replay_row_value(tab->live, r,
							 &tab->sv[tab->sn]);
					break;
				}
			}
			tab->sn++;
			replay_snap_free(&x);
		}
		sbuf_free(&rid);
	}
	memcpy(t, tab->st, tab->sn * sizeof(*t));
	memcpy(v, tab->sv, tab->sn * sizeof(*v));
	return tab->sn;
}

static void rp_destroy(void *st)
{
	struct replay_tab *t = RT(st);

	free(t->series_id);
	free(t->st);
	free(t->sv);
	drop_rows(t);
	free(t->rows);
	free(t->strs);
	sbuf_free(&t->summary);
	free(t);
}

struct replay_session *replay_open(const struct options *o, struct kerr *err)
{
	struct replay_session *s = xcalloc(1, sizeof(*s));
	struct replay_snap first, last;

	s->o = o;
	if (recfile_open(&s->r, o->replay, err)) {
		free(s);
		return NULL;
	}
	s->pos = 0;
	s->base = 0;
	if (o->from) {
		double t;
		if (replay_parse_time(o->from, s->r.s[0].time, &t, err)) {
			replay_close(s);
			return NULL;
		}
		s->pos = recfile_find(&s->r, t);
		span_note("", "--from", t, &s->r, o->replay, &s->note);
	}
	/* a tab per view the recording holds (at its start or its end) */
	if (replay_snap_load(&s->r, 0, &first, err) ||
	    replay_snap_load(&s->r, s->r.n - 1, &last, err)) {
		replay_close(s);
		return NULL;
	}
	/* the views --view names, in its order; else every view */
	for (size_t i = 0;
	     i < (o->nviews ? o->nviews : nviews) && s->ntabs < VIEWS_MAX;
	     i++) {
		size_t k = o->nviews ? o->views[i] : i;
		struct replay_tab *t;
		if (!replay_snap_view(&first, views[k]) &&
		    !replay_snap_view(&last, views[k]))
			continue;
		t = xcalloc(1, sizeof(*t));
		t->s = s;
		t->live = views[k];
		t->view = (struct view){
			.name = views[k]->name,
			.what = views[k]->what,
			.destroy = rp_destroy,
			.read = rp_read,
			.skipped = rp_skipped,
			.rows = rp_rows,
			.filter_key = rp_filter_key,
			.is_new = rp_is_new,
			.summary = rp_summary,
			.status = rp_status,
			.keys = replay_keys,
			.nkeys = nreplay_keys,
			.edits = replay_edits,
			.nedits = 1,
			.series = rp_series,
			.main_value = views[k]->main_value,
			.main_bytes = views[k]->main_bytes,
			.label = views[k]->label,
			.tables = views[k]->tables,
			.ntables = views[k]->ntables,
		};
		s->tabs[s->ntabs++] = t;
	}
	replay_snap_free(&first);
	replay_snap_free(&last);
	if (!s->ntabs) {
		kerr_set(err,
			 o->nviews ? "%s holds none of the views --view names"
				   : "%s holds no view this kmemtop knows",
			 o->replay);
		replay_close(s);
		return NULL;
	}
	return s;
}

size_t replay_tabs(const struct replay_session *s)
{
	return s->ntabs;
}

const struct view *replay_tab_view(struct replay_session *s, size_t i,
				   void **st)
{
	*st = s->tabs[i];
	return &s->tabs[i]->view;
}

const struct recfile *replay_file(const struct replay_session *s)
{
	return &s->r;
}

void replay_close(struct replay_session *s)
{
	if (!s)
		return;
	recfile_close(&s->r);
	sbuf_free(&s->note);
	free(s);
}
