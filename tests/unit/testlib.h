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

#include <json-c/json.h>

#include "output.h"
#include "view.h"

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
		fail_msg(
			"TESTDATA is not set: run the tests through make check");
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

/* A view of the registry, read from files given in memory: what the
 * screen and the reports do, without a filesystem. */
struct test_view {
	struct options o;
	struct view_env env;
	const struct view *v;
	void *settings, *st;
	struct source_file files[4];
	size_t nfiles;
};

/* Open view v (settings: NULL, or set options first through
 * v->options). */
static inline void test_view_open(struct test_view *t, const struct view *v)
{
	memset(t, 0, sizeof(*t));
	t->o.root = "/mem";
	t->o.page_size = 4096;
	t->v = v;
	t->settings = v->settings_new ? v->settings_new() : NULL;
	view_env_init(&t->env, &t->o);
	source_close(&t->env.src);
	source_open_files(&t->env.src, "/mem", t->files, 0);
}

/* Set an option of the view (before the first read). */
static inline void test_view_option(struct test_view *t, const char *name,
				    const char *arg)
{
	struct kerr err;

	for (size_t i = 0; i < t->v->noptions; i++)
		if (!strcmp(t->v->options[i].name, name)) {
			assert_int_equal(t->v->options[i].set(t->settings, arg,
							      &err),
					 0);
			return;
		}
	fail_msg("no option %s", name);
}

/* The text of file rel (e.g. "proc/slabinfo") from now on; borrowed. */
static inline void test_view_file(struct test_view *t, const char *rel,
				  const char *text)
{
	size_t i;

	for (i = 0; i < t->nfiles && strcmp(t->files[i].rel, rel); i++)
		;
	assert_true(i < 4);
	t->files[i] = (struct source_file){ rel, text, strlen(text) };
	if (i == t->nfiles)
		t->nfiles++;
	t->env.src.nfiles = t->nfiles;
}

/* Read the view as a refresh does (meminfo first when it wants it). */
static inline int test_view_read(struct test_view *t, double now,
				 struct kerr *err)
{
	if (!t->st)
		t->st = t->v->create(&t->o, t->settings);
	if (t->v->meminfo)
		view_env_meminfo(&t->env);
	return t->v->read(t->st, &t->env, now, err);
}

/* The view's rows for use, sorted by the table's default (caller frees
 * idx). */
static inline struct out_table test_view_rows(struct test_view *t,
					      enum view_use use)
{
	struct out_table r;
	int col;
	bool desc;

	t->v->rows(t->st, use, &r);
	view_sort_default(r.table, &col, &desc);
	r.n = r.nrows;
	r.idx = table_sorted(&r.table->cols[col], desc, r.rows, r.row_size,
			     r.nrows);
	return r;
}

/* What -o prints for the view: summary and table. */
static inline void test_view_text(struct test_view *t, struct sbuf *b)
{
	struct out_sink k = { .buf = b };
	struct out_table r = test_view_rows(t, USE_TEXT);

	t->v->summary(t->st, &t->env, USE_TEXT, false, b);
	output_table_text(&r, &k);
	free(r.idx);
}

/* What -o --json prints for the view, as text in b. */
static inline void test_view_json(struct test_view *t, double time,
				  struct sbuf *b)
{
	struct out_sink k = { .buf = b };
	struct out_table r = test_view_rows(t, USE_JSON);
	json_object *head = json_object_new_object();

	json_object_object_add(head, "time", json_object_new_double(time));
	json_object_object_add(head, "view",
			       json_object_new_string(t->v->name));
	t->v->json_head(t->st, &t->env, head);
	output_json(head, &r, &k);
	free(r.idx);
}

static inline void test_view_close(struct test_view *t)
{
	if (t->st)
		t->v->destroy(t->st);
	free(t->settings);
	view_env_free(&t->env);
}

#endif
