/*
 * oom_model.h - layer 3: the OOM view's model. Processes ranked by
 * oom_score with their oom_score_adj, memory and command. A process's
 * identity is its PID and start time (a reused PID is another process):
 * the row set pairs rows across refreshes by them.
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
	uint64_t start_time; /* clock ticks after boot */
	const char *user;    /* raw text: escaped where shown */
	const char *command;
	size_t command_dir; /* bytes of argv[0]'s directory in command */
	const char *comm;   /* the task's name, as ps -o comm shows it */
	const char *cgroup; /* its memory cgroup's path, "" unknown */
	const char *key;    /* "PID command", then "CGROUP/": what '/'
			  * matches (a cgroup's path and a '/' finds its
			  * processes and those below) */
	int64_t oom_score;
	int64_t oom_score_adj;
	uint64_t rss, swap; /* bytes */
	double ram_pct;	    /* RSS as a percentage of MemTotal */
	bool kthread;
	/* read per row on demand (the view's fetch: procs_kmem_read),
	 * absent until then */
	uint64_t fds, socks; /* open file descriptors; sockets of them */
	uint64_t pte;	     /* bytes (VmPTE) */
	bool have_fds, have_socks, have_pte;
	bool fetched; /* they were read, or tried */
};

/* A refresh's rows and what they point into (internal). */
struct oom_rtable {
	struct proc_table tab;
	struct oom_row *rows; /* shown ones first, then hidden kernel
			       * threads (still paired across refreshes) */
	size_t n, nshown, cap;
	char *keys;
	size_t keys_len, keys_cap;
};

struct oom_model {
	bool show_kthreads;
	char *cgroup; /* only processes of this cgroup and below; NULL: all */
	struct oom_row *rows; /* kernel threads left out unless shown */
	size_t nrows;
	size_t nhidden; /* after them: the hidden kernel threads */
	size_t nprocs;	/* processes in the table, kernel threads too */
	size_t nkthreads;
	/* internals: the table behind the rows, and the one the next
	 * read fills (the rows stay valid while it reads) */
	struct oom_rtable rt[2];
	int cur;
};

void oom_model_init(struct oom_model *m, bool show_kthreads);
/* The process table the next update reads: fill it (procs_read, or
 * proc_table_add in tests), then call oom_model_update. */
struct proc_table *oom_model_table(struct oom_model *m);
/* Build the rows from that table; mem_total in bytes (0: unknown, %RAM
 * 0). */
void oom_model_update(struct oom_model *m, uint64_t mem_total);
void oom_model_free(struct oom_model *m);

/* Whether cgroup path cg is path itself or below it ("/a": "/a" and
 * "/a/b", never "/ab", "/A" or "/x/a"). */
bool oom_cgroup_within(const char *cg, const char *path);
/* From the next update on, only the processes whose cgroup is within
 * path (a copy is kept); NULL: all. The others are left out as hidden
 * kernel threads are. */
void oom_model_set_cgroup(struct oom_model *m, const char *path);

/* A process's name for people, from its command line (argv joined by
 * spaces): the last part of the program's path, and of its first
 * argument that is no option (the script an interpreter runs): "python3
 * leak.py" for "/root/.pyenv/versions/3.11.7/bin/python3 -u
 * /srv/app/leak.py --fast", "sleep 300" for "/bin/sleep 300". A kernel
 * thread's "[name]" stays as it is. Raw bytes into out (appended): the
 * caller escapes them. */
void oom_command_name(const char *command, struct sbuf *out);

#endif
