/*
 * fuzz_slabinfo.c - the /proc/slabinfo parser: any bytes parse or fail
 * with a message, and every cache found can be found again by name.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "slabinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slab_snapshot s = { 0 }, copy = { 0 };
	struct kerr err = { { 0 } };

	if (slabinfo_parse((const char *)data, size, &s, &err) == 0) {
		for (size_t i = 0; i < s.n; i++) {
			const char *name = slab_cache_name(&s, &s.caches[i]);
			size_t j = slab_snapshot_find(&s, name,
						      s.caches[i].name_len);
			if (j == SIZE_MAX || j > i)
				abort(); /* a cache that cannot be found */
		}
		slab_snapshot_copy(&copy, &s);
		if (copy.n != s.n)
			abort();
	} else if (!err.msg[0]) {
		abort(); /* an error without a message */
	}
	slab_snapshot_free(&s);
	slab_snapshot_free(&copy);
	return 0;
}
