/*
 * oom_model.c - rows of the OOM view from the process table.
 */
#include "oom_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void oom_model_init(struct oom_model *m, bool show_kthreads)
{
	memset(m, 0, sizeof(*m));
	m->show_kthreads = show_kthreads;
}

static int prev_cmp(const void *a, const void *b)
{
	const struct oom_prev *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static const struct oom_prev *find_prev(const struct oom_model *m, int64_t pid)
{
	struct oom_prev k = { .pid = pid };

	if (!m->nprev)
		return NULL;
	return bsearch(&k, m->prev, m->nprev, sizeof(k), prev_cmp);
}

void oom_model_update(struct oom_model *m, uint64_t mem_total)
{
	const struct proc_table *t = &m->tab;
	size_t *key_off;
	struct oom_prev *tmp;
	size_t tmp_cap;

	m->nrows = 0;
	m->keys_len = 0;
	m->nnext = 0;
	m->nprocs = t->n;
	m->nkthreads = 0;
	key_off = xmalloc((t->n ? t->n : 1) * sizeof(*key_off));
	for (size_t i = 0; i < t->n; i++) {
		const struct proc_entry *e = &t->e[i];
		const struct oom_prev *p = find_prev(m, e->pid);
		const char *cmd = proc_text(t, e->command_off);
		struct oom_row *r;
		int n;

		/* every process is remembered, shown or not */
		xgrow((void **)&m->next, &m->next_cap, m->nnext + 1,
		      sizeof(*m->next));
		m->next[m->nnext++] =
			(struct oom_prev){ e->pid, e->oom_score, e->rss };
		if (e->kthread)
			m->nkthreads++;
		if (e->kthread && !m->show_kthreads)
			continue;
		xgrow((void **)&m->rows, &m->rows_cap, m->nrows + 1,
		      sizeof(*m->rows));
		r = &m->rows[m->nrows];
		memset(r, 0, sizeof(*r));
		r->pid = e->pid;
		r->user = proc_text(t, e->user_off);
		r->command = cmd;
		r->oom_score = e->oom_score;
		r->oom_score_adj = e->oom_score_adj;
		r->rss = e->rss;
		r->swap = e->swap;
		r->ram_pct =
			mem_total ? (double)e->rss * 100.0 / (double)mem_total
				  : 0;
		r->kthread = e->kthread;
		r->has_ref = p != NULL;
		r->is_new = m->loaded && !p;
		if (p) {
			r->d_score = (int64_t)e->oom_score - p->oom_score;
			r->d_rss = (int64_t)(e->rss - p->rss);
		}
		/* the filter key: "PID command" */
		n = snprintf(NULL, 0, "%d ", e->pid);
		key_off[m->nrows] = m->keys_len;
		xgrow((void **)&m->keys, &m->keys_cap,
		      m->keys_len + (size_t)n + strlen(cmd) + 1, 1);
		snprintf(m->keys + m->keys_len, (size_t)n + 1, "%d ", e->pid);
		strcpy(m->keys + m->keys_len + n, cmd);
		m->keys_len += (size_t)n + strlen(cmd) + 1;
		m->nrows++;
	}
	for (size_t i = 0; i < m->nrows; i++)
		m->rows[i].key = m->keys + key_off[i];
	free(key_off);
	if (m->nnext > 1)
		qsort(m->next, m->nnext, sizeof(*m->next), prev_cmp);
	tmp = m->prev, m->prev = m->next, m->next = tmp;
	tmp_cap = m->prev_cap, m->prev_cap = m->next_cap, m->next_cap = tmp_cap;
	m->nprev = m->nnext;
	m->loaded = true;
}

void oom_model_free(struct oom_model *m)
{
	proc_table_free(&m->tab);
	free(m->rows);
	free(m->keys);
	free(m->prev);
	free(m->next);
	memset(m, 0, sizeof(*m));
}
