/*
 * test_activity.c - the activity view's user-space arithmetic: per-CPU
 * values summed (a name from whichever CPU has one, frees seen on any),
 * and the model's rates with an injected clock: the first reading has
 * none, a cache new in the interval counted from 0, counts that went
 * down (another cache at a reused address) give none, frees never seen
 * stay unknown (not 0), and the "(other)" row of a full map; the call
 * sites' symbolizer on a kallsyms fixture (modules, weak symbols, data
 * and malformed lines skipped, addresses outside any symbol, addresses
 * hidden by kptr_restrict).
 */
#include "testlib.h"

#include <linux/types.h>

#include "activity_model.h"
#include "activity_src.h"
#include "bpf/activity_maps.h"
#include "kallsyms.h"

static void test_sum_cpus(void **state)
{
	struct act_counts v[3];
	struct act_cache c;

	(void)state;
	memset(v, 0, sizeof(v));
	v[0].allocs = 5;
	v[1].allocs = 7;
	v[1].bytes_alloc = 64 * 7;
	v[2].frees = 2;
	v[2].free_seen = 1;
	snprintf(v[1].name, sizeof(v[1].name), "filp");
	snprintf(v[2].name, sizeof(v[2].name), "ignored");
	act_sum_cpus(v, 3, 0x1234, &c);
	assert_int_equal(c.key, 0x1234);
	assert_int_equal(c.allocs, 12);
	assert_int_equal(c.frees, 2);
	assert_int_equal(c.bytes_alloc, 448);
	assert_true(c.free_seen);
	assert_string_equal(c.name, "filp");

	/* a counter past 2^64 on the sum wraps as the kernel's do; no name
	 * anywhere: "(unnamed)"; no free seen */
	memset(v, 0, sizeof(v));
	v[0].allocs = UINT64_MAX;
	v[1].allocs = 2;
	act_sum_cpus(v, 2, 0x5678, &c);
	assert_int_equal(c.allocs, 1);
	assert_false(c.free_seen);
	assert_false(c.approx);
	assert_string_equal(c.name, "(unnamed)");

	/* no name from the program: named by the key (a kmalloc bucket,
	 * whole pages, kfree's unknown cache); approximate when a CPU
	 * says so */
	memset(v, 0, sizeof(v));
	v[1].approx = 1;
	act_sum_cpus(v, 2, ACT_KEY_BUCKET + 96, &c);
	assert_true(c.approx);
	assert_string_equal(c.name, "kmalloc-96");
	act_sum_cpus(v, 2, ACT_KEY_BUCKET + 2048, &c);
	assert_string_equal(c.name, "kmalloc-2k");
	act_sum_cpus(v, 2, ACT_KEY_PAGES, &c);
	assert_string_equal(c.name, "(kmalloc pages)");
	act_sum_cpus(v, 2, ACT_KEY_KFREE, &c);
	assert_string_equal(c.name, "(kfree: cache unknown)");
	/* a bucket key past the ladder is no bucket */
	act_sum_cpus(v, 2, ACT_KEY_BUCKET + 2 * ACT_KMALLOC_MAX, &c);
	assert_string_equal(c.name, "(unnamed)");
}

static void add(struct act_reading *r, uint64_t key, const char *name,
		uint64_t allocs, uint64_t frees, bool seen, uint64_t bytes)
{
	struct act_cache *c;

	xgrow((void **)&r->c, &r->cap, r->n + 1, sizeof(*r->c));
	c = &r->c[r->n++];
	memset(c, 0, sizeof(*c));
	c->key = key;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->allocs = allocs;
	c->frees = frees;
	c->free_seen = seen;
	c->bytes_alloc = bytes;
	c->bytes_req = bytes / 2;
}

static const struct act_row *row(const struct act_model *m, const char *name)
{
	for (size_t i = 0; i < m->caches.nrows; i++)
		if (!strcmp(m->caches.rows[i].name, name))
			return &m->caches.rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

static void test_model(void **state)
{
	struct act_model m;
	struct act_reading r = { 0 };
	const struct act_row *w;

	(void)state;
	act_model_init(&m);
	add(&r, 0x30, "filp", 100, 90, true, 100 * 256);
	add(&r, 0x10, "maple_node", 50, 0, false, 50 * 256);
	add(&r, 0x20, "reused", 1000, 1000, true, 1000);
	act_model_update(&m, &r, 10.0);
	assert_null(r.c);
	assert_int_equal(m.caches.nrows, 3);
	w = row(&m, "filp");
	assert_false(w->have_rate);
	assert_int_equal(w->allocs, 100);
	assert_false(m.have_total);
	assert_int_equal(m.caches.nunknown, 1);

	/* two seconds later */
	add(&r, 0x10, "maple_node", 150, 0, false, 150 * 256);
	add(&r, 0x30, "filp", 2100, 2080, true, 2100 * 256);
	add(&r, 0x20, "reused", 10, 0, false, 10);
	add(&r, 0x40, "new_cache", 40, 0, false, 40 * 8);
	r.other.allocs = 4;
	snprintf(r.other.name, sizeof(r.other.name), "(other)");
	act_model_update(&m, &r, 12.0);
	assert_int_equal(m.caches.nrows, 5);
	w = row(&m, "filp");
	assert_true(w->have_rate);
	assert_true(w->alloc_rate == 1000.0);
	assert_true(w->have_free_rate);
	assert_true(w->free_rate == 995.0);
	assert_true(w->bytes_rate == 1000.0 * 256);
	assert_true(w->req_rate == 1000.0 * 128);
	/* frees never seen: unknown, not 0 */
	w = row(&m, "maple_node");
	assert_true(w->have_rate);
	assert_true(w->alloc_rate == 50.0);
	assert_false(w->have_free_rate);
	assert_false(w->have_frees);
	/* counts went down: another cache at the address, no rate */
	w = row(&m, "reused");
	assert_false(w->have_rate);
	assert_int_equal(w->allocs, 10);
	/* first seen in the interval: counted from nothing */
	w = row(&m, "new_cache");
	assert_true(w->have_rate);
	assert_true(w->alloc_rate == 20.0);
	w = row(&m, "(other)");
	assert_true(w->other);
	assert_true(w->have_rate);
	assert_true(w->alloc_rate == 2.0);
	assert_true(m.have_total);
	assert_true(m.caches.total_alloc_rate == 1000.0 + 50 + 20 + 2);
	assert_true(m.caches.total_free_rate == 995.0);
	assert_int_equal(m.caches.nunknown, 3);
	act_model_free(&m);
}

/* the name of addr, or "" */
static const char *name_of(const struct kallsyms *k, uint64_t addr,
			   struct sbuf *b)
{
	sbuf_reset(b);
	kallsyms_name(k, addr, b);
	return b->s ? b->s : "";
}

static void test_kallsyms(void **state)
{
	struct kallsyms k = { 0 };
	struct sbuf b = { 0 };
	size_t len;
	char *text = test_read("kallsyms-fixture.txt", &len);
	static const char hidden[] = "0000000000000000 T _stext\n"
				     "0000000000000000 t foo\t[mod]\n";

	(void)state;
	kallsyms_parse(text, len, &k);
	/* code only (t T w W), modules' too; data and rodata left out */
	assert_int_equal(k.n, 10);
	/* a line of no symbol, one without a name, a module unclosed */
	assert_int_equal(k.skipped, 3);
	assert_false(k.hidden);
	assert_string_equal(name_of(&k, 0xffffffff81234570, &b),
			    "kmem_cache_alloc_noprof+0x10");
	/* two symbols at one address: the first in the file */
	assert_string_equal(name_of(&k, 0xffffffff81000010, &b), "_stext+0x10");
	/* the fixture's order is not the addresses' */
	assert_string_equal(name_of(&k, 0xffffffff8130003c, &b),
			    "alloc_empty_file+0x3c");
	assert_string_equal(name_of(&k, 0xffffffff81234a08, &b),
			    "weak_helper+0x8");
	assert_string_equal(name_of(&k, 0xffffffffc0a01210, &b),
			    "ext4_free_in_core_inode+0x10 [ext4]");
	assert_string_equal(name_of(&k, 0xffffffffc0b00004, &b),
			    "nf_conntrack_alloc+0x4 [nf_conntrack]");
	/* below every symbol, and far past the last one below it */
	assert_string_equal(name_of(&k, 0xffffffff80000000, &b),
			    "0xffffffff80000000");
	assert_false(kallsyms_name(&k, 0xffffffff81300000 + (2UL << 20), &b));
	assert_string_equal(name_of(&k, 0xffffffff81500000, &b),
			    "0xffffffff81500000");
	/* kptr_restrict: every address 0, nothing named */
	kallsyms_parse(hidden, sizeof(hidden) - 1, &k);
	assert_true(k.hidden);
	assert_string_equal(name_of(&k, 0x10, &b), "0x0000000000000010");
	/* parsed again: nothing of the last text left */
	kallsyms_parse("", 0, &k);
	assert_int_equal(k.n, 0);
	assert_false(k.hidden);
	assert_string_equal(name_of(&k, 0x10, &b), "0x0000000000000010");
	kallsyms_free(&k);
	sbuf_free(&b);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sum_cpus),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_kallsyms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
