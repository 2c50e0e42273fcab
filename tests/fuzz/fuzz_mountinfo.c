/*
 * fuzz_mountinfo.c - the mountinfo parser never fails; every mount taken
 * has absolute ROOT and POINT and no NUL inside its strings; lines taken
 * and skipped are no more than the lines; and the mounts, written back
 * the way the kernel escapes them, parse to the same mounts.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mountinfo.h"
#include "util.h"

/* s as the kernel writes a field: blank, tab, newline and backslash as
 * octal escapes */
static void put_escaped(struct sbuf *b, const char *s)
{
	for (; *s; s++)
		if (strchr(" \t\n\\", *s))
			sbuf_addf(b, "\\%03o", (unsigned char)*s);
		else
			sbuf_addc(b, *s);
}

static bool same(const struct mount_entry *a, const struct mount_entry *b)
{
	return a->id == b->id && a->parent == b->parent &&
	       a->major == b->major && a->minor == b->minor &&
	       !strcmp(a->root, b->root) && !strcmp(a->point, b->point) &&
	       !strcmp(a->type, b->type) && !strcmp(a->source, b->source) &&
	       !strcmp(a->options, b->options);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mountinfo mi, again;
	struct sbuf b = { 0 };
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	mountinfo_parse((const char *)data, size, &mi);
	if (mi.n + mi.skipped > lines)
		abort();
	for (size_t i = 0; i < mi.n; i++) {
		const struct mount_entry *e = &mi.m[i];
		if (e->root[0] != '/' || e->point[0] != '/' || !e->type[0] ||
		    !e->options[0])
			abort();
		sbuf_addf(&b, "%llu %llu %llu:%llu ",
			  (unsigned long long)e->id,
			  (unsigned long long)e->parent,
			  (unsigned long long)e->major,
			  (unsigned long long)e->minor);
		put_escaped(&b, e->root);
		sbuf_addc(&b, ' ');
		put_escaped(&b, e->point);
		sbuf_add(&b, " rw - ", 6);
		put_escaped(&b, e->type);
		sbuf_addc(&b, ' ');
		put_escaped(&b, e->source);
		/* a field after the options: a "\r" ending them stays */
		sbuf_addf(&b, " %s x\n", e->options);
	}
	mountinfo_parse(b.s ? b.s : "", b.len, &again);
	if (again.n != mi.n || again.skipped)
		abort();
	for (size_t i = 0; i < mi.n; i++)
		if (!same(&mi.m[i], &again.m[i]))
			abort();
	if (mountinfo_find(&mi, "cgroup", "memory") &&
	    !memmem(data, size, "memory", 6))
		abort();
	mountinfo_free(&again);
	mountinfo_free(&mi);
	sbuf_free(&b);
	return 0;
}
