/*
 * vmalloc_model.c - aggregation of vmalloc areas in a hash table keyed by
 * the group's name (their changes over time are the row set's); areas
 * paired with the previous read's.
 *
 * Nothing is allocated per area: keys go into an arena and groups into a
 * growing array, both reused from read to read. Grouped, nothing is kept
 * per area at all. It does not read files, print or know about curses.
 */
#include "vmalloc_model.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if UINTPTR_MAX == UINT64_MAX
/* a million areas are two tables of rows (bench/bench_areas_json.sh) */
_Static_assert(sizeof(struct vm_row) <= 96, "struct vm_row grew");
#endif

const char *vm_group_by_name(enum vm_group_by g)
{
	switch (g) {
	case VG_CALLER:
		return "caller";
	case VG_TYPE:
		return "type";
	case VG_MODULE:
		return "module";
	case VG_NONE:
		return "none";
	}
	return "?";
}

int vm_group_by_parse(const char *s, enum vm_group_by *g)
{
	for (int i = VG_CALLER; i <= VG_NONE; i++) {
		if (!strcmp(s, vm_group_by_name((enum vm_group_by)i))) {
			*g = (enum vm_group_by)i;
			return 0;
		}
	}
	return -1;
}

void vm_model_init(struct vm_model *m, enum vm_group_by g,
		   const struct vm_filter *f)
{
	memset(m, 0, sizeof(*m));
	m->page_size = 4096;
	m->group_by = g;
	if (f)
		m->filter = *f;
}

void vm_model_set_group_by(struct vm_model *m, enum vm_group_by g)
{
	m->group_by = g;
	m->restart = true;
}

void vm_model_set_filter(struct vm_model *m, const struct vm_filter *f)
{
	m->filter = *f;
	m->restart = true;
}

/* ---- interned strings ------------------------------------------------ */

struct str_key {
	const char *s;
	size_t n;
};

static bool str_eq(const void *owner, size_t i, const void *key)
{
	const struct vm_strtab *t = owner;
	const struct str_key *k = key;

	return t->slen[i] == k->n && bytes_eq(t->text + t->off[i], k->s, k->n);
}

static void st_clear(struct vm_strtab *t)
{
	t->n = 0;
	t->len = 0;
	keyindex_reset(&t->ix);
}

static void st_free(struct vm_strtab *t)
{
	free(t->text);
	free(t->off);
	free(t->slen);
	keyindex_free(&t->ix);
	memset(t, 0, sizeof(*t));
}

static const char *st_str(const struct vm_strtab *t, size_t i)
{
	return t->text + t->off[i];
}

/* Add s[0..n), known to be new, with its hash; returns its number. */
static size_t st_add(struct vm_strtab *t, const char *s, size_t n, uint64_t h)
{
	struct str_key k = { s, n };
	size_t i = t->n;

	xgrow((void **)&t->off, &t->off_cap, i + 1, sizeof(*t->off));
	xgrow((void **)&t->slen, &t->slen_cap, i + 1, sizeof(*t->slen));
	t->off[i] = arena_add(&t->text, &t->len, &t->cap, s, n);
	t->slen[i] = n;
	t->n++;
	keyindex_add(&t->ix, h, &k, str_eq, t);
	return i;
}

/* The number of s[0..n), added if new. */
static size_t st_intern(struct vm_strtab *t, const char *s, size_t n)
{
	struct str_key k = { s, n };
	uint64_t h = hash_bytes(s, n);
	size_t i = keyindex_find(&t->ix, h, &k, str_eq, t);

	return i != SIZE_MAX ? i : st_add(t, s, n, h);
}

/* ---- groups ------------------------------------------------------------ */

static void gt_clear(struct vm_gtable *t)
{
	t->n = 0;
	st_clear(&t->keys);
}

static void gt_free(struct vm_gtable *t)
{
	free(t->g);
	st_free(&t->keys);
	memset(t, 0, sizeof(*t));
}

/* A group's key in its two parts (see key_parts): the key is "k1", or
 * "k1 [k2]" when k2 is not empty. Hashed from the parts, so a line's
 * group is found without making its key. */
struct key_parts {
	const char *k1, *k2;
	size_t n1, n2;
};

static uint64_t parts_hash(const struct key_parts *k)
{
	uint64_t h = hash_bytes(k->k1, k->n1);

	return k->n2 ? hash_mix(h, hash_bytes(k->k2, k->n2)) : h;
}

static inline bool parts_eq(const void *owner, size_t i, const void *key)
{
	const struct vm_strtab *t = owner;
	const struct key_parts *k = key;
	const char *s = t->text + t->off[i];

	return t->slen[i] == k->n1 + (k->n2 ? k->n2 + 3 : 0) &&
	       bytes_eq(s, k->k1, k->n1) &&
	       (!k->n2 || bytes_eq(s + k->n1 + 2, k->k2, k->n2));
}

/* A new group named key[0..n), of hash h; its index. */
static size_t gt_new(struct vm_gtable *t, const char *key, size_t n, uint64_t h)
{
	size_t i = st_add(&t->keys, key, n, h);
	struct vm_group *g;

	xgrow((void **)&t->g, &t->cap, t->n + 1, sizeof(*t->g));
	g = &t->g[t->n++];
	memset(g, 0, sizeof(*g));
	g->key_len = n;
	return i;
}

/* The group of key k, created if needed; scratch builds a new key. */
static size_t gt_get(struct vm_gtable *t, const struct key_parts *k,
		     struct sbuf *scratch)
{
	uint64_t h = parts_hash(k);
	size_t i = keyindex_find(&t->keys.ix, h, k, parts_eq, &t->keys);

	if (i != SIZE_MAX)
		return i;
	sbuf_reset(scratch);
	sbuf_add(scratch, k->k1, k->n1);
	if (k->n2) {
		sbuf_add(scratch, " [", 2);
		sbuf_add(scratch, k->k2, k->n2);
		sbuf_addc(scratch, ']');
	}
	return gt_new(t, scratch->s, scratch->len, h);
}

/* Add src's groups to dst's, by name: src's new ones after dst's, in
 * the order src first saw them. */
static void gt_merge(struct vm_gtable *dst, const struct vm_gtable *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct vm_group *from = &src->g[i];
		struct str_key k = { st_str(&src->keys, i), from->key_len };
		uint64_t h = src->keys.ix.hash[i];
		size_t j =
			keyindex_find(&dst->keys.ix, h, &k, str_eq, &dst->keys);
		struct vm_group *to;

		if (j == SIZE_MAX)
			j = gt_new(dst, k.s, k.n, h);
		to = &dst->g[j];
		to->areas += from->areas;
		to->bytes += from->bytes;
		to->ram += from->ram;
		to->mapped += from->mapped;
		to->types |= from->types;
	}
}

/* ---- areas ------------------------------------------------------------- */

static void rt_clear(struct vm_rtable *t)
{
	t->n = 0;
	st_clear(&t->strs);
}

static void rt_free(struct vm_rtable *t)
{
	free(t->r);
	st_free(&t->strs);
	memset(t, 0, sizeof(*t));
}

/* The caller key: "func", "func [module]", or a placeholder. */
static void caller_key(const struct vm_area *a, struct sbuf *k)
{
	if (a->caller) {
		sbuf_add(k, a->caller, a->caller_len);
		if (a->module) {
			sbuf_add(k, " [", 2);
			sbuf_add(k, a->module, a->module_len);
			sbuf_addc(k, ']');
		}
	} else if (a->type == VT_UNPURGED) {
		sbuf_add(k, "(unpurged)", 10);
	} else if (a->type == VT_VM_MAP_RAM) {
		sbuf_add(k, "(vm_map_ram)", 12);
	} else {
		sbuf_add(k, "(none)", 6);
	}
}

static bool passes(struct vm_acc *acc, const struct vm_area *a)
{
	if (acc->types && !(acc->types & (1u << a->type)))
		return false;
	if (acc->caller) {
		sbuf_reset(&acc->key);
		caller_key(a, &acc->key);
		if (!strcasestr(acc->key.s, acc->caller))
			return false;
	}
	return true;
}

static void add_row(struct vm_model *m, const struct vm_area *a,
		    uint64_t mapped)
{
	struct vm_rtable *t = &m->rtab[m->cur];
	struct vm_row *r;

	xgrow((void **)&t->r, &t->cap, t->n + 1, sizeof(*t->r));
	r = &t->r[t->n++];
	memset(r, 0, sizeof(*r));
	r->start = a->start;
	r->end = a->end;
	r->size = a->size;
	r->pages = a->pages;
	r->have_pages = a->have_pages;
	r->phys = a->phys;
	r->have_phys = a->have_phys;
	r->mapped = mapped;
	r->type = (uint8_t)a->type;
	r->types = (uint16_t)a->types;
	r->page_shift = (uint8_t)__builtin_ctzll(m->page_size);
	r->res_match = VM_RES_UNKNOWN;
	r->caller_id = st_intern(&t->strs, a->caller ? a->caller : "",
				 a->caller ? a->caller_len : 0);
	r->module_id = st_intern(&t->strs, a->module ? a->module : "",
				 a->module ? a->module_len : 0);
}

/* The group key of an area, in two parts: the caller (or its
 * placeholder), the type name or the module, and for a caller group its
 * module (none otherwise). */
static void key_parts(const struct vm_acc *acc, const struct vm_area *a,
		      struct key_parts *k)
{
	static const struct {
		const char *s;
		size_t n;
	} none[] = { { "(none)", 6 },
		     { "(unpurged)", 10 },
		     { "(vm_map_ram)", 12 } };
	int i;

	k->k2 = "";
	k->n2 = 0;
	switch (acc->group_by) {
	case VG_TYPE:
		k->k1 = vm_type_name(a->type);
		k->n1 = strlen(k->k1);
		return;
	case VG_MODULE:
		k->k1 = a->module ? a->module : "(kernel)";
		k->n1 = a->module ? a->module_len : 8;
		return;
	default:
		break;
	}
	if (a->caller) {
		k->k1 = a->caller;
		k->n1 = a->caller_len;
		if (a->module) {
			k->k2 = a->module;
			k->n2 = a->module_len;
		}
		return;
	}
	i = a->type == VT_UNPURGED ? 1 : a->type == VT_VM_MAP_RAM ? 2 : 0;
	k->k1 = none[i].s;
	k->n1 = none[i].n;
}

static void on_area(const struct vm_area *a, void *ctx)
{
	struct vm_acc *acc = ctx;
	struct vm_model *m = acc->m;
	struct vm_gtable *t = acc->tab;
	struct vm_group *g;
	struct key_parts k;
	uint64_t ram, mapped;
	size_t *slot;

	ram = vm_area_ram(a, acc->page_size);
	mapped = vm_area_mapped(a, acc->page_size);
	acc->tot.areas++;
	acc->tot.bytes += a->size;
	acc->tot.ram += ram;
	acc->tot.mapped += mapped;
	acc->tot.type_areas[a->type]++;
	acc->tot.type_bytes[a->type] += a->size;
	acc->tot.type_ram[a->type] += ram;
	acc->tot.type_mapped[a->type] += mapped;
	if (!passes(acc, a))
		return;
	if (acc->group_by == VG_NONE) {
		add_row(m, a, mapped); /* on the main thread only */
		return;
	}
	key_parts(acc, a, &k);
	/* a few callers make most lines (a kernel stack per thread, the
	 * unpurged areas): the group last seen with this key's lengths is
	 * tried before the key is hashed */
	slot = &acc->recent[(k.n1 * 3 + k.n2) % ARRAY_SIZE(acc->recent)];
	if (*slot == SIZE_MAX || !parts_eq(&t->keys, *slot, &k))
		*slot = gt_get(t, &k, &acc->key);
	g = &t->g[*slot];
	g->areas++;
	g->bytes += a->size;
	g->ram += ram;
	g->mapped += mapped;
	g->types |= 1u << a->type;
}

/* Start gathering into table t. */
static void acc_begin(struct vm_acc *acc, struct vm_model *m,
		      struct vm_gtable *t)
{
	acc->m = m;
	acc->tab = t;
	/* the reading's settings, copied: a thread reads its own */
	acc->group_by = m->rd_group_by;
	acc->types = m->rd_types;
	acc->caller = m->rd_caller.len ? m->rd_caller.s : NULL;
	acc->page_size = m->page_size;
	memset(&acc->tot, 0, sizeof(acc->tot));
	memset(&acc->stats, 0, sizeof(acc->stats));
	memset(acc->recent, 0xff, sizeof(acc->recent)); /* SIZE_MAX each */
}

/* Add src's totals and counts to dst's; src's lines were numbered from
 * 1, and follow line base - 1 of dst's. */
static void acc_merge(struct vm_acc *dst, const struct vm_acc *src, size_t base)
{
	dst->tot.areas += src->tot.areas;
	dst->tot.bytes += src->tot.bytes;
	dst->tot.ram += src->tot.ram;
	dst->tot.mapped += src->tot.mapped;
	for (int t = 0; t < VT_COUNT; t++) {
		dst->tot.type_areas[t] += src->tot.type_areas[t];
		dst->tot.type_bytes[t] += src->tot.type_bytes[t];
		dst->tot.type_ram[t] += src->tot.type_ram[t];
		dst->tot.type_mapped[t] += src->tot.type_mapped[t];
	}
	dst->stats.areas += src->stats.areas;
	if (src->stats.skipped && !dst->stats.skipped)
		dst->stats.first_skipped = base + src->stats.first_skipped - 1;
	dst->stats.skipped += src->stats.skipped;
	gt_merge(dst->tab, src->tab);
}

/* Start a new reading: the current groups become the previous ones. */
static void begin(struct vm_model *m)
{
	m->cur ^= 1;
	gt_clear(&m->tab[m->cur]);
	if (m->restart)
		gt_clear(&m->tab[m->cur ^ 1]);
	rt_clear(&m->rtab[m->cur]);
	if (m->restart)
		rt_clear(&m->rtab[m->cur ^ 1]);
	m->rd_group_by = m->group_by;
	m->rd_types = m->filter.types;
	sbuf_reset(&m->rd_caller);
	if (m->filter.caller)
		sbuf_add(&m->rd_caller, m->filter.caller,
			 strlen(m->filter.caller));
	acc_begin(&m->acc, m, &m->tab[m->cur]);
	m->next_line = 1;
	m->pending = false;
	m->feeding = true;
}

/* ---- a second thread ---------------------------------------------------
 *
 * A big vmallocinfo (a million lines on a host with as many threads) is
 * parsed by two threads when there are two CPUs: each piece fed is cut
 * at a line in its middle, the second half goes to a worker that
 * gathers its own totals and groups, and those are added to the main
 * thread's when both halves are done: the same groups in the same order
 * (those first seen in the second half after those of the first). Only
 * grouped: one row per area stays on one thread, in file order.
 */
#define SPLIT_MIN (64 * 1024) /* bytes: smaller pieces are not cut */

enum { W_IDLE, W_WORK, W_DONE, W_QUIT };

/* Pieces come a read(2) apart, a fraction of a millisecond: a thread
 * that waits spins that long before it sleeps (waking a sleeping one
 * costs as much as the half it would parse). */
#define SPIN_ROUNDS 20000

struct vm_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* polled by the thread that waits: a cache line of its own, apart
	 * from what the worker writes a line at a time */
	_Alignas(64) atomic_int state;
	bool sleeping;	  /* under mu */
	const char *text; /* the part to parse */
	size_t len, lines;
	unsigned flags;
	_Alignas(64) struct vm_acc acc;
	struct vm_gtable tab;
};

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static void *worker_main(void *arg)
{
	struct vm_worker *w = arg;
	int st;

	for (;;) {
		for (int i = 0; i < SPIN_ROUNDS; i++) {
			if (atomic_load_explicit(
				    &w->state, memory_order_acquire) != W_IDLE)
				break;
			cpu_relax();
		}
		pthread_mutex_lock(&w->mu);
		while ((st = atomic_load(&w->state)) == W_IDLE ||
		       st == W_DONE) {
			w->sleeping = true;
			pthread_cond_wait(&w->cv, &w->mu);
			w->sleeping = false;
		}
		pthread_mutex_unlock(&w->mu);
		if (st == W_QUIT)
			break;
		w->lines = vmallocinfo_parse_ex(w->text, w->len, 1, w->flags,
						on_area, &w->acc,
						&w->acc.stats);
		atomic_store_explicit(&w->state, W_DONE, memory_order_release);
	}
	return NULL;
}

/* Give the worker state st (W_WORK, W_QUIT), waking it if it sleeps. */
static void worker_set(struct vm_worker *w, int st)
{
	pthread_mutex_lock(&w->mu);
	atomic_store_explicit(&w->state, st, memory_order_release);
	if (w->sleeping)
		pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Wait for the worker's part; true when it was not done yet. */
static bool worker_wait(struct vm_worker *w)
{
	unsigned i = 0;

	for (; atomic_load_explicit(&w->state, memory_order_acquire) != W_DONE;
	     i++) {
		if (i < SPIN_ROUNDS)
			cpu_relax();
		else
			sched_yield(); /* it was descheduled */
	}
	atomic_store(&w->state, W_IDLE);
	return i > 0;
}

/* The worker, started if there is none yet; NULL when there cannot be
 * one (one CPU, no thread). */
static struct vm_worker *worker_get(struct vm_model *m)
{
	struct vm_worker *w;
	sigset_t all, old;
	int e;

	if (m->worker || m->no_worker)
		return m->worker;
	m->no_worker = true;
	if (m->threads == 1 ||
	    (m->threads == 0 && sysconf(_SC_NPROCESSORS_ONLN) < 2))
		return NULL;
	/* aligned as its members ask (no worker without the memory) */
	w = aligned_alloc(_Alignof(struct vm_worker),
			  (sizeof(*w) + _Alignof(struct vm_worker) - 1) /
				  _Alignof(struct vm_worker) *
				  _Alignof(struct vm_worker));
	if (!w)
		return NULL;
	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* signals stay the main thread's: the worker blocks them all */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	m->no_worker = false;
	m->worker = w;
	return w;
}

static void worker_stop(struct vm_model *m)
{
	struct vm_worker *w = m->worker;

	if (!w)
		return;
	worker_set(w, W_QUIT);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	gt_free(&w->tab);
	sbuf_free(&w->acc.key);
	free(w);
	m->worker = NULL;
}

/* The worker's piece, once parsed, added to the reading. */
static void settle(struct vm_model *m)
{
	struct vm_worker *w = m->worker;

	if (!m->pending)
		return;
	/* the next cut gives the main thread a sixteenth more of a piece
	 * when it had to wait, less when it did not: the parts even out
	 * on any machine (here the main thread also reads, and the text is
	 * in its cache) */
	if (worker_wait(w))
		m->split = m->split < 14 ? m->split + 1 : 14;
	else
		m->split = m->split > 2 ? m->split - 1 : 2;
	acc_merge(&m->acc, &w->acc, m->pending_base);
	m->next_line += w->lines;
	m->pending = false;
	/* the merge made groups: the main thread's recent ones stand */
}

/* Parse text[0..len) in two parts at once: the worker takes the second,
 * and is still at it when this returns (settle() at the next piece or
 * the end adds it). False when it is not cut (small, one line, no
 * worker, one row per area). */
static bool feed_split(struct vm_model *m, const char *text, size_t len,
		       unsigned flags)
{
	const char *mid, *nl;
	struct vm_worker *w;

	if (len < SPLIT_MIN || m->rd_group_by == VG_NONE)
		return false;
	/* the main thread's part: split sixteenths of the piece */
	if (!m->split)
		m->split = 8;
	mid = text + len / 16 * m->split;
	nl = memchr(mid, '\n', (size_t)(text + len - mid));
	if (!nl || nl + 1 >= text + len || !(w = worker_get(m)))
		return false;
	gt_clear(&w->tab);
	acc_begin(&w->acc, m, &w->tab);
	w->text = nl + 1;
	w->len = (size_t)(text + len - (nl + 1));
	w->flags = flags;
	worker_set(w, W_WORK);

	m->next_line += vmallocinfo_parse_ex(text, (size_t)(nl + 1 - text),
					     m->next_line, flags, on_area,
					     &m->acc, &m->acc.stats);
	m->pending = true;
	m->pending_base = m->next_line;
	return true;
}

void vm_model_feed(struct vm_model *m, const char *text, size_t len)
{
	unsigned flags;

	if (!m->feeding)
		begin(m);
	/* the previous piece's second part first: groups in file order */
	settle(m);
	/* grouped, the addresses are not needed: only checked */
	flags = m->rd_group_by == VG_NONE ? 0 : VM_PARSE_NO_RANGE;
	if (feed_split(m, text, len, flags))
		return;
	m->next_line += vmallocinfo_parse_ex(text, len, m->next_line, flags,
					     on_area, &m->acc, &m->acc.stats);
}

const struct vm_parse_stats *vm_model_fed(struct vm_model *m)
{
	settle(m);
	return &m->acc.stats;
}

void vm_model_abort(struct vm_model *m)
{
	if (!m->feeding)
		return;
	settle(m);
	/* begin() made the other table current: the shown one is intact */
	m->cur ^= 1;
	m->feeding = false;
}

void vm_model_feed_fn(const char *text, size_t len, void *m)
{
	vm_model_feed(m, text, len);
}

/* The groups of the reading that ended. */
static void end_groups(struct vm_model *m)
{
	struct vm_gtable *cur = &m->tab[m->cur];

	for (size_t i = 0; i < cur->n; i++)
		cur->g[i].key = st_str(&cur->keys, i);
	m->groups = cur->g;
	m->ngroups = cur->n;
}

/* The areas of the reading that ended. */
static void end_rows(struct vm_model *m)
{
	struct vm_rtable *cur = &m->rtab[m->cur];

	for (size_t i = 0; i < cur->n; i++) {
		struct vm_row *r = &cur->r[i];
		r->caller = st_str(&cur->strs, r->caller_id);
		r->module = st_str(&cur->strs, r->module_id);
	}
	m->rows = cur->r;
	m->nrows = cur->n;
	/* the last reading's areas were only shown while this one was fed:
	 * a million of them are room the row set's readings need more */
	rt_free(&m->rtab[m->cur ^ 1]);
}

void vm_model_end(struct vm_model *m, double now)
{
	if (!m->feeding)
		begin(m); /* an empty file */
	settle(m);
	m->groups = NULL;
	m->ngroups = 0;
	m->rows = NULL;
	m->nrows = 0;
	if (m->rd_group_by == VG_NONE)
		end_rows(m);
	else
		end_groups(m);
	m->tot = m->acc.tot;
	m->stats = m->acc.stats;
	m->loaded = true;
	m->restart = false;
	m->feeding = false;
	m->t_cur = now;
}

void vm_model_update(struct vm_model *m, const char *text, size_t len,
		     double now)
{
	vm_model_feed(m, text, len);
	vm_model_end(m, now);
}

void vm_model_free(struct vm_model *m)
{
	gt_free(&m->tab[0]);
	gt_free(&m->tab[1]);
	rt_free(&m->rtab[0]);
	rt_free(&m->rtab[1]);
	settle(m);
	worker_stop(m);
	sbuf_free(&m->acc.key);
	sbuf_free(&m->rd_caller);
	memset(m, 0, sizeof(*m));
}
