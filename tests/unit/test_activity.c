/*
 * test_activity.c - the activity view's user-space arithmetic: per-CPU
 * values summed (a name from whichever CPU has one, frees seen on any),
 * and the model's rates with an injected clock: the first reading has
 * none, a cache new in the interval counted from 0, counts that went
 * down (another cache at a reused address) give none, frees never seen
 * stay unknown (not 0), and the "(other)" row of a full map.
 */
#include "testlib.h"

#include <linux/types.h>

#include "activity_model.h"
#include "activity_src.h"
#include "bpf/activity_maps.h"

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
	act_sum_cpus(v, 2, 1, &c);
	assert_int_equal(c.allocs, 1);
	assert_false(c.free_seen);
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
	for (size_t i = 0; i < m->nrows; i++)
		if (!strcmp(m->rows[i].name, name))
			return &m->rows[i];
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
	assert_int_equal(m.nrows, 3);
	w = row(&m, "filp");
	assert_false(w->have_rate);
	assert_int_equal(w->allocs, 100);
	assert_false(m.have_total);
	assert_int_equal(m.nunknown, 1);

	/* two seconds later */
	add(&r, 0x10, "maple_node", 150, 0, false, 150 * 256);
	add(&r, 0x30, "filp", 2100, 2080, true, 2100 * 256);
	add(&r, 0x20, "reused", 10, 0, false, 10);
	add(&r, 0x40, "new_cache", 40, 0, false, 40 * 8);
	r.other.allocs = 4;
	snprintf(r.other.name, sizeof(r.other.name), "(other)");
	act_model_update(&m, &r, 12.0);
	assert_int_equal(m.nrows, 5);
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
	assert_true(m.total_alloc_rate == 1000.0 + 50 + 20 + 2);
	assert_true(m.total_free_rate == 995.0);
	assert_int_equal(m.nunknown, 3);
	act_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sum_cpus),
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
