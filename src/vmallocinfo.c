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

const char *vm_type_name(enum vm_type t)
{
	return (unsigned)t < VT_COUNT ? type_names[t] : "?";
}

/* s[0..n) is the literal lit: a comparison the compiler inlines */
#define WORD_IS(s, n, lit) \
	((n) == sizeof(lit) - 1 && !memcmp((s), (lit), sizeof(lit) - 1))

static inline __attribute__((always_inline)) int type_lookup(const char *s,
							     size_t n)
{
	/* by length, then compared whole: comparisons of known lengths,
	 * which the compiler makes a load or two */
	switch (n) {
	case 4:
		return WORD_IS(s, n, "vmap")   ? VT_VMAP
		       : WORD_IS(s, n, "user") ? VT_USER
					       : -1;
	case 5:
		return WORD_IS(s, n, "other") ? VT_OTHER : -1;
	case 6:
		return WORD_IS(s, n, "vpages") ? VT_VPAGES : -1;
	case 7:
		return WORD_IS(s, n, "vmalloc")	  ? VT_VMALLOC
		       : WORD_IS(s, n, "ioremap") ? VT_IOREMAP
						  : -1;
	case 8:
		return WORD_IS(s, n, "unpurged") ? VT_UNPURGED : -1;
	case 10:
		return WORD_IS(s, n, "vm_map_ram") ? VT_VM_MAP_RAM : -1;
	case 12:
		return WORD_IS(s, n, "dma-coherent") ? VT_DMA_COHERENT : -1;
	default:
		return -1;
	}
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

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The 8 bytes at p as a little-endian word. */
static inline uint64_t load8(const char *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
	return x;
}

/* Hex digit value + 1, 0 for anything else: one load per digit. */
static const unsigned char hex_digit1[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,
	['6'] = 7,  ['7'] = 8,	['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* 8 hex digits at p, 8 bytes at a time: a byte is checked to be 0-9,
 * a-f or A-F and turned into its nibble with word arithmetic (no table,
 * no branch a digit). False when one is not a hex digit. */
static inline __attribute__((always_inline)) bool hex8(const char *p,
						       uint32_t *out)
{
	uint64_t x = load8(p), lo, digit, alpha, v;

	if (x & HIGHS)
		return false;
	/* per byte: (b | 0x80) - n keeps its top bit exactly when b >= n */
	digit = ((x | HIGHS) - 0x30 * ONES) & ~((x | HIGHS) - 0x3a * ONES) &
		HIGHS;
	lo = x | 0x20 * ONES; /* letters to lower case; digits stay */
	alpha = ((lo | HIGHS) - 0x61 * ONES) & ~((lo | HIGHS) - 0x67 * ONES) &
		HIGHS;
	if ((digit | alpha) != HIGHS)
		return false;
	/* nibbles: the low four bits, plus 9 for a letter (bit 6 set) */
	v = (x & 0x0f * ONES) + 9 * ((x >> 6) & ONES);
	/* pack: the first byte is the most significant digit */
	v = ((v & 0x000f000f000f000fULL) << 4) |
	    ((v & 0x0f000f000f000f00ULL) >> 8);
	v = ((v & 0x000000ff000000ffULL) << 8) |
	    ((v & 0x00ff000000ff0000ULL) >> 16);
	*out = (uint32_t)(((v & 0xffff) << 16) | ((v >> 32) & 0xffff));
	return true;
}

/* Are the 8 bytes at p hex digits? (hex8's check without the value.) */
static inline __attribute__((always_inline)) bool is_hex8(const char *p)
{
	uint64_t x = load8(p), lo = x | 0x20 * ONES;

	return !(x & HIGHS) &&
	       ((((x | HIGHS) - 0x30 * ONES) & ~((x | HIGHS) - 0x3a * ONES) &
		 HIGHS) |
		(((lo | HIGHS) - 0x61 * ONES) & ~((lo | HIGHS) - 0x67 * ONES) &
		 HIGHS)) == HIGHS;
}

static bool is_hex(char c)
{
	return hex_digit1[(unsigned char)c] != 0;
}

/* Hex digits (with an optional 0x) from p on, at most 16 of them; the
 * position after them, or NULL. The widths the kernel prints (16 digits,
 * 8 on 32-bit machines) go 8 at a time; others digit by digit. */
static const char *scan_hex(const char *p, const char *end, uint64_t *out)
{
	const char *lim;
	uint64_t v = 0;
	uint32_t hi, lo;
	unsigned d;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (end - p >= 16 && (end - p == 16 || !is_hex(p[16])) &&
	    hex8(p, &hi) && hex8(p + 8, &lo)) {
		*out = (uint64_t)hi << 32 | lo;
		return p + 16;
	}
	if (end - p >= 8 && (end - p == 8 || !is_hex(p[8])) && hex8(p, &lo)) {
		*out = lo;
		return p + 8;
	}
	lim = end - p > 16 ? p + 16 : end;
	if (p >= lim || !hex_digit1[(unsigned char)*p])
		return NULL;
	while (p < lim && (d = hex_digit1[(unsigned char)*p]) != 0) {
		v = (v << 4) | (d - 1);
		p++;
	}
	if (p < end && hex_digit1[(unsigned char)*p])
		return NULL; /* more than 16 digits */
	*out = v;
	return p;
}

/* Decimal digits from p on, no sign; the position after them, or NULL.
 * Up to 19 digits need no overflow check; more go through parse_u64.
 * (A word-at-a-time conversion measured no faster here, where the
 * digits' place is not known; size_at_38 converts the size that way
 * where it is.) */
static inline __attribute__((always_inline)) const char *
scan_dec(const char *p, const char *end, uint64_t *out)
{
	const char *q = p;
	uint64_t v = 0;

	while (q < end && (unsigned)(*q - '0') < 10 && q - p < 19) {
		v = v * 10 + (uint64_t)(*q - '0');
		q++;
	}
	if (q == p)
		return NULL;
	if (q < end && (unsigned)(*q - '0') < 10) {
		/* long: with overflow checks */
		return parse_u64(&p, end, out) ? p : NULL;
	}
	*out = v;
	return q;
}

/* The first byte at or after p that is not blank (or end): a run of
 * spaces (the size field is right-aligned) a word at a time. */
static inline const char *skip_blanks(const char *p, const char *end)
{
	/* most fields are one space apart */
	if (p < end && *p == ' ')
		p++;
	if (p < end && *p == ' ' && end - p >= 8) {
		uint64_t y = load8(p) ^ (' ' * ONES);
		/* bytes that are not spaces */
		uint64_t m = (((y & ~HIGHS) + ~HIGHS) | y) & HIGHS;

		p += m ? __builtin_ctzll(m) >> 3 : 8;
	}
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/* Bytes at or below ' ' in the word x: the lowest set top bit is the
 * first such byte (a borrow only runs upward from a true one). */
static inline uint64_t le_space(uint64_t x)
{
	return (x - 0x21 * ONES) & ~x & HIGHS;
}

/* Is c (at most ' ') a field separator: a blank or the newline? */
static inline bool ends_word(unsigned char c)
{
	return (1ULL << ' ' | 1ULL << '\t' | 1ULL << '\r' | 1ULL << '\n') >> c &
	       1;
}

/* The end of the word at p: the first blank or newline after it (or
 * end). Eight bytes at a time: another control byte is part of the
 * word. */
static inline const char *word_end(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t x = load8(p), m = le_space(x);

		if (m) {
			/* the byte from the word, not loaded again */
			unsigned bit = (unsigned)__builtin_ctzll(m) - 7;

			p += bit >> 3;
			if (ends_word((unsigned char)(x >> bit)))
				return p;
			p++; /* a control byte inside the word */
			continue;
		}
		p += 8;
	}
	while (p < end &&
	       ((unsigned char)*p > ' ' || !ends_word((unsigned char)*p)))
		p++;
	return p;
}

/* The first word at p: its end (as word_end) and *plus, its first '+'
 * (or NULL), in the same pass: the caller is symbol+0xoff/0xlen. */
static inline const char *caller_end(const char *p, const char *end,
				     const char **plus)
{
	*plus = NULL;
	while (end - p >= 8) {
		uint64_t x = load8(p), y = x ^ ('+' * ONES);
		uint64_t m = le_space(x) | ((y - ONES) & ~y & HIGHS);

		if (m) {
			unsigned bit = (unsigned)__builtin_ctzll(m) - 7;
			unsigned char c = (unsigned char)(x >> bit);

			p += bit >> 3;
			if (c == '+') {
				*plus = p;
				return word_end(p, end);
			}
			if (ends_word(c))
				return p;
			p++; /* a control byte inside the word */
			continue;
		}
		p += 8;
	}
	for (; p < end; p++) {
		if (*p == '+') {
			*plus = p;
			return word_end(p, end);
		}
		if ((unsigned char)*p <= ' ' && ends_word((unsigned char)*p))
			return p;
	}
	return p;
}

/* What a word after the size is, by its first byte and length. */
static inline int word_type(const char *w, size_t n)
{
	switch (w[0]) {
	case 'i':
	case 'v':
	case 'u':
	case 'd':
		return type_lookup(w, n);
	default:
		return -1;
	}
}

/* "0x" and 16 hex digits, "-", the same, a blank: the range as a
 * 64-bit kernel prints it, checked without reading its values. */
static inline __attribute__((always_inline)) bool range_shape(const char *p,
							      const char *end)
{
	return end - p > 38 && p[0] == '0' && p[1] == 'x' && p[18] == '-' &&
	       p[19] == '0' && p[20] == 'x' && is_blank(p[37]) &&
	       is_hex8(p + 2) && is_hex8(p + 10) && is_hex8(p + 21) &&
	       is_hex8(p + 29);
}

/* The top bit of each byte of x that is zero (exactly: no borrows). */
static inline uint64_t zero_bytes(uint64_t x)
{
	return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
}

/* The size field where a 64-bit kernel prints it, " %7ld" after the
 * range: at p[38..44], right-aligned, then a blank at p[45]. Read and
 * checked from its fixed place, so the fields after it can be looked
 * for before it is converted. False when it is not there (8 or more
 * digits, a 32-bit kernel, another layout): then it is scanned. */
static inline bool size_at_38(const char *p, const char *end, uint64_t *out)
{
	uint64_t x, dg, sp, want;
	unsigned f;

	if (end - p < 46)
		return false;
	x = load8(p + 38);
	dg = ((x | HIGHS) - 0x30 * ONES) & ~((x | HIGHS) - 0x3a * ONES) & ~x &
	     HIGHS;
	sp = zero_bytes(x ^ (' ' * ONES));
	if (!(dg & 0x0080808080808080ULL))
		return false;
	/* spaces, then digits to byte 6, then a space */
	f = (unsigned)__builtin_ctzll(dg) >> 3;
	want = (0x0080808080808080ULL >> (8 * f)) << (8 * f);
	if (dg != want || sp != (~want & HIGHS))
		return false;
	/* the digits' values; the spaces before them zeros; byte 6 to
	 * the lowest place: pairs, fours, eights combined */
	x = (x & ((dg >> 7) * 0x0f)) << 8;
	x = (x * 10 + (x >> 8)) & 0x00ff00ff00ff00ffULL;
	x = (x * 100 + (x >> 16)) & 0x0000ffff0000ffffULL;
	*out = (x * 10000 + (x >> 32)) & 0xffffffffULL;
	return true;
}

/* Does the field that ends at p end there (a blank, the line's end)? */
static bool field_ends(const char *p, const char *end)
{
	return p >= end || is_blank(*p) || *p == '\n';
}

enum line_kind { LINE_AREA, LINE_EMPTY, LINE_OTHER };

/* Parse the line at s, which ends at the first newline or at end. *eol
 * gets its end (the newline or end): lines are found while they are
 * parsed, in the same pass. */
static enum line_kind parse_line(const char *s, const char *end,
				 struct vm_area *a, unsigned flags,
				 const char **eol)
{
	const char *p = skip_blanks(s, end), *tok, *q, *plus = NULL;
	bool have_type = false, first = true;
	size_t tl;

	if (p >= end || *p == '\n') {
		*eol = p;
		return LINE_EMPTY;
	}
	/* field by field: a memset of the whole is a slow string store */
	a->start = a->end = a->size = a->pages = a->phys = 0;
	a->caller = a->module = NULL;
	a->caller_len = a->module_len = 0;
	a->have_pages = a->have_phys = false;
	a->types = 0;
	/* ADDR-ADDR */
	if ((flags & VM_PARSE_NO_RANGE) && range_shape(p, end)) {
		if (size_at_38(p, end, &a->size)) {
			p += 45;
			goto words;
		}
		p += 37;
	} else {
		p = scan_hex(p, end, &a->start);
		if (!p || p >= end || *p != '-')
			goto other;
		p = scan_hex(p + 1, end, &a->end);
		if (!p || p >= end || !is_blank(*p))
			goto other;
	}
	/* size */
	p = scan_dec(skip_blanks(p, end), end, &a->size);
	if (!p || !field_ends(p, end))
		goto other;
words:
	a->type = VT_OTHER;
	for (;; first = false) {
		int t;

		tok = skip_blanks(p, end);
		if (tok >= end || *tok == '\n') {
			*eol = tok;
			return LINE_AREA;
		}
		if (first) {
			p = caller_end(tok, end, &plus);
		} else {
			p = word_end(tok, end);
		}
		tl = (size_t)(p - tok);

		switch (tok[0]) {
		case 'p':
			if (tl > 6 && !memcmp(tok, "pages=", 6)) {
				/* to the line's end: the word's end is no
				 * digit, so the digits end at or before it */
				q = scan_dec(tok + 6, end, &a->pages);
				a->have_pages = q == p;
				continue;
			}
			if (tl > 5 && !memcmp(tok, "phys=", 5)) {
				q = scan_hex(tok + 5, p, &a->phys);
				a->have_phys = q == p;
				continue;
			}
			break;
		case 'N':
			/* N0=4: pages on a NUMA node */
			if (tl > 2 && (unsigned)(tok[1] - '0') < 10)
				continue;
			break;
		case '[':
			if (tl > 2 && tok[tl - 1] == ']') {
				a->module = tok + 1;
				a->module_len = tl - 2;
				continue;
			}
			break;
		}
		t = word_type(tok, tl);
		if (t >= 0 && t != VT_UNPURGED && t != VT_OTHER) {
			a->types |= 1u << t;
			if (!have_type) {
				a->type = (enum vm_type)t;
				have_type = true;
			}
		} else if (first && t == VT_UNPURGED) {
			a->type = VT_UNPURGED;
			a->types |= 1u << VT_UNPURGED;
			have_type = true;
		} else if (first) {
			/* the caller: symbol+0xoff/0xlen, symbol, or 0xaddr */
			a->caller = tok;
			a->caller_len =
				plus && plus > tok ? (size_t)(plus - tok) : tl;
		}
		/* vm_area after unpurged, vendor words: ignored */
	}
other:
	q = memchr(s, '\n', (size_t)(end - s));
	*eol = q ? q : end;
	return LINE_OTHER;
}

size_t vmallocinfo_parse(const char *text, size_t len, size_t first_line,
			 vm_area_fn fn, void *ctx, struct vm_parse_stats *st)
{
	return vmallocinfo_parse_ex(text, len, first_line, 0, fn, ctx, st);
}

/* ---- lines seen before ------------------------------------------------
 *
 * After the range, the lines of a big vmallocinfo repeat: a thread stack
 * per thread ("  20480 alloc_thread_stack_node+0x84/0x1a0 pages=4
 * vmalloc N0=4"), the unpurged areas. When the range is not wanted
 * (grouping), a line whose text after the range equals one parsed a
 * moment ago is not parsed again: its area is that one's, its pointers
 * moved to the line. Lines are compared a word at a time through the
 * remembered one's newline, so a line that differs in any byte is
 * parsed. A few sets of a few lines, chosen by the size field and the
 * first word, on the stack of one parse call, which stops looking when
 * its first lines do not repeat.
 */
#define MEMO_SETS 8
#define MEMO_WAYS 4
#define MEMO_TEXT 96 /* longest text remembered, from the range's end */
/* After this many lines, fewer than an eighth of them repeated: the rest
 * of the text is parsed line by line, without looking. */
#define MEMO_TRIAL 1024

struct memo_line {
	size_t len; /* bytes from p + 37 through the newline; 0: empty */
	size_t caller_off, module_off; /* from the line's start */
	struct vm_area a;
	char text[MEMO_TEXT];
};

struct memo {
	struct memo_line line[MEMO_SETS][MEMO_WAYS];
	unsigned char next[MEMO_SETS]; /* the way to replace */
};

/* The set of the line at p: by its size field and its first word. */
static inline unsigned memo_set(const char *p)
{
	uint64_t h = (load8(p + 38) ^ (load8(p + 46) * 0x9e3779b97f4a7c15ULL)) *
		     0xbf58476d1ce4e5b9ULL;

	return (unsigned)(h >> 61);
}

/* Is the text at p (up to end) the n bytes at t (n >= 8, a line and its
 * newline)? Its last word first: lines that differ do so mostly there
 * (a node's page count), or in their length. */
static inline bool memo_same(const char *p, const char *end, const char *t,
			     size_t n)
{
	uint64_t diff = 0;
	size_t i;

	if ((size_t)(end - p) < n || load8(p + n - 8) != load8(t + n - 8))
		return false;
	for (i = 0; i + 8 < n; i += 8)
		diff |= load8(p + i) ^ load8(t + i);
	return !diff;
}

/* The remembered line equal to the one at p (a range of the usual
 * shape), or NULL. */
static inline struct memo_line *memo_find(struct memo *mo, const char *p,
					  const char *end)
{
	unsigned s;

	if (end - p < 54)
		return NULL;
	s = memo_set(p);
	for (int w = 0; w < MEMO_WAYS; w++) {
		struct memo_line *l = &mo->line[s][w];
		if (l->len && memo_same(p + 37, end, l->text, l->len))
			return l;
	}
	return NULL;
}

/* Remember the area parsed from the line at p, whose newline is eol. */
static void memo_add(struct memo *mo, const char *p, const char *eol,
		     const struct vm_area *a)
{
	size_t n = (size_t)(eol + 1 - (p + 37));
	struct memo_line *l;
	unsigned s;

	if (n > MEMO_TEXT || n < 8 || eol - p < 54)
		return;
	s = memo_set(p);
	l = &mo->line[s][mo->next[s]];
	mo->next[s] = (unsigned char)((mo->next[s] + 1) % MEMO_WAYS);
	memcpy(l->text, p + 37, n);
	l->len = n;
	l->a = *a;
	l->caller_off = a->caller ? (size_t)(a->caller - p) : 0;
	l->module_off = a->module ? (size_t)(a->module - p) : 0;
}

size_t vmallocinfo_parse_ex(const char *text, size_t len, size_t first_line,
			    unsigned flags, vm_area_fn fn, void *ctx,
			    struct vm_parse_stats *st)
{
	const char *pos = text, *end = text + len, *eol;
	size_t lineno = first_line;
	struct vm_area a;
	struct memo *mo = NULL, memo;
	size_t tries = 0, hits = 0;

	if (flags & VM_PARSE_NO_RANGE) {
		mo = &memo;
		for (int s = 0; s < MEMO_SETS; s++) {
			mo->next[s] = 0;
			for (int w = 0; w < MEMO_WAYS; w++)
				mo->line[s][w].len = 0;
		}
	}
	while (pos < end) {
		size_t ln = lineno++;
		bool shaped = mo && range_shape(pos, end);

		if (shaped && ++tries == MEMO_TRIAL && hits < MEMO_TRIAL / 8) {
			/* lines that do not repeat: the rest parsed */
			mo = NULL;
			shaped = false;
		}
		if (shaped) {
			struct memo_line *l = memo_find(mo, pos, end);
			if (l) {
				hits++;
				/* its area, pointing into this line */
				if (l->a.caller)
					l->a.caller = pos + l->caller_off;
				if (l->a.module)
					l->a.module = pos + l->module_off;
				l->a.line = ln;
				st->areas++;
				fn(&l->a, ctx);
				pos += 37 + l->len;
				continue;
			}
		}
		switch (parse_line(pos, end, &a, flags, &eol)) {
		case LINE_AREA:
			a.line = ln;
			st->areas++;
			fn(&a, ctx);
			if (shaped && eol < end)
				memo_add(mo, pos, eol, &a);
			break;
		case LINE_OTHER:
			if (!st->skipped)
				st->first_skipped = ln;
			st->skipped++;
			break;
		case LINE_EMPTY:
			break;
		}
		pos = eol < end ? eol + 1 : end;
	}
	return lineno - first_line;
}
