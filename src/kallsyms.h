/*
 * kallsyms.h - layer 2: /proc/kallsyms parsed into the kernel's text
 * symbols (functions, modules' included), sorted by address, to name a
 * code address "function+0x1a [module]" (the activity view's call sites).
 *
 * It never opens the file: the text comes from the source. A malformed
 * line is skipped and counted. Addresses all zero (kptr_restrict, or a
 * reader without CAP_SYSLOG) name nothing, and say so.
 */
#ifndef KMEMTOP_KALLSYMS_H
#define KMEMTOP_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct ksym {
	uint64_t addr;
	size_t name; /* offset of its NUL-terminated name in text */
	size_t mod;  /* offset of its module's name, or SIZE_MAX: vmlinux */
};

struct kallsyms {
	struct ksym *s; /* sorted by address */
	size_t n, cap;
	char *text; /* the names, owned */
	size_t len, text_cap;
	size_t skipped; /* malformed lines */
	bool hidden;	/* every address was 0: no symbol can be named */
};

/* A function's code is taken to be at most this far past its symbol:
 * an address further on (a gap, data, past the last symbol) is named by
 * its number alone. */
#define KALLSYMS_MAX_OFFSET (1UL << 20)

/* Parse text[0..len) (replacing what k held). Never fails. */
void kallsyms_parse(const char *text, size_t len, struct kallsyms *k);

/* Append the name of code address addr: "func+0x1a", "func+0x1a [mod]",
 * or "0xffffffff81234567" where no symbol holds it. Returns whether a
 * symbol named it. */
bool kallsyms_name(const struct kallsyms *k, uint64_t addr, struct sbuf *out);

void kallsyms_free(struct kallsyms *k);

#endif
