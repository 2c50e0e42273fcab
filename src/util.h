/*
 * util.h - layer 0: allocation that cannot fail, a growable string buffer,
 * error messages, number parsing, the text sanitizer and display widths,
 * string arenas, the one hash table (keyindex) and the clocks.
 *
 * Nothing here knows about /proc, curses or JSON.
 */
#ifndef KMEMTOP_UTIL_H
#define KMEMTOP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: on failure these call the out-of-memory hook (which main sets
 * to restore the terminal) and exit(1). They never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* s[0..n) and a NUL */
char *xstrndup(const char *s, size_t n);
/* Grow *p (holding *cap elements of size elem) to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
void util_set_oom_hook(void (*hook)(void));

/* An error message filled in by a callee; only main turns it into an exit
 * code. */
struct kerr {
	char msg[512];
};
void kerr_set(struct kerr *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable NUL-terminated byte string. Owner frees with sbuf_free. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};
void sbuf_reset(struct sbuf *b);
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_addc(struct sbuf *b, char c);
/* n copies of c (padding). */
void sbuf_fill(struct sbuf *b, char c, size_t n);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void sbuf_free(struct sbuf *b);

/* Parse a decimal unsigned integer of at most 64 bits from [*p, end).
 * Leading blanks are skipped. On success *p points past the digits and
 * true is returned; false for no digits or a value past UINT64_MAX. */
bool parse_u64(const char **p, const char *end, uint64_t *out);

/* Sanitizing untrusted text (cache names, process names, captured files).
 * Control characters (C0, DEL, C1) and bytes that are not valid UTF-8 are
 * written as visible "\xHH" escapes (4 cells each). The result never
 * holds a terminal control byte. flags say what the text is shown on:
 * - 0: data (metrics labels): every other code point is kept, one cell
 *   each;
 * - SAN_WIDE: a terminal in a UTF-8 locale: a code point the locale
 *   gives no width (wcwidth < 0: unassigned, or a control) is escaped
 *   too, and cells count wcwidth (2 for a CJK character, 0 for a
 *   combining mark);
 * - SAN_ASCII: a terminal in any other locale: every byte outside ASCII
 *   is escaped.
 * Returns the cells written. */
enum { SAN_WIDE = 1, SAN_ASCII = 2 };
size_t sanitize(struct sbuf *out, const char *s, size_t n, unsigned flags);
/* The same, stopping before the text would take more than max cells
 * (an escape is never cut). Returns the cells written. */
size_t sanitize_fit(struct sbuf *out, const char *s, size_t n, unsigned flags,
		    size_t max);
/* The same, shortened in the middle to at most max cells when it takes
 * more: its start, a mark ("…", or "~" for SAN_ASCII) and its end, the
 * end getting the larger half (names differ at their ends as often as
 * at their starts: "kmalloc-…-192"). An escape is never cut. Returns
 * the cells written. */
size_t sanitize_middle(struct sbuf *out, const char *s, size_t n,
		       unsigned flags, size_t max);
/* Of sanitized text s[0..n): the bytes of the longest start that takes
 * at most max cells, and in *cells the cells it takes. */
size_t text_fit(const char *s, size_t n, unsigned flags, size_t max,
		size_t *cells);
/* True when s[0..n) needs no escaping at all (the common case). */
bool sanitize_is_clean(const char *s, size_t n);

/* The length of the valid UTF-8 sequence at s[0..n) (1 to 4; 1 for an
 * ASCII byte), or 0 when the byte at s starts none. *cp gets the code
 * point. */
size_t utf8_seq_len(const char *s, size_t n, uint32_t *cp);

/* A value for an axis or a label, short: bytes in K, M, G, T (powers of
 * 1024; one decimal when not whole), other numbers whole, or with three
 * significant digits from 10 million on. */
void format_scaled(double v, bool bytes, char *buf, size_t n);

/* Line iteration over [*pos, end): returns the next line without its
 * "\n" (and without a "\r" before it), or NULL at the end. */
const char *text_next_line(const char **pos, const char *end, size_t *len);

/* Append s[0..n) and a NUL to the arena *buf (length *len, capacity
 * *cap); returns the offset of the copy. */
size_t arena_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n);

/* A hash of n bytes, a word at a time: the hash of the name tables. */
uint64_t hash_bytes(const char *s, size_t n);
/* h mixed with v: for keys made of numbers and names. */
uint64_t hash_mix(uint64_t h, uint64_t v);
/* a[0..n) == b[0..n): memcmp for the short keys of the hash tables,
 * without a call into the C library per key. */
static inline bool bytes_eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y;

	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	for (size_t i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

/* An index of keys to entries 0, 1, 2, ... (added in that order), the
 * one hash table of every model: cache names, vmalloc groups and areas,
 * processes. It stores no keys: the owner compares an entry with a key
 * through eq. Entries of equal keys are chained in order, so the k-th
 * entry of a key in one reading can be paired with the k-th in the
 * previous one (two caches with one name, vmalloc areas whose addresses
 * the kernel hides). */
struct keyslot {
	size_t head, tail; /* first and last entry of a key; SIZE_MAX */
};
struct keyindex {
	struct keyslot *slots;
	size_t nslots; /* power of two */
	size_t *next;  /* entry i -> next entry of its key, or SIZE_MAX */
	uint64_t *hash;
	size_t n, cap;
	size_t nkeys; /* distinct keys */
};
/* Does entry i of the owner's data have key? */
typedef bool (*keyindex_eq_fn)(const void *owner, size_t i, const void *key);

void keyindex_reset(struct keyindex *ix);
void keyindex_free(struct keyindex *ix);
/* Add entry ix->n with this key; returns the first entry of the key
 * (the entry itself when the key is new). */
size_t keyindex_add(struct keyindex *ix, uint64_t hash, const void *key,
		    keyindex_eq_fn eq, const void *owner);
/* The first entry of key, or SIZE_MAX. */
size_t keyindex_find(const struct keyindex *ix, uint64_t hash, const void *key,
		     keyindex_eq_fn eq, const void *owner);

/* Pairing the entries of a reading with those of an indexed one: for
 * each entry in order, keymatch_next takes the next unpaired entry of
 * the same key (first with first, second with second). */
struct keymatch {
	size_t *cursor; /* first entry -> next unpaired one */
	size_t cap;
	bool *paired; /* entries of the index that were taken */
	size_t paired_cap;
};
void keymatch_begin(struct keymatch *km, const struct keyindex *ix);
/* first: keyindex_find's answer for the key (SIZE_MAX: none). Returns
 * the paired entry, or SIZE_MAX when the key has no entry left. */
size_t keymatch_next(struct keymatch *km, const struct keyindex *ix,
		     size_t first);
void keymatch_free(struct keymatch *km);

/* pread all of n bytes at off (fewer only at the end of the file, or on
 * an error); the count. */
size_t pread_full(int fd, void *buf, size_t n, uint64_t off);

/* Seconds since the epoch and a monotonic clock, as doubles. */
double now_wall(void);
/* A rate (or any count per second) as a whole count, for the count
 * formats: rounded, 0 below 0, UINT64_MAX past it. */
uint64_t u64_round(double v);
double now_mono(void);

#endif
