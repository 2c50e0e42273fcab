/*
 * fuzz_cgroupfs.c - memory.stat, memory.events and memory.pressure
 * readers never fail; a key present holds the value of the one line that
 * names it; a key given twice is absent.
 */
#include <stdlib.h>
#include <string.h>

#include "cgroupfs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct cg_stat st;
	uint64_t v;
	double d;

	memcpy(s, data, size);
	s[size] = '\0';
	cgroupfs_stat(s, size, &st);
	for (int k = 0; k < CG_NKEYS; k++)
		if (st.have[k] && st.bad[k])
			abort();
	if (!cgroupfs_key(s, size, "oom_kill", &v) &&
	    !memmem(s, size, "oom_kill", 8))
		abort();
	if (!cgroupfs_pressure(s, &d) && !(d >= 0 && d <= 100))
		abort();
	cgroupfs_value(s, true, &v);
	free(s);
	return 0;
}
