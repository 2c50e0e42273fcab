/*
 * slabinfo.c - turns the text of /proc/slabinfo into a slab_snapshot.
 *
 * A line is split into whitespace-separated tokens. The values before the
 * first lone ":" are the cache's counts (the last five of them for 2.x,
 * six for 1.1); whatever comes before those is the name, which may hold
 * spaces (1.1 has "file lock cache") or colons ("iwl_cmd_pool:0000:04:00.0").
 * After the colon, only the "slabdata" section is read; "tunables",
 * "globalstat", "cpustat" and anything a newer kernel adds are ignored.
 *
 * It never opens files, prints or exits. A malformed line is skipped and
 * counted; an unknown version is an error.
 */
#include "slabinfo.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HEAD_TOKENS 64

struct tok {
	const char *s;
	size_t n;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static const char *next_tok(const char *p, const char *end, struct tok *t)
{
	while (p < end && is_blank(*p))
		p++;
	if (p >= end)
		return NULL;
	t->s = p;
	while (p < end && !is_blank(*p))
		p++;
	t->n = (size_t)(p - t->s);
	return p;
}

static bool tok_u64(const struct tok *t, uint64_t *v)
{
	const char *p = t->s;
	return parse_u64(&p, t->s + t->n, v) && p == t->s + t->n;
}

static bool tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);
	return t->n == n && memcmp(t->s, word, n) == 0;
}

/* Parse "slabinfo - version: X.Y[ (...)]". Returns false if the line is
 * not a version header at all. */
static bool parse_header(const char *s, size_t n, struct slab_snapshot *out)
{
	static const char prefix[] = "slabinfo - version:";
	const char *p = s, *end = s + n;
	uint64_t maj, min;

	if (n < sizeof(prefix) - 1 || memcmp(s, prefix, sizeof(prefix) - 1))
		return false;
	p += sizeof(prefix) - 1;
	if (!parse_u64(&p, end, &maj) || p >= end || *p != '.')
		maj = min = 0;
	else if (p++, !parse_u64(&p, end, &min))
		min = 0;
	out->version_major = maj > 999 ? 999 : (unsigned)maj;
	out->version_minor = min > 999 ? 999 : (unsigned)min;
	out->statistics = memmem(p, (size_t)(end - p), "statistics", 10) !=
			  NULL;
	return true;
}

static bool version_known(const struct slab_snapshot *s)
{
	return (s->version_major == 2 && s->version_minor <= 1) ||
	       (s->version_major == 1 && s->version_minor == 1);
}

static void skip_line(struct slab_snapshot *out, size_t lineno)
{
	if (!out->skipped)
		out->first_skipped = lineno;
	out->skipped++;
}

static void parse_cache(const char *s, size_t n, size_t lineno,
			struct slab_snapshot *out)
{
	const char *p = s, *end = s + n;
	struct tok head[MAX_HEAD_TOKENS], t;
	size_t nh = 0, nvals = out->version_major == 1 ? 6 : 5;
	uint64_t v[6];
	bool colon = false, have_slabdata = false;
	struct slab_cache *c;

	/* tokens up to the first lone ":" */
	while ((p = next_tok(p, end, &t))) {
		if (tok_is(&t, ":")) {
			colon = true;
			break;
		}
		if (nh == MAX_HEAD_TOKENS)
			return skip_line(out, lineno);
		head[nh++] = t;
	}
	if (nh < nvals + 1)
		return skip_line(out, lineno);
	for (size_t i = 0; i < nvals; i++)
		if (!tok_u64(&head[nh - nvals + i], &v[i]))
			return skip_line(out, lineno);

	xgrow((void **)&out->caches, &out->cap, out->n + 1, sizeof(*c));
	c = &out->caches[out->n];
	memset(c, 0, sizeof(*c));
	c->line = lineno;
	c->active_objs = v[0];
	c->num_objs = v[1];
	c->objsize = v[2];
	if (out->version_major == 1) {
		/* 1.1: active_slabs num_slabs pagesperslab */
		c->active_slabs = v[3];
		c->num_slabs = v[4];
		c->pagesperslab = v[5];
		c->objperslab = c->num_slabs ? c->num_objs / c->num_slabs : 0;
		have_slabdata = true;
	} else {
		c->objperslab = v[3];
		c->pagesperslab = v[4];
		/* sections: ": tunables ... : slabdata A N S : globalstat ..." */
		while (colon && p && (p = next_tok(p, end, &t))) {
			if (!tok_is(&t, "slabdata"))
				continue;
			struct tok a, b;
			if (!(p = next_tok(p, end, &a)) ||
			    !(p = next_tok(p, end, &b)) ||
			    !tok_u64(&a, &c->active_slabs) ||
			    !tok_u64(&b, &c->num_slabs))
				break;
			have_slabdata = true;
			break;
		}
	}
	if (!have_slabdata)
		return skip_line(out, lineno);

	/* the name is the text from the first token to the last name token */
	const struct tok *first = &head[0], *last = &head[nh - nvals - 1];
	size_t nlen = (size_t)(last->s + last->n - first->s);
	c->name_off = arena_add(&out->names, &out->names_len, &out->names_cap,
				first->s, nlen);
	c->name_len = nlen;
	out->n++;
}

static void snapshot_reset(struct slab_snapshot *s)
{
	s->n = 0;
	s->names_len = 0;
	s->version_major = s->version_minor = 0;
	s->statistics = false;
	s->skipped = 0;
	s->first_skipped = 0;
	s->indexed = false;
}

int slabinfo_parse(const char *text, size_t len, struct slab_snapshot *out,
		   struct kerr *err)
{
	const char *pos = text, *end = text + len, *line;
	size_t n, lineno = 0;
	bool first = true;

	snapshot_reset(out);
	while ((line = text_next_line(&pos, end, &n))) {
		const char *p = line;
		lineno++;
		while (p < line + n && is_blank(*p))
			p++;
		if (p == line + n)
			continue;
		if (first) {
			first = false;
			if (parse_header(p, (size_t)(line + n - p), out)) {
				if (!version_known(out)) {
					kerr_set(
						err,
						"unsupported slabinfo version %u.%u (kmemtop reads 1.1, 2.0 and 2.1)",
						out->version_major,
						out->version_minor);
					out->n = 0;
					return -1;
				}
				continue;
			}
			/* no header: read it as 2.1, the current format */
		}
		if (*p == '#')
			continue;
		parse_cache(p, (size_t)(line + n - p), lineno, out);
	}
	if (out->version_major == 0 && out->n == 0 && out->skipped) {
		/* no header and not one cache line: some other file */
		kerr_set(
			err,
			"not a slabinfo file (no version header, no cache line; %zu line(s) skipped)",
			out->skipped);
		return -1;
	}
	return 0;
}

struct name_key {
	const char *s;
	size_t n;
};

static bool name_eq(const void *owner, size_t i, const void *key)
{
	const struct slab_snapshot *s = owner;
	const struct name_key *k = key;
	const struct slab_cache *c = &s->caches[i];

	return c->name_len == k->n &&
	       !memcmp(s->names + c->name_off, k->s, k->n);
}

static struct name_key key_of(const struct slab_snapshot *s, size_t i)
{
	const struct slab_cache *c = &s->caches[i];

	return (struct name_key){ s->names + c->name_off, c->name_len };
}

void slab_snapshot_index(struct slab_snapshot *s)
{
	if (s->indexed)
		return;
	keyindex_reset(&s->ix);
	for (size_t i = 0; i < s->n; i++) {
		struct name_key k = key_of(s, i);
		keyindex_add(&s->ix, hash_bytes(k.s, k.n), &k, name_eq, s);
	}
	s->indexed = true;
}

size_t slab_snapshot_find(struct slab_snapshot *s, const char *name, size_t len)
{
	struct name_key k = { name, len };

	slab_snapshot_index(s);
	return keyindex_find(&s->ix, hash_bytes(name, len), &k, name_eq, s);
}

void slab_snapshot_match(const struct slab_snapshot *cur,
			 struct slab_snapshot *ref, struct keymatch *km,
			 size_t *out)
{
	slab_snapshot_index(ref);
	keymatch_begin(km, &ref->ix);
	for (size_t i = 0; i < cur->n; i++) {
		struct name_key k = key_of(cur, i);
		out[i] = keymatch_next(km, &ref->ix,
				       keyindex_find(&ref->ix,
						     hash_bytes(k.s, k.n), &k,
						     name_eq, ref));
	}
}

void slab_snapshot_copy(struct slab_snapshot *dst,
			const struct slab_snapshot *src)
{
	snapshot_reset(dst);
	xgrow((void **)&dst->caches, &dst->cap, src->n, sizeof(*dst->caches));
	xgrow((void **)&dst->names, &dst->names_cap, src->names_len, 1);
	if (src->n)
		memcpy(dst->caches, src->caches, src->n * sizeof(*src->caches));
	if (src->names_len)
		memcpy(dst->names, src->names, src->names_len);
	dst->n = src->n;
	dst->names_len = src->names_len;
	dst->version_major = src->version_major;
	dst->version_minor = src->version_minor;
	dst->statistics = src->statistics;
	dst->skipped = src->skipped;
	dst->first_skipped = src->first_skipped;
}

void slab_snapshot_free(struct slab_snapshot *s)
{
	free(s->caches);
	free(s->names);
	keyindex_free(&s->ix);
	memset(s, 0, sizeof(*s));
}
