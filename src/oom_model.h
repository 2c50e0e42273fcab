/*
 * oom_model.h - layer 3: the OOM view's model. Processes ranked by
 * oom_score with their oom_score_adj, memory and command; changes since
 * the previous refresh keyed by PID; the memory-pressure summary.
 */
#ifndef KMEMTOP_OOM_MODEL_H
#define KMEMTOP_OOM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meminfo.h"
#include "procs.h"

struct oom_row {
	int64_t pid;
	const char *user; /* raw text: escaped where shown */
	const char *command;
	const char *key; /* "PID command": what '/' matches */
	int64_t oom_score;
	int64_t oom_score_adj;
	uint64_t rss, swap; /* bytes */
	double ram_pct;	    /* RSS as a percentage of MemTotal */
	bool kthread;
	bool has_ref;	 /* seen at the previous refresh */
	bool is_new;	 /* not seen then (and there was one) */
	int64_t d_score; /* change since the previous refresh */
	int64_t d_rss;
};

struct oom_prev {
	int64_t pid, oom_score;
	uint64_t rss;
};

struct oom_model {
	struct proc_table tab; /* filled by the caller (procs_read) */
	bool show_kthreads;
	struct oom_row *rows; /* kernel threads left out unless shown */
	size_t nrows, rows_cap;
	size_t nprocs; /* processes in tab, kernel threads too */
	size_t nkthreads;
	/* internals */
	char *keys;
	size_t keys_len, keys_cap;
	struct oom_prev *prev, *next; /* sorted by pid */
	size_t nprev, nnext, prev_cap, next_cap;
	bool loaded;
};

void oom_model_init(struct oom_model *m, bool show_kthreads);
/* Build the rows from m->tab; mem_total in bytes (0: unknown, %RAM 0). */
void oom_model_update(struct oom_model *m, uint64_t mem_total);
void oom_model_free(struct oom_model *m);

#endif
