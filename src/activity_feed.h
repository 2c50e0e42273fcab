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

/* The cgroup v2 hierarchy's directories by cgroup id (the inode number
 * of its directory), to name the cgroups the program counts: walked
 * read-only through the source (no link followed), at most ACT_CG_MAX
 * directories ACT_CG_DEPTH deep, again when an id appears that the last
 * walk did not find (at most once a reading). */
#define ACT_CG_MAX   10000
#define ACT_CG_DEPTH 32
struct act_cgroups {
	char *base;	      /* the cgroup2 mount, under the source's root:
		     * "sys/fs/cgroup"; NULL: none (why says it) */
	bool tried;	      /* base looked for */
	struct act_cgname *v; /* sorted by id; names "/", "/a/b" */
	size_t n, cap;
	uint64_t *missed; /* ids the last walk did not find, sorted */
	size_t nmissed, missed_cap;
	bool cut;	     /* more than ACT_CG_MAX directories */
	unsigned long walks; /* walks done */
	struct kerr why;     /* why cgroups go by number ("": they do not) */
};

/* The cgroups of base (a directory of src) walked into c. */
void act_cgroups_walk(struct act_cgroups *c, const struct source *src);
/* The path of cgroup id after the last walk, or NULL. */
const char *act_cgroups_path(const struct act_cgroups *c, uint64_t id);
/* Name the cgroups of r's processes in r (act_reading_cgname), walking
 * again first when one is neither found nor missed by the last walk;
 * the base found first (the live system's cgroup2 mount from
 * proc/self/mountinfo; a captured tree's sys/fs/cgroup). */
void act_cgroups_name(struct act_cgroups *c, const struct source *src,
		      struct act_reading *r);
void act_cgroups_free(struct act_cgroups *c);
struct act_tp_layout; /* bpf/activity_maps.h */

struct act_feed {
	struct act_src *src;
	enum act_source_mode mode; /* --activity-source (set before a read) */
	bool tried;	 /* the program was loaded or refused once */
	struct kerr why; /* why there are no counts ("": there are) */
	struct act_model m;
	double last; /* the time of the last read (monotonic seconds) */
	bool have_last;
	unsigned long last_refresh; /* the refresh of the last read */
	/* the kernel's symbols, read at the first reading and again when a
	 * call site falls in no symbol (a module loaded since), at most
	 * once per ACT_KALLSYMS_REREAD seconds */
	struct kallsyms ks;
	bool ks_tried;
	double ks_at; /* when it was read */
	unsigned long ks_reads;
	uint64_t *ks_unnamed; /* sites the last read named not, sorted */
	size_t ks_nunnamed, ks_unnamed_cap;
	struct kerr ks_why; /* why call sites are unnamed ("": they are) */
	struct source_buf buf;
	struct sbuf scratch;
	struct act_cgroups cg; /* the cgroups' names */
};

/* Seconds between two reads of /proc/kallsyms, at least. */
#define ACT_KALLSYMS_REREAD 10.0
/* Unnamed call sites remembered (not to read again for them), at most. */
#define ACT_UNNAMED_MAX 8192

struct act_feed *act_feed_new(void);
void act_feed_free(struct act_feed *f); /* NULL: nothing */

/* Read the counts at time now through src (attaching on the first call
 * when src is live). 0; 1 when there are no counts (why says it: not
 * built, no capabilities, not live, ...: a note, not an error); -1 with
 * err when a reading failed (the model keeps the last one). refresh
 * numbers the run's refreshes (view_env's): a second call in the same
 * refresh (another view of the same snapshot) reads nothing and returns
 * as the first, so that every view of a snapshot shows the same rates
 * over the same interval. */
int act_feed_read(struct act_feed *f, const struct source *src, double now,
		  unsigned long refresh, struct kerr *err);

/* Name r's call sites from the kernel's symbols (read through src at the
 * first call; read again at time now when a site falls in no symbol and
 * is no site the last read left unnamed, ACT_KALLSYMS_REREAD seconds
 * after the last read at the soonest). */
void act_feed_name_sites(struct act_feed *f, const struct source *src,
			 struct act_reading *r, double now);
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
