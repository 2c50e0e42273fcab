/*
 * memory_model.h - layer 3: where the RAM went, as a balance sheet of
 * /proc/meminfo whose rows add up exactly to MemTotal, the remainder no
 * counter explains ("unaccounted") among them, and above MemTotal the
 * physical RAM of /proc/iomem and the part reserved at boot.
 *
 * Pure computation on a struct meminfo (and the physical size, when
 * known): no file is read here. Each page is counted once: the overlaps
 * checked against fs/proc/meminfo.c and Documentation/filesystems/
 * proc.rst are in memory_model.c and the man page (MEMORY VIEW).
 */
#ifndef KMEMTOP_MEMORY_MODEL_H
#define KMEMTOP_MEMORY_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meminfo.h"

/* The rows, in the order the sheet shows them. */
enum mem_item {
	MEM_PHYSICAL,	   /* System RAM of /proc/iomem */
	MEM_RESERVED,	   /* physical - MemTotal */
	MEM_TOTAL,	   /* MemTotal: the sum of the terms below */
	MEM_FREE,	   /* MemFree */
	MEM_PCP,	   /* free pages in the per-CPU lists (zoneinfo) */
	MEM_PAGECACHE,	   /* Cached + Buffers */
	MEM_SHMEM,	   /* part of the page cache */
	MEM_ANON,	   /* AnonPages */
	MEM_ANON_THP,	   /* part of anonymous */
	MEM_SWAPCACHE,	   /* SwapCached */
	MEM_SLAB_RECL,	   /* SReclaimable */
	MEM_SLAB_UNRECL,   /* SUnreclaim */
	MEM_KSTACK,	   /* KernelStack */
	MEM_PAGETABLES,	   /* PageTables */
	MEM_SECPAGETABLES, /* SecPageTables */
	MEM_PERCPU,	   /* Percpu */
	MEM_VMALLOC,	   /* VmallocUsed (less the stacks in it) */
	MEM_HUGETLB,	   /* Hugetlb, or HugePages_Total x Hugepagesize */
	MEM_ZSWAP,	   /* Zswap */
	MEM_UNACCOUNTED,   /* MemTotal - every term */
	MEM_NITEMS
};

/* What a row is to the sum: above MemTotal, MemTotal itself, a term of
 * it, a part of the term above it (not added again), the remainder. */
enum mem_role { MR_ABOVE, MR_TOTAL, MR_TERM, MR_PART, MR_REMAINDER };

struct mem_row {
	uint64_t order;	  /* enum mem_item: the sheet's order */
	const char *item; /* the JSON name: "page_cache" (static) */
	const char *what; /* for people, indented as the sheet nests */
	const char *role; /* "term", "part", ... (static) */
	/* how it is computed, or why it is empty ("no Percpu in meminfo
	 * (kernels before 3.18)"): static, or the model's own text */
	const char *source;
	int64_t bytes; /* signed: the remainder may fall below zero */
	bool have;
	double pct; /* of MemTotal */
	bool have_pct;
	enum mem_item id;
	enum mem_role r;
};

/* Whether the kernel stacks are vmalloc pages (CONFIG_VMAP_STACK: then
 * VmallocUsed counts them too): seen in /proc/vmallocinfo, or unknown. */
enum mem_stacks { STACKS_UNKNOWN, STACKS_VMALLOC, STACKS_OWN };

struct memory_in {
	const struct meminfo *mi; /* NULL: none */
	uint64_t physical;	  /* bytes of System RAM */
	bool have_physical;	  /* (iomem as root) */
	enum mem_stacks stacks;
	const char *no_physical; /* why not (static), or NULL */
	/* free pages the per-CPU lists hold (/proc/zoneinfo), bytes */
	uint64_t pcp;
	bool have_pcp;
};

struct memory_model {
	struct mem_row rows[MEM_NITEMS];
	size_t nrows;	   /* MEM_NITEMS, or 0 without MemTotal and MemFree */
	/* terms the meminfo lacks (counted as 0; the per-CPU lists are
	 * zoneinfo's, not counted here) */
	size_t absent;
	char note[3][160]; /* the model's own source texts */
};

/* The balance sheet of in into m. Terms the meminfo lacks are empty
 * rows, counted as 0 (their pages fall into the remainder), and said in
 * their source. Without MemTotal or MemFree there are no rows. */
void memory_model_compute(struct memory_model *m, const struct memory_in *in);

/* ---- fragmentation: per zone, free memory in the sizes the kernel
 * asks for (buddyinfo), against its watermarks (zoneinfo) ---- */

struct buddyinfo;
struct zoneinfo_zones;

struct frag_row {
	uint64_t node;
	const char *zone;	 /* points into the buddyinfo read */
	uint64_t free;		 /* bytes in the free lists (buddyinfo) */
	uint64_t min, low, high; /* watermarks, bytes (zoneinfo) */
	bool have_marks;
	uint64_t largest; /* bytes of the largest free block */
	bool have_largest;
	double unusable3, unusable9; /* percent of free unusable for order
				      * 3 (slab) and 9 (huge pages) */
	const char *state; /* "below min", "below low", "below high", "" */
};

/* The rows of the zones of b (with the watermarks of z where a zone of
 * the same node and name has them; z NULL: none), at most max, pages of
 * page_size bytes. Returns the rows made. */
size_t memory_frag_rows(const struct buddyinfo *b,
			const struct zoneinfo_zones *z, uint64_t page_size,
			struct frag_row *rows, size_t max);

struct pagetypeinfo;

/* A row of the migrate types (/proc/pagetypeinfo): one zone's free
 * lists of one migrate type, and its pageblocks. */
struct pagetype_row {
	uint64_t node;
	const char *zone; /* points into the pagetypeinfo read */
	const char *type;
	uint64_t free;	  /* bytes in this type's free lists */
	uint64_t largest; /* bytes of its largest free block */
	bool have_largest;
	uint64_t blocks; /* pageblocks of this type in the zone */
	bool have_blocks;
	uint64_t block_bytes; /* blocks x pages per block x page size */
	bool have_block_bytes;
	const char *note; /* "at least" where a list was past the
			   * kernel's count, else "" */
};

/* The rows of p's free table (its blocks table and pages per block
 * beside each), at most max, pages of page_size bytes. Returns the rows
 * made. */
size_t memory_pagetype_rows(const struct pagetypeinfo *p, uint64_t page_size,
			    struct pagetype_row *rows, size_t max);

/* The lines of /proc/vmallocinfo whose caller is the fork path's stack
 * allocation: true when text has one (the stacks are vmalloc pages). */
bool memory_stacks_in_vmalloc(const char *text, size_t len);

#endif
