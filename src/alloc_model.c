/*
 * alloc_model.c - /proc/allocinfo's call sites as rows: each site, or
 * the sum of the sites of each module or each file.
 */
#include "alloc_model.h"

#include <stdlib.h>
#include <string.h>

static const char *const group_names[AG_COUNT] = {
	[AG_SITE] = "site",
	[AG_MODULE] = "module",
	[AG_FILE] = "file",
};

const char *alloc_group_name(enum alloc_group g)
{
	return g < AG_COUNT ? group_names[g] : "?";
}

int alloc_group_parse(const char *word, enum alloc_group *g, struct kerr *err)
{
	for (int i = 0; i < AG_COUNT; i++)
		if (!strcmp(word, group_names[i])) {
			*g = (enum alloc_group)i;
			return 0;
		}
	kerr_set(err, "--alloc-by: '%.100s' is none of site, module, file",
		 word);
	return -1;
}

void alloc_model_free(struct alloc_model *m)
{
	free(m->rows);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

/* The offset of s[0..n) copied, NUL-terminated, into the names. */
static size_t keep(struct alloc_model *m, const char *s, size_t n)
{
	size_t at = m->len;

	xgrow((void **)&m->text, &m->text_cap, m->len + n + 1, 1);
	memcpy(m->text + at, s, n);
	m->text[at + n] = '\0';
	m->len += n + 1;
	return at;
}

/* While reading, the names are offsets (the text grows): stored in the
 * pointers, made pointers at the end. */
#define OFF(x)	   ((const char *)(uintptr_t)(x))
#define AT(m, ptr) ((m)->text + (uintptr_t)(ptr))

static void add_site(const struct alloc_site *s, void *ctx)
{
	struct alloc_model *m = ctx;
	struct alloc_row *r;
	size_t name;

	xgrow((void **)&m->rows, &m->cap, m->nrows + 1, sizeof(*m->rows));
	r = &m->rows[m->nrows++];
	memset(r, 0, sizeof(*r));
	r->bytes = s->bytes;
	r->calls = s->calls;
	r->sites = 1;
	r->accurate = s->inaccurate ? "no" : "";
	m->total += s->bytes;
	m->calls += s->calls;
	switch (m->group) {
	case AG_SITE: {
		struct sbuf b = { 0 };
		sbuf_add(&b, s->file, s->file_len);
		sbuf_addf(&b, ":%llu", (unsigned long long)s->line);
		name = keep(m, b.s, b.len);
		sbuf_free(&b);
		r->func = OFF(keep(m, s->func, s->func_len));
		r->module = OFF(s->module ? keep(m, s->module, s->module_len)
					  : keep(m, "", 0));
		break;
	}
	case AG_MODULE:
		name = s->module ? keep(m, s->module, s->module_len)
				 : keep(m, "(built in)", 10);
		break;
	default:
		name = keep(m, s->file, s->file_len);
		break;
	}
	r->name = OFF(name);
}

static int by_name(const void *a, const void *b)
{
	const struct alloc_row *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* The rows of one name summed into its first. */
static void group(struct alloc_model *m)
{
	size_t out = 0;

	qsort(m->rows, m->nrows, sizeof(*m->rows), by_name);
	for (size_t i = 0; i < m->nrows; i++) {
		struct alloc_row *r = &m->rows[i];
		if (out && !strcmp(m->rows[out - 1].name, r->name)) {
			struct alloc_row *g = &m->rows[out - 1];
			g->bytes += r->bytes;
			g->calls += r->calls;
			g->sites++;
			if (*r->accurate)
				g->accurate = "no";
			continue;
		}
		m->rows[out++] = *r;
	}
	m->nrows = out;
}

int alloc_model_read(struct alloc_model *m, const char *text, size_t len,
		     struct kerr *err)
{
	m->nrows = 0;
	m->len = 0;
	m->total = 0;
	m->calls = 0;
	if (allocinfo_parse(text, len, add_site, m, &m->st, err)) {
		m->nrows = 0;
		return -1;
	}
	/* the names are where they stay now */
	for (size_t i = 0; i < m->nrows; i++) {
		struct alloc_row *r = &m->rows[i];
		r->name = AT(m, r->name);
		r->func = m->group == AG_SITE ? AT(m, r->func) : "";
		r->module = m->group == AG_SITE ? AT(m, r->module) : "";
	}
	if (m->group != AG_SITE)
		group(m);
	return 0;
}
