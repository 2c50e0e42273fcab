/*
 * test_slabinfo.c - the /proc/slabinfo parser on every capture in
 * tests/data (counts and fields checked against the text with the test's
 * own tokenizing) and on hand-made bad input.
 */
#include "testlib.h"

#include "slabinfo.h"

/* Data lines as a reader counts them: not blank, not the version header,
 * not a '#' comment. */
static size_t count_data_lines(const char *s)
{
	size_t n = 0;
	const char *p = s;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *q = p;
		while (q < p + len && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < p + len && *q != '#' && strncmp(q, "slabinfo -", 10))
			n++;
		p += len + (e ? 1 : 0);
	}
	return n;
}

/* Check cache c against its line: for 2.x the fields are the five numbers
 * after the name and the two after "slabdata". */
static void check_line_2x(const char *text, const struct slab_snapshot *s,
			  const struct slab_cache *c)
{
	const char *p = text;
	char line[4096], *tok, *save;
	unsigned long long v[5];
	size_t ln = 1;

	while (ln < c->line) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
		ln++;
	}
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
	tok = strtok_r(line, " \t\r", &save);
	assert_string_equal(tok, slab_cache_name(s, c));
	for (int i = 0; i < 5; i++) {
		tok = strtok_r(NULL, " \t\r", &save);
		v[i] = strtoull(tok, NULL, 10);
	}
	assert_int_equal(c->active_objs, v[0]);
	assert_int_equal(c->num_objs, v[1]);
	assert_int_equal(c->objsize, v[2]);
	assert_int_equal(c->objperslab, v[3]);
	assert_int_equal(c->pagesperslab, v[4]);
	while ((tok = strtok_r(NULL, " \t\r", &save)) &&
	       strcmp(tok, "slabdata"))
		;
	assert_non_null(tok);
	assert_int_equal(c->active_slabs,
			 strtoull(strtok_r(NULL, " \t\r", &save), NULL, 10));
	assert_int_equal(c->num_slabs,
			 strtoull(strtok_r(NULL, " \t\r", &save), NULL, 10));
}

static void test_every_capture(void **state)
{
	size_t nfiles;
	char **files = test_list("slabinfo-", &nfiles);

	(void)state;
	assert_true(nfiles >= 14);
	for (size_t i = 0; i < nfiles; i++) {
		size_t len;
		char *text = test_read(files[i], &len);
		struct slab_snapshot s = { 0 };
		struct kerr err = { { 0 } };
		bool v11 = strstr(text, "version: 1.1") != NULL;

		if (slabinfo_parse(text, len, &s, &err))
			fail_msg("%s: %s", files[i], err.msg);
		if (s.n != count_data_lines(text) || s.skipped)
			fail_msg("%s: %zu caches, %zu skipped, %zu data lines",
				 files[i], s.n, s.skipped,
				 count_data_lines(text));
		assert_int_equal(s.version_major, v11 ? 1 : 2);
		assert_int_equal(s.statistics,
				 strstr(text, "(statistics)") != NULL);
		if (!v11) {
			check_line_2x(text, &s, &s.caches[0]);
			check_line_2x(text, &s, &s.caches[s.n - 1]);
			check_line_2x(text, &s, &s.caches[s.n / 2]);
		}
		slab_snapshot_free(&s);
		free(text);
		free(files[i]);
	}
	free(files);
}

static struct slab_snapshot parse_file(const char *name)
{
	size_t len;
	char *text = test_read(name, &len);
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };

	assert_int_equal(slabinfo_parse(text, len, &s, &err), 0);
	free(text);
	return s;
}

static const struct slab_cache *find(struct slab_snapshot *s, const char *n)
{
	size_t i = slab_snapshot_find(s, n, strlen(n));
	if (i == SIZE_MAX)
		fail_msg("no cache named '%s'", n);
	return &s->caches[i];
}

static void test_v11_names_with_spaces(void **state)
{
	struct slab_snapshot s =
		parse_file("slabinfo-2.4.15-i686-smp-v1.1-lkml.txt");
	/* "file lock cache       91    504     92   12   12    1 :  252  126" */
	const struct slab_cache *c = find(&s, "file lock cache");

	(void)state;
	assert_int_equal(s.n, 60);
	assert_int_equal(c->active_objs, 91);
	assert_int_equal(c->num_objs, 504);
	assert_int_equal(c->objsize, 92);
	assert_int_equal(c->active_slabs, 12);
	assert_int_equal(c->num_slabs, 12);
	assert_int_equal(c->pagesperslab, 1);
	assert_int_equal(c->objperslab, 504 / 12);
	find(&s, "dnotify cache");
	slab_snapshot_free(&s);
}

static void test_v11_statistics(void **state)
{
	struct slab_snapshot s =
		parse_file("slabinfo-2.4.19-i686-up-v1.1-statistics-lkml.txt");
	/* "kmem_cache 58 84 136 3 3 1 : 58 58 3 0 0" */
	const struct slab_cache *c = find(&s, "kmem_cache");

	(void)state;
	assert_int_equal(s.n, 59);
	assert_true(s.statistics);
	assert_int_equal(c->active_objs, 58);
	assert_int_equal(c->num_objs, 84);
	assert_int_equal(c->num_slabs, 3);
	slab_snapshot_free(&s);
}

static void test_statistics_tabs_and_wrapped_values(void **state)
{
	struct slab_snapshot s =
		parse_file("slabinfo-2.6.12-x86_64-slab-statistics-lkml.txt");
	/* fib6_nodes 5 54 72 54 1 : tunables 32 16 8 : slabdata 1 1 0 :
	 * globalstat ... with TABs */
	const struct slab_cache *c = find(&s, "fib6_nodes");

	(void)state;
	assert_int_equal(s.n, 134);
	assert_int_equal(c->active_objs, 5);
	assert_int_equal(c->num_objs, 54);
	assert_int_equal(c->objsize, 72);
	assert_int_equal(c->num_slabs, 1);
	slab_snapshot_free(&s);
}

static void test_odd_names(void **state)
{
	struct slab_snapshot s = parse_file(
		"slabinfo-5.x-x86_64-slubdebug-prometheus-procfs.txt");
	const struct slab_cache *c = find(&s, "iwl_cmd_pool:0000:04:00.0");

	(void)state;
	assert_int_equal(c->num_objs, 128);
	assert_int_equal(c->objsize, 512);
	assert_int_equal(c->num_slabs, 4);
	find(&s, "L2TP/IPv6");
	slab_snapshot_free(&s);
}

static void test_no_final_newline(void **state)
{
	struct slab_snapshot s =
		parse_file("slabinfo-3.x-x86_64-telegraf-testdata.txt");
	(void)state;
	assert_int_equal(s.n, 21);
	assert_int_equal(s.skipped, 0);
	slab_snapshot_free(&s);
}

/* ---- hand-made input ---- */

#define HDR "slabinfo - version: 2.1\n"
#define LINE(name, a, n) \
	name " " a " " n " 64 64 1 : tunables 0 0 0 : slabdata 2 2 0\n"

static int parse(const char *text, size_t len, struct slab_snapshot *s,
		 struct kerr *err)
{
	return slabinfo_parse(text, len, s, err);
}

static void test_empty_and_header_only(void **state)
{
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };

	(void)state;
	assert_int_equal(parse("", 0, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(parse(HDR, strlen(HDR), &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.skipped, 0);
	slab_snapshot_free(&s);
}

static void test_unknown_version(void **state)
{
	const char *t = "slabinfo - version: 3.0\n" LINE("a", "1", "2");
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };

	(void)state;
	assert_int_equal(parse(t, strlen(t), &s, &err), -1);
	assert_non_null(strstr(err.msg, "3.0"));
	assert_int_equal(s.n, 0);
	slab_snapshot_free(&s);
}

static void test_no_header_crlf(void **state)
{
	const char *t = "a 1 2 64 64 1 : tunables 0 0 0 : slabdata 2 2 0\r\n"
			"b 3 4 64 64 1 : tunables 0 0 0 : slabdata 5 6 0\r\n";
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };

	(void)state;
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(slab_cache_name(&s, &s.caches[1]), "b");
	assert_int_equal(s.caches[1].num_slabs, 6);
	slab_snapshot_free(&s);
}

static void test_bad_numbers_skipped(void **state)
{
	const char *t = HDR LINE("ok1", "1",
				 "2") LINE("big", "18446744073709551616", "2")
		LINE("neg", "-1", "2") "short 1 2 3\n" LINE(
			"max", "18446744073709551615", "18446744073709551615")
			LINE("ok2", "3", "4");
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };

	(void)state;
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.skipped, 3);
	assert_int_equal(s.first_skipped, 3);
	assert_int_equal(s.caches[1].active_objs, UINT64_MAX);
	assert_string_equal(slab_cache_name(&s, &s.caches[2]), "ok2");
	slab_snapshot_free(&s);
}

static void test_junk_and_nul(void **state)
{
	char junk[4096];
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };
	const char with_nul[] = HDR
		"a\0b 1 2 64 64 1 : tunables 0 0 0 : slabdata 2 2 0\n" LINE(
			"c", "1", "1");

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)((i * 7919 + 13) & 0xff);
	/* no header and not one cache line: not slabinfo, an error */
	assert_int_equal(parse(junk, sizeof(junk), &s, &err), -1);
	assert_non_null(strstr(err.msg, "not a slabinfo file"));
	assert_int_equal(s.n, 0);
	assert_int_equal(parse(with_nul, sizeof(with_nul) - 1, &s, &err), 0);
	/* the line holding a NUL is read with the NUL kept in the name */
	assert_int_equal(s.n, 2);
	assert_int_equal(s.caches[0].name_len, 3);
	slab_snapshot_free(&s);
}

static void test_long_name_kept_whole(void **state)
{
	size_t n = 100000;
	char *t = malloc(n + 200);
	struct slab_snapshot s = { 0 };
	struct kerr err = { { 0 } };

	(void)state;
	memset(t, 'x', n);
	strcpy(t + n, " 1 2 64 64 1 : tunables 0 0 0 : slabdata 2 2 0\n");
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.caches[0].name_len, n);
	assert_int_equal(strlen(slab_cache_name(&s, &s.caches[0])), n);
	slab_snapshot_free(&s);
	free(t);
}

static void test_find_and_copy(void **state)
{
	const char *t = HDR LINE("dup", "1", "2") LINE("x", "5", "6")
		LINE("dup", "3", "4");
	struct slab_snapshot s = { 0 }, c = { 0 };
	struct kerr err = { { 0 } };

	(void)state;
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_int_equal(slab_snapshot_find(&s, "dup", 3), 0);
	assert_int_equal(slab_snapshot_find(&s, "x", 1), 1);
	assert_int_equal(slab_snapshot_find(&s, "nope", 4), SIZE_MAX);
	slab_snapshot_copy(&c, &s);
	slab_snapshot_free(&s);
	assert_int_equal(c.n, 3);
	assert_string_equal(slab_cache_name(&c, &c.caches[1]), "x");
	assert_int_equal(c.caches[2].active_objs, 3);
	assert_int_equal(slab_snapshot_find(&c, "x", 1), 1);
	slab_snapshot_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_capture),
		cmocka_unit_test(test_v11_names_with_spaces),
		cmocka_unit_test(test_v11_statistics),
		cmocka_unit_test(test_statistics_tabs_and_wrapped_values),
		cmocka_unit_test(test_odd_names),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_unknown_version),
		cmocka_unit_test(test_no_header_crlf),
		cmocka_unit_test(test_bad_numbers_skipped),
		cmocka_unit_test(test_junk_and_nul),
		cmocka_unit_test(test_long_name_kept_whole),
		cmocka_unit_test(test_find_and_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
