/*
 * vmstat.h - layer 2: the reclaim and compaction counters of /proc/vmstat
 * ("name value" lines) and the memory pressure of /proc/pressure/memory
 * ("some avg10=0.00 avg60=0.00 avg300=0.00 total=0", then "full ...").
 *
 * Counters summed over their kinds: allocstall_* (allocstall before
 * 4.8), workingset_refault_anon and _file (workingset_refault before
 * 5.9). A line whose value is no number of at most 64 bits is skipped
 * and counted. Text in, numbers out: never a file, a print or an exit.
 */
#ifndef KMEMTOP_VMSTAT_H
#define KMEMTOP_VMSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vm_counter {
	VMC_PGSCAN_KSWAPD,
	VMC_PGSCAN_DIRECT,
	VMC_PGSTEAL_KSWAPD,
	VMC_PGSTEAL_DIRECT,
	VMC_SLABS_SCANNED,
	VMC_COMPACT_STALL,
	VMC_COMPACT_FAIL,
	VMC_ALLOCSTALL,
	VMC_REFAULT,
	VMC_COUNT
};

struct vmstat {
	uint64_t v[VMC_COUNT];
	bool have[VMC_COUNT];
	size_t skipped;
};

/* "pgscan_kswapd", ...: the name kmemtop shows the counter by */
const char *vmstat_name(enum vm_counter c);

void vmstat_parse(const char *text, size_t len, struct vmstat *out);

/* PSI memory: some and full, avg10 and avg60, percent. */
struct psi_mem {
	double some10, some60, full10, full60;
	bool have_some, have_full;
};

void psi_parse(const char *text, size_t len, struct psi_mem *out);

/* The counters' rates per second between two reads dt seconds apart:
 * (b - a) / dt, where both have the counter and it did not go back;
 * have[c] false otherwise. */
void vmstat_rates(const struct vmstat *a, const struct vmstat *b, double dt,
		  double *rate, bool *have);

#endif
