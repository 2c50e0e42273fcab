/*
 * vmallocinfo.h - layer 2: the /proc/vmallocinfo parser.
 *
 * One call per area, with pointers into the text: nothing is allocated per
 * line, so a million-line file (a thread stack per line on a big host)
 * costs one pass.
 */
#ifndef KMEMTOP_VMALLOCINFO_H
#define KMEMTOP_VMALLOCINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "util.h"

enum vm_type {
	VT_IOREMAP,
	VT_VMALLOC,
	VT_VMAP,
	VT_USER,
	VT_VPAGES,
	VT_VM_MAP_RAM,
	VT_DMA_COHERENT,
	VT_UNPURGED, /* "unpurged vm_area": freed, not yet purged */
	VT_OTHER,    /* no known type word on the line */
	VT_COUNT
};

/* "ioremap", "vmalloc", "vmap", "user", "vpages", "vm_map_ram",
 * "dma-coherent", "unpurged", "other" */
const char *vm_type_name(enum vm_type t);

/* "ioremap,vmalloc" -> a bitmask of (1u << VT_x). Returns 0, or -1 with
 * err naming the unknown word and the valid ones. */
int vm_type_parse_list(const char *list, unsigned *mask, struct kerr *err);

/* One line. Pointers borrow the parsed text: valid during the callback. */
struct vm_area {
	uint64_t start, end; /* as printed: often hashed or zero; never
				 * compute a size from them */
	uint64_t size;	     /* bytes: the size field */
	const char *caller;  /* function name without "+0xoff/0xlen", or a
				 * bare hex caller; NULL when none */
	size_t caller_len;
	const char *module; /* without brackets; NULL when built in */
	size_t module_len;
	uint64_t pages; /* pages=N */
	bool have_pages;
	uint64_t phys; /* phys=ADDR (hex, with or without 0x) */
	bool have_phys;
	unsigned types;	   /* every type word on the line */
	enum vm_type type; /* primary: the first type word; VT_UNPURGED,
				 * VT_VM_MAP_RAM, or VT_OTHER when none */
	size_t line;	   /* 1-based */
};

/* What an area's figures mean (mm/vmalloc.c). The size field is the
 * virtual range the area takes, which for an area of a vm_struct
 * (vmalloc, vmap, ioremap) includes a guard page after the mapping
 * unless it was made with VM_NO_GUARD; pages= counts the pages of RAM
 * vmalloc allocated for it (their sum is meminfo's VmallocUsed).
 *
 * Mapped (the size without the guard page) is the size for areas with no
 * guard: vm_map_ram (mapped whole), the per-CPU chunks of
 * pcpu_get_vm_areas (made without one), an area whose pages fill its
 * size; and 0 for unpurged areas (freed, their pages gone, the range not
 * yet given back). Areas made with VM_NO_GUARD (the arm64 kernel image's
 * segments, KASAN shadow) are not marked in the file: they show a page
 * less than they map. */
/* Inline: they run once an area, a million times a read. vm_area_ram:
 * pages= x page size (0 without pages=: ioremap maps device memory,
 * vm_map_ram and vmap other owners' pages). The page size is a power of
 * two. */
/* log2 of a page size (a power of two; 0 for 0) */
static inline unsigned vm_page_shift(uint64_t page_size)
{
	return page_size ? (unsigned)__builtin_ctzll(page_size) : 0;
}

static inline bool vm_area_guarded(const struct vm_area *a, uint64_t page_size)
{
	static const char pcpu[] = "pcpu_get_vm_areas";

	if (a->type == VT_UNPURGED || a->type == VT_VM_MAP_RAM)
		return false;
	if (a->caller && a->caller_len == sizeof(pcpu) - 1 &&
	    !memcmp(a->caller, pcpu, sizeof(pcpu) - 1))
		return false;
	/* pages that fill the size leave no room for a guard (shifts: a
	 * division a line costs more than the rest of this) */
	if (a->have_pages && a->size &&
	    a->pages > (a->size - 1) >> vm_page_shift(page_size))
		return false;
	/* the guard follows a mapping of at least a page */
	return page_size && a->size > page_size;
}

static inline uint64_t vm_area_mapped(const struct vm_area *a,
				      uint64_t page_size)
{
	if (a->type == VT_UNPURGED)
		return 0;
	return a->size - (vm_area_guarded(a, page_size) ? page_size : 0);
}

static inline uint64_t vm_area_ram(const struct vm_area *a, uint64_t page_size)
{
	unsigned sh = vm_page_shift(page_size);

	if (!a->have_pages)
		return 0;
	/* a page count no kernel prints saturates */
	if (sh && a->pages >> (64 - sh))
		return UINT64_MAX;
	return a->pages << sh;
}

struct vm_parse_stats {
	size_t areas;
	size_t skipped;	      /* lines that are not an area */
	size_t first_skipped; /* line number of the first, or 0 */
};

typedef void (*vm_area_fn)(const struct vm_area *a, void *ctx);

/* Parse text[0..len) (whole lines; CRLF and a last line without newline
 * are fine). Calls fn once per area. A line that does not start with an
 * ADDR-ADDR range and a decimal size is skipped and counted; unknown
 * words (N0=, vendor words) are ignored. first_line is the line number of
 * text[0]. st is added to, not reset. */
size_t vmallocinfo_parse(const char *text, size_t len, size_t first_line,
			 vm_area_fn fn, void *ctx, struct vm_parse_stats *st);
/* The same, with VM_PARSE_* flags. VM_PARSE_NO_RANGE: the caller needs
 * no addresses (grouping): a range of the usual shape is checked but not
 * read, and start and end are 0; and a line equal after its range to one
 * parsed a moment before gets that one's area (pointers moved to the
 * line) without being parsed again. The area passed to fn may then be
 * one the parser keeps: fn must not change it. Reentrant: two threads
 * may parse two texts at once. */
enum { VM_PARSE_NO_RANGE = 1 };
size_t vmallocinfo_parse_ex(const char *text, size_t len, size_t first_line,
			    unsigned flags, vm_area_fn fn, void *ctx,
			    struct vm_parse_stats *st);

#endif
