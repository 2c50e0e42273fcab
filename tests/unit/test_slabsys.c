/*
 * test_slabsys.c - SLUB's sysfs counters and call-site files: the
 * documented alloc_traces and free_traces examples (the kernel's
 * Documentation/mm/slub.rst), the older alloc_calls lines, and hostile
 * variants: huge counts, long stacks, missing fields, junk. Then the
 * /sys/kernel/slab reader on an in-memory tree: merged names, waste,
 * efficiency and partial slabs of a row, the filter text and the label.
 */
#include "testlib.h"

#include "slab_model.h"
#include "slab_sys.h"
#include "slabsys.h"

static void test_count(void **state)
{
	struct slabsys_count c;

	(void)state;
	assert_int_equal(slabsys_count("494 N0=494 N1=3\n", &c), 0);
	assert_int_equal(c.total, 494);
	assert_int_equal(c.nnodes, 2);
	assert_int_equal(c.node[1], 3);
	assert_int_equal(slabsys_count("7\n", &c), 0);
	assert_int_equal(c.total, 7);
	assert_int_equal(c.nnodes, 0);
	/* a node past the kept ones, junk, a later kernel's item */
	assert_int_equal(slabsys_count("5 N999=1 Nx=2 C0=3 N2=9", &c), 0);
	assert_int_equal(c.nnodes, 3);
	assert_int_equal(c.node[2], 9);
	assert_int_equal(slabsys_count("N0=1", &c), -1);
	assert_int_equal(slabsys_count("", &c), -1);
	assert_int_equal(slabsys_count("99999999999999999999999", &c), -1);
}

/* slub.rst's examples, as debugfs prints them: "%7ld " counts, frames
 * indented with spaces (alloc_traces) or a tab (the free example), a
 * blank line after each call site. */
static const char alloc_traces[] =
	"    338 pci_alloc_dev+0x2c/0xa0 waste=521872/1544 age=290837/291891/293509 pid=1 cpus=106 nodes=0-1\n"
	"        __kmem_cache_alloc_node+0x11f/0x4e0\n"
	"        kmalloc_trace+0x26/0xa0\n"
	"        pci_alloc_dev+0x2c/0xa0\n"
	"        pci_scan_single_device+0xd2/0x150\n"
	"\n"
	"      2 acpi_os_map_iomem+0x1b/0x1d0 age=7/7/7 pid=1-42 cpus=0-3\n"
	"        acpi_os_map_iomem+0x1b/0x1d0\n"
	"\n";

static const char free_traces[] =
	"   1980 <not-available> age=4294912290 pid=0 cpus=0\n"
	"\n"
	"     51 acpi_ut_update_ref_count+0x6a6/0x782 age=236886/237027/237772 pid=1 cpus=1\n"
	"\tkfree+0x2db/0x420\n"
	"\tacpi_ut_update_ref_count+0x6a6/0x782\n";

static void test_traces(void **state)
{
	struct slabsys_traces t = { 0 };
	const struct slabsys_trace *r;

	(void)state;
	slabsys_traces_parse(alloc_traces, strlen(alloc_traces), &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.skipped, 0);
	r = &t.t[0];
	assert_int_equal(r->count, 338);
	assert_string_equal(slabsys_str(&t, r->func),
			    "pci_alloc_dev+0x2c/0xa0");
	assert_true(r->have_waste);
	assert_int_equal(r->waste, 521872);
	assert_int_equal(r->waste_each, 1544);
	assert_true(r->have_age);
	assert_int_equal(r->age_min, 290837);
	assert_int_equal(r->age_avg, 291891);
	assert_int_equal(r->age_max, 293509);
	assert_string_equal(slabsys_str(&t, r->pids), "1");
	assert_string_equal(slabsys_str(&t, r->cpus), "106");
	assert_string_equal(slabsys_str(&t, r->nodes), "0-1");
	assert_int_equal(r->nframes, 4);
	assert_string_equal(slabsys_str(&t, r->stack),
			    "__kmem_cache_alloc_node+0x11f/0x4e0\n"
			    "kmalloc_trace+0x26/0xa0\n"
			    "pci_alloc_dev+0x2c/0xa0\n"
			    "pci_scan_single_device+0xd2/0x150");
	r = &t.t[1];
	assert_int_equal(r->count, 2);
	assert_false(r->have_waste);
	assert_string_equal(slabsys_str(&t, r->pids), "1-42");
	assert_string_equal(slabsys_str(&t, r->nodes), "");

	/* reused: the free example, one age, a tab-indented stack */
	slabsys_traces_parse(free_traces, strlen(free_traces), &t);
	assert_int_equal(t.n, 2);
	r = &t.t[0];
	assert_string_equal(slabsys_str(&t, r->func), "<not-available>");
	assert_int_equal(r->age_min, 4294912290ULL);
	assert_int_equal(r->age_max, 4294912290ULL);
	assert_int_equal(r->nframes, 0);
	assert_int_equal(t.t[1].nframes, 2);
	assert_string_equal(slabsys_str(&t, t.t[1].stack),
			    "kfree+0x2db/0x420\n"
			    "acpi_ut_update_ref_count+0x6a6/0x782");
	slabsys_traces_free(&t);
}

static void parse(const char *text, struct slabsys_traces *t)
{
	slabsys_traces_parse(text, strlen(text), t);
}

static void test_traces_hostile(void **state)
{
	struct slabsys_traces t = { 0 };
	struct sbuf b = { 0 };

	(void)state;
	/* before 5.17, sysfs alloc_calls: the same lines, no stacks */
	parse("   4 sk_alloc+0x2b/0x190 age=1/2/3 pid=1 cpus=0\n"
	      "   1 __alloc_skb+0x8c/0x1d0 age=9 pid=7 cpus=1\n",
	      &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.t[1].age_min, 9);
	/* a count past 64 bits, no function, junk, a stray frame: skipped;
	 * the biggest count there is, fields missing or malformed: kept */
	sbuf_addf(&b, "99999999999999999999999 f\n"
		      "    12\n"
		      "junk line\n"
		      "        frame_without_a_call_site\n"
		      "18446744073709551615 g waste=1 age=x/y pid= cpus\n");
	slabsys_traces_parse(b.s, b.len, &t);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.skipped, 4);
	assert_int_equal(t.t[0].count, UINT64_MAX);
	assert_false(t.t[0].have_waste);
	assert_false(t.t[0].have_age);
	assert_string_equal(slabsys_str(&t, t.t[0].pids), "");
	/* a stack longer than kept: cut, and said */
	sbuf_reset(&b);
	sbuf_addf(&b, "1 deep+0x1/0x2\n");
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&b, "        frame_%d+0x1/0x2\n", i);
	slabsys_traces_parse(b.s, b.len, &t);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.t[0].nframes, SLABSYS_FRAMES);
	assert_true(t.t[0].stack_cut);
	/* no newline at the end, CR LF */
	parse("3 f+0x1/0x2 pid=1\r\n        a\r\n        b", &t);
	assert_int_equal(t.n, 1);
	assert_string_equal(slabsys_str(&t, t.t[0].stack), "a\nb");
	/* a NUL ends no string early: its line is skipped */
	{
		static const char nul[] = "3 f\n        a\0b\n        c\n";
		slabsys_traces_parse(nul, sizeof(nul) - 1, &t);
	}
	assert_int_equal(t.skipped, 1);
	assert_int_equal(t.n, 1);
	assert_string_equal(slabsys_str(&t, t.t[0].stack), "c");
	slabsys_traces_parse("", 0, &t);
	assert_int_equal(t.n, 0);
	sbuf_free(&b);
	slabsys_traces_free(&t);
}

/* A tree in memory: "cred" real-named; ":A-0000192" holding three names,
 * one a link that leaves the directory (not followed). */
#define F(rel, text)                              \
	{                                         \
		rel, text, sizeof(text) - 1, NULL \
	}
#define L(rel, to)             \
	{                      \
		rel, "", 0, to \
	}
static const struct source_file files[] = {
	F("proc/slabinfo",
	  "slabinfo - version: 2.1\n"
	  "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
	  "cred                 100    168    192   21    1 : tunables    0    0    0 : slabdata      8      8      0\n"
	  "signal_cache          96    154   1152   14    4 : tunables    0    0    0 : slabdata     11     11      0\n"
	  "lonely                 0      0     64   64    1 : tunables    0    0    0 : slabdata      0      0      0\n"),
	F("sys/kernel/slab/cred/object_size", "184\n"),
	F("sys/kernel/slab/cred/reclaim_account", "0\n"),
	F("sys/kernel/slab/cred/partial", "3 N0=3\n"),
	L("sys/kernel/slab/signal_cache", ":A-0001152"),
	L("sys/kernel/slab/UNIX", ":A-0001152"),
	L("sys/kernel/slab/UNIX-STREAM", ":A-0001152"),
	L("sys/kernel/slab/evil", "../../../etc"),
	F("sys/kernel/slab/:A-0001152/object_size", "1100\n"),
	F("sys/kernel/slab/:A-0001152/reclaim_account", "1\n"),
};

static void test_reader(void **state)
{
	struct source src;
	struct slab_model m;
	struct slab_sys s;
	const struct source_file *si = &files[0];
	struct kerr err;
	const struct slab_row *cred, *sig, *lonely;

	(void)state;
	source_open_files(&src, "/x", files, ARRAY_SIZE(files));
	slab_model_init(&m, 4096);
	slab_sys_init(&s);
	assert_int_equal(slab_model_update(&m, si->data, si->len, 1.0, &err),
			 0);
	slab_sys_rows(&s, &src, &m);
	assert_true(s.present);
	assert_int_equal(s.lists, 1);
	assert_null(slab_sys_find(&s, "evil"));
	cred = &m.rows[0];
	sig = &m.rows[1];
	lonely = &m.rows[2];
	/* cred: 8 slabs of 4096, 100 x 184 used */
	assert_true(cred->have_sys);
	assert_int_equal(cred->object_size, 184);
	assert_int_equal(cred->waste, 8 * 4096 - 100 * 184);
	assert_int_equal(cred->eff, 100 * 184 * 100 / (8 * 4096));
	assert_true(cred->unreclaimable);
	assert_int_equal(cred->nmerged, 0);
	assert_string_equal(cred->label, "cred");
	assert_false(cred->have_partial);
	assert_true(slab_sys_partial(&s, &src, &m.rows[0]));
	assert_int_equal(cred->partial, 3);
	assert_int_equal(cred->pct_partial, 3 * 100 / 8);
	/* signal_cache: two names merged into it, found by them */
	assert_int_equal(sig->nmerged, 2);
	assert_string_equal(sig->merged, "UNIX\nUNIX-STREAM");
	assert_string_equal(sig->label, "signal_cache +2");
	assert_string_equal(sig->filter, "signal_cache\nUNIX\nUNIX-STREAM");
	assert_string_equal(sig->dir, ":A-0001152");
	assert_false(sig->unreclaimable);
	assert_true(sig->have_reclaim);
	/* a cache sysfs does not know: nothing made up, and no partial */
	assert_false(lonely->have_sys);
	assert_false(lonely->have_reclaim);
	assert_string_equal(lonely->dir, "");
	assert_false(slab_sys_partial(&s, &src, &m.rows[2]));
	/* the next read: "lonely", unknown but not new, is not looked for
	 * again */
	assert_int_equal(slab_model_update(&m, si->data, si->len, 2.0, &err),
			 0);
	slab_sys_rows(&s, &src, &m);
	assert_int_equal(s.lists, 1);
	assert_string_equal(m.rows[1].label, "signal_cache +2");
	slab_sys_free(&s);
	slab_model_free(&m);
	source_close(&src);
}

static void test_no_sysfs(void **state)
{
	struct source src;
	struct slab_model m;
	struct slab_sys s;
	struct kerr err;

	(void)state;
	source_open(&src, "/nonexistent-kmemtop-root");
	slab_model_init(&m, 4096);
	slab_sys_init(&s);
	assert_int_equal(slab_model_update(&m, files[0].data, files[0].len, 1.0,
					   &err),
			 0);
	slab_sys_rows(&s, &src, &m);
	assert_false(s.present);
	assert_non_null(strstr(s.why.msg, "sys/kernel/slab"));
	assert_false(m.rows[0].have_sys);
	assert_string_equal(m.rows[1].label, "signal_cache");
	assert_string_equal(m.rows[1].filter, "signal_cache");
	slab_sys_free(&s);
	slab_model_free(&m);
	source_close(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_traces),
		cmocka_unit_test(test_traces_hostile),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_no_sysfs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
