/*
 * vmstat.c - reclaim and compaction counters of /proc/vmstat, memory
 * pressure of /proc/pressure/memory, and rates between two reads.
 *
 * It never opens files, prints or exits.
 */
#include "vmstat.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* a counter, and the names (exact, or a prefix ending in '_') summed
 * into it */
static const struct {
	enum vm_counter c;
	const char *name;
	bool prefix;
} names[] = {
	{ VMC_PGSCAN_KSWAPD, "pgscan_kswapd", false },
	{ VMC_PGSCAN_DIRECT, "pgscan_direct", false },
	{ VMC_PGSTEAL_KSWAPD, "pgsteal_kswapd", false },
	{ VMC_PGSTEAL_DIRECT, "pgsteal_direct", false },
	{ VMC_SLABS_SCANNED, "slabs_scanned", false },
	{ VMC_COMPACT_STALL, "compact_stall", false },
	{ VMC_COMPACT_FAIL, "compact_fail", false },
	{ VMC_ALLOCSTALL, "allocstall", false },
	{ VMC_ALLOCSTALL, "allocstall_", true },
	{ VMC_REFAULT, "workingset_refault", false },
	{ VMC_REFAULT, "workingset_refault_anon", false },
	{ VMC_REFAULT, "workingset_refault_file", false },
};

const char *vmstat_name(enum vm_counter c)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].c == c)
			return names[i].name;
	return "?";
}

void vmstat_parse(const char *text, size_t len, struct vmstat *out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		const char *sp = memchr(line, ' ', n), *p;
		size_t k;
		uint64_t v;

		if (!sp)
			continue;
		k = (size_t)(sp - line);
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			size_t nl = strlen(names[i].name);
			enum vm_counter c = names[i].c;
			if (names[i].prefix
				    ? k <= nl || memcmp(line, names[i].name, nl)
				    : k != nl ||
					      memcmp(line, names[i].name, nl))
				continue;
			p = sp;
			if (!parse_u64(&p, line + n, &v) ||
			    v > UINT64_MAX - out->v[c]) {
				out->skipped++;
				break;
			}
			out->v[c] += v;
			out->have[c] = true;
			break;
		}
	}
}

/* "avg10=N.NN" of [p, end) into *out */
static bool avg(const char *line, const char *end, const char *key, double *out)
{
	size_t k = strlen(key);
	char buf[32], *e;

	for (const char *p = line; p + k < end; p++)
		if (!memcmp(p, key, k) && (p == line || p[-1] == ' ')) {
			size_t m = 0;
			p += k;
			while (p < end && m < sizeof(buf) - 1 &&
			       ((*p >= '0' && *p <= '9') || *p == '.'))
				buf[m++] = *p++;
			buf[m] = '\0';
			*out = strtod(buf, &e);
			return m && *e == '\0' && *out >= 0 && *out <= 100;
		}
	return false;
}

void psi_parse(const char *text, size_t len, struct psi_mem *out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		if (n > 5 && !memcmp(line, "some ", 5))
			out->have_some =
				avg(line, line + n, "avg10=", &out->some10) &&
				avg(line, line + n, "avg60=", &out->some60);
		else if (n > 5 && !memcmp(line, "full ", 5))
			out->have_full =
				avg(line, line + n, "avg10=", &out->full10) &&
				avg(line, line + n, "avg60=", &out->full60);
	}
}

void vmstat_rates(const struct vmstat *a, const struct vmstat *b, double dt,
		  double *rate, bool *have)
{
	for (int c = 0; c < VMC_COUNT; c++) {
		have[c] = a->have[c] && b->have[c] && b->v[c] >= a->v[c] &&
			  dt > 0;
		rate[c] = have[c] ? (double)(b->v[c] - a->v[c]) / dt : 0;
	}
}
