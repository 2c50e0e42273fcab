/*
 * zoneinfo.c - the per-CPU page lists of /proc/zoneinfo: the sum of the
 * "count:" lines of each zone's "pagesets".
 *
 * It never opens files, prints or exits.
 */
#include "zoneinfo.h"

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
