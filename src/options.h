/*
 * options.h - the parsed command line, handed from main to the modes.
 * Plain data; no functions.
 */
#ifndef KMEMTOP_OPTIONS_H
#define KMEMTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum view_id { VIEW_SLAB, VIEW_VMALLOC, VIEW_OOM, VIEW_COUNT };

enum out_format { FMT_TEXT, FMT_JSON, FMT_PROM };

struct options {
	enum view_id view; /* the first of views[]: the TUI opens it */
	enum view_id views[VIEW_COUNT]; /* --view LIST, in order */
	size_t nviews;
	bool view_given;	  /* --view was on the command line */
	int group_by;		  /* enum vm_group_by (--group-by) */
	unsigned vm_types;	  /* vmalloc type bitmask, 0 = all (--type) */
	const char *vm_caller;	  /* vmalloc caller filter (--caller) */
	const char *sort_key;	  /* -s as given, resolved against each view */
	bool sort_slab_known;	  /* the slab view knows sort_key */
	const char *root;	  /* "/" or a captured tree (--root) */
	bool once;		  /* -o: print one snapshot and exit */
	bool batch;		  /* -b: snapshots until -n or a signal */
	unsigned long iterations; /* -n: snapshots in batch mode, 0 = no end */
	const char *output;	  /* --output FILE, NULL: standard output */
	enum out_format format;	  /* --format / --json */
	bool json;		  /* format == FMT_JSON */
	double delay;		  /* seconds between refreshes */
	int sort_col;		  /* slab: index into view_slab's columns */
	bool sort_desc;		  /* slab: descending */
	uint64_t page_size;	  /* bytes, for CACHE SIZE */
	bool kthreads;		  /* oom: show kernel threads too */
	unsigned text_flags;	  /* SAN_WIDE in a UTF-8 locale, else
				   * SAN_ASCII: what a terminal can show */
};

#endif
