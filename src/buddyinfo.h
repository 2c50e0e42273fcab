/*
 * buddyinfo.h - layer 2: /proc/buddyinfo (mm/vmstat.c, frag_show_print):
 * per zone, the free blocks of each order (a block of order k is 2^k
 * pages):
 *
 *   Node 0, zone   Normal  20919  10855   7065 ...
 *
 * A line that is not "Node N, zone NAME" and at least one count, each of
 * at most 64 bits, is skipped and counted; orders past BUDDY_ORDERS are
 * skipped with their line. Text in, structs out: never a file, a print
 * or an exit.
 */
#ifndef KMEMTOP_BUDDYINFO_H
#define KMEMTOP_BUDDYINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { BUDDY_ORDERS = 16, BUDDY_ZONES = 64, BUDDY_NAME = 16 };

struct buddy_zone {
	unsigned node;
	char zone[BUDDY_NAME]; /* NUL-terminated, as printed */
	uint64_t blocks[BUDDY_ORDERS];
	size_t norders;
};

struct buddyinfo {
	struct buddy_zone z[BUDDY_ZONES];
	size_t n;
	size_t skipped; /* malformed lines, and zones past BUDDY_ZONES */
};

void buddyinfo_parse(const char *text, size_t len, struct buddyinfo *out);

/* Free pages of the zone: the sum of blocks x 2^order (saturating). */
uint64_t buddy_free_pages(const struct buddy_zone *z);

/* The unusable free space index for order j (Mel Gorman's): the part
 * of the free pages in blocks smaller than 2^j pages, 0 to 1 (0 with no
 * free page). */
double buddy_unusable(const struct buddy_zone *z, unsigned j);

/* The highest order with a free block, or -1. */
int buddy_largest(const struct buddy_zone *z);

#endif
