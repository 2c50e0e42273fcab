/*
 * options.h - the parsed command line, handed from main to the modes.
 * Plain data; no functions.
 */
#ifndef KMEMTOP_OPTIONS_H
#define KMEMTOP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum view_id { VIEW_SLAB, VIEW_VMALLOC, VIEW_OOM };

struct options {
	enum view_id view;	/* --view */
	int group_by;		/* enum vm_group_by (--group-by) */
	unsigned vm_types;	/* vmalloc type bitmask, 0 = all (--type) */
	const char *vm_caller;	/* vmalloc caller filter (--caller) */
	const char *sort_key;	/* -s as given, resolved against the view */
	const char *root;	/* "/" or a captured tree (--root) */
	bool once;		/* -o: print one snapshot and exit */
	bool json;		/* --json */
	double delay;		/* seconds between refreshes */
	int sort_col;		/* index into the view's columns */
	bool sort_desc;		/* descending */
	uint64_t page_size;	/* bytes, for CACHE SIZE */
	bool kthreads;		/* oom: show kernel threads too */
};

#endif
