/*
 * vmalloc_model.c - aggregation of vmalloc areas in a hash table keyed by
 * the group's name, with deltas against the previous read.
 *
 * Nothing is allocated per area: keys go into an arena and groups into a
 * growing array, both reused from read to read. Grouped, nothing is kept
 * per area at all. It does not read files, print or know about curses.
 */
#include "vmalloc_model.h"

#include <stdlib.h>
#include <string.h>

const char *vm_group_by_name(enum vm_group_by g)
{
	switch (g) {
	case VG_CALLER:
		return "caller";
	case VG_TYPE:
		return "type";
	case VG_MODULE:
		return "module";
	case VG_NONE:
		return "none";
	}
	return "?";
}

int vm_group_by_parse(const char *s, enum vm_group_by *g)
{
	for (int i = VG_CALLER; i <= VG_NONE; i++) {
		if (!strcmp(s, vm_group_by_name((enum vm_group_by)i))) {
			*g = (enum vm_group_by)i;
			return 0;
		}
	}
	return -1;
}

void vm_model_init(struct vm_model *m, enum vm_group_by g,
		   const struct vm_filter *f)
{
	memset(m, 0, sizeof(*m));
	m->group_by = g;
	if (f)
		m->filter = *f;
}

void vm_model_set_group_by(struct vm_model *m, enum vm_group_by g)
{
	m->group_by = g;
	m->restart = true;
}

void vm_model_set_filter(struct vm_model *m, const struct vm_filter *f)
{
	m->filter = *f;
	m->restart = true;
}

static void gt_clear(struct vm_gtable *t)
{
	t->n = 0;
	t->keys_len = 0;
	for (size_t i = 0; i < t->nslots; i++)
		t->slots[i] = SIZE_MAX;
}

static void gt_free(struct vm_gtable *t)
{
	free(t->g);
	free(t->key_off);
	free(t->keys);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static const char *gt_key(const struct vm_gtable *t, size_t i)
{
	return t->keys + t->key_off[i];
}

static void gt_rehash(struct vm_gtable *t, size_t nslots)
{
	free(t->slots);
	t->slots = xmalloc(nslots * sizeof(*t->slots));
	t->nslots = nslots;
	for (size_t i = 0; i < nslots; i++)
		t->slots[i] = SIZE_MAX;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = (size_t)hash_bytes(gt_key(t, i), t->g[i].key_len) &
			   (nslots - 1);
		while (t->slots[h] != SIZE_MAX)
			h = (h + 1) & (nslots - 1);
		t->slots[h] = i;
	}
}

/* The group named key[0..n), or SIZE_MAX. */
static size_t gt_find(const struct vm_gtable *t, const char *key, size_t n)
{
	size_t h;

	if (!t->nslots)
		return SIZE_MAX;
	h = (size_t)hash_bytes(key, n) & (t->nslots - 1);
	for (;;) {
		size_t j = t->slots[h];
		if (j == SIZE_MAX)
			return SIZE_MAX;
		if (t->g[j].key_len == n && !memcmp(gt_key(t, j), key, n))
			return j;
		h = (h + 1) & (t->nslots - 1);
	}
}

/* The group named key[0..n), created if needed. */
static struct vm_group *gt_get(struct vm_gtable *t, const char *key, size_t n)
{
	size_t j = gt_find(t, key, n), h;
	struct vm_group *g;

	if (j != SIZE_MAX)
		return &t->g[j];
	if ((t->n + 1) * 2 > t->nslots)
		gt_rehash(t, t->nslots ? t->nslots * 2 : 64);
	xgrow((void **)&t->g, &t->cap, t->n + 1, sizeof(*t->g));
	xgrow((void **)&t->key_off, &t->key_cap, t->n + 1, sizeof(*t->key_off));
	xgrow((void **)&t->keys, &t->keys_cap, t->keys_len + n + 1, 1);
	memcpy(t->keys + t->keys_len, key, n);
	t->keys[t->keys_len + n] = '\0';
	t->key_off[t->n] = t->keys_len;
	t->keys_len += n + 1;
	g = &t->g[t->n];
	memset(g, 0, sizeof(*g));
	g->key_len = n;
	h = (size_t)hash_bytes(key, n) & (t->nslots - 1);
	while (t->slots[h] != SIZE_MAX)
		h = (h + 1) & (t->nslots - 1);
	t->slots[h] = t->n++;
	return g;
}

/* The caller key: "func", "func [module]", or a placeholder. */
static void caller_key(const struct vm_area *a, struct sbuf *k,
		       bool with_module)
{
	if (a->caller) {
		sbuf_add(k, a->caller, a->caller_len);
		if (with_module && a->module) {
			sbuf_add(k, " [", 2);
			sbuf_add(k, a->module, a->module_len);
			sbuf_addc(k, ']');
		}
	} else if (a->type == VT_UNPURGED) {
		sbuf_add(k, "(unpurged)", 10);
	} else if (a->type == VT_VM_MAP_RAM) {
		sbuf_add(k, "(vm_map_ram)", 12);
	} else {
		sbuf_add(k, "(none)", 6);
	}
}

static bool passes(struct vm_model *m, const struct vm_area *a)
{
	if (m->filter.types && !(m->filter.types & (1u << a->type)))
		return false;
	if (m->filter.caller && m->filter.caller[0]) {
		sbuf_reset(&m->key);
		caller_key(a, &m->key, true);
		if (!strcasestr(m->key.s, m->filter.caller))
			return false;
	}
	return true;
}

static size_t row_text(struct vm_model *m, const char *s, size_t n)
{
	return arena_add(&m->row_text, &m->row_text_len, &m->row_text_cap, s,
			 n);
}

static void add_row(struct vm_model *m, const struct vm_area *a)
{
	struct vm_row *r;

	xgrow((void **)&m->rows, &m->rows_cap, m->nrows + 1, sizeof(*m->rows));
	xgrow((void **)&m->row_off, &m->row_off_cap, 2 * (m->nrows + 1),
	      sizeof(*m->row_off));
	r = &m->rows[m->nrows];
	memset(r, 0, sizeof(*r));
	r->start = a->start;
	r->end = a->end;
	r->size = a->size;
	r->pages = a->pages;
	r->have_pages = a->have_pages;
	r->phys = a->phys;
	r->phys_end = a->phys + a->size;
	r->have_phys = a->have_phys;
	r->type = a->type;
	r->types = a->types;
	r->line = a->line;
	m->row_off[2 * m->nrows] = row_text(m, a->caller ? a->caller : "",
					    a->caller ? a->caller_len : 0);
	m->row_off[2 * m->nrows + 1] = row_text(m, a->module ? a->module : "",
						a->module ? a->module_len : 0);
	m->nrows++;
}

static void on_area(const struct vm_area *a, void *ctx)
{
	struct vm_model *m = ctx;
	struct vm_group *g;

	m->tot.areas++;
	m->tot.bytes += a->size;
	m->tot.type_areas[a->type]++;
	m->tot.type_bytes[a->type] += a->size;
	if (!passes(m, a))
		return;
	if (m->group_by == VG_NONE) {
		add_row(m, a);
		return;
	}
	sbuf_reset(&m->key);
	switch (m->group_by) {
	case VG_TYPE:
		sbuf_add(&m->key, vm_type_name(a->type),
			 strlen(vm_type_name(a->type)));
		break;
	case VG_MODULE:
		if (a->module)
			sbuf_add(&m->key, a->module, a->module_len);
		else
			sbuf_add(&m->key, "(kernel)", 8);
		break;
	default:
		caller_key(a, &m->key, true);
		break;
	}
	/* runs of lines share their caller (a kernel stack per thread):
	 * the last group is checked before the hash table */
	if (m->last_group != SIZE_MAX && m->key.len == m->last_key.len &&
	    !memcmp(m->key.s, m->last_key.s, m->key.len)) {
		g = &m->tab[m->cur].g[m->last_group];
	} else {
		g = gt_get(&m->tab[m->cur], m->key.s, m->key.len);
		m->last_group = (size_t)(g - m->tab[m->cur].g);
		sbuf_reset(&m->last_key);
		sbuf_add(&m->last_key, m->key.s, m->key.len);
	}
	g->areas++;
	g->bytes += a->size;
	g->types |= 1u << a->type;
}

/* Start a new reading: the current groups become the previous ones. */
static void begin(struct vm_model *m)
{
	m->cur ^= 1;
	gt_clear(&m->tab[m->cur]);
	if (m->restart)
		gt_clear(&m->tab[m->cur ^ 1]);
	m->tot_prev = m->tot;
	memset(&m->tot, 0, sizeof(m->tot));
	memset(&m->stats, 0, sizeof(m->stats));
	m->nrows = 0;
	m->row_text_len = 0;
	m->next_line = 1;
	m->last_group = SIZE_MAX;
	m->feeding = true;
}

void vm_model_feed(struct vm_model *m, const char *text, size_t len)
{
	if (!m->feeding)
		begin(m);
	m->next_line += vmallocinfo_parse(text, len, m->next_line, on_area, m,
					  &m->stats);
}

void vm_model_feed_fn(const char *text, size_t len, void *m)
{
	vm_model_feed(m, text, len);
}

void vm_model_end(struct vm_model *m, double now)
{
	struct vm_gtable *cur, *prev;
	bool ref;

	if (!m->feeding)
		begin(m); /* an empty file */
	cur = &m->tab[m->cur];
	prev = &m->tab[m->cur ^ 1];
	ref = m->loaded && !m->restart;
	for (size_t i = 0; i < cur->n; i++) {
		struct vm_group *g = &cur->g[i];
		size_t j = ref ? gt_find(prev, gt_key(cur, i), g->key_len)
			       : SIZE_MAX;
		g->key = gt_key(cur, i);
		g->has_ref = j != SIZE_MAX;
		g->is_new = ref && !g->has_ref;
		if (g->has_ref) {
			g->d_areas = (int64_t)(g->areas - prev->g[j].areas);
			g->d_bytes = (int64_t)(g->bytes - prev->g[j].bytes);
		}
	}
	for (size_t i = 0; i < m->nrows; i++) {
		m->rows[i].caller = m->row_text + m->row_off[2 * i];
		m->rows[i].module = m->row_text + m->row_off[2 * i + 1];
	}
	m->groups = cur->g;
	m->ngroups = cur->n;
	/* totals compare across a grouping change too: they are unfiltered */
	m->have_prev = m->loaded;
	m->loaded = true;
	m->restart = false;
	m->feeding = false;
	m->t_prev = m->t_cur;
	m->t_cur = now;
}

void vm_model_update(struct vm_model *m, const char *text, size_t len,
		     double now)
{
	vm_model_feed(m, text, len);
	vm_model_end(m, now);
}

void vm_model_free(struct vm_model *m)
{
	gt_free(&m->tab[0]);
	gt_free(&m->tab[1]);
	free(m->rows);
	free(m->row_off);
	free(m->row_text);
	sbuf_free(&m->key);
	sbuf_free(&m->last_key);
	memset(m, 0, sizeof(*m));
}
