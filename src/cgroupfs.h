/*
 * cgroupfs.h - layer 2: the memory files of a cgroup, parsed: cgroup v2's
 * memory.stat, memory.current / memory.max / memory.high, memory.events
 * and memory.pressure (Documentation/admin-guide/cgroup-v2.rst), and
 * v1's memory.usage_in_bytes / memory.kmem.usage_in_bytes /
 * memory.limit_in_bytes / memory.oom_control.
 *
 * Keys are looked up by name (kernels add keys in the middle); a key a
 * kernel lacks is absent, never zero; a key given twice, a value that is
 * no number or past 64 bits, makes that value absent. Text in, structs
 * out: never a file, a print or an exit.
 */
#ifndef KMEMTOP_CGROUPFS_H
#define KMEMTOP_CGROUPFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The memory.stat keys kmemtop shows (bytes). */
enum cg_key {
	CG_KERNEL,	   /* "kernel" (5.18 on): all of the below and more */
	CG_SLAB_UNRECL,	   /* "slab_unreclaimable" */
	CG_SLAB_RECL,	   /* "slab_reclaimable" */
	CG_SOCK,	   /* "sock" */
	CG_KERNEL_STACK,   /* "kernel_stack" */
	CG_PAGETABLES,	   /* "pagetables" */
	CG_SEC_PAGETABLES, /* "sec_pagetables" (6.3 on) */
	CG_PERCPU,	   /* "percpu" (5.9 on) */
	CG_VMALLOC,	   /* "vmalloc" (5.19 on) */
	CG_NKEYS
};

struct cg_stat {
	uint64_t v[CG_NKEYS];
	bool have[CG_NKEYS];
	bool bad[CG_NKEYS]; /* given more than once: left absent */
	size_t skipped;	    /* lines that are no "key value" */
	size_t dup;	    /* keys given more than once */
};

/* The memory.stat name of k. */
const char *cg_key_name(enum cg_key k);

/* memory.stat of v2: the keys above. */
void cgroupfs_stat(const char *text, size_t len, struct cg_stat *out);

/* A file of one number, or with max "max" (memory.max, memory.high): 0
 * with v set (UINT64_MAX for "max"), -1 when it is neither. */
int cgroupfs_value(const char *text, bool max, uint64_t *v);

/* memory.events (v2) or memory.oom_control (v1): "oom_kill N"; 0 with *v,
 * -1 when the key is missing or malformed. */
int cgroupfs_key(const char *text, size_t len, const char *key, uint64_t *v);

/* memory.pressure: the "some" line's avg10 (a percentage); 0 or -1. */
int cgroupfs_pressure(const char *text, double *avg10);

#endif
