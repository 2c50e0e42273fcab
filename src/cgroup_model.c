/*
 * cgroup_model.c - cgroup readings into rows in tree order
 * (cgroup_model.h). No files, no prints, no deltas (the row set's).
 */
#include "cgroup_model.h"

#include <stdlib.h>
#include <string.h>

void cg_reading_free(struct cg_reading *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->nodes[i].path);
	free(r->nodes);
	memset(r, 0, sizeof(*r));
}

void cg_model_init(struct cg_model *m)
{
	memset(m, 0, sizeof(*m));
}

void cg_model_free(struct cg_model *m)
{
	cg_reading_free(&m->cur);
	free(m->rows);
	free(m->labels);
	memset(m, 0, sizeof(*m));
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
}

void cg_model_update(struct cg_model *m, struct cg_reading *rd, double now,
		     bool flat)
{
	struct cg_reading *c = &m->cur;
	size_t *order, n, k = 0;
	bool *children;

	cg_reading_free(&m->cur);
	m->cur = *rd;
	memset(rd, 0, sizeof(*rd));
	m->t_cur = now;
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
}
