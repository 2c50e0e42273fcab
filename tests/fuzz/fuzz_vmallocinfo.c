/*
 * fuzz_vmallocinfo.c - the /proc/vmallocinfo parser: any bytes, fed
 * whole and in two pieces split at a line end, give the same areas; and
 * parsed without the addresses (grouping, where a line equal to one seen
 * a moment ago takes its area), the same areas but for the addresses,
 * field by field.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vmallocinfo.h"

struct sum {
	size_t n;
	uint64_t bytes, pages, caller_len, module_len;
	uint64_t phys, types, flags, lines, callers, modules;
};

/* A hash of a string's bytes, position by position. */
static uint64_t mix(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h * 31 + n;
}

static void on_area(const struct vm_area *a, void *ctx)
{
	struct sum *s = ctx;

	s->n++;
	s->bytes += a->size;
	s->pages += a->pages;
	s->caller_len += a->caller_len;
	s->module_len += a->module_len;
	s->phys += a->phys;
	s->types += a->types * 16 + (unsigned)a->type;
	s->flags += a->have_pages * 2u + a->have_phys;
	s->lines += a->line;
	s->callers += a->caller ? mix(s->n, a->caller, a->caller_len) : 7;
	s->modules += a->module ? mix(s->n, a->module, a->module_len) : 7;
	if ((unsigned)a->type >= VT_COUNT)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct vm_parse_stats st1 = { 0 }, st2 = { 0 };
	struct sum a = { 0 }, b = { 0 }, c = { 0 };
	/* split after the first line end past the middle */
	const char *nl = memchr(text + size / 2, '\n', size - size / 2);
	size_t cut = nl ? (size_t)(nl - text) + 1 : 0, lines;

	vmallocinfo_parse(text, size, 1, on_area, &a, &st1);
	lines = vmallocinfo_parse(text, cut, 1, on_area, &b, &st2);
	vmallocinfo_parse(text + cut, size - cut, 1 + lines, on_area, &b, &st2);
	if (memcmp(&a, &b, sizeof(a)) || st1.areas != st2.areas ||
	    st1.skipped != st2.skipped ||
	    st1.first_skipped != st2.first_skipped)
		abort(); /* the chunked reading must not change the result */
	memset(&st2, 0, sizeof(st2));
	vmallocinfo_parse_ex(text, size, 1, VM_PARSE_NO_RANGE, on_area, &c,
			     &st2);
	if (memcmp(&a, &c, sizeof(a)) || st1.areas != st2.areas ||
	    st1.skipped != st2.skipped ||
	    st1.first_skipped != st2.first_skipped)
		abort(); /* the lines not parsed again must be the same */
	return 0;
}
