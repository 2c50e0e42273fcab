/*
 * zoneinfo.h - layer 2: /proc/zoneinfo, for the free pages the per-CPU
 * page lists hold (mm/vmstat.c, zoneinfo_show_print):
 *
 *   Node 0, zone   Normal
 *     pages free     1234
 *     ...
 *     pagesets
 *       cpu: 0
 *                 count:    37742
 *                 high:     41000
 *
 * Those pages have left the free lists: MemFree does not count them,
 * and no /proc/meminfo field does. A "count:" line after a zone's
 * "pagesets" is one CPU's list (pages); one whose value is no number of
 * at most 64 bits, or whose sum would overflow, is skipped and counted.
 * Text in, numbers out: never a file, a print or an exit.
 */
#ifndef KMEMTOP_ZONEINFO_H
#define KMEMTOP_ZONEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct zoneinfo_pcp {
	uint64_t pages; /* in every per-CPU list of every zone */
	size_t lists;	/* "count:" lines summed */
	size_t skipped; /* malformed ones */
};

/* Sum the per-CPU lists of text[0..len) into out (cleared first). */
void zoneinfo_parse_pcp(const char *text, size_t len, struct zoneinfo_pcp *out);

/* Each zone's free pages and watermarks ("pages free", then "min",
 * "low", "high" before its pagesets), in pages. */
enum { ZI_ZONES = 64, ZI_NAME = 16 };
struct zoneinfo_zone {
	unsigned node;
	char zone[ZI_NAME];
	uint64_t free, min, low, high;
	bool have_free, have_min, have_low, have_high;
};
struct zoneinfo_zones {
	struct zoneinfo_zone z[ZI_ZONES];
	size_t n;
	size_t skipped; /* malformed values, and zones past ZI_ZONES */
};

void zoneinfo_parse_zones(const char *text, size_t len,
			  struct zoneinfo_zones *out);

/* A "Node N, zone NAME" line (zoneinfo's and buddyinfo's) into node and
 * zone (NUL-terminated, at most zone_size bytes with its NUL; it ends at
 * a blank or a comma, as pagetypeinfo's "zone Normal, type"): the rest
 * of the line, or NULL when it is no such line. */
const char *zoneinfo_zone_head(const char *line, size_t n, unsigned *node,
			       char *zone, size_t zone_size);

#endif
