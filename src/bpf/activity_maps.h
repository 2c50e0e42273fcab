/*
 * activity_maps.h - what the eBPF program (activity.bpf.c) and user space
 * (activity_src.c) share: the keys and values of the count maps. Plain
 * fixed-width types only: the file is compiled for the BPF target and for
 * the host.
 */
#ifndef KMEMTOP_ACTIVITY_MAPS_H
#define KMEMTOP_ACTIVITY_MAPS_H

/* caches counted apart (per-CPU hash entries); past it: "(other)" */
#define ACT_MAX_CACHES 2048
/* call sites counted apart (per-CPU hash entries); past it: "(other)" */
#define ACT_MAX_SITES 4096
/* bytes of a cache name kept, the NUL included */
#define ACT_NAME_LEN 32

/* Keys that are no cache pointer: kmalloc'd memory that no slab cache
 * holds (large kmallocs: whole pages). */
#define ACT_KEY_PAGES 1ULL

/* One cache's counts on one CPU since attach (the program only adds). */
struct act_counts {
	__u64 allocs;	   /* allocations seen */
	__u64 frees;	   /* frees seen */
	__u64 bytes_req;   /* bytes asked for (kmalloc) or object size */
	__u64 bytes_alloc; /* bytes of the slots given */
	__u64 free_seen;   /* 1 once a free of the cache was seen */
	__u32 obj_size;	   /* bytes: the cache's object size, read once */
	__u32 slot_size;   /* bytes: its slot size, read once */
	char name[ACT_NAME_LEN];
};

/* One call site's allocations on one CPU since attach (the address of
 * the caller of kmem_cache_alloc or kmalloc: the tracepoints' call_site). */
struct act_site {
	__u64 allocs;	   /* allocations made there */
	__u64 bytes_alloc; /* bytes of the slots given */
};

#endif
