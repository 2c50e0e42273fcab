/*
 * activity_src.c - the eBPF event source: loads the kmem tracepoint
 * program through its skeleton (bpftool gen skeleton), attaches it, and
 * reads its per-CPU maps into counts per cache. It keeps no history
 * (the model pairs readings) and draws nothing. libbpf is linked where
 * configure found it: the skeleton's inline functions call it directly,
 * and without it this file builds only the part that says why.
 */
#include "activity_src.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/types.h>

#include "bpf/activity_maps.h"

#ifdef HAVE_BPF
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>

/* the generated skeleton casts its embedded object's const away */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#include "bpf/activity.skel.h"
#pragma GCC diagnostic pop
#endif

_Static_assert(ACT_NAME_MAX > ACT_NAME_LEN, "the program's names fit");

void act_reading_free(struct act_reading *r)
{
	free(r->c);
	free(r->sites);
	free(r->procs);
	for (size_t i = 0; i < r->ncgnames; i++)
		free(r->cgnames[i].name);
	free(r->cgnames);
	memset(r, 0, sizeof(*r));
}

static int cmp_cgname(const void *a, const void *b)
{
	uint64_t x = ((const struct act_cgname *)a)->id;
	uint64_t y = ((const struct act_cgname *)b)->id;

	return x < y ? -1 : x > y;
}

void act_reading_cgname(struct act_reading *r, uint64_t id, const char *name)
{
	for (size_t i = 0; i < r->ncgnames; i++)
		if (r->cgnames[i].id == id) {
			free(r->cgnames[i].name);
			r->cgnames[i].name = xstrdup(name);
			return;
		}
	xgrow((void **)&r->cgnames, &r->cgnames_cap, r->ncgnames + 1,
	      sizeof(*r->cgnames));
	r->cgnames[r->ncgnames].id = id;
	r->cgnames[r->ncgnames++].name = xstrdup(name);
}

void act_reading_cgname_sort(struct act_reading *r)
{
	if (r->ncgnames)
		qsort(r->cgnames, r->ncgnames, sizeof(*r->cgnames), cmp_cgname);
}

const char *act_reading_cgname_of(const struct act_reading *r, uint64_t id)
{
	struct act_cgname k = { .id = id };
	const struct act_cgname *c;

	if (!r->ncgnames)
		return NULL;
	c = bsearch(&k, r->cgnames, r->ncgnames, sizeof(k), cmp_cgname);
	return c ? c->name : NULL;
}

void act_sum_sites(const void *percpu, size_t ncpu, uint64_t key,
		   uint64_t cache, struct act_cache *out)
{
	const struct act_site *v = percpu;

	memset(out, 0, sizeof(*out));
	out->key = key;
	out->cache = cache;
	for (size_t i = 0; i < ncpu; i++) {
		out->allocs += v[i].allocs;
		out->bytes_alloc += v[i].bytes_alloc;
	}
}

void act_bucket_name(uint64_t bytes, char *buf, size_t n)
{
	if (bytes >= 1024 && !(bytes % 1024))
		snprintf(buf, n, "kmalloc-%luk", (unsigned long)(bytes / 1024));
	else
		snprintf(buf, n, "kmalloc-%lu", (unsigned long)bytes);
}

/* a cache the program gave no name: by its key */
static void name_by_key(struct act_cache *c)
{
	if (c->key == ACT_KEY_PAGES)
		snprintf(c->name, sizeof(c->name), "(kmalloc pages)");
	else if (c->key == ACT_KEY_KFREE)
		snprintf(c->name, sizeof(c->name), "(kfree: cache unknown)");
	else if (c->key > ACT_KEY_BUCKET &&
		 c->key <= ACT_KEY_BUCKET + ACT_KMALLOC_MAX)
		act_bucket_name(c->key - ACT_KEY_BUCKET, c->name,
				sizeof(c->name));
	else
		snprintf(c->name, sizeof(c->name), "(unnamed)");
}

const char *act_progs_name(enum act_progs p)
{
	switch (p) {
	case ACT_PROGS_BTF:
		return "tp_btf";
	case ACT_PROGS_BTF_SIZED:
		return "tp_btf (kmalloc sizes approximate)";
	case ACT_PROGS_TP:
		return "tracepoint (sizes approximate)";
	}
	return "?";
}

void act_sum_cpus(const void *percpu, size_t ncpu, uint64_t key,
		  struct act_cache *out)
{
	const struct act_counts *v = percpu;

	memset(out, 0, sizeof(*out));
	out->key = key;
	for (size_t i = 0; i < ncpu; i++) {
		out->allocs += v[i].allocs;
		out->frees += v[i].frees;
		out->bytes_req += v[i].bytes_req;
		out->bytes_alloc += v[i].bytes_alloc;
		out->free_seen = out->free_seen || v[i].free_seen;
		out->approx = out->approx || v[i].approx;
		if (!out->name[0] && v[i].name[0]) {
			memcpy(out->name, v[i].name, ACT_NAME_LEN - 1);
			out->name[ACT_NAME_LEN - 1] = '\0';
		}
	}
	if (!out->name[0])
		name_by_key(out);
}

static int cmp_whole(const void *a, const void *b)
{
	const struct act_cache *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->cache != y->cache)
		return x->cache < y->cache ? -1 : 1;
	if (x->cgroup != y->cgroup)
		return x->cgroup < y->cgroup ? -1 : 1;
	return 0;
}

void act_coalesce(struct act_cache *v, size_t *n)
{
	size_t k = 0;

	if (*n < 2)
		return;
	qsort(v, *n, sizeof(*v), cmp_whole);
	for (size_t i = 1; i < *n; i++) {
		struct act_cache *w = &v[k];

		if (cmp_whole(w, &v[i])) {
			v[++k] = v[i];
			continue;
		}
		w->allocs += v[i].allocs;
		w->bytes_alloc += v[i].bytes_alloc;
		w->bytes_req += v[i].bytes_req;
		w->pending += v[i].pending;
		w->pending_bytes += v[i].pending_bytes;
		if (!w->name[0])
			memcpy(w->name, v[i].name, sizeof(w->name));
	}
	*n = k + 1;
}

void act_exited_free(struct act_exited *x)
{
	free(x->v);
	memset(x, 0, sizeof(*x));
}

/* The "(exited)" entry of c's cgroup and cache among v[from..*n), made
 * where there is none; past max entries, of no cgroup (id 0: cgroups
 * that come and go by the thousand make no more entries than there are
 * caches). */
static struct act_cache *exited_entry(struct act_cache **v, size_t *n,
				      size_t *cap, size_t from, size_t max,
				      const struct act_cache *c)
{
	struct act_cache *e;
	uint64_t cgroup = c->cgroup;

again:
	for (size_t j = from; j < *n; j++)
		if ((*v)[j].key == ACT_KEY_EXITED &&
		    (*v)[j].cgroup == cgroup && (*v)[j].cache == c->cache)
			return &(*v)[j];
	if (cgroup && *n - from >= max) {
		cgroup = 0;
		goto again;
	}
	xgrow((void **)v, cap, *n + 1, sizeof(**v));
	e = &(*v)[(*n)++];
	memset(e, 0, sizeof(*e));
	e->key = ACT_KEY_EXITED;
	e->cgroup = cgroup;
	e->cache = c->cache;
	snprintf(e->name, sizeof(e->name), "(exited)");
	return e;
}

void act_fold_exited(struct act_reading *r, struct act_exited *x,
		     bool (*alive)(uint32_t tgid, void *ctx),
		     void (*drop)(const struct act_cache *c, void *ctx,
				  struct act_cache *gone),
		     void *ctx)
{
	struct act_exited slots = { 0 }; /* what slots hold of the dead */
	size_t kept = 0, from;
	uint32_t last = 0;
	bool last_alive = true;

	for (size_t i = 0; i < r->nprocs; i++) {
		struct act_cache *c = &r->procs[i];
		uint32_t tgid = (uint32_t)c->key;

		/* a process's entries are often read one after another */
		if (alive && tgid && tgid != last) {
			last = tgid;
			last_alive = alive(tgid, ctx);
		}
		if (!alive || !tgid || last_alive) {
			r->procs[kept++] = *c;
			continue;
		}
		/* the map's part moves to (exited) for good and the entry
		 * leaves the map; a slot's part stays in the slot (read
		 * again next time, until it is flushed to the map and
		 * folded so) and counts in this reading's (exited) */
		uint64_t pending = c->pending, pending_bytes = c->pending_bytes;

		if (c->allocs > c->pending) {
			struct act_cache gone = { 0 };
			uint64_t part = c->allocs - c->pending;
			uint64_t bytes = c->bytes_alloc - c->pending_bytes;
			struct act_cache *e =
				exited_entry(&x->v, &x->n, &x->cap, 0,
					     ACT_EXITED_MAX, c);

			/* the entry as it was deleted: a slot flushed into
			 * it since it was read moved that much from the
			 * slot (read as pending) to the map */
			drop(c, ctx, &gone);
			if (gone.allocs > part) {
				uint64_t more = gone.allocs - part;

				pending = pending > more ? pending - more : 0;
				part = gone.allocs;
			}
			if (gone.bytes_alloc > bytes) {
				uint64_t more = gone.bytes_alloc - bytes;

				pending_bytes = pending_bytes > more
							? pending_bytes - more
							: 0;
				bytes = gone.bytes_alloc;
			}
			e->allocs += part;
			e->bytes_alloc += bytes;
			e->bytes_req += c->bytes_req;
		}
		if (pending) {
			struct act_cache *e =
				exited_entry(&slots.v, &slots.n, &slots.cap, 0,
					     ACT_EXITED_MAX, c);

			e->allocs += pending;
			e->bytes_alloc += pending_bytes;
		}
	}
	/* the dead leave the reading: their counts are (exited)'s */
	r->nprocs = kept;
	from = r->nprocs;
	for (size_t i = 0; i < x->n; i++) {
		xgrow((void **)&r->procs, &r->procs_cap, r->nprocs + 1,
		      sizeof(*r->procs));
		r->procs[r->nprocs++] = x->v[i];
	}
	for (size_t i = 0; i < slots.n; i++) {
		struct act_cache *e =
			exited_entry(&r->procs, &r->nprocs, &r->procs_cap,
				     from, ACT_EXITED_MAX, &slots.v[i]);

		e->allocs += slots.v[i].allocs;
		e->bytes_alloc += slots.v[i].bytes_alloc;
	}
	act_exited_free(&slots);
}

size_t act_max_entries(size_t max, size_t size, size_t ncpu)
{
	size_t n = ACT_PERCPU_BUDGET / (((size + 7) & ~(size_t)7) * ncpu);

	if (n < 256)
		n = 256;
	return n < max ? n : max;
}

#ifndef HAVE_BPF

bool act_src_built(void)
{
	return false;
}

struct act_src *act_src_open(const struct act_src_cfg *cfg, struct kerr *err)
{
	(void)cfg;
	kerr_set(
		err,
		"eBPF activity is not built into this kmemtop: %s; configure again with them",
		BPF_ABSENT_WHY);
	return NULL;
}

int act_src_read(struct act_src *s, struct act_reading *r, struct kerr *err)
{
	(void)s, (void)r;
	kerr_set(err, "eBPF activity is not built into this kmemtop");
	return -1;
}

void act_src_close(struct act_src *s)
{
	(void)s;
}

void act_src_forget(struct act_src *s, uint64_t key)
{
	(void)s, (void)key;
}

enum act_progs act_src_progs(const struct act_src *s)
{
	(void)s;
	return ACT_PROGS_BTF;
}

#else

struct act_src {
	struct activity *skel;
	int ncpu;
	struct act_counts *vals; /* ncpu of them: one lookup's */
	struct act_site *svals;	 /* ncpu of them: one lookup's */
	struct act_exited exited;
	bool prune; /* exited processes' entries are folded (same PID
		     * namespace as the kernel's tgids) */
	void *bkeys, *bvals; /* a batch lookup's keys and values */
	uint32_t *live;	     /* the tgids /proc lists, sorted */
	size_t nlive, live_cap;
	enum act_progs progs;
};

enum act_progs act_src_progs(const struct act_src *s)
{
	return s->progs;
}

bool act_src_built(void)
{
	return true;
}

/* Whether this process sees the kernel's (the initial) PID namespace:
 * its NSpid has one number. Elsewhere /proc's numbers are not the
 * program's tgids, and no entry is removed. */
static bool initial_pidns(void)
{
	char line[256];
	bool one = false;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "NSpid:", 6)) {
			one = !strchr(line + 6 + strspn(line + 6, " \t"), '\t');
			break;
		}
	fclose(f);
	return one;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The thread groups /proc lists, sorted into s->live (one directory
 * read, not a look-up per process); false when /proc cannot be read. */
static bool list_live(struct act_src *s)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	s->nlive = 0;
	if (!d)
		return false;
	while ((de = readdir(d))) {
		char *end;
		unsigned long v = strtoul(de->d_name, &end, 10);

		if (*end || end == de->d_name || !v || v > UINT32_MAX)
			continue;
		xgrow((void **)&s->live, &s->live_cap, s->nlive + 1,
		      sizeof(*s->live));
		s->live[s->nlive++] = (uint32_t)v;
	}
	closedir(d);
	if (s->nlive)
		qsort(s->live, s->nlive, sizeof(*s->live), cmp_u32);
	return s->nlive > 0;
}

/* tgid is in /proc (a thread group lives while any of its threads does;
 * a zombie leader keeps it) */
static bool tgid_alive(uint32_t tgid, void *ctx)
{
	const struct act_src *s = ctx;

	return bsearch(&tgid, s->live, s->nlive, sizeof(tgid), cmp_u32);
}

static void drop_proc(const struct act_cache *c, void *ctx,
		      struct act_cache *gone)
{
	struct act_src *s = ctx;
	struct act_proc_key k = { .tgid = (__u32)c->key,
				  .cgroup = c->cgroup,
				  .cache = c->cache };
	int fd = bpf_map__fd(s->skel->maps.kmemtop_procs);

	/* what it holds as it goes (Linux 5.14 on for a per-CPU hash;
	 * before, a plain delete: what a slot flushed into it since it
	 * was read is lost) */
	if (!bpf_map_lookup_and_delete_elem(fd, &k, s->svals))
		act_sum_sites(s->svals, (size_t)s->ncpu, c->key, c->cache,
			      gone);
	else
		bpf_map_delete_elem(fd, &k);
	bpf_map_delete_elem(bpf_map__fd(s->skel->maps.kmemtop_comms), &k.tgid);
}

/* libbpf's messages go nowhere: the error we return says it. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

/* "[confidentiality]" in the lockdown file: BPF may not read kernel
 * memory */
static bool locked_down(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");

	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strstr(buf, "[confidentiality]") != NULL;
}

static void why(struct kerr *err, const char *step, int e)
{
	if (locked_down())
		kerr_set(
			err,
			"eBPF activity: %s failed: the kernel is locked down (confidentiality), which refuses BPF reads of kernel memory",
			step);
	else if (e == EPERM || e == EACCES)
		kerr_set(
			err,
			"eBPF activity: %s failed: %s (needs CAP_BPF and CAP_PERFMON, or root)",
			step, strerror(e));
	else if (access("/sys/kernel/btf/vmlinux", R_OK))
		kerr_set(
			err,
			"eBPF activity: %s failed: %s (the kernel has no BTF: /sys/kernel/btf/vmlinux)",
			step, strerror(e));
	else
		kerr_set(
			err,
			"eBPF activity: %s failed: %s (the kernel lacks the kmem tracepoints or bpf_get_kmem_cache, Linux 6.13)",
			step, strerror(e));
}

/* At most max entries, fewer where ncpu values of size bytes each would
 * take more than ACT_PERCPU_BUDGET (act_max_entries). */
static void size_entries(struct bpf_map *m, size_t max, size_t size, int ncpu)
{
	bpf_map__set_max_entries(m, (__u32)act_max_entries(max, size,
							   (size_t)ncpu));
}

/* Whether the running kernel's BTF has the bpf_get_kmem_cache kfunc
 * (Linux 6.13 on). */
static bool have_kmem_cache_kfunc(void)
{
	struct btf *btf = btf__load_vmlinux_btf();
	bool have;

	if (!btf)
		return false;
	have = btf__find_by_name_kind(btf, "bpf_get_kmem_cache",
				      BTF_KIND_FUNC) >= 0;
	btf__free(btf);
	return have;
}

/* Open, load and attach the skeleton with the programs of set p only;
 * 0, or -1 with err (step says which failed). */
static int load_set(struct act_src *s, enum act_progs p,
		    const struct act_tp_layout *tp, struct kerr *err)
{
	struct activity *k;
	bool btf = p != ACT_PROGS_TP, kf = p == ACT_PROGS_BTF;
	size_t ncaches;
	int rc;

	s->progs = p;
	s->skel = k = activity__open();
	if (!k) {
		why(err, "opening the program", errno);
		return -1;
	}
	/* the kfunc callers where the kernel has it; the size-guessing
	 * tp_btf programs where it has not; the classic ones without BTF */
	bpf_program__set_autoload(k->progs.kmemtop_cache_alloc, btf);
	bpf_program__set_autoload(k->progs.kmemtop_cache_free, btf);
	bpf_program__set_autoload(k->progs.kmemtop_kmalloc, kf);
	bpf_program__set_autoload(k->progs.kmemtop_kfree, kf);
	bpf_program__set_autoload(k->progs.kmemtop_kmalloc_sized, btf && !kf);
	bpf_program__set_autoload(k->progs.kmemtop_kfree_unknown, btf && !kf);
	bpf_program__set_autoload(k->progs.kmemtop_tp_cache_alloc, !btf);
	bpf_program__set_autoload(k->progs.kmemtop_tp_cache_free, !btf);
	bpf_program__set_autoload(k->progs.kmemtop_tp_kmalloc, !btf);
	bpf_program__set_autoload(k->progs.kmemtop_tp_kfree, !btf);
	bpf_program__set_autoload(k->progs.kmemtop_exec, btf);
	bpf_program__set_autoload(k->progs.kmemtop_tp_exec, !btf);
	if (tp)
		k->rodata->act_tp = *tp;
	/* the caches' totals are the exact ones: room for every cache a
	 * kernel has (a few hundred), whatever the CPUs cost */
	ncaches = act_max_entries(ACT_MAX_CACHES, sizeof(struct act_counts),
				  (size_t)s->ncpu);
	bpf_map__set_max_entries(k->maps.kmemtop_caches,
				 (__u32)(ncaches < ACT_MIN_CACHES ? ACT_MIN_CACHES
								  : ncaches));
	size_entries(k->maps.kmemtop_sites, ACT_MAX_SITES,
		     sizeof(struct act_site), s->ncpu);
	size_entries(k->maps.kmemtop_procs, ACT_MAX_PROCS,
		     sizeof(struct act_site), s->ncpu);
	rc = activity__load(k);
	if (rc) {
		why(err, "loading the program", rc < 0 ? -rc : errno);
		return -1;
	}
	rc = activity__attach(k);
	if (rc) {
		why(err,
		    btf ? "attaching to the kmem tracepoints (tp_btf)"
			: "attaching to the kmem tracepoints (tracepoint/kmem)",
		    rc < 0 ? -rc : errno);
		return -1;
	}
	return 0;
}

struct act_src *act_src_open(const struct act_src_cfg *cfg, struct kerr *err)
{
	struct act_src *s = xcalloc(1, sizeof(*s));
	struct kerr first = { { 0 } };

	libbpf_set_print(quiet);
	s->ncpu = libbpf_num_possible_cpus();
	if (s->ncpu <= 0) {
		why(err, "counting the CPUs", -s->ncpu);
		free(s);
		return NULL;
	}
	s->prune = initial_pidns();
	s->vals = xcalloc((size_t)s->ncpu, sizeof(*s->vals));
	s->svals = xcalloc((size_t)s->ncpu, sizeof(*s->svals));
	if (cfg->mode != ACT_SOURCE_TRACEPOINT) {
		if (!load_set(s,
			      have_kmem_cache_kfunc() ? ACT_PROGS_BTF
						      : ACT_PROGS_BTF_SIZED,
			      NULL, &first))
			return s;
		activity__destroy(s->skel);
		s->skel = NULL;
		if (cfg->mode == ACT_SOURCE_BTF) {
			*err = first;
			goto fail;
		}
	}
	if (!cfg->tp) {
		if (first.msg[0])
			kerr_set(err, "%s; the classic tracepoints: %s",
				 first.msg, cfg->tp_why);
		else
			kerr_set(err, "eBPF activity (tracepoint): %s",
				 cfg->tp_why);
		goto fail;
	}
	if (!load_set(s, ACT_PROGS_TP, cfg->tp, err)) {
		return s;
	}
	if (first.msg[0]) {
		struct kerr second = *err;

		kerr_set(err, "%s; the classic tracepoints: %s", first.msg,
			 second.msg);
	}
fail:
	act_src_close(s);
	return NULL;
}

/* Entries a batch lookup reads in one call. */
enum { ACT_BATCH = 1024 };

typedef void (*entry_fn)(const void *key, const void *vals, void *ctx);

/* fn(key, its ncpu values, ctx) for each entry of the per-CPU hash fd
 * (keys of ksize bytes, values of vsize bytes, a multiple of 8, per
 * CPU): ACT_BATCH entries a system call where the kernel can (5.6 on),
 * else a key at a time. Bounded: at most 2 * max entries. */
static void walk_map(struct act_src *s, int fd, size_t ksize, size_t vsize,
		     size_t max, entry_fn fn, void *ctx)
{
	size_t stride = vsize * (size_t)s->ncpu, seen = 0;
	union {
		struct act_proc_key p;
		struct act_site_key s;
		__u64 c;
	} key, next;
	void *prev = NULL;
	__u32 in = 0, out = 0;
	bool first = true, single = false;

	if (!s->bkeys) {
		s->bkeys = xcalloc(ACT_BATCH, sizeof(key));
		s->bvals = xcalloc(ACT_BATCH,
				   sizeof(struct act_counts) * (size_t)s->ncpu);
	}
	while (!single && seen < 2 * max) {
		__u32 count = ACT_BATCH;
		int rc = bpf_map_lookup_batch(fd, first ? NULL : &in, &out,
					      s->bkeys, s->bvals, &count, NULL);
		int e = rc ? errno : 0;

		if (rc && e != ENOENT && first) {
			/* no batch operations on this kernel or map: a key
			 * at a time */
			single = true;
			break;
		}
		if (rc && e != ENOENT)
			return; /* what was read stays: a partial reading */
		for (__u32 i = 0; i < count; i++)
			fn((char *)s->bkeys + i * ksize,
			   (char *)s->bvals + i * stride, ctx);
		seen += count;
		if (rc)
			return; /* ENOENT: the last batch */
		in = out;
		first = false;
	}
	if (!single)
		return;
	/* a key deleted under us restarts the walk: bounded all the same */
	while (seen++ < 2 * max && !bpf_map_get_next_key(fd, prev, &next)) {
		memcpy(&key, &next, ksize);
		prev = &key;
		if (!bpf_map_lookup_elem(fd, &key, s->bvals))
			fn(&key, s->bvals, ctx);
	}
}

struct walk_ctx {
	struct act_src *s;
	struct act_cache **v;
	size_t *n, *cap;
};

static struct act_cache *walk_add(struct walk_ctx *w)
{
	xgrow((void **)w->v, w->cap, *w->n + 1, sizeof(**w->v));
	return &(*w->v)[(*w->n)++];
}

static void on_cache(const void *key, const void *vals, void *ctx)
{
	struct walk_ctx *w = ctx;
	__u64 k;

	memcpy(&k, key, sizeof(k));
	act_sum_cpus(vals, (size_t)w->s->ncpu, k, walk_add(w));
}

static void on_site(const void *key, const void *vals, void *ctx)
{
	struct walk_ctx *w = ctx;
	struct act_site_key k;

	memcpy(&k, key, sizeof(k));
	act_sum_sites(vals, (size_t)w->s->ncpu, k.site, k.cache, walk_add(w));
}

static void on_proc(const void *key, const void *vals, void *ctx)
{
	struct walk_ctx *w = ctx;
	struct act_proc_key k;
	struct act_cache *c = walk_add(w);

	memcpy(&k, key, sizeof(k));
	act_sum_sites(vals, (size_t)w->s->ncpu, k.tgid, k.cache, c);
	c->cgroup = k.cgroup;
}

/* The entries of a per-CPU hash of struct act_site values keyed by
 * struct act_site_key (sites) or struct act_proc_key (procs), and its
 * "(other)" array, into *v[0..*n) and *other. */
static int read_who(struct act_src *s, bool procs, struct act_cache **v,
		    size_t *n, size_t *cap, struct act_cache *other,
		    struct kerr *err)
{
	const struct bpf_map *map = procs ? s->skel->maps.kmemtop_procs
					  : s->skel->maps.kmemtop_sites;
	const struct bpf_map *omap = procs ? s->skel->maps.kmemtop_other_proc
					   : s->skel->maps.kmemtop_other_site;
	struct walk_ctx w = { s, v, n, cap };
	__u32 zero = 0;

	*n = 0;
	if (procs)
		walk_map(s, bpf_map__fd(map), sizeof(struct act_proc_key),
			 sizeof(struct act_site), bpf_map__max_entries(map),
			 on_proc, &w);
	else
		walk_map(s, bpf_map__fd(map), sizeof(struct act_site_key),
			 sizeof(struct act_site), bpf_map__max_entries(map),
			 on_site, &w);
	if (bpf_map_lookup_elem(bpf_map__fd(omap), &zero, s->svals)) {
		kerr_set(err, "eBPF activity: reading the map: %s",
			 strerror(errno));
		return -1;
	}
	act_sum_sites(s->svals, (size_t)s->ncpu, 0, 0, other);
	snprintf(other->name, sizeof(other->name), "(other)");
	return 0;
}

struct slot_ctx {
	struct act_src *s;
	struct act_reading *r;
};

/* A slot's counts, on each CPU: an entry of a call site and one of a
 * process, pending */
static void on_slot(const void *key, const void *vals, void *ctx)
{
	struct slot_ctx *w = ctx;
	struct act_reading *r = w->r;
	const struct act_slot *v = vals;

	(void)key;
	for (int cpu = 0; cpu < w->s->ncpu; cpu++) {
		struct act_slot sl = v[cpu];
		struct act_cache *c;

		if (!sl.allocs)
			continue;
		xgrow((void **)&r->sites, &r->sites_cap, r->nsites + 1,
		      sizeof(*r->sites));
		c = &r->sites[r->nsites++];
		memset(c, 0, sizeof(*c));
		c->key = sl.site;
		c->cache = sl.cache;
		c->allocs = c->pending = sl.allocs;
		c->bytes_alloc = c->pending_bytes = sl.bytes_alloc;
		xgrow((void **)&r->procs, &r->procs_cap, r->nprocs + 1,
		      sizeof(*r->procs));
		c = &r->procs[r->nprocs++];
		memset(c, 0, sizeof(*c));
		c->key = sl.tgid;
		c->cache = sl.cache;
		c->cgroup = sl.cgroup;
		c->allocs = c->pending = sl.allocs;
		c->bytes_alloc = c->pending_bytes = sl.bytes_alloc;
		sl.comm[ACT_COMM_LEN - 1] = '\0';
		snprintf(c->name, sizeof(c->name), "%s", sl.comm);
	}
}

/* What the write-back slots hold, added to the maps' entries read before
 * (in this order: a slot flushed between the two reads is missed once,
 * never counted twice). */
static void read_slots(struct act_src *s, struct act_reading *r)
{
	struct slot_ctx w = { s, r };

	walk_map(s, bpf_map__fd(s->skel->maps.kmemtop_slots), sizeof(__u32),
		 sizeof(struct act_slot), ACT_SLOTS, on_slot, &w);
	act_coalesce(r->sites, &r->nsites);
	act_coalesce(r->procs, &r->nprocs);
}

/* The processes' comms by tgid (a lookup each: the map is no per-CPU
 * one, and a process has few entries). */
static void read_comms(struct act_src *s, struct act_reading *r)
{
	int fd = bpf_map__fd(s->skel->maps.kmemtop_comms);
	char comm[ACT_COMM_LEN];

	for (size_t i = 0; i < r->nprocs; i++) {
		__u32 tgid = (__u32)r->procs[i].key;

		if (i && r->procs[i - 1].key == tgid) {
			memcpy(r->procs[i].name, r->procs[i - 1].name,
			       sizeof(r->procs[i].name));
			continue;
		}
		/* none in the map: the slot's comm, if any */
		if (bpf_map_lookup_elem(fd, &tgid, comm))
			continue;
		comm[ACT_COMM_LEN - 1] = '\0';
		snprintf(r->procs[i].name, sizeof(r->procs[i].name), "%s",
			 comm);
	}
}

int act_src_read(struct act_src *s, struct act_reading *r, struct kerr *err)
{
	struct walk_ctx w = { s, &r->c, &r->n, &r->cap };
	__u32 zero = 0;

	r->n = 0;
	r->max = bpf_map__max_entries(s->skel->maps.kmemtop_caches);
	walk_map(s, bpf_map__fd(s->skel->maps.kmemtop_caches), sizeof(__u64),
		 sizeof(struct act_counts), r->max, on_cache, &w);
	memset(&r->other, 0, sizeof(r->other));
	if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.kmemtop_other), &zero,
				s->vals)) {
		kerr_set(err, "eBPF activity: reading the map: %s",
			 strerror(errno));
		return -1;
	}
	act_sum_cpus(s->vals, (size_t)s->ncpu, 0, &r->other);
	snprintf(r->other.name, sizeof(r->other.name), "(other)");
	r->max_sites = bpf_map__max_entries(s->skel->maps.kmemtop_sites);
	r->max_procs = bpf_map__max_entries(s->skel->maps.kmemtop_procs);
	if (read_who(s, false, &r->sites, &r->nsites, &r->sites_cap,
		     &r->other_site, err) ||
	    read_who(s, true, &r->procs, &r->nprocs, &r->procs_cap,
		     &r->other_proc, err))
		return -1;
	read_slots(s, r);
	read_comms(s, r);
	/* exited processes make room (their counts kept) for a long run's
	 * new ones, in this map and in the comms' */
	if (s->prune && r->nprocs && list_live(s))
		act_fold_exited(r, &s->exited, tgid_alive, drop_proc, s);
	else
		act_fold_exited(r, &s->exited, NULL, NULL, NULL);
	return 0;
}

void act_src_forget(struct act_src *s, uint64_t key)
{
	__u64 k = key;

	bpf_map_delete_elem(bpf_map__fd(s->skel->maps.kmemtop_caches), &k);
}

void act_src_close(struct act_src *s)
{
	if (!s)
		return;
	if (s->skel)
		activity__destroy(s->skel);
	free(s->vals);
	free(s->svals);
	free(s->bkeys);
	free(s->bvals);
	free(s->live);
	act_exited_free(&s->exited);
	free(s);
}

#endif
