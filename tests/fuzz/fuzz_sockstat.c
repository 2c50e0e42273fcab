/*
 * fuzz_sockstat.c - the sockstat parser never fails; a sum of mem pages
 * only where the text says " mem ", no smaller than any protocol's; a
 * protocol given twice holds no value; lines taken and skipped are no
 * more than the lines.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sockstat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockstat s;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	sockstat_parse((const char *)data, size, &s);
	if (s.skipped > lines)
		abort();
	if (s.have_mem && !memmem(data, size, " mem ", 5))
		abort();
	for (int p = 0; p < SS_NPROTO; p++) {
		const struct sockstat_proto *x = &s.p[p];
		if (x->dup && (x->have_inuse || x->have_mem))
			abort();
		if (x->have_mem && s.have_mem && s.mem < x->mem)
			abort();
		if ((x->have_inuse || x->have_mem) &&
		    !memmem(data, size, sockstat_name(p),
			    strlen(sockstat_name(p))))
			abort();
	}
	return 0;
}
