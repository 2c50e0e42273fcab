/*
 * zoneinfo.c - the per-CPU page lists of /proc/zoneinfo: the sum of the
 * "count:" lines of each zone's "pagesets".
 *
 * It never opens files, prints or exits.
 */
#include "zoneinfo.h"

#include <stddef.h>
#include <string.h>

#include "util.h"

/* line[0..n) without its leading blanks starts with word: the rest */
static const char *after_word(const char *line, size_t n, const char *word)
{
	size_t k = strlen(word), i = 0;

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (n - i < k || memcmp(line + i, word, k))
		return NULL;
	return line + i + k;
}

/* [p, end) is blanks only (a CR too) */
static bool blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end;
}

void zoneinfo_parse_pcp(const char *text, size_t len, struct zoneinfo_pcp *out)
{
	const char *pos = text, *end = text + len, *line, *p;
	bool sets = false; /* in a zone's pagesets */
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		uint64_t v;

		if (after_word(line, n, "Node ")) {
			sets = false;
		} else if ((p = after_word(line, n, "pagesets")) &&
			   blank(p, line + n)) {
			sets = true;
		} else if (sets && (p = after_word(line, n, "count:"))) {
			if (!parse_u64(&p, line + n, &v) ||
			    !blank(p, line + n) ||
			    v > UINT64_MAX - out->pages) {
				out->skipped++;
				continue;
			}
			out->pages += v;
			out->lists++;
		}
	}
}

const char *zoneinfo_zone_head(const char *line, size_t n, unsigned *node,
			       char *zone, size_t zone_size)
{
	const char *p = line, *end = line + n, *name;
	uint64_t v;

	if (n < 5 || memcmp(p, "Node ", 5))
		return NULL;
	p += 5;
	if (!parse_u64(&p, end, &v) || v > 1u << 20 || p >= end || *p != ',')
		return NULL;
	p++;
	while (p < end && *p == ' ')
		p++;
	if (end - p < 5 || memcmp(p, "zone ", 5))
		return NULL;
	p += 5;
	while (p < end && *p == ' ')
		p++;
	name = p;
	while (p < end && *p != ' ' && *p != '\r' && *p != '\t' && *p != ',')
		p++;
	if (p == name || (size_t)(p - name) >= zone_size ||
	    memchr(name, '\0', (size_t)(p - name)))
		return NULL;
	memcpy(zone, name, (size_t)(p - name));
	zone[p - name] = '\0';
	*node = (unsigned)v;
	return p;
}

void zoneinfo_parse_zones(const char *text, size_t len,
			  struct zoneinfo_zones *out)
{
	static const struct {
		const char *word;
		size_t off, have;
	} fields[] = {
		{ "pages free", offsetof(struct zoneinfo_zone, free),
		  offsetof(struct zoneinfo_zone, have_free) },
		{ "min", offsetof(struct zoneinfo_zone, min),
		  offsetof(struct zoneinfo_zone, have_min) },
		{ "low", offsetof(struct zoneinfo_zone, low),
		  offsetof(struct zoneinfo_zone, have_low) },
		{ "high", offsetof(struct zoneinfo_zone, high),
		  offsetof(struct zoneinfo_zone, have_high) },
	};
	const char *pos = text, *end = text + len, *line, *p;
	struct zoneinfo_zone *z = NULL; /* the zone read, before pagesets */
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		struct zoneinfo_zone head = { 0 };

		if (zoneinfo_zone_head(line, n, &head.node, head.zone,
				       sizeof(head.zone))) {
			z = NULL;
			if (out->n == ZI_ZONES) {
				out->skipped++;
				continue;
			}
			z = &out->z[out->n++];
			*z = head;
			continue;
		}
		if (!z)
			continue;
		if ((p = after_word(line, n, "pagesets")) &&
		    blank(p, line + n)) {
			z = NULL; /* its "high:" are the lists' */
			continue;
		}
		for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
			uint64_t v;
			if (!(p = after_word(line, n, fields[f].word)) ||
			    p == line + n || (*p != ' ' && *p != '\t'))
				continue;
			if (!parse_u64(&p, line + n, &v) ||
			    !blank(p, line + n)) {
				out->skipped++;
				break;
			}
			*(uint64_t *)((char *)z + fields[f].off) = v;
			*(bool *)((char *)z + fields[f].have) = true;
			break;
		}
	}
}
