/*
 * test_sockstat.c - the sockstat parser on the captures and on hostile
 * lines (numbers past 64 bits, keys without values, a protocol twice,
 * \0, 10,000-character lines); and the cgroup view's machine row, whose
 * SOCK is the mem pages of /proc/net/sockstat, given in memory.
 */
#include "testlib.h"

#include "cgroup_model.h"
#include "sockstat.h"
#include "view_cgroup.h"

static void parse(const char *t, struct sockstat *s)
{
	sockstat_parse(t, strlen(t), s);
}

static void test_parse_fixtures(void **state)
{
	static const char *const files[] = {
		"cgroup2-6.6/proc/net/sockstat",
		"sockstat-6.18-x86_64-kmemtop-ci-live.txt",
	};
	static const uint64_t mem[] = { 128, 239 };
	struct sockstat s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		size_t len;
		char *t = test_read(files[i], &len);
		sockstat_parse(t, len, &s);
		assert_int_equal(s.skipped, 0);
		assert_true(s.have_mem && s.mem == mem[i]);
		assert_true(s.p[SS_SOCKETS].have_inuse);
		assert_false(s.p[SS_SOCKETS].have_mem);
		assert_true(s.p[SS_TCP].have_inuse && s.p[SS_TCP].have_mem);
		assert_true(s.p[SS_UDP].have_mem);
		assert_false(s.p[SS_UDPLITE].have_mem);
		assert_true(s.p[SS_RAW].have_inuse);
		/* FRAG's memory is bytes, no mem */
		assert_true(s.p[SS_FRAG].have_inuse);
		assert_false(s.p[SS_FRAG].have_mem);
		free(t);
	}
	parse("sockets: used 40\nTCP: inuse 3 orphan 0 tw 0 alloc 5 mem 100\n"
	      "UDP: inuse 2 mem 28\n",
	      &s);
	assert_true(s.p[SS_SOCKETS].inuse == 40 && s.p[SS_TCP].inuse == 3);
	assert_true(s.p[SS_TCP].mem == 100 && s.p[SS_UDP].mem == 28);
	assert_string_equal(sockstat_name(SS_UDPLITE), "UDPLITE");
}

static void test_parse_hostile(void **state)
{
	static const char *const bad[] = {
		"TCP",
		"TCP:",
		"TCP: ",
		": mem 1",
		"TCP : mem 1",
		"TCP:mem 1",
		"TCP: mem",
		"TCP: mem ",
		"TCP: mem x",
		"TCP: mem -1",
		"TCP: mem 1x",
		"TCP: mem 99999999999999999999",
		"TCP: mem 18446744073709551616",
		"TCP: mem  1",
		"TCP:  mem 1",
		"TCP: mem 1 ",
		"TCP: mem 1 mem 2",
		"TCP: inuse 1 inuse 2",
		"TCP: inuse",
		"TCP: 5",
	};
	struct sockstat s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		parse(bad[i], &s);
		if (s.have_mem || s.p[SS_TCP].have_inuse || s.skipped != 1)
			fail_msg("taken: \"%s\"", bad[i]);
	}
	/* a bad line costs only itself; an unknown key is ignored, an
	 * unknown protocol's mem counted; CRLF; blank lines not counted */
	parse("\nTCP: inuse 1 mem 99999999999999999999\nUDP: inuse 0 mem 28\r\n"
	      "MPTCP: inuse 1 mem 5 newkey 7\n\n",
	      &s);
	assert_int_equal(s.skipped, 1);
	assert_false(s.p[SS_TCP].have_mem);
	assert_true(s.have_mem && s.mem == 33);
	/* the largest values; their sum past 64 bits is no sum */
	parse("TCP: mem 18446744073709551615\n", &s);
	assert_true(s.have_mem && s.mem == UINT64_MAX);
	parse("TCP: mem 18446744073709551615\nUDP: mem 1\n", &s);
	assert_false(s.have_mem);
	assert_true(s.p[SS_TCP].have_mem && s.p[SS_UDP].have_mem);
	parse("X: mem 18446744073709551615\nY: mem 1\n", &s);
	assert_false(s.have_mem);
	/* a protocol twice: neither line, nor its mem */
	parse("TCP: inuse 1 mem 10\nUDP: mem 2\nTCP: mem 20\nTCP: mem 30\n",
	      &s);
	assert_true(s.p[SS_TCP].dup);
	assert_false(s.p[SS_TCP].have_mem || s.p[SS_TCP].have_inuse);
	assert_true(s.have_mem && s.mem == 2);
	parse("TCP: orphan 1\nTCP: mem 20\n", &s);
	assert_true(s.p[SS_TCP].dup && !s.have_mem);
	/* a NUL byte: in a value, the line is bad; the others count */
	{
		static const char t[] = "TCP: mem 1\0\nUDP: mem 2\n\0\n";
		sockstat_parse(t, sizeof(t) - 1, &s);
		assert_int_equal(s.skipped, 2);
		assert_true(s.have_mem && s.mem == 2);
	}
}

/* 10,000-character lines: many pairs, a long name, a long number */
static void test_parse_long(void **state)
{
	struct sbuf b = { 0 };
	struct sockstat s;

	(void)state;
	sbuf_addf(&b, "TCP:");
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&b, " k%d %d", i, i);
	sbuf_addf(&b, " mem 7\n");
	sbuf_fill(&b, 'N', 10000);
	sbuf_addf(&b, ": mem 3\nUDP: mem ");
	sbuf_fill(&b, '0', 10000);
	sbuf_addf(&b, "4\n");
	sockstat_parse(b.s, b.len, &s);
	assert_int_equal(s.skipped, 0);
	assert_true(s.p[SS_TCP].mem == 7 && s.p[SS_UDP].mem == 4);
	assert_true(s.have_mem && s.mem == 14);
	sbuf_free(&b);
}

/* The machine row's SOCK (bytes) for sockstat text s; false: absent. */
static bool machine_sock(const char *s, uint64_t *v)
{
	struct test_view t;
	struct out_table r;
	struct kerr err;
	bool have = false;

	test_view_open(&t, &view_cgroup);
	test_view_file(&t, "proc/net/sockstat", s);
	assert_int_equal(test_view_read(&t, 1, &err), 0);
	r = test_view_rows(&t, USE_JSON);
	for (size_t i = 0; i < r.nrows; i++) {
		const struct cg_row *row = (const struct cg_row *)r.rows + i;
		if (row->kind == CGR_MACHINE) {
			have = row->have[CC_SOCK];
			*v = row->v[CC_SOCK];
		}
	}
	free(r.idx);
	test_view_close(&t);
	return have;
}

static void test_view_fixtures(void **state)
{
	size_t len;
	char *s = test_read("cgroup2-6.6/proc/net/sockstat", &len);
	uint64_t v;

	(void)state;
	/* TCP's 100 pages and UDP's 28; FRAG's "memory" is bytes, not
	 * counted */
	assert_true(machine_sock(s, &v));
	assert_true(v == 128 * 4096);
	free(s);
	s = test_read("sockstat-6.18-x86_64-kmemtop-ci-live.txt", &len);
	assert_true(machine_sock(s, &v));
	assert_true(v == 239 * 4096);
	free(s);
	/* no mem at all: absent, not 0 */
	assert_false(machine_sock("sockets: used 3\nRAW: inuse 0\n", &v));
}

/* a sum past 64 bits, in pages or in bytes, is no number of bytes: the
 * cell is empty, never the sum wrapped around */
static void test_view_overflow(void **state)
{
	uint64_t v;

	(void)state;
	assert_false(machine_sock("TCP: inuse 1 mem 18446744073709551615\n"
				  "UDP: inuse 0 mem 28\n",
				  &v));
	assert_false(
		machine_sock("TCP: inuse 1 mem 4611686018427387904\n", &v));
	/* a value past 64 bits is no value: the others count */
	assert_true(machine_sock("TCP: inuse 1 mem 99999999999999999999\n"
				 "UDP: inuse 0 mem 28\n",
				 &v));
	assert_true(v == 28 * 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixtures),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_view_fixtures),
		cmocka_unit_test(test_view_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
