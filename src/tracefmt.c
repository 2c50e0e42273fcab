/*
 * tracefmt.c - a tracepoint's format file into its fields. Lines look
 * like
 *
 *	field:unsigned long call_site;	offset:8;	size:8;	signed:0;
 *	field:__data_loc char[] name;	offset:24;	size:4;	signed:0;
 *
 * The field's name is the last identifier of its declaration (an array's
 * brackets dropped). Strict: numbers are decimal digits only, within
 * TRACEFMT_RECORD_MAX, and a field must end within the record. It opens
 * no file and prints nothing.
 */
#include "tracefmt.h"

#include <string.h>

/* An unsigned decimal at *p up to ';', within max; advances past ';'. */
static bool number(const char **p, const char *end, uint32_t max, uint32_t *out)
{
	const char *q = *p;
	uint64_t v = 0;

	if (q >= end || *q < '0' || *q > '9')
		return false;
	while (q < end && *q >= '0' && *q <= '9') {
		v = v * 10 + (uint64_t)(*q - '0');
		if (v > max)
			return false;
		q++;
	}
	if (q >= end || *q != ';')
		return false;
	*out = (uint32_t)v;
	*p = q + 1;
	return true;
}

/* "key:" then a number, after blanks; false when absent or malformed */
static bool keyed(const char **p, const char *end, const char *key,
		  uint32_t max, uint32_t *out)
{
	size_t k = strlen(key);

	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	if ((size_t)(end - *p) < k || memcmp(*p, key, k))
		return false;
	*p += k;
	return number(p, end, max, out);
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* One "field:" line (s just past "field:", e its end). */
static bool field(const char *s, const char *e, struct tracefmt_field *f)
{
	const char *semi = memchr(s, ';', (size_t)(e - s));
	const char *d, *nm, *p;
	uint32_t sgn;

	if (!semi)
		return false;
	memset(f, 0, sizeof(*f));
	/* the declaration s..semi: drop "[...]" at its end, then the name is
	 * the trailing identifier */
	d = semi;
	while (d > s && (d[-1] == ' ' || d[-1] == '\t'))
		d--;
	if (d > s && d[-1] == ']') {
		while (d > s && d[-1] != '[')
			d--;
		if (d == s)
			return false;
		d--;
	}
	nm = d;
	while (nm > s && ident_char(nm[-1]))
		nm--;
	if (nm == d || (size_t)(d - nm) >= sizeof(f->name) ||
	    (*nm >= '0' && *nm <= '9'))
		return false;
	memcpy(f->name, nm, (size_t)(d - nm));
	f->data_loc = (size_t)(semi - s) >= 10 && !memcmp(s, "__data_loc", 10);
	p = semi + 1;
	if (!keyed(&p, e, "offset:", TRACEFMT_RECORD_MAX, &f->offset) ||
	    !keyed(&p, e, "size:", TRACEFMT_RECORD_MAX, &f->size) || !f->size ||
	    f->offset + f->size > TRACEFMT_RECORD_MAX)
		return false;
	/* signed: is absent on old kernels */
	if (keyed(&p, e, "signed:", 1, &sgn))
		f->is_signed = sgn;
	if (f->data_loc && f->size != 4)
		return false;
	return true;
}

/* text after "key:" on a header line, blanks skipped */
static bool header(const char *s, const char *e, const char *key,
		   const char **val)
{
	size_t k = strlen(key);

	if ((size_t)(e - s) < k || memcmp(s, key, k))
		return false;
	s += k;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	*val = s;
	return true;
}

void tracefmt_parse(const char *text, size_t len, struct tracefmt *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p, *v;
		struct tracefmt_field f;
		uint32_t id;

		p = nl ? nl + 1 : end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (header(s, e, "field:", &v)) {
			if (out->n < TRACEFMT_FIELDS_MAX && field(v, e, &f) &&
			    !tracefmt_find(out, f.name))
				out->f[out->n++] = f;
			else
				out->skipped++;
		} else if (header(s, e, "name:", &v) && !out->event[0]) {
			size_t n = (size_t)(e - v);

			while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
				     v[n - 1] == '\r'))
				n--;
			if (n < sizeof(out->event))
				memcpy(out->event, v, n);
		} else if (header(s, e, "ID:", &v) && !out->have_id) {
			const char *q = v;

			/* digits, then blanks to the end of the line only */
			id = 0;
			while (q < e && *q >= '0' && *q <= '9' && q - v < 9)
				id = id * 10 + (uint32_t)(*q++ - '0');
			while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			if (q > v && q == e && *v >= '0' && *v <= '9') {
				out->id = id;
				out->have_id = true;
			}
		}
	}
}

const struct tracefmt_field *tracefmt_find(const struct tracefmt *t,
					   const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->f[i].name, name))
			return &t->f[i];
	return NULL;
}
