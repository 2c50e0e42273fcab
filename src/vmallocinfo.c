/*
 * vmallocinfo.c - turns the text of /proc/vmallocinfo into areas.
 *
 *   0xffffc900...-0xffffc900... 20480 map_irq_stack+0x93/0xe0 pages=4 vmalloc N0=4
 *   0x...-0x...   8192 acpi_os_map_iomem+0x1ac/0x1e0 phys=0x00000000fed00000 ioremap
 *   0x...-0x...  12288 unpurged vm_area
 *   0x...-0x...  8192 vm_map_ram
 *
 * Field by field, across kernels: phys= with or without 0x (before and
 * after 4.11), callers as symbol+off/len, bare hex, or with "[module]";
 * type words in the kernel's order. It never opens files, prints, exits or
 * allocates.
 */
#include "vmallocinfo.h"

#include <string.h>

static const char *const type_names[VT_COUNT] = {
	[VT_IOREMAP] = "ioremap",
	[VT_VMALLOC] = "vmalloc",
	[VT_VMAP] = "vmap",
	[VT_USER] = "user",
	[VT_VPAGES] = "vpages",
	[VT_VM_MAP_RAM] = "vm_map_ram",
	[VT_DMA_COHERENT] = "dma-coherent",
	[VT_UNPURGED] = "unpurged",
	[VT_OTHER] = "other",
};

/* strlen of each name; the text may hold NUL bytes, so names are
 * compared by length and memcmp, never by str* functions */
static const unsigned char type_len[VT_COUNT] = {
	[VT_IOREMAP] = 7,	[VT_VMALLOC] = 7,  [VT_VMAP] = 4,
	[VT_USER] = 4,		[VT_VPAGES] = 6,   [VT_VM_MAP_RAM] = 10,
	[VT_DMA_COHERENT] = 12, [VT_UNPURGED] = 8, [VT_OTHER] = 5,
};

const char *vm_type_name(enum vm_type t)
{
	return (unsigned)t < VT_COUNT ? type_names[t] : "?";
}

static int type_lookup(const char *s, size_t n)
{
	/* every name is 4 to 12 bytes long: most words (callers, pages=,
	 * N0=) are ruled out by their length or first byte */
	if (n < 4 || n > 12)
		return -1;
	for (int t = 0; t < VT_COUNT; t++)
		if (type_names[t][0] == s[0] && type_len[t] == n &&
		    !memcmp(type_names[t], s, n))
			return t;
	return -1;
}

int vm_type_parse_list(const char *list, unsigned *mask, struct kerr *err)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int t = type_lookup(p, n);
		if (t < 0) {
			kerr_set(
				err,
				"unknown type '%.*s' (ioremap, vmalloc, vmap, user, vpages, vm_map_ram, dma-coherent, unpurged, other)",
				(int)(n > 64 ? 64 : n), p);
			return -1;
		}
		*mask |= 1u << t;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*mask) {
		kerr_set(err, "empty type list");
		return -1;
	}
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Hex digit value + 1, 0 for anything else: one load per digit. */
static const unsigned char hex_digit1[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,
	['6'] = 7,  ['7'] = 8,	['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* Hex digits (with an optional 0x) from [*pp, end), at most 16 of them. */
static bool parse_hex(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp, *lim;
	uint64_t v = 0;
	unsigned d;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	lim = end - p > 16 ? p + 16 : end;
	if (p >= lim || !hex_digit1[(unsigned char)*p])
		return false;
	while (p < lim && (d = hex_digit1[(unsigned char)*p]) != 0) {
		v = (v << 4) | (d - 1);
		p++;
	}
	if (p < end && hex_digit1[(unsigned char)*p])
		return false; /* more than 16 digits */
	*pp = p;
	*out = v;
	return true;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && !memcmp(s, prefix, k);
}

/* Parse one line; false when it is not an area. */
static bool parse_line(const char *s, size_t n, struct vm_area *a)
{
	const char *p = s, *end = s + n, *tok;
	size_t tl;

	memset(a, 0, sizeof(*a));
	/* ADDR-ADDR */
	if (!parse_hex(&p, end, &a->start) || p >= end || *p != '-')
		return false;
	p++;
	if (!parse_hex(&p, end, &a->end) || (p < end && !is_blank(*p)))
		return false;
	/* size */
	if (!parse_u64(&p, end, &a->size) || (p < end && !is_blank(*p)))
		return false;

	a->type = VT_OTHER;
	bool have_type = false, first = true;
	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p >= end)
			break;
		tok = p;
		while (p < end && !is_blank(*p))
			p++;
		tl = (size_t)(p - tok);

		int t = type_lookup(tok, tl);
		if (t >= 0 && t != VT_UNPURGED && t != VT_OTHER) {
			a->types |= 1u << t;
			if (!have_type) {
				a->type = (enum vm_type)t;
				have_type = true;
			}
		} else if (first && tl == 8 && !memcmp(tok, "unpurged", 8)) {
			a->type = VT_UNPURGED;
			a->types |= 1u << VT_UNPURGED;
			have_type = true;
		} else if (starts(tok, tl, "pages=")) {
			const char *q = tok + 6;
			a->have_pages = parse_u64(&q, p, &a->pages) && q == p;
		} else if (starts(tok, tl, "phys=")) {
			const char *q = tok + 5;
			a->have_phys = parse_hex(&q, p, &a->phys) && q == p;
		} else if (tl > 2 && tok[0] == '[' && tok[tl - 1] == ']') {
			a->module = tok + 1;
			a->module_len = tl - 2;
		} else if (first) {
			/* the caller: symbol+0xoff/0xlen, symbol, or 0xaddr */
			const char *plus = memchr(tok, '+', tl);
			a->caller = tok;
			a->caller_len =
				plus && plus > tok ? (size_t)(plus - tok) : tl;
		}
		/* N0=, vm_area after unpurged, vendor words: ignored */
		first = false;
	}
	return true;
}

size_t vmallocinfo_parse(const char *text, size_t len, size_t first_line,
			 vm_area_fn fn, void *ctx, struct vm_parse_stats *st)
{
	const char *pos = text, *end = text + len, *line;
	size_t n, lineno = first_line;
	struct vm_area a;

	while ((line = text_next_line(&pos, end, &n))) {
		const char *p = line;
		size_t ln = lineno++;

		while (p < line + n && is_blank(*p))
			p++;
		if (p == line + n)
			continue;
		if (!parse_line(p, (size_t)(line + n - p), &a)) {
			if (!st->skipped)
				st->first_skipped = ln;
			st->skipped++;
			continue;
		}
		a.line = ln;
		st->areas++;
		fn(&a, ctx);
	}
	return lineno - first_line;
}
