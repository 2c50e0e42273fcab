/*
 * test_allocinfo.c - the /proc/allocinfo parser on the fixtures of both
 * versions (written from Documentation/mm/allocation-profiling.rst and
 * the 2.0 patch's example: no kernel here has the profile enabled), and
 * on hostile lines.
 */
#include "testlib.h"

#include "alloc_model.h"
#include "allocinfo.h"

struct got {
	struct alloc_site s[64];
	size_t n;
	int64_t bytes;
};

static void collect(const struct alloc_site *s, void *ctx)
{
	struct got *g = ctx;

	if (g->n < ARRAY_SIZE(g->s))
		g->s[g->n++] = *s;
	g->bytes += s->bytes;
}

static int parse(const char *text, size_t len, struct got *g,
		 struct allocinfo_stats *st, struct kerr *err)
{
	memset(g, 0, sizeof(*g));
	return allocinfo_parse(text, len, collect, g, st, err);
}

static bool eq(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && !memcmp(p, want, n);
}

static void test_v1(void **state)
{
	size_t len;
	char *text = test_read("allocinfo-1.0-doc.txt", &len);
	struct allocinfo_stats st;
	struct kerr err = { { 0 } };
	struct got g;

	(void)state;
	assert_int_equal(parse(text, len, &g, &st, &err), 0);
	assert_int_equal(st.major, 1);
	assert_int_equal(st.minor, 0);
	assert_int_equal(st.sites, 11); /* every line */
	assert_int_equal(st.skipped, 0);
	/* the sum of the size column, by hand */
	assert_int_equal(g.bytes, 2936013 + 3984589 + 4194304 + 4299162 +
					  6291456 + 9227469 + 13631488 +
					  14680064 + 15728640 + 57671680 +
					  127926272);
	assert_true(eq(g.s[0].file, g.s[0].file_len, "fs/kernfs/dir.c"));
	assert_int_equal(g.s[0].line, 615);
	assert_int_equal(g.s[0].calls, 22648);
	assert_null(g.s[0].module);
	assert_true(eq(g.s[0].func, g.s[0].func_len, "__kernfs_new_node"));
	assert_true(eq(g.s[2].module, g.s[2].module_len, "ctagmod"));
	assert_true(eq(g.s[2].func, g.s[2].func_len, "ctagmod_start"));
	assert_int_equal(g.s[2].lineno, 5);
	free(text);
}

static void test_v2(void **state)
{
	size_t len;
	char *text = test_read("allocinfo-2.0-doc.txt", &len);
	struct allocinfo_stats st;
	struct kerr err = { { 0 } };
	struct got g;

	(void)state;
	assert_int_equal(parse(text, len, &g, &st, &err), 0);
	assert_int_equal(st.major, 2);
	assert_int_equal(st.sites, 6);
	assert_int_equal(st.skipped, 0);
	for (size_t i = 0; i < g.n; i++)
		assert_int_equal(g.s[i].inaccurate, i == 2); /* __its_alloc */
	assert_true(eq(g.s[2].func, g.s[2].func_len, "__its_alloc"));
	assert_true(eq(g.s[4].module, g.s[4].module_len, "ctagmod"));
	free(text);
}

static void test_hostile(void **state)
{
	static const char bad[] =
		"allocinfo - version: 1.0\n"
		"#     <size>  <calls> <tag info>\n"
		"99999999999999999999 1 a.c:1 func:f \n" /* past 64 bits */
		"9223372036854775808 1 a.c:1 func:f \n"	 /* past INT64_MAX */
		"-5 1 a.c:2 func:neg \n"		 /* taken: signed */
		"10 x a.c:1 func:f \n"
		"10 1 a.c func:f \n" /* no line number */
		"10 1 a.c:1 \n"	     /* no function */
		"10 1 a.c:1 [m func:f \n"
		"10 1 a.c:1 func: \n"
		"\n"
		"10 1 a.c:1 func:f\0x \n" /* a NUL */
		"10 1 b:c.c:7 [mod] func:g later:word \n";
	static const char head[] = "allocinfo - version: 1.0\n10 1 ";
	struct allocinfo_stats st;
	struct kerr err = { { 0 } };
	struct got g;
	struct sbuf b = { 0 };

	(void)state;
	assert_int_equal(parse(bad, sizeof(bad) - 1, &g, &st, &err), 0);
	assert_int_equal(st.sites, 2);
	assert_int_equal(st.skipped, 9);
	assert_int_equal(st.first_skipped, 3);
	assert_int_equal(g.s[0].bytes, -5);
	assert_true(eq(g.s[1].file, g.s[1].file_len, "b:c.c"));
	assert_int_equal(g.s[1].line, 7);
	assert_true(eq(g.s[1].module, g.s[1].module_len, "mod"));
	/* a 10,000-character name is a name */
	sbuf_add(&b, head, strlen(head));
	for (int i = 0; i < 10000; i++)
		sbuf_addc(&b, 'x');
	sbuf_addf(&b, ".c:1 func:f \n");
	assert_int_equal(parse(b.s, b.len, &g, &st, &err), 0);
	assert_int_equal(st.sites, 1);
	assert_int_equal(g.s[0].file_len, 10002);
	sbuf_free(&b);
	/* no header, another major version: refused, said */
	assert_int_equal(parse("10 1 a.c:1 func:f\n", 18, &g, &st, &err), -1);
	assert_non_null(strstr(err.msg, "not an allocinfo file"));
	assert_int_equal(g.n, 0);
	assert_int_equal(parse("allocinfo - version: 3.0\n", 25, &g, &st, &err),
			 -1);
	assert_non_null(strstr(err.msg, "version 3.0"));
	assert_int_equal(parse("", 0, &g, &st, &err), -1);
}

/* The model's groups: sums by hand over the fixtures' lines. */
static void test_groups(void **state)
{
	size_t len;
	char *v1 = test_read("allocinfo-1.0-doc.txt", &len), *v2;
	size_t len2;
	struct alloc_model m = { .group = AG_MODULE };
	struct kerr err = { { 0 } };
	int64_t total = 2936013 + 3984589 + 4194304 + 4299162 + 6291456 +
			9227469 + 13631488 + 14680064 + 15728640 + 57671680 +
			127926272; /* = 260571137 */

	(void)state;
	v2 = test_read("allocinfo-2.0-doc.txt", &len2);
	assert_int_equal(alloc_model_read(&m, v1, len, &err), 0);
	assert_int_equal(m.total, total);
	assert_int_equal(m.nrows,
			 2); /* in name order: "(built in)" < "ctagmod" */
	assert_string_equal(m.rows[0].name, "(built in)");
	assert_int_equal(m.rows[0].bytes, total - 4194304);
	assert_int_equal(m.rows[0].sites, 10);
	assert_int_equal(m.rows[0].calls, 22648 + 953 + 4 + 1532 + 2785 + 234 +
						  3520 + 3656 + 4887 + 31168);
	assert_string_equal(m.rows[1].name, "ctagmod");
	assert_int_equal(m.rows[1].bytes, 4194304);

	/* by file: alternative.c's two sites in one row, its accurate:no
	 * carried */
	m.group = AG_FILE;
	assert_int_equal(alloc_model_read(&m, v2, len2, &err), 0);
	assert_int_equal(m.nrows, 5);
	assert_string_equal(m.rows[0].name, "arch/x86/kernel/alternative.c");
	assert_int_equal(m.rows[0].sites, 2);
	assert_string_equal(m.rows[0].accurate, "no");
	assert_int_equal(m.total, 4194304 + 4299162);

	/* by site: "FILE:LINE", the function and the module */
	m.group = AG_SITE;
	assert_int_equal(alloc_model_read(&m, v1, len, &err), 0);
	assert_int_equal(m.nrows, 11);
	assert_string_equal(m.rows[2].name,
			    "drivers/staging/ctagmod/ctagmod.c:20");
	assert_string_equal(m.rows[2].func, "ctagmod_start");
	assert_string_equal(m.rows[2].module, "ctagmod");
	assert_string_equal(m.rows[0].module, "");
	/* refused: no rows */
	assert_int_equal(alloc_model_read(&m, "x\n", 2, &err), -1);
	assert_int_equal(m.nrows, 0);
	alloc_model_free(&m);
	free(v1);
	free(v2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
