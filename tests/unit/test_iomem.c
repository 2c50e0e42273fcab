/*
 * test_iomem.c - the /proc/iomem tree and the deepest resource that holds
 * a physical range: nested resources, overlapping siblings, the very end
 * of the address space, ranges no resource holds or that cross one's
 * edge, a user's zeroed addresses, lines that are not resources, a child
 * outside its parent, and the capture of this project's machine.
 */
#include "testlib.h"

#include "iomem.h"

static const char tree[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"eec00000-feffffff : Reserved\n"
	"  eec00000-eecfffff : PCI ECAM 0000 [bus 00-00]\n"
	"    eec00000-eecfffff : PCI Bus 0000:00\n"
	"  fed00000-fed003ff : HPET 0\n"
	"    fed00000-fed003ff : PNP0103:00\n"
	/* overlapping siblings: the narrower one holds the range, before
	 * or after the wider one */
	"  fee00000-feefffff : wide\n"
	"  fee00000-fee00fff : narrow, with a comma\n"
	"  fef00000-fef00fff : narrow first\n"
	"  fef00000-feffffff : wide after\n"
	"ffffffffffff0000-ffffffffffffffff : the very end\n"
	"  fffffffffffff000-ffffffffffffffff : last page\n";

/* io is reused, as the view reuses it: each parse starts afresh */
static void parse(struct iomem *io, const char *text)
{
	iomem_parse(io, text, strlen(text));
}

/* The name of the resource holding [s, e], or the match's name. */
static const char *find(const struct iomem *io, uint64_t s, uint64_t e)
{
	size_t k;
	enum iomem_match m = iomem_find(io, s, e, &k);

	if (m != IOMEM_CONTAINED) {
		assert_int_equal(k, SIZE_MAX);
		return iomem_match_name(m);
	}
	return io->res[k].name;
}

static void test_tree(void **state)
{
	struct iomem io = { 0 };
	size_t k;

	(void)state;
	parse(&io, tree);
	assert_int_equal(io.n, 15);
	assert_int_equal(io.skipped, 0);
	assert_false(io.zeros);
	/* the PCI ECAM window: 1 MiB, the deepest of three */
	assert_string_equal(find(&io, 0xeec00000, 0xeecfffff),
			    "PCI Bus 0000:00");
	assert_int_equal(iomem_find(&io, 0xeec00000, 0xeecfffff, &k),
			 IOMEM_CONTAINED);
	assert_string_equal(io.res[k].chain,
			    "Reserved\nPCI ECAM 0000 [bus 00-00]\n"
			    "PCI Bus 0000:00");
	assert_int_equal(io.res[k].depth, 2);
	/* a page too far (the guard page counted) is in the parent */
	assert_string_equal(find(&io, 0xeec00000, 0xeed00fff), "Reserved");
	assert_string_equal(find(&io, 0xfed00000, 0xfed003ff), "PNP0103:00");
	assert_string_equal(find(&io, 0xfed00000, 0xfed00fff), "Reserved");
	/* overlapping siblings */
	assert_string_equal(find(&io, 0xfee00000, 0xfee00fff),
			    "narrow, with a comma");
	assert_string_equal(find(&io, 0xfee00000, 0xfee01fff), "wide");
	assert_string_equal(find(&io, 0xfef00000, 0xfef00fff), "narrow first");
	assert_string_equal(find(&io, 0xfef00000, 0xfef01fff), "wide after");
	/* the end of the address space, inclusive */
	assert_string_equal(find(&io, 0xfffffffffffff000, UINT64_MAX),
			    "last page");
	assert_string_equal(find(&io, 0xffffffffffff0000, UINT64_MAX),
			    "the very end");
	/* across the edge of two top-level resources; in none at all */
	assert_string_equal(find(&io, 0x9f000, 0xa0fff), "spans");
	assert_string_equal(find(&io, 0x100000000, 0x100000fff), "none");
	assert_string_equal(find(&io, 0, 0xfff), "Reserved");
	iomem_free(&io);
}

static void test_bad_lines_and_zeros(void **state)
{
	struct iomem io = { 0 };

	(void)state;
	parse(&io, "junk\n"
		   "00001000-00000fff : ends before it starts\n"
		   "00001000-00001fff :\n"
		   "00001000-00001fff : \n"
		   "      00001000-00001fff : three levels down\r\n"
		   "00002000-00002fff: no blank\n"
		   "00011112222333344445-00011112222333344446 : 17 digits\n");
	assert_int_equal(io.skipped, 5);
	assert_int_equal(io.n, 2);
	/* a level skipped goes under the deepest there is */
	assert_int_equal(io.res[1].depth, 1);
	assert_int_equal(io.res[1].parent, 0);
	assert_string_equal(io.res[0].name, "");
	assert_string_equal(io.res[1].name, "three levels down");
	assert_string_equal(find(&io, 0x1000, 0x1fff), "three levels down");
	/* a child outside its parent goes under one that holds it */
	parse(&io, "00001000-00001fff : parent\n"
		   "  00003000-00003fff : outside\n"
		   "  00001000-000017ff : inside\n"
		   "    00001400-000014ff : deeper\n");
	assert_int_equal(io.res[1].parent, SIZE_MAX);
	assert_int_equal(io.res[1].depth, 0);
	assert_string_equal(io.res[1].chain, "outside");
	assert_string_equal(find(&io, 0x3000, 0x3fff), "outside");
	assert_string_equal(io.res[3].chain, "parent\ninside\ndeeper");
	/* as a user: every address is zero */
	parse(&io, "00000000-00000000 : Reserved\n"
		   "  00000000-00000000 : PCI Bus 0000:00\n");
	assert_true(io.zeros);
	parse(&io, "");
	assert_false(io.zeros);
	assert_string_equal(find(&io, 0, 0), "none");
	iomem_free(&io);
}

/* This machine's /proc/iomem, read as root. */
static void test_capture(void **state)
{
	size_t len, k;
	char *text =
		test_read("iomem-6.18-x86_64-kmemtop-ci-onemoment.txt", &len);
	struct iomem io = { 0 };

	(void)state;
	iomem_parse(&io, text, len);
	assert_int_equal(io.skipped, 0);
	assert_int_equal(iomem_find(&io, 0xeec00000, 0xeecfffff, &k),
			 IOMEM_CONTAINED);
	assert_string_equal(io.res[k].name, "PCI Bus 0000:00");
	assert_string_equal(io.res[k].chain,
			    "Reserved\nPCI ECAM 0000 [bus 00-00]\n"
			    "PCI Bus 0000:00");
	iomem_free(&io);
	free(text);
}

/* ioremap maps whole pages: a device smaller than a page (HPET's 1 KiB)
 * is named by its mapping, never "spans"; a range that crosses a device's
 * edge by more than page rounding still spans. */
static void test_pages(void **state)
{
	struct iomem io = { 0 };
	size_t k;

	(void)state;
	parse(&io, tree);
	/* the page is in Reserved; the device in it is HPET's */
	assert_int_equal(iomem_find(&io, 0xfed00000, 0xfed00fff, &k),
			 IOMEM_CONTAINED);
	assert_string_equal(io.res[k].name, "Reserved");
	assert_int_equal(iomem_find_pages(&io, 0xfed00000, 0xfed00fff, 4096,
					  &k),
			 IOMEM_PAGES);
	assert_string_equal(io.res[k].name, "PNP0103:00");
	assert_non_null(strstr(io.res[k].chain, "HPET 0"));
	/* live here: acpi_os_map_iomem at 0x9f000, two pages: RAM's last
	 * bytes share the first page with the Reserved area it maps */
	assert_int_equal(iomem_find_pages(&io, 0x9f000, 0xa0fff, 4096, &k),
			 IOMEM_PAGES);
	assert_string_equal(io.res[k].name, "Reserved");
	assert_true(io.res[k].start == 0x9fc00);
	/* contained stays contained */
	assert_int_equal(iomem_find_pages(&io, 0xeec00000, 0xeec01fff, 4096,
					  &k),
			 IOMEM_CONTAINED);
	assert_string_equal(io.res[k].name, "PCI Bus 0000:00");
	/* a page past the ROM and the Reserved area: spans */
	assert_int_equal(iomem_find_pages(&io, 0xff000, 0x100fff, 4096, &k),
			 IOMEM_SPANS);
	assert_int_equal(k, SIZE_MAX);
	assert_string_equal(iomem_match_name(IOMEM_PAGES), "pages");
	iomem_free(&io);
}

/* Resources of one name told apart by the nearest ancestor whose name
 * differs, only among those marked */
static void test_labels(void **state)
{
	static const char t[] = "1000-1fff : bus a\n"
				"  1000-10ff : dev\n"
				"2000-2fff : bus b\n"
				"  2000-20ff : dev\n"
				"3000-3fff : host\n"
				"  3000-37ff : bus a\n"
				"    3000-30ff : dev\n";
	struct iomem io = { 0 };
	bool among[7] = { false };

	(void)state;
	iomem_parse(&io, t, sizeof(t) - 1);
	assert_int_equal(io.n, 7);
	assert_string_equal(io.res[1].label, "dev"); /* none made yet */
	iomem_make_labels(&io, NULL);
	/* one up: bus a, bus b, bus a; two up: none, none, host. The first
	 * is told apart by no ancestor: its name alone, which the others'
	 * labels differ from */
	assert_string_equal(io.res[1].label, "dev");
	assert_string_equal(io.res[3].label, "dev (bus b)");
	assert_string_equal(io.res[6].label, "dev (host)");
	assert_string_equal(io.res[5].label, "bus a (host)");
	assert_string_equal(io.res[0].label, "bus a");
	/* among 1 and 3 only: told apart; 6 not marked keeps its name */
	among[1] = among[3] = true;
	iomem_make_labels(&io, among);
	assert_string_equal(io.res[1].label, "dev (bus a)");
	assert_string_equal(io.res[3].label, "dev (bus b)");
	assert_string_equal(io.res[6].label, "dev");
	/* one marked: nothing to tell apart */
	among[3] = false;
	iomem_make_labels(&io, among);
	assert_string_equal(io.res[1].label, "dev");
	iomem_free(&io);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_bad_lines_and_zeros),
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
