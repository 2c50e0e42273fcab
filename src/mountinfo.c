/*
 * mountinfo.c - reads the lines of /proc/PID/mountinfo into mounts
 * (mountinfo.h): fields split at single blanks, octal escapes undone.
 *
 * It never opens files, prints or exits; a malformed line is skipped and
 * counted, never half taken.
 */
#include "mountinfo.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The fields of a line before the separator: ID PARENT MAJ:MIN ROOT
 * POINT OPTIONS; after it: TYPE SOURCE SUPER-OPTIONS. */
enum { MI_BEFORE = 6, MI_AFTER = 3 };

struct field {
	const char *s;
	size_t n;
};

/* The fields of a line, one at a time. */
struct cursor {
	const char *p, *end;
	bool done; /* the last field was taken */
};

/* The next field: up to a blank or the end of the line; false when
 * none is left. */
static bool next_field(struct cursor *c, struct field *f)
{
	const char *sp;

	if (c->done)
		return false;
	sp = memchr(c->p, ' ', (size_t)(c->end - c->p));
	f->s = c->p;
	f->n = sp ? (size_t)(sp - c->p) : (size_t)(c->end - c->p);
	if (sp)
		c->p = sp + 1;
	else
		c->done = true;
	return true;
}

/* f unescaped ("\040" is a blank; a backslash not before three octal
 * digits, the first at most 3, stays itself) and NUL-terminated; NULL
 * when an escape makes a NUL byte. */
static char *unescape(struct field f)
{
	char *d = xmalloc(f.n + 1), *q = d;
	const char *s = f.s;

	for (size_t i = 0; i < f.n; i++) {
		if (s[i] == '\\' && i + 3 < f.n && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			*q = (char)((s[i + 1] - '0') * 64 +
				    (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			*q = s[i];
		}
		if (!*q++) {
			free(d);
			return NULL;
		}
	}
	*q = '\0';
	return d;
}

/* A whole field of decimal digits, at most 64 bits. */
static bool number(struct field f, uint64_t *v)
{
	const char *p = f.s;

	return f.n && *p != ' ' && *p != '\t' && parse_u64(&p, f.s + f.n, v) &&
	       p == f.s + f.n;
}

static void entry_free(struct mount_entry *e)
{
	free(e->root);
	free(e->point);
	free(e->type);
	free(e->source);
	free(e->options);
}

/* One line into e; false (e freed) when it is malformed. */
static bool parse_line(const char *line, size_t n, struct mount_entry *e)
{
	struct cursor c = { line, line + n, false };
	struct field f[MI_BEFORE], a[MI_AFTER], o, dev;
	const char *colon;
	size_t k;

	memset(e, 0, sizeof(*e));
	for (k = 0; k < MI_BEFORE; k++)
		if (!next_field(&c, &f[k]))
			return false;
	/* the optional fields, then "-" */
	do {
		if (!next_field(&c, &o))
			return false;
	} while (o.n != 1 || o.s[0] != '-');
	for (k = 0; k < MI_AFTER; k++)
		if (!next_field(&c, &a[k]))
			return false;
	dev = f[2];
	colon = memchr(dev.s, ':', dev.n);
	if (!number(f[0], &e->id) || !number(f[1], &e->parent) || !colon ||
	    !number((struct field){ dev.s, (size_t)(colon - dev.s) },
		    &e->major) ||
	    !number((struct field){ colon + 1,
				    (size_t)(dev.s + dev.n - colon - 1) },
		    &e->minor) ||
	    !a[0].n || !a[2].n)
		return false;
	e->root = unescape(f[3]);
	e->point = unescape(f[4]);
	e->type = unescape(a[0]);
	e->source = unescape(a[1]);
	e->options = xstrndup(a[2].s, a[2].n);
	if (!e->root || !e->point || !e->type || !e->source ||
	    e->root[0] != '/' || e->point[0] != '/' ||
	    memchr(a[2].s, 0, a[2].n)) {
		entry_free(e);
		return false;
	}
	return true;
}

void mountinfo_parse(const char *text, size_t len, struct mountinfo *out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		struct mount_entry e;
		if (!n)
			continue;
		if (!parse_line(line, n, &e)) {
			out->skipped++;
			continue;
		}
		xgrow((void **)&out->m, &out->cap, out->n + 1, sizeof(*out->m));
		out->m[out->n++] = e;
	}
}

void mountinfo_free(struct mountinfo *mi)
{
	for (size_t i = 0; i < mi->n; i++)
		entry_free(&mi->m[i]);
	free(mi->m);
	memset(mi, 0, sizeof(*mi));
}

bool mountinfo_has_option(const struct mount_entry *e, const char *opt)
{
	size_t ol = strlen(opt);

	for (const char *p = e->options;;) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (l == ol && !memcmp(p, opt, ol))
			return true;
		if (!c)
			return false;
		p = c + 1;
	}
}

const struct mount_entry *mountinfo_find(const struct mountinfo *mi,
					 const char *type, const char *opt)
{
	for (size_t i = 0; i < mi->n; i++)
		if (!strcmp(mi->m[i].type, type) &&
		    (!opt || mountinfo_has_option(&mi->m[i], opt)))
			return &mi->m[i];
	return NULL;
}
