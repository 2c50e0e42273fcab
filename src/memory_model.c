/*
 * memory_model.c - the balance sheet of /proc/meminfo: terms that add up
 * exactly to MemTotal, the remainder among them, and the RAM above it.
 *
 * The overlaps, as fs/proc/meminfo.c computes the fields (checked in
 * 3.10, 4.18, 5.14 and 6.x, and Documentation/filesystems/proc.rst):
 * - Cached is NR_FILE_PAGES less the swap cache and Buffers, so Cached +
 *   Buffers + SwapCached is every page-cache page once. Shmem (tmpfs,
 *   shared anonymous) is in NR_FILE_PAGES: a part of the page cache,
 *   not added again.
 * - AnonHugePages is in AnonPages (THP are counted as their 512 pages in
 *   NR_ANON_MAPPED since 2.6.38): a part, not added again.
 * - Slab = SReclaimable + SUnreclaim: the two terms, never Slab too.
 *   KReclaimable holds SReclaimable and other reclaimable kernel pages
 *   (ION): not a term.
 * - VmallocUsed counts vmalloc's pages since 5.3 (vmalloc_nr_pages());
 *   4.4 to 5.2 print 0, and before 4.4 it is address space (ioremap and
 *   guard pages included, not RAM; VmallocChunk is then not 0): not
 *   counted there. With CONFIG_VMAP_STACK the kernel stacks are vmalloc
 *   pages that KernelStack counts as well: subtracted from vmalloc when
 *   /proc/vmallocinfo shows them. Per-CPU chunks map their pages through
 *   pcpu_get_vm_areas, outside vmalloc's count: no overlap.
 * - Hugetlb (since about 4.17) is every huge page pool, of every size, free pages
 *   included (none of them is in MemFree); before it, HugePages_Total x
 *   Hugepagesize, the default size's pool alone.
 * - SwapCached pages that are mapped again are also in AnonPages: the
 *   file cannot tell them apart, so with swap in use the remainder may
 *   be low by up to SwapCached (said in its source).
 * - The free pages the per-CPU lists hold have left the buddy free lists
 *   and MemFree (NR_FREE_PAGES) with them; no meminfo field counts them.
 *   /proc/zoneinfo's pagesets do ("count:", pages): a term of its own,
 *   read a moment apart from meminfo (the lists change all the time).
 * Absent terms count as 0: the kernel does not count those pages apart,
 * and they fall into the remainder.
 */
#include "memory_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buddyinfo.h"
#include "pagetypeinfo.h"
#include "util.h"
#include "vmallocinfo.h"
#include "zoneinfo.h"

static const struct {
	const char *item, *what;
	enum mem_role r;
	enum mi_field f; /* the one field, or MI_COUNT: computed */
	const char *source;
} items[MEM_NITEMS] = {
	[MEM_PHYSICAL] = { "physical", "Physical RAM", MR_ABOVE, MI_COUNT,
			   "System RAM of /proc/iomem" },
	[MEM_RESERVED] = { "reserved_at_boot", "  reserved at boot", MR_ABOVE,
			   MI_COUNT, "physical - MemTotal" },
	[MEM_TOTAL] = { "mem_total", "MemTotal", MR_TOTAL, MI_MEMTOTAL,
			"MemTotal" },
	[MEM_FREE] = { "free", "  free", MR_TERM, MI_MEMFREE, "MemFree" },
	[MEM_PCP] = { "pcp_free", "  free in per-CPU lists", MR_TERM, MI_COUNT,
		      "count: of /proc/zoneinfo's pagesets" },
	[MEM_PAGECACHE] = { "page_cache", "  page cache", MR_TERM, MI_COUNT,
			    "Cached + Buffers" },
	[MEM_SHMEM] = { "shmem", "    of it shmem", MR_PART, MI_SHMEM,
			"Shmem (in Cached)" },
	[MEM_ANON] = { "anon", "  anonymous", MR_TERM, MI_ANONPAGES,
		       "AnonPages" },
	[MEM_ANON_THP] = { "anon_thp", "    of it huge pages", MR_PART,
			   MI_ANONHUGEPAGES, "AnonHugePages (in AnonPages)" },
	[MEM_SWAPCACHE] = { "swap_cache", "  swap cache", MR_TERM,
			    MI_SWAPCACHED, "SwapCached" },
	[MEM_SLAB_RECL] = { "slab_reclaimable", "  slab reclaimable", MR_TERM,
			    MI_SRECLAIMABLE, "SReclaimable" },
	[MEM_SLAB_UNRECL] = { "slab_unreclaimable", "  slab unreclaimable",
			      MR_TERM, MI_SUNRECLAIM, "SUnreclaim" },
	[MEM_KSTACK] = { "kernel_stack", "  kernel stacks", MR_TERM,
			 MI_KERNELSTACK, "KernelStack" },
	[MEM_PAGETABLES] = { "page_tables", "  page tables", MR_TERM,
			     MI_PAGETABLES, "PageTables" },
	[MEM_SECPAGETABLES] = { "sec_page_tables", "  secondary page tables",
				MR_TERM, MI_SECPAGETABLES, "SecPageTables" },
	[MEM_PERCPU] = { "percpu", "  per-CPU", MR_TERM, MI_PERCPU, "Percpu" },
	[MEM_VMALLOC] = { "vmalloc", "  vmalloc", MR_TERM, MI_COUNT,
			  "VmallocUsed" },
	[MEM_HUGETLB] = { "hugetlb", "  hugetlb pool", MR_TERM, MI_COUNT,
			  "Hugetlb" },
	[MEM_ZSWAP] = { "zswap", "  zswap pool", MR_TERM, MI_ZSWAP, "Zswap" },
	[MEM_UNACCOUNTED] = { "unaccounted", "  unaccounted", MR_REMAINDER,
			      MI_COUNT, "MemTotal - the terms above" },
};

static const char *const role_names[] = {
	[MR_ABOVE] = "above", [MR_TOTAL] = "total",	    [MR_TERM] = "term",
	[MR_PART] = "part",   [MR_REMAINDER] = "remainder",
};

/* The kernels that lack a field, for the source of its empty row. */
static const struct {
	enum mi_field f;
	const char *why;
} absent_why[] = {
	{ MI_PERCPU, "no Percpu in meminfo (kernels before 3.18)" },
	{ MI_SECPAGETABLES, "no SecPageTables in meminfo (before 6.0)" },
	{ MI_ZSWAP, "no Zswap in meminfo (before 5.19, or no zswap)" },
	{ MI_SHMEM, "no Shmem in meminfo" },
	{ MI_ANONHUGEPAGES, "no AnonHugePages in meminfo (no THP)" },
};

static void set(struct mem_row *r, int64_t bytes)
{
	r->bytes = bytes;
	r->have = true;
}

static void absent(struct memory_model *m, struct mem_row *r, enum mi_field f)
{
	r->source = "not in meminfo";
	for (size_t i = 0; i < ARRAY_SIZE(absent_why); i++)
		if (absent_why[i].f == f)
			r->source = absent_why[i].why;
	if (r->r == MR_TERM)
		m->absent++;
}

/* VmallocUsed, as pages once: without the stacks it counts too, and not
 * at all where it is no count of pages. Returns whether it is a term. */
static bool vmalloc_bytes(const struct meminfo *mi, enum mem_stacks stacks,
			  struct mem_row *r)
{
	const uint64_t *b = mi->bytes;
	uint64_t used = b[MI_VMALLOCUSED];

	if (!mi->have[MI_VMALLOCUSED])
		return false;
	if (mi->have[MI_VMALLOCCHUNK] && b[MI_VMALLOCCHUNK]) {
		r->source = "VmallocUsed is address space before 4.4 (ioremap "
			    "included): not counted";
		return false;
	}
	set(r, (int64_t)used);
	if (!used) {
		r->source = "VmallocUsed (0: kernels 4.4 to 5.2 print 0, "
			    "their vmalloc pages are unaccounted)";
	} else if (stacks == STACKS_VMALLOC && mi->have[MI_KERNELSTACK]) {
		uint64_t st = b[MI_KERNELSTACK] < used ? b[MI_KERNELSTACK]
						       : used;
		r->bytes = (int64_t)(used - st);
		r->source = "VmallocUsed - KernelStack (stacks are vmalloc "
			    "pages: CONFIG_VMAP_STACK)";
	} else if (stacks == STACKS_UNKNOWN) {
		r->source = "VmallocUsed (holds KernelStack too if "
			    "CONFIG_VMAP_STACK: unknown without vmallocinfo)";
	}
	return true;
}

/* Hugetlb, or the default pool's pages x their size. */
static bool hugetlb_bytes(struct memory_model *m, const struct meminfo *mi,
			  struct mem_row *r)
{
	const uint64_t *b = mi->bytes;

	if (mi->have[MI_HUGETLB]) {
		set(r, (int64_t)b[MI_HUGETLB]);
		return true;
	}
	if (!mi->have[MI_HUGEPAGES_TOTAL] || !mi->have[MI_HUGEPAGESIZE] ||
	    (b[MI_HUGEPAGESIZE] &&
	     b[MI_HUGEPAGES_TOTAL] > INT64_MAX / b[MI_HUGEPAGESIZE]))
		return false;
	set(r, (int64_t)(b[MI_HUGEPAGES_TOTAL] * b[MI_HUGEPAGESIZE]));
	snprintf(m->note[0], sizeof(m->note[0]),
		 "HugePages_Total x Hugepagesize (%" PRIu64 " x %" PRIu64
		 "K; no Hugetlb in this meminfo)",
		 b[MI_HUGEPAGES_TOTAL], b[MI_HUGEPAGESIZE] / 1024);
	r->source = m->note[0];
	return true;
}

void memory_model_compute(struct memory_model *m, const struct memory_in *in)
{
	const struct meminfo *mi = in->mi;
	const uint64_t *b = mi ? mi->bytes : NULL;
	int64_t total, rest;

	memset(m, 0, sizeof(*m));
	if (!mi || !mi->have[MI_MEMTOTAL] || !mi->have[MI_MEMFREE] ||
	    b[MI_MEMTOTAL] > INT64_MAX / 4)
		return;
	m->nrows = MEM_NITEMS;
	for (size_t i = 0; i < MEM_NITEMS; i++) {
		struct mem_row *r = &m->rows[i];
		r->order = i;
		r->id = (enum mem_item)i;
		r->item = items[i].item;
		r->what = items[i].what;
		r->r = items[i].r;
		r->role = role_names[items[i].r];
		r->source = items[i].source;
		if (items[i].f == MI_COUNT)
			continue;
		if (mi->have[items[i].f])
			set(r, (int64_t)b[items[i].f]);
		else
			absent(m, r, items[i].f);
	}
	if (mi->have[MI_CACHED] || mi->have[MI_BUFFERS])
		set(&m->rows[MEM_PAGECACHE],
		    (int64_t)(b[MI_CACHED] + b[MI_BUFFERS]));
	else
		absent(m, &m->rows[MEM_PAGECACHE], MI_CACHED);
	if (!vmalloc_bytes(mi, in->stacks, &m->rows[MEM_VMALLOC]) &&
	    !mi->have[MI_VMALLOCUSED])
		absent(m, &m->rows[MEM_VMALLOC], MI_VMALLOCUSED);
	if (!hugetlb_bytes(m, mi, &m->rows[MEM_HUGETLB]))
		absent(m, &m->rows[MEM_HUGETLB], MI_HUGETLB);
	if (in->have_pcp && in->pcp <= b[MI_MEMTOTAL])
		set(&m->rows[MEM_PCP], (int64_t)in->pcp);
	else
		m->rows[MEM_PCP].source = "no /proc/zoneinfo";

	/* the remainder: every term once (each < 2^62: no overflow) */
	total = (int64_t)b[MI_MEMTOTAL];
	rest = total;
	for (size_t i = 0; i < MEM_NITEMS; i++)
		if (m->rows[i].r == MR_TERM && m->rows[i].have)
			rest -= m->rows[i].bytes > INT64_MAX / 4
					? INT64_MAX / 4
					: m->rows[i].bytes;
	set(&m->rows[MEM_UNACCOUNTED], rest);
	if (mi->have[MI_SWAPCACHED] && b[MI_SWAPCACHED]) {
		snprintf(m->note[1], sizeof(m->note[1]),
			 "MemTotal - the terms above (may be low by up to "
			 "SwapCached: swap-cache pages mapped again are in "
			 "AnonPages too)");
		m->rows[MEM_UNACCOUNTED].source = m->note[1];
	}

	if (in->have_physical) {
		set(&m->rows[MEM_PHYSICAL],
		    (int64_t)(in->physical > INT64_MAX ? INT64_MAX
						       : in->physical));
		set(&m->rows[MEM_RESERVED],
		    m->rows[MEM_PHYSICAL].bytes - total);
	} else {
		m->rows[MEM_PHYSICAL].source =
			in->no_physical ? in->no_physical
					: "/proc/iomem: System RAM needs root";
		m->rows[MEM_RESERVED].source = "needs the physical size";
	}
	for (size_t i = 0; i < MEM_NITEMS; i++) {
		struct mem_row *r = &m->rows[i];
		if (r->have && total) {
			r->pct = (double)r->bytes * 100.0 / (double)total;
			r->have_pct = true;
		}
	}
}

/* ---- stacks in vmalloc ------------------------------------------------- */

/* The functions that vmalloc a thread's stack, as vmallocinfo names the
 * caller over the kernels (inlined into the fork path on some). */
static const char *const stack_callers[] = {
	"alloc_thread_stack_node",
	"dup_task_struct",
	"copy_process",
	"kernel_clone",
	"_do_fork",
	"do_fork",
};

static void stack_area(const struct vm_area *a, void *ctx)
{
	bool *found = ctx;

	if (*found || !a->caller || !a->have_pages || !a->pages)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(stack_callers); i++)
		if (a->caller_len == strlen(stack_callers[i]) &&
		    !memcmp(a->caller, stack_callers[i], a->caller_len))
			*found = true;
}

bool memory_stacks_in_vmalloc(const char *text, size_t len)
{
	struct vm_parse_stats st = { 0 };
	bool found = false;

	vmallocinfo_parse_ex(text, len, 1, VM_PARSE_NO_RANGE, stack_area,
			     &found, &st);
	return found;
}

/* ---- fragmentation ----------------------------------------------------- */

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

size_t memory_frag_rows(const struct buddyinfo *b,
			const struct zoneinfo_zones *z, uint64_t page_size,
			struct frag_row *rows, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n && n < max; i++) {
		const struct buddy_zone *bz = &b->z[i];
		struct frag_row *r = &rows[n++];
		int big = buddy_largest(bz);

		memset(r, 0, sizeof(*r));
		r->node = bz->node;
		r->zone = bz->zone;
		r->free = mul_sat(buddy_free_pages(bz), page_size);
		r->unusable3 = buddy_unusable(bz, 3) * 100.0;
		r->unusable9 = buddy_unusable(bz, 9) * 100.0;
		r->state = "";
		if (big >= 0) {
			r->largest = mul_sat(page_size, UINT64_C(1) << big);
			r->have_largest = true;
		}
		for (size_t k = 0; z && k < z->n; k++) {
			const struct zoneinfo_zone *w = &z->z[k];
			if (w->node != bz->node || strcmp(w->zone, bz->zone) ||
			    !w->have_min || !w->have_low || !w->have_high)
				continue;
			r->min = mul_sat(w->min, page_size);
			r->low = mul_sat(w->low, page_size);
			r->high = mul_sat(w->high, page_size);
			r->have_marks = true;
			r->state = r->free < r->min    ? "below min"
				   : r->free < r->low  ? "below low"
				   : r->free < r->high ? "below high"
						       : "";
			break;
		}
	}
	return n;
}

size_t memory_pagetype_rows(const struct pagetypeinfo *p, uint64_t page_size,
			    struct pagetype_row *rows, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nf && n < max; i++) {
		const struct pt_free *f = &p->f[i];
		struct pagetype_row *r = &rows[n++];
		int big = buddy_largest(&f->z);

		memset(r, 0, sizeof(*r));
		r->node = f->z.node;
		r->zone = f->z.zone;
		r->type = f->type;
		r->free = mul_sat(buddy_free_pages(&f->z), page_size);
		r->note = f->capped ? "at least (a list past 100000)" : "";
		if (big >= 0) {
			r->largest = mul_sat(page_size, UINT64_C(1) << big);
			r->have_largest = true;
		}
		r->have_blocks = pagetypeinfo_blocks(p, f->z.node, f->z.zone,
						     f->type, &r->blocks);
		if (r->have_blocks && p->have_pages_per_block) {
			r->block_bytes =
				mul_sat(mul_sat(r->blocks, p->pages_per_block),
					page_size);
			r->have_block_bytes = true;
		}
	}
	return n;
}
