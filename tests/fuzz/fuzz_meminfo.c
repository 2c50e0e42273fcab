/*
 * fuzz_meminfo.c - the /proc/meminfo parser never fails and only
 * reports fields it found.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "meminfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct meminfo mi;

	meminfo_parse((const char *)data, size, &mi);
	for (int f = 0; f < MI_COUNT; f++)
		if (!mi.have[f] && mi.bytes[f])
			abort(); /* a value for a field that was not there */
	return 0;
}
