/*
 * pagetypeinfo.c - the free blocks per order and migrate type, and the
 * pageblocks per migrate type, of /proc/pagetypeinfo.
 *
 * It never opens files, prints or exits.
 */
#include "pagetypeinfo.h"

#include <string.h>

#include "util.h"
#include "zoneinfo.h"

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* line[0..n) starts with word: the rest */
static const char *after(const char *line, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && !memcmp(line, word, k) ? line + k : NULL;
}

/* The next word of [*p, end) (blanks before it skipped) into out, at
 * most size bytes with its NUL: false when there is none, it is too
 * long or it holds a NUL. */
static bool word(const char **p, const char *end, char *out, size_t size)
{
	const char *w = skip_blanks(*p, end), *q = w;

	while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
		q++;
	if (q == w || (size_t)(q - w) >= size ||
	    memchr(w, '\0', (size_t)(q - w)))
		return false;
	memcpy(out, w, (size_t)(q - w));
	out[q - w] = '\0';
	*p = q;
	return true;
}

/* "VALUE" alone after a "Page block order:" or "Pages per block:" */
static bool number_line(const char *p, const char *end, uint64_t *v)
{
	return parse_u64(&p, end, v) && skip_blanks(p, end) == end;
}

/* ", type NAME c0 c1 ..." after a free line's zone, into f */
static bool parse_free(const char *p, const char *end, struct pt_free *f)
{
	if (end - p < 6 || memcmp(p, ", type", 6))
		return false;
	p += 6;
	if (!word(&p, end, f->type, sizeof(f->type)))
		return false;
	for (;;) {
		bool cap;

		p = skip_blanks(p, end);
		if (p == end)
			break;
		cap = *p == '>';
		p += cap;
		if (f->z.norders == PT_ORDERS ||
		    !parse_u64(&p, end, &f->z.blocks[f->z.norders]))
			return false;
		if (cap)
			f->capped |= 1u << f->z.norders;
		f->z.norders++;
	}
	return f->z.norders > 0;
}

/* "c0 c1 ..." after a blocks line's zone: one count per type */
static bool parse_blocks(const char *p, const char *end, size_t ntypes,
			 struct pt_blocks *b)
{
	for (;;) {
		p = skip_blanks(p, end);
		if (p == end)
			break;
		if (b->n == ntypes || !parse_u64(&p, end, &b->count[b->n]))
			return false;
		b->n++;
	}
	return b->n && b->n == ntypes;
}

/* the type names of "Number of blocks type  Unmovable ..." */
static bool parse_types(const char *p, const char *end, struct pagetypeinfo *o)
{
	o->ntypes = 0;
	while ((p = skip_blanks(p, end)) < end) {
		if (o->ntypes == PT_TYPES ||
		    !word(&p, end, o->types[o->ntypes], PT_NAME)) {
			o->ntypes = 0;
			return false;
		}
		o->ntypes++;
	}
	return o->ntypes > 0;
}

enum section { S_NONE, S_FREE, S_BLOCKS, S_MIXED };

/* One line: false when it is malformed (the caller counts it). */
static bool parse_line(const char *line, size_t n, enum section *sec,
		       struct pagetypeinfo *o)
{
	const char *end = line + n, *p;
	unsigned node;
	char zone[PT_NAME];

	if ((p = after(line, n, "Page block order:"))) {
		o->have_block_order = number_line(p, end, &o->block_order);
		return o->have_block_order;
	}
	if ((p = after(line, n, "Pages per block:"))) {
		o->have_pages_per_block =
			number_line(p, end, &o->pages_per_block);
		return o->have_pages_per_block;
	}
	if (after(line, n, "Free pages count per migrate type at order")) {
		*sec = S_FREE;
		return true;
	}
	if ((p = after(line, n, "Number of blocks type"))) {
		*sec = S_BLOCKS;
		return parse_types(p, end, o);
	}
	if (after(line, n, "Number of mixed blocks")) {
		*sec = S_MIXED;
		return true;
	}
	p = zoneinfo_zone_head(line, n, &node, zone, sizeof(zone));
	if (!p)
		return false;
	if (*sec == S_MIXED)
		return true;
	if (*sec == S_FREE) {
		struct pt_free *f = &o->f[o->nf];

		if (o->nf == PT_ROWS)
			return false;
		memset(f, 0, sizeof(*f));
		f->z.node = node;
		memcpy(f->z.zone, zone, sizeof(f->z.zone));
		if (!parse_free(p, end, f))
			return false;
		o->nf++;
		return true;
	}
	if (*sec == S_BLOCKS && o->nb < PT_ZONES) {
		struct pt_blocks *b = &o->b[o->nb];

		memset(b, 0, sizeof(*b));
		b->node = node;
		memcpy(b->zone, zone, sizeof(b->zone));
		if (!parse_blocks(p, end, o->ntypes, b))
			return false;
		o->nb++;
		return true;
	}
	return false;
}

void pagetypeinfo_parse(const char *text, size_t len, struct pagetypeinfo *out)
{
	const char *pos = text, *end = text + len, *line;
	enum section sec = S_NONE;
	size_t n, no = 0;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		no++;
		if (skip_blanks(line, line + n) == line + n)
			continue;
		if (parse_line(line, n, &sec, out))
			continue;
		if (!out->skipped++)
			out->first_skipped = no;
	}
}

bool pagetypeinfo_blocks(const struct pagetypeinfo *p, unsigned node,
			 const char *zone, const char *type, uint64_t *out)
{
	for (size_t i = 0; i < p->nb; i++) {
		const struct pt_blocks *b = &p->b[i];

		if (b->node != node || strcmp(b->zone, zone))
			continue;
		for (size_t t = 0; t < b->n; t++)
			if (!strcmp(p->types[t], type)) {
				*out = b->count[t];
				return true;
			}
		return false;
	}
	return false;
}
