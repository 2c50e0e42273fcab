/*
 * allocinfo.h - layer 2: /proc/allocinfo, the kernel's allocation
 * profile (Linux 6.10+, CONFIG_MEM_ALLOC_PROFILING; lib/alloc_tag.c,
 * Documentation/mm/allocation-profiling.rst):
 *
 *   allocinfo - version: 1.0
 *   #     <size>  <calls> <tag info>
 *         4096        1 mm/percpu-vm.c:96 func:pcpu_alloc_pages
 *        20480        5 drivers/foo/foo.c:20 [foo] func:foo_start
 *
 * A call site per line: bytes ("%12lli"), calls, FILE:LINE, [MODULE] for
 * a module's own, func:FUNCTION; version 2.0 adds " accurate:no" where a
 * counter missed allocations. Unknown words after the function are
 * ignored (a later minor version). A line that is not of that form (a
 * number past 64 bits, a field missing, a NUL) is skipped and counted;
 * a file without the header, or of another major version, is refused
 * with a message. Names point into the text (untrusted, not NUL-
 * terminated: lengths given). Never a file, a print or an exit.
 */
#ifndef KMEMTOP_ALLOCINFO_H
#define KMEMTOP_ALLOCINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct alloc_site {
	int64_t bytes; /* signed as the kernel prints it */
	uint64_t calls;
	const char *file, *module, *func; /* module NULL: built in */
	size_t file_len, module_len, func_len;
	uint64_t line;
	bool inaccurate; /* accurate:no (2.0) */
	size_t lineno;	 /* in the file, 1-based */
};

struct allocinfo_stats {
	unsigned major, minor; /* the header's version */
	size_t sites;
	size_t skipped;	      /* lines that are no call site */
	size_t first_skipped; /* line number of the first, or 0 */
};

typedef void (*alloc_site_fn)(const struct alloc_site *s, void *ctx);

/* Parse text[0..len): fn once per call site. Returns 0, or -1 with err
 * (no "allocinfo - version: M.N" header first, or a major version other
 * than 1 and 2): then no site is given. */
int allocinfo_parse(const char *text, size_t len, alloc_site_fn fn, void *ctx,
		    struct allocinfo_stats *st, struct kerr *err);

#endif
