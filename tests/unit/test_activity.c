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

#include <sys/stat.h>
#include <unistd.h>

#include "activity_feed.h"
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

/* an entry of a call site (cgroup 0) or of a process (key: tgid) */
static void who(struct act_cache **v, size_t *n, size_t *cap, uint64_t key,
		uint64_t cache, uint64_t cgroup, const char *name,
		uint64_t allocs)
{
	struct act_cache *c;

	xgrow((void **)v, cap, *n + 1, sizeof(**v));
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->cache = cache;
	c->cgroup = cgroup;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->allocs = allocs;
	c->bytes_alloc = allocs * 64;
}

#define SITE(r, ...) who(&(r)->sites, &(r)->nsites, &(r)->sites_cap, __VA_ARGS__)
#define PROC(r, ...) who(&(r)->procs, &(r)->nprocs, &(r)->procs_cap, __VA_ARGS__)

static const struct act_row *find(const struct act_part *p, bool other,
				   uint64_t key)
{
	for (size_t i = 0; i < p->nrows; i++)
		if (p->rows[i].other == other &&
		    (other || p->rows[i].key == key))
			return &p->rows[i];
	return NULL;
}

static const struct act_row *keyed(const struct act_part *p, uint64_t key)
{
	const struct act_row *w = find(p, false, key);

	if (!w)
		fail_msg("no row %#" PRIx64, key);
	return w;
}

static const struct act_row *other_row(const struct act_part *p)
{
	const struct act_row *w = find(p, true, 0);

	if (!w)
		fail_msg("no (other) row");
	return w;
}

/* The parts by call site, process and cgroup: entries per (site, cache)
 * and (tgid, cgroup, cache) paired by their whole key, summed into rows;
 * one cache's rows; the "(other)" entries; a tgid reused, one gone. */
static void test_groups(void **state)
{
	struct act_model m;
	struct act_reading r = { 0 };
	struct act_part of = { 0 };
	const struct act_part *p;
	const struct act_row *w;

	(void)state;
	act_model_init(&m);
	add(&r, 0xf1, "filp", 300, 0, false, 0);
	add(&r, 0xd1, "dentry", 100, 0, false, 0);
	add(&r, 0x1c, "kmalloc-cg-64", 500, 0, false, 0);
	SITE(&r, 0xa, 0xf1, 0, "alloc_empty_file+0x4a", 300);
	SITE(&r, 0xb, 0xd1, 0, "d_alloc+0x1c", 100);
	SITE(&r, 0xb, 0x1c, 0, "d_alloc+0x1c", 20);
	SITE(&r, 0xc, 0x1c, 0, "seq_open+0x10", 480);
	PROC(&r, 42, 0xf1, 7, "opener", 200);
	PROC(&r, 42, 0xf1, 8, "opener", 100);
	PROC(&r, 42, 0x1c, 7, "opener", 10);
	PROC(&r, 43, 0xd1, 7, "other", 100);
	PROC(&r, 44, 0x1c, 8, "gone", 490);
	act_reading_cgname(&r, 7, "/system.slice/x.service");
	act_model_update(&m, &r, 100.0);
	assert_null(r.procs);
	assert_ptr_equal(act_model_part(&m, ACT_BY_CACHE), &m.caches);
	assert_ptr_equal(act_model_part(&m, ACT_BY_SITE), &m.sites);
	assert_ptr_equal(act_model_part(&m, ACT_BY_PROC), &m.procs);
	assert_ptr_equal(act_model_part(&m, ACT_BY_CGROUP), &m.cgroups);
	/* a call site over the caches it allocated from */
	p = act_model_part(&m, ACT_BY_SITE);
	assert_int_equal(p->nrows, 3);
	w = keyed(p, 0xb);
	assert_string_equal(w->name, "d_alloc+0x1c");
	assert_int_equal(w->allocs, 120);
	assert_false(w->have_rate);
	assert_false(w->have_frees);
	/* a process over caches and cgroups, its tgid in .tgid */
	p = act_model_part(&m, ACT_BY_PROC);
	assert_int_equal(p->nrows, 3);
	w = keyed(p, 42);
	assert_int_equal(w->tgid, 42);
	assert_string_equal(w->name, "opener");
	assert_int_equal(w->allocs, 310);
	assert_int_equal(w->bytes_alloc, 310 * 64);
	/* a cgroup over processes and caches, named by the caller or not */
	p = act_model_part(&m, ACT_BY_CGROUP);
	assert_int_equal(p->nrows, 2);
	w = keyed(p, 7);
	assert_string_equal(w->name, "/system.slice/x.service");
	assert_int_equal(w->allocs, 310);
	assert_int_equal(w->tgid, 0);
	w = keyed(p, 8);
	assert_string_equal(w->name, "cgroup 8");
	assert_int_equal(w->allocs, 590);
	assert_false(m.caches.rows[0].approx);
	/* the cache rows' keys; by name, a name cut by the program too */
	assert_int_equal(act_model_cache_named(&m, "filp")->key, 0xf1);
	assert_null(act_model_cache_named(&m, "fil"));
	assert_null(act_model_cache_named(&m, "nosuch"));

	/* ten seconds later: 42 opened 1000 files in cgroup 7; 44 is gone
	 * and 45 new; the maps overflowed */
	add(&r, 0xf1, "filp", 1300, 0, false, 0);
	add(&r, 0xd1, "dentry", 100, 0, false, 0);
	add(&r, 0x1c, "kmalloc-cg-64", 700, 0, false, 0);
	add(&r, 0xab, "a_cache_whose_name_is_cut_at_31", 1, 0, false, 0);
	SITE(&r, 0xc, 0x1c, 0, "seq_open+0x10", 580);
	SITE(&r, 0xa, 0xf1, 0, "alloc_empty_file+0x4a", 1300);
	SITE(&r, 0xb, 0x1c, 0, "d_alloc+0x1c", 120);
	SITE(&r, 0xb, 0xd1, 0, "d_alloc+0x1c", 100);
	PROC(&r, 42, 0xf1, 8, "opener", 100);
	PROC(&r, 42, 0xf1, 7, "opener", 1200);
	PROC(&r, 42, 0x1c, 7, "opener", 10);
	PROC(&r, 43, 0xd1, 7, "other", 100);
	/* tgid 44 reused by a process of another name that allocates from
	 * a cache 44 never did: one row, its rate from both entries */
	PROC(&r, 44, 0x1c, 8, "reuser", 490);
	PROC(&r, 44, 0xd1, 8, "reuser", 50);
	PROC(&r, 45, 0x1c, 9, "new", 100);
	r.other_site.allocs = 30;
	r.other_proc.allocs = 40;
	act_model_update(&m, &r, 110.0);
	assert_string_equal(
		act_model_cache_named(&m, "a_cache_whose_name_is_cut_at_31_and_more")
			->name,
		"a_cache_whose_name_is_cut_at_31");
	p = act_model_part(&m, ACT_BY_SITE);
	assert_int_equal(p->nrows, 4);
	w = keyed(p, 0xb);
	assert_true(w->have_rate);
	assert_true(w->alloc_rate == 10.0);
	assert_true(w->bytes_rate == 640.0);
	w = keyed(p, 0xa);
	assert_true(w->alloc_rate == 100.0);
	w = other_row(p);
	assert_string_equal(w->name, "(other)");
	assert_true(w->alloc_rate == 3.0);
	assert_false(w->have_free_rate);
	assert_true(p->total_alloc_rate == 100.0 + 10 + 10 + 3);
	p = act_model_part(&m, ACT_BY_PROC);
	assert_int_equal(p->nrows, 5);
	assert_true(keyed(p, 42)->alloc_rate == 100.0);
	assert_true(keyed(p, 43)->have_rate);
	assert_true(keyed(p, 43)->alloc_rate == 0.0);
	w = keyed(p, 44);
	assert_string_equal(w->name, "reuser");
	assert_true(w->alloc_rate == 5.0);
	assert_int_equal(w->allocs, 540);
	assert_true(keyed(p, 45)->alloc_rate == 10.0);
	assert_true(other_row(p)->alloc_rate == 4.0);
	p = act_model_part(&m, ACT_BY_CGROUP);
	assert_int_equal(p->nrows, 4);
	assert_true(keyed(p, 7)->alloc_rate == 100.0);
	assert_true(keyed(p, 8)->alloc_rate == 5.0);
	assert_string_equal(keyed(p, 9)->name, "cgroup 9");
	assert_true(other_row(p)->alloc_rate == 4.0);

	/* of one cache: only its entries, no "(other)" (it knows no cache) */
	act_model_of_cache(&m, ACT_BY_SITE, 0x1c, &of);
	assert_int_equal(of.nrows, 2);
	assert_true(keyed(&of, 0xb)->alloc_rate == 10.0);
	assert_int_equal(keyed(&of, 0xb)->allocs, 120);
	assert_true(keyed(&of, 0xc)->alloc_rate == 10.0);
	assert_null(find(&of, false, 0xa));
	assert_null(find(&of, true, 0));
	assert_true(of.total_alloc_rate == 20.0);
	act_model_of_cache(&m, ACT_BY_PROC, 0xf1, &of);
	assert_int_equal(of.nrows, 1);
	assert_int_equal(of.rows[0].tgid, 42);
	assert_int_equal(of.rows[0].allocs, 1300);
	assert_true(of.rows[0].alloc_rate == 100.0);
	act_model_of_cache(&m, ACT_BY_CGROUP, 0x1c, &of);
	assert_int_equal(of.nrows, 3);
	assert_true(keyed(&of, 8)->alloc_rate == 0.0);
	assert_true(keyed(&of, 9)->alloc_rate == 10.0);
	assert_int_equal(keyed(&of, 7)->allocs, 10);
	act_model_of_cache(&m, ACT_BY_CACHE, 0xf1, &of);
	assert_int_equal(of.nrows, 1);
	assert_string_equal(of.rows[0].name, "filp");
	act_model_of_cache(&m, ACT_BY_SITE, 0x999, &of);
	assert_int_equal(of.nrows, 0);
	act_part_free(&of);
	act_model_free(&m);
}

static bool alive_not_50(uint32_t tgid, void *ctx)
{
	(void)ctx;
	return tgid != 50;
}

static void count_drop(const struct act_cache *c, void *ctx)
{
	assert_int_equal(c->key, 50);
	(*(int *)ctx)++;
}

/* Exited processes' entries leave the map (drop) with their counts kept
 * per (cgroup, cache): the "(exited)" row and the cgroups' totals hold
 * them, no rate counts them twice. */
static void test_exited(void **state)
{
	struct act_model m;
	struct act_reading r = { 0 };
	struct act_exited x = { 0 };
	const struct act_part *p;
	const struct act_row *w;
	int dropped = 0;

	(void)state;
	act_model_init(&m);
	add(&r, 0xf1, "filp", 1000, 0, false, 0);
	PROC(&r, 42, 0xf1, 7, "live", 100);
	PROC(&r, 50, 0xf1, 7, "dead", 300);
	PROC(&r, 50, 0x1c, 7, "dead", 30);
	PROC(&r, 0, 0xf1, 1, "swapper/0", 5);
	act_fold_exited(&r, &x, alive_not_50, count_drop, &dropped);
	assert_int_equal(dropped, 2);
	/* 50 leaves the reading; (exited) of cgroup 7, caches 0xf1 and
	 * 0x1c, in its place */
	assert_int_equal(r.nprocs, 4);
	assert_int_equal(x.n, 2);
	act_model_update(&m, &r, 1.0);

	/* 50 gone from the map; 42 allocated 100 more, 50 had 20 more
	 * in its last interval (read above: 300 is its last count) */
	add(&r, 0xf1, "filp", 1100, 0, false, 0);
	PROC(&r, 42, 0xf1, 7, "live", 200);
	PROC(&r, 0, 0xf1, 1, "swapper/0", 5);
	act_fold_exited(&r, &x, alive_not_50, count_drop, &dropped);
	assert_int_equal(dropped, 2);
	assert_int_equal(x.n, 2);
	act_model_update(&m, &r, 2.0);
	p = act_model_part(&m, ACT_BY_PROC);
	assert_int_equal(p->nrows, 3);
	assert_true(keyed(p, 42)->alloc_rate == 100.0);
	w = other_row(p);
	assert_string_equal(w->name, "(exited)");
	assert_int_equal(w->allocs, 330);
	assert_false(w->have_rate);
	assert_int_equal(w->tgid, 0);
	p = act_model_part(&m, ACT_BY_CGROUP);
	w = keyed(p, 7);
	assert_int_equal(w->allocs, 530);
	assert_true(w->alloc_rate == 100.0);
	assert_true(p->total_alloc_rate == 100.0);
	act_exited_free(&x);
	act_model_free(&m);
}

/* An exited process whose counts a write-back slot still holds: from
 * the reading its death is seen it has no row (which would otherwise
 * fall from its 300 to the slot's 20), and "(exited)" holds all 300 in
 * every reading after: the map's part kept for good, the slot's read
 * again, then flushed by the program into a new map entry and folded. */
static void test_exited_slot(void **state)
{
	struct act_model m;
	struct act_reading r = { 0 };
	struct act_exited x = { 0 };
	const struct act_part *p;
	int dropped = 0;
	/* what the map and the slot hold of 50 in each reading */
	static const uint64_t in_map[] = { 280, 0, 20 }, in_slot[] = { 20, 20,
									0 };

	(void)state;
	act_model_init(&m);
	for (int k = 0; k < 3; k++) {
		add(&r, 0xf1, "filp", 1000, 0, false, 0);
		PROC(&r, 42, 0xf1, 7, "live", 100 * (uint64_t)(k + 1));
		if (in_map[k] + in_slot[k]) {
			PROC(&r, 50, 0xf1, 7, "dead", in_map[k] + in_slot[k]);
			r.procs[1].pending = in_slot[k];
			r.procs[1].pending_bytes = in_slot[k] * 64;
		}
		act_fold_exited(&r, &x, alive_not_50, count_drop, &dropped);
		act_model_update(&m, &r, 1.0 + k);
		p = act_model_part(&m, ACT_BY_PROC);
		assert_null(find(p, false, 50));
		assert_int_equal(keyed(p, 42)->allocs, 100 * (k + 1));
		assert_string_equal(other_row(p)->name, "(exited)");
		assert_int_equal(other_row(p)->allocs, 300);
		assert_int_equal(
			keyed(act_model_part(&m, ACT_BY_CGROUP), 7)->allocs,
			300 + 100 * (k + 1));
	}
	/* the map's entries dropped: 280, then the flushed 20 */
	assert_int_equal(dropped, 2);
	assert_int_equal(x.n, 1);
	assert_int_equal(x.v[0].allocs, 300);
	act_exited_free(&x);
	act_model_free(&m);
}

/* Cgroups that come and go by the thousand (a process each, exited):
 * the exited counts stay bounded (ACT_EXITED_MAX pairs, then per cache
 * under cgroup 0) and none is lost. */
static void test_exited_bound(void **state)
{
	struct act_reading r = { 0 };
	struct act_exited x = { 0 };
	uint64_t sum = 0;
	int dropped = 0;

	(void)state;
	for (int round = 0; round < 3; round++) {
		for (uint64_t cg = 1; cg <= 3000; cg++)
			PROC(&r, 50, 0xf1, 10000 * (uint64_t)round + cg,
			     "dead", 2);
		act_fold_exited(&r, &x, alive_not_50, count_drop, &dropped);
		act_reading_free(&r);
	}
	assert_int_equal(dropped, 9000);
	assert_true(x.n <= ACT_EXITED_MAX + 1);
	for (size_t i = 0; i < x.n; i++)
		sum += x.v[i].allocs;
	assert_int_equal(sum, 18000);
	act_exited_free(&x);
}

/* root/rel made a directory; its inode number (its cgroup id) */
static uint64_t cg_dir(const char *root, const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

/* a reading whose processes ran in cgroups ids[0..n) */
static void in_cgroups(struct act_reading *r, const uint64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		PROC(r, 100 + i, 0xf1, ids[i], "p", 1);
}

/* Cgroups named by their directories' paths under the cgroup2 mount (a
 * captured tree's sys/fs/cgroup), found by inode number; symbolic links
 * not followed; walked again when an unknown id appears, once; an id no
 * walk finds is walked for once, then "cgroup N". */
static void test_cgroup_names(void **state)
{
	char dir[] = "/tmp/kmemtop-test-cg.XXXXXX";
	char cmd[600], path[512];
	struct source src;
	struct act_cgroups cg = { 0 };
	struct act_reading r = { 0 };
	struct act_model m;
	uint64_t root, a, ab, c, ids[4];

	(void)state;
	act_model_init(&m);
	assert_non_null(mkdtemp(dir));
	cg_dir(dir, "sys");
	cg_dir(dir, "sys/fs");
	root = cg_dir(dir, "sys/fs/cgroup");
	a = cg_dir(dir, "sys/fs/cgroup/a.slice");
	ab = cg_dir(dir, "sys/fs/cgroup/a.slice/b.service");
	cg_dir(dir, "outside");
	/* a link to a directory outside: not followed, not named */
	snprintf(path, sizeof(path), "%s/sys/fs/cgroup/link", dir);
	snprintf(cmd, sizeof(cmd), "%s/outside", dir);
	assert_int_equal(symlink(cmd, path), 0);
	source_open(&src, dir);

	ids[0] = root, ids[1] = ab, ids[2] = a;
	in_cgroups(&r, ids, 3);
	act_cgroups_name(&cg, &src, &r);
	assert_int_equal(cg.walks, 1);
	assert_int_equal(cg.n, 3);
	assert_string_equal(act_reading_cgname_of(&r, root), "/");
	assert_string_equal(act_reading_cgname_of(&r, a), "/a.slice");
	assert_string_equal(act_reading_cgname_of(&r, ab),
			    "/a.slice/b.service");
	act_model_update(&m, &r, 1.0);
	assert_string_equal(keyed(act_model_part(&m, ACT_BY_CGROUP), ab)->name,
			    "/a.slice/b.service");

	/* known ids: no walk */
	in_cgroups(&r, ids, 3);
	act_cgroups_name(&cg, &src, &r);
	assert_int_equal(cg.walks, 1);
	act_reading_free(&r);

	/* a cgroup made since, and an id no directory has: one walk */
	c = cg_dir(dir, "sys/fs/cgroup/a.slice/c");
	ids[3] = c;
	ids[0] = 987654321;
	in_cgroups(&r, ids, 4);
	act_cgroups_name(&cg, &src, &r);
	assert_int_equal(cg.walks, 2);
	assert_string_equal(act_reading_cgname_of(&r, c), "/a.slice/c");
	assert_null(act_reading_cgname_of(&r, 987654321));
	act_model_update(&m, &r, 2.0);
	assert_string_equal(
		keyed(act_model_part(&m, ACT_BY_CGROUP), 987654321)->name,
		"cgroup 987654321");
	/* the unknown id again: not walked for again */
	in_cgroups(&r, ids, 4);
	act_cgroups_name(&cg, &src, &r);
	assert_int_equal(cg.walks, 2);
	act_reading_free(&r);

	act_cgroups_free(&cg);
	act_model_free(&m);
	source_close(&src);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void put_file(const char *root, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Call sites named from proc/kallsyms, read again when a site falls in
 * no symbol (a module loaded since), ACT_KALLSYMS_REREAD seconds after
 * the last read at the soonest, and not again for a site the last read
 * left unnamed. */
static void test_kallsyms_reread(void **state)
{
	char dir[] = "/tmp/kmemtop-test-ks.XXXXXX";
	char cmd[600];
	struct source src;
	struct act_feed *f = act_feed_new();
	struct act_reading r = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	cg_dir(dir, "proc");
	put_file(dir, "proc/kallsyms",
		 "ffffffff81000000 T _stext\n"
		 "ffffffff81300000 T alloc_empty_file\n"
		 "ffffffff81300100 T after_it\n");
	source_open(&src, dir);
	SITE(&r, 0xffffffff81300010, 0xf1, 0, "", 1);
	SITE(&r, 0xffffffffc0a00020, 0x1c, 0, "", 1);
	act_feed_name_sites(f, &src, &r, 100.0);
	assert_int_equal(f->ks_reads, 1);
	assert_string_equal(r.sites[0].name, "alloc_empty_file+0x10");
	assert_string_equal(r.sites[1].name, "0xffffffffc0a00020");

	/* the module is loaded; too soon to read again */
	put_file(dir, "proc/kallsyms",
		 "ffffffff81000000 T _stext\n"
		 "ffffffff81300000 T alloc_empty_file\n"
		 "ffffffff81300100 T after_it\n"
		 "ffffffffc0a00000 t mod_alloc\t[mymod]\n"
		 "ffffffffc0a00100 t mod_end\t[mymod]\n");
	act_feed_name_sites(f, &src, &r, 100.0 + ACT_KALLSYMS_REREAD - 1);
	assert_int_equal(f->ks_reads, 1);
	assert_string_equal(r.sites[1].name, "0xffffffffc0a00020");
	act_feed_name_sites(f, &src, &r, 100.0 + ACT_KALLSYMS_REREAD);
	assert_int_equal(f->ks_reads, 2);
	assert_string_equal(r.sites[1].name, "mod_alloc+0x20 [mymod]");
	assert_string_equal(r.sites[0].name, "alloc_empty_file+0x10");

	/* a site no symbol holds: read again once for it, then no more */
	SITE(&r, 0xffffffff80000000, 0x1c, 0, "", 1);
	act_feed_name_sites(f, &src, &r, 200.0);
	assert_int_equal(f->ks_reads, 3);
	act_feed_name_sites(f, &src, &r, 300.0);
	assert_int_equal(f->ks_reads, 3);
	assert_string_equal(r.sites[2].name, "0xffffffff80000000");

	act_reading_free(&r);
	act_feed_free(f);
	source_close(&src);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static bool alive_not_60(uint32_t tgid, void *ctx)
{
	(void)ctx;
	return tgid != 60;
}

static void drop_60(const struct act_cache *c, void *ctx)
{
	assert_int_equal(c->key, 60);
	(*(int *)ctx)++;
}

/* The write-back slots' counts added to the maps' entries of the same
 * whole key (one entry a key, the counts added, a comm from either);
 * what a slot holds of an exited process stays the process's (the slot
 * keeps it): only the map's part moves to "(exited)", and an entry only
 * a slot holds is not dropped. */
static void test_slots(void **state)
{
	struct act_reading r = { 0 };
	struct act_exited x = { 0 };
	int dropped = 0;

	(void)state;
	/* from the map: 60 (exited) and 61 */
	PROC(&r, 60, 0xf1, 7, "", 100);
	PROC(&r, 61, 0xf1, 7, "", 10);
	/* from two CPUs' slots: 60 twice (one in the map too), 61 in
	 * another cgroup, 62 only in a slot */
	PROC(&r, 60, 0xf1, 7, "dying", 5);
	PROC(&r, 60, 0x1c, 7, "dying", 3);
	PROC(&r, 60, 0xf1, 7, "dying", 2);
	PROC(&r, 61, 0xf1, 8, "moved", 1);
	PROC(&r, 62, 0xd1, 7, "new", 4);
	for (size_t i = 2; i < r.nprocs; i++) {
		r.procs[i].pending = r.procs[i].allocs;
		r.procs[i].pending_bytes = r.procs[i].bytes_alloc;
	}
	act_coalesce(r.procs, &r.nprocs);
	assert_int_equal(r.nprocs, 5);
	/* sorted by tgid, cache, cgroup */
	assert_int_equal(r.procs[0].key, 60);
	assert_int_equal(r.procs[0].cache, 0x1c);
	assert_int_equal(r.procs[0].allocs, 3);
	assert_int_equal(r.procs[1].key, 60);
	assert_int_equal(r.procs[1].allocs, 107);
	assert_int_equal(r.procs[1].pending, 7);
	assert_int_equal(r.procs[1].bytes_alloc, 107 * 64);
	assert_string_equal(r.procs[1].name, "dying");
	assert_int_equal(r.procs[3].cgroup, 8);
	assert_int_equal(r.procs[4].key, 62);

	act_fold_exited(&r, &x, alive_not_60, drop_60, &dropped);
	/* 60's map entry dropped; its slot-only entry (0x1c) not */
	assert_int_equal(dropped, 1);
	assert_int_equal(x.n, 1);
	assert_int_equal(x.v[0].allocs, 100);
	assert_int_equal(x.v[0].bytes_alloc, 100 * 64);
	act_exited_free(&x);
	act_reading_free(&r);

	/* nothing, one: nothing to do */
	act_coalesce(r.procs, &r.nprocs);
	assert_int_equal(r.nprocs, 0);
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
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_exited),
		cmocka_unit_test(test_exited_slot),
		cmocka_unit_test(test_exited_bound),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_cgroup_names),
		cmocka_unit_test(test_kallsyms_reread),
		cmocka_unit_test(test_kallsyms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
