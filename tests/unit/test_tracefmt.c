/*
 * test_tracefmt.c - the tracepoint format parser on this machine's own
 * kmem format files (tests/data/tracefmt-6.18-*: offsets checked against
 * the files by eye and written here as numbers) and on hand-made bad
 * lines: no offset, a number with a sign or a letter, a field ending past
 * any record, a name too long, a duplicate, a __data_loc of the wrong
 * size, too many fields; the kmalloc size ladder the fallback maps
 * kmalloc sizes to.
 */
#include "testlib.h"

#include <linux/types.h>

#include "activity_src.h"
#include "bpf/activity_maps.h"
#include "tracefmt.h"

static void expect(const struct tracefmt *t, const char *name, uint32_t off,
		   uint32_t size, bool sgn, bool loc)
{
	const struct tracefmt_field *f = tracefmt_find(t, name);

	assert_non_null(f);
	assert_int_equal(f->offset, off);
	assert_int_equal(f->size, size);
	assert_int_equal(f->is_signed, sgn);
	assert_int_equal(f->data_loc, loc);
}

static void test_fixtures(void **state)
{
	struct tracefmt t;
	size_t len;
	char *s;

	(void)state;
	s = test_read("tracefmt-6.18-x86_64-kmemtop-ci-kmem_cache_alloc.txt",
		      &len);
	tracefmt_parse(s, len, &t);
	assert_string_equal(t.event, "kmem_cache_alloc");
	assert_true(t.have_id);
	assert_int_equal(t.id, 659);
	assert_int_equal(t.n, 12);
	assert_int_equal(t.skipped, 0);
	expect(&t, "common_type", 0, 2, false, false);
	expect(&t, "common_pid", 4, 4, true, false);
	expect(&t, "call_site", 8, 8, false, false);
	expect(&t, "ptr", 16, 8, false, false);
	expect(&t, "name", 24, 4, false, true);
	expect(&t, "bytes_req", 32, 8, false, false);
	expect(&t, "bytes_alloc", 40, 8, false, false);
	expect(&t, "node", 56, 4, true, false);
	expect(&t, "accounted", 60, 1, false, false);
	/* the print fmt's REC->x are no fields */
	assert_null(tracefmt_find(&t, "REC"));
	free(s);

	s = test_read("tracefmt-6.18-x86_64-kmemtop-ci-kmem_cache_free.txt",
		      &len);
	tracefmt_parse(s, len, &t);
	assert_int_equal(t.n, 7);
	expect(&t, "name", 24, 4, false, true);
	free(s);

	s = test_read("tracefmt-6.18-x86_64-kmemtop-ci-kmalloc.txt", &len);
	tracefmt_parse(s, len, &t);
	assert_string_equal(t.event, "kmalloc");
	assert_int_equal(t.n, 10);
	expect(&t, "bytes_req", 24, 8, false, false);
	expect(&t, "bytes_alloc", 32, 8, false, false);
	assert_null(tracefmt_find(&t, "name"));
	free(s);

	s = test_read("tracefmt-6.18-x86_64-kmemtop-ci-kfree.txt", &len);
	tracefmt_parse(s, len, &t);
	assert_int_equal(t.n, 6);
	expect(&t, "ptr", 16, 8, false, false);
	free(s);
}

static void test_malformed(void **state)
{
	static const char bad[] =
		"name: x\n"
		"ID: 12abc\n"
		"format:\n"
		"\tfield:unsigned long a;\tsize:8;\tsigned:0;\n"   /* no offset */
		"\tfield:unsigned long b;\toffset:-8;\tsize:8;\n"  /* sign */
		"\tfield:unsigned long c;\toffset:8x;\tsize:8;\n"  /* letter */
		"\tfield:unsigned long d;\toffset:65530;\tsize:8;\n" /* past */
		"\tfield:unsigned long e;\toffset:8;\tsize:0;\n"   /* empty */
		"\tfield:int aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;\toffset:0;\tsize:4;\n"
		"\tfield:__data_loc char[] f;\toffset:24;\tsize:8;\n" /* loc */
		"\tfield:;\toffset:8;\tsize:8;\n"     /* no name */
		"\tfield:char g[16];\toffset:8;\tsize:16;\tsigned:1;\n"
		"\tfield:char g;\toffset:30;\tsize:1;\n"           /* twice */
		"\tfield:u8 h\toffset:8;\tsize:1;\n"		   /* no ';' */
		"\tfield:u64 i;\toffset:99999999999999999999;\tsize:8;\n"
		"\tfield:u32 j;  offset:4;  size:4;\n"; /* old: no signed */
	struct tracefmt t;

	(void)state;
	tracefmt_parse(bad, sizeof(bad) - 1, &t);
	assert_string_equal(t.event, "x");
	assert_false(t.have_id); /* "12abc" is no number */
	assert_int_equal(t.n, 2);
	assert_int_equal(t.skipped, 11);
	/* an array's name without its brackets */
	expect(&t, "g", 8, 16, true, false);
	expect(&t, "j", 4, 4, false, false);
	assert_null(tracefmt_find(&t, "d"));
	/* nothing at all */
	tracefmt_parse("", 0, &t);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.skipped, 0);
	assert_string_equal(t.event, "");
}

static void test_too_many(void **state)
{
	char buf[8192];
	size_t len = 0;
	struct tracefmt t;

	(void)state;
	for (int i = 0; i < TRACEFMT_FIELDS_MAX + 5; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"\tfield:int f%d;\toffset:%d;\tsize:4;\n",
					i, 4 * i);
	tracefmt_parse(buf, len, &t);
	assert_int_equal(t.n, TRACEFMT_FIELDS_MAX);
	assert_int_equal(t.skipped, 5);
}

/* sizes to the kmalloc bucket kmalloc_slab() picks for them (the
 * standard ladder: powers of two from 8 to 8192 with 96 and 192);
 * larger: whole pages (0) */
static void test_bucket(void **state)
{
	static const struct {
		__u64 bytes, bucket;
	} c[] = { { 1, 8 },	   { 8, 8 },	     { 9, 16 },	  { 33, 64 },
		  { 64, 64 },	   { 65, 96 },	     { 96, 96 },  { 97, 128 },
		  { 128, 128 },	   { 129, 192 },     { 192, 192 }, { 193, 256 },
		  { 257, 512 },	   { 1000, 1024 },   { 4097, 8192 },
		  { 8192, 8192 },  { 8193, 0 },	     { 1 << 20, 0 } };
	char name[ACT_NAME_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (act_kmalloc_bucket(c[i].bytes) != c[i].bucket)
			fail_msg("%llu bytes: bucket %llu, not %llu",
				 (unsigned long long)c[i].bytes,
				 (unsigned long long)act_kmalloc_bucket(
					 c[i].bytes),
				 (unsigned long long)c[i].bucket);
	}
	act_bucket_name(64, name, sizeof(name));
	assert_string_equal(name, "kmalloc-64");
	act_bucket_name(192, name, sizeof(name));
	assert_string_equal(name, "kmalloc-192");
	act_bucket_name(1024, name, sizeof(name));
	assert_string_equal(name, "kmalloc-1k");
	act_bucket_name(8192, name, sizeof(name));
	assert_string_equal(name, "kmalloc-8k");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_bucket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
