/*
 * test_model.c - the slab model: slabtop's totals computed by hand, deltas
 * between snapshots with an injected clock, baselines, and the stable sort
 * over the column table.
 */
#include "testlib.h"

#include "rowset.h"
#include "slab_model.h"
#include "view_slab.h"

#define HDR "slabinfo - version: 2.1\n"

/* name active num objsize objperslab pagesperslab ... slabdata act num */
static const char snap_a[] = HDR
	"alpha 100 120 64 60 1 : tunables 0 0 0 : slabdata 2 2 0\n"
	"beta 0 0 4096 8 8 : tunables 0 0 0 : slabdata 0 0 0\n"
	"gamma 30 40 256 16 1 : tunables 0 0 0 : slabdata 3 3 0\n"
	"gone 5 10 32 128 1 : tunables 0 0 0 : slabdata 1 1 0\n";
/* alpha +1000 active and +5 slabs, gone vanished, fresh appeared */
static const char snap_b[] = HDR
	"alpha 1100 1120 64 60 1 : tunables 0 0 0 : slabdata 7 7 0\n"
	"beta 0 0 4096 8 8 : tunables 0 0 0 : slabdata 0 0 0\n"
	"gamma 30 40 256 16 1 : tunables 0 0 0 : slabdata 3 3 0\n"
	"fresh 7 8 512 8 1 : tunables 0 0 0 : slabdata 1 1 0\n";

static void test_totals(void **state)
{
	struct slab_model m;
	struct kerr err;
	const struct slab_totals *t = &m.tot;

	(void)state;
	slab_model_init(&m, 4096);
	assert_int_equal(slab_model_update(&m, snap_a, strlen(snap_a), 1, &err),
			 0);
	assert_int_equal(t->active_objs, 100 + 0 + 30 + 5);
	assert_int_equal(t->num_objs, 120 + 0 + 40 + 10);
	assert_int_equal(t->active_slabs, 2 + 0 + 3 + 1);
	assert_int_equal(t->num_slabs, 6);
	assert_int_equal(t->num_caches, 4);
	assert_int_equal(t->active_caches, 3); /* beta has no objects */
	assert_int_equal(t->active_size, 100 * 64 + 30 * 256 + 5 * 32);
	assert_int_equal(t->total_size, 120 * 64 + 40 * 256 + 10 * 32);
	assert_int_equal(t->min_objsize, 32);
	assert_int_equal(t->max_objsize, 4096);
	assert_int_equal(t->avg_objsize, (120 * 64 + 40 * 256 + 10 * 32) / 170);
	/* cache size = slabs x pages per slab x page size */
	assert_int_equal(m.rows[0].cache_size, 2 * 1 * 4096);
	assert_int_equal(m.rows[2].cache_size, 3 * 1 * 4096);
	slab_model_free(&m);
}

static void test_use_like_slabtop(void **state)
{
	struct slab_cache c = { 0 };

	(void)state;
	for (uint64_t n = 1; n < 3000; n += 7) {
		for (uint64_t a = 0; a <= n; a += 1 + n / 50) {
			c.active_objs = a;
			c.num_objs = n;
			assert_int_equal(
				slab_cache_use(&c),
				(unsigned)(100 * ((float)a / (float)n)));
		}
	}
	c.num_objs = 0;
	assert_int_equal(slab_cache_use(&c), 0);
	/* 29/100 in float is 28.999998: slabtop shows 28, and so must we */
	c.active_objs = 29;
	c.num_objs = 100;
	assert_int_equal(slab_cache_use(&c),
			 (unsigned)(100 * (29.0f / 100.0f)));
}

static const struct slab_row *row(struct slab_model *m, const char *name)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (!strcmp(m->rows[i].name, name))
			return &m->rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

/* A slab reading at time t, given to the row set as the screen does. */
static void read_at(struct slab_model *m, struct rowset *rs, const char *text,
		    double t)
{
	struct kerr err;

	assert_int_equal(slab_model_update(m, text, strlen(text), t, &err), 0);
	rowset_update(rs, &slab_table, m->rows, m->nrows, 0, sizeof(*m->rows), t,
		      t, NULL, NULL, NULL);
}

/* The slab view's delta column key of cache name: INT64_MIN when absent,
 * a rate times 1000 in rate mode. */
static int64_t slab_delta(struct slab_model *m, struct rowset *rs,
			  const char *key, const char *name)
{
	int col = table_find_key(&slab_table, key);
	struct value v;

	assert_true(col >= 0);
	rowset_value(rs, &slab_table.cols[col], (size_t)(row(m, name) - m->rows),
		     &v);
	if (v.kind == V_NONE)
		return INT64_MIN;
	if (v.kind == V_F64)
		return (int64_t)(v.f * 1000);
	assert_int_equal(v.kind, V_I64);
	return v.i;
}

/* The slab view's delta columns through the row set: dACTIVE is the
 * change of active_objs, dSIZE of the cache size, in every mode. */
static void test_deltas(void **state)
{
	struct slab_model m;
	struct rowset rs;
	const char snap_c[] = HDR
		"alpha 1600 1620 64 60 1 : tunables 0 0 0 : slabdata 9 9 0\n";

	(void)state;
	slab_model_init(&m, 4096);
	rowset_init(&rs);
	read_at(&m, &rs, snap_a, 10);
	/* the first read has nothing to compare with */
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "alpha"),
			 INT64_MIN);
	read_at(&m, &rs, snap_b, 12);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "alpha"), 1000);
	assert_int_equal(slab_delta(&m, &rs, "delta_size", "alpha"),
			 5 * 1 * 4096);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "gamma"), 0);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "fresh"),
			 INT64_MIN);
	assert_true(rowset_is_new(&rs, (size_t)(row(&m, "fresh") - m.rows)));
	assert_false(rowset_is_new(&rs, (size_t)(row(&m, "alpha") - m.rows)));
	assert_int_equal(m.nrows, 4); /* "gone" is gone */
	assert_int_equal(rs.ngone, 1);

	rowset_set_mode(&rs, DELTA_RATE);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "alpha"), 500000);

	/* since the baseline (the first read) after a third read */
	rowset_set_mode(&rs, DELTA_BASE);
	read_at(&m, &rs, snap_c, 13);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "alpha"), 1500);
	rowset_set_mode(&rs, DELTA_PREV);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "alpha"), 500);

	/* z: the next reading is the baseline */
	rowset_reset_base(&rs);
	rowset_set_mode(&rs, DELTA_BASE);
	read_at(&m, &rs, snap_c, 14);
	assert_int_equal(slab_delta(&m, &rs, "delta_active", "alpha"), 0);
	rowset_free(&rs);
	slab_model_free(&m);
}

static void test_failed_update_keeps_state(void **state)
{
	struct slab_model m;
	struct kerr err = { { 0 } };
	const char bad[] = "slabinfo - version: 9.1\n"
			   "x 1 1 1 1 1\n";

	(void)state;
	slab_model_init(&m, 4096);
	assert_int_equal(slab_model_update(&m, snap_a, strlen(snap_a), 1, &err),
			 0);
	assert_int_equal(slab_model_update(&m, bad, strlen(bad), 2, &err), -1);
	assert_non_null(strstr(err.msg, "9.1"));
	assert_int_equal(m.nrows, 4);
	assert_string_equal(m.rows[0].name, "alpha");
	assert_int_equal(m.tot.num_caches, 4);
	slab_model_free(&m);
}

static void sorted(struct slab_model *m, const char *key, bool desc,
		   size_t *idx)
{
	int col = table_find_key(&slab_table, key);
	assert_true(col >= 0);
	for (size_t i = 0; i < m->nrows; i++)
		idx[i] = i;
	table_sort(&slab_table.cols[col], desc, m->rows, sizeof(*m->rows), idx,
		   m->nrows);
}

static void test_sort_stable(void **state)
{
	/* b, d and a tie on num_objs: ties keep file order both ways */
	const char t[] = HDR "b 1 50 8 1 1 : tunables 0 0 0 : slabdata 1 1 0\n"
			     "c 1 70 8 1 1 : tunables 0 0 0 : slabdata 1 1 0\n"
			     "d 1 50 8 1 1 : tunables 0 0 0 : slabdata 1 1 0\n"
			     "a 1 50 8 1 1 : tunables 0 0 0 : slabdata 1 1 0\n";
	struct slab_model m;
	struct kerr err;
	size_t idx[4];

	(void)state;
	slab_model_init(&m, 4096);
	assert_int_equal(slab_model_update(&m, t, strlen(t), 1, &err), 0);
	sorted(&m, "objs", true, idx);
	assert_string_equal(m.rows[idx[0]].name, "c");
	assert_string_equal(m.rows[idx[1]].name, "b");
	assert_string_equal(m.rows[idx[2]].name, "d");
	assert_string_equal(m.rows[idx[3]].name, "a");
	sorted(&m, "objs", false, idx);
	assert_string_equal(m.rows[idx[0]].name, "b");
	assert_string_equal(m.rows[idx[1]].name, "d");
	assert_string_equal(m.rows[idx[2]].name, "a");
	assert_string_equal(m.rows[idx[3]].name, "c");
	sorted(&m, "name", false, idx);
	assert_string_equal(m.rows[idx[0]].name, "a");
	assert_string_equal(m.rows[idx[3]].name, "d");
	slab_model_free(&m);
}

static void test_letters(void **state)
{
	static const char *const map[][2] = {
		{ "a", "active" },	 { "b", "objperslab" },
		{ "c", "cache_size" },	 { "l", "slabs" },
		{ "v", "active_slabs" }, { "n", "name" },
		{ "o", "objs" },	 { "p", "pagesperslab" },
		{ "s", "objsize" },	 { "u", "use" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		int c = table_find_letter(&slab_table, map[i][0][0]);
		assert_true(c >= 0);
		assert_string_equal(slab_table.cols[c].key, map[i][1]);
	}
	assert_int_equal(table_find_letter(&slab_table, 'x'), -1);
	assert_string_equal(slab_table.cols[slab_table.default_sort].key,
			    "objs");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_use_like_slabtop),
		cmocka_unit_test(test_deltas),
		cmocka_unit_test(test_failed_update_keeps_state),
		cmocka_unit_test(test_sort_stable),
		cmocka_unit_test(test_letters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
