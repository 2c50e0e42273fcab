/*
 * test_vmalloc.c - the /proc/vmallocinfo parser on every capture in
 * tests/data and on hand-made lines, and the aggregation model: totals by
 * type, grouping, filters and deltas keyed by name.
 */
#include "testlib.h"

#include "meminfo.h"
#include "rowset.h"
#include "view_vmalloc.h"
#include "vmalloc_model.h"
#include "vmallocinfo.h"

struct collect {
	struct vm_area a[8];
	char caller[8][128], module[8][64];
	size_t n;
	uint64_t bytes;
};

static void on_area(const struct vm_area *a, void *ctx)
{
	struct collect *c = ctx;

	c->bytes += a->size;
	if (c->n < 8) {
		c->a[c->n] = *a;
		snprintf(c->caller[c->n], 128, "%.*s",
			 a->caller ? (int)a->caller_len : 0,
			 a->caller ? a->caller : "");
		snprintf(c->module[c->n], 64, "%.*s",
			 a->module ? (int)a->module_len : 0,
			 a->module ? a->module : "");
	}
	c->n++;
}

static struct collect parse(const char *text, struct vm_parse_stats *st)
{
	struct collect c = { 0 };
	memset(st, 0, sizeof(*st));
	vmallocinfo_parse(text, strlen(text), 1, on_area, &c, st);
	return c;
}

/* Lines that start with 0x...-0x... and a size, counted and summed by the
 * test's own reading. */
static void count_areas(const char *s, size_t *n, uint64_t *bytes)
{
	const char *p = s;

	*n = 0;
	*bytes = 0;
	while (*p) {
		unsigned long long a, b, sz;
		char dash;
		if (sscanf(p, "0x%llx%c0x%llx %llu", &a, &dash, &b, &sz) == 4 &&
		    dash == '-') {
			(*n)++;
			*bytes += sz;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
}

static void test_every_capture(void **state)
{
	size_t nfiles;
	char **files = test_list("vmallocinfo-", &nfiles);

	(void)state;
	assert_true(nfiles >= 13);
	for (size_t i = 0; i < nfiles; i++) {
		size_t len, want;
		uint64_t bytes;
		char *text = test_read(files[i], &len);
		struct collect c = { 0 };
		struct vm_parse_stats st = { 0 };

		vmallocinfo_parse(text, len, 1, on_area, &c, &st);
		count_areas(text, &want, &bytes);
		if (c.n != want || c.bytes != bytes || st.areas != want)
			fail_msg("%s: %zu areas / %llu bytes, want %zu / %llu",
				 files[i], c.n, (unsigned long long)c.bytes,
				 want, (unsigned long long)bytes);
		if (!strstr(files[i], "linewrapped") && st.skipped)
			fail_msg("%s: %zu lines skipped (first %zu)", files[i],
				 st.skipped, st.first_skipped);
		free(text);
		free(files[i]);
	}
	free(files);
}

static void test_fields(void **state)
{
	struct vm_parse_stats st;
	struct collect c = parse(
		"0xffffc20000c0a000-0xffffc20000c0c000    8192 acpi_os_map_memory+0x13/0x1c phys=cff68000 ioremap\n"
		"0x000000005f268a36-0x0000000056d7e91a 1048576 vm_map_ram\n"
		"0xffffc20000c38000-0xffffc20000c3a000    8192 usb_hcd_pci_probe+0x139/0x295 [usbcore] phys=d8e00000 ioremap\n"
		"0xffffc90000000000-0xffffc90000005000   20480 map_irq_stack+0x93/0xe0 pages=4 vmalloc N0=4\r\n"
		"0x0000000000000000-0x0000000000000000   12288 unpurged vm_area\n"
		"0xc305e000-0xc3060000    8192 0xbf00e11c ioremap\n"
		"0xc0000000-0xc7a00000 127926272 map_lowmem+0x0/0x240 phys=80000000 lowmem\n"
		"0xffffc20000c34000-0xffffc20000c36000    8192 init_vdso_vars+0xde/0x1f1\n",
		&st);

	(void)state;
	assert_int_equal(c.n, 8);
	assert_int_equal(st.skipped, 0);
	assert_string_equal(c.caller[0], "acpi_os_map_memory");
	assert_true(c.a[0].have_phys);
	assert_int_equal(c.a[0].phys, 0xcff68000);
	assert_int_equal(c.a[0].type, VT_IOREMAP);
	assert_int_equal(c.a[1].type, VT_VM_MAP_RAM);
	assert_string_equal(c.caller[1], "");
	assert_true(c.a[1].end < c.a[1].start); /* hashed: kept as printed */
	assert_string_equal(c.module[2], "usbcore");
	assert_int_equal(c.a[2].phys, 0xd8e00000);
	assert_int_equal(c.a[3].pages, 4);
	assert_true(c.a[3].have_pages);
	assert_int_equal(c.a[3].type, VT_VMALLOC);
	assert_int_equal(c.a[3].size, 20480);
	assert_int_equal(c.a[4].type, VT_UNPURGED);
	assert_string_equal(c.caller[5], "0xbf00e11c");
	assert_false(c.a[5].have_phys);
	assert_int_equal(c.a[6].type, VT_OTHER); /* vendor "lowmem" */
	assert_int_equal(c.a[6].phys, 0x80000000);
	assert_int_equal(c.a[7].type, VT_OTHER); /* no type word */
	assert_int_equal(c.a[7].line, 8);
}

static void test_first_type_word(void **state)
{
	struct vm_parse_stats st;
	struct collect c =
		parse("0x1-0x2 8192 f+0x1/0x2 pages=1 vmalloc vpages\n"
		      "0x1-0x2 8192 g+0x1/0x2 pages=1 vmalloc user\n",
		      &st);

	(void)state;
	assert_int_equal(c.a[0].type, VT_VMALLOC);
	assert_int_equal(c.a[0].types, (1u << VT_VMALLOC) | (1u << VT_VPAGES));
	assert_int_equal(c.a[1].types, (1u << VT_VMALLOC) | (1u << VT_USER));
}

static void test_bad_lines(void **state)
{
	struct vm_parse_stats st;
	char *big = malloc(100100);
	struct collect c;

	(void)state;
	c = parse("", &st);
	assert_int_equal(c.n + st.skipped, 0);
	c = parse("junk\n"
		  "0x1-0x2\n"
		  "0x1-0x2 nope f\n"
		  "0x1 8192 f\n"
		  "0x1-0x2 18446744073709551616 f\n"
		  "0x1-0x2 8192 ok+0x1/0x2 vmalloc\n",
		  &st);
	assert_int_equal(c.n, 1);
	assert_int_equal(st.skipped, 5);
	assert_int_equal(st.first_skipped, 1);
	strcpy(big, "0x1-0x2 4096 ");
	memset(big + 13, 'f', 100000);
	strcpy(big + 100013, "+0x1/0x2 vmalloc\n");
	memset(&st, 0, sizeof(st));
	c = (struct collect){ 0 };
	vmallocinfo_parse(big, strlen(big), 1, on_area, &c, &st);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.a[0].caller_len, 100000);
	free(big);
	{
		const char nul[] = "0x1-0x2 4096 a\0b vmalloc\n"
				   "0x1-0x2 8192 c vmap\n";
		memset(&st, 0, sizeof(st));
		c = (struct collect){ 0 };
		vmallocinfo_parse(nul, sizeof(nul) - 1, 1, on_area, &c, &st);
		assert_int_equal(c.n, 2);
	}
}

static void test_type_list(void **state)
{
	unsigned mask;
	struct kerr err = { { 0 } };

	(void)state;
	assert_int_equal(vm_type_parse_list("ioremap,vmap", &mask, &err), 0);
	assert_int_equal(mask, (1u << VT_IOREMAP) | (1u << VT_VMAP));
	assert_int_equal(vm_type_parse_list("ioremap,bogus", &mask, &err), -1);
	assert_non_null(strstr(err.msg, "bogus"));
	/* every name is found by itself, and not by a prefix or an
	 * extension of it (the lookup compares lengths) */
	for (int t = 0; t < VT_COUNT; t++) {
		char longer[32];
		const char *name = vm_type_name((enum vm_type)t);
		assert_int_equal(vm_type_parse_list(name, &mask, &err), 0);
		assert_int_equal(mask, 1u << t);
		snprintf(longer, sizeof(longer), "%sx", name);
		assert_int_equal(vm_type_parse_list(longer, &mask, &err), -1);
		snprintf(longer, sizeof(longer), "%.*s", (int)strlen(name) - 1,
			 name);
		assert_int_equal(vm_type_parse_list(longer, &mask, &err), -1);
	}
}

/* Found by fuzz_vmallocinfo: a type word holding a NUL byte ("user\0ab", 7 bytes)
 * made the lookup read past the name table. */
static void test_nul_in_type_word(void **state)
{
	static const char line[] = "0x1-0x2 4096 f+0x1/0x2 user\0ab\n";
	struct vm_parse_stats st = { 0 };
	struct collect c = { 0 };

	(void)state;
	vmallocinfo_parse(line, sizeof(line) - 1, 1, on_area, &c, &st);
	assert_int_equal(st.areas, 1);
	assert_int_equal(c.a[0].type, VT_OTHER);
}

static const char vm_a[] =
	"0x1-0x2 8192 drv_map+0x1/0x2 [drv] phys=0xfe000000 ioremap\n"
	"0x1-0x2 4096 drv_map+0x1/0x2 [drv] phys=0xfd000000 ioremap\n"
	"0x1-0x2 20480 alloc_stack+0x1/0x2 pages=4 vmalloc\n"
	"0x1-0x2 8192 unpurged vm_area\n";
/* two more stacks (+2 areas, +40960 bytes), one new caller */
static const char vm_b[] =
	"0x1-0x2 8192 drv_map+0x1/0x2 [drv] phys=0xfe000000 ioremap\n"
	"0x1-0x2 4096 drv_map+0x1/0x2 [drv] phys=0xfd000000 ioremap\n"
	"0x1-0x2 20480 alloc_stack+0x1/0x2 pages=4 vmalloc\n"
	"0x1-0x2 20480 alloc_stack+0x1/0x2 pages=4 vmalloc\n"
	"0x1-0x2 20480 alloc_stack+0x1/0x2 pages=4 vmalloc\n"
	"0x1-0x2 4096 newcomer+0x1/0x2 vmap\n"
	"0x1-0x2 8192 unpurged vm_area\n";

static const struct vm_group *group(const struct vm_model *m, const char *k)
{
	for (size_t i = 0; i < m->ngroups; i++)
		if (!strcmp(m->groups[i].key, k))
			return &m->groups[i];
	fail_msg("no group '%s'", k);
	return NULL;
}

/* The model's groups given to the row set as a reading at time t. */
static void give(struct rowset *rs, const struct vm_model *m, double t)
{
	rowset_update(rs, vmalloc_group_table(m->group_by), m->groups,
		      m->ngroups, 0, sizeof(*m->groups), t, t, NULL, NULL, NULL);
}

/* Column key's change of group k (rowset_change for a number column,
 * rowset_value for a delta column): INT64_MIN when absent. */
static int64_t change(const struct rowset *rs, const struct vm_model *m,
		      const char *key, const char *k)
{
	const struct table *t = vmalloc_group_table(m->group_by);
	int col = table_find_key(t, key);
	size_t i = (size_t)(group(m, k) - m->groups);
	struct value v;

	assert_true(col >= 0);
	if (t->cols[col].flags & COL_DELTA)
		rowset_value(rs, &t->cols[col], i, &v);
	else
		rowset_change(rs, &t->cols[col], i, &v);
	return v.kind == V_NONE ? INT64_MIN : v.i;
}

static void test_model_groups(void **state)
{
	struct vm_model m;
	struct rowset rs;

	(void)state;
	rowset_init(&rs);
	vm_model_init(&m, VG_CALLER, NULL);
	vm_model_update(&m, vm_a, strlen(vm_a), 1);
	give(&rs, &m, 1);
	assert_int_equal(m.tot.areas, 4);
	assert_int_equal(m.tot.bytes, 8192 + 4096 + 20480 + 8192);
	assert_int_equal(m.tot.type_areas[VT_IOREMAP], 2);
	assert_int_equal(m.tot.type_bytes[VT_IOREMAP], 12288);
	assert_int_equal(m.tot.type_areas[VT_UNPURGED], 1);
	assert_int_equal(m.ngroups, 3);
	assert_int_equal(group(&m, "drv_map [drv]")->areas, 2);
	assert_int_equal(group(&m, "(unpurged)")->bytes, 8192);

	vm_model_update(&m, vm_b, strlen(vm_b), 3);
	give(&rs, &m, 3);
	assert_int_equal(change(&rs, &m, "delta_areas", "alloc_stack"), 2);
	assert_int_equal(change(&rs, &m, "bytes", "alloc_stack"), 40960);
	/* three stacks of 4 pages and a guard page each */
	assert_int_equal(group(&m, "alloc_stack")->ram, 3 * 16384);
	assert_int_equal(group(&m, "alloc_stack")->mapped, 3 * 16384);
	assert_int_equal(change(&rs, &m, "delta_ram", "alloc_stack"),
			 2 * 16384);
	assert_int_equal(group(&m, "drv_map [drv]")->ram, 0);
	assert_int_equal(group(&m, "(unpurged)")->mapped, 0);
	assert_int_equal(m.tot.ram, 3 * 16384);
	assert_true(rowset_is_new(
		&rs, (size_t)(group(&m, "newcomer") - m.groups)));
	assert_int_equal(change(&rs, &m, "delta_areas", "newcomer"),
			 INT64_MIN);
	assert_int_equal(change(&rs, &m, "delta_areas", "drv_map [drv]"), 0);

	vm_model_set_group_by(&m, VG_TYPE);
	vm_model_update(&m, vm_b, strlen(vm_b), 4);
	give(&rs, &m, 4);
	assert_int_equal(group(&m, "vmalloc")->areas, 3);
	/* another grouping: deltas restart */
	assert_int_equal(change(&rs, &m, "delta_areas", "vmalloc"), INT64_MIN);
	vm_model_set_group_by(&m, VG_MODULE);
	vm_model_update(&m, vm_b, strlen(vm_b), 5);
	assert_int_equal(group(&m, "drv")->areas, 2);
	assert_int_equal(group(&m, "(kernel)")->areas, 5);
	vm_model_free(&m);
	rowset_free(&rs);
}

static void test_model_filters_and_rows(void **state)
{
	struct vm_model m;
	struct vm_filter f = { .types = 1u << VT_IOREMAP };

	(void)state;
	vm_model_init(&m, VG_NONE, &f);
	vm_model_update(&m, vm_b, strlen(vm_b), 1);
	assert_int_equal(m.nrows, 2);
	assert_int_equal(m.tot.areas, 7); /* totals stay unfiltered */
	assert_string_equal(m.rows[0].caller, "drv_map");
	assert_string_equal(m.rows[0].module, "drv");
	assert_int_equal(m.rows[1].phys, 0xfd000000);
	assert_int_equal(m.rows[0].mapped, 8192 - 4096); /* a guard page */
	assert_int_equal(m.rows[1].mapped, 4096); /* a page: no room for one */
	f.types = 0;
	f.caller = "STACK";
	vm_model_set_filter(&m, &f);
	vm_model_set_group_by(&m, VG_CALLER);
	vm_model_update(&m, vm_b, strlen(vm_b), 2);
	assert_int_equal(m.ngroups, 1);
	assert_string_equal(m.groups[0].key, "alloc_stack");
	vm_model_free(&m);
}

/* The three sizes of one line: virtual (the size field), mapped (without
 * the guard page where there is one), RAM (pages=). */
static void sizes(const char *line, uint64_t ps, uint64_t mapped, uint64_t ram)
{
	struct vm_parse_stats st;
	struct collect c = parse(line, &st);

	assert_int_equal(c.n, 1);
	if (vm_area_mapped(&c.a[0], ps) != mapped ||
	    vm_area_ram(&c.a[0], ps) != ram)
		fail_msg("%s: mapped %llu ram %llu, want %llu %llu", line,
			 (unsigned long long)vm_area_mapped(&c.a[0], ps),
			 (unsigned long long)vm_area_ram(&c.a[0], ps),
			 (unsigned long long)mapped, (unsigned long long)ram);
}

static void test_sizes(void **state)
{
	(void)state;
	/* a vmalloc area: a guard page after its pages */
	sizes("0x1-0x2   20480 alloc_thread_stack_node+0x84/0x1a0 pages=4 vmalloc N0=4\n",
	      4096, 16384, 16384);
	sizes("0x1-0x2 2101248 alloc_large_system_hash+0x1/0x2 pages=512 vmalloc vpages N0=512\n",
	      4096, 2097152, 2097152);
	/* an ioremap: no RAM of its own; phys= with and without 0x */
	sizes("0x1-0x2 1052672 pci_mmcfg_arch_map+0x31/0x70 phys=0x00000000eec00000 ioremap\n",
	      4096, 1048576, 0);
	sizes("0x1-0x2    8192 acpi_os_map_memory+0x13/0x1c phys=fed00000 ioremap\n",
	      4096, 4096, 0);
	/* no guard page: vm_map_ram, the per-CPU chunks, pages that fill
	 * the size (VM_NO_GUARD), a single page */
	sizes("0x1-0x2   12288 vm_map_ram\n", 4096, 12288, 0);
	sizes("0x1-0x2 2097152 pcpu_get_vm_areas+0x0/0x110 vmalloc\n", 4096,
	      2097152, 0);
	sizes("0x1-0x2    8192 kasan_shadow+0x1/0x2 pages=2 vmalloc\n", 4096,
	      8192, 8192);
	sizes("0x1-0x2    4096 one_page+0x1/0x2 vmap\n", 4096, 4096, 0);
	/* unpurged: freed, its range not yet given back */
	sizes("0x1-0x2    8192 unpurged vm_area\n", 4096, 0, 0);
	/* 16 KiB pages (arm64) */
	sizes("0x1-0x2   32768 f+0x1/0x2 pages=1 vmalloc\n", 16384, 16384,
	      16384);
	/* a page count no kernel prints saturates */
	sizes("0x1-0x2    8192 f+0x1/0x2 pages=18446744073709551615 vmalloc\n",
	      4096, 8192, UINT64_MAX);
}

/* A capture taken at one moment (vmallocinfo and meminfo back to back,
 * until they agreed): the RAM of every area is meminfo's VmallocUsed. */
static void test_ram_is_vmalloc_used(void **state)
{
	size_t len, mlen;
	char *text = test_read(
		"vmallocinfo-6.18-x86_64-kmemtop-ci-onemoment.txt", &len);
	char *mtext = test_read("meminfo-6.18-x86_64-kmemtop-ci-onemoment.txt",
				&mlen);
	struct meminfo mi;
	struct vm_model m;

	(void)state;
	meminfo_parse(mtext, mlen, &mi);
	assert_true(mi.have[MI_VMALLOCUSED]);
	vm_model_init(&m, VG_CALLER, NULL);
	vm_model_update(&m, text, len, 1);
	assert_int_equal(m.tot.ram, mi.bytes[MI_VMALLOCUSED]);
	assert_int_equal(m.tot.ram, m.tot.type_ram[VT_VMALLOC]);
	/* unpurged areas hold nothing; their range is virtual alone */
	assert_true(m.tot.type_areas[VT_UNPURGED] > 0);
	assert_int_equal(m.tot.type_mapped[VT_UNPURGED], 0);
	assert_int_equal(m.tot.type_ram[VT_UNPURGED], 0);
	assert_true(m.tot.mapped < m.tot.bytes);
	vm_model_free(&m);
	free(text);
	free(mtext);
}

/* A vmallocinfo of n lines, of lines that differ from each other in one
 * byte (a node, a page count, a size, a caller's last letter), callers
 * first seen in its second half (in either thread's part of a piece),
 * and junk lines from line junk_from on; no newline after the last
 * line. */
static char *mixed_text(size_t n, size_t junk_from, size_t *len)
{
	static const char *const tails[] = {
		"  20480 alloc_thread_stack_node+0x84/0x1a0 pages=4 vmalloc N0=4",
		"  20480 alloc_thread_stack_node+0x84/0x1a0 pages=4 vmalloc N1=4",
		"  20480 alloc_thread_stack_node+0x84/0x1a0 pages=4 vmap N0=4",
		"  20480 alloc_thread_stack_node+0x84/0x1a0 phys=4 vmalloc N0=4",
		"  20480 alloc_thread_stack_node+0x84/0x1a0 pages=5 vmalloc N0=4",
		"  20480 alloc_thread_stack_nodf+0x84/0x1a0 pages=4 vmalloc N0=4",
		"  20481 alloc_thread_stack_node+0x84/0x1a0 pages=4 vmalloc N0=4",
		"   8192 unpurged vm_area",
		"   8192 drv_map+0x1/0x2 [drv] phys=0x00000000fe000000 ioremap",
		"   8192 drv_map+0x1/0x2 [drw] phys=0x00000000fe000000 ioremap",
		"12345678 big_one+0x1/0x2 pages=3014 vmalloc vpages N0=3014",
		"  12288 vm_map_ram",
	};
	struct sbuf b = { 0 };
	uint64_t x = 42;

	for (size_t i = 1; i <= n; i++) {
		char line[160];
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if (i >= junk_from && (x >> 60) == 3)
			snprintf(line, sizeof(line), "junk line %zu\n", i);
		else if (i >= n / 2 && i % 101 == 0) /* callers seen late */
			snprintf(
				line, sizeof(line),
				"0x%016llx-0x%016llx    4096 late%zu+0x1/0x2 vmap%s",
				(unsigned long long)(x >> 8),
				(unsigned long long)(x >> 7), i / 1000 % 10,
				i < n ? "\n" : "");
		else
			snprintf(line, sizeof(line), "0x%016llx-0x%016llx %s%s",
				 (unsigned long long)(x >> 8),
				 (unsigned long long)(x >> 7),
				 tails[(x >> 33) % ARRAY_SIZE(tails)],
				 i < n ? "\n" : "");
		sbuf_add(&b, line, strlen(line));
	}
	*len = b.len;
	return b.s;
}

/* Every area of a text, kept whole (strings copied). */
struct all_areas {
	struct vm_area *a;
	char (*caller)[64], (*module)[64];
	size_t n, cap;
};

static void keep_area(const struct vm_area *a, void *ctx)
{
	struct all_areas *c = ctx;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->a = realloc(c->a, c->cap * sizeof(*c->a));
		c->caller = realloc(c->caller, c->cap * sizeof(*c->caller));
		c->module = realloc(c->module, c->cap * sizeof(*c->module));
	}
	c->a[c->n] = *a;
	snprintf(c->caller[c->n], 64, "%.*s",
		 a->caller ? (int)a->caller_len : 0,
		 a->caller ? a->caller : "");
	snprintf(c->module[c->n], 64, "%.*s",
		 a->module ? (int)a->module_len : 0,
		 a->module ? a->module : "");
	c->n++;
}

/* Without the addresses (grouping), a line equal after its range to one
 * parsed before is not parsed again: every field must still be the
 * line's own, for lines that differ from a remembered one in one byte. */
static void test_lines_seen_before(void **state)
{
	size_t len;
	char *text = mixed_text(20000, 15000, &len);
	struct all_areas full = { 0 }, quick = { 0 };
	struct vm_parse_stats st1 = { 0 }, st2 = { 0 };

	(void)state;
	vmallocinfo_parse_ex(text, len, 1, 0, keep_area, &full, &st1);
	vmallocinfo_parse_ex(text, len, 1, VM_PARSE_NO_RANGE, keep_area, &quick,
			     &st2);
	assert_int_equal(full.n, quick.n);
	assert_memory_equal(&st1, &st2, sizeof(st1));
	for (size_t i = 0; i < full.n; i++) {
		const struct vm_area *a = &full.a[i], *b = &quick.a[i];
		assert_int_equal(a->size, b->size);
		assert_int_equal(a->pages, b->pages);
		assert_int_equal(a->have_pages, b->have_pages);
		assert_int_equal(a->phys, b->phys);
		assert_int_equal(a->have_phys, b->have_phys);
		assert_int_equal(a->types, b->types);
		assert_int_equal(a->type, b->type);
		assert_int_equal(a->line, b->line);
		assert_string_equal(full.caller[i], quick.caller[i]);
		assert_string_equal(full.module[i], quick.module[i]);
	}
	free(full.a), free(full.caller), free(full.module);
	free(quick.a), free(quick.caller), free(quick.module);
	free(text);
}

/* The same reading parsed line by line on one thread, and in big pieces
 * on two (the second part of each piece by the worker, lines repeated
 * from a remembered one not parsed again): the same groups in the same
 * order, the same totals, the same first junk line. */
static void test_model_two_threads(void **state)
{
	size_t len, pieces[] = { 300000, 70000 };
	char *text = mixed_text(40000, 30000, &len);

	(void)state;
	for (int g = VG_CALLER; g <= VG_MODULE; g++) {
		struct vm_model one, two;
		const char *p, *end = text + len;

		vm_model_init(&one, (enum vm_group_by)g, NULL);
		one.threads = 1;
		for (p = text; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *q = nl ? nl + 1 : end;
			vm_model_feed(&one, p, (size_t)(q - p));
			p = q;
		}
		vm_model_end(&one, 1);
		for (size_t k = 0; k < ARRAY_SIZE(pieces); k++) {
			vm_model_init(&two, (enum vm_group_by)g, NULL);
			two.threads = 2;
			for (p = text; p < end;) {
				const char *q = end - p > (ptrdiff_t)pieces[k]
							? p + pieces[k]
							: end;
				q = q < end ? (const char *)memrchr(
						      p, '\n',
						      (size_t)(q - p)) +
						      1
					    : end;
				vm_model_feed(&two, p, (size_t)(q - p));
				p = q;
			}
			vm_model_end(&two, 1);
			assert_non_null(two.worker); /* it did take part */
			assert_memory_equal(&one.tot, &two.tot,
					    sizeof(one.tot));
			assert_int_equal(one.stats.areas, two.stats.areas);
			assert_int_equal(one.stats.skipped, two.stats.skipped);
			assert_true(one.stats.skipped > 0);
			assert_int_equal(one.stats.first_skipped,
					 two.stats.first_skipped);
			assert_int_equal(one.ngroups, two.ngroups);
			for (size_t i = 0; i < one.ngroups; i++) {
				assert_string_equal(one.groups[i].key,
						    two.groups[i].key);
				assert_int_equal(one.groups[i].areas,
						 two.groups[i].areas);
				assert_int_equal(one.groups[i].bytes,
						 two.groups[i].bytes);
				assert_int_equal(one.groups[i].types,
						 two.groups[i].types);
			}
			vm_model_free(&two);
		}
		vm_model_free(&one);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_capture),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_first_type_word),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_type_list),
		cmocka_unit_test(test_nul_in_type_word),
		cmocka_unit_test(test_model_groups),
		cmocka_unit_test(test_model_filters_and_rows),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_ram_is_vmalloc_used),
		cmocka_unit_test(test_lines_seen_before),
		cmocka_unit_test(test_model_two_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
