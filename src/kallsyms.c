/*
 * kallsyms.c - /proc/kallsyms's text symbols, parsed and looked up by
 * address. Lines are "ADDRESS TYPE NAME" and, for a module's symbol,
 * "\t[MODULE]" after the name; only code (types t, T, w, W) is kept.
 * It opens nothing and prints nothing.
 */
#include "kallsyms.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* name[0..n) into the text, NUL-terminated: its offset */
static size_t keep(struct kallsyms *k, const char *name, size_t n)
{
	size_t at = k->len;

	xgrow((void **)&k->text, &k->text_cap, k->len + n + 1, 1);
	memcpy(k->text + at, name, n);
	k->text[at + n] = '\0';
	k->len += n + 1;
	return at;
}

/* One line p[0..end): false when it is malformed. Code symbols are
 * added; others are well-formed and skipped. */
static bool line(struct kallsyms *k, const char *p, const char *end,
		 bool *nonzero)
{
	uint64_t a = 0;
	int digits = 0, d;
	const char *name, *ne, *mod = NULL, *me = NULL;
	char type;

	while (p < end && (d = hexval(*p)) >= 0) {
		if (++digits > 16)
			return false;
		a = a << 4 | (uint64_t)d;
		p++;
	}
	if (!digits || end - p < 3 || p[0] != ' ' || p[2] != ' ')
		return false;
	type = p[1];
	name = p + 3;
	for (ne = name; ne < end && *ne != '\t' && *ne != ' '; ne++)
		;
	if (ne == name || memchr(name, '\0', (size_t)(ne - name)))
		return false;
	if (ne < end) {
		/* "\t[module]" and nothing after it */
		if (end - ne < 4 || ne[0] != '\t' || ne[1] != '[' ||
		    end[-1] != ']')
			return false;
		mod = ne + 2;
		me = end - 1;
		if (me == mod || memchr(mod, ']', (size_t)(me - mod)) ||
		    memchr(mod, '[', (size_t)(me - mod)) ||
		    memchr(mod, ' ', (size_t)(me - mod)) ||
		    memchr(mod, '\t', (size_t)(me - mod)) ||
		    memchr(mod, '\0', (size_t)(me - mod)))
			return false;
	}
	if (!strchr("tTwW", type) || !type)
		return true;
	if (a)
		*nonzero = true;
	xgrow((void **)&k->s, &k->cap, k->n + 1, sizeof(*k->s));
	k->s[k->n].addr = a;
	k->s[k->n].name = keep(k, name, (size_t)(ne - name));
	k->s[k->n].mod = mod ? keep(k, mod, (size_t)(me - mod)) : SIZE_MAX;
	k->n++;
	return true;
}

static int cmp_sym(const void *x, const void *y)
{
	const struct ksym *a = x, *b = y;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	/* the first in the file first: offsets grow with it */
	return a->name < b->name ? -1 : a->name > b->name;
}

void kallsyms_parse(const char *text, size_t len, struct kallsyms *k)
{
	const char *p = text, *end = text + len;
	bool nonzero = false;

	k->n = 0;
	k->len = 0;
	k->skipped = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (le > p && !line(k, p, le, &nonzero))
			k->skipped++;
		p = nl ? nl + 1 : end;
	}
	k->hidden = k->n && !nonzero;
	if (k->n)
		qsort(k->s, k->n, sizeof(*k->s), cmp_sym);
}

bool kallsyms_name(const struct kallsyms *k, uint64_t addr, struct sbuf *out)
{
	size_t lo = 0, hi = k->n;
	const struct ksym *s;

	/* the last symbol at or below addr */
	while (!k->hidden && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->s[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (k->hidden || !lo ||
	    addr - k->s[lo - 1].addr > KALLSYMS_MAX_OFFSET) {
		sbuf_addf(out, "0x%016" PRIx64, addr);
		return false;
	}
	/* of symbols at one address, the first in the file */
	while (lo > 1 && k->s[lo - 2].addr == k->s[lo - 1].addr)
		lo--;
	s = &k->s[lo - 1];
	sbuf_addf(out, "%s+0x%" PRIx64, k->text + s->name, addr - s->addr);
	if (s->mod != SIZE_MAX)
		sbuf_addf(out, " [%s]", k->text + s->mod);
	return true;
}

void kallsyms_free(struct kallsyms *k)
{
	free(k->s);
	free(k->text);
	memset(k, 0, sizeof(*k));
}
