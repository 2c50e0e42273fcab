/*
 * iomem.c - /proc/iomem as a tree of resources, and the deepest one that
 * holds a physical range. It never opens files, prints or exits.
 */
#include "iomem.h"

#include <stdlib.h>
#include <string.h>

void iomem_free(struct iomem *io)
{
	free(io->res);
	free(io->text);
	free(io->labels);
	memset(io, 0, sizeof(*io));
}

/* Up to 16 hex digits at p; the position after them, or NULL. */
static const char *hex(const char *p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0;

	for (; p < end && n < 17; p++, n++) {
		char c = *p;
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		v = v << 4 | d;
	}
	if (n == 0 || n > 16)
		return NULL;
	*out = v;
	return p;
}

/* One line: "  START-END : NAME". */
static bool parse_line(const char *s, size_t n, size_t *depth, uint64_t *start,
		       uint64_t *end, const char **name, size_t *name_len)
{
	const char *p = s, *e = s + n;
	size_t indent = 0;

	while (p < e && *p == ' ')
		p++, indent++;
	p = hex(p, e, start);
	if (!p || p >= e || *p != '-')
		return false;
	p = hex(p + 1, e, end);
	if (!p || e - p < 3 || memcmp(p, " : ", 3) || *end < *start)
		return false;
	*depth = indent / 2;
	*name = p + 3;
	*name_len = (size_t)(e - *name);
	return true;
}

/* Resource r's ancestor d levels up, or SIZE_MAX. */
static size_t ancestor(const struct iomem *io, size_t r, size_t d)
{
	while (d-- && r != SIZE_MAX)
		r = io->res[r].parent;
	return r;
}

/* The nearest distance up from resource i at which its ancestor's name
 * differs from the ancestor's at that distance of every other resource
 * of its name (peers[0..n)); 0 where there is none. */
static size_t telling_level(const struct iomem *io, size_t i,
			    const size_t *peers, size_t n)
{
	for (size_t d = 1; d <= io->res[i].depth; d++) {
		size_t a = ancestor(io, i, d);
		bool unique = true;

		for (size_t k = 0; k < n && unique; k++) {
			size_t b = ancestor(io, peers[k], d);
			unique = peers[k] == i || b == SIZE_MAX ||
				 strcmp(io->res[a].name, io->res[b].name);
		}
		if (unique)
			return d;
	}
	return 0;
}

/* qsort's order of resource indices: by name, then by index */
static const struct iomem *sorting;
static int by_name(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sorting->res[x].name, sorting->res[y].name);

	return c ? c : (x > y) - (x < y);
}

/* The resources sorted by name, so that those of one name are a run;
 * only those among says (all without it). */
void iomem_make_labels(struct iomem *io, const bool *among)
{
	size_t *ix = xmalloc((io->n ? io->n : 1) * sizeof(*ix));
	size_t *off = xmalloc((io->n ? io->n : 1) * sizeof(*off));
	struct sbuf l = { 0 };
	size_t n = 0;

	io->labels_len = 0;
	for (size_t i = 0; i < io->n; i++) {
		if (!among || among[i])
			ix[n++] = i;
		off[i] = SIZE_MAX;
	}
	sorting = io;
	qsort(ix, n, sizeof(*ix), by_name);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && !strcmp(io->res[ix[a]].name,
						     io->res[ix[b]].name);
		     b++)
			;
		if (b - a < 2 || b - a > IOMEM_LABEL_PEERS_MAX)
			continue;
		for (size_t k = a; k < b; k++) {
			size_t i = ix[k];
			size_t d = telling_level(io, i, ix + a, b - a);

			if (!d)
				continue;
			sbuf_reset(&l);
			sbuf_addf(&l, "%s (%s)", io->res[i].name,
				  io->res[ancestor(io, i, d)].name);
			off[i] = arena_add(&io->labels, &io->labels_len,
					   &io->labels_cap, l.s, l.len);
		}
	}
	for (size_t i = 0; i < io->n; i++)
		io->res[i].label = off[i] == SIZE_MAX ? io->res[i].name
						      : io->labels + off[i];
	sbuf_free(&l);
	free(ix);
	free(off);
}

void iomem_parse(struct iomem *io, const char *text, size_t len)
{
	const char *pos = text, *end = text + len, *line;
	size_t n, *stack = NULL, nstack = 0, stack_cap = 0;
	size_t *name_off = NULL, *chain_off = NULL, off_cap = 0;
	struct sbuf chain = { 0 };
	bool zeros = true;

	io->n = 0;
	io->len = 0;
	io->skipped = 0;
	while ((line = text_next_line(&pos, end, &n))) {
		struct iomem_res *r;
		const char *name;
		size_t depth, name_len, i, up;
		uint64_t s, e;

		if (!n)
			continue;
		if (!parse_line(line, n, &depth, &s, &e, &name, &name_len)) {
			io->skipped++;
			continue;
		}
		/* a level skipped (not from the kernel): under the deepest */
		if (depth > nstack)
			depth = nstack;
		nstack = depth;
		/* a range outside its parent's (not from the kernel either):
		 * under the nearest ancestor that holds it, so that nesting
		 * is holding, which the search follows; the lines after it
		 * keep their places as written */
		up = depth ? stack[depth - 1] : SIZE_MAX;
		while (up != SIZE_MAX &&
		       !(io->res[up].start <= s && e <= io->res[up].end))
			up = io->res[up].parent;
		i = io->n;
		xgrow((void **)&io->res, &io->cap, i + 1, sizeof(*io->res));
		if (i + 1 > off_cap) {
			size_t c = off_cap;
			xgrow((void **)&name_off, &c, i + 1, sizeof(*name_off));
			c = off_cap;
			xgrow((void **)&chain_off, &c, i + 1,
			      sizeof(*chain_off));
			off_cap = c;
		}
		r = &io->res[i];
		memset(r, 0, sizeof(*r));
		r->start = s;
		r->end = e;
		r->parent = up;
		r->depth = up == SIZE_MAX ? 0 : io->res[up].depth + 1;
		name_off[i] = arena_add(&io->text, &io->len, &io->text_cap,
					name, name_len);
		if (r->parent == SIZE_MAX) {
			chain_off[i] = name_off[i];
		} else {
			/* the parent's chain, "\n", the name */
			sbuf_reset(&chain);
			sbuf_add(&chain, io->text + chain_off[r->parent],
				 strlen(io->text + chain_off[r->parent]));
			sbuf_addc(&chain, '\n');
			sbuf_add(&chain, name, name_len);
			chain_off[i] = arena_add(&io->text, &io->len,
						 &io->text_cap, chain.s,
						 chain.len);
		}
		zeros = zeros && s == 0 && e == 0;
		xgrow((void **)&stack, &stack_cap, nstack + 1, sizeof(*stack));
		stack[nstack++] = i;
		io->n++;
	}
	for (size_t i = 0; i < io->n; i++) {
		io->res[i].name = io->text + name_off[i];
		io->res[i].chain = io->text + chain_off[i];
	}
	io->zeros = io->n > 0 && zeros;
	for (size_t i = 0; i < io->n; i++)
		io->res[i].label = io->res[i].name; /* iomem_make_labels */
	free(stack);
	free(name_off);
	free(chain_off);
	sbuf_free(&chain);
}

const char *iomem_match_name(enum iomem_match m)
{
	switch (m) {
	case IOMEM_CONTAINED:
		return "contained";
	case IOMEM_SPANS:
		return "spans";
	case IOMEM_NONE:
		return "none";
	case IOMEM_PAGES:
		return "pages";
	}
	return "?";
}

enum iomem_match iomem_find_pages(const struct iomem *io, uint64_t start,
				  uint64_t end, uint64_t page_size, size_t *idx)
{
	enum iomem_match m = iomem_find(io, start, end, idx);
	uint64_t mask = page_size ? ~(page_size - 1) : ~UINT64_C(0);
	size_t best = SIZE_MAX, depth = 0;

	if (m == IOMEM_NONE)
		return m;
	/* deeper than the resource that holds it, if one does */
	if (m == IOMEM_CONTAINED)
		depth = io->res[*idx].depth + 1;
	for (size_t i = 0; i < io->n; i++) {
		const struct iomem_res *r = &io->res[i];
		uint64_t lo = r->start & mask, hi = r->end | ~mask;

		if (r->depth < depth || r->start > end || r->end < start ||
		    lo > start || hi < end)
			continue;
		if (best == SIZE_MAX || r->depth > io->res[best].depth ||
		    (r->depth == io->res[best].depth &&
		     r->end - r->start <
			     io->res[best].end - io->res[best].start))
			best = i;
	}
	if (best == SIZE_MAX)
		return m;
	*idx = best;
	return IOMEM_PAGES;
}

enum iomem_match iomem_find(const struct iomem *io, uint64_t start,
			    uint64_t end, size_t *idx)
{
	size_t parent = SIZE_MAX, best;
	bool overlaps = false;

	*idx = SIZE_MAX;
	/* a resource's children follow it in file order */
	for (;;) {
		best = SIZE_MAX;
		for (size_t i = parent == SIZE_MAX ? 0 : parent + 1; i < io->n;
		     i++) {
			const struct iomem_res *r = &io->res[i];
			if (r->parent != parent)
				continue;
			if (r->start <= end && start <= r->end)
				overlaps = true;
			if (r->start <= start && end <= r->end &&
			    (best == SIZE_MAX ||
			     r->end - r->start <
				     io->res[best].end - io->res[best].start))
				best = i;
		}
		if (best == SIZE_MAX)
			break;
		parent = best;
	}
	*idx = parent;
	if (parent != SIZE_MAX)
		return IOMEM_CONTAINED;
	return overlaps ? IOMEM_SPANS : IOMEM_NONE;
}
