/*
 * replay.h - layer 6: a recording (kmemtop -b --json) read back: its
 * snapshots' rows by view, the leak report (what grew between two
 * times), the series a plot draws, and the screen's replay source.
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
#include <stdio.h>

#include "options.h"
#include "recfile.h"
#include "util.h"
#include "slab_model.h"
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
/* A time given by the user (--from, --to, the screen's go-to): an ISO
 * 8601 date and time ("2026-11-29T03:00", "2026-11-29 03:00:00Z", an
 * offset "+01:00"), or a time of day "HH:MM[:SS]": the first such
 * moment at or after start. UTC unless an offset is given. Returns 0,
 * or -1 with err. */
int replay_parse_time(const char *s, double start, double *out,
		      struct kerr *err);

/* "2026-11-29 03:00:00" (UTC); "(no date)" for a time gmtime cannot
 * take or whose year has not four digits. */
void replay_format_time(double t, struct sbuf *out);

/* kmemtop -o --replay FILE [--from T1] [--to T2]: per view (every view
 * the recording holds, or those --view names), the rows whose main value
 * changed between the two snapshots, biggest growth first, as text or
 * JSON (o->format). The two snapshots are read a row at a time (no tree
 * of a snapshot is held). Returns the exit status. */
int replay_report(const struct options *o, FILE *out);

/* kmemtop --replay FILE --plot OUT: the top rows by growth of the
 * first --view over the recording, drawn by plot.c. Returns the exit
 * status (messages on stderr). */
int replay_plot(const struct options *o);

/* The screen's replay: a session over the recording (--replay, --from:
 * where it opens), a tab per view it holds, each a struct view whose
 * read shows the session's current snapshot; their keys step through
 * time ([ ] { } ( ) and @ to go to a time); the screen's d and z work
 * as live, on the row set the tab's readings go to (the snapshot shown
 * and the one before it, at their recorded times; z: the snapshot shown
 * is the baseline). The tabs are freed by their view's destroy, the
 * session by replay_close after them. NULL with err when the recording
 * cannot be read. */
struct replay_session;
/* The keys of a replay's tabs (for --list-keys and the man page check). */
extern const struct view_key replay_keys[];
extern const size_t nreplay_keys;
extern const struct view_edit replay_edits[]; /* one: @ */
struct replay_session *replay_open(const struct options *o, struct kerr *err);
size_t replay_tabs(const struct replay_session *s);
const struct view *replay_tab_view(struct replay_session *s, size_t i,
				   void **st);
const struct recfile *replay_file(const struct replay_session *s);
void replay_close(struct replay_session *s);

#endif
