/*
 * fuzz_model.c - the views on parser output, through the registry as the
 * screen and the reports use them: the input is two readings of a file
 * (split at the first NUL byte, or the same text twice), served from
 * memory as each fuzzed view's file. For every such view and every
 * setting listed below: both reads, the summary for the screen and for
 * text, every table sorted by every column both ways, the text with
 * deltas, JSON with delta/new/gone, the metrics, the status line. Text
 * output must hold no control byte but newline; JSON must parse.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fuzz.h"
#include "output.h"
#include "table.h"
#include "view.h"

static void check_text(const struct sbuf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			abort(); /* a raw control byte in the output */
	}
}

/* The views fed from the input: the file each reads, and option
 * settings to try (name=value, NULL-ended). */
static const struct fuzzed {
	const char *view, *file;
	const char *const settings[4];
} fuzzed[] = {
	{ "slab", "proc/slabinfo", { NULL } },
	{ "vmalloc", "proc/vmallocinfo", { NULL } },
	{ "vmalloc", "proc/vmallocinfo", { "group-by=type", NULL } },
	{ "vmalloc", "proc/vmallocinfo", { "group-by=module", NULL } },
	{ "vmalloc", "proc/vmallocinfo", { "group-by=none", NULL } },
	{ "vmalloc", "proc/vmallocinfo", { "group-by=none", "ioremap=", NULL } },
};

static const enum view_use uses[] = { USE_SCREEN, USE_TEXT, USE_JSON };

/* rows 0..n-1, sorted by column c of the row set's table */
static size_t *sorted(const struct rowset *rs, const struct column *c,
		      bool desc, size_t n)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx));

	if (!idx)
		abort();
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	rowset_sort(rs, c, desc, idx, n);
	return idx;
}

/* Every table the rows come in, sorted by every column both ways (delta
 * columns through the row set). */
static void sort_all(const struct out_table *t, const struct rowset *rs)
{
	for (size_t c = 0; c < t->table->ncols; c++)
		for (int desc = 0; desc < 2; desc++)
			free(sorted(rs, &t->table->cols[c], desc, t->nrows));
}

static void outputs(const struct view *v, void *st, struct view_env *env,
		    struct rowset *rs)
{
	struct sbuf out = { 0 };
	struct out_sink k = { .buf = &out };

	for (size_t u = 0; u < 3; u++) {
		struct out_table t;
		json_object *head = json_object_new_object();
		size_t *gone;

		v->rows(st, uses[u], &t);
		rowset_bind(&rs[u], t.table, t.rows, t.nrows, t.row_size);
		t.rs = &rs[u];
		sort_all(&t, &rs[u]);
		t.n = t.nrows;
		t.idx = sorted(&rs[u], &t.table->cols[t.table->default_sort],
			       1, t.nrows);
		t.deltas = rs[u].have_prev;
		gone = NULL;
		if (t.deltas) {
			/* the row set's gone rows, in their order */
			gone = malloc((rs[u].ngone + 1) * sizeof(*gone));
			if (!gone)
				abort();
			for (size_t g = 0; g < rs[u].ngone; g++)
				gone[g] = g;
			t.gone = gone;
			t.ngone = rs[u].ngone;
		}
		if (!t.deltas)
			t.ngone = 0;
		sbuf_reset(&out);
		v->summary(st, env, uses[u], &rs[u], &out);
		output_table_text(&t, &k);
		v->status(st, &out);
		check_text(&out);
		sbuf_reset(&out);
		v->json_head(st, env, head);
		output_json(head, &t, &k);
		json_object_put(json_tokener_parse(out.s)); /* must parse */
		free(t.idx);
		free(gone);
	}
	sbuf_reset(&out);
	v->metrics(st, env, &out);
	check_text(&out);
	sbuf_free(&out);
}

static void fuzz_view(const struct fuzzed *f, const char *a, size_t na,
		      const char *b, size_t nb)
{
	const struct view *v = view_find(f->view, strlen(f->view));
	struct options o = { .root = "/fuzz", .page_size = 4096 };
	struct source_file file = { f->file, a, na };
	struct view_env env;
	struct kerr err;
	void *settings = v->settings_new ? v->settings_new() : NULL;
	void *st;
	struct rowset rs[3];

	for (size_t i = 0; f->settings[i]; i++) {
		const char *eq = strchr(f->settings[i], '=');
		for (size_t k = 0; k < v->noptions; k++)
			if (!strncmp(v->options[k].name, f->settings[i],
				     (size_t)(eq - f->settings[i])) &&
			    !v->options[k].name[eq - f->settings[i]])
				v->options[k].set(settings,
						  eq[1] ? eq + 1 : NULL, &err);
	}
	view_env_init(&env, &o);
	source_close(&env.src);
	source_open_files(&env.src, "/fuzz", &file, 1);
	st = v->create(&o, settings);
	for (size_t u = 0; u < 3; u++)
		rowset_init(&rs[u]);
	if (v->read(st, &env, 1.0, &err) >= 0)
		for (size_t u = 0; u < 3; u++)
			view_rowset_update(v, st, &env, uses[u], &rs[u], 1, 1);
	file = (struct source_file){ f->file, b, nb };
	if (v->read(st, &env, 2.0, &err) >= 0)
		for (size_t u = 0; u < 3; u++)
			view_rowset_update(v, st, &env, uses[u], &rs[u], 2, 2);
	rowset_set_mode(&rs[0], DELTA_RATE);
	outputs(v, st, &env, rs);
	for (size_t u = 0; u < 3; u++)
		rowset_free(&rs[u]);
	v->destroy(st);
	free(settings);
	view_env_free(&env);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	const char *nul = memchr(t, '\0', size);
	const char *b = nul ? nul + 1 : t;
	size_t na = nul ? (size_t)(nul - t) : size;
	size_t nb = nul ? size - na - 1 : size;

	for (size_t i = 0; i < sizeof(fuzzed) / sizeof(fuzzed[0]); i++)
		fuzz_view(&fuzzed[i], t, na, b, nb);
	return 0;
}
