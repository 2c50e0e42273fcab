/*
 * test_util.c - layer 0: integer parsing, the sanitizer every untrusted
 * string goes through, the string buffer and line iteration.
 */
#include "testlib.h"

#include <locale.h>

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
	r = san("a\0b", 3, 0);
	assert_string_equal(r, "a\\x00b");
	free(r);
	assert_true(sanitize_is_clean("abc", 3));
	assert_false(sanitize_is_clean("a\tc", 3));
}

/* For a terminal: in a UTF-8 locale cells are display widths and a code
 * point without one is escaped; in any other locale every non-ASCII byte
 * is escaped. */
static void test_sanitize_display(void **state)
{
	struct sbuf b = { 0 };
	size_t cells, n;

	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		skip();
	/* "ab" then two CJK characters (2 cells each), a combining accent */
	assert_int_equal(sanitize(&b,
				  "ab\xe4\xb8\xad\xe6\x96\x87"
				  "e\xcc\x81",
				  11, SAN_WIDE),
			 2 + 4 + 1 + 0);
	assert_string_equal(b.s, "ab\xe4\xb8\xad\xe6\x96\x87"
				 "e\xcc\x81");
	/* cut at 3 cells: the first wide character does not fit whole */
	sbuf_reset(&b);
	assert_int_equal(sanitize_fit(&b, "ab\xe4\xb8\xad\xe6\x96\x87", 8,
				      SAN_WIDE, 3),
			 2);
	assert_string_equal(b.s, "ab");
	/* an escape is never cut */
	sbuf_reset(&b);
	assert_int_equal(sanitize_fit(&b, "a\x1bz", 3, SAN_WIDE, 4), 1);
	assert_string_equal(b.s, "a");
	/* unassigned code point U+0378: escaped on a terminal, kept as data */
	sbuf_reset(&b);
	sanitize(&b, "\xcd\xb8", 2, SAN_WIDE);
	assert_string_equal(b.s, "\\xcd\\xb8");
	sbuf_reset(&b);
	sanitize(&b, "\xcd\xb8", 2, 0);
	assert_string_equal(b.s, "\xcd\xb8");
	/* a locale that is not UTF-8: every byte past ASCII escaped */
	sbuf_reset(&b);
	assert_int_equal(sanitize(&b, "caf\xc3\xa9", 5, SAN_ASCII), 3 + 8);
	assert_string_equal(b.s, "caf\\xc3\\xa9");
	/* text_fit measures sanitized text the same way */
	n = text_fit("ab\xe4\xb8\xad\xe6\x96\x87", 8, SAN_WIDE, 5, &cells);
	assert_int_equal(n, 5);
	assert_int_equal(cells, 4);
	n = text_fit("abcdef", 6, SAN_ASCII, 4, &cells);
	assert_int_equal(n, 4);
	sbuf_free(&b);
	setlocale(LC_CTYPE, "C");
}

/* mid(s, flags, max): sanitize_middle's text; *cells its cells */
static char *mid(const char *s, unsigned flags, size_t max, size_t *cells)
{
	struct sbuf b = { 0 };

	*cells = sanitize_middle(&b, s, strlen(s), flags, max);
	return b.s ? b.s : xstrdup("");
}

/* s shortened to max cells is want, of want_cells cells */
static void mid_is(const char *s, unsigned flags, size_t max, const char *want,
		   size_t want_cells)
{
	size_t cells;
	char *r = mid(s, flags, max, &cells);

	assert_string_equal(r, want);
	assert_int_equal(cells, want_cells);
	free(r);
}

static void test_sanitize_middle(void **state)
{
	static const char *const names[] = { "kmalloc-rcl-128",
					     "kmalloc-rcl-192",
					     "kmalloc-cg-128",
					     "kmalloc-cg-192" };
	char *r[4];
	size_t cells;

	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		skip();
	/* fits: as sanitize writes it */
	mid_is("kmalloc-192", SAN_WIDE, 11, "kmalloc-192", 11);
	/* the middle goes, the larger half kept at the end */
	mid_is("kmalloc-rcl-192", SAN_WIDE, 12,
	       "kmall\xe2\x80\xa6"
	       "cl-192",
	       12);
	mid_is("/system.slice/docker.service/docker-1a2b", SAN_WIDE, 28,
	       "/system.slice\xe2\x80\xa6"
	       "ce/docker-1a2b",
	       28);
	/* names that share a start stay apart once the end keeps what
	 * tells them apart (6 cells here) */
	for (size_t w = 12; w < 16; w++) {
		for (size_t i = 0; i < 4; i++) {
			r[i] = mid(names[i], SAN_WIDE, w, &cells);
			assert_true(cells <= w);
		}
		for (size_t i = 0; i < 4; i++)
			for (size_t k = i + 1; k < 4; k++)
				if (strcmp(r[i], r[k]) == 0)
					fail_msg("width %zu: %s and %s both %s",
						 w, names[i], names[k], r[i]);
		for (size_t i = 0; i < 4; i++)
			free(r[i]);
	}
	/* wide characters count two cells, and are never halved */
	mid_is("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87x", SAN_WIDE, 6,
	       "\xe4\xb8\xad\xe2\x80\xa6\xe6\x96\x87x", 6);
	/* escapes are never cut: the end starts after a whole one, and the
	 * start takes the cell it leaves */
	mid_is("abcdef\x1bgh", SAN_WIDE, 7,
	       "abcd\xe2\x80\xa6"
	       "gh",
	       7);
	/* the sanitizer still applies: no control byte gets through */
	mid_is("\x1b[2Jabcdefghijklmnop", SAN_WIDE, 12,
	       "\\x1b[\xe2\x80\xa6"
	       "klmnop",
	       12);
	/* a locale that is not UTF-8: "~" */
	mid_is("kmalloc-rcl-192", SAN_ASCII, 9, "kmal~-192", 9);
	setlocale(LC_CTYPE, "C");
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
	const char *t = "one\r\n"
			"\n"
			"two\n"
			"three";
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
		cmocka_unit_test(test_sanitize_middle),
		cmocka_unit_test(test_sanitize_display),
		cmocka_unit_test(test_sbuf),
		cmocka_unit_test(test_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
