/*
 * test_memory.c - the memory view's balance sheet (memory_model.c) on
 * meminfo captures of four kernel generations: every row, and the
 * unaccounted remainder, equal a calculation by hand written here from
 * the file's lines, to the kB.
 */
#include "testlib.h"

#include <math.h>

#include "buddyinfo.h"
#include "memory_model.h"
#include "pagetypeinfo.h"
#include "vmstat.h"
#include "zoneinfo.h"

#define KB(x) ((int64_t)(x)*1024)

static void compute(const char *file, enum mem_stacks stacks, uint64_t physical,
		    bool have_physical, struct memory_model *m)
{
	static struct meminfo mi; /* the model points at its text */
	size_t len;
	char *text = test_read(file, &len);
	struct memory_in in = { &mi, physical, have_physical, stacks };

	meminfo_parse(text, len, &mi);
	free(text);
	memory_model_compute(m, &in);
	assert_int_equal(m->nrows, MEM_NITEMS);
}

/* row i is b bytes (have) */
static void row_is(const struct memory_model *m, enum mem_item i, int64_t b)
{
	if (!m->rows[i].have)
		fail_msg("%s: empty (%s)", m->rows[i].item, m->rows[i].source);
	if (m->rows[i].bytes != b)
		fail_msg("%s: %" PRId64 "K, by hand %" PRId64 "K",
			 m->rows[i].item, m->rows[i].bytes / 1024, b / 1024);
}

static void row_empty(const struct memory_model *m, enum mem_item i,
		      const char *says)
{
	assert_false(m->rows[i].have);
	assert_non_null(strstr(m->rows[i].source, says));
}

/* The terms add up to MemTotal: what every sheet must do. */
static void sums(const struct memory_model *m)
{
	int64_t s = 0;

	for (size_t i = 0; i < MEM_NITEMS; i++)
		if ((m->rows[i].r == MR_TERM || m->rows[i].r == MR_REMAINDER) &&
		    m->rows[i].have)
			s += m->rows[i].bytes;
	assert_int_equal(s, m->rows[MEM_TOTAL].bytes);
}

/* 3.10 (RHEL 7): no Percpu, SecPageTables, Hugetlb nor Zswap; VmallocUsed
 * is address space (VmallocChunk 34290880168 kB, not 0): not counted. */
static void test_3_10(void **state)
{
	struct memory_model m;

	(void)state;
	compute("meminfo-3.10-x86_64-numa-pcp-qa-002.txt", STACKS_UNKNOWN, 0,
		false, &m);
	row_is(&m, MEM_TOTAL, KB(131831052));
	row_is(&m, MEM_FREE, KB(87287012));
	row_is(&m, MEM_PAGECACHE, KB(31228980 + 15072)); /* = 31244052 */
	row_is(&m, MEM_SHMEM, KB(1001280));
	row_is(&m, MEM_ANON, KB(10753600));
	row_is(&m, MEM_ANON_THP, KB(10280960));
	row_is(&m, MEM_SWAPCACHE, 0);
	row_is(&m, MEM_SLAB_RECL, KB(1242872));
	row_is(&m, MEM_SLAB_UNRECL, KB(209136));
	row_is(&m, MEM_KSTACK, KB(12352));
	row_is(&m, MEM_PAGETABLES, KB(40644));
	row_empty(&m, MEM_SECPAGETABLES, "SecPageTables");
	row_empty(&m, MEM_PERCPU, "before 3.18");
	row_empty(&m, MEM_VMALLOC, "address space");
	row_is(&m, MEM_HUGETLB, 0 * KB(2048)); /* HugePages_Total 0 */
	assert_non_null(strstr(m.rows[MEM_HUGETLB].source, "HugePages_Total"));
	row_empty(&m, MEM_ZSWAP, "Zswap");
	/* 131831052 - (87287012 + 31244052 + 10753600 + 0 + 1242872
	 * + 209136 + 12352 + 40644 + 0) = 131831052 - 130789668 */
	row_is(&m, MEM_UNACCOUNTED, KB(1041384));
	row_empty(&m, MEM_PHYSICAL, "root");
	row_empty(&m, MEM_RESERVED, "physical");
	assert_int_equal(m.absent, 3); /* SecPageTables, Percpu, Zswap */
	sums(&m);
}

/* 4.18 (RHCOS on Hyper-V): Hugetlb 0, VmallocUsed 0 (4.4 to 5.2), no
 * Percpu (RHEL 8 prints it: not this capture), 5.4 GiB no counter
 * explains: the Hyper-V balloon's pages. */
static void test_4_18(void **state)
{
	struct memory_model m;

	(void)state;
	compute("meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt",
		STACKS_VMALLOC, 0, false, &m);
	row_is(&m, MEM_TOTAL, KB(8164548));
	row_is(&m, MEM_FREE, KB(851960));
	row_is(&m, MEM_PAGECACHE, KB(1235532 + 4304));
	row_is(&m, MEM_SHMEM, KB(932));
	row_is(&m, MEM_ANON, KB(328748));
	row_is(&m, MEM_ANON_THP, KB(141312));
	row_is(&m, MEM_SLAB_RECL, KB(95248));
	row_is(&m, MEM_SLAB_UNRECL, KB(104700));
	row_is(&m, MEM_KSTACK, KB(3648));
	row_is(&m, MEM_PAGETABLES, KB(7664));
	row_is(&m, MEM_VMALLOC, 0); /* 0, whatever the stacks */
	assert_non_null(strstr(m.rows[MEM_VMALLOC].source, "4.4 to 5.2"));
	row_is(&m, MEM_HUGETLB, 0);
	/* 8164548 - (851960 + 1239836 + 328748 + 0 + 95248 + 104700 + 3648
	 * + 7664 + 0 + 0) = 8164548 - 2631804 */
	row_is(&m, MEM_UNACCOUNTED, KB(5532744));
	sums(&m);
}

/* 5.14 (RHEL 9): Percpu, VmallocUsed as pages; the stacks in vmalloc or
 * not move 14512 kB between vmalloc and unaccounted. */
static void test_5_14(void **state)
{
	struct memory_model m;

	(void)state;
	compute("meminfo-5.14-x86_64-pcp-qa-007.txt", STACKS_OWN, 0, false, &m);
	row_is(&m, MEM_PAGECACHE, KB(3194544 + 1668));
	row_is(&m, MEM_PERCPU, KB(5280));
	row_is(&m, MEM_KSTACK, KB(14512));
	row_is(&m, MEM_VMALLOC, KB(79940));
	/* 8141728 - (4211712 + 3196212 + 131588 + 0 + 133744 + 164720
	 * + 14512 + 4072 + 5280 + 79940 + 0) = 8141728 - 7941780 */
	row_is(&m, MEM_UNACCOUNTED, KB(199948));
	sums(&m);

	compute("meminfo-5.14-x86_64-pcp-qa-007.txt", STACKS_VMALLOC, 0, false,
		&m);
	row_is(&m, MEM_KSTACK, KB(14512));
	row_is(&m, MEM_VMALLOC, KB(79940 - 14512));	 /* = 65428 */
	row_is(&m, MEM_UNACCOUNTED, KB(199948 + 14512)); /* = 214460 */
	sums(&m);
}

/* 6.18 (this project's CI): SecPageTables, Zswap, Hugetlb; the physical
 * RAM of its iomem capture: 0x1000-0x9fbff, 0x100000-0xbfffffff and
 * 0x100000000-0x63fffffff. */
static void test_6_18(void **state)
{
	struct memory_model m;
	uint64_t phys = (0x9fbffULL - 0x1000 + 1) +
			(0xbfffffffULL - 0x100000 + 1) +
			(0x63fffffffULL - 0x100000000ULL + 1);

	(void)state;
	/* 650240 + 3220176896 + 22548578304 = 25769405440 bytes */
	assert_int_equal(phys, 25769405440ULL);
	compute("meminfo-6.18-x86_64-kmemtop-ci-live.txt", STACKS_VMALLOC, phys,
		true, &m);
	row_is(&m, MEM_TOTAL, KB(24683656));
	row_is(&m, MEM_FREE, KB(24338936));
	row_is(&m, MEM_PAGECACHE, KB(231676 + 3544));
	row_is(&m, MEM_SHMEM, KB(8952));
	row_is(&m, MEM_ANON, KB(3384));
	row_is(&m, MEM_SLAB_RECL, KB(45408));
	row_is(&m, MEM_SLAB_UNRECL, KB(19640));
	row_is(&m, MEM_KSTACK, KB(1212));
	row_is(&m, MEM_PAGETABLES, KB(1268));
	row_is(&m, MEM_SECPAGETABLES, 0);
	row_is(&m, MEM_PERCPU, KB(688));
	row_is(&m, MEM_VMALLOC, KB(5460 - 1212));
	row_is(&m, MEM_HUGETLB, 0);
	row_is(&m, MEM_ZSWAP, 0);
	/* 24683656 - (24338936 + 235220 + 3384 + 0 + 45408 + 19640 + 1212
	 * + 1268 + 0 + 688 + 4248 + 0 + 0) = 24683656 - 24650004 */
	row_is(&m, MEM_UNACCOUNTED, KB(33652));
	row_is(&m, MEM_PHYSICAL, (int64_t)phys);
	/* 25769405440 / 1024 = 25165435 kB; - 24683656 = 481779 kB */
	row_is(&m, MEM_RESERVED, KB(25165435 - 24683656));
	assert_int_equal(m.absent, 0);
	sums(&m);
}

/* The per-CPU lists of a zoneinfo capture: its six "count:" lines (two
 * CPUs, three zones) are 0 0 0 0 14160 8041. */
static void test_zoneinfo(void **state)
{
	size_t len;
	char *text = test_read("zoneinfo-6.18-x86_64-kmemtop-ci-pcp.txt", &len);
	struct zoneinfo_pcp z;
	static const char bad[] =
		"Node 0, zone Normal\n  count: 5\n"
		"  pagesets\n    cpu: 0\n"
		"              count:    7\r\n"
		"              count:    x\n"
		"              count:    99999999999999999999\n"
		"              count:    18446744073709551615\n"
		"              count: 3 4\n"
		"Node 1, zone Normal\n  count: 11\n";

	(void)state;
	zoneinfo_parse_pcp(text, len, &z);
	free(text);
	assert_int_equal(z.lists, 6);
	assert_int_equal(z.pages, 14160 + 8041); /* = 22201 */
	assert_int_equal(z.skipped, 0);
	/* before pagesets and in another zone's head: not a list; the
	 * malformed and the overflowing: skipped */
	zoneinfo_parse_pcp(bad, strlen(bad), &z);
	assert_int_equal(z.pages, 7);
	assert_int_equal(z.lists, 1);
	assert_int_equal(z.skipped, 4);
}

/* meminfo and zoneinfo of this project's CI copied back to back: the
 * per-CPU lists' 22201 pages of 4 KiB are a term of their own. */
static void test_pcp(void **state)
{
	struct memory_model m;
	size_t len;
	char *text = test_read("meminfo-6.18-x86_64-kmemtop-ci-pcp.txt", &len);
	struct meminfo mi;
	struct memory_in in = {
		&mi, 0, false, STACKS_VMALLOC, NULL, 22201 * 4096ULL, true
	};

	(void)state;
	meminfo_parse(text, len, &mi);
	free(text);
	memory_model_compute(&m, &in);
	row_is(&m, MEM_PCP, KB(22201 * 4)); /* = 88804 */
	row_is(&m, MEM_PAGECACHE, KB(727272 + 59800));
	row_is(&m, MEM_VMALLOC, KB(16204 - 3440));
	/* 24683772 - (23561000 + 88804 + 787072 + 31612 + 0 + 142592
	 * + 34600 + 3440 + 6816 + 0 + 936 + 12764 + 0 + 0)
	 * = 24683772 - 24669636 */
	row_is(&m, MEM_UNACCOUNTED, KB(14136));
	sums(&m);
	/* without zoneinfo: empty, said, and the pages in the remainder */
	in.have_pcp = false;
	memory_model_compute(&m, &in);
	row_empty(&m, MEM_PCP, "zoneinfo");
	row_is(&m, MEM_UNACCOUNTED, KB(14136 + 88804));
}

/* Fragmentation: buddyinfo and zoneinfo of this project's CI copied
 * back to back; the Normal zone's free blocks of orders 0 to 10 are
 * 20856 10855 7065 4427 2310 1190 496 201 261 207 322. */
static void test_frag(void **state)
{
	size_t len;
	char *text =
		test_read("buddyinfo-6.18-x86_64-kmemtop-ci-frag.txt", &len);
	struct buddyinfo b;
	struct zoneinfo_zones z;
	struct frag_row rows[8];
	/* free pages: 20856 + 10855*2 + 7065*4 + 4427*8 + 2310*16 + 1190*32
	 * + 496*64 + 201*128 + 261*256 + 207*512 + 322*1024 = 741282 */
	uint64_t total = 20856 + 10855 * 2 + 7065 * 4 + 4427 * 8 + 2310 * 16 +
			 1190 * 32 + 496 * 64 + 201 * 128 + 261 * 256 +
			 207 * 512 + 322 * 1024;
	/* in blocks of order 3 and up: 670456; of order 9 and up:
	 * 207*512 + 322*1024 = 435712 */
	uint64_t o3 = total - 20856 - 10855 * 2 - 7065 * 4;
	uint64_t o9 = 207 * 512 + 322 * 1024;

	(void)state;
	assert_int_equal(total, 741282);
	buddyinfo_parse(text, len, &b);
	free(text);
	assert_int_equal(b.n, 3);
	assert_int_equal(b.skipped, 0);
	assert_string_equal(b.z[2].zone, "Normal");
	assert_int_equal(buddy_free_pages(&b.z[2]), total);
	/* unusable for order 3: (741282 - 670456) / 741282 = 9.55%; for
	 * order 9: (741282 - 435712) / 741282 = 41.22% */
	assert_true(fabs(buddy_unusable(&b.z[2], 3) -
			 (double)(total - o3) / (double)total) < 1e-12);
	assert_true(fabs(buddy_unusable(&b.z[2], 9) - 305570.0 / 741282.0) <
		    1e-12);
	assert_int_equal(o9, 435712);
	assert_int_equal(buddy_largest(&b.z[2]), 10);
	assert_int_equal(buddy_largest(&b.z[0]), 10); /* DMA: 3 of order 10 */

	text = test_read("zoneinfo-6.18-x86_64-kmemtop-ci-frag.txt", &len);
	zoneinfo_parse_zones(text, len, &z);
	free(text);
	assert_int_equal(z.n, 5); /* and the empty Movable and Device */
	assert_string_equal(z.z[4].zone, "Device");
	assert_string_equal(z.z[1].zone, "DMA32");
	assert_int_equal(z.z[1].free, 772845);
	assert_int_equal(z.z[1].min, 7154);
	assert_int_equal(z.z[1].low, 8942);
	assert_int_equal(z.z[1].high, 10730); /* not the lists' "high:" */
	assert_int_equal(memory_frag_rows(&b, &z, 4096, rows, 8), 3);
	assert_int_equal(rows[2].free, total * 4096);
	assert_int_equal(rows[2].min, 9706 * 4096);
	assert_int_equal(rows[2].largest, 1024 * 4096); /* 4 MiB */
	assert_true(fabs(rows[2].unusable9 - 41.221829) < 1e-5);
	assert_string_equal(rows[2].state, "");
	/* DMA32's buddyinfo: 772845 pages, as zoneinfo's pages free */
	assert_int_equal(rows[1].free, 772845ULL * 4096);
}

/* pagetypeinfo of this project's CI (as root): the Normal zone's free
 * Movable blocks of orders 0 to 10 are 3670 10806 6344 3122 1117 186 4
 * 1 16 210 330, its pageblocks 181 Unmovable, 1767 Movable, 100
 * Reclaimable; and hostile lines, each skipped and counted. */
static void test_pagetype(void **state)
{
	size_t len;
	char *text = test_read("pagetypeinfo-6.18-x86_64-kmemtop-ci.txt", &len);
	struct pagetypeinfo *p = malloc(sizeof(*p));
	const struct pt_free *mov;
	uint64_t v;
	static const char bad[] =
		"Page block order: x\n" /* 1 */
		"Free pages count per migrate type at order 0 1\n"
		"Node 0, zone Normal, type Movable >100000 7\n" /* capped */
		"Node 0, zone Normal, type Movable 1 99999999999999999999\n"
		"Node 0, zone Normal, type Movable\n" /* 3 */
		"Node 0, zone Normal, type ThisNameIsTooLongForIt 1\n"
		"Node 0, zone Normal Movable 1 2\n" /* 5 */
		"Node 0, zone Normal, type Movable 1 2 3 4 5 6 7 8 9 10 11 "
		"12 13 14 15 16 17\n" /* 6 */
		"Number of blocks type Unmovable Movable\n"
		"Node 0, zone Normal 1 2 3\n" /* 7 */
		"Node 0, zone Normal 1 2\n"
		"Number of mixed blocks Unmovable Movable\n"
		"Node 0, zone Normal 0 0\n"
		"something else\n"; /* 8 */

	(void)state;
	pagetypeinfo_parse(text, len, p);
	free(text);
	assert_int_equal(p->skipped, 0);
	assert_true(p->have_block_order && p->block_order == 9);
	assert_true(p->have_pages_per_block && p->pages_per_block == 512);
	assert_int_equal(p->nf, 15); /* 3 zones x 5 types */
	assert_int_equal(p->ntypes, 5);
	assert_string_equal(p->types[4], "Isolate");
	assert_int_equal(p->nb, 3);
	mov = &p->f[11];
	assert_string_equal(mov->z.zone, "Normal");
	assert_string_equal(mov->type, "Movable");
	assert_int_equal(mov->z.norders, 11);
	/* 3670 + 10806*2 + 6344*4 + 3122*8 + 1117*16 + 186*32 + 4*64 + 1*128
	 * + 16*256 + 210*512 + 330*1024 = 549378 pages */
	assert_int_equal(buddy_free_pages(&mov->z), 549378);
	assert_int_equal(buddy_largest(&mov->z), 10);
	/* Unmovable: 309 + 409*2 + 866*4 + 814*8 + 565*16 + 371*32 + 172*64
	 * + 45*128 + 52*256 = 62095, the largest of order 8 */
	assert_int_equal(buddy_free_pages(&p->f[10].z), 62095);
	assert_int_equal(buddy_largest(&p->f[10].z), 8);
	assert_true(pagetypeinfo_blocks(p, 0, "Normal", "Movable", &v));
	assert_int_equal(v, 1767);
	assert_true(pagetypeinfo_blocks(p, 0, "DMA32", "Movable", &v));
	assert_int_equal(v, 1528);
	assert_false(pagetypeinfo_blocks(p, 0, "Normal", "CMA", &v));
	assert_false(pagetypeinfo_blocks(p, 1, "Normal", "Movable", &v));

	pagetypeinfo_parse(bad, strlen(bad), p);
	assert_int_equal(p->skipped, 8);
	assert_int_equal(p->first_skipped, 1);
	assert_false(p->have_block_order);
	assert_int_equal(p->nf, 1);
	assert_int_equal(p->f[0].z.blocks[0], PT_CAP);
	assert_int_equal(p->f[0].capped, 1);
	assert_int_equal(p->nb, 1);
	assert_int_equal(p->b[0].count[1], 2);
	free(p);
}

/* vmstat: the capture's counters (refaults: anon 0 + file 272685;
 * allocstall: its five zones, all 0), and rates between two reads by
 * hand; PSI of the capture and of hostile lines. */
static void test_vmstat(void **state)
{
	size_t len;
	char *text = test_read("vmstat-6.18-x86_64-kmemtop-ci.txt", &len);
	struct vmstat a, b;
	struct psi_mem p;
	double rate[VMC_COUNT];
	bool have[VMC_COUNT];
	static const char t1[] = "pgscan_kswapd 1000\npgscan_direct 7\n"
				 "allocstall_normal 3\nallocstall_movable 2\n"
				 "compact_stall 9\nslabs_scanned 50\n";
	static const char t2[] = "pgscan_kswapd 4000\npgscan_direct 7\n"
				 "allocstall_normal 8\nallocstall_movable 2\n"
				 "compact_stall 4\nslabs_scanned x\n";
	static const char psi_bad[] = "some avg10=nan avg60=1.00 total=3\n"
				      "full avg10=0.50 avg60=0.25 total=9\n";

	(void)state;
	vmstat_parse(text, len, &a);
	free(text);
	assert_int_equal(a.skipped, 0);
	for (int c = 0; c < VMC_COUNT; c++)
		assert_true(a.have[c]);
	assert_int_equal(a.v[VMC_REFAULT], 0 + 272685);
	assert_int_equal(a.v[VMC_SLABS_SCANNED], 291);
	assert_int_equal(a.v[VMC_ALLOCSTALL], 0);

	vmstat_parse(t1, strlen(t1), &a);
	vmstat_parse(t2, strlen(t2), &b);
	assert_int_equal(a.v[VMC_ALLOCSTALL], 3 + 2);
	assert_int_equal(b.skipped, 1); /* slabs_scanned x */
	vmstat_rates(&a, &b, 2.5, rate, have);
	assert_true(have[VMC_PGSCAN_KSWAPD]);
	assert_true(rate[VMC_PGSCAN_KSWAPD] == (4000.0 - 1000.0) / 2.5);
	assert_true(rate[VMC_PGSCAN_DIRECT] == 0.0);
	assert_true(rate[VMC_ALLOCSTALL] == ((8 + 2) - (3 + 2)) / 2.5);
	assert_false(have[VMC_COMPACT_STALL]);	/* went back: no rate */
	assert_false(have[VMC_SLABS_SCANNED]);	/* not in the second */
	assert_false(have[VMC_PGSTEAL_KSWAPD]); /* in neither */

	text = test_read("pressure-memory-6.18-x86_64-kmemtop-ci.txt", &len);
	psi_parse(text, len, &p);
	free(text);
	assert_true(p.have_some && p.have_full);
	assert_true(p.some10 == 0.0 && p.full60 == 0.0);
	psi_parse(psi_bad, strlen(psi_bad), &p);
	assert_false(p.have_some);
	assert_true(p.have_full);
	assert_true(p.full10 == 0.5 && p.full60 == 0.25);
}

/* Hugetlb missing: HugePages_Total x Hugepagesize; a remainder below
 * zero stays signed; no MemTotal: no sheet. */
static void test_edges(void **state)
{
	static const char t[] = "MemTotal: 1000 kB\nMemFree: 900 kB\n"
				"Cached: 200 kB\nHugePages_Total: 3\n"
				"Hugepagesize: 2048 kB\n";
	struct meminfo mi;
	struct memory_model m;
	struct memory_in in = { &mi, 0, false, STACKS_UNKNOWN };

	(void)state;
	meminfo_parse(t, strlen(t), &mi);
	memory_model_compute(&m, &in);
	row_is(&m, MEM_HUGETLB, 3 * KB(2048));
	/* 1000 - (900 + 200 + 6144) */
	row_is(&m, MEM_UNACCOUNTED, KB(1000 - 900 - 200 - 6144));
	sums(&m);
	mi.have[MI_MEMTOTAL] = false;
	memory_model_compute(&m, &in);
	assert_int_equal(m.nrows, 0);
}

/* The stacks are vmalloc pages where vmallocinfo names the fork path. */
static void test_stacks(void **state)
{
	static const char with[] =
		"0x000-0x5000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc "
		"vpages N0=4\n";
	static const char without[] =
		"0x000-0x5000   20480 bpf_prog_alloc_no_stats+0x39/0x230 "
		"pages=4 vmalloc N0=4\n";

	(void)state;
	assert_true(memory_stacks_in_vmalloc(with, strlen(with)));
	assert_false(memory_stacks_in_vmalloc(without, strlen(without)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_3_10),	 cmocka_unit_test(test_4_18),
		cmocka_unit_test(test_5_14),	 cmocka_unit_test(test_6_18),
		cmocka_unit_test(test_edges),	 cmocka_unit_test(test_stacks),
		cmocka_unit_test(test_zoneinfo), cmocka_unit_test(test_pcp),
		cmocka_unit_test(test_frag),	 cmocka_unit_test(test_vmstat),
		cmocka_unit_test(test_pagetype),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
