/*
 * meminfo.c - reads "Name:   value kB" lines of /proc/meminfo.
 *
 * It never opens files, prints or exits.
 */
#include "meminfo.h"

#include <string.h>

#include "util.h"

static const char *const names[MI_COUNT] = {
	[MI_MEMTOTAL] = "MemTotal",
	[MI_MEMFREE] = "MemFree",
	[MI_MEMAVAILABLE] = "MemAvailable",
	[MI_SLAB] = "Slab",
	[MI_SRECLAIMABLE] = "SReclaimable",
	[MI_SUNRECLAIM] = "SUnreclaim",
	[MI_KERNELSTACK] = "KernelStack",
	[MI_PAGETABLES] = "PageTables",
	[MI_VMALLOCTOTAL] = "VmallocTotal",
	[MI_VMALLOCUSED] = "VmallocUsed",
	[MI_PERCPU] = "Percpu",
	[MI_SWAPTOTAL] = "SwapTotal",
	[MI_SWAPFREE] = "SwapFree",
	[MI_COMMITLIMIT] = "CommitLimit",
	[MI_COMMITTED_AS] = "Committed_AS",
	[MI_BUFFERS] = "Buffers",
	[MI_CACHED] = "Cached",
	[MI_SWAPCACHED] = "SwapCached",
	[MI_ANONPAGES] = "AnonPages",
	[MI_SHMEM] = "Shmem",
	[MI_ANONHUGEPAGES] = "AnonHugePages",
	[MI_SECPAGETABLES] = "SecPageTables",
	[MI_VMALLOCCHUNK] = "VmallocChunk",
	[MI_HUGEPAGES_TOTAL] = "HugePages_Total",
	[MI_HUGEPAGESIZE] = "Hugepagesize",
	[MI_HUGETLB] = "Hugetlb",
	[MI_ZSWAP] = "Zswap",
};

const char *meminfo_name(enum mi_field f)
{
	return f < MI_COUNT ? names[f] : "?";
}

bool meminfo_is_count(enum mi_field f)
{
	return f == MI_HUGEPAGES_TOTAL;
}

void meminfo_parse(const char *text, size_t len, struct meminfo *out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		const char *colon = memchr(line, ':', n), *p;
		uint64_t v;

		if (!colon)
			continue;
		for (int f = 0; f < MI_COUNT; f++) {
			size_t kl = strlen(names[f]);
			if ((size_t)(colon - line) != kl ||
			    memcmp(line, names[f], kl))
				continue;
			p = colon + 1;
			if (!parse_u64(&p, line + n, &v) ||
			    v > UINT64_MAX / 1024) {
				out->skipped++;
				break;
			}
			out->bytes[f] = meminfo_is_count(f) ? v : v * 1024;
			out->have[f] = true;
			break;
		}
	}
}
