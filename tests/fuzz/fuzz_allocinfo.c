/*
 * fuzz_allocinfo.c - the allocinfo parser: a refusal gives no site and a
 * message; every site's names lie inside the input, its function is not
 * empty; sites and skipped lines are no more than the lines.
 */
#include <stdlib.h>
#include <string.h>

#include "allocinfo.h"
#include "fuzz.h"

struct span {
	const char *start, *end;
	size_t sites;
};

static void check(const struct alloc_site *s, void *ctx)
{
	struct span *sp = ctx;

	sp->sites++;
	if (s->file < sp->start || s->file + s->file_len > sp->end ||
	    s->func < sp->start || s->func + s->func_len > sp->end ||
	    !s->func_len ||
	    (s->module &&
	     (s->module < sp->start || s->module + s->module_len > sp->end)))
		abort();
	if (memchr(s->func, '\0', s->func_len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	struct span sp = { t, t + size, 0 };
	struct allocinfo_stats st;
	struct kerr err = { { 0 } };
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (allocinfo_parse(t, size, check, &sp, &st, &err)) {
		if (sp.sites || !err.msg[0])
			abort();
		return 0;
	}
	if (sp.sites != st.sites || st.sites + st.skipped > lines)
		abort();
	return 0;
}
