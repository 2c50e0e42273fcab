/*
 * testlib.h - shared helpers for the cmocka unit tests: reading fixtures
 * from $TESTDATA (tests/data, set by make check) and counting lines the
 * way a reader of the file would, independently of the parsers.
 */
#ifndef KMEMTOP_TESTLIB_H
#define KMEMTOP_TESTLIB_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Read $TESTDATA/name whole; fails the test if it cannot. The buffer is
 * NUL-terminated; *len gets its length. Caller frees. */
static inline char *test_read(const char *name, size_t *len)
{
	const char *dir = getenv("TESTDATA");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	if (!dir)
		fail_msg("TESTDATA is not set: run the tests through make "
			 "check");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The fixture files whose names start with prefix, sorted; NULL-ended.
 * Caller frees each and the array. */
static int test_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline char **test_list(const char *prefix, size_t *count)
{
	const char *dir = getenv("TESTDATA");
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	if (!dir)
		fail_msg("TESTDATA is not set");
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		v = realloc(v, (n + 2) * sizeof(*v));
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), test_cmp_str);
	v[n] = NULL;
	*count = n;
	return v;
}

#endif
