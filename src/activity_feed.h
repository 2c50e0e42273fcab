/*
 * activity_feed.h - layer 3: the live allocation activity of one run,
 * shared by the views that show it (the activity view; the slab view's
 * ALLOC/s and FREE/s columns and its detail pane): the eBPF event source
 * (activity_src.h), opened when a view first asks for it and closed with
 * the run, its counts paired over time (activity_model.h), and the
 * kernel's symbols that name the call sites (kallsyms.h).
 *
 * One feed per run, however many views show it: the program is loaded
 * and attached once, and read once per refresh (a second read at the
 * same time gives the same rows). It works on the live system only: a
 * captured tree or a recording has no events, and the feed says so.
 */
#ifndef KMEMTOP_ACTIVITY_FEED_H
#define KMEMTOP_ACTIVITY_FEED_H

#include <stdbool.h>

#include "activity_model.h"
#include "kallsyms.h"
#include "options.h"
#include "source.h"
#include "tracefmt.h"
#include "util.h"

struct act_tp_layout; /* bpf/activity_maps.h */

struct act_feed {
	struct act_src *src;
	enum act_source_mode mode; /* --activity-source (set before a read) */
	bool tried;	 /* the program was loaded or refused once */
	struct kerr why; /* why there are no counts ("": there are) */
	struct act_model m;
	double last; /* the time of the last read (monotonic seconds) */
	bool have_last;
	/* the kernel's symbols, read at the first reading */
	struct kallsyms ks;
	bool ks_tried;
	struct kerr ks_why; /* why call sites are unnamed ("": they are) */
	struct source_buf buf;
	struct sbuf scratch;
};

struct act_feed *act_feed_new(void);
void act_feed_free(struct act_feed *f); /* NULL: nothing */

/* Read the counts at time now through src (attaching on the first call
 * when src is live). 0; 1 when there are no counts (why says it: not
 * built, no capabilities, not live, ...: a note, not an error); -1 with
 * err when a reading failed (the model keeps the last one). A second
 * call with the same now reads nothing and returns as the first. */
int act_feed_read(struct act_feed *f, const struct source *src, double now,
		  struct kerr *err);

/* The classic tracepoints' record layout from the format files of
 * kmem_cache_alloc, kmem_cache_free, kmalloc and kfree, in that order
 * (tracefmt.h): the fields the programs read, their offsets checked
 * (present, 8 or 4 bytes alike, aligned, within ACT_TP_REC_MAX bytes,
 * the cache's name a __data_loc). 0, or -1 with why saying which event
 * lacks what. */
int act_feed_layout(const struct tracefmt fmt[4], struct act_tp_layout *out,
		    struct kerr *why);

/* Whether the program is attached (counts can be read). */
bool act_feed_attached(const struct act_feed *f);

#endif
