/*
 * allocinfo.c - the call sites of /proc/allocinfo, versions 1.0 and 2.0.
 *
 * It never opens files, prints or exits.
 */
#include "allocinfo.h"

#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next word of [*p, end): its start, length in *n; NULL at the end */
static const char *word(const char **p, const char *end, size_t *n)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	*p = s;
	while (*p < end && !is_blank(**p))
		(*p)++;
	*n = (size_t)(*p - s);
	return *n ? s : NULL;
}

static bool has_prefix(const char *w, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && !memcmp(w, pre, k);
}

/* A decimal, optionally negative, of at most 63 bits and a sign */
static bool parse_i64(const char *w, size_t n, int64_t *out)
{
	const char *p = w + (n && *w == '-'), *end = w + n;
	uint64_t v;

	if (!parse_u64(&p, end, &v) || p != end || p == w + (*w == '-'))
		return false;
	if (*w == '-') {
		if (v > (uint64_t)INT64_MAX + 1)
			return false;
		*out = v ? -(int64_t)(v - 1) - 1 : 0;
	} else {
		if (v > INT64_MAX)
			return false;
		*out = (int64_t)v;
	}
	return true;
}

static bool parse_word_u64(const char *w, size_t n, uint64_t *out)
{
	const char *p = w;

	return parse_u64(&p, w + n, out) && p == w + n;
}

/* One call site line into s; false when it is none. */
static bool parse_site(const char *line, size_t n, struct alloc_site *s)
{
	const char *p = line, *end = line + n, *w, *colon;
	size_t k;

	if (memchr(line, '\0', n))
		return false;
	if (!(w = word(&p, end, &k)) || !parse_i64(w, k, &s->bytes))
		return false;
	if (!(w = word(&p, end, &k)) || !parse_word_u64(w, k, &s->calls))
		return false;
	/* FILE:LINE, the line after the last colon */
	if (!(w = word(&p, end, &k)))
		return false;
	for (colon = w + k; colon > w && colon[-1] != ':'; colon--)
		;
	if (colon <= w + 1 ||
	    !parse_word_u64(colon, (size_t)(w + k - colon), &s->line))
		return false;
	s->file = w;
	s->file_len = (size_t)(colon - 1 - w);
	if (!(w = word(&p, end, &k)))
		return false;
	s->module = NULL;
	s->module_len = 0;
	if (k >= 2 && w[0] == '[' && w[k - 1] == ']') {
		s->module = w + 1;
		s->module_len = k - 2;
		if (!(w = word(&p, end, &k)))
			return false;
	}
	if (!has_prefix(w, k, "func:") || k == 5)
		return false;
	s->func = w + 5;
	s->func_len = k - 5;
	s->inaccurate = false;
	while ((w = word(&p, end, &k)))
		if (k == 11 && !memcmp(w, "accurate:no", 11))
			s->inaccurate = true;
	return true;
}

int allocinfo_parse(const char *text, size_t len, alloc_site_fn fn, void *ctx,
		    struct allocinfo_stats *st, struct kerr *err)
{
	static const char head[] = "allocinfo - version: ";
	const char *pos = text, *end = text + len, *line, *p;
	size_t n, lineno = 1;
	uint64_t major, minor;

	memset(st, 0, sizeof(*st));
	line = text_next_line(&pos, end, &n);
	p = line ? line + sizeof(head) - 1 : NULL;
	if (!line || n < sizeof(head) - 1 ||
	    memcmp(line, head, sizeof(head) - 1) ||
	    !parse_u64(&p, line + n, &major) || p >= line + n || *p != '.' ||
	    (p++, !parse_u64(&p, line + n, &minor))) {
		kerr_set(
			err,
			"not an allocinfo file: its first line is no \"allocinfo - version: M.N\"");
		return -1;
	}
	if (major != 1 && major != 2) {
		kerr_set(
			err,
			"allocinfo version %llu.%llu: kmemtop reads 1.x and 2.x",
			(unsigned long long)major, (unsigned long long)minor);
		return -1;
	}
	st->major = (unsigned)major;
	st->minor = minor > 1000 ? 1000 : (unsigned)minor;
	while ((line = text_next_line(&pos, end, &n))) {
		struct alloc_site s;

		lineno++;
		if (n && line[0] == '#')
			continue;
		if (!parse_site(line, n, &s)) {
			if (!st->skipped++)
				st->first_skipped = lineno;
			continue;
		}
		s.lineno = lineno;
		st->sites++;
		fn(&s, ctx);
	}
	return 0;
}
