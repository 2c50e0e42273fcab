/*
 * oom_model.c - rows of the OOM view from the process table, paired with
 * the previous refresh's by PID and start time.
 *
 * It does not read /proc (its caller fills the table), print or know
 * about curses.
 */
#include "oom_model.h"

#include <stdlib.h>
#include <string.h>

void oom_model_init(struct oom_model *m, bool show_kthreads)
{
	memset(m, 0, sizeof(*m));
	m->show_kthreads = show_kthreads;
}

/* The table not behind the current rows. */
struct proc_table *oom_model_table(struct oom_model *m)
{
	return &m->rt[m->cur ^ 1].tab;
}

struct proc_key {
	int64_t pid;
	uint64_t start_time;
};

static uint64_t proc_hash(int64_t pid, uint64_t start_time)
{
	return hash_mix(hash_mix(1469598103934665603ULL, (uint64_t)pid),
			start_time);
}

static bool proc_eq(const void *owner, size_t i, const void *key)
{
	const struct oom_row *r = &((const struct oom_rtable *)owner)->rows[i];
	const struct proc_key *k = key;

	return r->pid == k->pid && r->start_time == k->start_time;
}

/* Add the row of process e to rt, with its filter key. */
static void add_row(struct oom_rtable *rt, const struct proc_entry *e,
		    uint64_t mem_total, size_t *key_off)
{
	const struct proc_table *t = &rt->tab;
	const char *cmd = proc_text(t, e->command_off);
	struct sbuf key = { 0 };
	struct oom_row *r;

	xgrow((void **)&rt->rows, &rt->cap, rt->n + 1, sizeof(*rt->rows));
	r = &rt->rows[rt->n];
	memset(r, 0, sizeof(*r));
	r->pid = e->pid;
	r->start_time = e->start_time;
	r->user = proc_text(t, e->user_off);
	r->command = cmd;
	r->comm = proc_text(t, e->comm_off);
	r->cgroup = proc_text(t, e->cgroup_off);
	r->oom_score = e->oom_score;
	r->oom_score_adj = e->oom_score_adj;
	r->rss = e->rss;
	r->swap = e->swap;
	r->ram_pct = mem_total ? (double)e->rss * 100.0 / (double)mem_total : 0;
	r->kthread = e->kthread;
	r->prev = SIZE_MAX;
	/* the filter key: "PID command", and "CGROUP/" on a line of its own */
	sbuf_addf(&key, "%d %s\n%s/", e->pid, cmd, r->cgroup);
	key_off[rt->n++] = arena_add(&rt->keys, &rt->keys_len, &rt->keys_cap,
				     key.s, key.len);
	sbuf_free(&key);
}

bool oom_cgroup_within(const char *cg, const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/') /* "/a/" is "/a" */
		n--;
	if (n == 1 && path[0] == '/') /* the root: every cgroup */
		return cg[0] == '/';
	return !strncmp(cg, path, n) && (cg[n] == '\0' || cg[n] == '/');
}

void oom_model_set_cgroup(struct oom_model *m, const char *path)
{
	free(m->cgroup);
	m->cgroup = path ? xstrdup(path) : NULL;
}

/* The rows of rt's table: the shown ones, then the hidden kernel
 * threads and the processes of other cgroups. */
static void build_rows(struct oom_model *m, struct oom_rtable *rt,
		       uint64_t mem_total)
{
	const struct proc_table *t = &rt->tab;
	size_t *key_off = xmalloc((t->n ? t->n : 1) * sizeof(*key_off));

	rt->n = rt->nshown = 0;
	rt->keys_len = 0;
	m->nprocs = t->n;
	m->nkthreads = 0;
	for (size_t i = 0; i < t->n; i++)
		m->nkthreads += t->e[i].kthread;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			rt->nshown = rt->n;
		for (size_t i = 0; i < t->n; i++) {
			const char *cg = proc_text(t, t->e[i].cgroup_off);
			bool hidden = (t->e[i].kthread && !m->show_kthreads) ||
				      (m->cgroup &&
				       !oom_cgroup_within(cg, m->cgroup));
			if (hidden == (pass == 1))
				add_row(rt, &t->e[i], mem_total, key_off);
		}
	}
	for (size_t i = 0; i < rt->n; i++)
		rt->rows[i].key = rt->keys + key_off[i];
	free(key_off);
}

static void add_gone(struct oom_model *m, size_t j)
{
	xgrow((void **)&m->gone, &m->gone_cap, m->ngone + 1, sizeof(*m->gone));
	m->gone[m->ngone++] = j;
}

/* Pair each row with the previous refresh's process. */
static void match(struct oom_model *m, struct oom_rtable *cur,
		  struct oom_rtable *prev)
{
	bool *paired = xcalloc(prev->n ? prev->n : 1, sizeof(*paired));

	keyindex_reset(&prev->ix);
	for (size_t j = 0; j < prev->n; j++) {
		const struct oom_row *p = &prev->rows[j];
		struct proc_key k = { p->pid, p->start_time };
		keyindex_add(&prev->ix, proc_hash(k.pid, k.start_time), &k,
			     proc_eq, prev);
	}
	m->ngone = 0;
	for (size_t i = 0; i < cur->n; i++) {
		struct oom_row *r = &cur->rows[i];
		struct proc_key k = { r->pid, r->start_time };
		size_t j = keyindex_find(&prev->ix,
					 proc_hash(k.pid, k.start_time), &k,
					 proc_eq, prev);
		r->prev = j;
		r->has_ref = j != SIZE_MAX;
		r->is_new = m->loaded && !r->has_ref;
		if (!r->has_ref)
			continue;
		paired[j] = true;
		r->d_score = r->oom_score - prev->rows[j].oom_score;
		r->d_rss = (int64_t)(r->rss - prev->rows[j].rss);
	}
	/* a hidden kernel thread is not gone: it was never shown */
	for (size_t j = 0; j < prev->nshown; j++)
		if (!paired[j])
			add_gone(m, j);
	free(paired);
}

void oom_model_update(struct oom_model *m, uint64_t mem_total)
{
	struct oom_rtable *cur = &m->rt[m->cur ^ 1], *prev = &m->rt[m->cur];

	build_rows(m, cur, mem_total);
	if (!m->loaded)
		prev->n = prev->nshown = 0;
	match(m, cur, prev);
	m->cur ^= 1;
	m->rows = cur->rows;
	m->nrows = cur->nshown;
	m->prev_rows = m->loaded ? prev->rows : NULL;
	m->nprev_rows = m->loaded ? prev->nshown : 0;
	m->have_prev = m->loaded;
	m->loaded = true;
}

void oom_model_free(struct oom_model *m)
{
	for (int i = 0; i < 2; i++) {
		proc_table_free(&m->rt[i].tab);
		free(m->rt[i].rows);
		free(m->rt[i].keys);
		keyindex_free(&m->rt[i].ix);
	}
	free(m->gone);
	free(m->cgroup);
	memset(m, 0, sizeof(*m));
}
