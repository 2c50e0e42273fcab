/*
 * fuzz_model.c - the models and outputs on parser output: the input is
 * two snapshots of slabinfo (split at the first NUL byte, or the same
 * text twice) and is also read as vmallocinfo in every grouping. Every
 * column is sorted both ways and every output format is written; text
 * output must hold no control byte but newline.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fuzz.h"
#include "slab_model.h"
#include "output.h"
#include "prom.h"
#include "view_slab.h"
#include "view_vmalloc.h"
#include "vmalloc_model.h"

static void check_text(const struct sbuf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			abort(); /* a raw control byte in the output */
	}
}

static void sort_all(const struct table *vw, const void *rows, size_t size,
		     size_t n)
{
	for (size_t c = 0; c < vw->ncols; c++)
		for (int desc = 0; desc < 2; desc++)
			free(table_sorted(&vw->cols[c], desc, rows, size, n));
}

static void slab(const char *a, size_t na, const char *b, size_t nb)
{
	struct slab_model m;
	struct kerr err = { { 0 } };
	struct sbuf out = { 0 };
	size_t *idx;

	slab_model_init(&m, 4096);
	slab_model_update(&m, a, na, 1.0, &err);
	slab_model_update(&m, b, nb, 2.0, &err);
	for (int mode = 0; mode < 3; mode++)
		slab_model_set_mode(&m, (enum delta_mode)mode);
	sort_all(&view_slab, m.rows, sizeof(*m.rows), m.nrows);
	idx = malloc((m.nrows ? m.nrows : 1) * sizeof(*idx));
	for (size_t i = 0; i < m.nrows; i++)
		idx[i] = i;
	struct out_sink k = { .buf = &out };
	struct out_table t = {
		.vw = &view_slab,
		.rows = m.rows,
		.row_size = sizeof(*m.rows),
		.idx = idx,
		.n = m.nrows,
		.deltas = true,
		.prev_rows = m.prev_rows,
		.prev_off = offsetof(struct slab_row, prev),
		.gone = m.gone,
		.ngone = m.ngone,
		.slabtop = true,
	};
	output_slab_summary(&m.tot, &out);
	output_table_text(&t, &k);
	check_text(&out);
	sbuf_reset(&out);
	output_json(output_slab_head(&m, 3.0), &t, &k);
	json_object_put(json_tokener_parse(out.s)); /* must not crash */
	sbuf_reset(&out);
	prom_write(&(struct prom_input){ .slab = &m, .overcommit = -1 }, &out);
	check_text(&out);
	free(idx);
	sbuf_free(&out);
	slab_model_free(&m);
}

static void vmalloc(const char *t, size_t n)
{
	struct sbuf out = { 0 };

	for (int g = 0; g <= VG_NONE; g++) {
		struct vm_filter f = { .types = g == VG_NONE ? 1u << VT_IOREMAP
							     : 0 };
		struct vm_model m;
		const struct table *vw;
		const void *rows;
		size_t nrows, size, *idx;

		vm_model_init(&m, (enum vm_group_by)g, &f);
		vm_model_update(&m, t, n, 1.0);
		vm_model_update(&m, t, n / 2, 2.0);
		if (g == VG_NONE) {
			vw = &view_vmalloc_map;
			rows = m.rows, nrows = m.nrows, size = sizeof(*m.rows);
		} else {
			vw = view_vmalloc_groups((enum vm_group_by)g);
			rows = m.groups, nrows = m.ngroups;
			size = sizeof(*m.groups);
		}
		sort_all(vw, rows, size, nrows);
		idx = malloc((nrows ? nrows : 1) * sizeof(*idx));
		for (size_t i = 0; i < nrows; i++)
			idx[i] = i;
		struct out_sink k = { .buf = &out };
		struct out_table tb = {
			.vw = vw,
			.rows = rows,
			.row_size = size,
			.idx = idx,
			.n = nrows,
			.deltas = true,
			.prev_rows = g == VG_NONE ? (const void *)m.prev_rows
						  : (const void *)m.prev_groups,
			.prev_off = g == VG_NONE
					    ? offsetof(struct vm_row, prev)
					    : offsetof(struct vm_group, prev),
			.gone = m.gone,
			.ngone = m.ngone,
		};
		sbuf_reset(&out);
		output_vmalloc_summary(&m, NULL, &out);
		output_table_text(&tb, &k);
		check_text(&out);
		sbuf_reset(&out);
		output_json(output_vmalloc_head(&m, 3.0), &tb, &k);
		json_object_put(json_tokener_parse(out.s));
		sbuf_reset(&out);
		prom_write(&(struct prom_input){ .vm = &m, .overcommit = -1 },
			   &out);
		check_text(&out);
		free(idx);
		vm_model_free(&m);
	}
	sbuf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	const char *nul = memchr(t, '\0', size);

	if (nul)
		slab(t, (size_t)(nul - t), nul + 1,
		     size - (size_t)(nul - t) - 1);
	else
		slab(t, size, t, size);
	vmalloc(t, size);
	return 0;
}
