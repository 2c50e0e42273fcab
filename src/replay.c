/*
 * replay.c - a recording read back: its snapshots, whole (a tree per
 * view's line, for the screen) or a row at a time (identity, label and
 * main value, for the leak report and the plot), and a recorded row's
 * identity, label and value (replay.h).
 *
 * It reads the recording through recfile and knows the views only
 * through the registry (their JSON names); it never prints but a
 * snapshot's note on stderr. A recording is untrusted: each line is
 * checked for what kmemtop could have written (scan_line: strict JSON,
 * numbers in range, depth, rows and row lengths bounded) before json-c
 * parses it, and a snapshot read a row at a time holds a row's
 * identity, label and value, never a whole snapshot's tree. It must not
 * convert a recorded number to an integer or a time without checking
 * its range first.
 */
#include "replay.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- a snapshot read a row at a time --------------------------------- */

struct crow_ctx {
	struct replay_cview *cv;
	struct json_tokener *tok;
	struct sbuf id, label;
};

static bool cview_eq(const void *owner, size_t i, const void *key)
{
	const struct replay_cview *cv = owner;

	return !strcmp(cv->text + cv->r[i].id, key);
}

size_t replay_cview_find(const struct replay_cview *cv, const char *id)
{
	return keyindex_find(&cv->ix, hash_bytes(id, strlen(id)), id, cview_eq,
			     cv);
}

/* scan_line's row: parsed alone, kept as a crow, its tree freed */
static void crow_add(void *ctx, const char *text, size_t len)
{
	struct crow_ctx *c = ctx;
	struct replay_cview *cv = c->cv;
	struct replay_crow r = { 0 };
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

static void cview_free(struct replay_cview *cv)
{
	free(cv->r);
	free(cv->text);
	keyindex_free(&cv->ix);
	memset(cv, 0, sizeof(*cv));
}

void replay_cside_free(struct replay_cside *cs)
{
	for (size_t k = 0; k < VIEWS_MAX; k++)
		cview_free(&cs->views[k]);
}

/* The rows of the views want[] names in snapshot i, a row at a time:
 * memory is the rows' identities, labels and values, and the snapshot's
 * text while it is read. Refused lines are counted in cs->skipped.
 * Returns 0, or -1 with err. */
int replay_cside_load(const struct recfile *r, size_t i, const bool *want,
		      struct replay_cside *cs, struct kerr *err)
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
		struct replay_cview *cv;
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
const struct replay_cview *replay_cside_view(const struct replay_cside *cs,
					     size_t k)
{
	return cs->views[k].v && !cs->views[k].refused ? &cs->views[k] : NULL;
}

/* What a snapshot's refused lines were: a note on stderr. */
void replay_cside_note(const struct options *o, const struct replay_cside *cs)
{
	if (!cs->skipped)
		return;
	fprintf(stderr, "kmemtop: %s: %s", o->replay, cs->why.msg);
	if (cs->skipped > 1)
		fprintf(stderr, " (and %zu more line(s) of it)",
			cs->skipped - 1);
	fputc('\n', stderr);
}
