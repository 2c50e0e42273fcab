/*
 * cgroup_model.c - cgroup readings into rows, tree order and deltas
 * (cgroup_model.h). No files, no prints.
 */
#include "cgroup_model.h"

#include <stdlib.h>
#include <string.h>

void cg_reading_free(struct cg_reading *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->nodes[i].path);
	free(r->nodes);
	keyindex_free(&r->ix);
	memset(r, 0, sizeof(*r));
}

static void reading_copy(struct cg_reading *to, const struct cg_reading *from)
{
	cg_reading_free(to);
	to->machine = from->machine;
	to->indexed = false;
	to->nodes = xcalloc(from->n ? from->n : 1, sizeof(*to->nodes));
	to->n = to->cap = from->n;
	for (size_t i = 0; i < from->n; i++) {
		to->nodes[i] = from->nodes[i];
		to->nodes[i].path = xstrdup(from->nodes[i].path);
	}
}

void cg_model_init(struct cg_model *m)
{
	memset(m, 0, sizeof(*m));
}

void cg_model_free(struct cg_model *m)
{
	cg_reading_free(&m->cur);
	cg_reading_free(&m->prev);
	cg_reading_free(&m->base);
	free(m->rows);
	free(m->prev_rows);
	free(m->gone);
	free(m->labels);
	free(m->prev_labels);
	memset(m, 0, sizeof(*m));
}

static bool path_eq(const void *owner, size_t i, const void *key)
{
	return !strcmp(((const struct cg_reading *)owner)->nodes[i].path, key);
}

/* The index of r's node with path p, or SIZE_MAX. */
static size_t find_index(struct cg_reading *r, const char *p)
{
	if (!r->indexed) {
		keyindex_reset(&r->ix);
		for (size_t i = 0; i < r->n; i++)
			keyindex_add(&r->ix,
				     hash_bytes(r->nodes[i].path,
						strlen(r->nodes[i].path)),
				     r->nodes[i].path, path_eq, r);
		r->indexed = true;
	}
	return keyindex_find(&r->ix, hash_bytes(p, strlen(p)), p, path_eq, r);
}

static const struct cg_node *find_node(struct cg_reading *r, const char *p)
{
	size_t i = find_index(r, p);

	return i == SIZE_MAX ? NULL : &r->nodes[i];
}

/* ---- tree order ------------------------------------------------------- */

struct tnode {
	size_t node, parent, first, next; /* children as a list */
};

/* qsort_r: node indices of the reading ctx, by KERNEL, largest first */
static int by_kernel(const void *a, const void *b, void *ctx)
{
	const struct cg_reading *r = ctx;
	const struct cg_node *x = &r->nodes[*(const size_t *)a];
	const struct cg_node *y = &r->nodes[*(const size_t *)b];
	uint64_t kx = x->have[CC_KERNEL] ? x->v[CC_KERNEL] : 0;
	uint64_t ky = y->have[CC_KERNEL] ? y->v[CC_KERNEL] : 0;

	if (kx != ky)
		return kx < ky ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* order[i]: the tree position of node i (parents before children,
 * siblings by KERNEL, largest first). Nodes come parents first, each
 * child after its parent at depth + 1. */
static void tree_order(const struct cg_reading *r, size_t *order,
		       bool *children)
{
	size_t *parent = xmalloc((r->n + 1) * sizeof(*parent));
	size_t *stack = xmalloc((r->n + 2) * sizeof(*stack));
	size_t *kids = xmalloc((r->n + 1) * sizeof(*kids));
	size_t *todo = xmalloc((r->n + 1) * sizeof(*todo));
	size_t ns = 0, pos = 0, nt = 0;

	/* the parent of each: the last node of depth - 1 before it */
	for (size_t i = 0; i < r->n; i++) {
		int d = r->nodes[i].depth;
		while (ns && r->nodes[stack[ns - 1]].depth >= d)
			ns--;
		parent[i] = ns ? stack[ns - 1] : SIZE_MAX;
		stack[ns++] = i;
		children[i] = false;
	}
	for (size_t i = 0; i < r->n; i++)
		if (parent[i] != SIZE_MAX)
			children[parent[i]] = true;
	/* depth-first, children sorted: a stack of nodes to visit */
	{
		size_t nk = 0;
		for (size_t i = 0; i < r->n; i++)
			if (parent[i] == SIZE_MAX)
				kids[nk++] = i;
		qsort_r(kids, nk, sizeof(*kids), by_kernel,
			(void *)(uintptr_t)r);
		for (size_t k = nk; k > 0; k--)
			todo[nt++] = kids[k - 1];
	}
	while (nt) {
		size_t i = todo[--nt], nk = 0;
		order[i] = pos++;
		for (size_t j = i + 1;
		     j < r->n && r->nodes[j].depth > r->nodes[i].depth; j++)
			if (parent[j] == i)
				kids[nk++] = j;
		qsort_r(kids, nk, sizeof(*kids), by_kernel,
			(void *)(uintptr_t)r);
		for (size_t k = nk; k > 0; k--)
			todo[nt++] = kids[k - 1];
	}
	free(parent);
	free(stack);
	free(kids);
	free(todo);
}

/* ---- rows --------------------------------------------------------------- */

static size_t label(struct cg_model *m, const struct cg_node *n, bool flat)
{
	struct sbuf b = { 0 };
	const char *base = strrchr(n->path, '/');
	size_t off;

	if (flat || n->depth < 1)
		sbuf_addf(&b, "%s", n->path);
	else
		sbuf_addf(&b, "%*s%s", 2 * (n->depth - 1), "",
			  base ? base + 1 : n->path);
	off = arena_add(&m->labels, &m->labels_len, &m->labels_cap,
			b.s ? b.s : "", b.len);
	sbuf_free(&b);
	return off;
}

static void set_delta(struct cg_model *m, struct cg_row *r)
{
	const struct cg_node *o = NULL;
	double dt = m->t_cur - (m->mode == DELTA_BASE ? m->t_base : m->t_prev);

	r->rate = m->mode == DELTA_RATE;
	r->d_kernel = r->d_slab_u = 0;
	r->r_kernel = r->r_slab_u = 0;
	r->has_ref = false;
	if (m->mode == DELTA_BASE && m->have_base)
		o = r->kind == CGR_MACHINE  ? &m->base.machine
		    : r->kind == CGR_CGROUP ? find_node(&m->base, r->path)
					    : NULL;
	else if (m->mode != DELTA_BASE && r->prev != SIZE_MAX) {
		const struct cg_row *p = &m->prev_rows[r->prev];
		r->has_ref = true;
		r->d_kernel = (int64_t)(r->v[CC_KERNEL] - p->v[CC_KERNEL]);
		r->d_slab_u = (int64_t)(r->v[CC_SLAB_U] - p->v[CC_SLAB_U]);
		if (!p->have[CC_KERNEL] || !r->have[CC_KERNEL])
			r->d_kernel = 0;
		if (!p->have[CC_SLAB_U] || !r->have[CC_SLAB_U])
			r->d_slab_u = 0;
	}
	if (o) {
		r->has_ref = true;
		if (o->have[CC_KERNEL] && r->have[CC_KERNEL])
			r->d_kernel =
				(int64_t)(r->v[CC_KERNEL] - o->v[CC_KERNEL]);
		if (o->have[CC_SLAB_U] && r->have[CC_SLAB_U])
			r->d_slab_u =
				(int64_t)(r->v[CC_SLAB_U] - o->v[CC_SLAB_U]);
	}
	if (r->rate && dt > 0) {
		r->r_kernel = (double)r->d_kernel / dt;
		r->r_slab_u = (double)r->d_slab_u / dt;
	}
}

void cg_model_set_mode(struct cg_model *m, enum delta_mode mode)
{
	m->mode = mode;
	for (size_t i = 0; i < m->nrows; i++)
		set_delta(m, &m->rows[i]);
}

void cg_model_reset_base(struct cg_model *m)
{
	reading_copy(&m->base, &m->cur);
	m->have_base = true;
	m->t_base = m->t_cur;
	for (size_t i = 0; i < m->nrows; i++) {
		m->rows[i].is_new = false;
		m->rows[i].oom_grew = false;
	}
	cg_model_set_mode(m, m->mode);
}

static void node_row(struct cg_row *r, const struct cg_node *n,
		     enum cg_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->depth = n->depth;
	memcpy(r->v, n->v, sizeof(r->v));
	memcpy(r->have, n->have, sizeof(r->have));
	r->psi = n->psi;
	r->have_psi = n->have_psi;
	r->prev = SIZE_MAX;
}

void cg_model_update(struct cg_model *m, struct cg_reading *rd, double now,
		     bool flat)
{
	struct cg_reading *c = &m->cur;
	size_t *order, n, k = 0;
	bool *children;
	struct cg_row *t;
	char *tl;
	size_t tcap;

	/* the reading: current to previous */
	cg_reading_free(&m->prev);
	m->prev = m->cur;
	m->have_prev = m->nrows > 0;
	m->t_prev = m->t_cur;
	m->cur = *rd;
	m->cur.indexed = false;
	memset(&m->cur.ix, 0, sizeof(m->cur.ix));
	memset(rd, 0, sizeof(*rd));
	m->t_cur = now;
	/* rows and labels: current to previous */
	t = m->prev_rows;
	tcap = m->prev_rows_cap;
	m->prev_rows = m->rows;
	m->prev_rows_cap = m->rows_cap;
	m->nprev_rows = m->nrows;
	m->rows = t;
	m->rows_cap = tcap;
	tl = m->prev_labels;
	tcap = m->prev_labels_cap;
	m->prev_labels = m->labels;
	m->prev_labels_cap = m->labels_cap;
	m->prev_labels_len = m->labels_len;
	m->labels = tl;
	m->labels_cap = tcap;
	m->labels_len = 0;

	n = c->n + 2;
	xgrow((void **)&m->rows, &m->rows_cap, n, sizeof(*m->rows));
	order = xmalloc((c->n + 1) * sizeof(*order));
	children = xmalloc((c->n + 1) * sizeof(*children));
	tree_order(c, order, children);
	{
		size_t *lab = xmalloc(n * sizeof(*lab));
		struct cg_node unch = c->machine;

		/* not charged: the machine less the top-level cgroups */
		for (int col = 0; col < CC_NVALS; col++) {
			uint64_t sum = 0;
			bool all = c->machine.have[col];
			for (size_t i = 0; i < c->n && all; i++)
				if (c->nodes[i].depth == 1) {
					all = c->nodes[i].have[col];
					sum += c->nodes[i].v[col];
				}
			unch.have[col] = all && col != CC_MAX &&
					 col != CC_CURRENT &&
					 col != CC_OOM_KILLS;
			unch.v[col] = c->machine.v[col] > sum
					      ? c->machine.v[col] - sum
					      : 0;
		}
		unch.have_psi = false;
		node_row(&m->rows[k], &c->machine, CGR_MACHINE);
		lab[k++] = arena_add(&m->labels, &m->labels_len, &m->labels_cap,
				     "(machine)", 9);
		node_row(&m->rows[k], &unch, CGR_UNCHARGED);
		lab[k++] = arena_add(&m->labels, &m->labels_len, &m->labels_cap,
				     "(not charged to any cgroup)", 27);
		for (size_t i = 0; i < c->n; i++) {
			node_row(&m->rows[k], &c->nodes[i], CGR_CGROUP);
			m->rows[k].path = c->nodes[i].path;
			m->rows[k].order = order[i] + 2;
			m->rows[k].has_children = children[i];
			lab[k++] = label(m, &c->nodes[i], flat);
		}
		m->rows[0].order = 0;
		m->rows[1].order = 1;
		m->rows[0].path = m->rows[1].path = "";
		for (size_t i = 0; i < k; i++)
			m->rows[i].label = m->labels + lab[i];
		free(lab);
	}
	m->nrows = k;
	free(order);
	free(children);

	/* pairing with the previous rows, by kind and path */
	m->ngone = 0;
	{
		bool *paired = xcalloc(m->nprev_rows + 1, sizeof(*paired));
		/* the previous rows are the machine's two, then the
		 * previous reading's nodes in order */
		for (size_t i = 0; i < m->nrows && m->nprev_rows >= 2; i++) {
			struct cg_row *r = &m->rows[i];
			size_t j = r->kind == CGR_MACHINE ? 0
				   : r->kind == CGR_UNCHARGED
					   ? 1
					   : find_index(&m->prev, r->path);
			if (j == SIZE_MAX)
				continue;
			if (r->kind == CGR_CGROUP)
				j += 2;
			if (j < m->nprev_rows && !paired[j]) {
				r->prev = j;
				paired[j] = true;
			}
		}
		for (size_t j = 0; j < m->nprev_rows; j++) {
			if (paired[j])
				continue;
			xgrow((void **)&m->gone, &m->gone_cap, m->ngone + 1,
			      sizeof(*m->gone));
			m->gone[m->ngone++] = j;
		}
		free(paired);
	}
	if (!m->have_base) {
		reading_copy(&m->base, c);
		m->have_base = true;
		m->t_base = now;
	}
	for (size_t i = 0; i < m->nrows; i++) {
		struct cg_row *r = &m->rows[i];
		const struct cg_node *b = r->kind == CGR_CGROUP
						  ? find_node(&m->base, r->path)
						  : NULL;
		r->is_new = r->kind == CGR_CGROUP && !b;
		r->oom_grew = b && b->have[CC_OOM_KILLS] &&
			      r->have[CC_OOM_KILLS] &&
			      r->v[CC_OOM_KILLS] > b->v[CC_OOM_KILLS];
		set_delta(m, r);
	}
}
