/*
 * output.c - the --once and batch text and JSON of every view.
 *
 * The slab view's text is byte-for-byte what `slabtop -o` prints for the
 * same data, so scripts keep working. JSON goes through json-c, never
 * hand-written escaping but for bytes that are not UTF-8. Every string is
 * sanitized first. It writes into a sink; only main writes files.
 */
#include "output.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <json-c/printbuf.h>
#include <stdio.h>
#include <string.h>

void out_sink_check(struct out_sink *k)
{
	if (k->flush && !k->err && k->buf->len >= OUTPUT_FLUSH) {
		k->err = k->flush(k->ctx, k->buf);
		sbuf_reset(k->buf);
	}
}

/* cells: slabtop pads its header line to this width */
enum { SLABTOP_WIDTH = 78 };

void output_change(struct sbuf *out, int64_t change, const char *unit)
{
	if (change)
		sbuf_addf(out, " (%+" PRId64 "%s)", change, unit);
}

void output_label(struct sbuf *out, const char *label)
{
	sbuf_addf(out, " %-35s: ", label);
}

bool out_col_shown(const struct out_table *t, const struct column *c,
		   bool deltas)
{
	return !(c->flags & COL_HIDDEN) &&
	       (deltas || !(c->flags & COL_DELTA)) &&
	       (t->extra || !(c->flags & COL_EXTRA));
}

/* The titles of t's text columns, separated by spaces, no newline. */
static void header_cells(const struct out_table *t, struct sbuf *out)
{
	const struct table *tbl = t->table;
	bool first = true;

	for (size_t i = 0; i < tbl->ncols; i++) {
		const struct column *c = &tbl->cols[i];
		if (!out_col_shown(t, c, t->deltas))
			continue;
		if (!first)
			sbuf_addc(out, ' ');
		first = false;
		col_header(c, out);
	}
}

void out_value(const struct out_table *t, const struct column *c, size_t i,
	       struct value *out)
{
	if (t->rs && (c->flags & COL_DELTA) && !c->get)
		rowset_value(t->rs, c, i, out);
	else
		col_get(c, (const char *)t->rows + i * t->row_size, out);
}

/* The cells of row i of t, separated by spaces, no newline. */
static void row_cells(const struct out_table *t, size_t i, struct sbuf *out)
{
	const struct table *tbl = t->table;
	bool first = true;

	for (size_t k = 0; k < tbl->ncols; k++) {
		const struct column *c = &tbl->cols[k];
		struct value v;
		if (!out_col_shown(t, c, t->deltas))
			continue;
		if (!first)
			sbuf_addc(out, ' ');
		first = false;
		out_value(t, c, i, &v);
		col_format(c, &v, out, 0, t->text_flags | CELL_FILL);
	}
}

/* A code point a terminal could take as a control: C0, DEL, C1. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* Strings json-c can write itself: valid UTF-8 without DEL or C1
 * controls (json-c escapes C0 as \u00XX itself). */
static bool json_plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_seq_len(s + i, n - i, &cp);
		if (!len || (cp >= 0x7f && cp < 0xa0))
			return false;
		i += len;
	}
	return true;
}

/* JSON text of s[0..n): controls as \u00XX, each byte outside valid
 * UTF-8 as \udcXX. */
static void json_escape(struct printbuf *pb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_seq_len(s + i, n - i, &cp);
		char e[8];

		if (len == 0) {
			unsigned char c = (unsigned char)s[i];
			snprintf(e, sizeof(e), "\\udc%c%c", hex[c >> 4],
				 hex[c & 15]);
			printbuf_memappend(pb, e, 6);
			i++;
		} else if (is_control(cp)) {
			snprintf(e, sizeof(e), "\\u00%c%c", hex[cp >> 4],
				 hex[cp & 15]);
			printbuf_memappend(pb, e, 6);
			i += len;
		} else if (cp == '"' || cp == '\\') {
			e[0] = '\\', e[1] = (char)cp;
			printbuf_memappend(pb, e, 2);
			i++;
		} else {
			printbuf_memappend(pb, s + i, (int)len);
			i += len;
		}
	}
}

static int string_to_json(json_object *o, struct printbuf *pb, int level,
			  int flags)
{
	(void)level, (void)flags;
	printbuf_memappend(pb, "\"", 1);
	json_escape(pb, json_object_get_string(o),
		    (size_t)json_object_get_string_len(o));
	printbuf_memappend(pb, "\"", 1);
	return 0;
}

json_object *output_json_string(const char *s, size_t n)
{
	json_object *o = json_object_new_string_len(s, (int)n);

	if (!json_plain(s, n))
		json_object_set_serializer(o, string_to_json, NULL, NULL);
	return o;
}

static json_object *json_value(const struct value *v)
{
	switch (v->kind) {
	case V_U64:
		return json_object_new_uint64(v->u);
	case V_I64:
		return json_object_new_int64(v->i);
	case V_F64:
		return json_object_new_double(v->f);
	case V_STR:
		return output_json_string(v->s ? v->s : "",
					  v->s ? strlen(v->s) : 0);
	default:
		return NULL;
	}
}

/* A row as a JSON object: every column without COL_NOJSON, under its JSON
 * name. Absent values are null; addresses are "0x..." strings; rendered
 * columns (type lists) are arrays of their comma-separated words (or
 * separated by the column's list_sep). */
static json_object *json_row(const struct table *tbl, table_get_fn get,
			     const void *ctx, size_t row)
{
	json_object *o = json_object_new_object();

	for (size_t k = 0; k < tbl->ncols; k++) {
		const struct column *c = &tbl->cols[k];
		struct value v;
		json_object *j = NULL;

		if (c->flags & COL_NOJSON)
			continue;
		get(ctx, c, row, &v);
		if (v.kind == V_NONE) {
			j = NULL;
		} else if (c->fmt == F_HEX) {
			char tmp[24];
			snprintf(tmp, sizeof(tmp), "0x%" PRIx64, v.u);
			j = json_object_new_string(tmp);
		} else if (c->fmt == F_RENDER) {
			struct sbuf b = { 0 };
			const char *p, *e;
			c->render(&v, &b);
			j = json_object_new_array();
			for (p = b.s; p && *p; p = *e ? e + 1 : e) {
				e = strchr(p, c->list_sep ? c->list_sep : ',');
				if (!e)
					e = p + strlen(p);
				json_object_array_add(
					j,
					output_json_string(p, (size_t)(e - p)));
			}
			sbuf_free(&b);
		} else {
			j = json_value(&v);
		}
		json_object_object_add(o, c->json, j);
	}
	return o;
}

void output_json_u64(json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

/* ---- tables ----------------------------------------------------------- */

/* json_row's getters: a row of t, a gone row of the row set */
static void get_row(const void *ctx, const struct column *c, size_t i,
		    struct value *out)
{
	out_value(ctx, c, i, out);
}

static void get_gone_row(const void *ctx, const struct column *c, size_t g,
			 struct value *out)
{
	rowset_gone_value(ctx, g, c, out);
}

void output_table_text(const struct out_table *t, struct out_sink *k)
{
	struct sbuf *out = k->buf;
	size_t start = out->len;

	header_cells(t, out);
	if (t->slabtop && out->len - start < SLABTOP_WIDTH)
		sbuf_fill(out, ' ', SLABTOP_WIDTH - (out->len - start));
	sbuf_addc(out, '\n');
	for (size_t r = 0; r < t->n && !k->err; r++) {
		row_cells(t, t->idx[r], out);
		/* no trailing blanks after a last text column */
		while (!t->slabtop && out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		sbuf_addc(out, '\n');
		out_sink_check(k);
	}
}

/* Fields JSON gives the change of: every integer field but the row's
 * identity. */
static bool json_delta_col(const struct column *c)
{
	return !(c->flags & (COL_NOJSON | COL_ID | COL_DELTA)) &&
	       c->fmt != F_HEX && c->fmt != F_RENDER;
}

/* The change of row i of t since the previous reading, from the row
 * set; NULL when the row is new. */
static json_object *json_rs_delta(const struct out_table *t, size_t i)
{
	const struct table *tbl = t->table;
	json_object *d;

	if (rowset_ref_row(t->rs, i) == SIZE_MAX)
		return NULL;
	d = json_object_new_object();
	for (size_t k = 0; k < tbl->ncols; k++) {
		const struct column *c = &tbl->cols[k];
		struct value v;

		if (!json_delta_col(c))
			continue;
		rowset_change(t->rs, c, i, &v);
		if (v.kind == V_I64)
			json_object_object_add(d, c->json,
					       json_object_new_int64(v.i));
	}
	return d;
}

/* Append o's JSON text and drop it. */
static void json_add(struct sbuf *out, json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	sbuf_add(out, s, strlen(s));
	json_object_put(o);
}

void output_json(json_object *head, const struct out_table *t,
		 struct out_sink *k)
{
	struct sbuf *out = k->buf;
	bool first = true;

	/* the head's text without its closing brace, then the rows one by
	 * one: json-c never holds more than one row */
	json_add(out, head);
	out->s[--out->len] = '\0'; /* the '}' */
	if (out->s[out->len - 1] != '{')
		sbuf_addc(out, ',');
	sbuf_add(out, "\"rows\":[", 8);
	for (size_t r = 0; r < t->n && !k->err; r++) {
		json_object *o = json_row(t->table, get_row, t, t->idx[r]);

		if (t->deltas && t->rs) {
			json_object *d = json_rs_delta(t, t->idx[r]);
			json_object_object_add(o, d ? "delta" : "new",
					       d ? d
						 : json_object_new_boolean(1));
		}
		if (!first)
			sbuf_addc(out, ',');
		first = false;
		json_add(out, o);
		out_sink_check(k);
	}
	for (size_t g = 0; t->deltas && g < t->ngone && !k->err; g++) {
		json_object *o =
			json_row(t->table, get_gone_row, t->rs, t->gone[g]);
		json_object_object_add(o, "gone", json_object_new_boolean(1));
		if (!first)
			sbuf_addc(out, ',');
		first = false;
		json_add(out, o);
		out_sink_check(k);
	}
	sbuf_add(out, "]}\n", 3);
}
