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

/* A column of the text output: hidden ones never, delta ones on demand */
static bool text_col(const struct column *c, bool deltas)
{
	return !(c->flags & COL_HIDDEN) && (deltas || !(c->flags & COL_DELTA));
}

/* The titles of vw's text columns, separated by spaces, no newline. */
static void header_cells(const struct table *vw, bool deltas, struct sbuf *out)
{
	bool first = true;

	for (size_t i = 0; i < vw->ncols; i++) {
		const struct column *c = &vw->cols[i];
		if (!text_col(c, deltas))
			continue;
		if (!first)
			sbuf_addc(out, ' ');
		first = false;
		col_header(c, out);
	}
}

/* The cells of one row of vw, separated by spaces, no newline. */
static void row_cells(const struct table *vw, const void *row, bool deltas,
		      unsigned flags, struct sbuf *out)
{
	bool first = true;

	for (size_t i = 0; i < vw->ncols; i++) {
		const struct column *c = &vw->cols[i];
		struct value v;
		if (!text_col(c, deltas))
			continue;
		if (!first)
			sbuf_addc(out, ' ');
		first = false;
		col_get(c, row, &v);
		col_format(c, &v, out, 0, flags);
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
 * columns (type lists) are arrays of their comma-separated words. */
static json_object *json_row(const struct table *vw, const void *row)
{
	json_object *o = json_object_new_object();

	for (size_t k = 0; k < vw->ncols; k++) {
		const struct column *c = &vw->cols[k];
		struct value v;
		json_object *j = NULL;

		if (c->flags & COL_NOJSON)
			continue;
		col_get(c, row, &v);
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
				e = strchr(p, ',');
				if (!e)
					e = p + strlen(p);
				json_object_array_add(
					j, json_object_new_string_len(
						   p, (int)(e - p)));
			}
			sbuf_free(&b);
		} else {
			j = json_value(&v);
		}
		json_object_object_add(o, c->json, j);
	}
	return o;
}

static void add_u64(json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

/* ---- tables ----------------------------------------------------------- */

static const void *row_at(const struct out_table *t, const void *rows, size_t i)
{
	return (const char *)rows + i * t->row_size;
}

/* The row's previous row, or NULL. */
static const void *prev_of(const struct out_table *t, const void *row)
{
	size_t j = *(const size_t *)((const char *)row + t->prev_off);

	return t->prev_rows && j != SIZE_MAX ? row_at(t, t->prev_rows, j)
					     : NULL;
}

void output_table_text(const struct out_table *t, struct out_sink *k)
{
	struct sbuf *out = k->buf;
	size_t start = out->len;

	header_cells(t->vw, t->deltas, out);
	if (t->slabtop && out->len - start < SLABTOP_WIDTH)
		sbuf_fill(out, ' ', SLABTOP_WIDTH - (out->len - start));
	sbuf_addc(out, '\n');
	for (size_t r = 0; r < t->n && !k->err; r++) {
		row_cells(t->vw, row_at(t, t->rows, t->idx[r]), t->deltas,
			  t->text_flags, out);
		/* no trailing blanks after a last text column */
		while (!t->slabtop && out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		sbuf_addc(out, '\n');
		out_sink_check(k);
	}
}

/* The change of every integer field of row since prev, but the row's
 * identity. */
static json_object *json_delta(const struct table *vw, const void *row,
			       const void *prev)
{
	json_object *d = json_object_new_object();

	for (size_t i = 0; i < vw->ncols; i++) {
		const struct column *c = &vw->cols[i];
		struct value a, b;

		if (c->flags & (COL_NOJSON | COL_ID) || c->fmt == F_HEX ||
		    c->fmt == F_RENDER)
			continue;
		col_get(c, row, &a);
		col_get(c, prev, &b);
		if (a.kind != b.kind || (a.kind != V_U64 && a.kind != V_I64))
			continue;
		json_object_object_add(
			d, c->json,
			json_object_new_int64(
				a.kind == V_U64 ? (int64_t)(a.u - b.u)
						: (int64_t)((uint64_t)a.i -
							    (uint64_t)b.i)));
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
		const void *row = row_at(t, t->rows, t->idx[r]);
		json_object *o = json_row(t->vw, row);

		if (t->deltas) {
			const void *p = prev_of(t, row);
			if (p)
				json_object_object_add(
					o, "delta", json_delta(t->vw, row, p));
			else
				json_object_object_add(
					o, "new", json_object_new_boolean(1));
		}
		if (!first)
			sbuf_addc(out, ',');
		first = false;
		json_add(out, o);
		out_sink_check(k);
	}
	for (size_t g = 0; t->deltas && g < t->ngone && !k->err; g++) {
		json_object *o =
			json_row(t->vw, row_at(t, t->prev_rows, t->gone[g]));
		json_object_object_add(o, "gone", json_object_new_boolean(1));
		if (!first)
			sbuf_addc(out, ',');
		first = false;
		json_add(out, o);
		out_sink_check(k);
	}
	sbuf_add(out, "]}\n", 3);
}

/* ---- slab ------------------------------------------------------------- */

json_object *output_slab_head(const struct slab_model *m, double time)
{
	const struct slab_totals *t = &m->tot;
	json_object *root = json_object_new_object();
	json_object *sum = json_object_new_object();

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
	return root;
}

/* ---- vmalloc ---------------------------------------------------------- */

void output_vmalloc_summary(const struct vm_model *m, const struct meminfo *mi,
			    struct sbuf *out)
{
	const struct vm_totals *t = &m->tot;

	sbuf_addf(out, " %-35s: %" PRIu64 " / %.2fK\n", "Areas / Size",
		  t->areas, (double)t->bytes / 1024.0);
	if (mi && mi->have[MI_VMALLOCUSED])
		sbuf_addf(out, " %-35s: %" PRIu64 "K / %" PRIu64 "K\n",
			  "VmallocUsed / VmallocTotal",
			  mi->bytes[MI_VMALLOCUSED] / 1024,
			  mi->bytes[MI_VMALLOCTOTAL] / 1024);
	sbuf_addf(out, " %-35s:", "By type (areas / size)");
	for (int k = 0; k < VT_COUNT; k++)
		if (t->type_areas[k])
			sbuf_addf(out, " %s %" PRIu64 " / %" PRIu64 "K",
				  vm_type_name((enum vm_type)k),
				  t->type_areas[k], t->type_bytes[k] / 1024);
	sbuf_addc(out, '\n');
	if (m->stats.skipped)
		sbuf_addf(out, " %-35s: %zu (first: line %zu)\n",
			  "Malformed lines skipped", m->stats.skipped,
			  m->stats.first_skipped);
	sbuf_addc(out, '\n');
}

json_object *output_vmalloc_head(const struct vm_model *m, double time)
{
	const struct vm_totals *t = &m->tot;
	json_object *root = json_object_new_object();
	json_object *sum = json_object_new_object();
	json_object *bt = json_object_new_object();

	json_object_object_add(root, "time", json_object_new_double(time));
	json_object_object_add(root, "view", json_object_new_string("vmalloc"));
	json_object_object_add(
		root, "group_by",
		json_object_new_string(vm_group_by_name(m->group_by)));
	add_u64(sum, "areas", t->areas);
	add_u64(sum, "bytes", t->bytes);
	for (int k = 0; k < VT_COUNT; k++) {
		json_object *o = json_object_new_object();
		add_u64(o, "areas", t->type_areas[k]);
		add_u64(o, "bytes", t->type_bytes[k]);
		json_object_object_add(bt, vm_type_name((enum vm_type)k), o);
	}
	json_object_object_add(sum, "by_type", bt);
	add_u64(sum, "skipped_lines", m->stats.skipped);
	json_object_object_add(root, "summary", sum);
	return root;
}

/* ---- oom ------------------------------------------------------------- */

/* " LABEL : a / b" in KiB, with the change of a since prev when known */
static void kib_pair(struct sbuf *out, const char *label, uint64_t a,
		     uint64_t b, const uint64_t *a_prev)
{
	sbuf_addf(out, " %-35s: %" PRIu64 "K / %" PRIu64 "K", label, a / 1024,
		  b / 1024);
	if (b)
		sbuf_addf(out, " (%.1f%%)", (double)a * 100.0 / (double)b);
	if (a_prev && *a_prev != a)
		sbuf_addf(out, " (%+" PRId64 "K)",
			  ((int64_t)a - (int64_t)*a_prev) / 1024);
	sbuf_addc(out, '\n');
}

void output_oom_summary(const struct oom_model *m, const struct meminfo *mi,
			const struct meminfo *prev, int overcommit,
			struct sbuf *out)
{
	const uint64_t *b = mi ? mi->bytes : NULL;
	uint64_t swap_used, swap_used_prev;

	if (mi && mi->have[MI_MEMTOTAL] && mi->have[MI_MEMAVAILABLE])
		kib_pair(out, "MemAvailable / MemTotal", b[MI_MEMAVAILABLE],
			 b[MI_MEMTOTAL],
			 prev ? &prev->bytes[MI_MEMAVAILABLE] : NULL);
	else
		sbuf_addf(out, " %-35s: not in meminfo\n",
			  "MemAvailable / MemTotal");
	if (mi && mi->have[MI_SWAPTOTAL]) {
		swap_used = b[MI_SWAPTOTAL] - b[MI_SWAPFREE];
		swap_used_prev = prev ? prev->bytes[MI_SWAPTOTAL] -
						 prev->bytes[MI_SWAPFREE]
				      : 0;
		kib_pair(out, "Swap used / total", swap_used, b[MI_SWAPTOTAL],
			 prev ? &swap_used_prev : NULL);
	}
	if (mi && mi->have[MI_COMMITTED_AS] && mi->have[MI_COMMITLIMIT])
		kib_pair(out, "Committed_AS / CommitLimit", b[MI_COMMITTED_AS],
			 b[MI_COMMITLIMIT],
			 prev ? &prev->bytes[MI_COMMITTED_AS] : NULL);
	if (overcommit >= 0)
		sbuf_addf(out, " %-35s: %d (%s)\n",
			  "Overcommit (vm.overcommit_memory)", overcommit,
			  overcommit_name(overcommit));
	else
		sbuf_addf(out, " %-35s: unknown\n",
			  "Overcommit (vm.overcommit_memory)");
	sbuf_addf(out, " %-35s: %zu shown, %zu kernel thread(s) %s\n\n",
		  "Processes", m->nrows, m->nkthreads,
		  m->show_kthreads ? "included" : "hidden");
}

static void add_mi(json_object *o, const char *k, const struct meminfo *mi,
		   enum mi_field f)
{
	json_object_object_add(o, k,
			       mi && mi->have[f]
				       ? json_object_new_uint64(mi->bytes[f])
				       : NULL);
}

json_object *output_oom_head(const struct oom_model *m,
			     const struct meminfo *mi, int overcommit,
			     double time)
{
	json_object *root = json_object_new_object();
	json_object *sum = json_object_new_object();

	json_object_object_add(root, "time", json_object_new_double(time));
	json_object_object_add(root, "view", json_object_new_string("oom"));
	add_mi(sum, "mem_total", mi, MI_MEMTOTAL);
	add_mi(sum, "mem_available", mi, MI_MEMAVAILABLE);
	add_mi(sum, "swap_total", mi, MI_SWAPTOTAL);
	add_mi(sum, "swap_free", mi, MI_SWAPFREE);
	add_mi(sum, "commit_limit", mi, MI_COMMITLIMIT);
	add_mi(sum, "committed_as", mi, MI_COMMITTED_AS);
	json_object_object_add(sum, "overcommit_memory",
			       overcommit >= 0 ? json_object_new_int(overcommit)
					       : NULL);
	add_u64(sum, "processes", m->nprocs);
	add_u64(sum, "kernel_threads", m->nkthreads);
	json_object_object_add(root, "summary", sum);
	return root;
}
