/*
 * activity_maps.h - what the eBPF program (activity.bpf.c) and user space
 * (activity_src.c) share: the keys and values of the count maps. Plain
 * fixed-width types only: the file is compiled for the BPF target and for
 * the host.
 *
 * Memory (all maps are preallocated; the values of a per-CPU map once
 * per possible CPU), as the kernel charges it (bpftool's bytes_memlock)
 * on 2 CPUs: kmemtop_caches 2048 entries 513 KiB, kmemtop_sites 8192
 * entries 961 KiB, kmemtop_procs 32768 entries 4097 KiB, kmemtop_comms
 * 8192 entries 705 KiB, kmemtop_slots 256 entries 34 KiB, the rest 10
 * KiB: 6.2 MiB. Of it the per-CPU values: 2048 x 88 + 8192 x 16 + 32768 x
 * 16 + 256 x 64 bytes = 832 KiB a CPU; the rest, 4.5 MiB, does not grow with
 * the CPUs. User space lowers the entries of the per-CPU hashes before
 * load where their values would take more than ACT_PERCPU_BUDGET (8 MiB)
 * on all CPUs together (activity_src.c: act_max_entries): from 17 CPUs
 * on for kmemtop_procs, 47 for kmemtop_caches, 65 for kmemtop_sites;
 * at most about 4.5 + 3 x 8 MiB on any machine.
 */
#ifndef KMEMTOP_ACTIVITY_MAPS_H
#define KMEMTOP_ACTIVITY_MAPS_H

/* caches counted apart (per-CPU hash entries); past it: "(other)";
 * lowered with many CPUs as the others are, but never below
 * ACT_MIN_CACHES (a kernel has a few hundred caches: 1024 x 88 bytes =
 * 88 KiB a CPU, 22 MiB on 256 CPUs) */
#define ACT_MAX_CACHES 2048
#define ACT_MIN_CACHES 1024
/* (call site, cache) pairs counted apart (per-CPU hash entries); past
 * it: "(other)" */
#define ACT_MAX_SITES 8192
/* (process, cgroup, cache) triples counted apart (per-CPU hash
 * entries); past it: "(other)" */
#define ACT_MAX_PROCS 32768
/* processes whose comm is kept (a plain hash) */
#define ACT_MAX_COMMS 8192
/* write-back slots per CPU (a power of 2): kmemtop_slots */
#define ACT_SLOTS 256
/* bytes the per-CPU values of one map may take, all CPUs together */
#define ACT_PERCPU_BUDGET (8UL << 20)
/* bytes of a cache name kept, the NUL included */
#define ACT_NAME_LEN 32
/* bytes of a comm (the kernel's TASK_COMM_LEN) */
#define ACT_COMM_LEN 16

/* Keys that are no cache pointer: kmalloc'd memory that no slab cache
 * holds (large kmallocs: whole pages). */
#define ACT_KEY_PAGES 1ULL
/* kfree of the classic tracepoints, or tp_btf without bpf_get_kmem_cache:
 * the freed object's cache is not known (the event has no size either) */
#define ACT_KEY_KFREE 2ULL
/* a kmalloc bucket guessed from the size: ACT_KEY_BUCKET + its bytes
 * (approximate: kmalloc-cg-, -rcl- and dma- caches of that size, and
 * another ladder on another architecture, fall in it too) */
#define ACT_KEY_BUCKET 0x10000ULL
/* the cache named by a classic tracepoint's name field: a hash of the
 * name with this bit set (kernel addresses have it set too: both kinds
 * never run together) */
#define ACT_KEY_NAMED (1ULL << 32)

/* the largest kmalloc bucket (KMALLOC_MAX_CACHE_SIZE with 4 KiB pages):
 * larger kmallocs take whole pages */
#define ACT_KMALLOC_MAX 8192

/* The kmalloc bucket kmalloc_slab() picks for a request of bytes: the
 * standard ladder, powers of two from 8 with 96 and 192; 0 past
 * ACT_KMALLOC_MAX (whole pages). Shared by the program and the tests. */
static inline __u64 act_kmalloc_bucket(__u64 bytes)
{
	__u64 b = 8;

	if (bytes > ACT_KMALLOC_MAX)
		return 0;
	if (bytes > 64 && bytes <= 96)
		return 96;
	if (bytes > 128 && bytes <= 192)
		return 192;
	for (int i = 0; i < 11 && b < bytes; i++)
		b <<= 1;
	return b;
}

/* The classic tracepoints' record layout: byte offsets of the fields the
 * program reads, from the tracefs format files (tracefmt.h), set before
 * load (read-only in the program). A field of size 4 is read as 32 bits;
 * *_len: the bytes of the record the program copies (the fields it reads
 * end within them, at most ACT_TP_REC_MAX). */
#define ACT_TP_REC_MAX 64
struct act_tp_event {
	__u32 len;	 /* bytes read from the record's start */
	__u32 call_site; /* offsets, bytes */
	__u32 ptr;
	__u32 name;	 /* a __data_loc; kmalloc, kfree: none */
	__u32 bytes_req; /* kfree, kmem_cache_free: none */
	__u32 bytes_alloc;
	__u32 word;	/* bytes of call_site, ptr and the sizes: 8 or 4 */
	__u32 has_name; /* 1: name is there */
};

struct act_tp_layout {
	struct act_tp_event cache_alloc, cache_free, kmalloc, kfree;
};

/* One cache's counts on one CPU since attach (the program only adds). */
struct act_counts {
	__u64 allocs;	   /* allocations seen */
	__u64 frees;	   /* frees seen */
	__u64 bytes_req;   /* bytes asked for (kmalloc) or object size */
	__u64 bytes_alloc; /* bytes of the slots given */
	__u64 free_seen;   /* 1 once a free of the cache was seen */
	__u64 approx;	   /* 1: a kmalloc bucket guessed from the size */
	/* the cache's name pointer when this CPU's entry was made: another
	 * cache made later at a destroyed one's address has another (its
	 * entry is made anew); ACT_OTHER_NAME in the "(other)" entry */
	__u64 name_ptr;
	__u32 obj_size;	   /* bytes: the cache's object size, read once */
	__u32 slot_size;   /* bytes: its slot size, read once */
	char name[ACT_NAME_LEN];
};
#define ACT_OTHER_NAME (~0ULL)

/* A call site and the cache it allocated from: the address of the
 * caller of kmem_cache_alloc or kmalloc (the tracepoints' call_site),
 * and the cache's key as in kmemtop_caches. */
struct act_site_key {
	__u64 site;
	__u64 cache;
};

/* A process (its tgid), the cgroup (v2 id: its directory's inode) it
 * ran in, and the cache it allocated from. */
struct act_proc_key {
	__u32 tgid;
	__u32 pad; /* 0 */
	__u64 cgroup;
	__u64 cache;
};

/* A CPU's write-back slot: the allocations of one (call site, process,
 * cgroup, cache) counted here while the same key comes again, added to
 * kmemtop_sites and kmemtop_procs ("flushed") when another key takes the
 * slot. allocs 0: empty. User space adds what the slots hold to what
 * the maps hold. */
struct act_slot {
	__u64 site;
	__u64 cache;
	__u64 cgroup;
	__u32 tgid;
	__u32 pad;
	__u64 allocs;
	__u64 bytes_alloc;
	char comm[ACT_COMM_LEN]; /* the task's when it took the slot */
};

/* The allocations of one call site's or process's key on one CPU since
 * attach. Frees are counted per cache only. */
struct act_site {
	__u64 allocs;	   /* allocations made there */
	__u64 bytes_alloc; /* bytes of the slots given */
};

#endif
