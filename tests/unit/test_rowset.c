/*
 * test_rowset.c - the row set alone, on a table of its own: pairing with
 * duplicate identities, rows gone and new, each delta mode with an
 * injected clock, the baseline taken at the reading after z, a filtered
 * binding, a table changed between readings, the summary's changes, and
 * a replay's readings (a previous reading set, recorded times); then
 * readings of more rows than a block: pairing across blocks, blocks
 * shared between equal readings, values of every width, no baseline.
 */
#include "testlib.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rowset.h"

struct trow {
	const char *name;
	uint64_t count; /* objects */
	uint64_t size;	/* bytes */
	const char *note;
};

static const struct column tcols[] = {
	{ .key = "name",
	  .title = "NAME",
	  .json = "name",
	  .fmt = F_TEXT,
	  .flags = COL_ID | COL_ASC,
	  .kind = V_STR,
	  .off = offsetof(struct trow, name) },
	{ .key = "count",
	  .title = "COUNT",
	  .json = "count",
	  .width = 6,
	  .fmt = F_COUNT,
	  .kind = V_U64,
	  .off = offsetof(struct trow, count) },
	{ .key = "size",
	  .title = "SIZE",
	  .json = "size",
	  .width = 6,
	  .fmt = F_KIB,
	  .kind = V_U64,
	  .off = offsetof(struct trow, size) },
	{ .key = "note",
	  .title = "NOTE",
	  .json = "note",
	  .fmt = F_TEXT,
	  .kind = V_STR,
	  .off = offsetof(struct trow, note) },
	{ .key = "delta_count",
	  .title = "dCOUNT",
	  .json = "delta_count",
	  .width = 6,
	  .fmt = F_DELTA,
	  .flags = COL_DELTA | COL_NOJSON,
	  .delta_of = "count" },
	{ .key = "delta_size",
	  .title = "dSIZE",
	  .json = "delta_size",
	  .width = 6,
	  .fmt = F_DELTA_KIB,
	  .flags = COL_DELTA | COL_NOJSON,
	  .delta_of = "size" },
};
static const struct table ttable = { "test", tcols, ARRAY_SIZE(tcols), 1,
				     false };
/* the same columns, another table: another grouping of a reading */
static const struct table ttable2 = { "test2", tcols, ARRAY_SIZE(tcols), 1,
				      false };
enum { C_COUNT = 1, C_SIZE = 2, C_DCOUNT = 4, C_DSIZE = 5 };

static void update(struct rowset *rs, struct trow *rows, size_t n, double t)
{
	rowset_update(rs, &ttable, rows, n, 0, sizeof(*rows), t, 1e9 + t, NULL,
		      NULL, NULL);
}

/* The delta column's value of bound row i: V_NONE gives INT64_MIN. */
static int64_t dcount(const struct rowset *rs, size_t i)
{
	struct value v;

	rowset_value(rs, &tcols[C_DCOUNT], i, &v);
	if (v.kind == V_NONE)
		return INT64_MIN;
	assert_int_equal(v.kind, V_I64);
	return v.i;
}

static double rate(const struct rowset *rs, size_t i, int col)
{
	struct value v;

	rowset_value(rs, &tcols[col], i, &v);
	assert_int_equal(v.kind, V_F64);
	return v.f;
}

static void test_first_reading(void **state)
{
	struct rowset rs;
	struct trow a[] = { { "x", 10, 4096, "" }, { "y", 5, 0, "" } };

	(void)state;
	rowset_init(&rs);
	update(&rs, a, 2, 1);
	/* no previous reading: nothing to compare with */
	assert_int_equal(dcount(&rs, 0), INT64_MIN);
	assert_false(rowset_is_new(&rs, 0));
	assert_int_equal(rs.ngone, 0);
	/* the baseline is this reading: zero change, not absent */
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, 0), 0);
	rowset_free(&rs);
}

static void test_pairing_new_gone(void **state)
{
	struct rowset rs;
	/* two rows named "dup" (two caches of one name): first with first */
	struct trow a[] = { { "dup", 1, 0, "" },
			    { "gone", 7, 0, "left" },
			    { "dup", 100, 0, "" },
			    { "keep", 3, 0, "" } };
	struct trow b[] = { { "keep", 4, 0, "" },
			    { "dup", 2, 0, "" },
			    { "fresh", 9, 0, "" },
			    { "dup", 130, 0, "" } };
	struct value v;

	(void)state;
	rowset_init(&rs);
	update(&rs, a, 4, 1);
	update(&rs, b, 4, 2);
	assert_int_equal(dcount(&rs, 0), 1);	     /* keep 3 -> 4 */
	assert_int_equal(dcount(&rs, 1), 1);	     /* dup 1 -> 2 */
	assert_int_equal(dcount(&rs, 2), INT64_MIN); /* fresh: new */
	assert_int_equal(dcount(&rs, 3), 30);	     /* dup 100 -> 130 */
	assert_true(rowset_is_new(&rs, 2));
	assert_false(rowset_is_new(&rs, 0));
	assert_int_equal(rs.ngone, 1);
	/* a gone row keeps its values, strings copied */
	rowset_gone_value(&rs, 0, &tcols[0], &v);
	assert_int_equal(v.kind, V_STR);
	assert_string_equal(v.s, "gone");
	rowset_gone_value(&rs, 0, &tcols[C_COUNT], &v);
	assert_int_equal(v.kind, V_U64);
	assert_int_equal(v.u, 7);
	/* its other text too: a gone row is shown whole */
	rowset_gone_value(&rs, 0, &tcols[3], &v);
	assert_int_equal(v.kind, V_STR);
	assert_string_equal(v.s, "left");
	rowset_free(&rs);
}

static void test_modes(void **state)
{
	struct rowset rs;
	struct trow r0[] = { { "c", 100, 8192, "" } };
	struct trow r1[] = { { "c", 160, 4096, "" } };
	struct trow r2[] = { { "c", 200, 12288, "" } };

	(void)state;
	rowset_init(&rs);
	update(&rs, r0, 1, 10);
	update(&rs, r1, 1, 12);
	update(&rs, r2, 1, 16);
	assert_int_equal(dcount(&rs, 0), 40); /* since the last reading */
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, 0), 100); /* since the first */
	rowset_set_mode(&rs, DELTA_RATE);
	/* 40 objects and +8192 bytes in 4 s */
	assert_true(rate(&rs, 0, C_DCOUNT) == 10.0);
	assert_true(rate(&rs, 0, C_DSIZE) == 2048.0);
	rowset_set_mode(&rs, DELTA_PREV);
	/* a shrink is negative: the size column's change */
	update(&rs, r1, 1, 17);
	{
		struct value v;
		rowset_value(&rs, &tcols[C_DSIZE], 0, &v);
		assert_int_equal(v.kind, V_I64);
		assert_int_equal(v.i, 4096 - 12288);
	}
	rowset_free(&rs);
}

/* z means now: the baseline is the reading taken after the key, not the
 * last one before it. */
static void test_reset_base(void **state)
{
	struct rowset rs;
	struct trow r[] = { { "c", 100, 0, "" } };

	(void)state;
	rowset_init(&rs);
	rowset_set_mode(&rs, DELTA_BASE);
	update(&rs, r, 1, 1);
	r[0].count = 150; /* changed between two refreshes */
	rowset_reset_base(&rs);
	/* until the fresh reading the old baseline stands */
	assert_true(rs.base.mono == 1);
	update(&rs, r, 1, 2); /* the reading z asked for */
	assert_int_equal(dcount(&rs, 0), 0);
	assert_true(rs.base.mono == 2);
	r[0].count = 157; /* changed again */
	update(&rs, r, 1, 3);
	assert_int_equal(dcount(&rs, 0), 7); /* exactly the second change */
	rowset_free(&rs);
}

/* Rows bound again without a reading (a filter, a subset): each keeps
 * its pairing by identity. */
static void test_bind_subset(void **state)
{
	struct rowset rs;
	struct trow a[] = { { "p", 1, 0, "" }, { "q", 2, 0, "" } };
	struct trow b[] = { { "p", 11, 0, "" }, { "q", 22, 0, "" } };

	(void)state;
	rowset_init(&rs);
	update(&rs, a, 2, 1);
	update(&rs, b, 2, 2);
	rowset_bind(&rs, &ttable, &b[1], 1, sizeof(*b));
	assert_int_equal(dcount(&rs, 0), 20); /* q, not p */
	rowset_free(&rs);
}

/* A table of other columns is the reading seen anew: the baseline is
 * taken again from it, and the previous reading cannot be compared. */
static void test_table_changed(void **state)
{
	struct rowset rs;
	struct trow a[] = { { "p", 1, 0, "" } };
	struct trow b[] = { { "p", 5, 0, "" } };

	(void)state;
	rowset_init(&rs);
	update(&rs, a, 1, 1);
	update(&rs, b, 1, 2);
	rowset_bind(&rs, &ttable2, b, 1, sizeof(*b));
	assert_int_equal(dcount(&rs, 0), INT64_MIN);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, 0), 0);
	b[0].count = 8;
	rowset_update(&rs, &ttable2, b, 1, 0, sizeof(*b), 3, 3, NULL, NULL,
		      NULL);
	assert_int_equal(dcount(&rs, 0), 3);
	rowset_free(&rs);
}

/* The summary's meminfo and totals follow the same mode as the rows. */
static void test_summary_changes(void **state)
{
	struct rowset rs;
	struct meminfo m0 = { 0 }, m1 = { 0 }, m2 = { 0 };
	uint64_t t0[RS_TOTALS] = { 5 }, t1[RS_TOTALS] = { 8 },
		 t2[RS_TOTALS] = { 20 };
	struct trow r[] = { { "c", 1, 0, "" } };
	double d;
	bool rt;

	(void)state;
	m0.have[MI_SLAB] = m1.have[MI_SLAB] = m2.have[MI_SLAB] = true;
	m0.bytes[MI_SLAB] = 1000;
	m1.bytes[MI_SLAB] = 1100;
	m2.bytes[MI_SLAB] = 1400;
	rowset_init(&rs);
	rowset_update(&rs, &ttable, r, 1, 0, sizeof(*r), 1, 1, &m0, t0, NULL);
	assert_false(rowset_mi_change(&rs, MI_SLAB, &d, &rt));
	rowset_update(&rs, &ttable, r, 1, 0, sizeof(*r), 2, 2, &m1, t1, NULL);
	rowset_update(&rs, &ttable, r, 1, 0, sizeof(*r), 4, 4, &m2, t2, NULL);
	assert_true(rowset_mi_change(&rs, MI_SLAB, &d, &rt));
	assert_true(d == 300 && !rt);
	assert_true(rowset_total_change(&rs, 0, &d, &rt));
	assert_true(d == 12);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_true(rowset_mi_change(&rs, MI_SLAB, &d, &rt));
	assert_true(d == 400);
	assert_true(rowset_total_change(&rs, 0, &d, &rt));
	assert_true(d == 15);
	rowset_set_mode(&rs, DELTA_RATE);
	assert_true(rowset_mi_change(&rs, MI_SLAB, &d, &rt));
	assert_true(d == 150 && rt);
	/* a field the reading lacks has no change */
	assert_false(rowset_mi_change(&rs, MI_SUNRECLAIM, &d, &rt));
	rowset_free(&rs);
}

/* Sorting by a delta column sorts by the change, absent last. */
/* A replay steps back: the previous reading is the snapshot before the
 * one shown, set after it; the baseline stays; z takes the one shown. */
static void test_set_prev(void **state)
{
	struct rowset rs;
	struct trow r0[] = { { "c", 100, 0, "" }, { "old", 1, 0, "" } };
	struct trow r1[] = { { "c", 130, 0, "" } };
	struct trow r2[] = { { "c", 170, 0, "" } };
	struct sbuf words = { 0 };

	(void)state;
	rowset_init(&rs);
	rowset_set_recorded(&rs, true);
	update(&rs, r0, 2, 10); /* the first snapshot: the baseline */
	update(&rs, r2, 1, 30); /* a jump to the third */
	rowset_set_prev(&rs, &ttable, r1, 1, 0, sizeof(*r1), 20, 1e9 + 20, NULL,
			NULL, NULL);
	assert_int_equal(dcount(&rs, 0), 40); /* 130 -> 170, not 100 -> 170 */
	assert_int_equal(rs.ngone, 0);	      /* "old" was not in r1 */
	assert_true(rs.base.mono == 10);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, 0), 70);
	rowset_set_mode(&rs, DELTA_RATE);
	assert_true(rate(&rs, 0, C_DCOUNT) == 4.0); /* 40 in 10 s */
	/* the first snapshot: no previous one */
	rowset_set_mode(&rs, DELTA_PREV);
	update(&rs, r0, 2, 10);
	rowset_set_prev(&rs, &ttable, NULL, 0, 0, sizeof(*r0), 10, 1e9 + 10,
			NULL, NULL, NULL);
	assert_int_equal(dcount(&rs, 0), INT64_MIN);
	rowset_describe(&rs, &words);
	assert_string_equal(words.s, "since the previous snapshot");
	/* z on the third: it is the baseline, said in UTC */
	rowset_reset_base(&rs);
	update(&rs, r2, 1, 30);
	rowset_set_prev(&rs, &ttable, r1, 1, 0, sizeof(*r1), 20, 1e9 + 20, NULL,
			NULL, NULL);
	assert_true(rs.base.mono == 30);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, 0), 0);
	sbuf_reset(&words);
	rowset_describe(&rs, &words);
	assert_string_equal(words.s, "since 01:47:10 UTC"); /* 1e9 + 30 */
	sbuf_free(&words);
	rowset_free(&rs);
}

static void test_sort_by_delta(void **state)
{
	struct rowset rs;
	struct trow a[] = { { "a", 10, 0, "" },
			    { "b", 10, 0, "" },
			    { "c", 10, 0, "" } };
	struct trow b[] = { { "a", 11, 0, "" },
			    { "b", 40, 0, "" },
			    { "c", 5, 0, "" },
			    { "d", 1, 0, "" } };
	size_t idx[] = { 0, 1, 2, 3 };

	(void)state;
	rowset_init(&rs);
	update(&rs, a, 3, 1);
	update(&rs, b, 4, 2);
	rowset_sort(&rs, &tcols[C_DCOUNT], true, idx, 4);
	assert_int_equal(idx[0], 1); /* +30 */
	assert_int_equal(idx[1], 0); /* +1 */
	assert_int_equal(idx[2], 2); /* -5 */
	assert_int_equal(idx[3], 3); /* new: no change */
	rowset_free(&rs);
}

/* ---- readings of more rows than a block ---------------------------------- */

enum { NROWS = 3000 };

/* Rows "r0".."r2999" (count i, size i pages, a note on two rows in
 * three: a block mixes strings and none), and three rows named "dup"
 * before r1023, r1024 and r2050 (counts 100, 200, 300): a block
 * boundary between the first two. Names live in names. */
static size_t many(struct trow *rows, char (*names)[16])
{
	static const char *const notes[] = { "x", "y", "z" };
	size_t n = 0, d = 0;

	for (size_t i = 0; i < NROWS; i++) {
		if (i == 1023 || i == 1024 || i == 2050)
			rows[n++] = (struct trow){ "dup", 100 * ++d, 0, NULL };
		snprintf(names[i], sizeof(names[i]), "r%zu", i);
		rows[n++] = (struct trow){ names[i], i, i * 4096,
					   i % 3 ? notes[i % 3] : NULL };
	}
	return n;
}

/* The bound row named name (the k-th of that name, 0 first). */
static size_t find(const struct trow *rows, size_t n, const char *name, int k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].name, name) && k-- == 0)
			return i;
	fail_msg("no row %s", name);
	return SIZE_MAX;
}

static const char *gone_name(const struct rowset *rs, size_t g)
{
	struct value v;

	rowset_gone_value(rs, g, &tcols[0], &v);
	assert_int_equal(v.kind, V_STR);
	return v.s;
}

/* Pairing across blocks: rows gone on both sides of a boundary, a row
 * new at the start (every later row moves), three of one name paired
 * first with first, each mode, and the baseline taken again. */
static void test_blocks(void **state)
{
	static char names[NROWS][16];
	static struct trow a[NROWS + 3], b[NROWS + 4];
	struct rowset rs;
	size_t na = many(a, names), nb = 0;

	(void)state;
	for (size_t i = 0; i < na; i++) {
		if (i == 10)
			b[nb++] = (struct trow){ "new1", 5, 0, "n" };
		if (!strcmp(a[i].name, "r1022") || !strcmp(a[i].name, "r2047"))
			continue;
		b[nb] = a[i];
		if (!strcmp(a[i].name, "r500"))
			b[nb].count += 7;
		if (!strcmp(a[i].name, "r2999"))
			b[nb].count += 1000;
		if (a[i].count == 200 && !strcmp(a[i].name, "dup"))
			b[nb].count = 250;
		nb++;
	}
	assert_int_equal(nb, na - 1);
	rowset_init(&rs);
	update(&rs, a, na, 1);
	update(&rs, b, nb, 2);
	for (size_t i = 0; i < nb; i++) {
		int64_t want = 0;

		if (!strcmp(b[i].name, "new1")) {
			assert_int_equal(dcount(&rs, i), INT64_MIN);
			assert_true(rowset_is_new(&rs, i));
			continue;
		}
		if (!strcmp(b[i].name, "r500"))
			want = 7;
		else if (!strcmp(b[i].name, "r2999"))
			want = 1000;
		else if (!strcmp(b[i].name, "dup") && b[i].count == 250)
			want = 50; /* the second "dup" with the second */
		assert_false(rowset_is_new(&rs, i));
		if (dcount(&rs, i) != want)
			fail_msg("row %zu (%s): %lld, not %lld", i, b[i].name,
				 (long long)dcount(&rs, i), (long long)want);
	}
	assert_int_equal(rs.ngone, 2);
	assert_string_equal(gone_name(&rs, 0), "r1022");
	assert_string_equal(gone_name(&rs, 1), "r2047");

	/* since the baseline (a), per second, and a baseline taken again */
	b[find(b, nb, "r500", 0)].count += 3;
	update(&rs, b, nb, 4);
	assert_int_equal(dcount(&rs, find(b, nb, "r500", 0)), 3);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, find(b, nb, "r500", 0)), 10);
	assert_int_equal(dcount(&rs, find(b, nb, "dup", 1)), 50);
	assert_int_equal(dcount(&rs, find(b, nb, "r2999", 0)), 1000);
	assert_true(rowset_is_new(&rs, find(b, nb, "new1", 0)));
	rowset_set_mode(&rs, DELTA_RATE);
	assert_true(rate(&rs, find(b, nb, "r500", 0), C_DCOUNT) == 1.5);
	rowset_set_mode(&rs, DELTA_BASE);
	rowset_reset_base(&rs);
	update(&rs, b, nb, 5);
	assert_int_equal(dcount(&rs, find(b, nb, "r500", 0)), 0);
	assert_false(rowset_is_new(&rs, find(b, nb, "new1", 0)));
	b[find(b, nb, "dup", 2)].count += 4;
	update(&rs, b, nb, 6);
	assert_int_equal(dcount(&rs, find(b, nb, "dup", 2)), 4);
	assert_int_equal(dcount(&rs, find(b, nb, "dup", 0)), 0);
	rowset_free(&rs);
}

/* A reading that equals the last one shares its blocks and text; one
 * row changed costs its block alone. */
static void test_shared(void **state)
{
	static char names[NROWS][16];
	static struct trow a[NROWS + 3];
	struct rowset rs;
	size_t n = many(a, names), nb = (n + RS_BLOCK - 1) / RS_BLOCK;

	(void)state;
	rowset_init(&rs);
	update(&rs, a, n, 1);
	/* the baseline is the first reading, not a copy of it */
	for (size_t k = 0; k < nb; k++)
		assert_ptr_equal(rs.base.blocks[k], rs.cur.blocks[k]);
	update(&rs, a, n, 2);
	for (size_t k = 0; k < nb; k++)
		assert_ptr_equal(rs.prev.blocks[k], rs.cur.blocks[k]);
	assert_ptr_equal(rs.prev.text, rs.cur.text);
	a[RS_BLOCK + 5].count++; /* in the second block */
	update(&rs, a, n, 3);
	assert_ptr_equal(rs.prev.blocks[0], rs.cur.blocks[0]);
	assert_ptr_not_equal(rs.prev.blocks[1], rs.cur.blocks[1]);
	assert_ptr_equal(rs.prev.blocks[2], rs.cur.blocks[2]);
	assert_int_equal(dcount(&rs, RS_BLOCK + 5), 1);
	assert_int_equal(dcount(&rs, RS_BLOCK + 6), 0);
	/* a string changed: its rows read their own text */
	a[7].note = "changed";
	update(&rs, a, n, 4);
	{
		struct value v;
		assert_true(rowset_then(&rs, &tcols[3], 7, &v));
		assert_string_equal(v.s, "y"); /* r7's note before */
		assert_true(rowset_then(&rs, &tcols[3], 8, &v));
		assert_string_equal(v.s, "z");
		assert_false(rowset_then(&rs, &tcols[3], 6, &v)); /* none */
	}
	rowset_free(&rs);
}

/* Values kept exactly whatever their width: 0 and UINT64_MAX in one
 * block, a count that wraps, a gone row's values. */
static void test_packed_values(void **state)
{
	struct rowset rs;
	struct trow a[] = { { "lo", 0, 1, "s" },
			    { "hi", UINT64_MAX, (uint64_t)1 << 40, NULL },
			    { "mid", 70000, 5, "t" },
			    { "left", UINT64_MAX - 1, 3, "u" } };
	struct trow b[] = { { "lo", 0, 1, "s" },
			    { "hi", 2, (uint64_t)1 << 40, NULL },
			    { "mid", 70001, 5, "t" } };
	struct value v;

	(void)state;
	rowset_init(&rs);
	update(&rs, a, 4, 1);
	update(&rs, b, 3, 2);
	assert_true(rowset_then(&rs, &tcols[C_COUNT], 1, &v));
	assert_true(v.kind == V_U64 && v.u == UINT64_MAX);
	assert_true(rowset_then(&rs, &tcols[C_SIZE], 1, &v));
	assert_true(v.u == (uint64_t)1 << 40);
	assert_int_equal(dcount(&rs, 1), 3); /* wrapped, as counters do */
	assert_int_equal(dcount(&rs, 2), 1);
	assert_int_equal(rs.ngone, 1);
	rowset_gone_value(&rs, 0, &tcols[C_COUNT], &v);
	assert_true(v.kind == V_U64 && v.u == UINT64_MAX - 1);
	rowset_gone_value(&rs, 0, &tcols[3], &v);
	assert_string_equal(v.s, "u");
	rowset_free(&rs);
}

/* Batch keeps no baseline: the baseline mode measures from nothing. */
static void test_no_base(void **state)
{
	struct rowset rs;
	struct trow r[] = { { "c", 1, 0, "" } };

	(void)state;
	rowset_init(&rs);
	rowset_set_no_base(&rs, true);
	update(&rs, r, 1, 1);
	r[0].count = 4;
	update(&rs, r, 1, 2);
	assert_false(rs.have_base);
	assert_int_equal(dcount(&rs, 0), 3);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(dcount(&rs, 0), INT64_MIN);
	rowset_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_reading),
		cmocka_unit_test(test_pairing_new_gone),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_reset_base),
		cmocka_unit_test(test_bind_subset),
		cmocka_unit_test(test_table_changed),
		cmocka_unit_test(test_summary_changes),
		cmocka_unit_test(test_sort_by_delta),
		cmocka_unit_test(test_set_prev),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_packed_values),
		cmocka_unit_test(test_no_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
