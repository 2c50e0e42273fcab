// SPDX-License-Identifier: GPL-2.0
/*
 * activity.bpf.c - kmemtop's eBPF program: allocations and frees of slab
 * caches counted per cache, per CPU, from the kmem tracepoints only
 * (tp_btf: no kprobes, no fentry). Built with clang -target bpf (CO-RE);
 * user space (activity_src.c) loads it through a skeleton and reads the
 * maps once a refresh. It keeps no state of its own beyond the maps and
 * never writes kernel memory.
 *
 * The few kernel types it reads are declared here with
 * preserve_access_index: libbpf relocates the field offsets against the
 * running kernel's BTF, so the build does not depend on the build
 * machine's kernel.
 */
/* the kernel's UAPI integer types, as bpf_helpers.h needs them (no
 * kernel or libc header is read: the program builds the same anywhere) */
typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef unsigned int gfp_t;

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "activity_maps.h"

#define BPF_MAP_TYPE_HASH	  1
#define BPF_MAP_TYPE_PERCPU_HASH 5
#define BPF_MAP_TYPE_PERCPU_ARRAY 6
#define BPF_ANY 0
#define BPF_NOEXIST 1

struct kmem_cache {
	unsigned int size;
	unsigned int object_size;
	const char *name;
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

/* per cache (its address; ACT_KEY_PAGES), per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, ACT_MAX_CACHES);
	__type(key, __u64);
	__type(value, struct act_counts);
} kmemtop_caches SEC(".maps");

/* [0]: what found no room in kmemtop_caches ("(other)") */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct act_counts);
} kmemtop_other SEC(".maps");

/* per (call site, cache), per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, ACT_MAX_SITES);
	__type(key, struct act_site_key);
	__type(value, struct act_site);
} kmemtop_sites SEC(".maps");

/* [0]: the call sites that found no room in kmemtop_sites */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct act_site);
} kmemtop_other_site SEC(".maps");

/* per (process, cgroup, cache), per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, ACT_MAX_PROCS);
	__type(key, struct act_proc_key);
	__type(value, struct act_site);
} kmemtop_procs SEC(".maps");

/* [0]: the processes that found no room in kmemtop_procs */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct act_site);
} kmemtop_other_proc SEC(".maps");

/* a process's comm by tgid: written when one of its kmemtop_procs
 * entries is made (not on the hot path); a tgid reused later keeps the
 * comm of the process that made its entries until it makes a new one */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ACT_MAX_COMMS);
	__type(key, __u32);
	__type(value, char[ACT_COMM_LEN]);
} kmemtop_comms SEC(".maps");

/* per CPU: the write-back slots of count_who */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ACT_SLOTS);
	__type(key, __u32);
	__type(value, struct act_slot);
} kmemtop_slots SEC(".maps");

/* the slab cache of an object (Linux 6.13 on); weak: absent before */
extern struct kmem_cache *bpf_get_kmem_cache(__u64 addr) __ksym __weak;

/* The entry of cache key on this CPU, made at its first event (named
 * from s, or "(kmalloc pages)" when s is NULL), or "(other)" when the map
 * is full. The slow path (an entry made) is kept out of line of the
 * lookup that almost every event ends with. */
static __noinline struct act_counts *new_slot(__u64 key,
					      const struct kmem_cache *s)
{
	struct act_counts zero = {};
	struct act_counts *c;
	__u32 k0 = 0;

	if (s) {
		zero.name_ptr = (__u64)BPF_CORE_READ(s, name);
		bpf_probe_read_kernel_str(zero.name, sizeof(zero.name),
					  (const char *)zero.name_ptr);
		zero.obj_size = BPF_CORE_READ(s, object_size);
		zero.slot_size = BPF_CORE_READ(s, size);
	} else {
		__builtin_memcpy(zero.name, "(kmalloc pages)", 16);
	}
	bpf_map_update_elem(&kmemtop_caches, &key, &zero, BPF_NOEXIST);
	c = bpf_map_lookup_elem(&kmemtop_caches, &key);
	if (c)
		return c;
	c = bpf_map_lookup_elem(&kmemtop_other, &k0);
	if (c)
		c->name_ptr = ACT_OTHER_NAME; /* sizes: each event's own */
	return c;
}

static __always_inline struct act_counts *slot(__u64 key,
					       const struct kmem_cache *s)
{
	struct act_counts *c = bpf_map_lookup_elem(&kmemtop_caches, &key);

	if (c)
		return c;
	return new_slot(key, s);
}

/* n allocations of bytes into map at key, or into other[0] when the map
 * is full: an entry made holds them already (a per-CPU hash update from a
 * program sets this CPU's value and zeroes the others'), so no second
 * lookup follows it but when another CPU made the same key at the same
 * time. Returns whether an entry was made. */
static __always_inline int add_to(void *map, void *other, const void *key,
				  __u64 n, __u64 bytes)
{
	struct act_site *c = bpf_map_lookup_elem(map, key);
	struct act_site one;
	__u32 k0 = 0;

	if (c) {
		c->allocs += n;
		c->bytes_alloc += bytes;
		return 0;
	}
	one.allocs = n;
	one.bytes_alloc = bytes;
	if (!bpf_map_update_elem(map, key, &one, BPF_NOEXIST))
		return 1;
	c = bpf_map_lookup_elem(map, key);
	if (!c)
		c = bpf_map_lookup_elem(other, &k0);
	if (c) {
		c->allocs += n;
		c->bytes_alloc += bytes;
	}
	return 0;
}

/* A slot's counts into the maps (out of line: only when a slot changes
 * hands); the comm of a process's entry made then is the slot's. */
static __noinline void flush(struct act_slot *w)
{
	struct act_site_key sk = { .site = w->site, .cache = w->cache };
	struct act_proc_key pk = {
		.tgid = w->tgid,
		.cgroup = w->cgroup,
		.cache = w->cache,
	};

	add_to(&kmemtop_sites, &kmemtop_other_site, &sk, w->allocs,
	       w->bytes_alloc);
	if (add_to(&kmemtop_procs, &kmemtop_other_proc, &pk, w->allocs,
		   w->bytes_alloc))
		bpf_map_update_elem(&kmemtop_comms, &pk.tgid, w->comm,
				    BPF_NOEXIST);
}

/* The allocation's call site and the current process and cgroup, with
 * the cache they allocated from (cache: the key of kmemtop_caches).
 *
 * Counted first in a slot of this CPU chosen by the key's hash: the same
 * key again (a loop allocating) only adds to the slot, two hash lookups
 * saved; another key takes the slot over after its counts go to the maps
 * (flush). An allocation in an interrupt of this program's run may see a
 * slot half taken: a few counts under a wrong key, once in a while.
 *
 * Frees are counted per cache only (count_free): a free's call_site is
 * where the object is freed, not where it was allocated, and the task
 * that frees it (often an RCU callback or a kworker) is not the one that
 * allocated it; matching frees to allocations would need a map entry
 * per live object. Allocations made in interrupts count for the task
 * they interrupted. */
static __always_inline void count_who(__u64 cache, __u64 site, __u64 bytes)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 cgroup = bpf_get_current_cgroup_id();
	/* the slot: by site, process and size (a kmalloc site's sizes
	 * are its caches; cache itself is a pointer to the verifier, which
	 * does no arithmetic on it) */
	__u64 h = (site ^ (bytes << 20) ^ ((__u64)tgid << 7)) *
		  0x9e3779b97f4a7c15ULL;
	__u32 i = (__u32)(h >> 56) & (ACT_SLOTS - 1);
	struct act_slot *w = bpf_map_lookup_elem(&kmemtop_slots, &i);

	if (!w)
		return;
	if (w->site == site && w->cache == cache && w->tgid == tgid &&
	    w->cgroup == cgroup) {
		w->allocs++;
		w->bytes_alloc += bytes;
		return;
	}
	if (w->allocs)
		flush(w);
	w->site = site;
	w->cache = cache;
	w->cgroup = cgroup;
	w->tgid = tgid;
	w->allocs = 1;
	w->bytes_alloc = bytes;
	bpf_get_current_comm(w->comm, sizeof(w->comm));
}

/* One allocation from the cache of key cache (s: that cache, or NULL for
 * whole pages) at call site site: req bytes asked for, got given. The
 * helper every program that sees an allocation calls. */
static __always_inline void count_alloc(__u64 cache, const struct kmem_cache *s,
					__u64 site, __u64 req, __u64 got)
{
	struct act_counts *c = slot(cache, s);

	if (c) {
		c->allocs++;
		c->bytes_req += req;
		c->bytes_alloc += got;
	}
	count_who(cache, site, got);
}

/* One free into the cache of key cache (s as count_alloc's). */
static __always_inline void count_free(__u64 cache, const struct kmem_cache *s)
{
	struct act_counts *c = slot(cache, s);

	if (!c)
		return;
	c->frees++;
	c->free_seen = 1;
}

/* the cache's sizes are read from it when its entry is made and kept
 * there: the hot path reads the map value only */
SEC("tp_btf/kmem_cache_alloc")
int BPF_PROG(kmemtop_cache_alloc, unsigned long call_site, const void *ptr,
	     struct kmem_cache *s, gfp_t gfp, int node)
{
	struct act_counts *c;
	__u64 slot_size, name;

	if (!ptr || !s)
		return 0;
	c = slot((__u64)s, s);
	if (!c)
		return 0;
	name = (__u64)s->name;
	if (c->name_ptr != name) {
		__u64 key = (__u64)s;

		if (c->name_ptr == ACT_OTHER_NAME) {
			/* "(other)": many caches, each its own sizes */
			c->obj_size = c->slot_size = 0;
		} else if (c->name_ptr) {
			/* a cache made at a destroyed cache's address:
			 * its own entry, not the old one's counts */
			bpf_map_delete_elem(&kmemtop_caches, &key);
			c = new_slot(key, s);
			if (!c)
				return 0;
		} else {
			/* another CPU made the entry: this CPU's value
			 * is zero */
			c->name_ptr = name;
		}
	}
	if (!c->slot_size) {
		c->obj_size = BPF_CORE_READ(s, object_size);
		c->slot_size = BPF_CORE_READ(s, size);
	}
	slot_size = c->slot_size;
	c->allocs++;
	c->bytes_req += c->obj_size;
	c->bytes_alloc += slot_size;
	count_who((__u64)s, call_site, slot_size);
	return 0;
}

SEC("tp_btf/kmem_cache_free")
int BPF_PROG(kmemtop_cache_free, unsigned long call_site, const void *ptr,
	     const struct kmem_cache *s)
{
	if (!ptr || !s)
		return 0;
	count_free((__u64)s, s);
	return 0;
}

/* kmalloc: the real cache of the object (kmalloc-cg-64, kmalloc-rcl-...);
 * no cache: a large kmalloc, whole pages */
SEC("tp_btf/kmalloc")
int BPF_PROG(kmemtop_kmalloc, unsigned long call_site, const void *ptr,
	     unsigned long bytes_req, unsigned long bytes_alloc, gfp_t gfp,
	     int node)
{
	struct kmem_cache *s;

	if ((unsigned long)ptr <= 16)
		return 0;
	s = bpf_get_kmem_cache((__u64)ptr);
	count_alloc(s ? (__u64)s : ACT_KEY_PAGES, s, call_site, bytes_req,
		    bytes_alloc);
	return 0;
}

SEC("tp_btf/kfree")
int BPF_PROG(kmemtop_kfree, unsigned long call_site, const void *ptr)
{
	struct kmem_cache *s;

	/* NULL and ZERO_SIZE_PTR: kfree returns before freeing anything */
	if ((unsigned long)ptr <= 16)
		return 0;
	s = bpf_get_kmem_cache((__u64)ptr);
	count_free(s ? (__u64)s : ACT_KEY_PAGES, s);
	return 0;
}

/* ---- without bpf_get_kmem_cache, or without BTF ----------------------
 * The programs below are loaded instead of those above where the kernel
 * lacks what they need (activity_src.c chooses the set before load):
 * kmalloc's cache is then guessed from the size (its kmalloc bucket,
 * marked approximate), kfree's is unknown (counted apart), and on a
 * kernel without BTF the classic tracepoints' raw records are read at
 * the offsets of the tracefs format files (act_tp, set before load). */

/* the classic tracepoints' record layout (read-only: the verifier takes
 * the offsets as constants) */
const volatile struct act_tp_layout act_tp = {};

/* A cache's slot by key; name (ACT_NAME_LEN bytes) or NULL: user space
 * names it by its key (a bucket, kfree's unknown cache). */
static __always_inline struct act_counts *
slot_named(__u64 key, const char *name, __u64 approx)
{
	struct act_counts *c = bpf_map_lookup_elem(&kmemtop_caches, &key);
	struct act_counts zero = {};
	__u32 k0 = 0;

	if (c)
		return c;
	if (name)
		__builtin_memcpy(zero.name, name, ACT_NAME_LEN);
	zero.approx = approx;
	bpf_map_update_elem(&kmemtop_caches, &key, &zero, BPF_NOEXIST);
	c = bpf_map_lookup_elem(&kmemtop_caches, &key);
	if (c)
		return c;
	return bpf_map_lookup_elem(&kmemtop_other, &k0);
}

/* count_alloc's for a cache known by key and name only (name as
 * slot_named's) */
static __always_inline void count_alloc_named(__u64 key, const char *name,
					      __u64 approx, __u64 site,
					      __u64 req, __u64 got)
{
	struct act_counts *c = slot_named(key, name, approx);

	if (c) {
		c->allocs++;
		c->bytes_req += req;
		c->bytes_alloc += got;
	}
	count_who(key, site, got);
}

static __always_inline void count_free_named(__u64 key, const char *name,
					     __u64 approx)
{
	struct act_counts *c = slot_named(key, name, approx);

	if (!c)
		return;
	c->frees++;
	c->free_seen = 1;
}

/* kmalloc of req bytes with no cache known: its kmalloc bucket,
 * approximate; past the largest, whole pages */
static __always_inline void count_kmalloc_sized(__u64 site, __u64 req,
						__u64 got)
{
	__u64 b = act_kmalloc_bucket(req);

	count_alloc_named(b ? ACT_KEY_BUCKET + b : ACT_KEY_PAGES, 0, 1, site,
			  req, got);
}

SEC("tp_btf/kmalloc")
int BPF_PROG(kmemtop_kmalloc_sized, unsigned long call_site, const void *ptr,
	     unsigned long bytes_req, unsigned long bytes_alloc, gfp_t gfp,
	     int node)
{
	if ((unsigned long)ptr <= 16)
		return 0;
	count_kmalloc_sized(call_site, bytes_req, bytes_alloc);
	return 0;
}

SEC("tp_btf/kfree")
int BPF_PROG(kmemtop_kfree_unknown, unsigned long call_site, const void *ptr)
{
	if ((unsigned long)ptr <= 16)
		return 0;
	count_free_named(ACT_KEY_KFREE, 0, 1);
	return 0;
}

/* a field of the record copied to rec: 32 or 64 bits */
static __always_inline __u64 tp_word(const __u8 *rec, __u32 off, __u32 word)
{
	if (word == 4)
		return *(const __u32 *)(rec + off);
	return *(const __u64 *)(rec + off);
}

/* The cache's name from the record's __data_loc at off, and its key: a
 * hash of the name (FNV-1a) */
static __always_inline __u64 tp_name(const void *ctx, const __u8 *rec,
				     __u32 off, char *name)
{
	__u32 loc = *(const __u32 *)(rec + off);
	__u64 h = 0xcbf29ce484222325ULL;

	bpf_probe_read_kernel_str(name, ACT_NAME_LEN,
				  (const char *)ctx + (loc & 0xffff));
	for (int i = 0; i < ACT_NAME_LEN; i++) {
		if (!name[i])
			break;
		h ^= (__u8)name[i];
		h *= 0x100000001b3ULL;
	}
	return h | ACT_KEY_NAMED;
}

SEC("tracepoint/kmem/kmem_cache_alloc")
int kmemtop_tp_cache_alloc(void *ctx)
{
	__u8 rec[ACT_TP_REC_MAX] = {};
	char name[ACT_NAME_LEN] = {};
	__u64 key, got;

	bpf_probe_read_kernel(rec, act_tp.cache_alloc.len, ctx);
	if (!tp_word(rec, act_tp.cache_alloc.ptr, act_tp.cache_alloc.word))
		return 0;
	key = tp_name(ctx, rec, act_tp.cache_alloc.name, name);
	got = tp_word(rec, act_tp.cache_alloc.bytes_alloc,
		      act_tp.cache_alloc.word);
	count_alloc_named(key, name, 0,
			  tp_word(rec, act_tp.cache_alloc.call_site,
				  act_tp.cache_alloc.word),
			  tp_word(rec, act_tp.cache_alloc.bytes_req,
				  act_tp.cache_alloc.word),
			  got);
	return 0;
}

SEC("tracepoint/kmem/kmem_cache_free")
int kmemtop_tp_cache_free(void *ctx)
{
	__u8 rec[ACT_TP_REC_MAX] = {};
	char name[ACT_NAME_LEN] = {};
	__u64 key;

	bpf_probe_read_kernel(rec, act_tp.cache_free.len, ctx);
	if (!tp_word(rec, act_tp.cache_free.ptr, act_tp.cache_free.word))
		return 0;
	key = tp_name(ctx, rec, act_tp.cache_free.name, name);
	count_free_named(key, name, 0);
	return 0;
}

SEC("tracepoint/kmem/kmalloc")
int kmemtop_tp_kmalloc(void *ctx)
{
	__u8 rec[ACT_TP_REC_MAX] = {};
	__u32 w = act_tp.kmalloc.word;

	bpf_probe_read_kernel(rec, act_tp.kmalloc.len, ctx);
	if (tp_word(rec, act_tp.kmalloc.ptr, w) <= 16)
		return 0;
	count_kmalloc_sized(tp_word(rec, act_tp.kmalloc.call_site, w),
			    tp_word(rec, act_tp.kmalloc.bytes_req, w),
			    tp_word(rec, act_tp.kmalloc.bytes_alloc, w));
	return 0;
}

SEC("tracepoint/kmem/kfree")
int kmemtop_tp_kfree(void *ctx)
{
	__u8 rec[ACT_TP_REC_MAX] = {};

	bpf_probe_read_kernel(rec, act_tp.kfree.len, ctx);
	if (tp_word(rec, act_tp.kfree.ptr, act_tp.kfree.word) <= 16)
		return 0;
	count_free_named(ACT_KEY_KFREE, 0, 1);
	return 0;
}

/* A process's name as exec gives it: the comm its entries were made
 * with may be its parent's, taken by an allocation between fork and
 * exec ("bash" for a script's child); exec writes the new one (the
 * flush above only fills a comm that is missing). Exec is rare: this
 * costs nothing on the allocation paths. */
static __always_inline void exec_comm(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	char comm[ACT_COMM_LEN];

	if (bpf_get_current_comm(comm, sizeof(comm)))
		return;
	bpf_map_update_elem(&kmemtop_comms, &tgid, comm, BPF_ANY);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(kmemtop_exec)
{
	exec_comm();
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int kmemtop_tp_exec(void *ctx)
{
	(void)ctx;
	exec_comm();
	return 0;
}
