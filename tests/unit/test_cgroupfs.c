/*
 * test_cgroupfs.c - cgroup memory files: memory.stat keys found by name
 * in any order (new keys in the middle), absent keys absent, a key given
 * twice or a value that is no number absent (never a wrong number);
 * memory.max's "max"; memory.events and memory.oom_control's oom_kill;
 * memory.pressure's some avg10.
 */
#include "testlib.h"

#include "cgroupfs.h"

static void stat_of(const char *t, struct cg_stat *s)
{
	cgroupfs_stat(t, strlen(t), s);
}

static void test_stat(void **state)
{
	struct cg_stat s;

	(void)state;
	stat_of("anon 4096\nfile 8192\nkernel 12288\nkernel_stack 16384\n"
		"pagetables 4096\nsec_pagetables 0\npercpu 512\nsock 0\n"
		"vmalloc 8192\nnew_key_of_2030 77\nslab_reclaimable 1024\n"
		"slab_unreclaimable 2048\nslab 3072\n",
		&s);
	assert_true(s.have[CG_KERNEL] && s.v[CG_KERNEL] == 12288);
	assert_true(s.have[CG_SEC_PAGETABLES] && s.v[CG_SEC_PAGETABLES] == 0);
	assert_true(s.have[CG_SLAB_UNRECL] && s.v[CG_SLAB_UNRECL] == 2048);
	assert_int_equal(s.skipped, 0);
	/* a 5.10 kernel: no kernel, vmalloc, sec_pagetables */
	stat_of("anon 1\nkernel_stack 2\npagetables 3\npercpu 4\nsock 5\n", &s);
	assert_false(s.have[CG_KERNEL]);
	assert_false(s.have[CG_VMALLOC]);
	assert_false(s.have[CG_SEC_PAGETABLES]);
	assert_true(s.have[CG_SOCK] && s.v[CG_SOCK] == 5);
	/* hostile: twice, negative, past 64 bits, no value, a long key,
	 * CRLF, a key that only starts like one */
	stat_of("kernel 1\nkernel 2\nsock -5\nvmalloc 99999999999999999999\n"
		"percpu\nslab_reclaimable 7 junk\n"
		"kernel_stackX 9\npagetables 10\r\n",
		&s);
	assert_false(s.have[CG_KERNEL]);
	assert_true(s.bad[CG_KERNEL]);
	assert_int_equal(s.dup, 1);
	assert_false(s.have[CG_SOCK]);
	assert_false(s.have[CG_VMALLOC]);
	assert_false(s.have[CG_PERCPU]);
	assert_false(s.have[CG_SLAB_RECL]);
	assert_false(s.have[CG_KERNEL_STACK]);
	assert_true(s.have[CG_PAGETABLES] && s.v[CG_PAGETABLES] == 10);
	assert_int_equal(s.skipped, 4);
	{
		char key[400];
		memset(key, 'k', 300);
		strcpy(key + 300, " 5\n");
		stat_of(key, &s);
		assert_int_equal(s.skipped, 0);
	}
}

static void test_files(void **state)
{
	uint64_t v;
	double d;

	(void)state;
	assert_int_equal(cgroupfs_value("max\n", true, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(cgroupfs_value("max\n", false, &v), -1);
	assert_int_equal(cgroupfs_value("1048576\n", false, &v), 0);
	assert_true(v == 1048576);
	assert_int_equal(cgroupfs_value("-1\n", true, &v), -1);
	assert_int_equal(cgroupfs_value("", true, &v), -1);
	{
		static const char ev[] =
			"low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\n";
		assert_int_equal(
			cgroupfs_key(ev, sizeof(ev) - 1, "oom_kill", &v), 0);
	}
	assert_true(v == 1);
	{
		static const char oc[] = "oom_kill_disable 0\nunder_oom 0\n";
		assert_int_equal(
			cgroupfs_key(oc, sizeof(oc) - 1, "oom_kill", &v), -1);
	}
	assert_int_equal(
		cgroupfs_pressure(
			"some avg10=1.50 avg60=0.00 avg300=0.00 total=0\n"
			"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
			&d),
		0);
	assert_true(d == 1.5);
	assert_int_equal(cgroupfs_pressure("full avg10=3.00\n", &d), -1);
	assert_int_equal(cgroupfs_pressure("some avg10=nan\n", &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
