/*
 * util.c - layer 0 helpers: allocation, string buffers, error messages,
 * integer parsing and the sanitizer every untrusted string goes through
 * before it reaches a terminal or a file.
 *
 * It must not include curses, json-c or anything from a higher layer.
 */
#include "util.h"

#include <math.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

static void (*oom_hook)(void);

void util_set_oom_hook(void (*hook)(void))
{
	oom_hook = hook;
}

static void die_oom(size_t n)
{
	if (oom_hook)
		oom_hook();
	fprintf(stderr, "kmemtop: out of memory (allocating %zu bytes)\n", n);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void xgrow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap;
	if (need <= c)
		return;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elem)
			die_oom(SIZE_MAX);
		c *= 2;
	}
	*p = xrealloc(*p, c * elem);
	*cap = c;
}

void kerr_set(struct kerr *e, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void sbuf_need(struct sbuf *b, size_t extra)
{
	xgrow((void **)&b->s, &b->cap, b->len + extra + 1, 1);
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_need(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_need(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void sbuf_fill(struct sbuf *b, char c, size_t n)
{
	if (!n)
		return;
	sbuf_need(b, n);
	memset(b->s + b->len, c, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	sbuf_need(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

bool parse_u64(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	/* 19 digits always fit in 64 bits: check for overflow only past
	 * them (a division per digit was most of this function's time) */
	for (int n = 0; p < end && *p >= '0' && *p <= '9'; n++, p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (n < 19) {
			v = v * 10 + d;
		} else if (__builtin_mul_overflow(v, 10, &v) ||
			   __builtin_add_overflow(v, d, &v)) {
			return false;
		}
	}
	*pp = p;
	*out = v;
	return true;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. Sets
 * *cp to the code point. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, past U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

size_t utf8_seq_len(const char *s, size_t n, uint32_t *cp)
{
	return n ? utf8_seq((const unsigned char *)s, n, cp) : 0;
}

bool sanitize_is_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f)
			return false;
	}
	return true;
}

/* Cells of code point cp as flags show it, or -1: escape it. */
static int cp_cells(uint32_t cp, unsigned flags)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	if (cp < 0x80)
		return 1;
	if (flags & SAN_ASCII)
		return -1;
	if (flags & SAN_WIDE)
		return wcwidth((wchar_t)cp);
	return 1;
}

size_t sanitize_fit(struct sbuf *out, const char *s, size_t n, unsigned flags,
		    size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, cells = 0;

	if (sanitize_is_clean(s, n)) {
		n = n < max ? n : max;
		sbuf_add(out, s, n);
		return n;
	}
	while (i < n) {
		uint32_t cp = 0;
		size_t len = utf8_seq(u + i, n - i, &cp);
		int w = len ? cp_cells(cp, flags) : -1;

		if (w >= 0) {
			if (cells + (size_t)w > max)
				break;
			sbuf_add(out, s + i, len);
			cells += (size_t)w;
			i += len;
			continue;
		}
		/* escaped a byte at a time: \xHH */
		for (size_t k = 0, m = len ? len : 1; k < m; k++) {
			if (cells + 4 > max)
				return cells;
			sbuf_addf(out, "\\x%02x", u[i + k]);
			cells += 4;
		}
		i += len ? len : 1;
	}
	return cells;
}

/* Cells of the raw unit (a code point, or a byte to escape) at u[0..n)
 * as sanitize writes it; its bytes in *len. */
static size_t unit_cells(const unsigned char *u, size_t n, unsigned flags,
			 size_t *len)
{
	uint32_t cp = 0;
	size_t l = utf8_seq(u, n, &cp);
	int w = l ? cp_cells(cp, flags) : -1;

	*len = l ? l : 1;
	return w >= 0 ? (size_t)w : 4 * *len;
}

size_t sanitize_middle(struct sbuf *out, const char *s, size_t n,
		       unsigned flags, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *mark = flags & SAN_ASCII ? "~" : "\xe2\x80\xa6";
	size_t total = 0, len, head, tail, pre = 0, i = 0, cells;

	for (size_t k = 0; k < n; k += len)
		total += unit_cells(u + k, n - k, flags, &len);
	if (total <= max || max < 3)
		return sanitize_fit(out, s, n, flags, max);
	tail = max - 1 - (max - 1) / 2;
	/* the end: from the first unit boundary after which it fits; the
	 * start gets what it leaves (a wide character cut off either side
	 * costs a cell once) */
	while (i < n && total - pre > tail) {
		pre += unit_cells(u + i, n - i, flags, &len);
		i += len;
	}
	head = max - 1 - (total - pre);
	cells = sanitize_fit(out, s, n, flags, head);
	sbuf_add(out, mark, strlen(mark));
	return cells + 1 + sanitize(out, s + i, n - i, flags);
}

size_t sanitize(struct sbuf *out, const char *s, size_t n, unsigned flags)
{
	return sanitize_fit(out, s, n, flags, SIZE_MAX);
}

size_t text_fit(const char *s, size_t n, unsigned flags, size_t max,
		size_t *cells)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, c = 0;

	while (i < n) {
		uint32_t cp = 0;
		size_t len = utf8_seq(u + i, n - i, &cp);
		int w = len ? cp_cells(cp, flags) : 1;

		if (!len)
			len = 1;
		if (w < 0)
			w = 1;
		if (c + (size_t)w > max)
			break;
		c += (size_t)w;
		i += len;
	}
	*cells = c;
	return i;
}

double now_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void format_scaled(double v, bool bytes, char *buf, size_t n)
{
	static const char *const unit[] = { "", "K", "M", "G", "T" };
	int u = 0;

	if (!bytes) {
		snprintf(buf, n, v >= 1e7 || v <= -1e7 ? "%.3g" : "%.0f", v);
		return;
	}
	while ((v >= 1024 || v <= -1024) && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, n, v == (double)(long long)v ? "%.0f%s" : "%.1f%s", v,
		 unit[u]);
}

const char *text_next_line(const char **pos, const char *end, size_t *len)
{
	const char *s = *pos, *nl;
	size_t n;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(end - s));
	n = nl ? (size_t)(nl - s) : (size_t)(end - s);
	*pos = nl ? nl + 1 : end;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	*len = n;
	return s;
}

uint64_t hash_bytes(const char *s, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (uint64_t)n * k, w = 0;
	size_t left = n;

	/* a word at a time, one multiply each; the last bytes as the tail
	 * of one (overlapping) load, the finalizer mixes them all */
	for (; left > 8; s += 8, left -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	if (n >= 8) {
		memcpy(&w, s + left - 8, 8);
		w >>= 8 * (8 - left);
	} else {
		w = 0;
		for (size_t i = 0; i < left; i++)
			w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	}
	return hash_mix(h, w);
}

uint64_t hash_mix(uint64_t h, uint64_t v)
{
	/* a multiply and a shift per word (the finalizer of splitmix64) */
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

void keyindex_reset(struct keyindex *ix)
{
	ix->n = 0;
	ix->nkeys = 0;
	for (size_t i = 0; i < ix->nslots; i++)
		ix->slots[i].head = ix->slots[i].tail = SIZE_MAX;
}

void keyindex_free(struct keyindex *ix)
{
	free(ix->slots);
	free(ix->next);
	free(ix->hash);
	memset(ix, 0, sizeof(*ix));
}

/* Rebuild the slots for nslots from the chains' stored hashes. */
static void keyindex_rehash(struct keyindex *ix, size_t nslots)
{
	struct keyslot *old = ix->slots;
	size_t nold = ix->nslots;

	ix->slots = xmalloc(nslots * sizeof(*ix->slots));
	ix->nslots = nslots;
	for (size_t i = 0; i < nslots; i++)
		ix->slots[i].head = ix->slots[i].tail = SIZE_MAX;
	for (size_t i = 0; i < nold; i++) {
		size_t h;
		if (old[i].head == SIZE_MAX)
			continue;
		h = (size_t)ix->hash[old[i].head] & (nslots - 1);
		while (ix->slots[h].head != SIZE_MAX)
			h = (h + 1) & (nslots - 1);
		ix->slots[h] = old[i];
	}
	free(old);
}

/* The slot of key: holding its chain, or the empty slot it would take. */
static size_t keyindex_slot(const struct keyindex *ix, uint64_t hash,
			    const void *key, keyindex_eq_fn eq,
			    const void *owner)
{
	size_t h = (size_t)hash & (ix->nslots - 1);

	for (;;) {
		size_t j = ix->slots[h].head;
		if (j == SIZE_MAX || (ix->hash[j] == hash && eq(owner, j, key)))
			return h;
		h = (h + 1) & (ix->nslots - 1);
	}
}

size_t keyindex_find(const struct keyindex *ix, uint64_t hash, const void *key,
		     keyindex_eq_fn eq, const void *owner)
{
	if (!ix->nslots)
		return SIZE_MAX;
	return ix->slots[keyindex_slot(ix, hash, key, eq, owner)].head;
}

size_t keyindex_add(struct keyindex *ix, uint64_t hash, const void *key,
		    keyindex_eq_fn eq, const void *owner)
{
	size_t i = ix->n, s;
	struct keyslot *k;

	if (ix->n + 1 > ix->cap) {
		size_t c = ix->cap;
		xgrow((void **)&ix->next, &c, ix->n + 1, sizeof(*ix->next));
		c = ix->cap;
		xgrow((void **)&ix->hash, &c, ix->n + 1, sizeof(*ix->hash));
		ix->cap = c;
	}
	/* at most three quarters full */
	if ((ix->nkeys + 1) * 4 > ix->nslots * 3)
		keyindex_rehash(ix, ix->nslots ? ix->nslots * 2 : 64);
	s = keyindex_slot(ix, hash, key, eq, owner);
	k = &ix->slots[s];
	ix->hash[i] = hash;
	ix->next[i] = SIZE_MAX;
	ix->n++;
	if (k->head != SIZE_MAX) {
		ix->next[k->tail] = i;
		k->tail = i;
		return k->head;
	}
	k->head = k->tail = i;
	ix->nkeys++;
	return i;
}

/* cursor values besides entries: not started yet, and no entry left */
#define KM_FRESH (SIZE_MAX - 1)
#define KM_DONE	 SIZE_MAX

void keymatch_begin(struct keymatch *km, const struct keyindex *ix)
{
	xgrow((void **)&km->cursor, &km->cap, ix->n, sizeof(*km->cursor));
	xgrow((void **)&km->paired, &km->paired_cap, ix->n,
	      sizeof(*km->paired));
	for (size_t i = 0; i < ix->n; i++) {
		km->cursor[i] = KM_FRESH;
		km->paired[i] = false;
	}
}

size_t keymatch_next(struct keymatch *km, const struct keyindex *ix,
		     size_t first)
{
	size_t e;

	if (first == SIZE_MAX)
		return SIZE_MAX;
	e = km->cursor[first] == KM_FRESH ? first : km->cursor[first];
	if (e == KM_DONE)
		return SIZE_MAX;
	km->cursor[first] = ix->next[e] == SIZE_MAX ? KM_DONE : ix->next[e];
	km->paired[e] = true;
	return e;
}

void keymatch_free(struct keymatch *km)
{
	free(km->cursor);
	free(km->paired);
	memset(km, 0, sizeof(*km));
}

size_t arena_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	size_t off = *len;

	xgrow((void **)buf, cap, off + n + 1, 1);
	if (n)
		memcpy(*buf + off, s, n);
	(*buf)[off + n] = '\0';
	*len += n + 1;
	return off;
}

size_t pread_full(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got,
				  (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

uint64_t u64_round(double v)
{
	return v <= 0 ? 0 : v >= 1.8e19 ? UINT64_MAX : (uint64_t)llround(v);
}
