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
