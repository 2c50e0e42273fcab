/*
 * fuzz_slabsys.c - SLUB's call-site files (alloc_traces, free_traces,
 * alloc_calls) and counter attributes never fail to parse: every string
 * of a call site lies in the arena, a stack holds its frame count, no
 * more frames are kept than SLABSYS_FRAMES, no more sites than
 * SLABSYS_TRACES; a counter keeps at most SLABSYS_NODES nodes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "slabsys.h"

static void check_str(const struct slabsys_traces *t, size_t off)
{
	if (off >= t->len || strlen(t->text + off) + off >= t->len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slabsys_traces t = { 0 };
	struct slabsys_count c;
	char *s = malloc(size + 1);

	slabsys_traces_parse((const char *)data, size, &t);
	if (t.n > SLABSYS_TRACES)
		abort();
	for (size_t i = 0; i < t.n; i++) {
		const struct slabsys_trace *r = &t.t[i];
		size_t nl = 0;
		check_str(&t, r->func);
		check_str(&t, r->pids);
		check_str(&t, r->cpus);
		check_str(&t, r->nodes);
		check_str(&t, r->stack);
		for (const char *p = t.text + r->stack; *p; p++)
			nl += *p == '\n';
		/* frames joined by newlines, a function named */
		if (r->nframes > SLABSYS_FRAMES ||
		    (r->nframes ? nl + 1 : 0) != r->nframes || !t.text[r->func])
			abort();
	}
	slabsys_traces_free(&t);
	/* the same bytes as a counter attribute */
	memcpy(s, data, size);
	s[size] = '\0';
	if (!slabsys_count(s, &c) && c.nnodes > SLABSYS_NODES)
		abort();
	free(s);
	return 0;
}
