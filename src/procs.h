/*
 * procs.h - layer 1: the process table, read with libproc2 (procps-ng's
 * library, the one top and ps use), and the one write kmemtop makes to
 * kernel state: a process's oom_score_adj, through a handle of the
 * process chosen (never by PID number alone).
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
	int oom_score;	     /* /proc/PID/oom_score */
	int oom_score_adj;   /* /proc/PID/oom_score_adj, -1000..1000 */
	uint64_t rss;	     /* bytes (VmRSS) */
	uint64_t swap;	     /* bytes (VmSwap) */
	bool kthread;	     /* a kernel thread (PF_KTHREAD) */
	size_t user_off;     /* offsets of NUL-terminated text in */
	size_t command_off;  /*   proc_table.text */
	size_t comm_off;     /* the task's name (comm: 15 bytes at most) */
	size_t cgroup_off;   /* its memory cgroup's path ("" unknown) */
	size_t command_dir;  /* bytes of argv[0]'s directory ("/usr/bin/")
			      * at the start of the command: the screen
			      * shows the command without them */
};

struct proc_table {
	struct proc_entry *e;
	size_t n, cap;
	char *text; /* arena: user names and commands, raw bytes */
	size_t text_len, text_cap;
	void *info; /* libproc2's struct pids_info, owned */
	void *lib;  /* libproc2, loaded at the first read, owned */
};

static inline const char *proc_text(const struct proc_table *t, size_t off)
{
	return t->text + off;
}

void proc_table_reset(struct proc_table *t);
/* Append a process: e's numbers, user and command copied (command_len
 * bytes, which may hold anything but NUL), its comm and cgroup. */
void proc_table_add(struct proc_table *t, const struct proc_entry *e,
		    const char *user, const char *command, size_t command_len,
		    const char *comm, const char *cgroup);

/* The memory cgroup's path in the text of /proc/PID/cgroup: the v1 line
 * whose controllers hold "memory", else the v2 line "0::PATH"; into out
 * (reset first), "" when neither is there. */
void procs_cgroup_path(const char *text, size_t len, struct sbuf *out);
void proc_table_free(struct proc_table *t);

/* Read the live process table (tasks, not threads). The command is the
 * argument vector joined by spaces, as the process set it (libproc2's
 * own cmdline text replaces control bytes; kmemtop escapes them itself
 * where they are shown); "[name]" when there is none (kernel threads,
 * zombies). Processes that exit while being read drop out. Returns 0, or
 * -1 with err set when /proc cannot be read at all. */
int procs_read(struct proc_table *t, struct kerr *err);

/* What a process holds in the kernel beyond its memory, from its
 * /proc/PID directory: its open file descriptors (the entries of fd/,
 * counted with readdir, never followed or stat'ed), the sockets among
 * them (readlink of an entry, which does not follow it, says
 * "socket:[INODE]"; unknown when a link may not be read), and its
 * page tables (VmPTE of status; none for
 * kernel threads). */
struct proc_kmem {
	uint64_t fds;	/* open file descriptors */
	uint64_t socks; /* of them sockets */
	uint64_t pte;	/* bytes (VmPTE) */
	bool have_fds, have_socks, have_pte;
};

/* Read it for the process with that PID and start time (through a
 * handle of its directory: a PID reused since gives nothing). Returns
 * 0, or -1 (out all absent) when the process is gone or its fd/ cannot
 * be read (another user's process, when not root). */
int procs_kmem_read(int pid, uint64_t start_time, struct proc_kmem *out);

/* A "Name:   N kB" field of /proc/PID/status text, in bytes; false when
 * the text has no such line or its value is no number of kB. */
bool procs_status_kib(const char *text, size_t len, const char *name,
		      uint64_t *bytes);

/* oom_score_adj as the user typed it: an optional sign and digits, with
 * blanks around, in -1000..1000. Returns 0, or -1 with err saying why. */
int oom_adj_parse(const char *s, int *out, struct kerr *err);

/* A process the user chose, held so that a write reaches it and no
 * other: an fd of its /proc/PID directory (bound to that process: once
 * it exits nothing opens through it, even when another process gets the
 * PID) and its start time, checked through the same fd before a write. */
struct proc_handle {
	int dirfd; /* -1: none */
	int pid;
	uint64_t start_time; /* clock ticks after boot */
};

/* Take hold of process pid, which the table listed with start_time.
 * Returns 0, or -1 with err "process PID exited; nothing changed" when
 * it is gone or another process now has the PID. */
int proc_handle_open(struct proc_handle *h, int pid, uint64_t start_time,
		     struct kerr *err);
/* Its oom_score_adj now. Returns 0, or -1 with err as above. */
int proc_handle_read_adj(const struct proc_handle *h, int *value,
			 struct kerr *err);
/* Write value to its oom_score_adj, after checking through the handle
 * that it is still the process chosen. Returns 0, or the errno with err
 * in words: gone or replaced, "process PID exited; nothing changed";
 * EACCES/EPERM, lowering it needs CAP_SYS_RESOURCE. */
int proc_handle_write_adj(const struct proc_handle *h, int value,
			  struct kerr *err);
void proc_handle_close(struct proc_handle *h);

/* The text of /proc/sys/vm/overcommit_memory: 0, 1 or 2, or -1 when it
 * is not one of them. */
int overcommit_parse(const char *text, size_t len);
/* "heuristic", "always", "never (strict)", or "unknown". */
const char *overcommit_name(int mode);

/* ROOT/proc/sys/vm/overcommit_memory: 0, 1 or 2; -1 when unreadable. */
struct source_buf;
struct source;
int overcommit_read(const struct source *src, struct source_buf *buf);

#endif
