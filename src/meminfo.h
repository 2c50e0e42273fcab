/*
 * meminfo.h - layer 2: the /proc/meminfo parser, for the fields kmemtop
 * shows. Values are kept in bytes (the file says kB, meaning KiB).
 */
#ifndef KMEMTOP_MEMINFO_H
#define KMEMTOP_MEMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mi_field {
	MI_MEMTOTAL,
	MI_MEMFREE,
	MI_MEMAVAILABLE,
	MI_SLAB,
	MI_SRECLAIMABLE,
	MI_SUNRECLAIM,
	MI_KERNELSTACK,
	MI_PAGETABLES,
	MI_VMALLOCTOTAL,
	MI_VMALLOCUSED,
	MI_PERCPU,
	MI_SWAPTOTAL,
	MI_SWAPFREE,
	MI_COMMITLIMIT,
	MI_COMMITTED_AS,
	/* The fields above are kmemtop_memory_bytes' (prom_meminfo); those
	 * below feed the memory view's balance sheet (memory_model.h). */
	MI_BUFFERS,
	MI_CACHED,
	MI_SWAPCACHED,
	MI_ANONPAGES,
	MI_SHMEM,
	MI_ANONHUGEPAGES,
	MI_SECPAGETABLES,
	MI_VMALLOCCHUNK,
	MI_HUGEPAGES_TOTAL, /* a count of huge pages, not bytes */
	MI_HUGEPAGESIZE,
	MI_HUGETLB,
	MI_ZSWAP,
	MI_COUNT
};

/* The fields prom_meminfo exports: MI_MEMTOTAL to MI_COMMITTED_AS. */
enum { MI_EXPORTED = MI_COMMITTED_AS + 1 };

struct meminfo {
	uint64_t bytes[MI_COUNT]; /* bytes (a count: meminfo_is_count) */
	bool have[MI_COUNT];	  /* the file had this field */
	size_t skipped;		  /* malformed lines */
};

/* The field's name as /proc/meminfo spells it ("SReclaimable"). */
const char *meminfo_name(enum mi_field f);

/* Whether field f is a count ("HugePages_Total:  4", no unit), kept as
 * it is, not multiplied into bytes. */
bool meminfo_is_count(enum mi_field f);

/* Parse text[0..len) into out (which is cleared first). Unknown fields are
 * ignored; a known field whose value is not a number is counted in
 * skipped. Never fails. */
void meminfo_parse(const char *text, size_t len, struct meminfo *out);

#endif
