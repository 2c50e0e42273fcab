/*
 * options.h - the parsed command line, handed from main to the modes.
 * Plain data; no functions. A view's own options (--group-by) are in its
 * settings, parsed by the view (view.h).
 */
#ifndef KMEMTOP_OPTIONS_H
#define KMEMTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { VIEWS_MAX = 16 };

enum out_format { FMT_TEXT, FMT_JSON, FMT_PROM };

/* --activity-source: the tracepoints the eBPF source attaches to. AUTO:
 * the BTF-typed ones (tp_btf), else the classic ones (tracepoint/kmem/,
 * their record read at the offsets of the tracefs format files). */
enum act_source_mode { ACT_SOURCE_AUTO, ACT_SOURCE_BTF, ACT_SOURCE_TRACEPOINT };

struct options {
	size_t views[VIEWS_MAX]; /* --view LIST: indices into the registry,
				  * in order; the screen opens views[0] */
	size_t nviews;
	void *settings[VIEWS_MAX]; /* each registered view's settings, by
				    * registry index (its options) */
	const char *sort_key;	   /* -s as given, resolved by each view */
	const char *root;	   /* "/" or a captured tree (--root) */
	int root_fd;		   /* the captured tree, opened once by main
				    * (O_PATH, owned by main); -1 live */
	bool once;		   /* -o: print one snapshot and exit */
	bool batch;		   /* -b: snapshots until -n or a signal */
	unsigned long iterations;  /* -n: snapshots in batch mode, 0 = no end */
	const char *output;	   /* --output FILE, NULL: standard output */
	enum out_format format;	   /* --format / --json */
	double delay;		   /* seconds between refreshes */
	bool human;		   /* --human: the screen's sizes in B K M G T */
	uint64_t page_size;	   /* bytes (--page-size) */
	const char *replay;	   /* --replay FILE: a recording, not /proc */
	const char *from, *to;	   /* --from, --to: times in it */
	const char *plot;	   /* --plot FILE.png|.svg */
	size_t top;		   /* --top N: rows a plot draws */
	int plot_width, plot_height; /* --plot-size WxH */
	bool plot_panels;	     /* --plot-panels: a chart per row */
	enum act_source_mode activity_source; /* --activity-source */
	unsigned text_flags;	     /* SAN_WIDE in a UTF-8 locale, else
				    * SAN_ASCII: what a terminal can show */
};

#endif
