/*
 * slabsys.c - SLUB's sysfs attributes and its call-site files, parsed.
 *
 * Text to structs only; every bound is checked here, since a captured
 * tree can hold anything.
 */
#include "slabsys.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int slabsys_count(const char *text, struct slabsys_count *out)
{
	const char *p = text, *end = text + strlen(text);

	memset(out, 0, sizeof(*out));
	if (!parse_u64(&p, end, &out->total))
		return -1;
	while (p < end) {
		uint64_t node, v;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		if (p >= end)
			break;
		if (*p == 'N' && (p++, parse_u64(&p, end, &node)) && p < end &&
		    *p == '=' && (p++, parse_u64(&p, end, &v)) &&
		    node < SLABSYS_NODES) {
			out->node[node] = v;
			if (node + 1 > out->nnodes)
				out->nnodes = (size_t)node + 1;
			continue;
		}
		/* something else (a later kernel's item): skip the word */
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	return 0;
}

void slabsys_traces_free(struct slabsys_traces *t)
{
	free(t->t);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

static size_t add(struct slabsys_traces *t, const char *s, size_t n)
{
	return arena_add(&t->text, &t->len, &t->text_cap, s, n);
}

/* "a/b/c" or "a/b" or "a" into up to three numbers; the count read. */
static int numbers(const char *p, const char *end, uint64_t v[3])
{
	int n = 0;

	while (n < 3 && parse_u64(&p, end, &v[n])) {
		n++;
		if (p >= end || *p != '/')
			break;
		p++;
	}
	return p == end ? n : 0;
}

/* A header line: "COUNT FUNC key=value ...". False when the line does not
 * start with a count and a function. */
static bool header(struct slabsys_traces *t, const char *s, size_t n,
		   struct slabsys_trace *r)
{
	const char *p = s, *end = s + n, *w;

	memset(r, 0, sizeof(*r));
	if (!parse_u64(&p, end, &r->count) || p >= end || *p != ' ')
		return false;
	while (p < end && *p == ' ')
		p++;
	for (w = p; p < end && *p != ' ' && *p != '\t'; p++)
		;
	if (p == w)
		return false;
	r->func = add(t, w, (size_t)(p - w));
	r->pids = r->cpus = r->nodes = add(t, "", 0);
	while (p < end) {
		const char *eq;
		uint64_t v[3] = { 0 };
		int k;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (w = p; p < end && *p != ' ' && *p != '\t'; p++)
			;
		eq = memchr(w, '=', (size_t)(p - w));
		if (!eq)
			continue;
#define KEY(name)                                \
	((size_t)(eq - w) == sizeof(name) - 1 && \
	 !memcmp(w, name, sizeof(name) - 1))
		if (KEY("waste") && numbers(eq + 1, p, v) == 2) {
			r->have_waste = true;
			r->waste = v[0];
			r->waste_each = v[1];
		} else if (KEY("age") && (k = numbers(eq + 1, p, v)) > 0) {
			/* one age when every object has it, or min/avg/max */
			r->have_age = true;
			r->age_min = v[0];
			r->age_avg = k == 3 ? v[1] : v[0];
			r->age_max = k == 3 ? v[2] : v[0];
		} else if (KEY("pid")) {
			r->pids = add(t, eq + 1, (size_t)(p - eq - 1));
		} else if (KEY("cpus")) {
			r->cpus = add(t, eq + 1, (size_t)(p - eq - 1));
		} else if (KEY("nodes")) {
			r->nodes = add(t, eq + 1, (size_t)(p - eq - 1));
		}
#undef KEY
	}
	return true;
}

/* The record r (its stack in frames) joins the list. */
static void finish(struct slabsys_traces *t, struct slabsys_trace *r,
		   struct sbuf *frames)
{
	if (t->n >= SLABSYS_TRACES) {
		t->cut = true;
		return;
	}
	r->stack = add(t, frames->s ? frames->s : "", frames->len);
	xgrow((void **)&t->t, &t->cap, t->n + 1, sizeof(*t->t));
	t->t[t->n++] = *r;
}

void slabsys_traces_parse(const char *text, size_t len,
			  struct slabsys_traces *out)
{
	const char *pos = text, *end = text + len, *line;
	struct slabsys_trace cur;
	struct sbuf frames = { 0 };
	bool open = false;
	size_t n;

	out->n = 0;
	out->len = 0;
	out->skipped = 0;
	out->cut = false;
	while ((line = text_next_line(&pos, end, &n))) {
		const char *p = line, *e = line + n;
		bool indented = n && (*line == ' ' || *line == '\t');

		/* a NUL is no text: the strings would end there */
		if (memchr(line, '\0', n)) {
			out->skipped++;
			continue;
		}
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p == e) { /* a blank line ends a call site */
			if (open)
				finish(out, &cur, &frames);
			open = false;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			struct slabsys_trace r;

			if (header(out, line, n, &r)) {
				if (open)
					finish(out, &cur, &frames);
				cur = r;
				open = true;
				sbuf_reset(&frames);
				continue;
			}
		}
		if (open && indented) { /* a frame of the stack */
			if (cur.nframes >= SLABSYS_FRAMES) {
				cur.stack_cut = true;
				continue;
			}
			if (frames.len)
				sbuf_addc(&frames, '\n');
			sbuf_add(&frames, p, (size_t)(e - p));
			cur.nframes++;
			continue;
		}
		out->skipped++;
	}
	if (open)
		finish(out, &cur, &frames);
	sbuf_free(&frames);
}
