/*
 * output.c - the --once text and JSON for the slab view.
 *
 * The text is byte-for-byte what `slabtop -o` prints for the same data,
 * so scripts keep working. JSON goes through json-c, never hand-written
 * escaping. Every string is sanitized first. Only main writes the result.
 */
#include "output.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <string.h>

#include "view_slab.h"

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

void output_slab_summary(const struct slab_totals *t, struct sbuf *out)
{
	sbuf_addf(out, " %-35s: %" PRIu64 " / %" PRIu64 " (%.1f%%)\n",
		  "Active / Total Objects (% used)", t->active_objs,
		  t->num_objs, pct(t->active_objs, t->num_objs));
	sbuf_addf(out, " %-35s: %" PRIu64 " / %" PRIu64 " (%.1f%%)\n",
		  "Active / Total Slabs (% used)", t->active_slabs,
		  t->num_slabs, pct(t->active_slabs, t->num_slabs));
	sbuf_addf(out, " %-35s: %" PRIu64 " / %" PRIu64 " (%.1f%%)\n",
		  "Active / Total Caches (% used)", t->active_caches,
		  t->num_caches, pct(t->active_caches, t->num_caches));
	sbuf_addf(out, " %-35s: %.2fK / %.2fK (%.1f%%)\n",
		  "Active / Total Size (% used)",
		  (double)t->active_size / 1024.0,
		  (double)t->total_size / 1024.0,
		  pct(t->active_size, t->total_size));
	sbuf_addf(out, " %-35s: %.2fK / %.2fK / %.2fK\n\n",
		  "Minimum / Average / Maximum Object",
		  (double)t->min_objsize / 1024.0,
		  (double)t->avg_objsize / 1024.0,
		  (double)t->max_objsize / 1024.0);
}

static bool text_col(const struct column *c)
{
	return !(c->flags & (COL_HIDDEN | COL_DELTA));
}

void output_slab_header(struct sbuf *out)
{
	size_t start = out->len;
	bool first = true;

	for (size_t i = 0; i < view_slab.ncols; i++) {
		const struct column *c = &view_slab.cols[i];
		if (!text_col(c))
			continue;
		if (!first)
			sbuf_addc(out, ' ');
		first = false;
		col_header(c, out);
	}
	while (out->len - start < 78)
		sbuf_addc(out, ' ');
	sbuf_addc(out, '\n');
}

void output_slab_line(const struct slab_row *r, struct sbuf *out)
{
	bool first = true;

	for (size_t i = 0; i < view_slab.ncols; i++) {
		const struct column *c = &view_slab.cols[i];
		struct value v;
		if (!text_col(c))
			continue;
		if (!first)
			sbuf_addc(out, ' ');
		first = false;
		c->get(r, &v);
		col_format(c, &v, out, 0);
	}
	sbuf_addc(out, '\n');
}

void output_slab_text(const struct slab_model *m, const size_t *idx,
		      size_t n, struct sbuf *out)
{
	output_slab_summary(&m->tot, out);
	output_slab_header(out);
	for (size_t i = 0; i < n; i++)
		output_slab_line(&m->rows[idx[i]], out);
}

static json_object *json_str(const char *s)
{
	struct sbuf b = { 0 };
	json_object *o;

	sanitize(&b, s, strlen(s), SAN_KEEP_C0);
	o = json_object_new_string_len(b.s ? b.s : "", (int)b.len);
	sbuf_free(&b);
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
		return json_str(v->s ? v->s : "");
	default:
		return NULL;
	}
}

static void add_u64(json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

static void finish(json_object *root, struct sbuf *out)
{
	const char *s = json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	sbuf_add(out, s, strlen(s));
	sbuf_addc(out, '\n');
	json_object_put(root);
}

void output_slab_json(const struct slab_model *m, const size_t *idx,
		      size_t n, double time, struct sbuf *out)
{
	const struct slab_totals *t = &m->tot;
	json_object *root = json_object_new_object();
	json_object *sum = json_object_new_object();
	json_object *rows = json_object_new_array_ext((int)n);

	json_object_object_add(root, "time", json_object_new_double(time));
	json_object_object_add(root, "view", json_object_new_string("slab"));
	add_u64(sum, "active_objs", t->active_objs);
	add_u64(sum, "num_objs", t->num_objs);
	add_u64(sum, "active_slabs", t->active_slabs);
	add_u64(sum, "num_slabs", t->num_slabs);
	add_u64(sum, "active_caches", t->active_caches);
	add_u64(sum, "num_caches", t->num_caches);
	add_u64(sum, "active_size", t->active_size);
	add_u64(sum, "total_size", t->total_size);
	add_u64(sum, "min_objsize", t->min_objsize);
	add_u64(sum, "avg_objsize", t->avg_objsize);
	add_u64(sum, "max_objsize", t->max_objsize);
	add_u64(sum, "skipped_lines", m->cur.skipped);
	json_object_object_add(root, "summary", sum);

	for (size_t i = 0; i < n; i++) {
		const struct slab_row *r = &m->rows[idx[i]];
		json_object *row = json_object_new_object();
		for (size_t k = 0; k < view_slab.ncols; k++) {
			const struct column *c = &view_slab.cols[k];
			struct value v;
			if (c->flags & COL_NOJSON)
				continue;
			c->get(r, &v);
			json_object_object_add(row, c->json, json_value(&v));
		}
		json_object_array_add(rows, row);
	}
	json_object_object_add(root, "rows", rows);
	finish(root, out);
}
