/*
 * activity_src.h - layer 1: an event source. The kmem tracepoints
 * (kmem_cache_alloc, kmem_cache_free, kmalloc, kfree) counted per slab
 * cache by an eBPF program (src/bpf/activity.bpf.c) that this module
 * loads and attaches, and reads once a refresh: counts since attach,
 * summed over the CPUs.
 *
 * Everything the kernel holds for it (programs, maps, links) is owned by
 * file descriptors of this process: nothing is pinned, so nothing stays
 * attached after act_src_close, exit, kill -9 or a crash. Built only
 * where configure found clang, bpftool and libbpf (HAVE_BPF); elsewhere
 * act_src_open fails and says why.
 */
#ifndef KMEMTOP_ACTIVITY_SRC_H
#define KMEMTOP_ACTIVITY_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "util.h"

struct act_tp_layout; /* bpf/activity_maps.h */

/* bytes of a row's name, the NUL included: a cache's as the program
 * keeps it (32 bytes), a call site's "function+0x1a [module]" */
enum { ACT_NAME_MAX = 96 };

/* One cache's or one call site's counts since attach, summed over the
 * CPUs. */
struct act_cache {
	uint64_t key; /* the kernel's cache address, or the call site's:
		       * an identity only, never shown or written */
	/* a cache: as the kernel names it; a call site: empty until the
	 * caller names it (kallsyms.h). Untrusted. */
	char name[ACT_NAME_MAX];
	uint64_t allocs;	 /* allocations seen */
	uint64_t frees;		 /* frees seen */
	uint64_t bytes_req;	 /* bytes: asked for (kmalloc) or object size */
	uint64_t bytes_alloc;	 /* bytes: of the slots given */
	bool free_seen;		 /* a free of the cache was seen since attach */
	/* a kmalloc bucket guessed from the size (no cache known: the
	 * classic tracepoints, or no bpf_get_kmem_cache), or kfree's
	 * unknown cache: the counts are not the named cache's alone */
	bool approx;
	/* call sites and processes: the key of the cache (act_cache.key)
	 * they allocated from; caches: 0 */
	uint64_t cache;
	uint64_t cgroup; /* processes: the cgroup v2 id they ran in */
	/* call sites and processes: of allocs and bytes_alloc, what the
	 * program's write-back slots hold (not in its maps yet) */
	uint64_t pending, pending_bytes;
	/* processes: key is the tgid, name its comm ("" unknown) */
};

/* A cgroup id's name (its path under the cgroup2 mount, or "cgroup N"),
 * owned by the reading that holds it. */
struct act_cgname {
	uint64_t id;
	char *name;
};

/* A reading: the caches the program counted apart, and "(other)": what
 * found no room in its bounded map (other.allocs 0: nothing); the call
 * sites likewise (their frees are not counted). */
struct act_reading {
	struct act_cache *c;
	size_t n, cap;
	struct act_cache other;
	size_t max; /* caches the map can hold apart */
	struct act_cache *sites;
	size_t nsites, sites_cap;
	struct act_cache other_site;
	size_t max_sites; /* call sites the map can hold apart */
	/* per (process, cgroup, cache) as the sites */
	struct act_cache *procs;
	size_t nprocs, procs_cap;
	struct act_cache other_proc;
	size_t max_procs;
	/* the names of the cgroups of procs, sorted by id: filled by the
	 * caller (activity_feed), "cgroup N" by the model where missing */
	struct act_cgname *cgnames;
	size_t ncgnames, cgnames_cap;
};

/* The key (in place of a tgid) of the entries that hold the allocations
 * of processes that exited, per cgroup and cache: the source removes an
 * exited process's entries from its bounded map and adds their counts
 * here, so that totals are kept and the map has room for new processes.
 * The model shows them as "(exited)", with no rate (their allocations
 * were counted in the rates while the process lived). */
#define ACT_KEY_EXITED (1ULL << 32)

/* The exited processes' counts per (cgroup, cache) (key ACT_KEY_EXITED),
 * kept by the source between readings: at most ACT_EXITED_MAX pairs,
 * past which they are kept per cache under cgroup id 0. */
#define ACT_EXITED_MAX 4096
struct act_exited {
	struct act_cache *v;
	size_t n, cap;
};
void act_exited_free(struct act_exited *x);

/* Sort v[0..*n) by their whole key (key, cache, cgroup) and make one
 * entry of those of the same key: counts added, the first name that is
 * not empty. The maps' entries and the slots' counts are added so. */
void act_coalesce(struct act_cache *v, size_t *n);

/* Fold the exited processes into "(exited)": r's process entries whose
 * tgid alive(tgid, ctx) denies (tgid 0, the idle task and interrupts on
 * idle CPUs, is never asked; alive NULL: none) leave r; what the map
 * held of them moves into x for good, and drop(entry, ctx) deletes it
 * from the map; what a write-back slot holds of them (pending) stays in
 * the slot and is added to this reading's (exited) only. Then x's
 * entries are appended to r->procs. So a process's row ends the reading
 * its death is seen, and (exited) never falls. */
void act_fold_exited(struct act_reading *r, struct act_exited *x,
		     bool (*alive)(uint32_t tgid, void *ctx),
		     void (*drop)(const struct act_cache *c, void *ctx),
		     void *ctx);

/* Name cgroup id in r (replacing its name if it has one). */
void act_reading_cgname(struct act_reading *r, uint64_t id, const char *name);
/* The name of cgroup id in r, or NULL; r's names sorted (by
 * act_reading_cgname_sort) after the last act_reading_cgname. */
const char *act_reading_cgname_of(const struct act_reading *r, uint64_t id);
void act_reading_cgname_sort(struct act_reading *r);

void act_reading_free(struct act_reading *r);

/* The per-CPU values of one cache, as the program keeps them (ncpu
 * values of struct act_counts, bpf/activity_maps.h), summed into out:
 * counts added (wrapping as the kernel's do), the name the first CPU
 * that has one gives (none: named by its key, a kmalloc bucket
 * "kmalloc-64", "(kmalloc pages)", "(kfree: cache unknown)"), free_seen
 * and approx when any CPU says so. */
void act_sum_cpus(const void *percpu, size_t ncpu, uint64_t key,
		  struct act_cache *out);

/* The per-CPU values of one call site's or process's entry (ncpu of
 * struct act_site) summed into out, its name empty, its key key and
 * cache cache. */
void act_sum_sites(const void *percpu, size_t ncpu, uint64_t key,
		   uint64_t cache, struct act_cache *out);

/* The entries of a per-CPU map of at most max entries whose values take
 * size bytes on each of ncpu CPUs: max, fewer where their values would
 * take more than ACT_PERCPU_BUDGET bytes (bpf/activity_maps.h), 256 at
 * least. */
size_t act_max_entries(size_t max, size_t size, size_t ncpu);

struct act_src;

/* Whether the program was built in (configure's HAVE_BPF). */
bool act_src_built(void);

/* "kmalloc-64", "kmalloc-1k": the kmalloc bucket of that many bytes as
 * the kernel names it, into buf (n bytes). */
void act_bucket_name(uint64_t bytes, char *buf, size_t n);

/* How to open the source: the mode (--activity-source), and the
 * classic tracepoints' record layout read from tracefs (NULL: it could
 * not be read, tp_why says why). */
struct act_src_cfg {
	enum act_source_mode mode;
	const struct act_tp_layout *tp;
	const char *tp_why;
};

/* The programs a source loads. */
enum act_progs {
	ACT_PROGS_BTF,	     /* tp_btf, kmalloc's cache by bpf_get_kmem_cache */
	ACT_PROGS_BTF_SIZED, /* tp_btf, kmalloc's cache guessed by its size */
	ACT_PROGS_TP,	     /* classic tracepoints, the tracefs layout */
};

/* Load the program and attach it to the tracepoints: tp_btf first (mode
 * AUTO or BTF), then the classic ones (AUTO when tp_btf failed, or
 * TRACEPOINT). NULL with err saying why and what to do (not built; no
 * CAP_BPF/CAP_PERFMON; kernel lockdown; no BTF or no such tracepoint;
 * tracefs not mounted). Free with act_src_close. */
struct act_src *act_src_open(const struct act_src_cfg *cfg, struct kerr *err);

/* Which programs the source runs, and how the status says it:
 * "tp_btf", "tp_btf (kmalloc sizes approximate)", "tracepoint (sizes
 * approximate)". */
enum act_progs act_src_progs(const struct act_src *s);
const char *act_progs_name(enum act_progs p);

/* The counts since attach into r (replacing what it held). 0, or -1
 * with err. */
int act_src_read(struct act_src *s, struct act_reading *r, struct kerr *err);

/* Delete the entry of cache key (the kernel's cache address) from the
 * program's map: the cache was destroyed, and one made later at its
 * address gets an entry, and a name, of its own. */
void act_src_forget(struct act_src *s, uint64_t key);

/* Detach and unload (closing the descriptors); NULL: nothing. */
void act_src_close(struct act_src *s);

#endif
