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

#ifdef HAVE_BPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>

/* the generated skeleton casts its embedded object's const away */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#include "bpf/activity.skel.h"
#pragma GCC diagnostic pop
#endif
#include <linux/types.h>

#include "bpf/activity_maps.h"

_Static_assert(ACT_NAME_MAX > ACT_NAME_LEN, "the program's names fit");

void act_reading_free(struct act_reading *r)
{
	free(r->c);
	free(r->sites);
	memset(r, 0, sizeof(*r));
}

void act_sum_sites(const void *percpu, size_t ncpu, uint64_t key,
		   struct act_cache *out)
{
	const struct act_site *v = percpu;

	memset(out, 0, sizeof(*out));
	out->key = key;
	for (size_t i = 0; i < ncpu; i++) {
		out->allocs += v[i].allocs;
		out->bytes_alloc += v[i].bytes_alloc;
	}
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
		if (!out->name[0] && v[i].name[0]) {
			memcpy(out->name, v[i].name, ACT_NAME_LEN - 1);
			out->name[ACT_NAME_LEN - 1] = '\0';
		}
	}
	if (!out->name[0])
		snprintf(out->name, sizeof(out->name), "(unnamed)");
}

#ifndef HAVE_BPF

bool act_src_built(void)
{
	return false;
}

struct act_src *act_src_open(struct kerr *err)
{
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

#else

struct act_src {
	struct activity *skel;
	int ncpu;
	struct act_counts *vals; /* ncpu of them: one lookup's */
	struct act_site *svals;	 /* ncpu of them: one lookup's */
};

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

struct act_src *act_src_open(struct kerr *err)
{
	struct act_src *s = xcalloc(1, sizeof(*s));
	int rc;

	libbpf_set_print(quiet);
	s->ncpu = libbpf_num_possible_cpus();
	if (s->ncpu <= 0) {
		why(err, "counting the CPUs", -s->ncpu);
		free(s);
		return NULL;
	}
	s->vals = xcalloc((size_t)s->ncpu, sizeof(*s->vals));
	s->svals = xcalloc((size_t)s->ncpu, sizeof(*s->svals));
	s->skel = activity__open();
	if (!s->skel) {
		why(err, "opening the program", errno);
		goto fail;
	}
	rc = activity__load(s->skel);
	if (rc) {
		why(err, "loading the program", rc < 0 ? -rc : errno);
		goto fail;
	}
	rc = activity__attach(s->skel);
	if (rc) {
		why(err, "attaching to the kmem tracepoints",
		    rc < 0 ? -rc : errno);
		goto fail;
	}
	return s;
fail:
	act_src_close(s);
	return NULL;
}

/* The call sites: as the caches. */
static int read_sites(struct act_src *s, struct act_reading *r,
		      struct kerr *err)
{
	int fd = bpf_map__fd(s->skel->maps.kmemtop_sites);
	__u64 key, next, *prev = NULL;
	__u32 zero = 0;
	size_t guard = 0;

	r->nsites = 0;
	r->max_sites = ACT_MAX_SITES;
	while (guard++ < 2 * ACT_MAX_SITES &&
	       !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, s->svals))
			continue;
		xgrow((void **)&r->sites, &r->sites_cap, r->nsites + 1,
		      sizeof(*r->sites));
		act_sum_sites(s->svals, (size_t)s->ncpu, key,
			      &r->sites[r->nsites++]);
	}
	if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.kmemtop_other_site),
				&zero, s->svals)) {
		kerr_set(err, "eBPF activity: reading the map: %s",
			 strerror(errno));
		return -1;
	}
	act_sum_sites(s->svals, (size_t)s->ncpu, 0, &r->other_site);
	snprintf(r->other_site.name, sizeof(r->other_site.name), "(other)");
	return 0;
}

int act_src_read(struct act_src *s, struct act_reading *r, struct kerr *err)
{
	int fd = bpf_map__fd(s->skel->maps.kmemtop_caches);
	__u64 key, next, *prev = NULL;
	__u32 zero = 0;
	size_t guard = 0;

	r->n = 0;
	r->max = ACT_MAX_CACHES;
	/* bounded: the map holds at most ACT_MAX_CACHES keys, and a key
	 * deleted under us restarts the walk at most that often again */
	while (guard++ < 2 * ACT_MAX_CACHES &&
	       !bpf_map_get_next_key(fd, prev, &next)) {
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
	return read_sites(s, r, err);
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
