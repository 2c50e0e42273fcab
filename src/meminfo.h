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
	MI_COUNT
};

struct meminfo {
	uint64_t bytes[MI_COUNT]; /* bytes */
	bool have[MI_COUNT];	  /* the file had this field */
	size_t skipped;		  /* malformed lines */
};

/* The field's name as /proc/meminfo spells it ("SReclaimable"). */
const char *meminfo_name(enum mi_field f);

/* Parse text[0..len) into out (which is cleared first). Unknown fields are
 * ignored; a known field whose value is not a number is counted in
 * skipped. Never fails. */
void meminfo_parse(const char *text, size_t len, struct meminfo *out);

#endif
