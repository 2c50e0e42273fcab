/*
 * test_util.c - layer 0: integer parsing, the sanitizer every untrusted
 * string goes through, the string buffer and line iteration.
 */
#include "testlib.h"

#include "util.h"

static bool parse(const char *s, uint64_t *v, const char **rest)
{
	const char *p = s;
	bool ok = parse_u64(&p, s + strlen(s), v);
	*rest = p;
	return ok;
}

static void test_parse_u64(void **state)
{
	uint64_t v;
	const char *rest;

	(void)state;
	assert_true(parse("0", &v, &rest));
	assert_int_equal(v, 0);
	assert_true(parse("  \t42 x", &v, &rest));
	assert_int_equal(v, 42);
	assert_string_equal(rest, " x");
	assert_true(parse("18446744073709551615", &v, &rest));
	assert_true(v == UINT64_MAX);
	assert_false(parse("18446744073709551616", &v, &rest));
	assert_false(parse("99999999999999999999999", &v, &rest));
	assert_false(parse("", &v, &rest));
	assert_false(parse("-1", &v, &rest));
	assert_false(parse("abc", &v, &rest));
	assert_true(parse("12abc", &v, &rest));
	assert_int_equal(v, 12);
	assert_string_equal(rest, "abc");
}

static char *san(const char *s, size_t n, unsigned flags)
{
	struct sbuf b = { 0 };
	sanitize(&b, s, n, flags);
	return b.s ? b.s : strdup("");
}

static void no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("control byte 0x%02x left in '%s'", *p, s);
}

static void test_sanitize(void **state)
{
	char *r;

	(void)state;
	r = san("dentry", 6, 0);
	assert_string_equal(r, "dentry");
	free(r);
	r = san("a\x1b[2Jb", 6, 0);
	assert_string_equal(r, "a\\x1b[2Jb");
	no_controls(r);
	free(r);
	r = san("\x7f\xc2\x9b", 3, 0); /* DEL and C1 CSI */
	assert_string_equal(r, "\\x7f\\xc2\\x9b");
	free(r);
	r = san("\xff", 1, 0);
	assert_string_equal(r, "\\xff");
	free(r);
	r = san("\xe2\x82", 2, 0); /* truncated sequence */
	assert_string_equal(r, "\\xe2\\x82");
	free(r);
	r = san("\xc0\xaf", 2, 0); /* overlong '/' */
	assert_string_equal(r, "\\xc0\\xaf");
	free(r);
	r = san("\xed\xa0\x80", 3, 0); /* a surrogate */
	assert_string_equal(r, "\\xed\\xa0\\x80");
	free(r);
	r = san("caf\xc3\xa9 \xe2\x82\xac", 9, 0); /* valid UTF-8 kept */
	assert_string_equal(r, "caf\xc3\xa9 \xe2\x82\xac");
	free(r);
	r = san("a\n\x1b\xff", 4, SAN_KEEP_C0);
	assert_string_equal(r, "a\n\x1b\\xff");
	free(r);
	r = san("a\0b", 3, 0);
	assert_string_equal(r, "a\\x00b");
	free(r);
	assert_true(sanitize_is_clean("abc", 3));
	assert_false(sanitize_is_clean("a\tc", 3));
}

static void test_sanitize_every_byte(void **state)
{
	char in[256];
	char *r;

	(void)state;
	for (int i = 0; i < 256; i++)
		in[i] = (char)i;
	r = san(in, 256, 0);
	no_controls(r);
	free(r);
}

static void test_sbuf(void **state)
{
	struct sbuf b = { 0 };

	(void)state;
	for (int i = 0; i < 10000; i++)
		sbuf_addf(&b, "%08d", i);
	assert_int_equal(b.len, 80000);
	assert_int_equal(strlen(b.s), 80000);
	assert_memory_equal(b.s + 79992, "00009999", 8);
	sbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	sbuf_free(&b);
}

static void test_lines(void **state)
{
	const char *t = "one\r\n\ntwo\nthree";
	const char *pos = t, *end = t + strlen(t), *l;
	size_t n;

	(void)state;
	l = text_next_line(&pos, end, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(l, "one", 3);
	l = text_next_line(&pos, end, &n);
	assert_int_equal(n, 0);
	l = text_next_line(&pos, end, &n);
	assert_memory_equal(l, "two", 3);
	l = text_next_line(&pos, end, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(l, "three", 5);
	assert_null(text_next_line(&pos, end, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_every_byte),
		cmocka_unit_test(test_sbuf),
		cmocka_unit_test(test_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
