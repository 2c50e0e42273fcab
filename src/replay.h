/*
 * replay.h - layer 6: a recording (kmemtop -b --json) read back: its
 * snapshots' rows by view, whole or a row at a time. The leak report
 * (leak_report.h), the plot (replay_plot.h) and the screen's replay
 * (replay_view.h) read them here; times are replay_time.h's.
 *
 * A row is known by its identity (the fields of its view's COL_ID
 * columns, by their JSON names), named for people by the view's label
 * fields, and measured by the view's main value (view.h).
 */
#ifndef KMEMTOP_REPLAY_H
#define KMEMTOP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "recfile.h"
#include "util.h"
#include "view.h"

struct json_object;

/* One view's line of a snapshot. */
struct replay_view {
	const struct view *v; /* the registered view of that name */
	struct json_object *line;
	struct json_object *rows; /* its "rows" array (borrowed) */
};

struct replay_snap {
	double time;
	struct replay_view views[VIEWS_MAX];
	size_t n;
	size_t skipped;	 /* lines of known views refused (strict reading) */
	struct kerr why; /* the first of them: its view and why */
};

/* What kmemtop writes at most; a line past one of these is no line of
 * kmemtop's (hostile or damaged), and is refused whole.
 * The rows of one view in a snapshot: */
/* slab: a row per cache; caches are made by kernel code, not by users
 * (a few hundred on every machine seen; memcg's per-cgroup caches of
 * old kernels are not in /proc/slabinfo): a hundred times the most seen */
#define REPLAY_SLAB_ROWS_MAX 100000
/* vmalloc: with --group-by none a row per area, about a million on the
 * biggest machines seen: twice that */
#define REPLAY_VMALLOC_ROWS_MAX 2000000
/* oom: a row per process, at most pid_max, whose ceiling is
 * PID_MAX_LIMIT (4 Mi on 64-bit kernels) */
#define REPLAY_OOM_ROWS_MAX 4194304
/* cgroup: the view stops at 100,000 cgroups (view_cgroup.c's CG_MAX),
 * plus its two rows that are no cgroup (the machine, "not charged") */
#define REPLAY_CGROUP_ROWS_MAX 100002
/* The bytes of one row's JSON: the longest row kmemtop writes is an OOM
 * row, whose command line is at most 6 MiB (execve's limit: 3/4 of
 * _STK_LIM since Linux 4.13), each byte at most two in JSON (libproc2
 * replaced the control bytes; " and \ are doubled), beside a cgroup
 * path (PATH_MAX) and numbers: 16 MiB. */
#define REPLAY_ROW_MAX (16UL * 1024 * 1024)

/* Load snapshot i of r. Lines of views this kmemtop does not know are
 * left out. Lines are read strictly: a line that is not JSON (NaN,
 * Infinity, trailing bytes), holds a number that is not finite or is
 * past what kmemtop writes (an integer outside int64 and uint64, a
 * fraction of 2^64 or more), is nested deeper, or holds more rows or a
 * longer row than kmemtop writes is refused: counted in s->skipped, the
 * first described in s->why ("snapshot N: the V view skipped: why").
 * Returns 0, or -1 with err (the snapshot cannot be read at all). Free
 * with replay_snap_free. */
int replay_snap_load(const struct recfile *r, size_t i, struct replay_snap *s,
		     struct kerr *err);
void replay_snap_free(struct replay_snap *s);
/* Its line of view v, or NULL. */
const struct replay_view *replay_snap_view(const struct replay_snap *s,
					   const struct view *v);

/* A row's identity and label into out (reset first). */
void replay_row_id(const struct view *v, struct json_object *row,
		   struct sbuf *out);
void replay_row_label(const struct view *v, struct json_object *row,
		      struct sbuf *out);
/* A row's main value; false when it has none. */
bool replay_row_value(const struct view *v, struct json_object *row,
		      double *out);

/* ---- a snapshot read a row at a time (the leak report, the plot) ---- */

/* A recorded row as the report and the plot need it: identity, label
 * and main value (the strings in its view's arena). */
struct replay_crow {
	size_t id, label; /* offsets in cview.text */
	double value;
	bool has;
};

/* A view's rows in one snapshot; no tree of them is held. */
struct replay_cview {
	const struct view *v; /* NULL: not in the snapshot */
	bool refused;	      /* its line was, and said */
	struct replay_crow *r;
	size_t n, cap;
	char *text;
	size_t text_len, text_cap;
	struct keyindex ix; /* the rows by identity */
};

struct replay_cside {
	double time;
	struct replay_cview views[VIEWS_MAX]; /* by registry index */
	size_t skipped;			      /* lines refused */
	struct kerr why;		      /* the first */
};

/* The rows of the views want[] (by registry index) names in snapshot i
 * of r, a row at a time: memory is the rows' identities, labels and
 * values, and the snapshot's text while it is read. Lines refused (as
 * replay_snap_load refuses them) are counted in cs->skipped, the first
 * said in cs->why. Returns 0, or -1 with err. Free with
 * replay_cside_free. */
int replay_cside_load(const struct recfile *r, size_t i, const bool *want,
		      struct replay_cside *cs, struct kerr *err);
void replay_cside_free(struct replay_cside *cs);
/* View k's rows, when its line was read whole; else NULL. */
const struct replay_cview *replay_cside_view(const struct replay_cside *cs,
					     size_t k);
/* The first row of identity id, or SIZE_MAX. */
size_t replay_cview_find(const struct replay_cview *cv, const char *id);
/* What a snapshot's refused lines were: a note on stderr. */
void replay_cside_note(const struct options *o, const struct replay_cside *cs);

#endif
