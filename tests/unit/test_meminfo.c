/*
 * test_meminfo.c - the /proc/meminfo parser on every capture in
 * tests/data: each field kmemtop uses, by the name the kernel prints,
 * equals what the test reads from the file itself (sscanf), in bytes.
 * The names here are the kernel's (fs/proc/meminfo.c), not the parser's
 * own table, so a misspelt name in the parser fails.
 */
#include "testlib.h"

#include <inttypes.h>

#include "meminfo.h"

static const struct {
	enum mi_field f;
	const char *name;
} fields[] = {
	{ MI_MEMTOTAL, "MemTotal" },
	{ MI_MEMFREE, "MemFree" },
	{ MI_MEMAVAILABLE, "MemAvailable" },
	{ MI_SLAB, "Slab" },
	{ MI_SRECLAIMABLE, "SReclaimable" },
	{ MI_SUNRECLAIM, "SUnreclaim" },
	{ MI_KERNELSTACK, "KernelStack" },
	{ MI_PAGETABLES, "PageTables" },
	{ MI_VMALLOCTOTAL, "VmallocTotal" },
	{ MI_VMALLOCUSED, "VmallocUsed" },
	{ MI_PERCPU, "Percpu" },
	{ MI_SWAPTOTAL, "SwapTotal" },
	{ MI_SWAPFREE, "SwapFree" },
	{ MI_COMMITLIMIT, "CommitLimit" },
	{ MI_COMMITTED_AS, "Committed_AS" },
	{ MI_BUFFERS, "Buffers" },
	{ MI_CACHED, "Cached" },
	{ MI_SWAPCACHED, "SwapCached" },
	{ MI_ANONPAGES, "AnonPages" },
	{ MI_SHMEM, "Shmem" },
	{ MI_ANONHUGEPAGES, "AnonHugePages" },
	{ MI_SECPAGETABLES, "SecPageTables" },
	{ MI_VMALLOCCHUNK, "VmallocChunk" },
	{ MI_HUGEPAGES_TOTAL, "HugePages_Total" },
	{ MI_HUGEPAGESIZE, "Hugepagesize" },
	{ MI_HUGETLB, "Hugetlb" },
	{ MI_ZSWAP, "Zswap" },
};

/* The value of "name:" in text, in kB, as a reader of the file sees it;
 * false when the file has no such line. */
static bool field_kb(const char *text, const char *name, uint64_t *kb)
{
	const char *p = text;
	size_t n = strlen(name);

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		unsigned long long v;
		if (strncmp(p, name, n) || p[n] != ':')
			continue;
		if (sscanf(p + n + 1, "%llu", &v) != 1)
			return false;
		*kb = v;
		return true;
	}
	return false;
}

static void test_captures(void **state)
{
	size_t n, checked = 0;
	char **files = test_list("meminfo-", &n);

	(void)state;
	assert_true(n >= 6);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *text = test_read(files[i], &len);
		struct meminfo mi;

		meminfo_parse(text, len, &mi);
		assert_int_equal(mi.skipped, 0);
		for (size_t k = 0; k < ARRAY_SIZE(fields); k++) {
			uint64_t kb;
			bool has = field_kb(text, fields[k].name, &kb);
			if (has != mi.have[fields[k].f])
				fail_msg("%s: %s: file %s it, parser %s",
					 files[i], fields[k].name,
					 has ? "has" : "lacks",
					 mi.have[fields[k].f] ? "has" : "not");
			if (has) {
				/* HugePages_Total is a count: kept as is */
				assert_int_equal(
					mi.bytes[fields[k].f],
					fields[k].f == MI_HUGEPAGES_TOTAL
						? kb
						: kb * 1024);
				checked++;
			}
		}
		/* the two a summary leans on most are in every capture */
		assert_true(mi.have[MI_SUNRECLAIM]);
		assert_true(mi.have[MI_COMMITLIMIT]);
		free(text);
		free(files[i]);
	}
	free(files);
	assert_true(checked >= 120);
}

static void test_bad_lines(void **state)
{
	static const char t[] = "MemTotal:   abc kB\n"
				"SUnreclaim:  12 kB\n"
				"Slab: 99999999999999999999 kB\n"
				"Nonsense\n"
				"CommitLimit:\n"
				"HugePages_Total:      7\n";
	struct meminfo mi;

	(void)state;
	meminfo_parse(t, strlen(t), &mi);
	assert_false(mi.have[MI_MEMTOTAL]);
	assert_true(mi.have[MI_SUNRECLAIM]);
	assert_int_equal(mi.bytes[MI_SUNRECLAIM], 12 * 1024);
	assert_false(mi.have[MI_SLAB]);
	assert_false(mi.have[MI_COMMITLIMIT]);
	assert_int_equal(mi.skipped, 3);
	assert_true(mi.have[MI_HUGEPAGES_TOTAL]);
	assert_int_equal(mi.bytes[MI_HUGEPAGES_TOTAL], 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures),
		cmocka_unit_test(test_bad_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
