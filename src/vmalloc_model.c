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

/* ---- interned strings ------------------------------------------------ */

struct str_key {
	const char *s;
	size_t n;
};

static bool str_eq(const void *owner, size_t i, const void *key)
{
	const struct vm_strtab *t = owner;
	const struct str_key *k = key;

	return t->slen[i] == k->n && !memcmp(t->text + t->off[i], k->s, k->n);
}

static void st_clear(struct vm_strtab *t)
{
	t->n = 0;
	t->len = 0;
	keyindex_reset(&t->ix);
}

static void st_free(struct vm_strtab *t)
{
	free(t->text);
	free(t->off);
	free(t->slen);
	keyindex_free(&t->ix);
	memset(t, 0, sizeof(*t));
}

static const char *st_str(const struct vm_strtab *t, size_t i)
{
	return t->text + t->off[i];
}

/* The number of s[0..n), added if new; *added says whether it was. */
static size_t st_intern(struct vm_strtab *t, const char *s, size_t n,
			bool *added)
{
	struct str_key k = { s, n };
	uint64_t h = hash_bytes(s, n);
	size_t i = keyindex_find(&t->ix, h, &k, str_eq, t);

	*added = i == SIZE_MAX;
	if (i != SIZE_MAX)
		return i;
	i = t->n;
	xgrow((void **)&t->off, &t->off_cap, i + 1, sizeof(*t->off));
	xgrow((void **)&t->slen, &t->slen_cap, i + 1, sizeof(*t->slen));
	t->off[i] = arena_add(&t->text, &t->len, &t->cap, s, n);
	t->slen[i] = n;
	t->n++;
	keyindex_add(&t->ix, h, &k, str_eq, t);
	return i;
}

/* ---- groups ------------------------------------------------------------ */

static void gt_clear(struct vm_gtable *t)
{
	t->n = 0;
	st_clear(&t->keys);
}

static void gt_free(struct vm_gtable *t)
{
	free(t->g);
	st_free(&t->keys);
	memset(t, 0, sizeof(*t));
}

/* The group named key[0..n), created if needed. */
static struct vm_group *gt_get(struct vm_gtable *t, const char *key, size_t n)
{
	bool added;
	size_t i = st_intern(&t->keys, key, n, &added);
	struct vm_group *g;

	if (!added)
		return &t->g[i];
	xgrow((void **)&t->g, &t->cap, t->n + 1, sizeof(*t->g));
	g = &t->g[t->n++];
	memset(g, 0, sizeof(*g));
	g->key_len = n;
	return g;
}

/* ---- areas ------------------------------------------------------------- */

static void rt_clear(struct vm_rtable *t)
{
	t->n = 0;
	st_clear(&t->strs);
	keyindex_reset(&t->ix);
}

static void rt_free(struct vm_rtable *t)
{
	free(t->r);
	st_free(&t->strs);
	keyindex_free(&t->ix);
	memset(t, 0, sizeof(*t));
}

/* An area's identity: its range as printed, its caller and module,
 * hashed once from the interned strings' hashes. */
static uint64_t area_hash(const struct vm_row *r)
{
	return r->hash;
}

static bool area_eq(const void *owner, size_t i, const void *key)
{
	const struct vm_row *a = &((const struct vm_rtable *)owner)->r[i];
	const struct vm_row *b = key;

	return a->start == b->start && a->end == b->end &&
	       !strcmp(a->caller, b->caller) && !strcmp(a->module, b->module);
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

static void add_row(struct vm_model *m, const struct vm_area *a)
{
	struct vm_rtable *t = &m->rtab[m->cur];
	struct vm_row *r;
	bool added;

	xgrow((void **)&t->r, &t->cap, t->n + 1, sizeof(*t->r));
	r = &t->r[t->n++];
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
	r->prev = SIZE_MAX;
	r->caller_id = st_intern(&t->strs, a->caller ? a->caller : "",
				 a->caller ? a->caller_len : 0, &added);
	r->module_id = st_intern(&t->strs, a->module ? a->module : "",
				 a->module ? a->module_len : 0, &added);
	r->hash = hash_mix(hash_mix(hash_mix(t->strs.ix.hash[r->caller_id],
					     t->strs.ix.hash[r->module_id]),
				    r->start),
			   r->end);
}

static void on_area(const struct vm_area *a, void *ctx)
{
	struct vm_model *m = ctx;
	struct vm_group *g;

	m->acc.areas++;
	m->acc.bytes += a->size;
	m->acc.type_areas[a->type]++;
	m->acc.type_bytes[a->type] += a->size;
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
	rt_clear(&m->rtab[m->cur]);
	if (m->restart)
		rt_clear(&m->rtab[m->cur ^ 1]);
	memset(&m->acc, 0, sizeof(m->acc));
	memset(&m->acc_stats, 0, sizeof(m->acc_stats));
	m->next_line = 1;
	m->last_group = SIZE_MAX;
	m->feeding = true;
}

void vm_model_feed(struct vm_model *m, const char *text, size_t len)
{
	if (!m->feeding)
		begin(m);
	m->next_line += vmallocinfo_parse(text, len, m->next_line, on_area, m,
					  &m->acc_stats);
}

void vm_model_abort(struct vm_model *m)
{
	if (!m->feeding)
		return;
	/* begin() made the other table current: the shown one is intact */
	m->cur ^= 1;
	m->feeding = false;
}

void vm_model_feed_fn(const char *text, size_t len, void *m)
{
	vm_model_feed(m, text, len);
}

static void add_gone(struct vm_model *m, size_t j)
{
	xgrow((void **)&m->gone, &m->gone_cap, m->ngone + 1, sizeof(*m->gone));
	m->gone[m->ngone++] = j;
}

/* Pair the current groups with the previous ones, by name. */
static void end_groups(struct vm_model *m, bool ref)
{
	struct vm_gtable *cur = &m->tab[m->cur], *prev = &m->tab[m->cur ^ 1];
	bool *paired = xcalloc(prev->n ? prev->n : 1, sizeof(*paired));

	for (size_t i = 0; i < cur->n; i++) {
		struct vm_group *g = &cur->g[i];
		struct str_key k;
		size_t j;

		g->key = st_str(&cur->keys, i);
		k = (struct str_key){ g->key, g->key_len };
		j = ref ? keyindex_find(&prev->keys.ix,
					hash_bytes(g->key, g->key_len), &k,
					str_eq, &prev->keys)
			: SIZE_MAX;
		g->prev = j;
		g->has_ref = j != SIZE_MAX;
		g->is_new = ref && !g->has_ref;
		if (g->has_ref) {
			paired[j] = true;
			g->d_areas = (int64_t)(g->areas - prev->g[j].areas);
			g->d_bytes = (int64_t)(g->bytes - prev->g[j].bytes);
		}
	}
	m->groups = cur->g;
	m->ngroups = cur->n;
	m->prev_groups = ref ? prev->g : NULL;
	m->nprev_groups = ref ? prev->n : 0;
	for (size_t j = 0; j < m->nprev_groups; j++)
		if (!paired[j])
			add_gone(m, j);
	free(paired);
}

/* Pair the current areas with the previous ones, by identity. */
static void end_rows(struct vm_model *m, bool ref)
{
	struct vm_rtable *cur = &m->rtab[m->cur], *prev = &m->rtab[m->cur ^ 1];

	for (size_t i = 0; i < cur->n; i++) {
		struct vm_row *r = &cur->r[i];
		r->caller = st_str(&cur->strs, r->caller_id);
		r->module = st_str(&cur->strs, r->module_id);
	}
	m->rows = cur->r;
	m->nrows = cur->n;
	m->prev_rows = ref ? prev->r : NULL;
	m->nprev_rows = ref ? prev->n : 0;
	if (!ref)
		return;
	keyindex_reset(&prev->ix);
	for (size_t j = 0; j < prev->n; j++)
		keyindex_add(&prev->ix, area_hash(&prev->r[j]), &prev->r[j],
			     area_eq, prev);
	keymatch_begin(&m->km, &prev->ix);
	for (size_t i = 0; i < cur->n; i++) {
		struct vm_row *r = &cur->r[i];
		r->prev = keymatch_next(&m->km, &prev->ix,
					keyindex_find(&prev->ix, area_hash(r),
						      r, area_eq, prev));
		r->is_new = r->prev == SIZE_MAX;
	}
	for (size_t j = 0; j < prev->n; j++)
		if (!m->km.paired[j])
			add_gone(m, j);
}

void vm_model_end(struct vm_model *m, double now)
{
	bool ref;

	if (!m->feeding)
		begin(m); /* an empty file */
	ref = m->loaded && !m->restart;
	m->ngone = 0;
	m->groups = NULL;
	m->ngroups = m->nprev_groups = 0;
	m->rows = m->prev_rows = NULL;
	m->nrows = m->nprev_rows = 0;
	if (m->group_by == VG_NONE)
		end_rows(m, ref);
	else
		end_groups(m, ref);
	m->tot_prev = m->tot;
	m->tot = m->acc;
	m->stats = m->acc_stats;
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
	rt_free(&m->rtab[0]);
	rt_free(&m->rtab[1]);
	free(m->gone);
	keymatch_free(&m->km);
	sbuf_free(&m->key);
	sbuf_free(&m->last_key);
	memset(m, 0, sizeof(*m));
}
