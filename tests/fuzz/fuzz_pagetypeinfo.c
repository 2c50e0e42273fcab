/*
 * fuzz_pagetypeinfo.c - the pagetypeinfo parser never fails; rows and
 * skipped lines are no more than the lines; every zone and type name is
 * a word of the input (no blank or NUL in it, and no comma in a zone's); a count is
 * marked capped only where the input has a '>', and only at an order
 * the line has; a blocks row has no more counts than PT_TYPES.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pagetypeinfo.h"

#define ZONE_NOT " \t\r,"

/* w is a word of the input without any of the bytes in not */
static void word_of(const uint8_t *data, size_t size, const char *w,
		    const char * not )
{
	size_t n = strlen(w);

	if (!n || strpbrk(w, not ) || !memmem(data, size, w, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pagetypeinfo p;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	pagetypeinfo_parse((const char *)data, size, &p);
	if (p.skipped + p.nf + p.nb > lines ||
	    (p.skipped && !p.first_skipped) || p.first_skipped > lines ||
	    p.ntypes > PT_TYPES)
		abort();
	for (size_t i = 0; i < p.nf; i++) {
		const struct pt_free *f = &p.f[i];
		if (!f->z.norders || f->z.norders > PT_ORDERS)
			abort();
		word_of(data, size, f->z.zone, ZONE_NOT);
		word_of(data, size, f->type, " \t\r");
		if (f->capped &&
		    (!memchr(data, '>', size) || f->capped >> f->z.norders))
			abort();
	}
	for (size_t t = 0; t < p.ntypes; t++)
		word_of(data, size, p.types[t], " \t\r");
	for (size_t i = 0; i < p.nb; i++) {
		word_of(data, size, p.b[i].zone, ZONE_NOT);
		if (!p.b[i].n || p.b[i].n > PT_TYPES)
			abort();
	}
	return 0;
}
