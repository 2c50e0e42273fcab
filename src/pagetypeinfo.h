/*
 * pagetypeinfo.h - layer 2: /proc/pagetypeinfo (mm/vmstat.c,
 * pagetypeinfo_showfree_print and pagetypeinfo_showblockcount_print),
 * root only, and costly to read (the kernel walks every free list under
 * the zone's lock): read it only while it is shown.
 *
 *   Page block order: 9
 *   Pages per block:  512
 *
 *   Free pages count per migrate type at order       0      1 ...
 *   Node    0, zone   Normal, type    Unmovable    550    985 ...
 *   ...
 *   Number of blocks type     Unmovable      Movable ...
 *   Node 0, zone   Normal          181         1767 ...
 *
 * A free line gives the free blocks of each order of one migrate type
 * (a block of order k is 2^k pages); the kernel stops counting a list
 * at 100000 and prints ">100000": such a count is kept as 100000 and
 * marked. A blocks line gives the pageblocks of each type its table's
 * header names, in that order. The mixed blocks table (page_owner) is
 * passed over. Any other line that is not blank, a line whose numbers
 * are not numbers of at most 64 bits, more orders than PT_ORDERS, more
 * counts than the header's types, or rows past PT_ROWS / PT_ZONES, is
 * skipped and counted. Text in, numbers out: never a file, a print or
 * an exit.
 */
#ifndef KMEMTOP_PAGETYPEINFO_H
#define KMEMTOP_PAGETYPEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buddyinfo.h"

enum {
	PT_ORDERS = BUDDY_ORDERS,
	PT_TYPES = 8,
	PT_ZONES = 64,
	PT_ROWS = PT_ZONES * PT_TYPES,
	PT_NAME = 16,
	PT_CAP = 100000 /* where the kernel stops counting a list */
};

/* One line of the free table: its zone's blocks per order (as a
 * buddyinfo line gives them, for buddy_free_pages and buddy_largest),
 * of one migrate type. */
struct pt_free {
	struct buddy_zone z;
	char type[PT_NAME]; /* NUL-terminated, as printed */
	uint32_t capped;    /* bit k: order k's count was ">100000" */
};

/* One line of the blocks table: a zone's pageblocks per migrate type,
 * in the order of struct pagetypeinfo's types. */
struct pt_blocks {
	unsigned node;
	char zone[PT_NAME];
	uint64_t count[PT_TYPES]; /* pageblocks */
	size_t n;
};

struct pagetypeinfo {
	uint64_t block_order;	  /* "Page block order" */
	uint64_t pages_per_block; /* "Pages per block" */
	bool have_block_order, have_pages_per_block;
	struct pt_free f[PT_ROWS];
	size_t nf;
	char types[PT_TYPES][PT_NAME]; /* the blocks table's header */
	size_t ntypes;
	struct pt_blocks b[PT_ZONES];
	size_t nb;
	size_t skipped;	      /* malformed lines */
	size_t first_skipped; /* the first of them, from 1; 0: none */
};

void pagetypeinfo_parse(const char *text, size_t len, struct pagetypeinfo *out);

/* The pageblocks of migrate type `type` in node's zone: false when the
 * blocks table has no such zone or type. */
bool pagetypeinfo_blocks(const struct pagetypeinfo *p, unsigned node,
			 const char *zone, const char *type, uint64_t *out);

#endif
