/*
 * test_output.c - slabtop's text lines written out by hand, the header,
 * and JSON parsed back with json-c: fields, escaping, no raw control byte.
 */
#include "testlib.h"

#include <inttypes.h>
#include <stdio.h>

#include <json-c/json.h>

#include "output.h"
#include "slab_model.h"
#include "view_slab.h"

/* The slab table of m's rows idx[0..n) as -o prints it. */
static void slab_text(const struct slab_model *m, size_t *idx, size_t n,
		      struct sbuf *b)
{
	struct out_sink k = { .buf = b };
	struct out_table t = { .table = &slab_table,
			       .rows = m->rows,
			       .row_size = sizeof(*m->rows),
			       .idx = idx,
			       .n = n,
			       .slabtop = true };

	output_table_text(&t, &k);
}

/* -o --json of the slab view on a slabinfo of this text. */
static void slab_json(const char *text, double time, struct sbuf *b)
{
	struct test_view t;
	struct kerr err;

	test_view_open(&t, &view_slab);
	test_view_file(&t, "proc/slabinfo", text);
	assert_int_equal(test_view_read(&t, 1, &err), 0);
	test_view_json(&t, time, b);
	test_view_close(&t);
}

static void test_summary_lines(void **state)
{
	struct slab_totals t = {
		.active_objs = 205509,
		.num_objs = 208544,
		.active_slabs = 6932,
		.num_slabs = 6932,
		.active_caches = 121,
		.num_caches = 235,
		.active_size = 56944292,
		.total_size = 58112143,
		.min_objsize = 8,
		.avg_objsize = 278,
		.max_objsize = 51488,
	};
	struct sbuf b = { 0 };

	(void)state;
	slab_summary_lines(&t, &b);
	assert_string_equal(
		b.s,
		" Active / Total Objects (% used)    : 205509 / 208544 (98.5%)\n"
		" Active / Total Slabs (% used)      : 6932 / 6932 (100.0%)\n"
		" Active / Total Caches (% used)     : 121 / 235 (51.5%)\n"
		" Active / Total Size (% used)       : 55609.66K / 56750.14K (98.0%)\n"
		" Minimum / Average / Maximum Object : 0.01K / 0.27K / 50.28K\n");
	sbuf_free(&b);
}

static void test_zero_totals(void **state)
{
	struct slab_totals t = { 0 };
	struct sbuf b = { 0 };

	(void)state;
	slab_summary_lines(&t, &b);
	assert_null(strstr(b.s, "nan"));
	assert_non_null(strstr(b.s, ": 0 / 0 (0.0%)"));
	sbuf_free(&b);
}

static struct slab_model model(const char *text)
{
	struct slab_model m;
	struct kerr err;

	slab_model_init(&m, 4096);
	assert_int_equal(slab_model_update(&m, text, strlen(text), 1, &err), 0);
	return m;
}

/* slabtop's header, padded to 78 cells, and a line as its printf
 * makes it: "%6u %6u %3u%% %7.2fK %6u %8u %9luK %-23s\n" */
static void test_header_and_line(void **state)
{
	struct slab_model m = model(
		"slabinfo - version: 2.1\n"
		"dentry 28984 29001 192 21 1 : tunables 0 0 0 : slabdata 1381 1381 0\n");
	struct sbuf b = { 0 };
	size_t idx = 0;
	char want[200];

	(void)state;
	slab_text(&m, &idx, 1, &b);
	snprintf(
		want, sizeof(want),
		"%-78s\n"
		"%s",
		"  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME",
		" 29001  28984  99%    0.19K   1381       21      5524K dentry                 \n");
	assert_string_equal(b.s, want);
	sbuf_free(&b);
	slab_model_free(&m);
}

static void test_no_raw_escape(void **state)
{
	static const char text[] =
		"slabinfo - version: 2.1\n"
		"ev\x1b[2Jil\xff 1 2 8 1 1 : tunables 0 0 0 : slabdata 1 1 0\n";
	struct slab_model m = model(text);
	struct sbuf b = { 0 };
	size_t idx = 0;

	(void)state;
	slab_text(&m, &idx, 1, &b);
	assert_null(memchr(b.s, 0x1b, b.len));
	assert_non_null(strstr(b.s, "ev\\x1b[2Jil\\xff"));
	sbuf_reset(&b);
	slab_json(text, 1.5, &b);
	assert_null(memchr(b.s, 0x1b, b.len));
	assert_null(memchr(b.s, 0xff, b.len));
	/* ESC as json-c writes it; the invalid byte as a lone surrogate,
	 * never as the text "\xff" (which a name could hold itself) */
	assert_non_null(strstr(b.s, "\"name\":\"ev\\u001b[2Jil\\udcff\""));
	json_object *o = json_tokener_parse(b.s);
	assert_non_null(o);
	json_object *rows = json_object_object_get(o, "rows");
	const char *name = json_object_get_string(json_object_object_get(
		json_object_array_get_idx(rows, 0), "name"));
	assert_non_null(name);
	assert_int_equal(strncmp(name, "ev\x1b[2Jil", 7), 0);
	json_object_put(o);
	sbuf_free(&b);
	slab_model_free(&m);
}

/* col_format's integer paths print what printf prints: for every object
 * size up to 2 MiB and for values near the fallback bound, including
 * the exact ties (bytes * 25 % 256 == 128) printf rounds to even. */
static void test_numbers_as_printf(void **state)
{
	const struct column kib2 = { .width = 7, .fmt = F_KIB2 };
	const struct column kib = { .width = 9, .fmt = F_KIB };
	const struct column cnt = { .width = 6, .fmt = F_COUNT };
	struct sbuf b = { 0 };
	char want[64];
	uint64_t big[] = { (UINT64_C(1) << 53) / 25 - 1,
			   (UINT64_C(1) << 53) / 25, UINT64_MAX };

	(void)state;
	for (uint64_t v = 0; v <= 2 * 1024 * 1024; v++) {
		struct value x = { .kind = V_U64, .u = v };
		sbuf_reset(&b);
		col_format(&kib2, &x, &b, 0, 0);
		snprintf(want, sizeof(want), "%7.2fK", (double)v / 1024.0);
		assert_string_equal(b.s, want);
	}
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		struct value x = { .kind = V_U64, .u = big[i] };
		sbuf_reset(&b);
		col_format(&kib2, &x, &b, 0, 0);
		snprintf(want, sizeof(want), "%7.2fK", (double)big[i] / 1024.0);
		assert_string_equal(b.s, want);
		sbuf_reset(&b);
		col_format(&kib, &x, &b, 0, 0);
		snprintf(want, sizeof(want), "%9" PRIu64 "K", big[i] / 1024);
		assert_string_equal(b.s, want);
		sbuf_reset(&b);
		col_format(&cnt, &x, &b, 0, 0);
		snprintf(want, sizeof(want), "%6" PRIu64, big[i]);
		assert_string_equal(b.s, want);
	}
	sbuf_free(&b);
}

static void test_json_fields(void **state)
{
	struct sbuf b = { 0 };
	json_object *o, *r, *s;

	(void)state;
	slab_json("slabinfo - version: 2.1\n"
		  "a 10 20 64 60 2 : tunables 0 0 0 : slabdata 3 4 0\n"
		  "b 0 0 32 128 1 : tunables 0 0 0 : slabdata 0 0 0\n",
		  1234.5, &b);
	assert_int_equal(b.s[b.len - 1], '\n');
	assert_null(memchr(b.s, '\n', b.len - 1)); /* one line */
	o = json_tokener_parse(b.s);
	assert_non_null(o);
	assert_true(json_object_get_double(json_object_object_get(o, "time")) ==
		    1234.5);
	assert_string_equal(
		json_object_get_string(json_object_object_get(o, "view")),
		"slab");
	s = json_object_object_get(o, "summary");
	assert_int_equal(
		json_object_get_int64(json_object_object_get(s, "num_objs")),
		20);
	assert_int_equal(json_object_get_int64(
				 json_object_object_get(s, "active_caches")),
			 1);
	assert_int_equal(
		json_object_get_int64(json_object_object_get(s, "total_size")),
		20 * 64);
	r = json_object_array_get_idx(json_object_object_get(o, "rows"), 0);
	assert_string_equal(
		json_object_get_string(json_object_object_get(r, "name")), "a");
#define F(k, v) \
	assert_int_equal(json_object_get_int64(json_object_object_get(r, k)), v)
	F("active_objs", 10);
	F("num_objs", 20);
	F("objsize", 64);
	F("objperslab", 60);
	F("pagesperslab", 2);
	F("active_slabs", 3);
	F("num_slabs", 4);
	F("cache_size", 4 * 2 * 4096);
	F("use", 50);
#undef F
	/* the /sys/kernel/slab fields, null without it */
	assert_true(json_object_object_get_ex(r, "waste", NULL));
	assert_null(json_object_object_get(r, "waste"));
	assert_null(json_object_object_get(r, "merged"));
	assert_int_equal(json_object_object_length(r), 16);
	json_object_put(o);
	sbuf_free(&b);
}

/* Strings in JSON: valid UTF-8 kept, C0/DEL/C1 controls as \u00XX, each
 * invalid byte as \udcXX; a literal backslash-x stays distinguishable. */
static void test_json_strings(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "a\x1b[2J", "\"a\\u001b[2J\"" },
		{ "bad\xff", "\"bad\\udcff\"" },
		{ "text\\xff", "\"text\\\\xff\"" },
		{ "csi\xc2\x9b"
		  "1m",
		  "\"csi\\u009b1m\"" },
		{ "del\x7f\xfe", "\"del\\u007f\\udcfe\"" },
		{ "q\"\\\xc0", "\"q\\\"\\\\\\udcc0\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_object *o =
			output_json_string(cases[i].in, strlen(cases[i].in));
		assert_string_equal(
			json_object_to_json_string_ext(
				o, JSON_C_TO_STRING_PLAIN |
					   JSON_C_TO_STRING_NOSLASHESCAPE),
			cases[i].want);
		json_object_put(o);
	}
}

/* A shrink that freed nothing says why, not "0 freed" */
static void test_shrink_words(void **state)
{
	char m[512];

	(void)state;
	slab_shrink_words("filp", 12, 10, m, sizeof(m));
	assert_string_equal(m, "filp: shrunk, 12 -> 10 slabs (2 freed)");
	slab_shrink_words("filp", 12, 12, m, sizeof(m));
	assert_string_equal(
		m,
		"filp: shrunk, 12 -> 12 slabs (none freed: every slab still holds objects in use, and shrink gives back only empty ones)");
	/* slabs made meanwhile: not a negative number freed */
	slab_shrink_words("filp", 12, 13, m, sizeof(m));
	assert_non_null(strstr(m, "12 -> 13 slabs (none freed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_lines),
		cmocka_unit_test(test_zero_totals),
		cmocka_unit_test(test_header_and_line),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_no_raw_escape),
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_numbers_as_printf),
		cmocka_unit_test(test_shrink_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
