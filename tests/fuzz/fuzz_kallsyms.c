/*
 * fuzz_kallsyms.c - the kallsyms parser never fails; no more symbols
 * and skipped lines than lines; symbols sorted by address, each with a
 * name and no tab, newline or space in it or its module; each symbol's
 * own address is named by a symbol at that address unless every address
 * was hidden (and then by its number).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kallsyms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kallsyms k = { 0 };
	struct sbuf b = { 0 };
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	kallsyms_parse((const char *)data, size, &k);
	if (k.n + k.skipped > lines)
		abort();
	for (size_t i = 0; i < k.n; i++) {
		const char *name = k.text + k.s[i].name;

		if (i && k.s[i - 1].addr > k.s[i].addr)
			abort();
		if (!*name || strpbrk(name, "\t\n "))
			abort();
		if (k.s[i].mod != SIZE_MAX &&
		    (!k.text[k.s[i].mod] ||
		     strpbrk(k.text + k.s[i].mod, "\t\n []")))
			abort();
		sbuf_reset(&b);
		if (kallsyms_name(&k, k.s[i].addr, &b) == k.hidden)
			abort();
		if (!k.hidden && !strstr(b.s, "+0x0"))
			abort();
	}
	kallsyms_free(&k);
	sbuf_free(&b);
	return 0;
}
