/*
 * test_prom.c - prom_table on small tables made here: the families of the
 * metric columns, rows of one label set summed or the largest taken,
 * absent values not counted, the top N ranked and the rest under
 * "(other)", rows with names of their own, negative numbers, and label
 * values escaped before rows are grouped.
 */
#include "testlib.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prom.h"
#include "table.h"

struct trow {
	const char *name;
	uint64_t a; /* absent where !have_a */
	bool have_a;
	uint64_t size;
	int64_t s;
	int depth;
	bool own;
};

#define F(k, f) .kind = k, .off = offsetof(struct trow, f)

static void get_depth(const void *p, struct value *v)
{
	v->kind = V_I64;
	v->i = ((const struct trow *)p)->depth;
}

static const struct met_own own_row = { "own_", " of its own." };

static const struct met_own *own_of(const void *p)
{
	return ((const struct trow *)p)->own ? &own_row : NULL;
}

static const struct column cols[] = {
	{ .key = "name", F(V_STR, name), .label = "name" },
	{ .key = "a",
	  F(V_U64, a),
	  .flags = COL_MAYBE,
	  .have = offsetof(struct trow, have_a),
	  .metric = "a_bytes",
	  .met = MET_SUM,
	  .metric_help = "A" },
	{ .key = "size",
	  F(V_U64, size),
	  .metric = "size_bytes",
	  .met = MET_MAX,
	  .metric_help = "Size: the largest." },
	{ .key = "s",
	  F(V_I64, s),
	  .metric = "s",
	  .met = MET_SUM_RANKED,
	  .metric_help = "S, signed." },
	{ .key = "plain", F(V_U64, size) }, /* no metric */
};

static const struct table_metrics plain_metrics = {
	.prefix = "t_",
	.help_tail = " of the row.",
};

static const struct table plain = {
	.name = "t",
	.cols = cols,
	.ncols = ARRAY_SIZE(cols),
	.metrics = &plain_metrics,
};

static char *run(const struct table *t, const struct trow *rows, size_t n)
{
	struct sbuf b = { 0 };

	prom_table(&b, t, rows, sizeof(*rows), n);
	return b.s ? b.s : xstrdup("");
}

/* Rows of one name summed (a) or the largest taken (size), in the order
 * of their first row; a row without a value is not counted; HELP and
 * TYPE before the samples, the phrase completed by the table's tail. */
static void test_sum_max(void **state)
{
	const struct trow rows[] = {
		{ "x", 1, true, 64, -3 },  { "y", 2, true, 32, 5 },
		{ "x", 3, true, 128, -4 }, { "z", 7, false, 16, 0 },
		{ "y", 0, false, 8, 1 },
	};
	char *got = run(&plain, rows, ARRAY_SIZE(rows));

	(void)state;
	assert_string_equal(got, "# HELP t_a_bytes A of the row.\n"
				 "# TYPE t_a_bytes gauge\n"
				 "t_a_bytes{name=\"x\"} 4\n"
				 "t_a_bytes{name=\"y\"} 2\n"
				 "# HELP t_size_bytes Size: the largest.\n"
				 "# TYPE t_size_bytes gauge\n"
				 "t_size_bytes{name=\"x\"} 128\n"
				 "t_size_bytes{name=\"y\"} 32\n"
				 "t_size_bytes{name=\"z\"} 16\n"
				 "# HELP t_s S, signed.\n"
				 "# TYPE t_s gauge\n"
				 "t_s{name=\"x\"} -7\n"
				 "t_s{name=\"y\"} 6\n"
				 "t_s{name=\"z\"} 0\n");
	free(got);
}

/* A quote and a backslash escaped, a newline and ESC first made text
 * (\x0a, \x1b) and their backslash escaped; two names that escape
 * alike ("a" ESC, "a\x1b" as text) are one series, their sum; a family
 * no row has a value of is not written; no rows, no metrics: nothing. */
static void test_escaping(void **state)
{
	const struct trow rows[] = {
		{ "q\"b\\s\nl", 1, true, 1, 0 },
		{ "a\033", 2, true, 1, 0 },
		{ "a\\x1b", 5, true, 1, 0 },
	};
	const struct trow none[] = { { "n", 1, false, 2, 0 } };
	const struct table bare = { .name = "bare",
				    .cols = cols,
				    .ncols = ARRAY_SIZE(cols) };
	char *got = run(&plain, rows, ARRAY_SIZE(rows));

	(void)state;
	assert_non_null(strstr(got,
			       "t_a_bytes{name=\"q\\\"b\\\\s\\\\x0al\"} 1\n"
			       "t_a_bytes{name=\"a\\\\x1b\"} 7\n"
			       "# HELP t_size_bytes"));
	assert_null(strchr(got, '\033'));
	free(got);
	got = run(&plain, none, ARRAY_SIZE(none));
	assert_null(strstr(got, "t_a_bytes"));
	assert_non_null(strstr(got, "t_size_bytes{name=\"n\"} 2\n"));
	free(got);
	got = run(&plain, none, 0);
	assert_string_equal(got, "");
	free(got);
	got = run(&bare, rows, ARRAY_SIZE(rows));
	assert_string_equal(got, "");
	free(got);
}

static const struct column depth_col[] = {
	{ .key = "depth", .get = get_depth, .label = "depth" },
};

static const struct table_metrics ranked_metrics = {
	.prefix = "r_",
	.help_tail = " of the row.",
	.top = 2,
	.rank = { "a", "name" },
	.other = "(other)",
	.cols = depth_col,
	.ncols = ARRAY_SIZE(depth_col),
	.own = own_of,
};

static const struct table ranked = {
	.name = "r",
	.cols = cols,
	.ncols = ARRAY_SIZE(cols),
	.metrics = &ranked_metrics,
};

/* The top 2 by a (ties by name, in byte order), series in that order;
 * the rest summed per depth under "(other)", but not for a ranked-only
 * column (s); the row of its own apart, after the table's families. */
static void test_top_n(void **state)
{
	const struct trow rows[] = {
		{ "b", 5, true, 1, 10, 1 },
		{ "own", 100, true, 1, 1, 0, true },
		{ "a", 5, true, 2, 20, 1 },
		{ "c", 9, true, 3, 30, 2 },
		{ "d", 1, true, 4, 40, 1 },
		{ "e", 2, true, 5, 50, 2 },
		{ "B", 0, false, 6, 60, 1 },
	};
	char *got = run(&ranked, rows, ARRAY_SIZE(rows));

	(void)state;
	assert_string_equal(got,
			    "# HELP r_a_bytes A of the row.\n"
			    "# TYPE r_a_bytes gauge\n"
			    "r_a_bytes{name=\"c\",depth=\"2\"} 9\n"
			    "r_a_bytes{name=\"a\",depth=\"1\"} 5\n"
			    "r_a_bytes{name=\"(other)\",depth=\"1\"} 6\n"
			    "r_a_bytes{name=\"(other)\",depth=\"2\"} 2\n"
			    "# HELP r_size_bytes Size: the largest.\n"
			    "# TYPE r_size_bytes gauge\n"
			    "r_size_bytes{name=\"c\",depth=\"2\"} 3\n"
			    "r_size_bytes{name=\"a\",depth=\"1\"} 2\n"
			    "r_size_bytes{name=\"(other)\",depth=\"1\"} 6\n"
			    "r_size_bytes{name=\"(other)\",depth=\"2\"} 5\n"
			    "# HELP r_s S, signed.\n"
			    "# TYPE r_s gauge\n"
			    "r_s{name=\"c\",depth=\"2\"} 30\n"
			    "r_s{name=\"a\",depth=\"1\"} 20\n"
			    "# HELP own_a_bytes A of its own.\n"
			    "# TYPE own_a_bytes gauge\n"
			    "own_a_bytes 100\n"
			    "# HELP own_size_bytes Size: the largest.\n"
			    "# TYPE own_size_bytes gauge\n"
			    "own_size_bytes 1\n"
			    "# HELP own_s S, signed.\n"
			    "# TYPE own_s gauge\n"
			    "own_s 1\n");
	free(got);
}

/* Ranked by a signed column, the highest first (negative last), the
 * rest not counted without an other; a signed label. */
static void test_signed_rank(void **state)
{
	static const struct column scols[] = {
		{ .key = "s", F(V_I64, s), .label = "id" },
		{ .key = "size",
		  F(V_U64, size),
		  .metric = "v",
		  .met = MET_SUM,
		  .metric_help = "V." },
	};
	static const struct table_metrics m = { .prefix = "p_",
						.top = 2,
						.rank = { "s" } };
	static const struct table t = { .name = "p",
					.cols = scols,
					.ncols = ARRAY_SIZE(scols),
					.metrics = &m };
	const struct trow rows[] = {
		{ "x", 0, false, 1, -1000 },
		{ "y", 0, false, 2, 7 },
		{ "z", 0, false, 3, -5 },
	};
	char *got = run(&t, rows, ARRAY_SIZE(rows));

	(void)state;
	assert_string_equal(got, "# HELP p_v V.\n"
				 "# TYPE p_v gauge\n"
				 "p_v{id=\"7\"} 2\n"
				 "p_v{id=\"-5\"} 3\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sum_max),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_top_n),
		cmocka_unit_test(test_signed_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
