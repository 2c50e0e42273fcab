/*
 * test_vmalloc.c - the /proc/vmallocinfo parser on every capture in
 * tests/data and on hand-made lines, and the aggregation model: totals by
 * type, grouping, filters and deltas keyed by name.
 */
#include "testlib.h"

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

static void test_model_groups(void **state)
{
	struct vm_model m;

	(void)state;
	vm_model_init(&m, VG_CALLER, NULL);
	vm_model_update(&m, vm_a, strlen(vm_a), 1);
	assert_int_equal(m.tot.areas, 4);
	assert_int_equal(m.tot.bytes, 8192 + 4096 + 20480 + 8192);
	assert_int_equal(m.tot.type_areas[VT_IOREMAP], 2);
	assert_int_equal(m.tot.type_bytes[VT_IOREMAP], 12288);
	assert_int_equal(m.tot.type_areas[VT_UNPURGED], 1);
	assert_int_equal(m.ngroups, 3);
	assert_int_equal(group(&m, "drv_map [drv]")->areas, 2);
	assert_int_equal(group(&m, "(unpurged)")->bytes, 8192);

	vm_model_update(&m, vm_b, strlen(vm_b), 3);
	assert_int_equal(group(&m, "alloc_stack")->d_areas, 2);
	assert_int_equal(group(&m, "alloc_stack")->d_bytes, 40960);
	assert_true(group(&m, "newcomer")->is_new);
	assert_false(group(&m, "newcomer")->has_ref);
	assert_int_equal(group(&m, "drv_map [drv]")->d_areas, 0);

	vm_model_set_group_by(&m, VG_TYPE);
	vm_model_update(&m, vm_b, strlen(vm_b), 4);
	assert_int_equal(group(&m, "vmalloc")->areas, 3);
	assert_false(group(&m, "vmalloc")->has_ref); /* deltas restart */
	vm_model_set_group_by(&m, VG_MODULE);
	vm_model_update(&m, vm_b, strlen(vm_b), 5);
	assert_int_equal(group(&m, "drv")->areas, 2);
	assert_int_equal(group(&m, "(kernel)")->areas, 5);
	vm_model_free(&m);
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
	assert_int_equal(m.rows[1].phys_end, 0xfd000000 + 4096);
	f.types = 0;
	f.caller = "STACK";
	vm_model_set_filter(&m, &f);
	vm_model_set_group_by(&m, VG_CALLER);
	vm_model_update(&m, vm_b, strlen(vm_b), 2);
	assert_int_equal(m.ngroups, 1);
	assert_string_equal(m.groups[0].key, "alloc_stack");
	vm_model_free(&m);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
