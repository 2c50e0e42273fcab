/*
 * slabsys.h - layer 2: the text of SLUB's files, parsed: the attributes
 * of /sys/kernel/slab/CACHE/ ("494 N0=494 N1=3", "1", "filp") and the
 * allocation and free call sites of a cache that tracks its users
 * (/sys/kernel/debug/slab/CACHE/alloc_traces, kernels from 5.17; the
 * older /sys/kernel/slab/CACHE/alloc_calls has the same lines without
 * stacks). Formats: the kernel's Documentation/mm/slub.rst and
 * mm/slub.c (show_slab_objects, list_locations).
 *
 * Text in, structs out: never a file, a print or an exit. The text is
 * untrusted (a captured tree): every number is checked, every list is
 * bounded.
 */
#ifndef KMEMTOP_SLABSYS_H
#define KMEMTOP_SLABSYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NUMA nodes kept per counter: N0= to N63= (more are summed, not
 * listed). */
#define SLABSYS_NODES 64

/* A counter attribute: the total, then "N<node>=<count>" per node. */
struct slabsys_count {
	uint64_t total;
	uint64_t node[SLABSYS_NODES];
	size_t nnodes; /* 1 + the highest node listed, at most SLABSYS_NODES */
};

/* Parse "494 N0=494 N1=3\n" (or "1\n"). Returns 0, or -1 when the text
 * does not start with a number. Per-node items that do not parse are
 * ignored. */
int slabsys_count(const char *text, struct slabsys_count *out);

/* One call site of alloc_traces / free_traces (or alloc_calls):
 *   "    338 pci_alloc_dev+0x2c/0xa0 waste=521872/1544
 *    age=290837/291891/293509 pid=1 cpus=106 nodes=0-1"
 * then its stack, a frame a line, indented. Strings point into the
 * owner's arena (slabsys_traces.text). */
struct slabsys_trace {
	uint64_t count;		    /* objects */
	size_t func;		    /* offset: "pci_alloc_dev+0x2c/0xa0" */
	bool have_waste;	    /* kmalloc caches only */
	uint64_t waste, waste_each; /* bytes: total / per object */
	bool have_age;		    /* jiffies since alloc or free */
	uint64_t age_min, age_avg, age_max;
	size_t pids, cpus, nodes; /* offsets: "1-42", "0-3", "0"; "" */
	size_t stack;		  /* offset: the frames, '\n'-joined */
	size_t nframes;		  /* frames kept */
	bool stack_cut;		  /* more than SLABSYS_FRAMES */
};

#define SLABSYS_FRAMES 64     /* frames kept per call site */
#define SLABSYS_TRACES 100000 /* call sites kept per file */

struct slabsys_traces {
	struct slabsys_trace *t; /* in the file's order: biggest first */
	size_t n, cap;
	char *text; /* the arena of every string */
	size_t len, text_cap;
	size_t skipped; /* lines that are no part of a call site */
	bool cut;	/* more than SLABSYS_TRACES call sites */
};

/* Parse the text of alloc_traces, free_traces or alloc_calls into out
 * (reset first; reuse it, free it with slabsys_traces_free). Lines that
 * fit nowhere are counted in skipped, never fatal. */
void slabsys_traces_parse(const char *text, size_t len,
			  struct slabsys_traces *out);
void slabsys_traces_free(struct slabsys_traces *t);

/* A string of a trace. */
static inline const char *slabsys_str(const struct slabsys_traces *t,
				      size_t off)
{
	return t->text + off;
}

#endif
