/*
 * fuzz_iomem.c - the /proc/iomem parser never fails, builds a tree
 * (a parent before its children, one level up), and every resource's own
 * range is found held by a resource that holds it.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "iomem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iomem io = { 0 };

	iomem_parse(&io, (const char *)data, size);
	for (size_t i = 0; i < io.n; i++) {
		const struct iomem_res *r = &io.res[i], *f;
		size_t nl = strlen(r->name), cl = strlen(r->chain), k;

		if (r->start > r->end)
			abort();
		if (r->parent == SIZE_MAX
			    ? r->depth != 0
			    : r->parent >= i ||
				      io.res[r->parent].depth + 1 != r->depth)
			abort();
		/* the chain ends with the name */
		if (cl < nl || strcmp(r->chain + cl - nl, r->name))
			abort();
		if (iomem_find(&io, r->start, r->end, &k) != IOMEM_CONTAINED ||
		    k >= io.n)
			abort();
		f = &io.res[k];
		if (f->start > r->start || f->end < r->end)
			abort();
	}
	iomem_free(&io);
	return 0;
}
