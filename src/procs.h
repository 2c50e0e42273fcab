/*
 * procs.h - layer 1: the process table, read with libproc2 (procps-ng's
 * library, the one top and ps use), and the one write kmemtop makes:
 * a process's oom_score_adj.
 *
 * The table is plain data so the model and its tests need no libproc2:
 * proc_table_add builds it by hand, procs_read fills it from the live
 * system.
 */
#ifndef KMEMTOP_PROCS_H
#define KMEMTOP_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct proc_entry {
	int pid;
	uint64_t start_time; /* clock ticks after boot (field 22 of
			      * /proc/PID/stat): with the PID, who the
			      * process is (a PID alone is reused) */
	int oom_score;	    /* /proc/PID/oom_score */
	int oom_score_adj;  /* /proc/PID/oom_score_adj, -1000..1000 */
	uint64_t rss;	    /* bytes (VmRSS) */
	uint64_t swap;	    /* bytes (VmSwap) */
	bool kthread;	    /* a kernel thread (PF_KTHREAD) */
	size_t user_off;    /* offsets of NUL-terminated text in */
	size_t command_off; /*   proc_table.text */
};

struct proc_table {
	struct proc_entry *e;
	size_t n, cap;
	char *text; /* arena: user names and commands, raw bytes */
	size_t text_len, text_cap;
	void *info; /* libproc2's struct pids_info, owned */
};

static inline const char *proc_text(const struct proc_table *t, size_t off)
{
	return t->text + off;
}

void proc_table_reset(struct proc_table *t);
/* Append a process: e's numbers, user and command copied (command_len
 * bytes, which may hold anything but NUL). */
void proc_table_add(struct proc_table *t, const struct proc_entry *e,
		    const char *user, const char *command, size_t command_len);
void proc_table_free(struct proc_table *t);

/* Read the live process table (tasks, not threads). The command is the
 * argument vector joined by spaces, as the process set it (libproc2's
 * own cmdline text replaces control bytes; kmemtop escapes them itself
 * where they are shown); "[name]" when there is none (kernel threads,
 * zombies). Processes that exit while being read drop out. Returns 0, or
 * -1 with err set when /proc cannot be read at all. */
int procs_read(struct proc_table *t, struct kerr *err);

/* oom_score_adj as the user typed it: an optional sign and digits, with
 * blanks around, in -1000..1000. Returns 0, or -1 with err saying why. */
int oom_adj_parse(const char *s, int *out, struct kerr *err);

/* Write value to /proc/PID/oom_score_adj. Returns 0, or the errno with
 * err in words: EACCES/EPERM "lowering oom_score_adj needs
 * CAP_SYS_RESOURCE", ESRCH/ENOENT "process PID is gone". */
int oom_adj_write(int pid, int value, struct kerr *err);

/* The text of /proc/sys/vm/overcommit_memory: 0, 1 or 2, or -1 when it
 * is not one of them. */
int overcommit_parse(const char *text, size_t len);
/* "heuristic", "always", "never (strict)", or "unknown". */
const char *overcommit_name(int mode);

/* ROOT/proc/sys/vm/overcommit_memory: 0, 1 or 2; -1 when unreadable. */
struct procfs_buf;
struct source;
int overcommit_read(const struct source *src, struct procfs_buf *buf);

#endif
