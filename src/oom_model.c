/*
 * oom_model.c - rows of the OOM view from the process table.
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
	r->command_dir = e->command_dir < strlen(cmd) ? e->command_dir : 0;
	r->comm = proc_text(t, e->comm_off);
	r->cgroup = proc_text(t, e->cgroup_off);
	r->oom_score = e->oom_score;
	r->oom_score_adj = e->oom_score_adj;
	r->rss = e->rss;
	r->swap = e->swap;
	r->ram_pct = mem_total ? (double)e->rss * 100.0 / (double)mem_total : 0;
	r->kthread = e->kthread;
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

void oom_model_update(struct oom_model *m, uint64_t mem_total)
{
	struct oom_rtable *cur = &m->rt[m->cur ^ 1];

	build_rows(m, cur, mem_total);
	m->cur ^= 1;
	m->rows = cur->rows;
	m->nrows = cur->nshown;
	m->nhidden = cur->n - cur->nshown;
}

/* The last part of path w[0..n) (after its last '/'; a trailing '/'
 * kept out), appended to out. */
static void add_base(struct sbuf *out, const char *w, size_t n)
{
	const char *b = w;

	while (n > 1 && w[n - 1] == '/')
		n--;
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i] == '/')
			b = w + i + 1;
	sbuf_add(out, b, n - (size_t)(b - w));
}

void oom_command_name(const char *command, struct sbuf *out)
{
	const char *p = command;
	bool prog = true; /* the next word is the program's */

	if (command[0] == '[') { /* a kernel thread's, or a zombie's */
		sbuf_add(out, command, strlen(command));
		return;
	}
	while (*p) {
		const char *w = p + strspn(p, " ");
		size_t n = strcspn(w, " ");

		p = w + n;
		if (!n || (!prog && w[0] == '-'))
			continue;
		if (!prog)
			sbuf_addc(out, ' ');
		add_base(out, w, n);
		if (!prog)
			return;
		prog = false;
	}
}

void oom_model_free(struct oom_model *m)
{
	for (int i = 0; i < 2; i++) {
		proc_table_free(&m->rt[i].tab);
		free(m->rt[i].rows);
		free(m->rt[i].keys);
	}
	free(m->cgroup);
	memset(m, 0, sizeof(*m));
}
