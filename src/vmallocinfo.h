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
