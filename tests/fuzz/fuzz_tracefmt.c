/*
 * fuzz_tracefmt.c - the tracepoint format parser never fails; no more
 * fields and skipped lines than lines; every field named (an identifier,
 * unique), ending within a record, a __data_loc 4 bytes; found again by
 * its name.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tracefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tracefmt t;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	tracefmt_parse((const char *)data, size, &t);
	if (t.n + t.skipped > lines || t.n > TRACEFMT_FIELDS_MAX)
		abort();
	if (strnlen(t.event, sizeof(t.event)) == sizeof(t.event))
		abort();
	for (size_t i = 0; i < t.n; i++) {
		const struct tracefmt_field *f = &t.f[i];

		if (!f->name[0] || strspn(f->name,
					  "abcdefghijklmnopqrstuvwxyz"
					  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					  "0123456789_") != strlen(f->name))
			abort();
		if (!f->size || f->offset + f->size > TRACEFMT_RECORD_MAX)
			abort();
		if (f->data_loc && f->size != 4)
			abort();
		if (tracefmt_find(&t, f->name) != f)
			abort();
	}
	return 0;
}
