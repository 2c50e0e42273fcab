/*
 * activity_src.c - the eBPF event source: loads the kmem tracepoint
 * program through its skeleton (bpftool gen skeleton), attaches it, and
 * reads its per-CPU maps into counts per cache. It keeps no history
 * (the model pairs readings) and draws nothing. libbpf is linked where
 * configure found it: the skeleton's inline functions call it directly,
 * and without it this file builds only the part that says why.
 */
#include "activity_src.h"

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
	if (tp)
		k->rodata->act_tp = *tp;
	size_entries(k->maps.kmemtop_caches, ACT_MAX_CACHES,
		     sizeof(struct act_counts), s->ncpu);
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

/* The entries of a per-CPU hash of struct act_site values keyed by
 * struct act_site_key (sites) or struct act_proc_key (procs), and its
 * "(other)" array, into *v[0..*n) and *other. Bounded as the caches'
 * walk. */
static int read_who(struct act_src *s, bool procs, struct act_cache **v,
		    size_t *n, size_t *cap, struct act_cache *other,
		    struct kerr *err)
{
	const struct bpf_map *map = procs ? s->skel->maps.kmemtop_procs
					  : s->skel->maps.kmemtop_sites;
	const struct bpf_map *omap = procs ? s->skel->maps.kmemtop_other_proc
					   : s->skel->maps.kmemtop_other_site;
	int fd = bpf_map__fd(map);
	size_t max = bpf_map__max_entries(map), guard = 0;
	union {
		struct act_site_key s;
		struct act_proc_key p;
	} key, next;
	void *prev = NULL;
	__u32 zero = 0;

	*n = 0;
	while (guard++ < 2 * max && !bpf_map_get_next_key(fd, prev, &next)) {
		struct act_cache *c;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, s->svals))
			continue;
		xgrow((void **)v, cap, *n + 1, sizeof(**v));
		c = &(*v)[(*n)++];
		if (procs) {
			act_sum_sites(s->svals, (size_t)s->ncpu, key.p.tgid,
				      key.p.cache, c);
			c->cgroup = key.p.cgroup;
		} else {
			act_sum_sites(s->svals, (size_t)s->ncpu, key.s.site,
				      key.s.cache, c);
		}
	}
	if (bpf_map_lookup_elem(bpf_map__fd(omap), &zero, s->svals)) {
		kerr_set(err, "eBPF activity: reading the map: %s",
			 strerror(errno));
		return -1;
	}
	act_sum_sites(s->svals, (size_t)s->ncpu, 0, 0, other);
	snprintf(other->name, sizeof(other->name), "(other)");
	return 0;
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
		r->procs[i].name[0] = '\0';
		if (bpf_map_lookup_elem(fd, &tgid, comm))
			continue;
		comm[ACT_COMM_LEN - 1] = '\0';
		snprintf(r->procs[i].name, sizeof(r->procs[i].name), "%s",
			 comm);
	}
}

int act_src_read(struct act_src *s, struct act_reading *r, struct kerr *err)
{
	int fd = bpf_map__fd(s->skel->maps.kmemtop_caches);
	__u64 key, next, *prev = NULL;
	__u32 zero = 0;
	size_t guard = 0;

	r->n = 0;
	r->max = bpf_map__max_entries(s->skel->maps.kmemtop_caches);
	/* bounded: the map holds at most r->max keys, and a key
	 * deleted under us restarts the walk at most that often again */
	while (guard++ < 2 * r->max && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, s->vals))
			continue;
		xgrow((void **)&r->c, &r->cap, r->n + 1, sizeof(*r->c));
		act_sum_cpus(s->vals, (size_t)s->ncpu, key, &r->c[r->n++]);
	}
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
	read_comms(s, r);
	return 0;
}

void act_src_close(struct act_src *s)
{
	if (!s)
		return;
	if (s->skel)
		activity__destroy(s->skel);
	free(s->vals);
	free(s->svals);
	free(s);
}

#endif
