/*
 * buddyinfo.c - the free blocks per order of /proc/buddyinfo, and what
 * they say of fragmentation.
 *
 * It never opens files, prints or exits.
 */
#include "buddyinfo.h"

#include <string.h>

#include "util.h"
#include "zoneinfo.h"

/* "Node N, zone NAME c0 c1 ..." into z; false when it is not. */
static bool parse_zone(const char *line, size_t n, struct buddy_zone *z)
{
	const char *end = line + n, *p;

	memset(z, 0, sizeof(*z));
	p = zoneinfo_zone_head(line, n, &z->node, z->zone, sizeof(z->zone));
	if (!p)
		return false;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == end)
			break;
		if (z->norders == BUDDY_ORDERS ||
		    !parse_u64(&p, end, &z->blocks[z->norders]))
			return false;
		z->norders++;
	}
	return z->norders > 0;
}

void buddyinfo_parse(const char *text, size_t len, struct buddyinfo *out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		if (!n)
			continue;
		if (out->n == BUDDY_ZONES ||
		    !parse_zone(line, n, &out->z[out->n])) {
			out->skipped++;
			continue;
		}
		out->n++;
	}
}

/* blocks x 2^order, saturating */
static uint64_t pages_of(const struct buddy_zone *z, size_t k)
{
	return z->blocks[k] > (UINT64_MAX >> k) ? UINT64_MAX
						: z->blocks[k] << k;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

uint64_t buddy_free_pages(const struct buddy_zone *z)
{
	uint64_t s = 0;

	for (size_t k = 0; k < z->norders; k++)
		s = add_sat(s, pages_of(z, k));
	return s;
}

double buddy_unusable(const struct buddy_zone *z, unsigned j)
{
	uint64_t total = buddy_free_pages(z), usable = 0;

	if (!total)
		return 0;
	for (size_t k = j; k < z->norders; k++)
		usable = add_sat(usable, pages_of(z, k));
	return (double)(total - (usable < total ? usable : total)) /
	       (double)total;
}

int buddy_largest(const struct buddy_zone *z)
{
	for (size_t k = z->norders; k > 0; k--)
		if (z->blocks[k - 1])
			return (int)k - 1;
	return -1;
}
