/*
 * fuzz_vmallocinfo.c - the /proc/vmallocinfo parser: any bytes, fed
 * whole and in two pieces split at a line end, give the same areas.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vmallocinfo.h"

struct sum {
	size_t n;
	uint64_t bytes, pages, caller_len, module_len;
};

static void on_area(const struct vm_area *a, void *ctx)
{
	struct sum *s = ctx;

	s->n++;
	s->bytes += a->size;
	s->pages += a->pages;
	s->caller_len += a->caller_len;
	s->module_len += a->module_len;
	if ((unsigned)a->type >= VT_COUNT)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct vm_parse_stats st1 = { 0 }, st2 = { 0 };
	struct sum a = { 0 }, b = { 0 };
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
	return 0;
}
