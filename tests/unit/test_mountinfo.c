/*
 * test_mountinfo.c - the mountinfo parser on the kernel's documented line,
 * this machine's own mountinfo and hostile lines (escapes cut short,
 * \000, numbers past 64 bits, fields missing, 10,000-character lines);
 * and where the cgroup view finds its hierarchy on the live system:
 * /proc/self/mountinfo given in memory, through the view.
 */
#include "testlib.h"

#include "mountinfo.h"
#include "view_cgroup.h"

static void parse(const char *t, struct mountinfo *mi)
{
	mountinfo_parse(t, strlen(t), mi);
}

/* Documentation/filesystems/proc.rst's example, optional field and all */
static void test_parse_doc(void **state)
{
	struct mountinfo mi;
	const struct mount_entry *e;

	(void)state;
	parse("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root "
	      "rw,errors=continue\n",
	      &mi);
	assert_int_equal(mi.n, 1);
	assert_int_equal(mi.skipped, 0);
	e = &mi.m[0];
	assert_true(e->id == 36 && e->parent == 35);
	assert_true(e->major == 98 && e->minor == 0);
	assert_string_equal(e->root, "/mnt1");
	assert_string_equal(e->point, "/mnt2");
	assert_string_equal(e->type, "ext3");
	assert_string_equal(e->source, "/dev/root");
	assert_string_equal(e->options, "rw,errors=continue");
	assert_true(mountinfo_has_option(e, "errors=continue"));
	assert_false(mountinfo_has_option(e, "errors"));
	assert_false(mountinfo_has_option(e, "ro"));
	assert_ptr_equal(mountinfo_find(&mi, "ext3", "rw"), e);
	assert_null(mountinfo_find(&mi, "ext", NULL));
	mountinfo_free(&mi);
}

/* this machine's: every line a mount (counted apart, with awk's eyes:
 * lines holding " - "), the two cgroup hierarchies found */
static void test_parse_fixture(void **state)
{
	size_t len, lines = 0;
	char *t = test_read("mountinfo-6.18-x86_64-kmemtop-ci-live.txt", &len);
	struct mountinfo mi;
	const struct mount_entry *e;

	(void)state;
	for (const char *p = t; (p = strstr(p, " - ")); p++)
		lines++;
	mountinfo_parse(t, len, &mi);
	assert_int_equal(mi.n, lines);
	assert_int_equal(mi.skipped, 0);
	assert_true(mi.n >= 20);
	e = mountinfo_find(&mi, "cgroup2", NULL);
	assert_non_null(e);
	assert_string_equal(e->point, "/sys/fs/cgroup/unified");
	e = mountinfo_find(&mi, "cgroup", "memory");
	assert_non_null(e);
	assert_string_equal(e->point, "/sys/fs/cgroup/memory");
	assert_string_equal(e->options, "rw,memory");
	assert_null(mountinfo_find(&mi, "cgroup", "name"));
	assert_non_null(mountinfo_find(&mi, "cgroup", "name=systemd"));
	e = mountinfo_find(&mi, "ext4", NULL);
	assert_true(e && e->id == 26 && e->parent == 1 && e->major == 254);
	mountinfo_free(&mi);
	free(t);
}

/* escapes: whole ones undone, cut short or out of range kept as they
 * are, a NUL never made */
static void test_parse_escapes(void **state)
{
	struct mountinfo mi;

	(void)state;
	parse("1 0 0:1 / /a\\040b\\011c\\012d\\134e rw - t my\\040src rw\n"
	      "2 0 0:1 / /cut\\04 rw - t s rw\n"
	      "3 0 0:1 / /cut\\0 rw - t s rw\n"
	      "4 0 0:1 / /end\\ rw - t s rw\n"
	      "5 0 0:1 / /big\\400\\777 rw - t s rw\n"
	      "6 0 0:1 / /x\\08 rw - t s rw\n"
	      "7 0 0:1 / /nul\\000 rw - t s rw\n"
	      "8 0 0:1 /\\000 /ok rw - t s rw\n"
	      "9 0 0:1 / /ok rw - t\\000 s rw\n"
	      "10 0 0:1 / /ok rw - t s\\000 rw\n"
	      "11 0 0:1 / /ok rw - t s rw\\000\n",
	      &mi);
	assert_int_equal(mi.n, 7);
	assert_int_equal(mi.skipped, 4);
	assert_string_equal(mi.m[0].point, "/a b\tc\nd\\e");
	assert_string_equal(mi.m[0].source, "my src");
	assert_string_equal(mi.m[1].point, "/cut\\04");
	assert_string_equal(mi.m[2].point, "/cut\\0");
	assert_string_equal(mi.m[3].point, "/end\\");
	assert_string_equal(mi.m[4].point, "/big\\400\\777");
	assert_string_equal(mi.m[5].point, "/x\\08");
	/* options are kept as written: \000 is four characters there */
	assert_string_equal(mi.m[6].options, "rw\\000");
	mountinfo_free(&mi);
	/* a NUL byte itself, in a path or in the options */
	{
		static const char t[] = "1 0 0:1 / /a\0b rw - t s rw\n"
					"2 0 0:1 / /ok rw - t s r\0w\n"
					"3 0 0:1 / /ok rw - t s rw\n";
		mountinfo_parse(t, sizeof(t) - 1, &mi);
		assert_int_equal(mi.n, 1);
		assert_int_equal(mi.skipped, 2);
		assert_true(mi.m[0].id == 3);
		mountinfo_free(&mi);
	}
}

/* numbers: 64 bits at most, digits only */
static void test_parse_numbers(void **state)
{
	struct mountinfo mi;

	(void)state;
	parse("18446744073709551615 18446744073709551615 "
	      "18446744073709551615:18446744073709551615 / /max rw - t s rw\n"
	      "18446744073709551616 0 0:1 / /a rw - t s rw\n"
	      "1 99999999999999999999999999 0:1 / /a rw - t s rw\n"
	      "1 0 0:99999999999999999999 / /a rw - t s rw\n"
	      "-1 0 0:1 / /a rw - t s rw\n"
	      "1 0x2 0:1 / /a rw - t s rw\n"
	      "1 0 01 / /a rw - t s rw\n"
	      "1 0 :1 / /a rw - t s rw\n"
	      "1 0 0: / /a rw - t s rw\n"
	      "1 \t0 0:1 / /a rw - t s rw\n",
	      &mi);
	assert_int_equal(mi.n, 1);
	assert_int_equal(mi.skipped, 9);
	assert_true(mi.m[0].id == UINT64_MAX && mi.m[0].minor == UINT64_MAX);
	mountinfo_free(&mi);
}

/* fields missing, empty or extra; blank and CRLF lines */
static void test_parse_fields(void **state)
{
	static const char *const bad[] = {
		"",
		"1",
		"1 0 0:1 / /a",
		"1 0 0:1 / /a rw",
		"1 0 0:1 / /a rw -",
		"1 0 0:1 / /a rw - t",
		"1 0 0:1 / /a rw - t s",
		"1 0 0:1 / /a - t s rw",
		"1 0 0:1 / /a rw t s rw",
		"1 0 0:1 / /a rw -- t s rw",
		"1 0 0:1 / /a rw - t s ",
		"1 0 0:1 / /a rw -  s rw",
		"1 0 0:1 / a rw - t s rw",
		"1 0 0:1 a /a rw - t s rw",
		"1 0 0:1 /  /a rw - t s rw",
		"1  0 0:1 / /a rw - t s rw",
		" 1 0 0:1 / /a rw - t s rw",
	};
	struct mountinfo mi;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		parse(bad[i], &mi);
		if (mi.n)
			fail_msg("taken: \"%s\"", bad[i]);
		assert_int_equal(mi.skipped, bad[i][0] ? 1 : 0);
		mountinfo_free(&mi);
	}
	/* an empty source (mount("", ...)), optional fields, fields after
	 * the options, CRLF, blank lines */
	parse("\n1 0 0:1 / /a rw shared:1 master:2 unbindable - t  rw\r\n\n"
	      "2 0 0:1 / /b rw - t s rw,x new-field\n",
	      &mi);
	assert_int_equal(mi.n, 2);
	assert_int_equal(mi.skipped, 0);
	assert_string_equal(mi.m[0].source, "");
	assert_string_equal(mi.m[0].options, "rw");
	assert_string_equal(mi.m[1].options, "rw,x");
	mountinfo_free(&mi);
}

/* 10,000-character lines: a mount point, optional fields, options */
static void test_parse_long(void **state)
{
	struct sbuf b = { 0 };
	struct mountinfo mi;

	(void)state;
	sbuf_addf(&b, "1 0 0:1 / /");
	sbuf_fill(&b, 'p', 10000);
	sbuf_addf(&b, " rw - cgroup2 cgroup2 rw\n2 0 0:1 / /o rw");
	for (int i = 0; i < 2000; i++)
		sbuf_addf(&b, " s:%d", i);
	sbuf_addf(&b, " - t s rw\n3 0 0:1 / /x rw - cgroup cgroup rw");
	for (int i = 0; i < 2000; i++)
		sbuf_addf(&b, ",o%d", i);
	sbuf_addf(&b, ",memory\n4 0 0:1 / /");
	sbuf_fill(&b, '-', 10000);
	sbuf_addf(&b, "\n");
	mountinfo_parse(b.s, b.len, &mi);
	assert_int_equal(mi.n, 3);
	assert_int_equal(mi.skipped, 1);
	assert_int_equal(strlen(mi.m[0].point), 10001);
	assert_ptr_equal(mountinfo_find(&mi, "cgroup2", NULL), &mi.m[0]);
	assert_ptr_equal(mountinfo_find(&mi, "cgroup", "memory"), &mi.m[2]);
	assert_null(mountinfo_find(&mi, "cgroup", "o2000"));
	mountinfo_free(&mi);
	sbuf_free(&b);
}

/* The cgroup view on the files f[0..n) as if they were the live system's
 * (mountinfo is read only there); its summary's first line in b. */
static void summary_of(const struct source_file *f, size_t n, struct sbuf *b)
{
	struct test_view t;
	struct kerr err;

	test_view_open(&t, &view_cgroup);
	source_close(&t.env.src);
	source_open_files(&t.env.src, "/", f, n);
	t.env.src.live = true;
	assert_int_equal(test_view_read(&t, 1, &err), 0);
	sbuf_reset(b);
	t.v->summary(t.st, &t.env, USE_TEXT, NULL, b);
	test_view_close(&t);
	*strchr(b->s, '\n') = '\0';
}

#define FILE_OF(rel, text)                        \
	{                                         \
		rel, text, sizeof(text) - 1, NULL \
	}

static const char mi_head[] =
	"21 26 0:20 / /proc rw,relatime - proc proc rw\n"
	"26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n";

/* the view on this machine's own mountinfo: cgroup2 without memory at
 * /sys/fs/cgroup/unified, v1's memory at /sys/fs/cgroup/memory */
static void test_view_live_fixture(void **state)
{
	size_t len;
	char *mi = test_read("mountinfo-6.18-x86_64-kmemtop-ci-live.txt", &len);
	struct source_file f[] = {
		{ "proc/self/mountinfo", mi, len, NULL },
		FILE_OF("sys/fs/cgroup/unified/cgroup.controllers", "\n"),
		FILE_OF("sys/fs/cgroup/memory/memory.usage_in_bytes", "4096\n"),
	};
	struct sbuf b = { 0 };

	(void)state;
	summary_of(f, ARRAY_SIZE(f), &b);
	assert_string_equal(b.s,
			    "Cgroups: 0 in /sys/fs/cgroup/memory (cgroup v1)");
	/* with memory in v2's controllers, v2 */
	f[1] = (struct source_file)FILE_OF(
		"sys/fs/cgroup/unified/cgroup.controllers", "cpu io memory\n");
	summary_of(f, ARRAY_SIZE(f), &b);
	assert_string_equal(b.s,
			    "Cgroups: 0 in /sys/fs/cgroup/unified (cgroup v2)");
	sbuf_free(&b);
	free(mi);
}

/* a blank in the mount point (\040), hostile lines before the real one:
 * too few fields, no separator; a 10,000-character line and an escape
 * cut short of another type */
static void test_view_escapes(void **state)
{
	struct sbuf mi = { 0 }, b = { 0 };
	struct source_file f[3];

	(void)state;
	sbuf_addf(&mi, "%s", mi_head);
	sbuf_addf(&mi, "1 2 0:1 / /a - cgroup2\n");
	sbuf_addf(&mi, "1 2 0:1 / /b rw cgroup2 cgroup2 rw\n");
	sbuf_addf(&mi, "1 2 0:1 / /");
	sbuf_fill(&mi, 'x', 10000);
	sbuf_addf(&mi, " rw - tmpfs tmpfs rw\n");
	sbuf_addf(&mi, "1 2 0:1 / /cut\\04 rw - tmpfs tmpfs rw\n");
	sbuf_addf(&mi, "40 30 0:37 / /cg\\040v2 rw - cgroup2 cgroup2 rw\n");
	f[0] = (struct source_file){ "proc/self/mountinfo", mi.s, mi.len,
				     NULL };
	f[1] = (struct source_file)FILE_OF("cg v2/cgroup.controllers",
					   "memory\n");
	f[2] = (struct source_file)FILE_OF("cg v2/memory.stat", "kernel 1\n");
	summary_of(f, ARRAY_SIZE(f), &b);
	assert_string_equal(b.s, "Cgroups: 0 in /cg v2 (cgroup v2)");
	sbuf_free(&b);
	sbuf_free(&mi);
}

/* The summary's first line holds want, on mountinfo mi and one file
 * more. */
static void summary_has(const char *mi, struct source_file more,
			const char *want)
{
	struct source_file f[] = {
		{ "proc/self/mountinfo", mi, strlen(mi), NULL },
		more,
	};
	struct sbuf b = { 0 };

	summary_of(f, ARRAY_SIZE(f), &b);
	if (!strstr(b.s, want))
		fail_msg("\"%s\" is not in \"%s\"", want, b.s);
	sbuf_free(&b);
}

/* \000 is no byte of a path: the line is malformed, never the path cut
 * short at the NUL (here: a hierarchy that is not the one named) */
static void test_view_nul(void **state)
{
	static const char mi[] =
		"40 30 0:37 / /cg\\000/evil rw - cgroup2 cgroup2 rw\n";

	(void)state;
	summary_has(mi,
		    (struct source_file)FILE_OF("cg/cgroup.controllers",
						"memory\n"),
		    "no memory controller");
	summary_has(mi,
		    (struct source_file)FILE_OF("cg/cgroup.controllers",
						"memory\n"),
		    "(1 malformed line(s) of it skipped)");
}

/* v1's memory hierarchy is the one whose options name memory: not one
 * whose source happens to hold ",memory" */
static void test_view_v1_option(void **state)
{
	(void)state;
	summary_has(
		"31 30 0:28 / /sys/fs/cgroup/cpu rw - cgroup cg,memory rw,cpu\n"
		"32 30 0:29 / /sys/fs/cgroup/mem rw - cgroup cgroup rw,nosuid,memory\n",
		(struct source_file)FILE_OF(
			"sys/fs/cgroup/mem/memory.usage_in_bytes", "4096\n"),
		"Cgroups: 0 in /sys/fs/cgroup/mem (cgroup v1)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_doc),
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_parse_escapes),
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_view_live_fixture),
		cmocka_unit_test(test_view_escapes),
		cmocka_unit_test(test_view_nul),
		cmocka_unit_test(test_view_v1_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
