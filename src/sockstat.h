/*
 * sockstat.h - layer 2: /proc/net/sockstat parsed (net/ipv4/proc.c):
 *
 *   sockets: used 40
 *   TCP: inuse 3 orphan 0 tw 0 alloc 5 mem 100
 *   UDP: inuse 2 mem 28
 *   FRAG: inuse 0 memory 0
 *
 * Lines "NAME: key value ...": each protocol's sockets in use and its
 * "mem" (pages charged to the protocol's memory accounting; FRAG's
 * "memory" is bytes and is no "mem"). Unknown keys are ignored, so are
 * unknown protocols but for their "mem", which the sum counts. A line
 * that is no "NAME:" and pairs of a key and a number of at most 64 bits
 * is skipped and counted; a protocol given twice is absent. Text in,
 * structs out: never a file, a print or an exit.
 */
#ifndef KMEMTOP_SOCKSTAT_H
#define KMEMTOP_SOCKSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ss_proto {
	SS_SOCKETS,
	SS_TCP,
	SS_UDP,
	SS_UDPLITE,
	SS_RAW,
	SS_FRAG,
	SS_NPROTO
};

struct sockstat_proto {
	uint64_t inuse; /* sockets ("sockets: used" for SS_SOCKETS) */
	uint64_t mem;	/* pages */
	bool have_inuse, have_mem;
	bool dup; /* given more than once: left absent */
};

struct sockstat {
	struct sockstat_proto p[SS_NPROTO];
	uint64_t mem;	/* pages: every protocol's mem, known or not */
	bool have_mem;	/* some line had one, and the sum fits 64 bits */
	size_t skipped; /* malformed lines (empty ones not counted) */
};

/* The line's name of p ("TCP", "sockets"). */
const char *sockstat_name(enum ss_proto p);

/* Parse text[0..len) into out (cleared first). Never fails. */
void sockstat_parse(const char *text, size_t len, struct sockstat *out);

#endif
